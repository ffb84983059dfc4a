// Package xmltree parses one configuration file into a positioned element
// tree. It is the only XML parser of the engine: every diagnostic, every
// provenance link and every minimal text edit starts from the positions it
// records, so it keeps byte offsets as well as line and column numbers.
//
// The parser is strict (well-formedness errors stop it, as they stop IIS),
// iterative (deep nesting cannot overflow the stack) and bounded (Limits).
package xmltree

import "iter"

// Pos is a position in the parsed text: a byte offset and a 1-based line
// and column. Columns count Unicode code points; CRLF, CR and LF each end a
// line. The fields are int32, as are the offsets in Node and Attr: a large
// file has hundreds of thousands of nodes and attributes, and halving their
// positions is a tenth of the parse. Parse refuses inputs over
// maxInputBytes, so they cannot overflow.
type Pos struct {
	Offset int32
	Line   int32
	Col    int32
}

// NodeKind tells what a Node is.
type NodeKind uint8

const (
	ElementNode NodeKind = iota
	TextNode             // character data, entities decoded (whitespace-only runs included)
	CDataNode            // <![CDATA[...]]>, Text holds the content
	CommentNode          // <!-- ... -->, Text holds the content
	PINode               // <?target ...?> other than the XML declaration
)

// Attr is one attribute of an element.
type Attr struct {
	Name    string
	Value   string // entity- and character-reference-decoded, attribute-value normalised as XML requires
	NamePos Pos    // position of the first character of the name
	// ValueStart/ValueEnd delimit the raw value text between the quotes
	// (byte offsets into Document.Src), for minimal edits.
	ValueStart int32
	ValueEnd   int32
	Quote      byte // '"' or '\''
}

// Node is an element, text, CDATA section, comment or processing instruction.
type Node struct {
	Kind NodeKind
	// SelfClosing is true for an element written as <name ... />. It sits
	// next to Kind so that the two share one word: a big file has hundreds
	// of thousands of nodes.
	SelfClosing bool
	Name        string // element name (qualified, as written) or PI target
	Text        string // decoded content for Text, CData, Comment and PI nodes

	Attrs    []Attr
	Children []*Node // every child node in document order
	Parent   *Node

	Start Pos // position of '<' (or of the first character of a text node)
	// StartTagEnd and EndTagStart are meaningful for elements only; other
	// kinds have StartTagEnd == End and EndTagStart == -1.
	StartTagEnd int32 // offset just after the '>' of the start tag (after "/>" when SelfClosing)
	EndTagStart int32 // offset of "</" of the end tag; -1 when SelfClosing
	End         int32 // offset just after the whole node
}

// Document is a parsed file.
type Document struct {
	// Src is the text the offsets refer to: the input as given for UTF-8
	// (BOM included, so offsets match the user's file), or the UTF-8
	// transcoding of a UTF-16 input.
	Src      []byte
	Root     *Node   // the document element
	Prolog   []*Node // comments and PIs before the root element
	Epilog   []*Node // comments and PIs after the root element
	HasBOM   bool
	Encoding string // encoding named by the XML declaration, "" if none

	// SourceEncoding is how the input bytes were encoded: "UTF-8",
	// "UTF-16LE" or "UTF-16BE". For UTF-16 input Src is the UTF-8
	// transcoding (BOM included, as EF BB BF), so a writer must encode back.
	SourceEncoding string
	// DeclEnd is the offset just after the XML declaration's "?>", 0 when
	// the file has none.
	DeclEnd int

	lines lineIndex // line starts of Src, for PosAt and LineText
}

// Limits bounds the work the parser may do; zero fields take the defaults
// listed in DefaultLimits.
type Limits struct {
	MaxBytes      int // whole input
	MaxDepth      int // element nesting
	MaxAttributes int // attributes on one element
	MaxNodes      int // nodes in the document

	// SkipBlankText leaves out text nodes that are only white space (the
	// indentation between tags): they carry no configuration, and on a
	// large file they are a third of the nodes. Not a limit, an option of
	// readers that never write the file back (the configuration engine);
	// an editor keeps them.
	SkipBlankText bool

	// BorrowSource lets the strings of the tree that are text as written
	// (attribute values and text without references) be views of the
	// input instead of copies, which the caller promises never to change
	// afterwards. Also an option, for readers that own their input: the
	// configuration engine's workspace texts are never written in place.
	BorrowSource bool
}

// maxInputBytes caps Limits.MaxBytes: every offset fits in an int32 (a
// UTF-16 file's transcoding is checked against it too).
const maxInputBytes = 1<<31 - 1

// DefaultLimits are generous enough for every real configuration file and
// small enough that a hostile one fails fast with a clear message.
var DefaultLimits = Limits{
	MaxBytes:      64 << 20,
	MaxDepth:      1000,
	MaxAttributes: 10000,
	MaxNodes:      5_000_000,
}

// SyntaxError is a well-formedness error or an exceeded limit.
type SyntaxError struct {
	Pos Pos
	Msg string // plain English, e.g. "expected '>' after attribute", "element <a> closed by </b>"
}

func (e *SyntaxError) Error() string { return e.Msg }

// Attr returns the attribute called name (exact, case-sensitive match).
// Not inlined: its search loop copied into its ~20 callers (reading
// declarations, locks, schema files) cost the engine wasm ~3 KB of code.
//
//go:noinline
func (n *Node) Attr(name string) (*Attr, bool) {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			return &n.Attrs[i], true
		}
	}
	return nil, false
}

// ElementChildren iterates over the element children of n in document
// order without allocating (Elements builds a slice).
func (n *Node) ElementChildren() iter.Seq[*Node] {
	return func(yield func(*Node) bool) {
		for _, c := range n.Children {
			if c.Kind == ElementNode && !yield(c) {
				return
			}
		}
	}
}

// Element returns n's first element child called name, or nil (also for
// a nil n).
func (n *Node) Element(name string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Kind == ElementNode && c.Name == name {
			return c
		}
	}
	return nil
}

// Elements returns the element children of n in document order.
func (n *Node) Elements() []*Node {
	var out []*Node
	for _, c := range n.Children {
		if c.Kind == ElementNode {
			out = append(out, c)
		}
	}
	return out
}
