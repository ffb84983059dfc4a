package xmltree

import (
	"unicode/utf8"
	"unsafe"
)

// Name characters follow the Name production of XML 1.0 fifth edition
// (§2.3). ASCII is answered from tables so the common case costs one load.
const (
	asciiNameStart = 1 << iota
	asciiNameChar
)

var asciiName = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = asciiNameStart | asciiNameChar
		t[c-'a'+'A'] = asciiNameStart | asciiNameChar
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = asciiNameChar
	}
	t[':'] = asciiNameStart | asciiNameChar
	t['_'] = asciiNameStart | asciiNameChar
	t['-'] = asciiNameChar
	t['.'] = asciiNameChar
	return t
}()

// isNameStartRune reports whether r may begin an XML name (NameStartChar).
func isNameStartRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiName[r]&asciiNameStart != 0
	}
	return r >= 0xC0 && r <= 0xD6 ||
		r >= 0xD8 && r <= 0xF6 ||
		r >= 0xF8 && r <= 0x2FF ||
		r >= 0x370 && r <= 0x37D ||
		r >= 0x37F && r <= 0x1FFF ||
		r >= 0x200C && r <= 0x200D ||
		r >= 0x2070 && r <= 0x218F ||
		r >= 0x2C00 && r <= 0x2FEF ||
		r >= 0x3001 && r <= 0xD7FF ||
		r >= 0xF900 && r <= 0xFDCF ||
		r >= 0xFDF0 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0xEFFFF
}

// isNameRune reports whether r may continue an XML name (NameChar).
func isNameRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiName[r]&asciiNameChar != 0
	}
	return isNameStartRune(r) || r == 0xB7 ||
		r >= 0x300 && r <= 0x36F ||
		r >= 0x203F && r <= 0x2040
}

// scanName returns the end offset of the XML name starting at i, or i when
// no name starts there. The bytes are already known to be valid UTF-8.
func scanName(src []byte, i, end int) int {
	start := i
	for i < end {
		c := src[i]
		if c < utf8.RuneSelf {
			if asciiName[c]&asciiNameChar == 0 || (i == start && asciiName[c]&asciiNameStart == 0) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:end])
		if i == start && !isNameStartRune(r) || !isNameRune(r) {
			return i
		}
		i += size
	}
	return i
}

// interner makes repeated names (and other short, repetitive strings) of one
// document share memory: a config file says "add" and "name" thousands of
// times. It is an open-addressing table of its own rather than a Go map
// because lookups are on the hot path of every tag and attribute: hashing
// eight bytes at a time and comparing in place costs about a third of a
// map lookup.
type interner struct {
	slots []string // len is a power of two; "" marks an empty slot
	n     int      // strings stored
	arena *byteArena
}

// maxInternLen and maxInterned bound the table so that unique values
// (a million distinct attribute names in a hostile file) do not turn it
// into a large, slow table: real files repeat a few hundred strings.
// internSlots keeps the table at most half full.
const (
	maxInternLen = 48
	maxInterned  = 4096
	internSlots  = 2 * maxInterned
)

func newInterner(arena *byteArena) interner {
	return interner{slots: make([]string, 256), arena: arena}
}

// get returns a string equal to b, shared with earlier calls for the same
// bytes while the table has room. Strings not kept are copied into the
// arena, so they cost no allocation of their own either.
func (in *interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxInternLen {
		return in.arena.string(b)
	}
	mask := len(in.slots) - 1
	for k := int(hashBytes(b)) & mask; ; k = (k + 1) & mask {
		s := in.slots[k]
		if s == "" {
			break
		}
		if s == string(b) { // no allocation: the compiler compares in place
			return s
		}
	}
	s := in.arena.string(b)
	if in.n < maxInterned {
		if 2*(in.n+1) > len(in.slots) {
			in.grow()
			mask = len(in.slots) - 1
		}
		k := int(hashBytes(b)) & mask
		for in.slots[k] != "" {
			k = (k + 1) & mask
		}
		in.slots[k] = s
		in.n++
	}
	return s
}

func (in *interner) grow() {
	old := in.slots
	in.slots = make([]string, min(2*len(old), internSlots))
	mask := len(in.slots) - 1
	for _, s := range old {
		if s == "" {
			continue
		}
		k := int(hashString(s)) & mask
		for in.slots[k] != "" {
			k = (k + 1) & mask
		}
		in.slots[k] = s
	}
}

// le64 reads eight bytes little-endian, as encoding/binary's LittleEndian
// does (the compiler makes it one load), without importing it: it imports
// reflect, which the engine wasm does not (build's TestEngineWasmImports).
func le64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// hashBytes is a small multiplicative hash read eight bytes at a time.
// Names are short and the table is bounded, so quality beyond "different
// names rarely collide" buys nothing; a hostile file can at worst make the
// bounded table slow, never unbounded.
func hashBytes(b []byte) uint64 {
	const m = 0x9E3779B97F4A7C15
	h := uint64(len(b)) * m
	for len(b) >= 8 {
		h = (h ^ le64(b)) * m
		h ^= h >> 29
		b = b[8:]
	}
	var t uint64
	for k, c := range b {
		t |= uint64(c) << (8 * k)
	}
	h = (h ^ t) * m
	return h ^ h>>32
}

func hashString(s string) uint64 {
	return hashBytes(unsafe.Slice(unsafe.StringData(s), len(s)))
}
