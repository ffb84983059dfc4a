package xmltree

import (
	"bytes"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// dupMapThreshold is the attribute count above which duplicates are found
// with a map instead of a linear scan, keeping a start tag with a million
// attributes linear while the usual handful needs no map at all.
const dupMapThreshold = 16

// parseStartTag reads the start tag at i ('<' followed by anything but
// '/', '!' or '?') and returns the element, the offset after the tag and
// whether it was self-closing.
func (p *parser) parseStartTag(i int, parent *Node) (*Node, int, bool, *SyntaxError) {
	nameAt := i + 1
	ne := scanName(p.src, nameAt, p.end)
	if ne == nameAt {
		if nameAt < p.end && isSpace(p.src[nameAt]) {
			return nil, 0, false, p.errAt(nameAt, "white space is not allowed between '<' and the element name")
		}
		return nil, 0, false, p.badName(nameAt, "an element name after '<'")
	}
	n, err := p.newNode(ElementNode, i)
	if err != nil {
		return nil, 0, false, err
	}
	n.Name = p.names.get(p.src[nameAt:ne])
	n.Parent = parent
	p.attrBuf = p.attrs.window(attrWindow)
	j := ne
	for {
		k := p.skipSpace(j)
		if k >= p.end {
			return nil, 0, false, p.eofErr(textfmt.Sprintf("unexpected end of file inside the start tag of <%s> (opened at line %d)", n.Name, n.Start.Line))
		}
		switch c := p.src[k]; {
		case c == '>':
			n.StartTagEnd = int32(k + 1)
			n.Attrs = p.takeAttrs()
			return n, k + 1, false, nil
		case c == '/':
			if k+1 >= p.end || p.src[k+1] != '>' {
				return nil, 0, false, p.errAt(k, textfmt.Sprintf("expected '/>' to end <%s>, found '/' followed by %s", n.Name, p.describeChar(k+1)))
			}
			n.StartTagEnd = int32(k + 2)
			n.End = int32(k + 2)
			n.SelfClosing = true
			n.Attrs = p.takeAttrs()
			return n, k + 2, true, nil
		case k == j:
			// No white space: a name cannot be followed directly by
			// another name, and a value must be separated from the
			// next attribute.
			if j == ne {
				return nil, 0, false, p.errAt(k, textfmt.Sprintf("character %s is not allowed in the element name <%s>", p.describeChar(k), n.Name))
			}
			return nil, 0, false, p.errAt(k, textfmt.Sprintf("expected white space, '>' or '/>' after an attribute value in <%s>, found %s", n.Name, p.describeChar(k)))
		}
		next, err := p.parseAttr(k, n)
		if err != nil {
			return nil, 0, false, err
		}
		j = next
	}
}

// takeAttrs hands out the attributes of the tag just read as a slice of
// exactly the right size, carved from the attribute slab (where they were
// read: copying them there was a tenth of the parse).
func (p *parser) takeAttrs() []Attr {
	return p.attrs.keep(p.attrBuf)
}

// attrWindow is the room a start tag's attributes are read into in place;
// a tag with more moves them to the heap as append does, and keep copies
// them back.
const attrWindow = 16

// parseAttr reads one attribute name="value" starting at i.
func (p *parser) parseAttr(i int, elem *Node) (int, *SyntaxError) {
	ne := scanName(p.src, i, p.end)
	if ne == i {
		return 0, p.badName(i, textfmt.Sprintf("an attribute name, '>' or '/>' in <%s>", elem.Name))
	}
	a := Attr{Name: p.names.get(p.src[i:ne]), NamePos: p.cursor.at(i)}
	eq := p.skipSpace(ne)
	if eq >= p.end {
		return 0, p.eofErr(textfmt.Sprintf("unexpected end of file inside the start tag of <%s> (opened at line %d)", elem.Name, elem.Start.Line))
	}
	if p.src[eq] != '=' {
		if eq == ne && !isSpace(p.src[eq]) && p.src[eq] >= utf8.RuneSelf {
			return 0, p.errAt(eq, textfmt.Sprintf("character %s is not allowed in the attribute name '%s'", p.describeChar(eq), a.Name))
		}
		return 0, p.errAt(eq, textfmt.Sprintf("expected '=' after attribute name '%s', found %s", a.Name, p.describeChar(eq)))
	}
	q := p.skipSpace(eq + 1)
	if q >= p.end {
		return 0, p.eofErr(textfmt.Sprintf("unexpected end of file inside the start tag of <%s> (opened at line %d)", elem.Name, elem.Start.Line))
	}
	if p.src[q] != '"' && p.src[q] != '\'' {
		return 0, p.errAt(q, textfmt.Sprintf("the value of attribute '%s' must be in quotes, found %s", a.Name, p.describeChar(q)))
	}
	a.Quote = p.src[q]
	a.ValueStart = int32(q + 1)
	// One pass finds the closing quote and whether the value has
	// anything to decode; most values are plain.
	k := q + 1
	decodeIt := false
	for {
		if k >= p.end {
			return 0, p.eofErr(textfmt.Sprintf("unexpected end of file in the value of attribute '%s' (quote opened at line %d)", a.Name, p.cursor.at(q).Line))
		}
		c := p.src[k]
		if byteClass[c]&stopInAttr != 0 {
			if c == a.Quote {
				break
			}
			if c == '<' {
				return 0, p.ltInValue(k, q, a)
			}
			if c != '"' && c != '\'' {
				decodeIt = true
			}
		}
		k++
	}
	a.ValueEnd = int32(k)
	if decodeIt {
		var err *SyntaxError
		if a.Value, err = p.decode(q+1, k, inAttribute); err != nil {
			return 0, err
		}
	} else {
		a.Value = p.view(p.src[q+1 : k])
	}
	if err := p.addAttr(a, elem); err != nil {
		return 0, err
	}
	return k + 1, nil
}

// ltInValue reports the '<' at lt inside the value of a, whose quote is at
// q: a missing closing quote when there is none before the end of input
// (it usually runs into the next tag), else a '<' that must be escaped.
func (p *parser) ltInValue(lt, q int, a Attr) *SyntaxError {
	if bytes.IndexByte(p.src[lt:p.end], a.Quote) < 0 {
		return p.errAt(lt, textfmt.Sprintf("'<' is not allowed in an attribute value; is the closing %s of attribute '%s' (opened at line %d) missing?",
			quoteName(a.Quote), a.Name, p.cursor.at(q).Line))
	}
	return p.errAt(lt, textfmt.Sprintf("'<' is not allowed in the value of attribute '%s' (write '&lt;')", a.Name))
}

func quoteName(q byte) string {
	if q == '"' {
		return `'"'`
	}
	return `"'"`
}

// addAttr appends a to the tag being read after checking the limit and
// that its name is new.
func (p *parser) addAttr(a Attr, elem *Node) *SyntaxError {
	if len(p.attrBuf) >= p.lim.MaxAttributes {
		return &SyntaxError{Pos: a.NamePos, Msg: textfmt.Sprintf("element <%s> has more than %d attributes", elem.Name, p.lim.MaxAttributes)}
	}
	first := -1
	switch {
	case len(p.attrBuf) < dupMapThreshold:
		for k := range p.attrBuf {
			if p.attrBuf[k].Name == a.Name {
				first = k
				break
			}
		}
	default:
		if len(p.attrBuf) == dupMapThreshold {
			if p.attrSeen == nil {
				p.attrSeen = make(map[string]int)
			}
			clear(p.attrSeen)
			for k := range p.attrBuf {
				p.attrSeen[p.attrBuf[k].Name] = k
			}
		}
		if k, ok := p.attrSeen[a.Name]; ok {
			first = k
		} else {
			p.attrSeen[a.Name] = len(p.attrBuf)
		}
	}
	if first >= 0 {
		f := p.attrBuf[first].NamePos
		return &SyntaxError{Pos: a.NamePos, Msg: textfmt.Sprintf("attribute '%s' appears twice (first at line %d, column %d)", a.Name, f.Line, f.Col)}
	}
	p.attrBuf = append(p.attrBuf, a)
	return nil
}

// badName explains why no name starts at i, where one was expected.
func (p *parser) badName(i int, expected string) *SyntaxError {
	if i >= p.end {
		return p.eofErr("unexpected end of file where " + expected + " was expected")
	}
	c := p.src[i]
	switch {
	case c >= utf8.RuneSelf || asciiName[c]&asciiNameChar != 0:
		r, _ := utf8.DecodeRune(p.src[i:p.end])
		if isNameRune(r) {
			return p.errAt(i, textfmt.Sprintf("a name cannot start with %s", p.describeChar(i)))
		}
	}
	return p.errAt(i, textfmt.Sprintf("expected %s, found %s", expected, p.describeChar(i)))
}
