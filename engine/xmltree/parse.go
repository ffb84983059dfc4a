package xmltree

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// parser holds the state of one Parse call. Nothing here outlives it except
// the Document it builds.
type parser struct {
	src []byte
	// end is where reading stops: the first illegal character (see
	// prescan) or len(src). Reaching end before len(src) reports that
	// character.
	end    int
	pre    prescan
	lim    Limits
	doc    *Document
	cursor posCursor
	names  interner

	nodeCount int
	nodes     nodeSlab
	attrs     slab[Attr]
	kids      slab[*Node]
	arena     byteArena // backs the tree's strings that are not views of src (see arena.go)
	borrow    bool      // plain values and text may be views of src (Limits.BorrowSource)

	attrBuf  []Attr         // attributes of the start tag being parsed
	attrSeen map[string]int // duplicate check for elements with many attributes
	childBuf []*Node        // children of all open elements, stacked
	valBuf   []byte         // scratch for decoding text and values
}

// Parse parses one configuration file. Zero fields of lim take the values
// of DefaultLimits. The Document is nil exactly when the error is not.
func Parse(in []byte, lim Limits) (*Document, *SyntaxError) {
	lim = lim.withDefaults()
	if len(in) > lim.MaxBytes {
		return nil, &SyntaxError{Pos: Pos{Line: 1, Col: 1}, Msg: textfmt.Sprintf("file is larger than %s, the size limit", byteSize(lim.MaxBytes))}
	}
	src, enc, errAt, errMsg := decodeInput(in)
	if len(src) > lim.MaxBytes {
		return nil, &SyntaxError{Pos: Pos{Line: 1, Col: 1}, Msg: textfmt.Sprintf("file is larger than %s, the size limit, once decoded from %s", byteSize(lim.MaxBytes), enc)}
	}
	hasBOM := bytes.HasPrefix(src, utf8BOM)
	bomLen := 0
	if hasBOM {
		bomLen = len(utf8BOM)
	}
	p := &parser{
		src: src,
		lim: lim,
		doc: &Document{Src: src, HasBOM: hasBOM, SourceEncoding: enc},
		// A UTF-16 input's transcoding is the parser's own, never changed.
		borrow: lim.BorrowSource || enc != "UTF-8",
	}
	p.names = newInterner(&p.arena)
	p.pre = scanText(src, bomLen)
	p.doc.lines = p.pre.lines
	p.end = p.pre.badAt
	if p.end < len(src) && src[p.end] >= 0x80 {
		p.pre.nonASCII = true
	}
	p.cursor = posCursor{src: src, li: &p.doc.lines}
	if errAt >= 0 {
		return nil, p.errAt(errAt, errMsg)
	}
	p.reserve()
	if err := p.parseDocument(bomLen); err != nil {
		return nil, err
	}
	return p.doc, nil
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	// Positions are int32 (Pos): no limit may let an offset overflow.
	l.MaxBytes = min(l.MaxBytes, maxInputBytes)
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxAttributes <= 0 {
		l.MaxAttributes = DefaultLimits.MaxAttributes
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultLimits.MaxNodes
	}
	return l
}

// parseDocument reads prolog, root element and epilog.
func (p *parser) parseDocument(i int) *SyntaxError {
	if p.hasAt(i, "<?xml") && (i+5 >= p.end || isSpace(p.src[i+5]) || p.src[i+5] == '?') {
		next, err := p.parseXMLDecl(i)
		if err != nil {
			return err
		}
		i = next
		p.doc.DeclEnd = i
	}
	sawDoctype := false
	for {
		i = p.skipSpace(i)
		if i >= p.end {
			if p.end < len(p.src) {
				return p.badCharErr()
			}
			return p.errAt(i, "no root element: a configuration file needs one element such as <configuration>")
		}
		if p.src[i] != '<' {
			return p.errAt(i, "text is not allowed before the root element")
		}
		switch {
		case p.hasAt(i, "<!--"):
			n, next, err := p.parseComment(i)
			if err != nil {
				return err
			}
			p.doc.Prolog = append(p.doc.Prolog, n)
			i = next
		case p.hasAt(i, "<?"):
			n, next, err := p.parsePI(i)
			if err != nil {
				return err
			}
			p.doc.Prolog = append(p.doc.Prolog, n)
			i = next
		case p.hasAt(i, "<!DOCTYPE"):
			if sawDoctype {
				return p.errAt(i, "a document may have only one <!DOCTYPE>")
			}
			sawDoctype = true
			next, err := p.parseDoctype(i)
			if err != nil {
				return err
			}
			i = next
		case p.hasAt(i, "<!"):
			return p.errAt(i, "unexpected '<!' before the root element (only comments and <!DOCTYPE> may appear here)")
		default:
			root, next, err := p.parseContent(i)
			if err != nil {
				return err
			}
			p.doc.Root = root
			return p.parseEpilog(next)
		}
	}
}

// parseEpilog reads what follows the root element: whitespace, comments
// and processing instructions only.
func (p *parser) parseEpilog(i int) *SyntaxError {
	for {
		i = p.skipSpace(i)
		if i >= p.end {
			if p.end < len(p.src) {
				return p.badCharErr()
			}
			return nil
		}
		switch {
		case p.hasAt(i, "<!--"):
			n, next, err := p.parseComment(i)
			if err != nil {
				return err
			}
			p.doc.Epilog = append(p.doc.Epilog, n)
			i = next
		case p.hasAt(i, "<?"):
			n, next, err := p.parsePI(i)
			if err != nil {
				return err
			}
			p.doc.Epilog = append(p.doc.Epilog, n)
			i = next
		case p.src[i] == '<' && scanName(p.src, i+1, p.end) > i+1:
			return p.errAt(i, textfmt.Sprintf("a second root element <%s> after <%s> (ended at line %d): a file has exactly one root element",
				p.src[i+1:scanName(p.src, i+1, p.end)], p.doc.Root.Name, p.cursor.at(closeOffset(p.doc.Root)).Line))
		case p.src[i] == '<':
			return p.errAt(i, textfmt.Sprintf("unexpected markup after the root element <%s> ended", p.doc.Root.Name))
		default:
			return p.errAt(i, textfmt.Sprintf("text is not allowed after the root element <%s> ended", p.doc.Root.Name))
		}
	}
}

// closeOffset is the offset of an element's end tag, or of its start when
// it has none (self-closing).
func closeOffset(n *Node) int {
	if n.EndTagStart >= 0 {
		return int(n.EndTagStart)
	}
	return int(n.Start.Offset)
}

// isSpace reports XML white space (S production).
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func (p *parser) skipSpace(i int) int {
	for i < p.end && isSpace(p.src[i]) {
		i++
	}
	return i
}

// hasAt reports whether s occurs at offset i, before p.end.
func (p *parser) hasAt(i int, s string) bool {
	return i+len(s) <= p.end && string(p.src[i:i+len(s)]) == s
}

// errAt builds an error positioned at offset i.
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func (p *parser) errAt(i int, msg string) *SyntaxError {
	return &SyntaxError{Pos: p.cursor.at(i), Msg: msg}
}

// badCharErr reports the illegal character prescan found at p.end.
func (p *parser) badCharErr() *SyntaxError {
	return p.errAt(p.end, p.pre.badMsg)
}

// eofErr is the error for running out of input: the illegal character if
// that is what stopped us, else msg at the end of the file.
func (p *parser) eofErr(msg string) *SyntaxError {
	if p.end < len(p.src) {
		return p.badCharErr()
	}
	return p.errAt(p.end, msg)
}

// newNode carves a node from the current slab.
func (p *parser) newNode(kind NodeKind, start int) (*Node, *SyntaxError) {
	p.nodeCount++
	if p.nodeCount > p.lim.MaxNodes {
		return nil, p.errAt(start, textfmt.Sprintf("more than %d nodes in the file", p.lim.MaxNodes))
	}
	n := p.nodes.alloc()
	n.Kind = kind
	n.Start = p.cursor.at(start)
	n.EndTagStart = -1
	return n, nil
}

// describeChar names the character at i for an error message.
func (p *parser) describeChar(i int) string {
	if i >= p.end {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[i:p.end])
	switch r {
	case '\n', '\r':
		return "end of line"
	case '\t':
		return "tab"
	case ' ':
		return "space"
	}
	return strconv.QuoteRune(r)
}

// reserve allocates the first slab blocks from an estimate of what the
// file needs, made from prescan's count of the markup (see arena.go for
// why up front).
//
// The estimate is capped at one node and one attribute per 16 bytes of
// input (real configuration files have one per 30 to 60), so a hostile
// file such as 64 MB of '<' cannot make Parse reserve more than a valid
// file of the same size would use.
func (p *parser) reserve() {
	limit := max(p.end/16, firstBlock)
	// Every node but text starts with '<', end tags make no node, and a
	// text node ends before a '<' that, usually, does not follow a '>'.
	pre := &p.pre
	est := 2*pre.lt - pre.endTags - pre.adjacent + 1
	if p.lim.SkipBlankText {
		// Most text between tags is indentation, which makes no node: one
		// node per start tag, comment or PI, and text past that grows a
		// block.
		est = pre.lt - pre.endTags + 1
	}
	nodes := min(max(est, 1), limit, p.lim.MaxNodes)
	p.nodes.reserve(nodes)
	p.kids.reserve(nodes)
	// Each attribute has one '=' outside its value.
	p.attrs.reserve(min(bytes.Count(p.src[:p.end], []byte("=")), limit))
}

// byteSize words a limit for people: whole MiB or KiB when exact, else bytes.
func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return textfmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return textfmt.Sprintf("%d KiB", n>>10)
	}
	return textfmt.Sprintf("%d bytes", n)
}
