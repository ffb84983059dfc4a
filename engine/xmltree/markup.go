package xmltree

import (
	"bytes"
	"strings"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// This file reads the markup that is not elements: comments, processing
// instructions, CDATA sections, the XML declaration and DOCTYPE.

// parseComment reads "<!--...-->" at i.
func (p *parser) parseComment(i int) (*Node, int, *SyntaxError) {
	n, err := p.newNode(CommentNode, i)
	if err != nil {
		return nil, 0, err
	}
	body := i + len("<!--")
	// The first "--" after the opening must be the start of "-->".
	k := bytes.Index(p.src[body:p.end], []byte("--"))
	if k < 0 || body+k+2 >= p.end {
		return nil, 0, p.unclosed(i, "comment", "-->")
	}
	dash := body + k
	if p.src[dash+2] != '>' {
		return nil, 0, p.errAt(dash, "'--' is not allowed inside a comment")
	}
	n.Text = p.eolText(p.src[body:dash])
	n.End = int32(dash + 3)
	n.StartTagEnd = n.End
	return n, int(n.End), nil
}

// parseCDATA reads "<![CDATA[...]]>" at i.
func (p *parser) parseCDATA(i int) (*Node, int, *SyntaxError) {
	n, err := p.newNode(CDataNode, i)
	if err != nil {
		return nil, 0, err
	}
	body := i + len("<![CDATA[")
	k := bytes.Index(p.src[body:p.end], []byte("]]>"))
	if k < 0 {
		return nil, 0, p.unclosed(i, "CDATA section", "]]>")
	}
	n.Text = p.eolText(p.src[body : body+k])
	n.End = int32(body + k + 3)
	n.StartTagEnd = n.End
	return n, int(n.End), nil
}

// parsePI reads a processing instruction "<?target data?>" at i.
func (p *parser) parsePI(i int) (*Node, int, *SyntaxError) {
	t := i + 2
	te := scanName(p.src, t, p.end)
	if te == t {
		if t >= p.end {
			return nil, 0, p.eofErr("unexpected end of file after '<?'")
		}
		return nil, 0, p.errAt(t, "expected a processing instruction target after '<?'")
	}
	target := string(p.src[t:te])
	if strings.EqualFold(target, "xml") {
		if target == "xml" {
			return nil, 0, p.errAt(i, "the XML declaration <?xml ...?> is allowed only at the very start of the file (nothing, not even white space, may come before it)")
		}
		return nil, 0, p.errAt(t, textfmt.Sprintf("processing instruction target '%s' is reserved", target))
	}
	n, err := p.newNode(PINode, i)
	if err != nil {
		return nil, 0, err
	}
	n.Name = p.names.get(p.src[t:te])
	body := te
	if !p.hasAt(te, "?>") {
		if te >= p.end {
			return nil, 0, p.unclosed(i, "processing instruction", "?>")
		}
		if !isSpace(p.src[te]) {
			return nil, 0, p.errAt(te, textfmt.Sprintf("expected white space or '?>' after processing instruction target '%s', found %s", target, p.describeChar(te)))
		}
		body = p.skipSpace(te)
	}
	k := bytes.Index(p.src[body:p.end], []byte("?>"))
	if k < 0 {
		return nil, 0, p.unclosed(i, "processing instruction", "?>")
	}
	n.Text = p.eolText(p.src[body : body+k])
	n.End = int32(body + k + 2)
	n.StartTagEnd = n.End
	return n, int(n.End), nil
}

// unclosed reports markup opened at start that never finds its terminator.
func (p *parser) unclosed(start int, what, terminator string) *SyntaxError {
	if p.end < len(p.src) {
		return p.badCharErr()
	}
	return p.errAt(p.end, textfmt.Sprintf("unexpected end of file: %s opened at line %d is not closed with '%s'",
		what, p.cursor.at(start).Line, terminator))
}

// eolText returns b as a string with line ends normalised to LF.
func (p *parser) eolText(b []byte) string {
	if bytes.IndexByte(b, '\r') < 0 {
		return p.arena.string(b)
	}
	out := p.valBuf[:0]
	for k := 0; k < len(b); k++ {
		if b[k] == '\r' {
			out = append(out, '\n')
			if k+1 < len(b) && b[k+1] == '\n' {
				k++
			}
			continue
		}
		out = append(out, b[k])
	}
	p.valBuf = out
	return p.arena.string(out)
}

// declAttr is one pseudo-attribute of the XML declaration.
type declAttr struct {
	name, value string
	at          int // offset of the name
	valueAt     int // offset of the first character of the value
}

// parseXMLDecl reads the XML declaration at i (already known to start with
// "<?xml" and white space or '?') and returns the offset after it.
func (p *parser) parseXMLDecl(i int) (int, *SyntaxError) {
	var attrs []declAttr
	j := i + len("<?xml")
	for {
		k := p.skipSpace(j)
		if p.hasAt(k, "?>") {
			j = k + 2
			break
		}
		if k >= p.end {
			return 0, p.unclosed(i, "XML declaration", "?>")
		}
		if k == j {
			return 0, p.errAt(k, textfmt.Sprintf("expected white space in the XML declaration, found %s", p.describeChar(k)))
		}
		ne := k
		for ne < p.end && (p.src[ne] >= 'a' && p.src[ne] <= 'z' || p.src[ne] >= 'A' && p.src[ne] <= 'Z') {
			ne++
		}
		if ne == k {
			return 0, p.errAt(k, textfmt.Sprintf("expected version, encoding or standalone in the XML declaration, found %s", p.describeChar(k)))
		}
		a := declAttr{name: string(p.src[k:ne]), at: k}
		e := p.skipSpace(ne)
		if e >= p.end || p.src[e] != '=' {
			return 0, p.errAt(e, textfmt.Sprintf("expected '=' after '%s' in the XML declaration, found %s", a.name, p.describeChar(e)))
		}
		q := p.skipSpace(e + 1)
		if q >= p.end || (p.src[q] != '"' && p.src[q] != '\'') {
			return 0, p.errAt(q, textfmt.Sprintf("expected a quoted value for '%s' in the XML declaration, found %s", a.name, p.describeChar(q)))
		}
		ve := bytes.IndexByte(p.src[q+1:p.end], p.src[q])
		if ve < 0 {
			return 0, p.unclosed(q, textfmt.Sprintf("the value of '%s' in the XML declaration", a.name), string(p.src[q]))
		}
		a.valueAt = q + 1
		a.value = string(p.src[q+1 : q+1+ve])
		attrs = append(attrs, a)
		j = q + 1 + ve + 1
	}
	return j, p.checkXMLDecl(i, attrs)
}

// checkXMLDecl validates the pseudo-attributes: version first and "1.0",
// then an optional encoding, then an optional standalone, in that order.
func (p *parser) checkXMLDecl(declAt int, attrs []declAttr) *SyntaxError {
	order := []string{"version", "encoding", "standalone"}
	next := 0
	for _, a := range attrs {
		pos := -1
		for k, name := range order {
			if a.name == name {
				pos = k
			}
		}
		switch {
		case pos < 0:
			return p.errAt(a.at, textfmt.Sprintf("unknown '%s' in the XML declaration (only version, encoding and standalone are allowed)", a.name))
		case pos < next:
			return p.errAt(a.at, textfmt.Sprintf("'%s' is repeated or out of order in the XML declaration (the order is version, encoding, standalone)", a.name))
		case next == 0 && pos != 0:
			return p.errAt(a.at, "the XML declaration must begin with version=\"1.0\"")
		}
		next = pos + 1
		switch a.name {
		case "version":
			if a.value != "1.0" {
				return p.errAt(a.valueAt, textfmt.Sprintf("unsupported XML version '%s' (only 1.0 is supported)", a.value))
			}
		case "encoding":
			if !isEncName(a.value) {
				return p.errAt(a.valueAt, textfmt.Sprintf("'%s' is not a valid encoding name", a.value))
			}
			if msg := checkDeclaredEncoding(a.value, p.doc.SourceEncoding, p.pre.nonASCII); msg != "" {
				return p.errAt(a.valueAt, msg)
			}
			p.doc.Encoding = a.value
		case "standalone":
			if a.value != "yes" && a.value != "no" {
				return p.errAt(a.valueAt, textfmt.Sprintf("standalone must be \"yes\" or \"no\", not '%s'", a.value))
			}
		}
	}
	if next == 0 {
		return p.errAt(declAt, "the XML declaration must begin with version=\"1.0\"")
	}
	return nil
}

// isEncName checks the EncName production: [A-Za-z] ([A-Za-z0-9._] | '-')*.
func isEncName(s string) bool {
	if s == "" {
		return false
	}
	for k := 0; k < len(s); k++ {
		c := s[k]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if k == 0 && !letter {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// parseDoctype reads "<!DOCTYPE name [external id] >" at i and skips it.
// An internal subset is refused: configuration files never have one, and
// refusing it keeps entity declarations (and their expansion attacks) out.
func (p *parser) parseDoctype(i int) (int, *SyntaxError) {
	j := i + len("<!DOCTYPE")
	k := p.skipSpace(j)
	if k == j {
		return 0, p.errAt(j, textfmt.Sprintf("expected white space after '<!DOCTYPE', found %s", p.describeChar(j)))
	}
	ne := scanName(p.src, k, p.end)
	if ne == k {
		return 0, p.errAt(k, textfmt.Sprintf("expected the root element name in <!DOCTYPE>, found %s", p.describeChar(k)))
	}
	j = ne
	k = p.skipSpace(j)
	if k > j && (p.hasAt(k, "SYSTEM") || p.hasAt(k, "PUBLIC")) {
		public := p.hasAt(k, "PUBLIC")
		j = k + len("SYSTEM")
		var err *SyntaxError
		if public {
			if j, err = p.doctypeLiteral(i, j, true); err != nil {
				return 0, err
			}
		}
		if j, err = p.doctypeLiteral(i, j, false); err != nil {
			return 0, err
		}
		k = p.skipSpace(j)
	}
	if k >= p.end {
		return 0, p.unclosed(i, "<!DOCTYPE>", ">")
	}
	switch p.src[k] {
	case '[':
		return 0, p.errAt(k, "a <!DOCTYPE> with an internal subset ('[...]') is not supported in configuration files")
	case '>':
		return k + 1, nil
	}
	return 0, p.errAt(k, textfmt.Sprintf("expected '>' to end <!DOCTYPE>, found %s", p.describeChar(k)))
}

// doctypeLiteral reads white space and a quoted system or public literal
// starting at j, returning the offset after its closing quote.
func (p *parser) doctypeLiteral(doctypeAt, j int, public bool) (int, *SyntaxError) {
	what := "system literal"
	if public {
		what = "public identifier"
	}
	k := p.skipSpace(j)
	if k == j || k >= p.end || (p.src[k] != '"' && p.src[k] != '\'') {
		return 0, p.errAt(k, textfmt.Sprintf("expected white space and a quoted %s in <!DOCTYPE>, found %s", what, p.describeChar(k)))
	}
	q := p.src[k]
	e := bytes.IndexByte(p.src[k+1:p.end], q)
	if e < 0 {
		return 0, p.unclosed(doctypeAt, "<!DOCTYPE>", ">")
	}
	if public {
		for m := k + 1; m < k+1+e; m++ {
			if !isPubidChar(p.src[m]) {
				return 0, p.errAt(m, textfmt.Sprintf("character %s is not allowed in a public identifier", p.describeChar(m)))
			}
		}
	}
	return k + 1 + e + 1, nil
}

// isPubidChar checks the PubidChar production.
func isPubidChar(c byte) bool {
	return c == ' ' || c == '\r' || c == '\n' ||
		c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("-'()+,./:=?;!*#@$_%", c) >= 0
}
