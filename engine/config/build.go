package config

import (
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/sortx"
)

// defaultSources lists, nearest first, the collection-default elements
// whose attributes default el's absent attributes (docs/hierarchy.md#defaults-cascade): for an item
// of a collection with defaultElement="X", the X child of its holder, then
// the X child of each enclosing element (site → sites for applications and
// virtual directories); for a child element of such an item, the same-named
// child of each of those. The walk past the holder is the sites cascade the
// documentation describes; no other IIS collection nests defaults
// (UNCERTAIN(defaults-cascade-sites-only): whether IIS implements it
// generically is not known).
//
// anc lists el's ancestors from the section element down to its parent.
// It is passed explicitly because merge states share collection items
// between trees, so an item's parent pointer may name an older holder.
func defaultSources(el *effElem, anc []*effElem) []*effElem {
	if len(anc) == 0 {
		return nil
	}
	holder := anc[len(anc)-1]
	if el.src != nil && holder.sch.Collection != nil {
		dn := holder.sch.Collection.DefaultElement
		if dn == "" {
			return nil
		}
		var out []*effElem
		for i := len(anc) - 1; i >= 0; i-- {
			if c, ok := anc[i].children.get(dn); ok {
				out = append(out, c)
			}
		}
		return out
	}
	var out []*effElem
	for _, ps := range defaultSources(holder, anc[:len(anc)-1]) {
		if c, ok := ps.children.get(el.name()); ok {
			out = append(out, c)
		}
	}
	return out
}

// effectiveValue is an attribute's value with its origin: explicit, or a
// default from a collection-default element or the schema (docs/schema.md#defaults).
func effectiveValue(el *effElem, anc []*effElem, name string) (schema.Value, *effAttr, *effElem) {
	if a, ok := el.attrs.get(name); ok {
		return a.val, a, nil
	}
	return defaultValue(el, defaultSources(el, anc), name)
}

// valueReader reads several attributes of one element, working out its
// default sources once.
type valueReader struct {
	el   *effElem
	srcs []*effElem
}

func newValueReader(el *effElem, anc []*effElem) valueReader {
	return valueReader{el, defaultSources(el, anc)}
}

func (r valueReader) get(name string) string {
	if a, ok := r.el.attrs.get(name); ok {
		return a.val.Text
	}
	v, _, _ := defaultValue(r.el, r.srcs, name)
	return v.Text
}

func defaultValue(el *effElem, srcs []*effElem, name string) (schema.Value, *effAttr, *effElem) {
	for _, ds := range srcs {
		if a, ok := ds.attrs.get(name); ok {
			return a.val, a, ds
		}
	}
	if as := el.sch.Attribute(name); as != nil {
		return as.Default(), nil, nil
	}
	return schema.Value{}, nil, nil
}

// sourceOf is where a source is, as the typed answers give it.
func sourceOf(s source) Source {
	l, c := s.line()
	out := Source{File: s.file.path, Line: l, Column: c}
	if s.in != nil {
		out.Target = s.in.target.String()
		out.Level = s.in.level.String()
		if loc := s.in.def.loc; loc != nil {
			out.InLocation, out.LocationPath = true, loc.rawPath
			out.LocationLine = int(loc.node.Start.Line)
		}
	}
	return out
}

// modelSource turns a source into the model's form.
func modelSource(s source) model.Source { return sourceOf(s).model() }

// Model is the source in the JSON model's form, for an edge whose output
// shape is the model's (the editor's hover lists lock sources so).
func (s Source) Model() model.Source { return s.model() }

// model is the source in the JSON model's form.
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func (s Source) model() model.Source {
	m := model.Source{File: s.File, Line: s.Line, Column: s.Column, LocationLine: s.LocationLine, Target: s.Target, Level: s.Level}
	if s.InLocation {
		p := s.LocationPath
		m.LocationPath = &p
	}
	return m
}

// attrValue is the effective value of a schema attribute of el, with its
// provenance. anc lists el's ancestors (see defaultSources).
func (e *Engine) attrValue(el *effElem, anc []*effElem, as *schema.Attribute) Value {
	val, ea, from := effectiveValue(el, anc, as.Name)
	v := Value{Name: as.Name, Text: val.Text, Parsed: val, Origin: Default, Encrypted: as.Encrypted, Attribute: as}
	if ea != nil {
		v.Source = sourceOf(ea.source())
		v.Raw = ea.raw()
		if from == nil {
			v.Origin = Explicit
		} else {
			v.DefaultFrom = defaultElementName(from, anc)
		}
	} else {
		v.DefaultFrom = "schema"
	}
	if as.Expanded {
		if x := e.ws.Expand(v.Text); x != v.Text {
			v.Expanded = x
		}
	}
	_, v.Locked = el.attrLocks()[as.Name]
	return v
}

// extraValue is an unrecognised attribute kept by
// allowUnrecognizedAttributes: explicit, without a schema.
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func extraValue(x extraAttr) Value {
	return Value{Name: x.name, Text: x.value, Raw: x.value, Parsed: schema.Value{Text: x.value}, Origin: Explicit, Source: sourceOf(x.src)}
}

// model is the value in the JSON model's form.
func (v *Value) model() *model.Attribute {
	ma := &model.Attribute{Value: v.Text, Origin: v.Origin.String(), Default: v.DefaultFrom, Expanded: v.Expanded, Locked: v.Locked, Encrypted: v.Encrypted}
	if s := &v.Source; s.File != "" {
		ma.File, ma.Line, ma.Column, ma.Target = s.File, s.Line, s.Column, s.Target
		if s.InLocation {
			p := s.LocationPath
			ma.Location = &p
		}
		if v.Raw != v.Text {
			ma.Raw = v.Raw
		}
	}
	return ma
}

// buildElement turns an effective element into the model, with every
// schema attribute (explicit or default) and every child element.
func (e *Engine) buildElement(el *effElem, anc []*effElem) *model.Element {
	me := &model.Element{Name: el.name(), Elements: map[string]*model.Element{}, Collection: []*model.Element{}, Attributes: model.Attributes{}}
	for _, as := range el.sch.Attributes {
		v := e.attrValue(el, anc, as)
		me.Attributes = append(me.Attributes, model.NamedAttribute{Name: as.Name, Attribute: v.model()})
	}
	for _, x := range el.extras() {
		v := extraValue(x)
		me.Attributes = append(me.Attributes, model.NamedAttribute{Name: x.name, Attribute: v.model()})
	}
	inner := append(anc[:len(anc):len(anc)], el)
	for _, cs := range el.sch.Elements {
		c, ok := el.children.get(cs.Name)
		if !ok {
			c = newElem(cs, el) // never set: defaults only
		}
		me.Elements[cs.Name] = e.buildElement(c, inner)
		me.Order = append(me.Order, cs.Name)
	}
	// Items are immutable and shared between merge states, so their models
	// are too — unless a collection-default element feeds them, which can
	// differ between states (the sites cascade).
	shareItems := el.sch.Collection != nil && el.sch.Collection.DefaultElement == ""
	for _, it := range el.items {
		if shareItems {
			if mi := it.model.Load(); mi != nil {
				me.Collection = append(me.Collection, mi)
				continue
			}
		}
		mi := e.buildElement(it.el, inner)
		mi.Name = it.directive()
		if it.lockItem {
			mi.Locks = locksOf(it.el, it).model()
		}
		if shareItems {
			it.model.Store(mi)
		}
		me.Collection = append(me.Collection, mi)
	}
	if el.src != nil {
		s := modelSource(*el.src)
		me.Source = &s
	}
	me.Locks = locksOf(el, nil).model()
	for _, r := range el.removals() {
		me.Removed = append(me.Removed, model.Removal{Key: r.key, Directive: r.directive, Source: modelSource(r.src)})
	}
	return me
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// defaultElementName names the collection-default element a default came
// from (siteDefaults, applicationPoolDefaults, …), even when the value sat
// in one of its child elements (siteDefaults/logFile).
func defaultElementName(el *effElem, _ []*effElem) string {
	// Default elements are never shared between trees (only items are),
	// so their parent pointers are reliable.
	for x := el; x != nil; x = x.parent {
		if x.sch.IsCollectionDefault {
			return x.name()
		}
	}
	return el.name()
}

// buildExplicit is the model of what was set: attributes written somewhere
// in the chain (schema order), child elements only when they hold such
// attributes or items, every collection item (items are always written),
// and the locks and removals. It reports whether the element holds any of
// that.
func (e *Engine) buildExplicit(el *effElem) (*model.Element, bool) {
	me := &model.Element{Name: el.name(), Elements: map[string]*model.Element{}, Collection: []*model.Element{}, Attributes: model.Attributes{}}
	for _, as := range el.sch.Attributes {
		if _, ok := el.attrs.get(as.Name); !ok {
			continue
		}
		v := e.attrValue(el, nil, as) // explicit: no default sources needed
		me.Attributes = append(me.Attributes, model.NamedAttribute{Name: as.Name, Attribute: v.model()})
	}
	for _, x := range el.extras() {
		v := extraValue(x)
		me.Attributes = append(me.Attributes, model.NamedAttribute{Name: x.name, Attribute: v.model()})
	}
	for _, cs := range el.sch.Elements {
		c, ok := el.children.get(cs.Name)
		if !ok {
			continue
		}
		if mc, has := e.buildExplicit(c); has {
			me.Elements[cs.Name] = mc
			me.Order = append(me.Order, cs.Name)
		}
	}
	for _, it := range el.items {
		mi, _ := e.buildExplicit(it.el)
		mi.Name = it.directive()
		if it.lockItem {
			mi.Locks = locksOf(it.el, it).model()
		}
		me.Collection = append(me.Collection, mi)
	}
	if el.src != nil {
		s := modelSource(*el.src)
		me.Source = &s
	}
	me.Locks = locksOf(el, nil).model()
	for _, r := range el.removals() {
		me.Removed = append(me.Removed, model.Removal{Key: r.key, Directive: r.directive, Source: modelSource(r.src)})
	}
	has := len(me.Attributes) > 0 || len(me.Elements) > 0 || len(me.Collection) > 0 || me.Locks != nil || len(me.Removed) > 0
	return me, has
}

// locksOf are the granular locks in force on el; it is el's collection
// item, or nil. The typed answer (Element.Locks) and the model's Locks are
// both made here.
func locksOf(el *effElem, it *effItem) Locks {
	if el.rare == nil && (it == nil || !it.lockItem) {
		return Locks{} // nearly every element
	}
	attrLocks, elemLocks, itemLock := el.attrLocks(), el.elemLocks(), el.itemLock()
	var lk Locks
	var seen map[string]bool
	addSrc := func(s source) {
		src := sourceOf(s)
		k := src.File + ":" + itoa(src.Line) + ":" + itoa(src.Column)
		if seen == nil {
			seen = map[string]bool{}
		}
		if !seen[k] {
			seen[k] = true
			lk.Sources = append(lk.Sources, src)
		}
	}
	// Sorted names, so the answer (and the model's JSON) is deterministic.
	for n := range attrLocks {
		lk.Attributes = append(lk.Attributes, n)
	}
	for n := range elemLocks {
		lk.Elements = append(lk.Elements, n)
	}
	sortx.Strings(lk.Attributes)
	sortx.Strings(lk.Elements)
	for _, n := range lk.Attributes {
		addSrc(attrLocks[n].src)
	}
	for _, n := range lk.Elements {
		addSrc(elemLocks[n].src)
	}
	switch {
	case itemLock != nil:
		lk.Item = true
		addSrc(itemLock.src)
	case it != nil && it.lockItem:
		// An item's lockItem is its add directive's attribute.
		lk.Item = true
		addSrc(*it.el.src)
	}
	return lk
}

// model is the locks in the JSON model's form, or nil when none are in
// force.
func (l Locks) model() *model.Locks {
	if !l.Any() {
		return nil
	}
	ml := &model.Locks{Attributes: l.Attributes, Elements: l.Elements, Item: l.Item, Sources: make([]model.Source, len(l.Sources))}
	for i, s := range l.Sources {
		ml.Sources[i] = s.model()
	}
	return ml
}
