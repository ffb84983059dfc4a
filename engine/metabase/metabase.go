// Package metabase reads the IIS 6 metabase (MetaBase.xml, optionally
// MBSchema.xml) for import and compatibility views (docs/metabase.md): the keys as
// a tree by Location, the effective properties of a key with the ancestor
// each value came from, the history file naming, and the IIS 7 config
// path and applicationHost.config equivalent of the common properties.
//
// MetaBase.xml stores keys as flat sibling elements of <MBProperty>; the
// element name is the KeyType and the Location attribute is the key path.
// Hierarchy exists only through Location, so the tree and inheritance are
// computed here from the paths.
package metabase

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// Metabase problems are the engine's diagnostics (engine/diag): MB_XML,
// MB_STRUCTURE, MB_PROPERTY and MB_HISTORY, at byte ranges of the files,
// resolved to lines and columns before they leave this package.

func syntaxDiag(file string, src []byte, e *xmltree.SyntaxError) diag.Diagnostic {
	return diag.ToolAt(diag.MBXML, file, e.Range(src), e.Msg)
}

func errAt(file string, r diag.Range, msg string) diag.Diagnostic {
	return diag.ToolAt(diag.MBStructure, file, r, msg)
}

func warnAt(file string, r diag.Range, msg string) diag.Diagnostic {
	return diag.ToolAt(diag.MBProperty, file, r, msg)
}

// resolved is ds with lines and columns, from the text's line index.
func resolved(ds []diag.Diagnostic, lines *xmltree.Lines) []diag.Diagnostic {
	diag.ResolveAll(ds, func(_ string, off int) (int, int, bool) {
		p := lines.PosAt(off)
		return int(p.Line), int(p.Col), true
	})
	return ds
}

// Property is one property set on a key.
type Property struct {
	Name    string   `json:"name"`
	ID      int      `json:"id,omitempty"`
	Type    string   `json:"type"`
	Value   string   `json:"value"`            // as written (lists: one entry a line)
	Flags   []string `json:"flags,omitempty"`  // flag properties: the bits set, in schema order
	Bits    *uint32  `json:"bits,omitempty"`   // flag properties: the DWORD
	Values  []string `json:"values,omitempty"` // list properties: the entries
	Inherit bool     `json:"inherit"`
	Kind    string   `json:"kind"`              // flags, list, value
	Custom  bool     `json:"custom,omitempty"`  // a <Custom> element (not in the schema)
	Unknown bool     `json:"unknown,omitempty"` // not in the schema: read as a non-inherited string
	Line    int      `json:"line"`
	Column  int      `json:"column"`
}

// Key is one metabase key.
type Key struct {
	Location string     `json:"location"`
	KeyType  string     `json:"keyType"`
	Line     int        `json:"line"`
	Column   int        `json:"column"`
	Props    []Property `json:"properties"`
}

// Metabase is a parsed MetaBase.xml.
type Metabase struct {
	File        string            `json:"file"`
	Namespace   string            `json:"namespace,omitempty"`
	Keys        []*Key            `json:"keys"` // document order
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	SchemaFile  string            `json:"schema"`
	schema      *Schema
	byLoc       map[string]*Key // by normalised location
}

// normLoc is the comparison form of a Location: metabase paths are
// case-insensitive and ignore a trailing slash.
func normLoc(l string) string {
	l = strings.TrimSpace(l)
	if l != "/" {
		l = strings.TrimRight(l, "/")
	}
	return strings.ToLower(l)
}

// Parse reads a MetaBase.xml. A nil schema means the built-in table.
// Problems are reported in the result's Diagnostics; a file that is not
// well-formed yields one MB_XML error and no keys.
func Parse(file string, data []byte, sch *Schema) *Metabase {
	if sch == nil {
		sch = BuiltinSchema()
	}
	m := &Metabase{File: file, schema: sch, SchemaFile: sch.Source, byLoc: map[string]*Key{}, Keys: []*Key{}, Diagnostics: []diag.Diagnostic{}}
	doc, serr := xmltree.Parse(data, xmltree.Limits{})
	if serr != nil {
		m.Diagnostics = resolved(append(m.Diagnostics, syntaxDiag(file, data, serr)), xmltree.IndexLines(data))
		return m
	}
	defer func() { m.Diagnostics = resolved(m.Diagnostics, doc.Lines()) }()
	root := doc.Root
	if root.Name != "configuration" {
		m.Diagnostics = append(m.Diagnostics, errAt(file, root.Range(), "the root element is <"+root.Name+">, expected <configuration>"))
		return m
	}
	m.Namespace = attrValue(root, "xmlns")
	var mb *xmltree.Node
	for _, c := range root.Elements() {
		if c.Name == "MBProperty" {
			mb = c
			break
		}
	}
	if mb == nil {
		m.Diagnostics = append(m.Diagnostics, errAt(file, root.Range(), "<configuration> has no <MBProperty> element"))
		return m
	}
	for _, el := range mb.Elements() {
		m.addKey(doc, el)
	}
	return m
}

func (m *Metabase) addKey(doc *xmltree.Document, el *xmltree.Node) {
	loc, ok := el.Attr("Location")
	if !ok {
		m.Diagnostics = append(m.Diagnostics, errAt(m.File, el.Range(), "key <"+el.Name+"> has no Location attribute"))
		return
	}
	k := &Key{Location: strings.TrimSpace(loc.Value), KeyType: el.Name, Line: int(el.Start.Line), Column: int(el.Start.Col), Props: []Property{}}
	if k.Location != "." && !strings.HasPrefix(k.Location, "/") {
		m.Diagnostics = append(m.Diagnostics, errAt(m.File, loc.Range(), "Location "+strconv.Quote(k.Location)+" is neither \".\" nor a path starting with /"))
		return
	}
	if prev, dup := m.byLoc[normLoc(k.Location)]; dup {
		m.Diagnostics = append(m.Diagnostics, errAt(m.File, el.Range(), fmt.Sprintf("duplicate key %s (first defined at line %d)", k.Location, prev.Line)))
		return
	}
	for i := range el.Attrs {
		a := &el.Attrs[i]
		if a.Name == "Location" || a.Name == "xmlns" || strings.HasPrefix(a.Name, "xmlns:") {
			continue
		}
		def := m.schema.Lookup(a.Name)
		unknown := def == nil
		if unknown {
			// The built-in table is a subset: a property outside it is read
			// as a non-inherited string. With an MBSchema.xml the schema is
			// complete, and IIS writes properties outside it as <Custom>.
			if m.schema.Source != "built-in" {
				m.Diagnostics = append(m.Diagnostics, warnAt(m.File, a.Range(), "property "+a.Name+" is not in the schema (a property outside the schema is written as a <Custom> element)"))
			}
			def = &PropDef{Name: a.Name, Type: "STRING"}
		}
		p := Property{Name: def.Name, ID: def.ID, Type: def.Type, Inherit: def.Inherit, Unknown: unknown, Line: int(a.NamePos.Line), Column: int(a.NamePos.Col)}
		m.fill(&p, def, rawValue(doc, a), a.Value, a.Range())
		k.Props = append(k.Props, p)
	}
	for _, c := range el.Elements() {
		if c.Name != "Custom" {
			m.Diagnostics = append(m.Diagnostics, warnAt(m.File, c.Range(), "unexpected <"+c.Name+"> in key "+k.Location+" (only <Custom> elements belong here)"))
			continue
		}
		name := attrValue(c, "Name")
		if name == "" {
			m.Diagnostics = append(m.Diagnostics, errAt(m.File, c.Range(), "<Custom> without Name in key "+k.Location))
			continue
		}
		def := &PropDef{Name: name, Type: strings.ToUpper(attrValue(c, "Type"))}
		def.ID, _ = strconv.Atoi(attrValue(c, "ID"))
		for _, at := range splitFlags(attrValue(c, "Attributes")) {
			if strings.EqualFold(at, "INHERIT") {
				def.Inherit = true
			}
		}
		if sd := m.schema.Lookup(name); sd != nil && sd.IsFlags() {
			def.Flags = sd.Flags
		}
		p := Property{Name: name, ID: def.ID, Type: def.Type, Inherit: def.Inherit, Custom: true, Line: int(c.Start.Line), Column: int(c.Start.Col)}
		va, _ := c.Attr("Value")
		raw, val := "", ""
		if va != nil {
			raw, val = rawValue(doc, va), va.Value
		}
		m.fill(&p, def, raw, val, c.Range())
		k.Props = append(k.Props, p)
	}
	m.Keys = append(m.Keys, k)
	m.byLoc[normLoc(k.Location)] = k
}

// fill interprets a value by the property's kind.
func (m *Metabase) fill(p *Property, def *PropDef, raw, normalised string, at diag.Range) {
	switch {
	case def.IsFlags():
		p.Kind = "flags"
		p.Value = normalised
		bits, names, bad := parseFlagValue(def, normalised)
		p.Bits, p.Flags = &bits, names
		for _, b := range bad {
			m.Diagnostics = append(m.Diagnostics, warnAt(m.File, at, "unknown flag "+strconv.Quote(b)+" in "+def.Name))
		}
	case def.IsList():
		p.Kind = "list"
		p.Values = splitList(raw)
		p.Value = strings.Join(p.Values, "\n")
	default:
		p.Kind = "value"
		p.Value = normalised
	}
}

// rawValue returns an attribute's text with line breaks preserved: the
// metabase writes MULTISZ entries one a line inside the attribute, which
// XML attribute-value normalisation would turn into spaces.
func rawValue(doc *xmltree.Document, a *xmltree.Attr) string {
	if a.ValueStart < 0 || int(a.ValueEnd) > len(doc.Src) || a.ValueStart > a.ValueEnd {
		return a.Value
	}
	return decodeEntities(string(doc.Src[a.ValueStart:a.ValueEnd]))
}

// splitList splits a MULTISZ value: one entry a line, the indentation the
// metabase writer adds before continuation lines removed.
func splitList(raw string) []string {
	out := []string{}
	for _, l := range strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n") {
		l = strings.Trim(l, " \t\r")
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '&' {
			b.WriteByte(s[i])
			continue
		}
		j := strings.IndexByte(s[i:], ';')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		ent := s[i+1 : i+j]
		switch {
		case ent == "amp":
			b.WriteByte('&')
		case ent == "lt":
			b.WriteByte('<')
		case ent == "gt":
			b.WriteByte('>')
		case ent == "quot":
			b.WriteByte('"')
		case ent == "apos":
			b.WriteByte('\'')
		case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
			v, _ := strconv.ParseUint(ent[2:], 16, 32)
			b.WriteRune(rune(v))
		case strings.HasPrefix(ent, "#"):
			v, _ := strconv.ParseUint(ent[1:], 10, 32)
			b.WriteRune(rune(v))
		default:
			b.WriteString(s[i : i+j+1])
		}
		i += j
	}
	return b.String()
}

// splitFlags splits "A | B | C".
func splitFlags(v string) []string {
	var out []string
	for _, f := range strings.Split(v, "|") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parseFlagValue reads "AccessRead | AccessScript" or a number into bits
// and the names of the bits set, in schema order.
func parseFlagValue(def *PropDef, v string) (bits uint32, names []string, bad []string) {
	for _, f := range splitFlags(v) {
		if n, err := parseUint(f); err == nil {
			bits |= n
			continue
		}
		found := false
		for _, fd := range def.Flags {
			if strings.EqualFold(fd.Name, f) {
				bits |= fd.Value
				found = true
				break
			}
		}
		if !found {
			bad = append(bad, f)
		}
	}
	names = []string{}
	for _, fd := range def.Flags {
		if bits&fd.Value != 0 {
			names = append(names, fd.Name)
		}
	}
	return bits, names, bad
}

func attrValue(n *xmltree.Node, name string) string {
	if a, ok := n.Attr(name); ok {
		return a.Value
	}
	return ""
}

// Key returns the key at a location (case-insensitive), or nil.
func (m *Metabase) Key(location string) *Key { return m.byLoc[normLoc(location)] }

// ancestors lists the locations from /LM (or the first segment) down to
// loc, inclusive: "/LM/W3SVC/1" → "/LM", "/LM/W3SVC", "/LM/W3SVC/1".
// IIS_Global (".") stands apart and has no ancestors.
func ancestors(loc string) []string {
	loc = strings.TrimSpace(loc)
	if loc == "." {
		return []string{"."}
	}
	segs := strings.Split(strings.Trim(loc, "/"), "/")
	out := make([]string, 0, len(segs))
	for i := range segs {
		out = append(out, "/"+strings.Join(segs[:i+1], "/"))
	}
	return out
}

// EffectiveProperty is a property as a key sees it.
type EffectiveProperty struct {
	Property
	From      string `json:"from"`      // location of the key that set it
	Inherited bool   `json:"inherited"` // set on an ancestor
}

// EffectiveKey is a key's effective properties and IIS 7 view.
type EffectiveKey struct {
	Location    string              `json:"location"`
	KeyType     string              `json:"keyType"`           // "" when no element defines the key
	Exists      bool                `json:"exists"`            // a key element defines this location
	Properties  []EffectiveProperty `json:"properties"`        // sorted by name
	Mapping     *Mapping            `json:"mapping,omitempty"` // IIS 7 config path, W3SVC keys only
	Equivalents []Equivalent        `json:"equivalents"`
}

// Effective computes the properties a key sees (docs/metabase.md): its own, plus
// every INHERIT property of its ancestors not set lower. A value is
// replaced whole where set: flag DWORDs as a unit, lists entire.
func (m *Metabase) Effective(location string) *EffectiveKey {
	ek := &EffectiveKey{Location: location, Properties: []EffectiveProperty{}, Equivalents: []Equivalent{}}
	if k := m.Key(location); k != nil {
		ek.Location, ek.KeyType, ek.Exists = k.Location, k.KeyType, true
	}
	byName := map[string]EffectiveProperty{}
	anc := ancestors(location)
	for i, l := range anc {
		k := m.Key(l)
		if k == nil {
			continue
		}
		self := i == len(anc)-1
		for _, p := range k.Props {
			if !self && !p.Inherit {
				continue
			}
			byName[strings.ToLower(p.Name)] = EffectiveProperty{Property: p, From: k.Location, Inherited: !self}
		}
	}
	for _, p := range byName {
		ek.Properties = append(ek.Properties, p)
	}
	sort.Slice(ek.Properties, func(i, j int) bool {
		return strings.ToLower(ek.Properties[i].Name) < strings.ToLower(ek.Properties[j].Name)
	})
	ek.Mapping = m.Map(ek.Location)
	ek.Equivalents = m.equivalents(ek)
	return ek
}

// TreeNode is one node of the key tree. Implicit nodes are path segments
// no key element defines (the metabase creates them as needed).
type TreeNode struct {
	Name     string      `json:"name"`
	Location string      `json:"location"`
	KeyType  string      `json:"keyType,omitempty"`
	Implicit bool        `json:"implicit,omitempty"`
	Line     int         `json:"line,omitempty"`
	Props    int         `json:"properties"`
	IIS7Path string      `json:"iis7Path,omitempty"`
	Children []*TreeNode `json:"children"`
}

// Tree returns the keys as a forest by Location: IIS_Global (".") and the
// /LM tree (and any other top-level path), children sorted by name.
func (m *Metabase) Tree() []*TreeNode {
	var roots []*TreeNode
	nodes := map[string]*TreeNode{}
	var get func(loc string) *TreeNode
	get = func(loc string) *TreeNode {
		if n := nodes[normLoc(loc)]; n != nil {
			return n
		}
		n := &TreeNode{Location: loc, Implicit: true, Children: []*TreeNode{}}
		if loc == "." {
			n.Name = "."
		} else {
			n.Name = loc[strings.LastIndex(loc, "/")+1:]
		}
		nodes[normLoc(loc)] = n
		anc := ancestors(loc)
		if len(anc) < 2 {
			roots = append(roots, n)
		} else {
			p := get(anc[len(anc)-2])
			p.Children = append(p.Children, n)
		}
		return n
	}
	for _, k := range m.Keys {
		loc := k.Location
		if loc != "." {
			loc = "/" + strings.Trim(loc, "/")
		}
		n := get(loc)
		n.Location, n.KeyType, n.Implicit, n.Line, n.Props = k.Location, k.KeyType, false, k.Line, len(k.Props)
	}
	var fix func(ns []*TreeNode)
	fix = func(ns []*TreeNode) {
		sort.SliceStable(ns, func(i, j int) bool { return lessName(ns[i].Name, ns[j].Name) })
		for _, n := range ns {
			if mp := m.Map(n.Location); mp != nil {
				n.IIS7Path = mp.ConfigPath
			}
			fix(n.Children)
		}
	}
	fix(roots)
	return roots
}

// lessName orders "." first, numbers numerically (site ids), then names
// case-insensitively.
func lessName(a, b string) bool {
	if a == "." || b == "." {
		return a == "." && b != "."
	}
	na, ea := strconv.Atoi(a)
	nb, eb := strconv.Atoi(b)
	if ea == nil && eb == nil {
		return na < nb
	}
	if (ea == nil) != (eb == nil) {
		return ea == nil
	}
	return strings.ToLower(a) < strings.ToLower(b)
}
