// Package sortx sorts for the engine's packages without what sorting
// usually costs the playground's engine wasm: sort.Slice finds how to swap
// elements through internal/reflectlite, slices.SortFunc is compiled again
// for every element type, and sort.Strings is slices.Sort, one more copy.
// Here every sort is sort.Sort or sort.Stable over one small interface
// value, so the wasm carries one sorting algorithm of each kind.
//
// The order is the one sort.Slice, sort.SliceStable and sort.Strings give:
// the same algorithms over the same comparisons.
package sortx

import "sort"

// Slice sorts the n elements that less compares and swap exchanges, as
// sort.Slice does (not stable).
func Slice(n int, less func(i, j int) bool, swap func(i, j int)) {
	sort.Sort(lessSwap{n, less, swap})
}

// Stable is Slice keeping equal elements in their order, as
// sort.SliceStable does.
func Stable(n int, less func(i, j int) bool, swap func(i, j int)) {
	sort.Stable(lessSwap{n, less, swap})
}

// Strings sorts s in increasing order, as sort.Strings does.
func Strings(s []string) {
	sort.Sort(sort.StringSlice(s))
}

type lessSwap struct {
	n    int
	less func(i, j int) bool
	swap func(i, j int)
}

func (x lessSwap) Len() int           { return x.n }
func (x lessSwap) Less(i, j int) bool { return x.less(i, j) }
func (x lessSwap) Swap(i, j int)      { x.swap(i, j) }
