// Package complete answers the playground editor's two questions about a
// place in a configuration file: what may be typed there (Complete: element
// names valid at the cursor, attribute names with their type and default,
// enum, flags and boolean values) and what the name under the cursor is
// (Hover: type, default, validation, and whether the section or attribute
// is locked where the definition applies, and by what).
//
// Both are computed from the workspace as the engine reads it: the
// sections and groups declared where the file is read (its own
// configSections included) and the schema in force (user schema files
// included), so a section a user declares and describes completes like
// IIS's own. The file is read tolerantly (scan.go): it is being typed.
// Offsets are bytes of the file's UTF-8 text. docs/editing.md says what
// is offered and where it approximates.
//
// The engine is read through Engine, the questions *config.Engine
// answers: the playground runs this package in tools.wasm, beside the
// engine wasm rather than in it (its code would cost the first visit ~40 KB
// brotli), and asks the engine's instance through its ops.
package complete

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Engine is what the package asks of the engine; *config.Engine has it.
// The sites, path normalisation and an element's granular locks are
// config's typed answers. The sections in scope at a level (declarations,
// lock decisions) and the chain that finds the level are still read from
// one Evaluate summary: in the playground this package runs in tools.wasm
// and reaches the engine only through the engine wasm's ops, which send
// the JSON model, and a lock decision's steps cannot be rebuilt from the
// model's notes without a second copy of how config words them.
type Engine interface {
	Sites() []config.Site
	NormalizePath(path string) (string, *diag.Diagnostic)
	ElementLocks(path, section string, children ...string) (config.Locks, bool)
	Evaluate(path string, opt config.EvalOptions) *model.Result
}

// Request names a place: a workspace file and its text, a byte offset in
// it, and the config path the user is looking at (which of the URLs
// reading a web.config is meant; any path will do for the files above the
// sites).
type Request struct {
	File   string
	Text   []byte
	Offset int
	Path   string
}

// Context kinds of a Completion: what the options replace.
const (
	InText      = "text"      // between tags: element names, typed with their '<'
	InStartTag  = "start"     // a start tag's name
	InEndTag    = "end"       // an end tag's name
	InAttribute = "attribute" // an attribute name
	InValue     = "value"     // an attribute value (or one name of a flags list)
)

// Completion is what may be typed at the place: the options replace the
// bytes From..To (the part of the name or value already typed).
type Completion struct {
	From    int      `json:"from"`
	To      int      `json:"to"`
	Context string   `json:"context"`
	Options []Option `json:"options"`
}

// Option kinds.
const (
	KindSection   = "section"
	KindGroup     = "group"
	KindElement   = "element"
	KindDirective = "directive" // a collection's add, remove or clear
	KindAttribute = "attribute"
	KindValue     = "value"
	KindClose     = "close" // the name of the element an end tag closes
)

// Option is one candidate.
type Option struct {
	Label  string `json:"label"`
	Kind   string `json:"kind"`
	Detail string `json:"detail,omitempty"` // a few words beside the label
	Info   string `json:"info,omitempty"`   // a longer explanation
	// Boost orders options: schema order as given, negative for names that
	// would be an error here (a locked section).
	Boost int `json:"boost,omitempty"`
}

// site is one request understood: the file, where it is read, what is
// declared there, and the cursor.
type site struct {
	e      Engine
	sch    *schema.Schema
	file   string
	text   []byte
	offset int
	level  string // config path the file is read at; "" unknown
	ns     names
	decl   map[string]model.Section // sections in scope at level
	c      cursor
	frames []frame // the stack understood; frames[0] is the document
}

// read understands a request.
func read(e Engine, sch *schema.Schema, req Request) *site {
	s := &site{e: e, sch: sch, file: req.File, text: req.Text, offset: req.Offset, c: scan(req.Text, req.Offset)}
	// A file nothing reads is completed with what the server declares.
	s.level, s.decl = levelOf(e, req.File, req.Path)
	s.ns = names{sections: map[string]bool{}, groups: map[string]bool{}}
	for n := range s.decl {
		s.ns.sections[n] = true
		for i := strings.IndexByte(n, '/'); i >= 0; i = nextSlash(n, i) {
			s.ns.groups[n[:i]] = true
		}
	}
	declaredIn(req.Text, s.ns)
	s.frames = locate(s.c.stack, s.ns, sch)
	return s
}

func nextSlash(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '/')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// parent is the frame of the element around the cursor.
func (s *site) parent() frame { return s.frames[len(s.frames)-1] }

// tag is the frame of the element whose tag the cursor is in.
func (s *site) tag() frame {
	return child(s.parent(), open{name: s.c.tag, path: s.tagAttr("path")}, s.ns, s.sch)
}

// tagAttr is the value of one of the current tag's attributes.
func (s *site) tagAttr(name string) string {
	for _, a := range s.c.attrs {
		if a.name == name && a.hasValue {
			return string(s.text[a.valFrom:a.valTo])
		}
	}
	return ""
}

// typedValue is the part of the attribute value under the cursor that
// is before it.
func (s *site) typedValue() string {
	if s.c.place != inAttrValue {
		return ""
	}
	a := s.c.attrs[s.c.attr]
	if s.offset < a.valFrom || s.offset > a.valTo {
		return ""
	}
	return string(s.text[a.valFrom:s.offset])
}

// Complete lists what may be typed at the place, sch being the schema in
// force. It answers no options where nothing is expected (a comment, an
// unknown element, a free-text value).
func Complete(e Engine, sch *schema.Schema, req Request) *Completion {
	s := read(e, sch, req)
	out := &Completion{From: s.c.from, To: s.c.to, Options: []Option{}}
	switch s.c.place {
	case inText:
		out.Context = InText
		out.Options = s.elementOptions(s.parent())
	case inStartName:
		out.Context = InStartTag
		out.Options = s.elementOptions(s.parent())
	case inEndName:
		out.Context = InEndTag
		if len(s.c.stack) > 0 {
			name := s.c.stack[len(s.c.stack)-1].name
			out.Options = append(out.Options, Option{Label: name, Kind: KindClose, Detail: "closes <" + name + ">"})
		}
	case inAttrName:
		out.Context = InAttribute
		out.Options = s.attributeOptions(s.tag())
	case inAttrValue:
		out.Context = InValue
		out.Options = s.valueOptions(s.tag(), out)
	}
	if out.Options == nil {
		out.Options = []Option{} // "options": [], never null: the editor reads its length
	}
	return out
}

// elementOptions are the elements that may appear inside f.
func (s *site) elementOptions(f frame) []Option {
	var out []Option
	add := func(label, kind, detail, info string) {
		out = append(out, Option{Label: label, Kind: kind, Detail: detail, Info: info, Boost: -len(out)})
	}
	switch f.kind {
	case kDocument:
		add("configuration", KindElement, "root element", "")
	case kConfiguration, kLocation, kGroup:
		if f.kind == kConfiguration {
			add("configSections", KindElement, "declarations", docConfigSections)
			add("location", KindElement, "settings for a path", docLocation)
		}
		under := s.ns.under(f.prefix)
		keys := make([]string, 0, len(under))
		for k := range under {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			full := join(f.prefix, k)
			if !under[k] {
				add(k, KindGroup, "section group", "")
				continue
			}
			o := Option{Label: k, Kind: KindSection, Detail: "section", Info: s.sectionInfo(full)}
			if lk := s.lockAt(full, f); lk != "" {
				o.Detail, o.Boost = "section · "+lk, -1000
			}
			out = append(out, o)
		}
	case kConfigSections, kDeclGroup:
		add("section", KindElement, "declares a section", docSectionDecl)
		add("sectionGroup", KindElement, "declares a section group", "")
		add("remove", KindElement, "accepted, without effect", "")
		add("clear", KindElement, "accepted, without effect", "")
	case kSection:
		if f.sch == nil {
			return nil
		}
		for _, c := range f.sch.Elements {
			detail := "element"
			if c.Collection != nil {
				detail = "collection"
			}
			add(c.Name, KindElement, detail, "")
		}
		for _, col := range collections(f.sch) {
			for _, a := range col.AddElements {
				add(a, KindDirective, "adds an item"+keyList(col), "")
			}
			if col.RemoveElement != "" {
				add(col.RemoveElement, KindDirective, "removes an inherited item"+keyList(col), "")
			}
			if col.ClearElement != "" {
				add(col.ClearElement, KindDirective, "removes every inherited item", "")
			}
		}
	}
	return out
}

// keyList names a collection's key attributes: " (key: name)".
func keyList(col *schema.Collection) string {
	var ks []string
	for _, k := range col.Keys() {
		ks = append(ks, k.Name)
	}
	if len(ks) == 0 {
		return ""
	}
	return " (key: " + strings.Join(ks, ", ") + ")"
}

// sectionInfo describes a section's declaration in a sentence.
func (s *site) sectionInfo(full string) string {
	d, ok := s.decl[full]
	if !ok || d.Declaration == nil {
		return ""
	}
	info := full + ": declared in " + where(*d.Declaration) + ", overrideModeDefault=" + d.OverrideModeDefault +
		", allowDefinition=" + d.AllowDefinition + "."
	if d.NoSchema {
		info += " No schema describes it."
	}
	return info
}

// lockAt says in a few words why the section may not be defined in a
// frame like f of this file ("" when it may). Only a definition outside
// any location tag is judged: the summary's lock state is that of a
// web.config at the file's level, which is exactly such a definition.
func (s *site) lockAt(full string, f frame) string {
	if f.inLocation || s.level == "" {
		return ""
	}
	d, ok := s.decl[full]
	if !ok || !d.IsLocked || isDeclaringLevel(d, s.file) {
		return ""
	}
	if max, ok := deepestLevel[d.AllowDefinition]; ok && strings.Count(s.level, "/")+1 > max {
		return "not allowed here (" + d.AllowDefinition + ")"
	}
	return "locked here"
}

// deepestLevel is how many config path segments deep the allowDefinition
// keywords that name fixed levels admit a definition
// (docs/declarations.md#allowdefinition: MachineToWebRoot admits
// applicationHost.config too). MachineToApplication depends on where the
// applications are; the lock decision says it.
var deepestLevel = map[string]int{"MachineOnly": 1, "MachineToWebRoot": 3, "AppHostOnly": 3}

// isDeclaringLevel: a file may always define a section it declares.
func isDeclaringLevel(d model.Section, file string) bool {
	return d.Declaration != nil && workspace.Key(d.Declaration.File) == workspace.Key(file)
}

// attributeOptions are the attributes f's element may carry that its tag
// does not have yet.
func (s *site) attributeOptions(f frame) []Option {
	have := map[string]bool{}
	for i, a := range s.c.attrs {
		if i != s.c.attr {
			have[a.name] = true
		}
	}
	var out []Option
	add := func(o Option) {
		if !have[o.Label] {
			o.Boost = -len(out)
			out = append(out, o)
		}
	}
	for _, a := range iisAttributes(f) {
		add(Option{Label: a.name, Kind: KindAttribute, Detail: a.detail, Info: a.doc})
	}
	if f.kind != kSection {
		return out
	}
	var attrs []*schema.Attribute
	switch f.directive {
	case "remove":
		attrs = f.col.Keys()
	case "clear":
	default:
		if f.sch != nil {
			attrs = f.sch.Attributes
		}
	}
	// Keys and required attributes first, then schema order.
	sorted := append([]*schema.Attribute(nil), attrs...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i]) < rank(sorted[j]) })
	for _, a := range sorted {
		add(Option{Label: a.Name, Kind: KindAttribute, Detail: attrDetail(a), Info: attrInfo(a)})
	}
	if f.directive != "clear" && f.directive != "remove" {
		for _, a := range lockAttributes(f) {
			add(Option{Label: a.name, Kind: KindAttribute, Detail: a.detail, Info: a.doc})
		}
	}
	return out
}

func rank(a *schema.Attribute) int {
	switch {
	case a.IsKey():
		return 0
	case a.Required:
		return 1
	}
	return 2
}

// attrDetail is an attribute's type and default in a few words.
func attrDetail(a *schema.Attribute) string {
	d := a.Type.String()
	switch {
	case a.IsKey():
		d += ", key"
	case a.Required:
		d += ", required"
	}
	if a.HasDefault && a.DefaultValue != "" {
		d += ", default " + a.Default().Text
	}
	return d
}

// attrInfo is an attribute's validation and values in a sentence or two.
func attrInfo(a *schema.Attribute) string {
	var parts []string
	if v := validation(a); v != "" {
		parts = append(parts, "Validation: "+v+".")
	}
	if len(a.Values) > 0 {
		parts = append(parts, "Values: "+valueNames(a)+".")
	}
	if a.Encrypted {
		parts = append(parts, "Stored encrypted.")
	}
	if a.Expanded {
		parts = append(parts, "Environment variables are expanded.")
	}
	return strings.Join(parts, " ")
}

func validation(a *schema.Attribute) string {
	v := a.ValidationType
	if a.ValidationParameter != "" {
		v += " " + a.ValidationParameter
	}
	if a.AllowInfinite {
		if v != "" {
			v += "; "
		}
		v += "Infinite allowed"
	}
	return v
}

func valueNames(a *schema.Attribute) string {
	names := make([]string, len(a.Values))
	for i, v := range a.Values {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
}

// valueOptions are the values the attribute under the cursor may take; for
// a list (flags, lockAttributes), the names of the item being typed. It
// narrows out's range to that item.
func (s *site) valueOptions(f frame, out *Completion) []Option {
	name := s.c.attrs[s.c.attr].name
	if vs := iisValues(s, f, name); vs != nil {
		return s.listOptions(vs, out, isListAttribute(name))
	}
	a := s.schemaAttribute(f, name)
	if a == nil {
		return nil
	}
	var vs []valueChoice
	switch a.Type {
	case schema.Bool:
		vs = []valueChoice{{"true", ""}, {"false", ""}}
	case schema.Enum, schema.Flags:
		for _, v := range a.Values {
			vs = append(vs, valueChoice{v.Name, strconv.FormatInt(v.Value, 10)})
		}
	default:
		return nil
	}
	def := a.Default().Text
	for i := range vs {
		if strings.EqualFold(vs[i].name, def) {
			vs[i].detail = strings.TrimSpace(vs[i].detail + " (default)")
		}
	}
	return s.listOptions(vs, out, a.Type == schema.Flags)
}

type valueChoice struct{ name, detail string }

// listOptions turns choices into options. For a comma-separated list it
// completes the item under the cursor and leaves out the items already
// written.
func (s *site) listOptions(vs []valueChoice, out *Completion, list bool) []Option {
	have := map[string]bool{}
	if list {
		a := s.c.attrs[s.c.attr]
		val := s.text[a.valFrom:a.valTo]
		off := s.offset - a.valFrom
		if off < 0 {
			off = 0
		}
		if off > len(val) {
			off = len(val)
		}
		from := strings.LastIndexByte(string(val[:off]), ',') + 1
		to := len(val)
		if k := strings.IndexByte(string(val[off:]), ','); k >= 0 {
			to = off + k
		}
		for from < to && val[from] == ' ' {
			from++
		}
		for to > from && val[to-1] == ' ' {
			to--
		}
		out.From, out.To = a.valFrom+from, a.valFrom+to
		for _, item := range strings.Split(string(val), ",") {
			have[strings.ToLower(strings.TrimSpace(item))] = true
		}
		delete(have, strings.ToLower(string(val[from:to])))
	}
	var opts []Option
	for _, v := range vs {
		if have[strings.ToLower(v.name)] {
			continue
		}
		opts = append(opts, Option{Label: v.name, Kind: KindValue, Detail: v.detail, Boost: -len(opts)})
	}
	return opts
}

// schemaAttribute is the schema of attribute name on f's element.
func (s *site) schemaAttribute(f frame, name string) *schema.Attribute {
	if f.kind != kSection {
		return nil
	}
	if f.directive == "remove" {
		for _, k := range f.col.Keys() {
			if k.Name == name {
				return k
			}
		}
		return nil
	}
	if f.sch == nil {
		return nil
	}
	return f.sch.Attribute(name)
}

// where is a source as file:line.
func where(src model.Source) string {
	return src.File + ":" + strconv.Itoa(src.Line)
}
