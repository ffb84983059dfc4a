package xmltree

import (
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 with a BOM.
func utf16Bytes(s string, bigEndian bool) []byte {
	var out []byte
	units := append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...)
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestUTF16Input(t *testing.T) {
	for _, big := range []bool{false, true} {
		src := utf16Bytes("<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<a b='é😀'>\n <c/></a>", big)
		doc, err := Parse(src, Limits{})
		if err != nil {
			t.Fatalf("big=%v: %d:%d %s", big, err.Pos.Line, err.Pos.Col, err.Msg)
		}
		wantEnc := map[bool]string{false: "UTF-16LE", true: "UTF-16BE"}[big]
		if doc.SourceEncoding != wantEnc || !doc.HasBOM || string(doc.Src[:3]) != "\xEF\xBB\xBF" || doc.Encoding != "utf-16" {
			t.Errorf("SourceEncoding %q HasBOM %v Encoding %q", doc.SourceEncoding, doc.HasBOM, doc.Encoding)
		}
		if v := doc.Root.Attrs[0].Value; v != "é😀" {
			t.Errorf("value %q", v)
		}
		c := doc.Root.Elements()[0]
		if c.Start.Line != 3 || c.Start.Col != 2 || string(doc.Src[c.Start.Offset:c.End]) != "<c/>" {
			t.Errorf("<c> at %+v", c.Start)
		}
	}
	bad := utf16Bytes("<a>x</a>", false)
	runBytesError(t, "unpaired surrogate", append(bad[:len(bad):len(bad)], 0x00, 0xD8, '<', 0), 1, 9, "unpaired UTF-16 surrogate")
	runBytesError(t, "odd length", append(bad[:len(bad):len(bad)], '<'), 1, 9, "the UTF-16 file has an odd number of bytes")
	runBytesError(t, "no BOM", []byte("<\x00?\x00x\x00"), 1, 1, "the file looks like UTF-16 without a byte order mark; save it as UTF-8 or as UTF-16 with a BOM")
	runBytesError(t, "UTF-16 declared UTF-8", utf16Bytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>", false), 1, 31,
		"the XML declaration says encoding 'utf-8' but the file is UTF-16LE (it starts with a UTF-16 byte order mark)")
}

func runBytesError(t *testing.T, name string, src []byte, line, col int, msg string) {
	t.Helper()
	_, err := Parse(src, Limits{})
	if err == nil || err.Msg != msg || int(err.Pos.Line) != line || int(err.Pos.Col) != col {
		t.Errorf("%s: got %v, want %d:%d %s", name, err, line, col, msg)
		if err != nil {
			t.Logf("got position %d:%d", err.Pos.Line, err.Pos.Col)
		}
	}
}

// TestDeclaredEncodingPolicy records the choice UNCERTAIN(xml-encoding-declaration) made in
// checkDeclaredEncoding.
func TestDeclaredEncodingPolicy(t *testing.T) {
	accept := []string{
		`<?xml version="1.0" encoding="UTF-8"?><a>é</a>`,
		`<?xml version="1.0" encoding="utf-16"?><a>é</a>`,
		`<?xml version="1.0" encoding="US-ASCII"?><a/>`,
		`<?xml version="1.0" encoding="Windows-1252"?><a/>`,
		`<?xml version="1.0" encoding="iso-8859-1"?><a/>`,
	}
	for _, s := range accept {
		mustParse(t, s)
	}
	runErrorCases(t, []errorCase{
		{"windows-1252 with non-ASCII", `<?xml version="1.0" encoding="windows-1252"?><a>é</a>`, 1, 31,
			"the XML declaration says encoding 'windows-1252' but the file contains non-ASCII bytes; save it as UTF-8 and declare encoding=\"utf-8\""},
		{"latin-1 bytes", "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xe9</a>", 1, 31,
			"the XML declaration says encoding 'iso-8859-1' but the file contains non-ASCII bytes; save it as UTF-8 and declare encoding=\"utf-8\""},
		{"us-ascii with non-ASCII", `<?xml version="1.0" encoding="us-ascii"?><a>é</a>`, 1, 31,
			"the XML declaration says encoding 'us-ascii' but the file contains non-ASCII bytes; save it as UTF-8 and declare encoding=\"utf-8\""},
		{"unsupported", `<?xml version="1.0" encoding="shift_jis"?><a/>`, 1, 31,
			"unsupported encoding 'shift_jis'; save the file as UTF-8 and declare encoding=\"utf-8\""},
		{"latin-1 bytes, no declaration", "<a>\xe9</a>", 1, 4, "invalid UTF-8 byte 0xE9 (the file is not valid UTF-8; save it as UTF-8)"},
	})
}
