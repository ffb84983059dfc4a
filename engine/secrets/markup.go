package secrets

import (
	"bytes"
	"strings"

	"github.com/iisconf/iisconf/engine/schema"
)

// scanner reads one text. It is not the engine's XML parser (xmltree),
// which rightly stops at the first well-formedness error: a file shared to
// ask why IIS rejects it is often broken, and its secrets must be found all
// the same. So this reads markup tolerantly — tags, attributes, text,
// comments, CDATA — keeping just enough of the element stack to know the
// section and schema element an attribute belongs to. Every loop moves
// forward, so a text of n bytes costs O(n) (comments are read twice).
type scanner struct {
	src   []byte
	sch   *schema.Schema
	found []Finding

	stack []frame
	// floor is the stack depth below which closing tags may not pop: the
	// depth at the start of the comment being read.
	floor     int
	inComment bool
	attrs     []attr // the current start tag's, reused

	// names interns element and attribute names (a file repeats a few
	// dozen thousands of times), and secretNames remembers isSecretName
	// of each: together they halve the scan's time.
	names       map[string]string
	secretNames map[string]bool
}

func (s *scanner) name(b []byte) string {
	if n, ok := s.names[string(b)]; ok {
		return n
	}
	if s.names == nil {
		s.names = map[string]string{}
	}
	n := string(b)
	s.names[n] = n
	return n
}

func (s *scanner) isSecretName(name string) bool {
	if v, ok := s.secretNames[name]; ok {
		return v
	}
	if s.secretNames == nil {
		s.secretNames = map[string]bool{}
	}
	v := isSecretName(name)
	s.secretNames[name] = v
	return v
}

// frame is an open element.
type frame struct {
	name string
	// group is the section-group path while outside any section
	// ("system.webServer/security"); inSection is true inside one, where
	// elem is the schema of this element (nil when the schema has none).
	group     string
	inSection bool
	elem      *schema.Element
	// textKind/textWhat: this element's text is a secret.
	textKind Kind
	textWhat string
	// valueWhat: the text of a <value> child is a secret (an
	// applicationSettings <setting> whose name says so).
	valueWhat string
}

// attr is one attribute of a start tag: its name and the raw value's
// byte range (between the quotes).
type attr struct {
	name string
	a, b int
}

func (s *scanner) add(a, b int, kind Kind, what string) {
	if s.inComment {
		what += " (in a comment)"
	}
	s.found = append(s.found, Finding{Start: a, End: b, Kind: kind, What: what})
}

// closeSearch bounds how far down the stack a closing tag looks for its
// element, so that a hostile nesting cannot make the scan quadratic.
const closeSearch = 64

// markup reads src[a:b] as markup. Inside a comment (the content of
// <!-- … -->, read as markup because commented-out elements keep their
// secrets) a further "<!--" is plain text.
func (s *scanner) markup(a, b int, inComment bool) {
	src := s.src
	i := a
	for i < b {
		lt := bytes.IndexByte(src[i:b], '<')
		if lt < 0 {
			s.text(i, b)
			return
		}
		s.text(i, i+lt)
		i += lt
		switch {
		case hasAt(src, i, b, "<!--"):
			end := indexFrom(src, i+4, b, "-->")
			if inComment {
				s.freeText(i+4, end, s.textPlace())
			} else {
				depth, floor := len(s.stack), s.floor
				s.floor, s.inComment = depth, true
				s.markup(i+4, end, true)
				s.stack, s.floor, s.inComment = s.stack[:depth], floor, false
			}
			i = min(end+3, b)
		case hasAt(src, i, b, "<![CDATA["):
			end := indexFrom(src, i+9, b, "]]>")
			s.text(i+9, end)
			i = min(end+3, b)
		case hasAt(src, i, b, "<?"):
			i = min(indexFrom(src, i+2, b, "?>")+2, b)
		case hasAt(src, i, b, "<!"):
			i = min(indexFrom(src, i+2, b, ">")+1, b)
		case hasAt(src, i, b, "</"):
			j := nameEnd(src, i+2, b)
			s.close(s.name(src[i+2 : j]))
			i = tagEnd(src, j, b)
		default:
			j := nameEnd(src, i+1, b)
			if j == i+1 {
				// A lone '<' (not well-formed): text.
				s.text(i, i+1)
				i++
				continue
			}
			name := s.name(src[i+1 : j])
			var selfClosing bool
			i, selfClosing = s.attributes(j, b)
			s.open(name, selfClosing)
		}
	}
}

// attributes reads the attributes of a start tag from i into s.attrs and
// returns the offset after the tag and whether it ended with "/>". A tag
// cut short by '<' or the end of the input ends there.
func (s *scanner) attributes(i, b int) (int, bool) {
	src := s.src
	s.attrs = s.attrs[:0]
	for i < b {
		c := src[i]
		switch {
		case isSpace(c):
			i++
		case c == '>':
			return i + 1, false
		case c == '/' && i+1 < b && src[i+1] == '>':
			return i + 2, true
		case c == '<':
			return i, false
		case isNameByte(c):
			j := nameEnd(src, i, b)
			name := s.name(src[i:j])
			k := j
			for k < b && isSpace(src[k]) {
				k++
			}
			if k >= b || src[k] != '=' {
				i = j // an attribute without a value (not XML): ignore it
				continue
			}
			k++
			for k < b && isSpace(src[k]) {
				k++
			}
			if k >= b {
				return b, false
			}
			if q := src[k]; q == '"' || q == '\'' {
				end := bytes.IndexByte(src[k+1:b], q)
				if end < 0 {
					// Unclosed: the value runs to the end of the line.
					end = k + 1
					for end < b && src[end] != '\n' && src[end] != '\r' {
						end++
					}
					s.attrs = append(s.attrs, attr{name, k + 1, end})
					i = end
					continue
				}
				s.attrs = append(s.attrs, attr{name, k + 1, k + 1 + end})
				i = k + 1 + end + 1
				continue
			}
			// An unquoted value (not XML): up to white space or the tag's end.
			end := k
			for end < b && !isSpace(src[end]) && src[end] != '>' && src[end] != '<' {
				end++
			}
			s.attrs = append(s.attrs, attr{name, k, end})
			i = end
		default:
			i++
		}
	}
	return b, false
}

// open applies the attribute and element rules to the start tag just read
// and pushes its frame unless it closed itself.
func (s *scanner) open(name string, selfClosing bool) {
	f := frame{name: name}
	var parent *frame
	if n := len(s.stack); n > 0 {
		parent = &s.stack[n-1]
	}
	switch {
	case parent != nil && parent.inSection:
		f.inSection = true
		f.elem = childElement(parent.elem, name)
	case parent == nil && name == "configuration", parent != nil && parent.group == "" && name == "location":
		// The root and <location> are transparent: sections sit directly in them.
	default:
		full := name
		if parent != nil && parent.group != "" {
			full = parent.group + "/" + name
		}
		if sec := s.sch.Section(full); sec != nil {
			f.inSection, f.elem = true, sec.Root
		} else {
			f.group = full
		}
	}

	src := s.src
	// A name/value item whose name says secret: <add key="DbPassword"
	// value="…">, <environmentVariable name="API_KEY" value="…">, or an
	// applicationSettings <setting name="ApiKey"> whose <value> child holds it.
	var itemName []byte
	valueAt := -1
	for i, at := range s.attrs {
		switch at.name {
		case "key", "name":
			if itemName == nil {
				itemName = src[at.a:at.b]
			}
		case "value":
			valueAt = i
		}
	}
	secretItem := mayBeSecretName(itemName) && isSecretName(string(itemName))
	// An element that carries a public key (Mono's <map Token="…"
	// PublicKey="…">) names it by its token: public material, not a secret.
	public := false
	for _, at := range s.attrs {
		if (strings.Contains(at.name, "ublic") || strings.Contains(at.name, "UBLIC")) && hasWord(at.name, "public") {
			public = true
		}
	}
	if secretItem && valueAt < 0 {
		f.valueWhat = `value of <` + name + ` name="` + string(itemName) + `">`
	}
	for i, at := range s.attrs {
		where := place{attr: at.name, elem: name}
		switch {
		case i == valueAt && secretItem:
			if a, b, ok := secretValue(src, at.a, at.b); ok {
				s.add(a, b, Setting, `value of <`+name+` `+keyAttr(s.attrs)+`="`+string(itemName)+`">`)
			}
		case at.name != "key" && at.name != "name" && at.name != "value" &&
			(encrypted(f.elem, at.name) || (!public && s.isSecretName(at.name))):
			if a, b, ok := secretValue(src, at.a, at.b); ok {
				switch {
				case isEncToken(src[a:b]):
					s.add(a, b, Encrypted, "encrypted "+where.String())
				case at.name == "sessionKey":
					// configProtectedData's AES providers keep their key
					// encrypted with the server's machine key.
					s.add(a, b, Encrypted, "encrypted key: "+where.String())
				default:
					s.add(a, b, Attribute, where.String())
				}
			}
		default:
			s.freeText(at.a, at.b, where)
		}
	}

	local := name
	if c := bytes.LastIndexByte([]byte(name), ':'); c >= 0 {
		local = name[c+1:]
	}
	switch {
	case parent != nil && parent.valueWhat != "" && local == "value":
		f.textKind, f.textWhat = Setting, parent.valueWhat
	case local == "CipherValue":
		f.textKind, f.textWhat = Encrypted, "encrypted value (<"+name+">)"
	case s.isSecretName(local):
		f.textKind, f.textWhat = Setting, "text of <"+name+">"
	}
	if !selfClosing {
		s.stack = append(s.stack, f)
	}
}

// keyAttr is the attribute that names a name/value item: key or name.
func keyAttr(attrs []attr) string {
	for _, at := range attrs {
		if at.name == "key" || at.name == "name" {
			return at.name
		}
	}
	return "name"
}

// close pops the stack down to the element a closing tag names; a closing
// tag that matches no open element nearby is ignored.
func (s *scanner) close(name string) {
	for i := len(s.stack) - 1; i >= s.floor && i >= len(s.stack)-closeSearch; i-- {
		if s.stack[i].name == name {
			s.stack = s.stack[:i]
			return
		}
	}
}

// text applies the text rules to src[a:b], text or CDATA content of the
// current element.
func (s *scanner) text(a, b int) {
	if a >= b {
		return
	}
	// In a comment, only an element opened in the comment makes its text a
	// secret: the comment itself is not the outer element's value.
	if n := len(s.stack); n > 0 && n > s.floor && s.stack[n-1].textWhat != "" {
		f := &s.stack[n-1]
		if a, b, ok := secretValue(s.src, a, b); ok {
			s.add(a, b, f.textKind, f.textWhat)
		}
		return
	}
	s.freeText(a, b, s.textPlace())
}

// place is where a value is, for a finding's What: an attribute of an
// element, or an element's text (attr empty). Built into words only when
// a secret is found there.
type place struct{ attr, elem, env string }

func (p place) String() string {
	switch {
	case p.env != "":
		return "environment variable " + p.env
	case p.attr != "":
		return p.attr + " on <" + p.elem + ">"
	case p.elem != "":
		return "the text of <" + p.elem + ">"
	}
	return "the text"
}

// textPlace is the place of the current element's text.
func (s *scanner) textPlace() place {
	if n := len(s.stack); n > 0 {
		return place{elem: s.stack[n-1].name}
	}
	return place{}
}

// childElement is the schema of a child element called name of e: a
// child element, or an item of one of e's collections.
func childElement(e *schema.Element, name string) *schema.Element {
	if e == nil {
		return nil
	}
	if c := e.Element(name); c != nil {
		return c
	}
	if e.Collection != nil && e.Collection.IsAdd(name) {
		return e.Collection.Item
	}
	for _, c := range e.MoreCollections {
		if c.IsAdd(name) {
			return c.Item
		}
	}
	return nil
}

// encrypted reports whether the schema marks e's attribute name encrypted.
func encrypted(e *schema.Element, name string) bool {
	if e == nil {
		return false
	}
	a := e.Attribute(name)
	return a != nil && a.Encrypted
}

func isNameByte(c byte) bool {
	return isUpper(c) || isLower(c) || isDigit(c) || c == '_' || c == ':' || c == '.' || c == '-' || c >= 0x80
}

// nameEnd is the end of the name starting at i.
func nameEnd(src []byte, i, b int) int {
	for i < b && isNameByte(src[i]) {
		i++
	}
	return i
}

// tagEnd is the offset after the '>' that ends a tag from i, or the
// offset of a '<' that comes first (a broken tag), or b.
func tagEnd(src []byte, i, b int) int {
	for ; i < b; i++ {
		switch src[i] {
		case '>':
			return i + 1
		case '<':
			return i
		}
	}
	return b
}

func hasAt(src []byte, i, b int, s string) bool {
	return b-i >= len(s) && string(src[i:i+len(s)]) == s
}

// indexFrom is the offset of s in src[i:b], or b when it is not there.
func indexFrom(src []byte, i, b int, s string) int {
	if i >= b {
		return b
	}
	if k := bytes.Index(src[i:b], []byte(s)); k >= 0 {
		return i + k
	}
	return b
}
