package complete

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Info describes the name or value under the cursor.
type Info struct {
	From int `json:"from"` // byte range of the name or value described
	To   int `json:"to"`
	// Kind is one of the Option kinds, or "location", "declaration",
	// "configuration".
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Section string `json:"section,omitempty"` // full name of the section it belongs to
	Summary string `json:"summary"`           // one line: "bool attribute of system.webServer/defaultDocument"
	Facts   []Fact `json:"facts,omitempty"`
	Lock    *Lock  `json:"lock,omitempty"`
}

// Fact is one labelled line of an Info.
type Fact struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Lock says whether the definition under the cursor may set what it sets.
type Lock struct {
	Path   string `json:"path"` // the config path judged
	Locked bool   `json:"locked"`
	Text   string `json:"text"`
	// By are the places that decide: declarations, location tags, the
	// elements carrying lockAttributes and the like.
	By []model.Source `json:"by,omitempty"`
}

// Hover describes the element, attribute or value at the place; nil when
// there is nothing to say (text, a comment, a name nothing declares).
func Hover(e Engine, sch *schema.Schema, req Request) *Info {
	s := read(e, sch, req)
	switch s.c.place {
	case inStartName, inEndName:
		f := s.tag()
		if s.c.place == inEndName && len(s.frames) > 1 {
			// An end tag names the innermost open element, already on the stack.
			f = s.frames[len(s.frames)-1]
			if f.name != s.c.tag {
				f = child(s.frames[len(s.frames)-2], open{name: s.c.tag}, s.ns, sch)
			}
		}
		info := s.elementInfo(f)
		if info != nil {
			info.From, info.To = s.c.from, s.c.to
		}
		return info
	case inAttrName, inAttrValue:
		if s.c.attr < 0 {
			return nil // between attributes
		}
		a := s.c.attrs[s.c.attr]
		info := s.attributeInfo(s.tag(), a.name)
		if info == nil {
			return nil
		}
		if s.c.place == inAttrValue {
			info.From, info.To = a.valFrom, a.valTo
			s.describeValue(info, s.tag(), a.name, string(s.text[a.valFrom:a.valTo]))
		} else {
			info.From, info.To = a.nameFrom, a.nameTo
		}
		return info
	}
	return nil
}

// elementInfo describes an element.
func (s *site) elementInfo(f frame) *Info {
	info := &Info{Name: f.name}
	switch f.kind {
	case kConfiguration:
		info.Kind, info.Summary = "configuration", "The root element of a configuration file"
		if s.level != "" {
			info.Facts = append(info.Facts, Fact{"Read at", s.level})
		}
	case kLocation:
		info.Kind, info.Summary = "location", "Location tag"
		info.Facts = append(info.Facts, Fact{"About", docLocation})
		if t := target(s.e, s.level, f); t != "" {
			info.Facts = append(info.Facts, Fact{"Applies to", t})
		}
	case kConfigSections:
		info.Kind, info.Summary = "declaration", "Declarations"
		info.Facts = append(info.Facts, Fact{"About", docConfigSections})
	case kDeclGroup, kDecl:
		info.Kind, info.Summary = "declaration", "Declaration element <"+f.name+">"
		if f.name == "section" {
			info.Facts = append(info.Facts, Fact{"About", docSectionDecl})
		}
	case kGroup:
		info.Kind, info.Summary = KindGroup, "Section group "+f.prefix
		n := 0
		for name := range s.ns.sections {
			if strings.HasPrefix(name, f.prefix+"/") {
				n++
			}
		}
		info.Facts = append(info.Facts, Fact{"Holds", plural(n, "section")})
	case kSection:
		info.Section = f.section
		s.sectionElementInfo(info, f)
	default:
		return nil
	}
	return info
}

// sectionElementInfo describes a section element or an element inside one.
func (s *site) sectionElementInfo(info *Info, f frame) {
	top := len(f.elems) == 1
	switch {
	case top:
		info.Kind, info.Summary = KindSection, "Section "+f.section
		if d, ok := s.decl[f.section]; ok && d.Declaration != nil {
			info.Facts = append(info.Facts,
				Fact{"Declared", where(*d.Declaration)},
				Fact{"overrideModeDefault", d.OverrideModeDefault},
				Fact{"allowDefinition", d.AllowDefinition})
		}
		if sec := s.sch.Section(f.section); sec != nil {
			info.Facts = append(info.Facts, Fact{"Schema", schemaSource(sec.Source)})
		} else {
			info.Facts = append(info.Facts, Fact{"Schema", "none: its content is not checked"})
		}
	case f.directive != "":
		info.Kind, info.Summary = KindDirective, "Collection directive <"+f.name+"> in "+f.section
		switch f.directive {
		case "add":
			info.Facts = append(info.Facts, Fact{"Does", "adds an item" + keyList(f.col)})
		case "remove":
			info.Facts = append(info.Facts, Fact{"Does", "removes an inherited item" + keyList(f.col)})
		case "clear":
			info.Facts = append(info.Facts, Fact{"Does", "removes every inherited item"})
		}
	default:
		info.Kind, info.Summary = KindElement, "Element <"+f.name+"> of "+f.section
		if f.sch == nil && s.sch.Section(f.section) != nil {
			info.Facts = append(info.Facts, Fact{"Schema", "the section's schema has no such element here"})
		}
	}
	if f.sch != nil {
		if len(f.sch.Attributes) > 0 {
			var names []string
			for _, a := range f.sch.Attributes {
				names = append(names, a.Name)
			}
			info.Facts = append(info.Facts, Fact{"Attributes", strings.Join(names, ", ")})
		}
		if len(f.sch.Elements) > 0 {
			var names []string
			for _, c := range f.sch.Elements {
				names = append(names, c.Name)
			}
			info.Facts = append(info.Facts, Fact{"Elements", strings.Join(names, ", ")})
		}
		for _, col := range collections(f.sch) {
			ds := append([]string(nil), col.AddElements...)
			if col.RemoveElement != "" {
				ds = append(ds, col.RemoveElement)
			}
			if col.ClearElement != "" {
				ds = append(ds, col.ClearElement)
			}
			info.Facts = append(info.Facts, Fact{"Collection", strings.Join(ds, ", ") + keyList(col)})
		}
	}
	if top {
		info.Lock = s.sectionLock(f)
	} else {
		info.Lock = s.granularLock(f, "", f.name)
	}
}

// attributeInfo describes attribute name of f's element.
func (s *site) attributeInfo(f frame, name string) *Info {
	info := &Info{Kind: KindAttribute, Name: name, Section: f.section}
	if ia, ok := iisAttribute(f, name); ok {
		info.Summary = "Attribute " + name
		info.Facts = append(info.Facts, Fact{"About", ia.doc})
		if ia.values != nil {
			info.Facts = append(info.Facts, Fact{"Values", strings.Join(ia.values, ", ")})
		}
		if f.kind == kLocation && name == "path" {
			if t := target(s.e, s.level, f); t != "" {
				info.Facts = append(info.Facts, Fact{"Applies to", t})
			}
		}
		return info
	}
	a := s.schemaAttribute(f, name)
	if a == nil {
		if f.kind == kSection && f.sch != nil {
			info.Summary = "Attribute " + name
			info.Facts = append(info.Facts, Fact{"Schema", "<" + f.name + "> has no attribute '" + name + "'"})
			return info
		}
		return nil
	}
	info.Summary = a.Type.String() + " attribute of " + f.section
	typ := a.Type.String()
	switch {
	case a.Type == schema.TimeSpan && a.TimeSpanFormat == schema.TimeSpanSeconds:
		typ += " (in seconds)"
	case a.Type == schema.TimeSpan && a.TimeSpanFormat == schema.TimeSpanMinutes:
		typ += " (in minutes)"
	}
	info.Facts = append(info.Facts, Fact{"Type", typ})
	def := "none (" + a.Default().Text + ")"
	if a.HasDefault {
		def = a.Default().Text
		if def == "" {
			def = `""`
		}
	}
	info.Facts = append(info.Facts, Fact{"Default", def})
	if v := validation(a); v != "" {
		info.Facts = append(info.Facts, Fact{"Validation", v})
	}
	if len(a.Values) > 0 {
		info.Facts = append(info.Facts, Fact{"Values", valueNames(a)})
	}
	var flags []string
	for _, fl := range []struct {
		on   bool
		text string
	}{{a.IsUniqueKey, "unique key"}, {a.IsCombinedKey, "part of the key"}, {a.Required, "required"},
		{a.Encrypted, "encrypted"}, {a.Expanded, "environment variables expanded"}, {a.CaseSensitive, "case-sensitive"}} {
		if fl.on {
			flags = append(flags, fl.text)
		}
	}
	if len(flags) > 0 {
		info.Facts = append(info.Facts, Fact{"Is", strings.Join(flags, ", ")})
	}
	if a.Source != "" {
		src := schemaSource(a.Source)
		if a.Line > 0 {
			src += ":" + strconv.Itoa(a.Line)
		}
		info.Facts = append(info.Facts, Fact{"Schema", src})
	}
	if f.directive == "" || f.directive == "add" {
		info.Lock = s.granularLock(f, name, "")
	}
	return info
}

// describeValue adds what a written value means: its canonical form, its
// number, or why IIS rejects it.
func (s *site) describeValue(info *Info, f frame, name, text string) {
	a := s.schemaAttribute(f, name)
	if a == nil {
		return
	}
	v, reason := a.Parse(text)
	switch {
	case reason != "":
		info.Facts = append(info.Facts, Fact{"Value", "invalid: " + reason})
	case a.Type == schema.Enum || a.Type == schema.Flags:
		info.Facts = append(info.Facts, Fact{"Value", v.Text + " = " + strconv.FormatInt(v.Num, 10)})
	case v.Text != text:
		info.Facts = append(info.Facts, Fact{"Value", "read as " + v.Text})
	}
}

// sectionLock says whether the section element under the cursor may be
// defined where it is (docs/locks.md#section-lock-decision). Outside any
// location tag this is the lock decision of a web.config at the file's
// level, which is this very definition; inside one it is that of a
// web.config at the tag's target, said as such.
func (s *site) sectionLock(f frame) *Lock {
	t := target(s.e, s.level, f)
	if t == "" {
		return nil
	}
	d, ok := s.decl[f.section]
	if t != s.level {
		r := s.e.Evaluate(t, config.EvalOptions{Summary: true, Sections: []string{f.section}})
		ok = len(r.Sections) == 1 && r.Sections[0].Name == f.section
		if ok {
			d = r.Sections[0]
		}
	}
	if !ok {
		return nil
	}
	lk := &Lock{Path: t, Locked: d.IsLocked}
	reason := ""
	if d.LockReason != nil {
		reason = d.LockReason.Summary
		lk.By = d.LockReason.Steps
	}
	switch {
	case t == s.level && isDeclaringLevel(d, s.file):
		lk.Locked, lk.Text, lk.By = false, "Declared in this file: it may be defined here.", nil
	case t == s.level && d.IsLocked:
		lk.Text = "Locked here: " + reason
	case t == s.level:
		lk.Text = "Not locked here."
		if reason != "" {
			lk.Text += " " + capitalise(reason) + "."
		}
	case d.IsLocked:
		lk.Text = "At " + t + " a web.config may not define it: " + reason
	default:
		lk.Text = "At " + t + " a web.config may define it."
	}
	return lk
}

// granularLock says whether attribute attr (or child element elem) of f's
// element is locked for this definition by lockAttributes and the like
// in a file above this one (docs/locks.md#scope-and-accumulation: a
// definition is bound by the locks of strictly higher files only). nil
// when nothing locks it or the level is unknown.
func (s *site) granularLock(f frame, attr, elem string) *Lock {
	t := target(s.e, s.level, f)
	if t == "" || len(f.elems) == 0 {
		return nil
	}
	// The element whose locks apply: for an attribute, f's own element;
	// for a child element or directive, the element holding it.
	path := f.elems[1:]
	if elem != "" {
		path = path[:len(path)-1]
	}
	locks, ok := s.e.ElementLocks(t, f.section, path...)
	if !ok || !locks.Any() {
		return nil
	}
	list, what := locks.Attributes, "attribute '"+attr+"'"
	if elem != "" {
		list, what = locks.Elements, "element <"+elem+">"
		if f.directive != "" {
			what = "directive <" + elem + ">"
		}
	}
	name := attr + elem
	if !contains(list, name) {
		return nil
	}
	// The lock sources are the element's together, not per name: all
	// those in higher files are shown (usually one element per level).
	// They are written in the JSON model's form (Source.Model): Lock.By
	// is part of the tools op's output, whose TypeScript type is generated
	// from it, and lists the section lock decision's model steps too.
	var by []model.Source
	for _, src := range locks.Sources {
		if s.above(src) {
			by = append(by, src.Model())
		}
	}
	if len(by) == 0 {
		return nil // locked only by this file or lower ones: not for this definition
	}
	return &Lock{Path: t, Locked: true, Text: "The " + what + " is locked for this file by a lock list above.", By: by}
}

// above reports whether a source is in a file strictly above this one.
func (s *site) above(src config.Source) bool {
	if workspace.Key(src.File) == workspace.Key(s.file) || s.level == "" {
		return false
	}
	return src.Level != "" && len(src.Level) < len(s.level) && strings.HasPrefix(strings.ToLower(s.level), strings.ToLower(src.Level)+"/")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// schemaSource names schema files for people: the built-in fact files
// (IIS_schema.txt) stand for IIS's XML files of the same name.
func schemaSource(list string) string {
	files := strings.Split(list, ", ")
	for i, f := range files {
		if !strings.ContainsAny(f, `\/`) && strings.HasSuffix(f, ".txt") {
			files[i] = strings.TrimSuffix(f, ".txt") + ".xml (built in)"
		}
	}
	return strings.Join(files, ", ")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
