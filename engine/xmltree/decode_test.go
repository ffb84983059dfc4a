package xmltree

import (
	"testing"
)

func TestAttributeValueNormalisation(t *testing.T) {
	// Literal tab, LF, CR and CRLF become one space each; the same
	// characters written as references survive.
	src := "<a v=\"a\tb\nc\r\nd\re&#9;&#10;&#13;&#32;f\" w='&lt;&gt;&amp;&apos;&quot;&#x41;&#66;&#x1F600;'/>"
	doc := mustParse(t, src)
	if got, want := doc.Root.Attrs[0].Value, "a b c d e\t\n\r f"; got != want {
		t.Errorf("v = %q, want %q", got, want)
	}
	if got, want := doc.Root.Attrs[1].Value, "<>&'\"AB😀"; got != want {
		t.Errorf("w = %q, want %q", got, want)
	}
}

func TestTextLineEnds(t *testing.T) {
	doc := mustParse(t, "<a>x\r\ny\rz\n&#13;&#10;<![CDATA[p\r\nq\rr]]><!--c\r\nd--></a>")
	kids := doc.Root.Children
	if got, want := kids[0].Text, "x\ny\nz\n\r\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if got, want := kids[1].Text, "p\nq\nr"; got != want {
		t.Errorf("CDATA = %q, want %q", got, want)
	}
	if got, want := kids[2].Text, "c\nd"; got != want {
		t.Errorf("comment = %q, want %q", got, want)
	}
}

func TestRawOffsets(t *testing.T) {
	src := "<configuration>\r\n  <add name=\"a&amp;b\" value='x' />\r\n  <b>t</b>\r\n</configuration>"
	doc := mustParse(t, src)
	root := doc.Root
	if int(root.StartTagEnd) != len("<configuration>") || int(root.EndTagStart) != len(src)-len("</configuration>") || int(root.End) != len(src) || root.SelfClosing {
		t.Errorf("root offsets: %d %d %d", root.StartTagEnd, root.EndTagStart, root.End)
	}
	els := root.Elements()
	add, b := els[0], els[1]
	if got := src[add.Start.Offset:add.End]; got != "<add name=\"a&amp;b\" value='x' />" || !add.SelfClosing || add.EndTagStart != -1 || add.StartTagEnd != add.End {
		t.Errorf("add spans %q, SelfClosing %v, EndTagStart %d", got, add.SelfClosing, add.EndTagStart)
	}
	name, _ := add.Attr("name")
	if raw := src[name.ValueStart:name.ValueEnd]; raw != "a&amp;b" || name.Value != "a&b" || name.Quote != '"' {
		t.Errorf("name raw %q value %q quote %c", raw, name.Value, name.Quote)
	}
	value, _ := add.Attr("value")
	if raw := src[value.ValueStart:value.ValueEnd]; raw != "x" || value.Quote != '\'' {
		t.Errorf("value raw %q quote %c", raw, value.Quote)
	}
	if src[b.StartTagEnd:b.EndTagStart] != "t" || src[b.EndTagStart:b.End] != "</b>" {
		t.Errorf("b: inner %q end tag %q", src[b.StartTagEnd:b.EndTagStart], src[b.EndTagStart:b.End])
	}
	// White space between elements is kept as text nodes.
	if len(root.Children) != 5 || root.Children[0].Kind != TextNode || root.Children[0].Text != "\n  " {
		t.Errorf("children %d, first %+v", len(root.Children), root.Children[0])
	}
	if text := root.Children[0]; text.Start.Offset != root.StartTagEnd || text.End != add.Start.Offset || text.Parent != root {
		t.Errorf("text node spans %d..%d", text.Start.Offset, text.End)
	}
}

func TestNamesAreInterned(t *testing.T) {
	doc := mustParse(t, "<a><add key='x'/><add key='y'/></a>")
	els := doc.Root.Elements()
	n1, n2 := els[0].Name, els[1].Name
	if unsafeStringData(n1) != unsafeStringData(n2) {
		t.Error("repeated element names do not share memory")
	}
	if unsafeStringData(els[0].Attrs[0].Name) != unsafeStringData(els[1].Attrs[0].Name) {
		t.Error("repeated attribute names do not share memory")
	}
}
