package xmltree

import "unicode/utf8"

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
// times. Looking up m[string(b)] does not allocate.
type interner map[string]string

// maxInternLen and maxInterned bound the table so that unique values
// (a million distinct attribute names in a hostile file) do not turn it
// into a large, slow map: real files repeat a few hundred strings.
const (
	maxInternLen = 48
	maxInterned  = 4096
)

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(b) <= maxInternLen && len(in) < maxInterned {
		in[s] = s
	}
	return s
}
