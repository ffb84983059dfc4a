package xmltree

import (
	"testing"
)

func TestPositions(t *testing.T) {
	src := "\xEF\xBB\xBF<a>\r\n  <b  ü=\"1\" c=\"2\"/>\r<d/>\n\t<e\r\n f='1'/></a>"
	doc := mustParse(t, src)
	root := doc.Root
	want := Pos{Offset: 3, Line: 1, Col: 1} // the BOM takes no column
	if root.Start != want {
		t.Errorf("root at %+v, want %+v", root.Start, want)
	}
	els := root.Elements()
	b, d, e := els[0], els[1], els[2]
	if b.Start.Line != 2 || b.Start.Col != 3 {
		t.Errorf("<b> at %d:%d, want 2:3 (CRLF is one line end)", b.Start.Line, b.Start.Col)
	}
	// Columns count code points: ü is two bytes but one column.
	if c, _ := b.Attr("c"); c.NamePos.Line != 2 || c.NamePos.Col != 13 {
		t.Errorf("c at %d:%d, want 2:13", c.NamePos.Line, c.NamePos.Col)
	}
	if u, _ := b.Attr("ü"); u.NamePos.Col != 7 {
		t.Errorf("ü at col %d, want 7", u.NamePos.Col)
	}
	if d.Start.Line != 3 || d.Start.Col != 1 {
		t.Errorf("<d> at %d:%d, want 3:1 (lone CR ends a line)", d.Start.Line, d.Start.Col)
	}
	if e.Start.Line != 4 || e.Start.Col != 2 {
		t.Errorf("<e> at %d:%d, want 4:2 (a tab is one column)", e.Start.Line, e.Start.Col)
	}
	if f, _ := e.Attr("f"); f.NamePos.Line != 5 || f.NamePos.Col != 2 {
		t.Errorf("f at %d:%d, want 5:2", f.NamePos.Line, f.NamePos.Col)
	}
	if doc.LineCount() != 5 {
		t.Errorf("LineCount %d, want 5", doc.LineCount())
	}
	for n, want := range map[int]string{0: "", 1: "<a>", 2: "  <b  ü=\"1\" c=\"2\"/>", 3: "<d/>", 4: "\t<e", 5: " f='1'/></a>", 6: ""} {
		if got := doc.LineText(n); got != want {
			t.Errorf("LineText(%d) = %q, want %q", n, got, want)
		}
	}
	for _, p := range []Pos{root.Start, b.Start, d.Start, e.Start, {Offset: 0, Line: 1, Col: 1}, {Offset: int32(len(src)), Line: 5, Col: 13}} {
		if got := doc.PosAt(int(p.Offset)); got != p {
			t.Errorf("PosAt(%d) = %+v, want %+v", p.Offset, got, p)
		}
	}
	if got := doc.PosAt(len(src) + 100); int(got.Offset) != len(src) {
		t.Errorf("PosAt beyond the end = %+v, want clamped", got)
	}
}

func TestLineCountTrailingNewline(t *testing.T) {
	doc := mustParse(t, "<a/>\n")
	if doc.LineCount() != 2 || doc.LineText(1) != "<a/>" || doc.LineText(2) != "" {
		t.Errorf("LineCount %d, lines %q %q", doc.LineCount(), doc.LineText(1), doc.LineText(2))
	}
}

func TestErrorColumnCountsCodePoints(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"after multibyte text", "<a>ééé&x;</a>", 1, 7, "undefined entity '&x;' (XML predefines only &lt; &gt; &amp; &apos; &quot;)"},
		{"after astral char", "<a>😀&x;</a>", 1, 5, "undefined entity '&x;' (XML predefines only &lt; &gt; &amp; &apos; &quot;)"},
		{"after BOM", "\xEF\xBB\xBF&", 1, 1, "text is not allowed before the root element"},
		{"after CRLF", "<a>\r\n\r\n &x;</a>", 3, 2, "undefined entity '&x;' (XML predefines only &lt; &gt; &amp; &apos; &quot;)"},
	})
}
