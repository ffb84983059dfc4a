package sortx

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestMatchesSort: the same orders as package sort's, ties included.
func TestMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type kv struct{ k, v int }
	for n := range 200 {
		a := make([]kv, n)
		for i := range a {
			a[i] = kv{r.IntN(n/3 + 1), i}
		}
		for _, stable := range []bool{false, true} {
			want, got := slices.Clone(a), slices.Clone(a)
			if stable {
				sort.SliceStable(want, func(i, j int) bool { return want[i].k < want[j].k })
				Stable(len(got), func(i, j int) bool { return got[i].k < got[j].k }, func(i, j int) { got[i], got[j] = got[j], got[i] })
			} else {
				sort.Slice(want, func(i, j int) bool { return want[i].k < want[j].k })
				Slice(len(got), func(i, j int) bool { return got[i].k < got[j].k }, func(i, j int) { got[i], got[j] = got[j], got[i] })
			}
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d stable=%v:\n got %v\nwant %v", n, stable, got, want)
			}
		}
		s := make([]string, n)
		for i := range s {
			s[i] = string(rune('a' + r.IntN(26)))
		}
		want := slices.Clone(s)
		sort.Strings(want)
		Strings(s)
		if !slices.Equal(s, want) {
			t.Fatalf("Strings: %v, want %v", s, want)
		}
	}
}
