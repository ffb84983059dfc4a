package xmltree

import "unsafe"

// The tree is carved out of a few large blocks instead of one allocation
// per node, attribute list, child list and string: a big configuration
// file has hundreds of thousands of each, and per-object allocation (and
// the garbage collector's per-object work) was most of the parse time.
// Every piece handed out is a full slice expression (s[a:b:b]) or a
// string, so a caller appending to Children or Attrs reallocates instead
// of writing over a neighbour.

// Blocks: the parser first reserves one block sized from an estimate of
// what the file needs (see parser.reserve). Allocating the tree's memory
// up front rather than as it grows is worth about a quarter of the parse
// time on large files: the garbage collector cycles that a growing heap
// triggers would otherwise run during the parse and mark the half-built
// tree again and again. Past the estimate (it is only an estimate), blocks
// grow geometrically from small, so a tiny file stays cheap and the number
// of blocks stays logarithmic.
const (
	firstBlock = 64
	maxBlock   = 1 << 16
)

type blocks struct {
	last int // size of the last block
}

func (b *blocks) next(atLeast int) int {
	b.last = min(max(2*b.last, firstBlock), maxBlock)
	return max(b.last, atLeast)
}

// nodeSlab hands out Nodes.
type nodeSlab struct {
	free []Node
	blocks
}

// reserve makes the next block hold n nodes.
func (s *nodeSlab) reserve(n int) {
	s.free = make([]Node, n)
}

func (s *nodeSlab) alloc() *Node {
	if len(s.free) == 0 {
		s.free = make([]Node, s.next(1))
	}
	n := &s.free[0]
	s.free = s.free[1:]
	return n
}

// slab hands out short slices of T (attribute lists and child lists).
type slab[T any] struct {
	free []T
	blocks
}

// reserve makes the next block hold n elements.
func (s *slab[T]) reserve(n int) {
	s.free = make([]T, n)
}

// window returns an empty slice over the block's free room (at least
// atLeast long), for the parser to append a tag's attributes to in place:
// keep then hands them out without the copy take makes.
func (s *slab[T]) window(atLeast int) []T {
	if len(s.free) < atLeast {
		s.free = make([]T, s.next(atLeast))
	}
	return s.free[:0]
}

// keep hands out buf, which the caller filled from window: in place when
// it is still there (it moves when it outgrows the room, as append moves
// it), else as a copy.
func (s *slab[T]) keep(buf []T) []T {
	n := len(buf)
	if n == 0 {
		return nil
	}
	if n <= len(s.free) && unsafe.SliceData(buf) == unsafe.SliceData(s.free) {
		out := s.free[:n:n]
		s.free = s.free[n:]
		return out
	}
	return s.take(buf)
}

// take returns a slice of length and capacity n holding a copy of src.
func (s *slab[T]) take(src []T) []T {
	n := len(src)
	if n == 0 {
		return nil
	}
	if n > len(s.free) {
		if n > maxBlock/16 {
			// A long list gets a block of its own rather than
			// wasting the rest of the current one.
			out := make([]T, n)
			copy(out, src)
			return out
		}
		s.free = make([]T, s.next(n))
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	copy(out, src)
	return out
}

// byteArena holds the bytes of the strings the parser makes. It only ever
// appends: bytes once handed out as a string are never written again (a
// full block is left as it is and a new one started), which is what makes
// unsafe.String over them sound. The source text is not used this way:
// Document.Src belongs to the caller, who may change it.
type byteArena struct {
	block []byte
	last  int
}

const (
	firstByteBlock = 1 << 10
	maxByteBlock   = 64 << 10
)

// string returns a string with the contents of b.
func (a *byteArena) string(b []byte) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > cap(a.block)-len(a.block) {
		if n > maxByteBlock/8 {
			return string(b)
		}
		a.last = min(max(2*a.last, firstByteBlock), maxByteBlock)
		a.block = make([]byte, 0, a.last)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[start], n)
}
