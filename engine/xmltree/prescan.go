package xmltree

import (
	"math/bits"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// prescan is one tight pass over the text before parsing: it records line
// starts and finds the first byte that is not a legal XML character (invalid
// UTF-8, a control character, a surrogate, U+FFFE/U+FFFF).
//
// Why a separate pass: with every character known legal up to badAt, the
// parser's loops only look for the bytes that matter to them. The parser
// treats badAt as the end of input, and when it runs into that end it
// reports the illegal character instead — so the first error in document
// order is still the one reported.
type prescan struct {
	lines    lineIndex
	badAt    int    // offset of the first illegal character, len(src) if none
	badMsg   string // why it is illegal
	nonASCII bool   // a byte >= 0x80 occurs before badAt

	// Markup counts before badAt, from which the parser sizes its slabs:
	// '<', "</" and "><".
	lt, endTags, adjacent int
}

// Word-at-a-time constants: the first byte of x that is below 0x20, at
// least 0x80 or '<' is the one holding the lowest set bit of
// interesting(x). Bits above the lowest may be false alarms (a borrow
// propagates), so only the lowest is trusted.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

func interesting(x uint64) uint64 {
	lt := x ^ ('<' * ones) // zero bytes where x has '<'
	return (((x - 0x20*ones) | x) | ((lt - ones) &^ lt)) & highs
}

func scanText(src []byte, bomLen int) prescan {
	ps := prescan{badAt: len(src)}
	// A line every ~40 bytes is typical of config files; this avoids most
	// regrowth without overcommitting on long-line inputs.
	ps.lines.starts = make([]int32, 1, len(src)/40+1)
	ps.lines.colBase = bomLen
	i := bomLen
	for i < len(src) {
		// Skip printable ASCII other than '<' eight bytes at a time:
		// most of a config file is indentation, names and values.
		for i+8 <= len(src) {
			m := interesting(le64(src[i:]))
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(src) {
			break
		}
		c := src[i]
		switch {
		case c == '<':
			ps.lt++
			if i+1 < len(src) && src[i+1] == '/' {
				ps.endTags++
			}
			if i > 0 && src[i-1] == '>' {
				ps.adjacent++
			}
			i++
		case c >= 0x20 && c < utf8.RuneSelf:
			i++
		case c == '\n':
			i++
			ps.lines.starts = append(ps.lines.starts, int32(i))
		case c == '\r':
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			ps.lines.starts = append(ps.lines.starts, int32(i))
		case c == '\t':
			i++
		case c < 0x20:
			ps.badAt, ps.badMsg = i, textfmt.Sprintf("control character U+%04X is not allowed in XML", c)
			ps.finishLines(src, i)
			return ps
		default:
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				ps.badAt, ps.badMsg = i, textfmt.Sprintf("invalid UTF-8 byte 0x%02X (the file is not valid UTF-8; save it as UTF-8)", c)
				ps.finishLines(src, i)
				return ps
			}
			if !isXMLChar(r) {
				ps.badAt, ps.badMsg = i, textfmt.Sprintf("character U+%04X is not allowed in XML", r)
				ps.finishLines(src, i)
				return ps
			}
			ps.nonASCII = true
			ps.lines.markNonASCII()
			i += size
		}
	}
	return ps
}

// finishLines records the line starts from the first illegal character
// on, so LineText and PosAt still work on the lines around an error.
func (ps *prescan) finishLines(src []byte, i int) {
	for ; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\n':
			ps.lines.starts = append(ps.lines.starts, int32(i+1))
		case c == '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			ps.lines.starts = append(ps.lines.starts, int32(i+1))
		case c >= utf8.RuneSelf:
			ps.lines.markNonASCII()
		}
	}
}

// isXMLChar reports whether r is in the Char production of XML 1.0 (§2.2).
func isXMLChar(r rune) bool {
	return r >= 0x20 && r <= 0xD7FF ||
		r == 0x9 || r == 0xA || r == 0xD ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
