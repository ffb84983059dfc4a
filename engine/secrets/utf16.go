package secrets

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// utf8Text returns text as UTF-8 for scanning. A file saved as UTF-16
// ("Unicode" in Notepad; IIS reads it) starts with a byte order mark; it is
// transcoded (the mark becoming UTF-8's, as the engine's parser does, so
// offsets agree with the engine's), and back returns a UTF-8 text to the
// file's encoding. back is nil for a text that is not UTF-16.
func utf8Text(text []byte) (src []byte, back func([]byte) []byte) {
	var order interface {
		binary.ByteOrder
		binary.AppendByteOrder
	}
	switch {
	case len(text) >= 2 && text[0] == 0xFF && text[1] == 0xFE:
		order = binary.LittleEndian
	case len(text) >= 2 && text[0] == 0xFE && text[1] == 0xFF:
		order = binary.BigEndian
	default:
		return text, nil
	}
	units := make([]uint16, len(text)/2)
	for i := range units {
		units[i] = order.Uint16(text[2*i:])
	}
	src = make([]byte, 0, len(text))
	for _, r := range utf16.Decode(units) {
		src = utf8.AppendRune(src, r)
	}
	// An odd trailing byte cannot be a character; keep it as it was.
	tail := text[len(units)*2:]
	back = func(u []byte) []byte {
		out := make([]byte, 0, 2*len(u)+len(tail))
		for _, r := range utf16.Encode([]rune(string(u))) {
			out = order.AppendUint16(out, r)
		}
		return append(out, tail...)
	}
	return src, back
}
