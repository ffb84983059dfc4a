package xmltree

import (
	"slices"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/diag"
)

// lineIndex maps byte offsets to 1-based lines and columns. starts[i] is the
// offset of the first byte of line i+1. CRLF, lone CR and LF each end a line.
// colBase is where column 1 of line 1 begins: just after a BOM, which
// occupies no column because no editor shows it.
//
// wide has bit l set when line l holds a byte >= 0x80. Columns count code
// points, but on the other lines (nearly all of a config file) a column is
// a byte, so most positions cost a subtraction instead of a rune count.
type lineIndex struct {
	starts  []int32 // int32 as Pos: a large file has hundreds of thousands of lines
	colBase int
	wide    []uint64
}

// markNonASCII records that the last line started so far holds a
// non-ASCII byte.
func (li *lineIndex) markNonASCII() {
	l := len(li.starts) - 1
	for l>>6 >= len(li.wide) {
		li.wide = append(li.wide, 0)
	}
	li.wide[l>>6] |= 1 << (l & 63)
}

func (li *lineIndex) isWide(l int) bool {
	return l>>6 < len(li.wide) && li.wide[l>>6]&(1<<(l&63)) != 0
}

// lineOf returns the 0-based line index holding offset.
func (li *lineIndex) lineOf(offset int) int {
	// The first start greater than offset belongs to the next line.
	l, _ := slices.BinarySearch(li.starts, int32(offset+1))
	return l - 1
}

// columnStart is the offset column 1 of line index l begins at.
func (li *lineIndex) columnStart(l int) int {
	if l == 0 && li.colBase > int(li.starts[0]) {
		return li.colBase
	}
	return int(li.starts[l])
}

// posCursor turns a mostly increasing sequence of offsets into positions in
// amortised constant time per call: it walks forward from the line of the
// previous answer, and on a line with non-ASCII text it resumes counting
// code points from the previous answer, so a single 10 MB line with a
// million attributes stays linear.
type posCursor struct {
	src  []byte
	li   *lineIndex
	last Pos
	line int // 0-based line index of last
	ok   bool
}

func (c *posCursor) at(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(c.src) {
		offset = len(c.src)
	}
	li := c.li
	l := c.lineOfFrom(offset)
	from := li.columnStart(l)
	col := 1
	switch {
	case offset <= from:
	case !li.isWide(l):
		col += offset - from
	case c.ok && l == c.line && offset >= int(c.last.Offset) && int(c.last.Offset) >= from:
		col = int(c.last.Col) + utf8.RuneCount(c.src[c.last.Offset:offset])
	default:
		col += utf8.RuneCount(c.src[from:offset])
	}
	c.last = Pos{Offset: int32(offset), Line: int32(l + 1), Col: int32(col)}
	c.line = l
	c.ok = true
	return c.last
}

// lineOfFrom finds the line of offset, walking forward a few lines from the
// cursor before falling back to binary search.
func (c *posCursor) lineOfFrom(offset int) int {
	starts := c.li.starts
	if c.ok && offset >= int(c.last.Offset) {
		l := c.line
		for steps := 0; steps < 8; steps++ {
			if l+1 >= len(starts) || offset < int(starts[l+1]) {
				return l
			}
			l++
		}
	}
	return c.li.lineOf(offset)
}

// PosAt returns the line and column of a byte offset into d.Src. Offsets
// outside Src are clamped to it.
func (d *Document) PosAt(offset int) Pos {
	c := posCursor{src: d.Src, li: &d.lines}
	if len(d.lines.starts) == 0 {
		return Pos{Offset: 0, Line: 1, Col: 1}
	}
	return c.at(offset)
}

// LineCount returns the number of lines of d.Src. Text after the last line
// end, even when empty, is a line: "a\n" has two lines, the second empty,
// because a position just after the final newline is on line 2.
func (d *Document) LineCount() int {
	return len(d.lines.starts)
}

// LineText returns the text of 1-based line n without its line end, or ""
// when there is no such line. A BOM at the start of line 1 is left out.
func (d *Document) LineText(n int) string {
	li := &d.lines
	if n < 1 || n > len(li.starts) {
		return ""
	}
	start := li.columnStart(n - 1)
	end := len(d.Src)
	if n < len(li.starts) {
		end = int(li.starts[n])
	}
	// Drop the line end: LF, CR or CRLF.
	if end > start && d.Src[end-1] == '\n' {
		end--
	}
	if end > start && d.Src[end-1] == '\r' {
		end--
	}
	return string(d.Src[start:end])
}

// Lines resolves byte offsets of any text to lines and columns by the same
// rules as Document.PosAt (CRLF, CR and LF end a line; columns count code
// points; a UTF-8 BOM takes no column), for texts that did not parse or
// are not XML: every position the engine reports follows one rule.
type Lines struct {
	src []byte
	li  lineIndex
}

// IndexLines indexes the line starts of src.
func IndexLines(src []byte) *Lines {
	bom := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		bom = 3
	}
	ps := prescan{}
	ps.lines.starts = make([]int32, 1, len(src)/40+1)
	ps.lines.colBase = bom
	ps.finishLines(src, bom)
	return &Lines{src: src, li: ps.lines}
}

// Lines is the document's line index, for resolving positions of its Src.
func (d *Document) Lines() *Lines { return &Lines{src: d.Src, li: d.lines} }

// PosAt returns the line and column of a byte offset (clamped to the text).
func (l *Lines) PosAt(offset int) Pos {
	if len(l.li.starts) == 0 {
		return Pos{Offset: 0, Line: 1, Col: 1}
	}
	c := posCursor{src: l.src, li: &l.li}
	return c.at(offset)
}

// LineStart is the offset column 1 of the 1-based line n begins at (after
// a BOM on line 1); -1 when there is no such line.
func (l *Lines) LineStart(n int) int {
	if n < 1 || n > len(l.li.starts) {
		return -1
	}
	return l.li.columnStart(n - 1)
}

// Range is where a syntax error is reported in src (the parsed input):
// the character the parser stopped at, nothing at the end of the input.
func (e *SyntaxError) Range(src []byte) diag.Range {
	off := int(e.Pos.Offset)
	if off < 0 || off >= len(src) {
		return diag.Range{Offset: max(0, min(off, len(src)))}
	}
	_, n := utf8.DecodeRune(src[off:])
	return diag.Range{Offset: off, Length: n}
}

// Range is where an element is reported: its '<' and name, the part an
// editor underlines (a start tag with many attributes spans lines). Other
// nodes are reported whole.
func (n *Node) Range() diag.Range {
	if n.Kind == ElementNode {
		return diag.Range{Offset: int(n.Start.Offset), Length: 1 + len(n.Name)}
	}
	return diag.Range{Offset: int(n.Start.Offset), Length: int(n.End - n.Start.Offset)}
}

// Range is an attribute as written: its name, '=' and the quoted value.
func (a *Attr) Range() diag.Range {
	end := int(a.ValueEnd)
	if a.Quote != 0 {
		end++ // the closing quote
	}
	return diag.Range{Offset: int(a.NamePos.Offset), Length: end - int(a.NamePos.Offset)}
}
