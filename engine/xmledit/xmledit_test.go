package xmledit

import (
	"github.com/iisconf/iisconf/engine/xmltree"
	"testing"
	"unicode/utf16"
)

func open(t *testing.T, s string) *File {
	t.Helper()
	f, err := Open([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func child(f *File, names ...string) *xmltree.Node {
	n := f.Doc.Root
	for _, name := range names {
		var next *xmltree.Node
		for _, c := range n.Elements() {
			if c.Name == name {
				next = c
				break
			}
		}
		n = next
	}
	return n
}

func TestAttributeEdits(t *testing.T) {
	f := open(t, "<configuration>\n  <a  x='1'   y=\"2\"/><!-- c -->\n</configuration>\n")
	if err := f.SetAttr(child(f, "a"), "x", `it's & <that> "q"`); err != nil {
		t.Fatal(err)
	}
	if err := f.SetAttr(child(f, "a"), "z", "3"); err != nil {
		t.Fatal(err)
	}
	if err := f.RemoveAttr(child(f, "a"), "y"); err != nil {
		t.Fatal(err)
	}
	want := "<configuration>\n  <a  x='it&apos;s &amp; &lt;that&gt; \"q\"' z=\"3\"/><!-- c -->\n</configuration>\n"
	if got := string(f.Bytes()); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestInsertKeepsIndentAndLineEnds(t *testing.T) {
	f := open(t, "<configuration>\r\n\t<a />\r\n\t<b>\r\n\t</b>\r\n</configuration>")
	if f.NL != "\r\n" || f.Ind != "\t" {
		t.Fatalf("detected %q %q", f.NL, f.Ind)
	}
	el := &Element{Name: "c", Attrs: [][2]string{{"k", "v"}}, Children: []*Element{{Name: "d"}}}
	if err := f.Insert(child(f, "a"), 0, el); err != nil {
		t.Fatal(err)
	}
	if err := f.Insert(child(f, "b"), 0, &Element{Name: "e"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Insert(f.Doc.Root, 1, &Element{Name: "f"}); err != nil {
		t.Fatal(err)
	}
	want := "<configuration>\r\n\t<a>\r\n\t\t<c k=\"v\">\r\n\t\t\t<d />\r\n\t\t</c>\r\n\t</a>\r\n\t<f />\r\n\t<b>\r\n\t\t<e />\r\n\t</b>\r\n</configuration>"
	if got := string(f.Bytes()); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestRemoveTakesLineAndGap(t *testing.T) {
	f := open(t, "<configuration>\n    <x>\n        <a />\n\n        <b />\n    </x>\n</configuration>\n")
	if err := f.Remove(child(f, "x", "a")); err != nil {
		t.Fatal(err)
	}
	want := "<configuration>\n    <x>\n        <b />\n    </x>\n</configuration>\n"
	if got := string(f.Bytes()); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestUTF16RoundTrip(t *testing.T) {
	text := "<configuration>\r\n  <a x=\"é\" />\r\n</configuration>\r\n"
	u := utf16.Encode([]rune(text))
	in := []byte{0xFF, 0xFE}
	for _, c := range u {
		in = append(in, byte(c), byte(c>>8))
	}
	f, err := Open(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(f.Bytes()) != string(in) {
		t.Fatal("unedited UTF-16 file changed")
	}
	if err := f.SetAttr(child(f, "a"), "x", "ü"); err != nil {
		t.Fatal(err)
	}
	g, err := Open(f.Bytes())
	if err != nil || g.enc != "UTF-16LE" {
		t.Fatalf("reparse: %v %s", err, g.enc)
	}
	if a, _ := child(g, "a").Attr("x"); a.Value != "ü" {
		t.Errorf("value %q", a.Value)
	}
}
