package schema

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/textfmt"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// ParseXML reads a schema file in IIS's XML format (docs/declarations.md#schema-files). It always
// returns a File holding every section it could read; problems carry the
// file, line and column. As in IIS, schema attributes it does not know (the
// stray mergeElement, a lowercase defaultvalue) are ignored, as are
// <method> elements and any other unknown element.
func ParseXML(name string, src []byte) (*File, []diag.Diagnostic) {
	f := &File{Name: name}
	r := &xmlReader{file: name}
	doc, err := xmltree.Parse(src, xmltree.Limits{})
	if err != nil {
		// The parser counted the line and column where it stopped.
		r.problemAt(err.Range(src), "%s", err.Msg)
		r.problems[0].Line, r.problems[0].Column = int(err.Pos.Line), int(err.Pos.Col)
		return f, r.problems
	}
	if doc.Root.Name != "configSchema" {
		r.problem(doc.Root, "root element is <%s>, expected <configSchema>", doc.Root.Name)
		return f, r.resolved(doc)
	}
	for _, n := range doc.Root.Elements() {
		if n.Name != "sectionSchema" {
			continue
		}
		full := r.requiredName(n, "sectionSchema")
		if full == "" {
			continue
		}
		sec := &Section{Name: full, Root: &Element{Name: shortName(full)}, Source: name, Line: int(n.Start.Line), Col: int(n.Start.Col)}
		r.readChildren(sec.Root, n)
		f.Sections = append(f.Sections, sec)
	}
	return f, r.resolved(doc)
}

type xmlReader struct {
	file     string
	problems []diag.Diagnostic
}

func (r *xmlReader) problemAt(at diag.Range, format string, args ...any) {
	r.problems = append(r.problems, Problem(r.file, at, textfmt.Sprintf(format, args...)))
}

func (r *xmlReader) problem(n *xmltree.Node, format string, args ...any) {
	r.problemAt(n.Range(), format, args...)
}

// resolved is the problems with their lines and columns, from the parse:
// the schema reader is the layer that holds the text.
func (r *xmlReader) resolved(doc *xmltree.Document) []diag.Diagnostic {
	diag.ResolveAll(r.problems, func(_ string, off int) (int, int, bool) {
		p := doc.PosAt(off)
		return int(p.Line), int(p.Col), true
	})
	return r.problems
}

// requiredName returns the node's name attribute, reporting its absence.
func (r *xmlReader) requiredName(n *xmltree.Node, what string) string {
	a, ok := n.Attr("name")
	if !ok || a.Value == "" {
		r.problem(n, "<%s> without a name", what)
		return ""
	}
	return a.Value
}

// readChildren fills el (a section root, an element or a collection item)
// from the attribute, element and collection children of n.
func (r *xmlReader) readChildren(el *Element, n *xmltree.Node) {
	for _, c := range n.Elements() {
		switch c.Name {
		case "attribute":
			if a := r.readAttribute(c); a != nil {
				el.Attributes = append(el.Attributes, a)
			}
		case "element":
			name := r.requiredName(c, "element")
			if name == "" {
				continue
			}
			child := &Element{Name: name, IsCollectionDefault: r.flag(c, "isCollectionDefault", false)}
			r.readChildren(child, c)
			el.Elements = append(el.Elements, child)
		case "collection":
			col := r.readCollection(c)
			if el.Collection == nil {
				el.Collection = col
			} else {
				el.MoreCollections = append(el.MoreCollections, col)
			}
		}
	}
}

func (r *xmlReader) readCollection(n *xmltree.Node) *Collection {
	col := &Collection{
		AddElements:                 splitAddElements(r.text(n, "addElement")),
		RemoveElement:               r.text(n, "removeElement"),
		ClearElement:                r.text(n, "clearElement"),
		DefaultElement:              r.text(n, "defaultElement"),
		MergeAppend:                 r.flag(n, "mergeAppend", true),
		AllowDuplicates:             r.flag(n, "allowDuplicates", false),
		AllowUnrecognizedAttributes: r.flag(n, "allowUnrecognizedAttributes", false),
		Item:                        &Element{},
	}
	r.readChildren(col.Item, n)
	return col
}

func (r *xmlReader) readAttribute(n *xmltree.Node) *Attribute {
	name := r.requiredName(n, "attribute")
	if name == "" {
		return nil
	}
	typeText := r.text(n, "type")
	t, ok := typeByName[typeText]
	if !ok {
		r.problem(n, "attribute '%s' has unknown type '%s'", name, typeText)
		return nil
	}
	a := &Attribute{
		Name:                name,
		Type:                t,
		Required:            r.flag(n, "required", false),
		IsUniqueKey:         r.flag(n, "isUniqueKey", false),
		IsCombinedKey:       r.flag(n, "isCombinedKey", false),
		CaseSensitive:       r.flag(n, "caseSensitive", false),
		Encrypted:           r.flag(n, "encrypted", false),
		Expanded:            r.flag(n, "expanded", false),
		AllowInfinite:       r.flag(n, "allowInfinite", false),
		DisplayHex:          r.flag(n, "displayHex", false),
		ValidationType:      r.text(n, "validationType"),
		ValidationParameter: r.text(n, "validationParameter"),
		Extension:           r.text(n, "extension"),
		Source:              r.file,
		Line:                int(n.Start.Line),
		Col:                 int(n.Start.Col),
	}
	if d, ok := n.Attr("defaultValue"); ok {
		a.HasDefault, a.DefaultValue = true, d.Value
	}
	switch f := r.text(n, "timeSpanFormat"); f {
	case "", "string":
	case "seconds":
		a.TimeSpanFormat = TimeSpanSeconds
	case "minutes":
		a.TimeSpanFormat = TimeSpanMinutes
	default:
		r.problem(n, "attribute '%s' has unknown timeSpanFormat '%s'", name, f)
	}
	for _, c := range n.Elements() {
		if c.Name != "enum" && c.Name != "flag" {
			continue
		}
		vname := r.requiredName(c, c.Name)
		vtext := r.text(c, "value")
		v, err := strconv.ParseInt(strings.TrimSpace(vtext), 10, 64)
		if err != nil {
			r.problem(c, "<%s name=\"%s\"> has a value that is not an integer: '%s'", c.Name, vname, vtext)
			continue
		}
		if vname != "" {
			a.Values = append(a.Values, EnumValue{Name: vname, Value: v})
		}
	}
	return a
}

// text is an attribute's value, "" when absent. Not inlined: a schema
// file's reading runs once per file, and this and the attribute search
// inlined into its dozen callers cost the engine wasm ~2.7 KB brotli.
//
//go:noinline
func (r *xmlReader) text(n *xmltree.Node, name string) string {
	if a, ok := n.Attr(name); ok {
		return a.Value
	}
	return ""
}

// flag reads a schema bool (case-insensitive "true"/"false"); anything else
// is reported and read as def.
func (r *xmlReader) flag(n *xmltree.Node, name string, def bool) bool {
	a, ok := n.Attr(name)
	if !ok {
		return def
	}
	switch {
	case strings.EqualFold(a.Value, "true"):
		return true
	case strings.EqualFold(a.Value, "false"):
		return false
	}
	r.problemAt(a.Range(), "'%s' must be true or false, not '%s'", name, a.Value)
	return def
}
