package xmltree

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	encUTF8    = "UTF-8"
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeInput works out how the input is encoded from its first bytes and
// returns the UTF-8 text the parser reads. A UTF-16 input is transcoded,
// its BOM becoming a UTF-8 BOM so that HasBOM and offsets behave the same
// for both. On a transcoding error it returns the text decoded so far and
// the offset of the problem within it.
func decodeInput(in []byte) (src []byte, enc string, errAt int, errMsg string) {
	switch {
	case len(in) >= 2 && in[0] == 0xFF && in[1] == 0xFE:
		return transcodeUTF16(in[2:], false)
	case len(in) >= 2 && in[0] == 0xFE && in[1] == 0xFF:
		return transcodeUTF16(in[2:], true)
	case len(in) >= 4 && in[0] == '<' && in[1] == 0 && in[2] == '?' && in[3] == 0,
		len(in) >= 4 && in[0] == 0 && in[1] == '<' && in[2] == 0 && in[3] == '?':
		// Without a BOM the NUL bytes would be reported as illegal
		// characters; say what is really wrong.
		return in, encUTF8, 0, "the file looks like UTF-16 without a byte order mark; save it as UTF-8 or as UTF-16 with a BOM"
	}
	return in, encUTF8, -1, ""
}

// transcodeUTF16 converts UTF-16 (after its BOM) to UTF-8, prefixed with a
// UTF-8 BOM.
func transcodeUTF16(in []byte, bigEndian bool) ([]byte, string, int, string) {
	enc := encUTF16LE
	if bigEndian {
		enc = encUTF16BE
	}
	out := make([]byte, 0, len(in)+len(in)/2+3)
	out = append(out, utf8BOM...)
	unit := func(i int) uint16 {
		if bigEndian {
			return uint16(in[i])<<8 | uint16(in[i+1])
		}
		return uint16(in[i+1])<<8 | uint16(in[i])
	}
	for i := 0; i+1 < len(in); i += 2 {
		u := unit(i)
		switch {
		case utf16.IsSurrogate(rune(u)):
			if u >= 0xDC00 || i+3 >= len(in) {
				return out, enc, len(out), "unpaired UTF-16 surrogate"
			}
			u2 := unit(i + 2)
			r := utf16.DecodeRune(rune(u), rune(u2))
			if r == utf8.RuneError {
				return out, enc, len(out), "unpaired UTF-16 surrogate"
			}
			out = utf8.AppendRune(out, r)
			i += 2
		default:
			out = utf8.AppendRune(out, rune(u))
		}
	}
	if len(in)%2 != 0 {
		return out, enc, len(out), "the UTF-16 file has an odd number of bytes"
	}
	return out, enc, -1, ""
}

// checkDeclaredEncoding decides whether the encoding named by the XML
// declaration can be honoured for the bytes actually read, returning an
// error message or "".
//
// UNCERTAIN(xml-encoding-declaration): which declarations IIS accepts is
// not documented (docs/diagnostics.md#xml-encoding). Our choice,
// kept in this one function: on UTF-8 input accept utf-8, utf-16 (the
// declaration .NET writers commonly leave behind after re-encoding) and
// us-ascii; accept windows-1252 and iso-8859-1 when every byte is ASCII,
// where they read identically; us-ascii with non-ASCII bytes is an error
// too. On UTF-16 input only a utf-16 family name is accepted.
func checkDeclaredEncoding(declared, source string, nonASCII bool) string {
	name := strings.ToLower(declared)
	if source != encUTF8 {
		switch name {
		case "utf-16", "utf-16le", "utf-16be", "unicode":
			return ""
		}
		return "the XML declaration says encoding '" + declared + "' but the file is " + source + " (it starts with a UTF-16 byte order mark)"
	}
	switch name {
	case "utf-8", "utf-16":
		return ""
	case "us-ascii", "windows-1252", "iso-8859-1":
		if nonASCII {
			return "the XML declaration says encoding '" + declared + "' but the file contains non-ASCII bytes; save it as UTF-8 and declare encoding=\"utf-8\""
		}
		return ""
	}
	return "unsupported encoding '" + declared + "'; save the file as UTF-8 and declare encoding=\"utf-8\""
}
