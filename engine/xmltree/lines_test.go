package xmltree

import "testing"

// IndexLines resolves offsets as a parsed document does, for any text.
func TestIndexLinesMatchesDocument(t *testing.T) {
	src := []byte("\xEF\xBB\xBF<a>\r\n  <b x=\"é𝄞\"/>\r<c/>\n</a>")
	doc, err := Parse(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	l := IndexLines(src)
	for off := 0; off <= len(src); off++ {
		if got, want := l.PosAt(off), doc.PosAt(off); got != want {
			t.Fatalf("offset %d: IndexLines %+v, Document %+v", off, got, want)
		}
	}
	if l.LineStart(1) != 3 || l.LineStart(2) != 8 || l.LineStart(9) != -1 {
		t.Errorf("LineStart: %d %d %d", l.LineStart(1), l.LineStart(2), l.LineStart(9))
	}
}
