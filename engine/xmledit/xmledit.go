// Package xmledit makes minimal text edits to a configuration file: it
// replaces, inserts and deletes byte spans located through engine/xmltree,
// so everything a write does not touch (comments, attribute order and
// quoting, white space, line ends, the XML declaration, the BOM) survives
// byte for byte. New elements are indented like their siblings and use
// the file's own line end.
//
// Every edit is applied at once and the text reparsed, so a caller
// re-locates nodes after each edit (nodes of the previous parse are stale).
// Configuration files are small enough for this to cost nothing, and it
// keeps compound writes (create a location, then a section inside it, then
// an item inside that) free of offset bookkeeping.
package xmledit

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf16"

	"github.com/iisconf/iisconf/engine/xmltree"
)

// File is a configuration file being edited.
type File struct {
	Doc *xmltree.Document // the current parse; replaced by every edit
	NL  string            // the file's line end: "\r\n" or "\n"
	Ind string            // one level of indentation: spaces or a tab

	enc string // xmltree SourceEncoding, to encode back on Bytes
}

// Open parses src for editing.
func Open(src []byte) (*File, error) {
	doc, err := xmltree.Parse(src, xmltree.Limits{})
	if err != nil {
		return nil, err
	}
	f := &File{Doc: doc, enc: doc.SourceEncoding}
	f.NL = detectNL(doc.Src)
	f.Ind = detectIndent(doc)
	return f, nil
}

// NewConfiguration is the text IIS writes for a web.config it creates
// [OBS: files IIS Manager and appcmd create]: UTF-8 declaration, CRLF,
// four-space indentation, an empty <configuration>.
func NewConfiguration() []byte {
	return []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<configuration>\r\n</configuration>\r\n")
}

// Bytes returns the edited file in its original encoding.
func (f *File) Bytes() []byte {
	src := f.Doc.Src
	switch f.enc {
	case "UTF-16LE", "UTF-16BE":
		// Src is the UTF-8 transcoding with the BOM as EF BB BF.
		s := string(bytes.TrimPrefix(src, []byte{0xEF, 0xBB, 0xBF}))
		u := utf16.Encode([]rune(s))
		out := make([]byte, 0, 2+2*len(u))
		if f.enc == "UTF-16LE" {
			out = append(out, 0xFF, 0xFE)
			for _, c := range u {
				out = append(out, byte(c), byte(c>>8))
			}
		} else {
			out = append(out, 0xFE, 0xFF)
			for _, c := range u {
				out = append(out, byte(c>>8), byte(c))
			}
		}
		return out
	}
	return append([]byte(nil), src...)
}

// detectNL returns the line end of the first line (CRLF when the file has
// none: IIS writes CRLF).
func detectNL(src []byte) string {
	i := bytes.IndexByte(src, '\n')
	if i < 0 || (i > 0 && src[i-1] == '\r') {
		return "\r\n"
	}
	return "\n"
}

// detectIndent takes the indentation of the root's first indented child:
// IIS writes four spaces, hand-written web.configs often two or a tab.
func detectIndent(doc *xmltree.Document) string {
	if doc.Root != nil {
		for _, c := range doc.Root.Children {
			if c.Kind == xmltree.TextNode {
				continue
			}
			if ind := lineIndent(doc.Src, int(c.Start.Offset)); ind != "" {
				return ind
			}
		}
	}
	return "    "
}

// lineIndent returns the white space between the start of the line and
// off, or "" when something else precedes off on its line.
func lineIndent(src []byte, off int) string {
	i := off
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] != '\n' && src[i-1] != '\r' {
		return ""
	}
	return string(src[i:off])
}

// Indent returns the indentation of n's line (n alone at the start).
func (f *File) Indent(n *xmltree.Node) string { return lineIndent(f.Doc.Src, int(n.Start.Offset)) }

// Text returns the source text of a node.
func (f *File) Text(n *xmltree.Node) string { return string(f.Doc.Src[n.Start.Offset:n.End]) }

// Replace replaces src[start:end] with text and reparses.
func (f *File) Replace(start, end int, text string) error {
	src := f.Doc.Src
	next := make([]byte, 0, len(src)-(end-start)+len(text))
	next = append(next, src[:start]...)
	next = append(next, text...)
	next = append(next, src[end:]...)
	doc, err := xmltree.Parse(next, xmltree.Limits{})
	if err != nil {
		// An edit built by this package always yields well-formed XML;
		// reaching here is a bug, reported rather than written.
		return errors.New("xmledit: edit produced malformed XML: " + err.Error())
	}
	f.Doc = doc
	return nil
}

// EscapeAttr escapes a value for an attribute quoted with q, the way IIS
// writes values: the markup characters, the quote in use, and the white
// space controls XML would otherwise normalise away.
func EscapeAttr(v string, q byte) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && q == '"':
			b.WriteString("&quot;")
		case r == '\'' && q == '\'':
			b.WriteString("&apos;")
		case r == '\t':
			b.WriteString("&#x9;")
		case r == '\n':
			b.WriteString("&#xA;")
		case r == '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SetAttr sets an attribute: an existing one keeps its place and quote
// character, only its value text changes; a new one is appended after the
// last attribute.
func (f *File) SetAttr(n *xmltree.Node, name, value string) error {
	if a, ok := n.Attr(name); ok {
		return f.Replace(int(a.ValueStart), int(a.ValueEnd), EscapeAttr(value, a.Quote))
	}
	at := f.attrInsertPoint(n)
	return f.Replace(at, at, " "+name+`="`+EscapeAttr(value, '"')+`"`)
}

// attrInsertPoint is just after the last attribute (after its closing
// quote), or after the element name.
func (f *File) attrInsertPoint(n *xmltree.Node) int {
	if len(n.Attrs) > 0 {
		return int(n.Attrs[len(n.Attrs)-1].ValueEnd) + 1
	}
	return int(n.Start.Offset) + 1 + len(n.Name)
}

// RemoveAttr deletes an attribute with the white space before it; a
// missing attribute is not an error.
func (f *File) RemoveAttr(n *xmltree.Node, name string) error {
	a, ok := n.Attr(name)
	if !ok {
		return nil
	}
	start := int(a.NamePos.Offset)
	src := f.Doc.Src
	for start > 0 && isSpace(src[start-1]) {
		start--
	}
	return f.Replace(start, int(a.ValueEnd)+1, "")
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// Remove deletes a node. When it stands alone on its lines, the lines go
// too, so no blank line is left behind.
func (f *File) Remove(n *xmltree.Node) error {
	src := f.Doc.Src
	start, end := int(n.Start.Offset), int(n.End)
	ls := start
	for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
		ls--
	}
	le := end
	for le < len(src) && (src[le] == ' ' || src[le] == '\t') {
		le++
	}
	if (ls == 0 || src[ls-1] == '\n') && (le == len(src) || src[le] == '\r' || src[le] == '\n') {
		// The whole line goes, line end included.
		start, end = ls, skipNL(src, le)
		// A blank line that separated the node from the next sibling
		// goes too when nothing but a blank line or the parent's start
		// tag precedes it, so no double gap or leading gap is left.
		if nb := blankLineEnd(src, end); nb > end {
			prevOpen := n.Parent != nil && len(bytes.TrimSpace(src[n.Parent.StartTagEnd:start])) == 0
			if prevOpen || blankLineBefore(src, start) {
				end = nb
			}
		}
	}
	return f.Replace(start, end, "")
}

// skipNL steps over one line end at i.
func skipNL(src []byte, i int) int {
	if i < len(src) && src[i] == '\r' {
		i++
	}
	if i < len(src) && src[i] == '\n' {
		i++
	}
	return i
}

// blankLineEnd returns the end (after its line end) of the white-space
// only line starting at i, or i when that line is not blank.
func blankLineEnd(src []byte, i int) int {
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < len(src) && (src[j] == '\r' || src[j] == '\n') {
		return skipNL(src, j)
	}
	return i
}

// blankLineBefore reports whether the line ending just before i is blank.
func blankLineBefore(src []byte, i int) bool {
	if i == 0 {
		return false
	}
	j := i - 1 // on the '\n' ending the previous line
	if j > 0 && src[j-1] == '\r' {
		j--
	}
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	return j == 0 || src[j-1] == '\n'
}

// Element is new markup to insert: attributes in the given order, child
// elements below.
type Element struct {
	Name     string
	Attrs    [][2]string
	Children []*Element
}

// Render lays el out at indentation ind, with the file's line end and
// indentation unit, ending without a line end. An element without
// children closes itself with " />", as IIS writes it.
func (f *File) Render(el *Element, ind string) string {
	var b strings.Builder
	f.render(&b, el, ind)
	return b.String()
}

func (f *File) render(b *strings.Builder, el *Element, ind string) {
	b.WriteString(ind + "<" + el.Name)
	for _, a := range el.Attrs {
		b.WriteString(" " + a[0] + `="` + EscapeAttr(a[1], '"') + `"`)
	}
	if len(el.Children) == 0 {
		b.WriteString(" />")
		return
	}
	b.WriteString(">")
	for _, c := range el.Children {
		b.WriteString(f.NL)
		f.render(b, c, ind+f.Ind)
	}
	b.WriteString(f.NL + ind + "</" + el.Name + ">")
}

// ChildIndent is the indentation for a new child of parent: that of its
// first indented element child, else parent's own plus one unit.
func (f *File) ChildIndent(parent *xmltree.Node) string {
	for _, c := range parent.Children {
		if c.Kind == xmltree.TextNode {
			continue
		}
		if ind := f.Indent(c); ind != "" || lineStart(f.Doc.Src, int(c.Start.Offset)) {
			return ind
		}
	}
	return f.Indent(parent) + f.Ind
}

func lineStart(src []byte, off int) bool { return off == 0 || src[off-1] == '\n' }

// Insert places el as a child of parent before its element child number
// index (len(Elements()) or more: at the end).
func (f *File) Insert(parent *xmltree.Node, index int, el *Element) error {
	ind := f.ChildIndent(parent)
	return f.InsertText(parent, index, f.Render(el, ind))
}

// InsertText places already indented markup (without a leading line end)
// as a child of parent before its element child number index.
func (f *File) InsertText(parent *xmltree.Node, index int, text string) error {
	src := f.Doc.Src
	pind := f.Indent(parent)
	if parent.SelfClosing {
		// <a x="1" /> → <a x="1">NL child NL</a>: the space before "/>"
		// goes with it.
		cut := parent.StartTagEnd - 2
		for cut > 0 && isSpace(src[cut-1]) {
			cut--
		}
		return f.Replace(int(cut), int(parent.StartTagEnd), ">"+f.NL+text+f.NL+pind+"</"+parent.Name+">")
	}
	kids := parent.Elements()
	if index < len(kids) && index >= 0 {
		// Before the child's line: the new element takes the same indent.
		at := kids[index].Start.Offset
		ls := at
		for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
			ls--
		}
		if ls == 0 || src[ls-1] == '\n' {
			return f.Replace(int(ls), int(ls), text+f.NL)
		}
		return f.Replace(int(at), int(at), strings.TrimLeft(text, " \t")+f.NL+pind+f.Ind)
	}
	if len(kids) > 0 {
		last := kids[len(kids)-1]
		return f.Replace(int(last.End), int(last.End), f.NL+text)
	}
	inner := src[parent.StartTagEnd:parent.EndTagStart]
	if bytes.ContainsAny(inner, "\n") && len(bytes.TrimLeft(inner, " \t\r\n")) == 0 {
		// <a>NL  </a>: keep the closing tag's line as it is.
		return f.Replace(int(parent.StartTagEnd), int(parent.StartTagEnd), f.NL+text)
	}
	if len(bytes.TrimSpace(inner)) == 0 {
		return f.Replace(int(parent.StartTagEnd), int(parent.EndTagStart), f.NL+text+f.NL+pind)
	}
	// Comments (or text) only: append after the last of them.
	for i := len(parent.Children) - 1; i >= 0; i-- {
		c := parent.Children[i]
		if c.Kind != xmltree.TextNode || len(bytes.TrimSpace(src[c.Start.Offset:c.End])) > 0 {
			if bytes.ContainsAny(src[c.End:parent.EndTagStart], "\n") {
				return f.Replace(int(c.End), int(c.End), f.NL+text)
			}
			break
		}
	}
	return f.Replace(int(parent.EndTagStart), int(parent.EndTagStart), f.NL+text+f.NL+pind)
}

// Reindent moves a block of markup from indentation from to to: every
// line that starts with from has that prefix replaced (the first line is
// expected without its indentation, as Text returns it).
func (f *File) Reindent(text, from, to string) string {
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], from) {
			lines[i] = to + lines[i][len(from):]
		}
	}
	return to + strings.Join(lines, "\n")
}
