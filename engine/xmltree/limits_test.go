package xmltree

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// These tests feed inputs built to be expensive. They bound time by design
// (every loop is linear; see addAttr and posCursor), not by measuring it.

func TestDeepNestingHitsMaxDepth(t *testing.T) {
	src := strings.Repeat("<a>", 100_000)
	_, err := Parse([]byte(src), Limits{})
	want := "nesting deeper than 1000 elements"
	if err == nil || err.Msg != want || err.Pos.Line != 1 || err.Pos.Col != 3001 || err.Pos.Offset != 3000 {
		t.Fatalf("got %+v, want 1:3001 %s", err, want)
	}
	runLimitError(t, "small MaxDepth", "<a><b><c><d/></c></b></a>", Limits{MaxDepth: 3}, 1, 10, "nesting deeper than 3 elements")
	if _, err := Parse([]byte("<a><b><c/></b></a>"), Limits{MaxDepth: 3}); err != nil {
		t.Errorf("depth 3 within MaxDepth 3: %v", err)
	}
}

func TestDeepNestingWithinLimitIsIterative(t *testing.T) {
	const depth = 100_000
	src := strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth)
	doc, err := Parse([]byte(src), Limits{MaxDepth: depth})
	if err != nil {
		t.Fatal(err)
	}
	n, got := doc.Root, 1
	for len(n.Children) == 1 {
		n = n.Children[0]
		got++
	}
	if got != depth || int(n.End) != len(src)-(depth-1)*4 {
		t.Errorf("depth %d, innermost ends at %d", got, n.End)
	}
}

func manyAttributes(n int) *bytes.Buffer {
	var b bytes.Buffer
	b.WriteString("<a")
	for k := 0; k < n; k++ {
		fmt.Fprintf(&b, " a%d='%d'", k, k)
	}
	return &b
}

func TestMillionAttributes(t *testing.T) {
	const n = 1_000_000
	lim := Limits{MaxAttributes: n}
	b := manyAttributes(n)
	b.WriteString("/>")
	doc, err := Parse(b.Bytes(), lim)
	if err != nil {
		t.Fatal(err)
	}
	last := doc.Root.Attrs[n-1]
	if len(doc.Root.Attrs) != n || last.Name != "a999999" || last.Value != "999999" || last.NamePos.Col != last.NamePos.Offset+1 {
		t.Errorf("%d attributes, last %+v", len(doc.Root.Attrs), last)
	}
	// A duplicate at the very end is found through the map, not a rescan.
	b = manyAttributes(n - 1)
	b.WriteString(" a17='x'/>")
	_, err = Parse(b.Bytes(), lim)
	if err == nil || err.Msg != "attribute 'a17' appears twice (first at line 1, column 137)" || int(err.Pos.Offset) != b.Len()-len("a17='x'/>") {
		t.Errorf("got %+v", err)
	}
	// Over the limit.
	b = manyAttributes(DefaultLimits.MaxAttributes + 1)
	b.WriteString("/>")
	_, err = Parse(b.Bytes(), Limits{})
	if err == nil || err.Msg != "element <a> has more than 10000 attributes" {
		t.Errorf("got %+v", err)
	}
}

func TestHugeAttributeValue(t *testing.T) {
	value := strings.Repeat("0123456789", 1_000_000) // 10 MB
	for _, raw := range []string{value, value + "&amp;\t"} {
		doc, err := Parse([]byte("<a v=\""+raw+"\"/>"), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		v := doc.Root.Attrs[0]
		if len(v.Value) < len(value) || v.Value[:len(value)] != value || int(v.ValueEnd-v.ValueStart) != len(raw) {
			t.Errorf("value of %d bytes, raw span %d", len(v.Value), v.ValueEnd-v.ValueStart)
		}
	}
}

func TestLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB input")
	}
	var b bytes.Buffer
	b.WriteString("<configuration>\n")
	line := "  <add name=\"" + strings.Repeat("x", 980) + "\" />\n"
	for b.Len() < 50<<20 {
		b.WriteString(line)
	}
	b.WriteString("</configuration>\n")
	doc, err := Parse(b.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	els := doc.Root.Elements()
	lastLine := int(doc.PosAt(int(els[len(els)-1].Start.Offset)).Line)
	if lastLine != len(els)+1 || doc.LineCount() != len(els)+3 {
		t.Errorf("%d elements, last on line %d, %d lines", len(els), lastLine, doc.LineCount())
	}
}

func TestNodeAndByteLimits(t *testing.T) {
	runLimitError(t, "MaxNodes", "<a>"+strings.Repeat("<b/>", 20)+"</a>", Limits{MaxNodes: 10}, 1, 40, "more than 10 nodes in the file")
	runLimitError(t, "MaxBytes", "<a>123456</a>", Limits{MaxBytes: 10}, 1, 1, "file is larger than 10 bytes, the size limit")
	if _, err := Parse([]byte("<a>12345</a>"), Limits{MaxBytes: 12}); err != nil {
		t.Errorf("exactly MaxBytes: %v", err)
	}
}

func runLimitError(t *testing.T, name, src string, lim Limits, line, col int, msg string) {
	t.Helper()
	_, err := Parse([]byte(src), lim)
	if err == nil || err.Msg != msg || int(err.Pos.Line) != line || int(err.Pos.Col) != col {
		t.Errorf("%s: got %+v, want %d:%d %s", name, err, line, col, msg)
	}
}
