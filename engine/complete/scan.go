package complete

import (
	"bytes"
	"strings"
)

// place says what kind of token the cursor is in.
type place uint8

const (
	inNothing   place = iota // a comment, CDATA, processing instruction or DOCTYPE
	inText                   // between tags
	inStartName              // the name of a start tag (after "<")
	inEndName                // the name of an end tag (after "</")
	inAttrName               // an attribute name, or the space between a tag's attributes
	inAttrValue              // inside an attribute value
)

// tagAttr is one attribute of the start tag the cursor is in.
type tagAttr struct {
	name             string
	nameFrom, nameTo int
	valFrom, valTo   int // the value's bytes, between the quotes
	hasValue         bool
}

// open is an element whose start tag the scanner has read.
type open struct {
	name string
	// path is a location tag's path attribute as written.
	path string
}

// cursor is what the scanner learned about a byte offset of a file.
type cursor struct {
	place place
	// stack holds the elements enclosing the cursor, outermost first;
	// for a start or end tag, the elements around it.
	stack []open
	// tag is the name of the tag the cursor is in (start and end tags,
	// attributes); attrs its attributes, attr the index of the one under
	// the cursor (-1 between attributes).
	tag   string
	attrs []tagAttr
	attr  int
	// from and to are the byte range of the token under the cursor: the
	// name being typed, or the whole attribute value.
	from, to int
}

// scan reads src tolerantly up to offset. The engine's parser (xmltree)
// rightly stops at the first well-formedness error, but a file being typed
// is broken most of the time: an unfinished tag, a missing end tag, an
// unclosed quote. So this reads tags, attributes, text, comments and the
// rest without ever failing, keeping the stack of open elements. A tag is
// cut short by a '<' (the user has gone on to the next one), an attribute
// value too (XML allows no '<' in one). An end tag pops up to the nearest
// open element of its name and is otherwise ignored. Every loop moves
// forward, so a text of n bytes costs O(n).
func scan(src []byte, offset int) cursor {
	if offset < 0 {
		offset = 0
	}
	if offset > len(src) {
		offset = len(src)
	}
	var stack []open
	n := len(src)
	i := 0
	for i < n {
		if offset < i { // inside a token none of the cases below names
			return cursor{place: inNothing, stack: stack, attr: -1}
		}
		if src[i] != '<' {
			j := indexFrom(src, i, "<")
			if offset >= i && offset <= j {
				return cursor{place: inText, stack: stack, from: offset, to: offset, attr: -1}
			}
			i = j
			continue
		}
		if offset == i {
			return cursor{place: inText, stack: stack, from: offset, to: offset, attr: -1}
		}
		if stop, ok := skipMarkup(src, i); ok {
			if offset > i && offset < stop {
				return cursor{place: inNothing, stack: stack, attr: -1}
			}
			i = stop
			continue
		}
		if i+1 < n && src[i+1] == '/' {
			from := i + 2
			to := scanName(src, from)
			if offset >= from && offset <= to {
				return cursor{place: inEndName, stack: stack, tag: string(src[from:to]), from: from, to: to, attr: -1}
			}
			name := string(src[from:to])
			j := to
			for j < n && src[j] != '>' && src[j] != '<' {
				j++
			}
			if offset > to && offset <= j {
				return cursor{place: inNothing, stack: stack, attr: -1}
			}
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].name == name {
					stack = stack[:k]
					break
				}
			}
			if j < n && src[j] == '>' {
				j++
			}
			i = j
			continue
		}
		c, end, closed := startTag(src, i, offset)
		if c != nil {
			c.stack = stack
			return *c
		}
		if !closed.selfClosed {
			stack = append(stack, open{name: closed.tag, path: closed.path})
		}
		i = end
	}
	return cursor{place: inText, stack: stack, from: offset, to: offset, attr: -1}
}

// markup are the constructs read as opaque: opening and closing text.
var markup = [][2]string{{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}, {"<!", ">"}}

// skipMarkup returns the end of the comment, CDATA section, processing
// instruction or DOCTYPE starting at src[i], if one does.
func skipMarkup(src []byte, i int) (int, bool) {
	for _, m := range markup {
		if bytes.HasPrefix(src[i:], []byte(m[0])) {
			stop := indexFrom(src, i+len(m[0]), m[1]) + len(m[1])
			if stop > len(src) {
				stop = len(src)
			}
			return stop, true
		}
	}
	return 0, false
}

// tagSummary is what the stack keeps of a start tag the cursor is not in.
type tagSummary struct {
	tag        string
	path       string // the path attribute's value
	selfClosed bool   // "/>", or a tag with no name
}

// startTag reads the start tag at src[i] ('<'). When offset falls inside
// it, it returns the cursor (without its stack); otherwise where the tag
// ends and what the stack keeps of it.
func startTag(src []byte, i, offset int) (c *cursor, end int, sum tagSummary) {
	t := readTag(src, i)
	where, hit := inNothing, -1
	switch {
	case offset >= t.nameFrom && offset <= t.nameTo:
		where = inStartName
	default:
		for k, a := range t.attrs {
			if offset >= a.nameFrom && offset <= a.nameTo {
				where, hit = inAttrName, k
				break
			}
			if a.hasValue && offset >= a.valFrom && offset <= a.valTo {
				where, hit = inAttrValue, k
				break
			}
		}
	}
	// Between its attributes, the cursor is where a new attribute name
	// goes (not just before the '<' that cut the tag short).
	if where == inNothing && offset > t.nameTo && offset <= t.inner && t.nameTo > t.nameFrom &&
		!(offset == t.end && t.end < len(src) && src[t.end] == '<') {
		where = inAttrName
	}
	if where == inNothing {
		sum = tagSummary{tag: t.name, selfClosed: t.selfClosed}
		for _, a := range t.attrs {
			if a.name == "path" {
				sum.path = string(src[a.valFrom:a.valTo])
			}
		}
		return nil, t.end, sum
	}
	c = &cursor{place: where, tag: t.name, attrs: t.attrs, attr: hit}
	switch {
	case where == inStartName:
		c.from, c.to = t.nameFrom, t.nameTo
	case hit >= 0 && where == inAttrName:
		c.from, c.to = t.attrs[hit].nameFrom, t.attrs[hit].nameTo
	case hit >= 0:
		c.from, c.to = t.attrs[hit].valFrom, t.attrs[hit].valTo
	default:
		c.from, c.to = offset, offset
	}
	return c, t.end, sum
}

// tag is a start tag as read.
type tag struct {
	name             string
	nameFrom, nameTo int
	attrs            []tagAttr
	// inner is where the tag's closing "/>" or ">" starts (or where it was
	// cut short), end just after it.
	inner, end int
	selfClosed bool // "/>", or a tag with no name
}

// readTag reads the start tag at src[i] ('<') tolerantly.
func readTag(src []byte, i int) tag {
	n := len(src)
	t := tag{nameFrom: i + 1}
	t.nameTo = scanName(src, t.nameFrom)
	t.name = string(src[t.nameFrom:t.nameTo])
	t.selfClosed = t.nameTo == t.nameFrom
	j := t.nameTo
	for {
		for j < n && isSpace(src[j]) {
			j++
		}
		t.inner = j
		if j >= n || src[j] == '<' {
			break
		}
		if src[j] == '>' {
			j++
			break
		}
		if src[j] == '/' && j+1 < n && src[j+1] == '>' {
			t.selfClosed = true
			j += 2
			break
		}
		a := tagAttr{nameFrom: j}
		a.nameTo = scanName(src, j)
		if a.nameTo == j { // a stray character: step over it
			j++
			continue
		}
		a.name = string(src[j:a.nameTo])
		j = a.nameTo
		k := j
		for k < n && isSpace(src[k]) {
			k++
		}
		if k < n && src[k] == '=' {
			k++
			for k < n && isSpace(src[k]) {
				k++
			}
			a.hasValue = true
			if k < n && (src[k] == '"' || src[k] == '\'') {
				q := src[k]
				a.valFrom = k + 1
				v := k + 1
				for v < n && src[v] != q && src[v] != '<' {
					v++
				}
				a.valTo = v
				if v < n && src[v] == q {
					v++
				}
				j = v
			} else {
				a.valFrom = k
				v := k
				for v < n && !isSpace(src[v]) && src[v] != '>' && src[v] != '<' && src[v] != '/' {
					v++
				}
				a.valTo, j = v, v
			}
		}
		t.attrs = append(t.attrs, a)
	}
	t.end = j
	return t
}

// scanName returns the end of the XML name starting at src[i] (i when
// there is none). Names here are ASCII in practice; any byte that is not
// markup or space is taken, so a half-typed name is still one.
func scanName(src []byte, i int) int {
	for i < len(src) {
		c := src[i]
		if isSpace(c) || c == '<' || c == '>' || c == '/' || c == '=' || c == '"' || c == '\'' {
			break
		}
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// indexFrom is the index of sep in src at or after i, or len(src).
func indexFrom(src []byte, i int, sep string) int {
	if k := bytes.Index(src[i:], []byte(sep)); k >= 0 {
		return i + k
	}
	return len(src)
}

// declaredIn lists the sections and section groups a file's own
// <configSections> declares, by full name, read tolerantly: while a file
// is being typed it is seldom well-formed, and the engine then reads no
// declarations from it at all.
func declaredIn(src []byte, ns names) {
	var stack []string // open element names
	var groups []string
	n := len(src)
	for i := 0; i < n; {
		if src[i] != '<' {
			i = indexFrom(src, i, "<")
			continue
		}
		if stop, ok := skipMarkup(src, i); ok {
			i = stop
			continue
		}
		if i+1 < n && src[i+1] == '/' {
			name := string(src[i+2 : scanName(src, i+2)])
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k] == name {
					stack = stack[:k]
					break
				}
			}
			if name == "sectionGroup" && len(groups) > 0 {
				groups = groups[:len(groups)-1]
			}
			if name == "configSections" {
				return
			}
			i = indexFrom(src, i+1, ">")
			continue
		}
		t := readTag(src, i)
		if t.end <= i {
			i++
		} else {
			i = t.end
		}
		inDecls := len(stack) >= 2 && stack[0] == "configuration" && stack[1] == "configSections"
		if inDecls && (t.name == "section" || t.name == "sectionGroup") {
			name := ""
			for _, a := range t.attrs {
				if a.name == "name" {
					name = string(src[a.valFrom:a.valTo])
				}
			}
			full := strings.Join(append(append([]string(nil), groups...), name), "/")
			switch {
			case name == "":
			case t.name == "section":
				ns.sections[full] = true
			case !t.selfClosed:
				ns.groups[full] = true
				groups = append(groups, name)
			default:
				ns.groups[full] = true
			}
		}
		if !t.selfClosed {
			stack = append(stack, t.name)
		}
		if len(stack) >= 2 && stack[1] != "configSections" {
			return // past the declarations, which come first
		}
	}
}
