package xmltree

import (
	"fmt"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"strings"
	"testing"
)

// fuzzSeeds are small inputs that reach every construct and most errors.
var fuzzSeeds = []string{
	`<configuration/>`,
	"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<configuration>\r\n  <a b='1' c=\"&lt;&#x41;&#66;\"/>\r\n</configuration>\r\n",
	"<a>text &amp; more<![CDATA[ <raw> ]]><!-- c --><?pi data?></a>",
	"<!DOCTYPE a SYSTEM \"a.dtd\"><a/>",
	"<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
	"<a b='1' b='2'/>",
	"<a><b></a>",
	"<a>&nbsp;</a>",
	"<a b=\"x\ty\nz\r\nw&#9;\"/>",
	"<a>]]></a>",
	"<a><!-- -- --></a>",
	"<a/><b/>",
	"<?xml version='1.0'?><a:b:c x:y:z='1'/>",
	"<a>\x00</a>",
	"<a>&#xD800;</a>",
	"\xFF\xFE<\x00a\x00/\x00>\x00",
	"<a x='1'y='2'/>",
	" <?xml version='1.0'?><a/>",
	"<é attr-ü='1'><·/></é>",
	"<a>&#0;</a>",
	"<a b=\"]]>\"/>",
}

// fuzzLimits are small so that the fuzzer reaches them.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxDepth: 40, MaxAttributes: 30, MaxNodes: 2000}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	if _, ok := testkit.CorpusDir(); ok {
		for _, path := range corpusFiles(f) {
			if b, err := os.ReadFile(path); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Parse(src, fuzzLimits)
		if (doc == nil) == (err == nil) {
			t.Fatalf("Parse returned doc=%v err=%v: exactly one must be nil", doc != nil, err)
		}
		if err != nil {
			checkErrorPos(t, src, err)
		} else {
			if msg := checkTree(doc, fuzzLimits); msg != "" {
				t.Fatal(msg)
			}
		}
		// Compare decisions with encoding/xml, unless a limit decided.
		if err != nil && isLimitError(err) {
			return
		}
		if diff := compareWithReference(src, doc, err); diff != "" {
			t.Fatal(diff)
		}
	})
}

func isLimitError(err *SyntaxError) bool {
	for _, s := range []string{"nesting deeper than", "attributes", "nodes in the file", "larger than"} {
		if strings.Contains(err.Msg, s) && !strings.Contains(err.Msg, "appears twice") {
			return true
		}
	}
	return false
}

// checkErrorPos checks that an error position is consistent: 1-based,
// inside the text.
func checkErrorPos(t *testing.T, src []byte, err *SyntaxError) {
	t.Helper()
	if err.Pos.Line < 1 || err.Pos.Col < 1 || err.Pos.Offset < 0 {
		t.Fatalf("bad error position %+v for %q", err.Pos, err.Msg)
	}
	if err.Msg == "" {
		t.Fatal("empty error message")
	}
}

// checkTree verifies the invariants of an accepted document: limits kept,
// offsets consistent with the text, positions consistent with PosAt.
func checkTree(doc *Document, lim Limits) string {
	src := doc.Src
	nodes := 0
	checkPos := func(p Pos, what string) string {
		if got := doc.PosAt(int(p.Offset)); got != p {
			return fmt.Sprintf("%s: recorded position %+v, PosAt says %+v", what, p, got)
		}
		return ""
	}
	checkNode := func(n *Node) string {
		nodes++
		if msg := checkPos(n.Start, "node "+n.Name); msg != "" {
			return msg
		}
		if n.Start.Offset > n.End || int(n.End) > len(src) {
			return fmt.Sprintf("node %q: start %d end %d outside text of %d bytes", n.Name, n.Start.Offset, n.End, len(src))
		}
		if n.Kind != ElementNode {
			return ""
		}
		if len(n.Attrs) > lim.MaxAttributes {
			return fmt.Sprintf("<%s> has %d attributes, limit %d", n.Name, len(n.Attrs), lim.MaxAttributes)
		}
		if src[n.Start.Offset] != '<' || src[n.StartTagEnd-1] != '>' || src[n.End-1] != '>' {
			return fmt.Sprintf("<%s>: tag offsets do not point at '<' and '>'", n.Name)
		}
		if n.SelfClosing != (n.EndTagStart < 0) || !n.SelfClosing && string(src[n.EndTagStart:n.EndTagStart+2]) != "</" {
			return fmt.Sprintf("<%s>: EndTagStart %d inconsistent", n.Name, n.EndTagStart)
		}
		for _, a := range n.Attrs {
			if msg := checkPos(a.NamePos, "attribute "+a.Name); msg != "" {
				return msg
			}
			if src[a.ValueStart-1] != a.Quote || src[a.ValueEnd] != a.Quote || a.ValueStart > a.ValueEnd {
				return fmt.Sprintf("attribute %s: value offsets %d..%d do not sit between quotes", a.Name, a.ValueStart, a.ValueEnd)
			}
			if !strings.HasPrefix(string(src[a.NamePos.Offset:]), a.Name) {
				return fmt.Sprintf("attribute %s: NamePos does not point at the name", a.Name)
			}
		}
		return ""
	}
	for _, n := range append(append([]*Node{}, doc.Prolog...), doc.Epilog...) {
		if msg := checkNode(n); msg != "" {
			return msg
		}
	}
	type frame struct {
		n     *Node
		depth int
	}
	stack := []frame{{doc.Root, 1}}
	for len(stack) > 0 {
		fr := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if fr.depth > lim.MaxDepth {
			return fmt.Sprintf("depth %d exceeds limit %d", fr.depth, lim.MaxDepth)
		}
		if msg := checkNode(fr.n); msg != "" {
			return msg
		}
		for _, c := range fr.n.Children {
			if c.Parent != fr.n {
				return fmt.Sprintf("child of <%s> has the wrong parent", fr.n.Name)
			}
			if c.Kind == ElementNode {
				stack = append(stack, frame{c, fr.depth + 1})
			} else if msg := checkNode(c); msg != "" {
				return msg
			}
		}
	}
	if nodes > lim.MaxNodes {
		return fmt.Sprintf("%d nodes, limit %d", nodes, lim.MaxNodes)
	}
	return ""
}

// FuzzSkipBlankText: with SkipBlankText (and BorrowSource, as the engine
// parses) the parser makes the same decision and the same tree, values
// included, less the text nodes that are only white space.
func FuzzSkipBlankText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("<a>\n  <b x='1'/>\n\t<c> &#32; </c>\r\n text <d/>  </a>"))
	f.Fuzz(func(t *testing.T, src []byte) {
		full, err1 := Parse(src, fuzzLimits)
		lim := fuzzLimits
		lim.SkipBlankText, lim.BorrowSource = true, true
		lean, err2 := Parse(src, lim)
		if (err1 == nil) != (err2 == nil) {
			// Only the node limit may tell them apart: blank nodes count.
			if err1 != nil && strings.Contains(err1.Msg, "nodes in the file") {
				return
			}
			t.Fatalf("decisions differ: %v / %v", err1, err2)
		}
		if err1 != nil {
			if *err1 != *err2 {
				t.Fatalf("errors differ: %v / %v", err1, err2)
			}
			return
		}
		if msg := sameWithoutBlank(full.Src, full.Root, lean.Root); msg != "" {
			t.Fatal(msg)
		}
	})
}

func sameWithoutBlank(src []byte, full, lean *Node) string {
	var kept []*Node
	for _, c := range full.Children {
		if c.Kind == TextNode && strings.Trim(string(c.Text), " \t\r\n") == "" && !strings.Contains(string(src[c.Start.Offset:c.End]), "&") {
			continue
		}
		kept = append(kept, c)
	}
	if len(kept) != len(lean.Children) {
		return fmt.Sprintf("%s at %d: %d children kept, %d in the lean tree", full.Name, full.Start.Offset, len(kept), len(lean.Children))
	}
	if full.Name != lean.Name || full.Kind != lean.Kind || full.Text != lean.Text || full.Start != lean.Start || full.End != lean.End || len(full.Attrs) != len(lean.Attrs) {
		return fmt.Sprintf("node at %d differs", full.Start.Offset)
	}
	for i := range full.Attrs {
		if full.Attrs[i] != lean.Attrs[i] {
			return fmt.Sprintf("attribute %s at %d differs: %+v / %+v", full.Attrs[i].Name, full.Attrs[i].NamePos.Offset, full.Attrs[i], lean.Attrs[i])
		}
	}
	for i := range kept {
		if msg := sameWithoutBlank(src, kept[i], lean.Children[i]); msg != "" {
			return msg
		}
	}
	return ""
}
