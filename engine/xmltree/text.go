package xmltree

import (
	"bytes"
	"unicode/utf8"
	"unsafe"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// decodeMode selects the normalisation XML applies to a piece of text.
type decodeMode uint8

const (
	// inContent: CRLF and lone CR become LF (§2.11).
	inContent decodeMode = iota
	// inAttribute: additionally, literal tab, LF and CR become a space,
	// CRLF becoming one space (§3.3.3). Characters produced by references
	// are kept as they are.
	inAttribute
)

// Byte classes for the scanning loops of attribute values and text: one
// table load per byte tells whether the loop must look closer.
const (
	stopInAttr = 1 << iota // a quote, '<', '&', or white space that normalisation changes
	stopInText             // '<', '&', '\r' or ']'
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte("\"'<&\r\n\t") {
		t[c] |= stopInAttr
	}
	for _, c := range []byte("<&\r]") {
		t[c] |= stopInText
	}
	return t
}()

// decode returns src[start:stop] with references decoded and line ends and
// (for attributes) white space normalised. The caller has checked that the
// raw text holds no '<' and that it holds something to decode; text with
// nothing to decode goes to p.str directly.
func (p *parser) decode(start, stop int, mode decodeMode) (string, *SyntaxError) {
	buf := p.valBuf[:0]
	k := start
	for k < stop {
		c := p.src[k]
		switch {
		case c == '&':
			var err *SyntaxError
			if buf, k, err = p.appendRef(buf, k, stop); err != nil {
				return "", err
			}
		case c == '\r':
			if mode == inAttribute {
				buf = append(buf, ' ')
			} else {
				buf = append(buf, '\n')
			}
			k++
			if k < stop && p.src[k] == '\n' {
				k++
			}
		case mode == inAttribute && (c == '\n' || c == '\t'):
			buf = append(buf, ' ')
			k++
		default:
			// Copy the run up to the next byte that needs attention.
			run := k + 1
			for run < stop && !needsDecoding(p.src[run], mode) {
				run++
			}
			buf = append(buf, p.src[k:run]...)
			k = run
		}
	}
	p.valBuf = buf
	return p.str(buf, mode), nil
}

func needsDecoding(c byte, mode decodeMode) bool {
	return c == '&' || c == '\r' || mode == inAttribute && (c == '\n' || c == '\t')
}

// str makes the string for a (decoded) value or text. White space runs
// that indent every line of a config file are interned, so the thousands
// of "\n    " share memory; everything else is copied into the arena.
// view is a string with the contents of b, a part of src: src itself
// when the parser may borrow it, else a copy.
func (p *parser) view(b []byte) string {
	if !p.borrow || len(b) == 0 {
		return p.arena.string(b)
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// srcStr is str for content text that is a part of src: a view of it
// where str would copy.
func (p *parser) srcStr(b []byte) string {
	if !p.borrow || len(b) <= maxInternLen && allSpace(b) {
		return p.str(b, inContent)
	}
	return p.view(b)
}

func (p *parser) str(b []byte, mode decodeMode) string {
	if mode == inContent && len(b) <= maxInternLen && allSpace(b) {
		return p.names.get(b)
	}
	return p.arena.string(b)
}

// Most text nodes are a line end and the indentation of the next tag.
// indentation recognises that shape (CRLF, CR or LF, then spaces only or
// tabs only) and returns its decoded form as a slice of a constant, with
// no decoding, hashing or copying.
const (
	lfSpaces = "\n                                                                "
	lfTabs   = "\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
)

func indentation(raw []byte) (string, bool) {
	k := 0
	switch {
	case len(raw) >= 2 && raw[0] == '\r' && raw[1] == '\n':
		k = 2
	case len(raw) >= 1 && (raw[0] == '\n' || raw[0] == '\r'):
		k = 1
	default:
		return "", false
	}
	indent := len(raw) - k
	if indent == 0 {
		return lfSpaces[:1], true
	}
	pad, max := byte(' '), len(lfSpaces)-1
	if raw[k] == '\t' {
		pad, max = '\t', len(lfTabs)-1
	}
	if indent > max {
		return "", false
	}
	for _, c := range raw[k:] {
		if c != pad {
			return "", false
		}
	}
	if pad == '\t' {
		return lfTabs[:1+indent], true
	}
	return lfSpaces[:1+indent], true
}

func allSpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// appendRef decodes the entity or character reference at src[i] == '&',
// which must end before stop, and appends its text to buf.
func (p *parser) appendRef(buf []byte, i, stop int) ([]byte, int, *SyntaxError) {
	j := i + 1
	if j < stop && p.src[j] == '#' {
		return p.appendCharRef(buf, i, stop)
	}
	ne := scanName(p.src, j, stop)
	if ne == j {
		return buf, 0, p.errAt(i, "'&' must start an entity or character reference (write '&amp;' for a literal '&')")
	}
	if ne >= stop || p.src[ne] != ';' {
		return buf, 0, p.errAt(i, textfmt.Sprintf("entity reference '&%s' is missing its ';' (write '&amp;' for a literal '&')", p.src[j:ne]))
	}
	var text string
	switch string(p.src[j:ne]) {
	case "lt":
		text = "<"
	case "gt":
		text = ">"
	case "amp":
		text = "&"
	case "apos":
		text = "'"
	case "quot":
		text = "\""
	default:
		return buf, 0, p.errAt(i, textfmt.Sprintf("undefined entity '&%s;' (XML predefines only &lt; &gt; &amp; &apos; &quot;)", p.src[j:ne]))
	}
	return append(buf, text...), ne + 1, nil
}

// appendCharRef decodes "&#N;" or "&#xH;" at i.
func (p *parser) appendCharRef(buf []byte, i, stop int) ([]byte, int, *SyntaxError) {
	j := i + 2
	base := 10
	if j < stop && p.src[j] == 'x' {
		base = 16
		j++
	}
	digits := j
	value := 0
	for ; j < stop; j++ {
		d := digitValue(p.src[j], base)
		if d < 0 {
			break
		}
		// Saturate instead of overflowing on absurdly long numbers.
		value = min(value*base+d, utf8.MaxRune+1)
	}
	ref := string(p.src[i:min(j+1, stop)])
	if j == digits {
		return buf, 0, p.errAt(i, "character reference '&#' must be followed by decimal digits or 'x' and hex digits, then ';'")
	}
	if j >= stop || p.src[j] != ';' {
		return buf, 0, p.errAt(i, textfmt.Sprintf("character reference '%s' is missing its ';'", p.src[i:j]))
	}
	if value > utf8.MaxRune {
		return buf, 0, p.errAt(i, textfmt.Sprintf("character reference '%s' is beyond U+10FFFF", ref))
	}
	if !isXMLChar(rune(value)) {
		return buf, 0, p.errAt(i, textfmt.Sprintf("character reference '%s' names U+%04X, which is not allowed in XML", ref, value))
	}
	return utf8.AppendRune(buf, rune(value)), j + 1, nil
}

func digitValue(c byte, base int) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// parseText reads character data starting at i (not '<') up to the next
// markup or the end of input, and adds it to parent as a TextNode.
func (p *parser) parseText(i int, parent *Node) (int, *SyntaxError) {
	if p.lim.SkipBlankText {
		// Most text is the indentation between two tags, which makes
		// no node here: step over white space, and done if markup (or
		// the end) follows.
		j := i
		for j < p.end && isSpace(p.src[j]) {
			j++
		}
		if j >= p.end || p.src[j] == '<' {
			return j, nil
		}
	}
	// One pass finds the end and whether there is anything to decode
	// or check; most text is the white space between two tags.
	stop := i
	decodeIt, bracket := false, false
	for stop < p.end {
		c := p.src[stop]
		if byteClass[c]&stopInText != 0 {
			if c == '<' {
				break
			}
			if c == ']' {
				bracket = true
			} else {
				decodeIt = true
			}
		}
		stop++
	}
	raw := p.src[i:stop]
	if bracket {
		if k := bytes.Index(raw, []byte("]]>")); k >= 0 {
			return 0, p.errAt(i+k, "']]>' is not allowed in text (write ']]&gt;')")
		}
	}
	if p.lim.SkipBlankText && isBlank(raw) {
		return stop, nil
	}
	n, err := p.newNode(TextNode, i)
	if err != nil {
		return 0, err
	}
	if ws, ok := indentation(raw); ok {
		n.Text = ws
	} else if decodeIt {
		if n.Text, err = p.decode(i, stop, inContent); err != nil {
			return 0, err
		}
	} else {
		n.Text = p.srcStr(raw)
	}
	n.Parent = parent
	n.End = int32(stop)
	n.StartTagEnd = int32(stop)
	p.childBuf = append(p.childBuf, n)
	return stop, nil
}

// isBlank reports whether raw is only XML white space.
func isBlank(raw []byte) bool {
	for _, c := range raw {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}
