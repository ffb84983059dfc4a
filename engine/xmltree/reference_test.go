package xmltree

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// This file is the reference side of the differential tests: encoding/xml
// (Strict, RawToken) plus the document-level rules of XML 1.0 that its
// token stream leaves to the caller. Where encoding/xml itself is knowingly
// more lenient or stricter than XML 1.0, the difference is listed in
// knownDifferences below and only excused when the input really shows it.

// refResult is what the reference made of an input.
type refResult struct {
	events []string // element, attribute and text events, comments excluded
	err    error
	// markupIllegal is set when a comment, PI or directive holds bytes that
	// are not XML characters: encoding/xml never checks those.
	markupIllegal bool
	sawDirective  bool // a <!...> other than a comment or CDATA section
}

// referenceParse tokenises src with encoding/xml and applies the rules it
// does not: matching end tags (RawToken does not check them), exactly one
// root element, only white space outside it, unique attribute names.
func referenceParse(src []byte) refResult {
	src = bytes.TrimPrefix(src, utf8BOM) // encoding/xml would read the BOM as text
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		// The bytes are read as they are; our parser's encoding policy
		// (checkDeclaredEncoding) is tested on its own.
		switch strings.ToLower(label) {
		case "us-ascii", "windows-1252", "iso-8859-1", "utf-16":
			return in, nil
		}
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	var res refResult
	var stack []string
	rootSeen := false
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			res.events = append(res.events, "T "+text.String())
			text.Reset()
		}
	}
	fail := func(msg string) refResult {
		res.err = errors.New(msg)
		return res
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			res.err = err
			return res
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if rootSeen {
					return fail("second root element")
				}
				rootSeen = true
			}
			flush()
			name := rawName(t.Name)
			res.events = append(res.events, "S "+name)
			seen := make(map[string]bool, len(t.Attr))
			for _, a := range t.Attr {
				an := rawName(a.Name)
				if seen[an] {
					return fail("duplicate attribute " + an)
				}
				seen[an] = true
				res.events = append(res.events, "A "+an+"="+attrSpaces(a.Value))
			}
			stack = append(stack, name)
		case xml.EndElement:
			name := rawName(t.Name)
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return fail("mismatched end tag " + name)
			}
			stack = stack[:len(stack)-1]
			flush()
			res.events = append(res.events, "E "+name)
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.Trim(t, " \t\r\n")) > 0 {
					return fail("text outside the root element")
				}
				continue
			}
			text.Write(t)
		case xml.Comment:
			res.markupIllegal = res.markupIllegal || !allXMLChars(t)
		case xml.ProcInst:
			res.markupIllegal = res.markupIllegal || !allXMLChars(t.Inst) || !allXMLChars([]byte(t.Target))
		case xml.Directive:
			res.sawDirective = true
			res.markupIllegal = res.markupIllegal || !allXMLChars(t)
		}
	}
	if len(stack) > 0 {
		return fail("unclosed element " + stack[len(stack)-1])
	}
	if !rootSeen {
		return fail("no root element")
	}
	return res
}

func rawName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// attrSpaces maps tab, LF and CR to a space. encoding/xml does not apply
// attribute-value normalisation, and after the fact a literal tab cannot
// be told from "&#9;", so values are compared modulo these three
// characters; decode_test.go checks normalisation exactly.
func attrSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

func allXMLChars(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return false
		}
		b = b[size:]
	}
	return true
}

// treeEvents lists a parsed document the way referenceParse does.
func treeEvents(doc *Document) []string {
	var out []string
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			out = append(out, "T "+text.String())
			text.Reset()
		}
	}
	type frame struct {
		n    *Node
		next int
	}
	stack := []frame{{n: doc.Root}}
	out = append(out, "S "+doc.Root.Name)
	for _, a := range doc.Root.Attrs {
		out = append(out, "A "+a.Name+"="+attrSpaces(a.Value))
	}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == len(top.n.Children) {
			flush()
			out = append(out, "E "+top.n.Name)
			stack = stack[:len(stack)-1]
			continue
		}
		c := top.n.Children[top.next]
		top.next++
		switch c.Kind {
		case TextNode, CDataNode:
			text.WriteString(c.Text)
		case ElementNode:
			flush()
			out = append(out, "S "+c.Name)
			for _, a := range c.Attrs {
				out = append(out, "A "+a.Name+"="+attrSpaces(a.Value))
			}
			stack = append(stack, frame{n: c})
		}
	}
	return out
}

// knownDifference is a documented way in which encoding/xml departs from
// XML 1.0. applies must confirm that the input really shows it, so an
// exception cannot hide an unrelated disagreement.
type knownDifference struct {
	why     string
	applies func(src []byte, ours *SyntaxError, ref refResult, doc *Document) bool
}

// refLenient: we reject (correctly), encoding/xml accepts.
var refLenient = []knownDifference{
	{"encoding/xml does not check the characters of comments, PIs and directives",
		func(_ []byte, ours *SyntaxError, ref refResult, _ *Document) bool {
			return ref.markupIllegal && (strings.Contains(ours.Msg, "not allowed in XML") || strings.Contains(ours.Msg, "invalid UTF-8"))
		}},
	{"encoding/xml turns a character reference to a surrogate (&#xD800;) into U+FFFD",
		func(_ []byte, ours *SyntaxError, _ refResult, _ *Document) bool {
			return strings.Contains(ours.Msg, "names U+D") && strings.Contains(ours.Msg, "not allowed in XML")
		}},
	{"encoding/xml checks only version= of the XML declaration and accepts <?xml?> anywhere, and <?XML?> as a PI",
		func(src []byte, ours *SyntaxError, _ refResult, _ *Document) bool {
			return bytes.Contains(bytes.ToLower(src), []byte("<?xml")) &&
				(strings.Contains(ours.Msg, "XML declaration") || strings.Contains(ours.Msg, "is reserved") ||
					strings.Contains(ours.Msg, "standalone") || strings.Contains(ours.Msg, "encoding name"))
		}},
	{"encoding/xml does not require white space between attributes, nor after a PI target",
		func(_ []byte, ours *SyntaxError, _ refResult, _ *Document) bool {
			return strings.HasPrefix(ours.Msg, "expected white space, '>' or '/>' after an attribute value") ||
				strings.HasPrefix(ours.Msg, "expected white space or '?>' after processing instruction target")
		}},
	{"encoding/xml accepts any <!...> directive anywhere without checking it; CDATA outside the root reads as text",
		func(src []byte, ours *SyntaxError, ref refResult, _ *Document) bool {
			aboutDirective := strings.Contains(ours.Msg, "DOCTYPE") || strings.Contains(ours.Msg, "unexpected '<!'") ||
				strings.Contains(ours.Msg, "unexpected markup after the root element") ||
				strings.Contains(ours.Msg, "public identifier")
			outsideRoot := strings.Contains(ours.Msg, "before the root element") || strings.Contains(ours.Msg, "after the root element")
			return aboutDirective && (ref.sawDirective || outsideRoot && bytes.Contains(src, []byte("<![CDATA[")))
		}},
	{"encoding/xml judges non-ASCII name characters by the XML 1.0 4th edition tables, we by the 5th edition production",
		func(src []byte, ours *SyntaxError, _ refResult, _ *Document) bool {
			return nameErrorAtNonASCII(src, ours)
		}},
}

// refStricter: we accept (correctly), encoding/xml rejects.
var refStricter = []knownDifference{
	{"encoding/xml is namespace-aware and rejects names with more than one ':' (XML 1.0 allows them)",
		func(_ []byte, _ *SyntaxError, ref refResult, doc *Document) bool {
			return anyName(doc, func(s string) bool { return strings.Count(s, ":") > 1 })
		}},
	{"encoding/xml judges non-ASCII name characters by the XML 1.0 4th edition tables, we by the 5th edition production",
		func(_ []byte, _ *SyntaxError, ref refResult, doc *Document) bool {
			return strings.Contains(ref.err.Error(), "name") &&
				anyName(doc, func(s string) bool { return strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 })
		}},
}

// nameErrorAtNonASCII reports whether our error is about a name and the
// offending character is not ASCII.
func nameErrorAtNonASCII(src []byte, ours *SyntaxError) bool {
	if !strings.Contains(ours.Msg, "name") {
		return false
	}
	if int(ours.Pos.Offset) < len(src) && src[ours.Pos.Offset] >= utf8.RuneSelf {
		return true
	}
	return false
}

// anyName reports whether an element, attribute or PI name in doc
// satisfies f.
func anyName(doc *Document, f func(string) bool) bool {
	check := func(n *Node) bool {
		if (n.Kind == ElementNode || n.Kind == PINode) && f(n.Name) {
			return true
		}
		for _, a := range n.Attrs {
			if f(a.Name) {
				return true
			}
		}
		return false
	}
	for _, n := range append(append([]*Node{}, doc.Prolog...), doc.Epilog...) {
		if check(n) {
			return true
		}
	}
	stack := []*Node{doc.Root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if check(n) {
			return true
		}
		stack = append(stack, n.Children...)
	}
	return false
}

// compareWithReference returns "" when our parser and the reference agree
// on src (or disagree in a documented way), else a description.
func compareWithReference(src []byte, doc *Document, ours *SyntaxError) string {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return "" // encoding/xml cannot read UTF-16; encoding_test.go covers it
	}
	ref := referenceParse(src)
	switch {
	case ours != nil && ref.err == nil:
		for _, k := range refLenient {
			if k.applies(src, ours, ref, doc) {
				return ""
			}
		}
		return fmt.Sprintf("we reject (%d:%d %s), encoding/xml accepts", ours.Pos.Line, ours.Pos.Col, ours.Msg)
	case ours == nil && ref.err != nil:
		for _, k := range refStricter {
			if k.applies(src, ours, ref, doc) {
				return ""
			}
		}
		return fmt.Sprintf("we accept, encoding/xml rejects: %v", ref.err)
	case ours == nil:
		got := treeEvents(doc)
		if len(got) != len(ref.events) {
			return fmt.Sprintf("event count differs: ours %d, encoding/xml %d\nours %q\nref  %q", len(got), len(ref.events), head(got), head(ref.events))
		}
		for k := range got {
			if got[k] != ref.events[k] {
				return fmt.Sprintf("event %d differs: ours %q, encoding/xml %q", k, got[k], ref.events[k])
			}
		}
	}
	return ""
}

func head(s []string) []string {
	return s[:min(len(s), 20)]
}
