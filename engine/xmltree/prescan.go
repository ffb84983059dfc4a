package xmltree

import (
	"fmt"
	"unicode/utf8"
)

// prescan is one tight pass over the text before parsing: it records line
// starts and finds the first byte that is not a legal XML character (invalid
// UTF-8, a control character, a surrogate, U+FFFE/U+FFFF).
//
// Why a separate pass: with every character known legal up to badAt, the
// parser's loops only look for the bytes that matter to them (mostly with
// bytes.IndexByte). The parser treats badAt as the end of input, and when
// it runs into that end it reports the illegal character instead — so the
// first error in document order is still the one reported.
type prescan struct {
	lines    lineIndex
	badAt    int    // offset of the first illegal character, len(src) if none
	badMsg   string // why it is illegal
	nonASCII bool   // a byte >= 0x80 occurs before badAt
}

func scanText(src []byte, bomLen int) prescan {
	ps := prescan{badAt: len(src)}
	// A line every ~40 bytes is typical of config files; this avoids most
	// regrowth without overcommitting on long-line inputs.
	ps.lines.starts = make([]int, 1, len(src)/40+1)
	ps.lines.colBase = bomLen
	i := bomLen
	for i < len(src) {
		c := src[i]
		if c >= 0x20 && c < utf8.RuneSelf {
			i++
			continue
		}
		switch {
		case c == '\n':
			i++
			ps.lines.starts = append(ps.lines.starts, i)
		case c == '\r':
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			ps.lines.starts = append(ps.lines.starts, i)
		case c == '\t':
			i++
		case c < 0x20:
			ps.badAt, ps.badMsg = i, fmt.Sprintf("control character U+%04X is not allowed in XML", c)
			ps.finishLines(src, i+1)
			return ps
		default:
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				ps.badAt, ps.badMsg = i, fmt.Sprintf("invalid UTF-8 byte 0x%02X (the file is not valid UTF-8; save it as UTF-8)", c)
				ps.finishLines(src, i+1)
				return ps
			}
			if !isXMLChar(r) {
				ps.badAt, ps.badMsg = i, fmt.Sprintf("character U+%04X is not allowed in XML", r)
				ps.finishLines(src, i+size)
				return ps
			}
			ps.nonASCII = true
			i += size
		}
	}
	return ps
}

// finishLines records the line starts after the first illegal character,
// so LineText can still show the lines around an error.
func (ps *prescan) finishLines(src []byte, i int) {
	for ; i < len(src); i++ {
		switch src[i] {
		case '\n':
			ps.lines.starts = append(ps.lines.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			ps.lines.starts = append(ps.lines.starts, i+1)
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
