package config

import (
	"maps"
	"strings"
	"sync/atomic"

	"github.com/iisconf/iisconf/engine/model"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// input is one definition taking part in a merge at some config path.
type input struct {
	def    *definition
	level  cpath // L(F)
	depth  int   // depth of F (level index of the file)
	target cpath // T(d)
	tlevel int   // level index of T(d) on the chain
	// content is what gets merged: the definition's element, or the root
	// element of its configSource file.
	content     *xmltree.Node
	contentFile *parsedFile
	applied     bool
	why         string
	ref         string // "<analysis id>.<definition index>": identity in cache keys
	skip        bool   // skipped by inheritInChildApplications at this path
}

// source says where a value came from.
type source struct {
	in   *input
	node *xmltree.Node
	attr *xmltree.Attr // nil for elements
	file *parsedFile
}

// rng is where the source is reported: its attribute as written, or its
// element.
func (s source) rng() diag.Range {
	if s.attr != nil {
		return s.attr.Range()
	}
	if s.node != nil {
		return s.node.Range()
	}
	return diag.NoRange
}

func (s source) line() (int, int) {
	if s.attr != nil {
		return int(s.attr.NamePos.Line), int(s.attr.NamePos.Col)
	}
	if s.node != nil {
		return int(s.node.Start.Line), int(s.node.Start.Col)
	}
	return 0, 0
}

// effAttr is an explicitly set attribute: its value, the attribute as
// written, and the element instance that set it (from, shared by that
// instance's attributes). Elements hold them by value (attrList): a
// hosting server's sites section has some 100,000.
type effAttr struct {
	val  schema.Value
	attr *xmltree.Attr
	from *source // input, node and file; its attr is nil
}

// raw is the attribute's text as written.
func (a *effAttr) raw() string { return a.attr.Value }

// source says where the attribute was set.
func (a *effAttr) source() source {
	s := *a.from
	s.attr = a.attr
	return s
}

// lockEntry is a granular lock and the definition that set it; it binds
// definitions in files deeper than depth (docs/locks.md#granular-locks scope, P1).
type lockEntry struct {
	depth int
	src   source
}

// effElem is an element of the effective configuration.
type effElem struct {
	sch      *schema.Element
	parent   *effElem
	attrs    attrList
	children childList
	items    []*effItem
	rare     *elemRare // nil for nearly every element
	src      *source   // for collection items: the directive that added it
}

// elemRare holds what few elements have, out of effElem: a hosting
// server's sites section has some 50,000 elements, and every byte of
// effElem is 50 KB there.
type elemRare struct {
	extra   []extraAttr // unrecognised attributes kept by allowUnrecognizedAttributes
	removed []removal   // inherited items removed or cleared here

	attrLocks map[string]lockEntry
	elemLocks map[string]lockEntry
	itemLock  *lockEntry // lockItem="true" on a section element (V5)

	keys *keyIndex // duplicate-detection index of a large collection (built on demand)
}

// attrLocks are the element's granular attribute locks (nil: none).
func (e *effElem) attrLocks() map[string]lockEntry {
	if e.rare == nil {
		return nil
	}
	return e.rare.attrLocks
}

// elemLocks are the element's granular element locks (nil: none).
func (e *effElem) elemLocks() map[string]lockEntry {
	if e.rare == nil {
		return nil
	}
	return e.rare.elemLocks
}

// itemLock is the section element's lockItem, or nil.
func (e *effElem) itemLock() *lockEntry {
	if e.rare == nil {
		return nil
	}
	return e.rare.itemLock
}

// keyIndex is the collection's duplicate-detection index, or nil while it
// has not been built.
func (e *effElem) keyIndex() *keyIndex {
	if e.rare == nil {
		return nil
	}
	return e.rare.keys
}

func (e *effElem) extras() []extraAttr {
	if e.rare == nil {
		return nil
	}
	return e.rare.extra
}

func (e *effElem) removals() []removal {
	if e.rare == nil {
		return nil
	}
	return e.rare.removed
}

func (e *effElem) rareFields() *elemRare {
	if e.rare == nil {
		e.rare = &elemRare{}
	}
	return e.rare
}

func (e *effElem) addRemoval(r removal) {
	x := e.rareFields()
	x.removed = append(x.removed, r)
}

type extraAttr struct {
	name, value string
	src         source
}

// effItem is a collection item: the element its add directive made (whose
// name is the directive's), and what the collection needs of it. A hosting
// server has tens of thousands, so it is kept small.
type effItem struct {
	el       *effElem
	key      []string
	whole    string                        // a single key as compared (keyInfo.setWhole); "" for combined or several keys
	model    atomic.Pointer[model.Element] // built once when shareable (build.go)
	depth    int32                         // depth of the file that added it
	lockItem bool
}

// directive is the name of the add element that made the item.
func (it *effItem) directive() string { return it.el.name() }

// keyText is the key as messages show it ("value", "404,-1").
func (it *effItem) keyText() string { return strings.Join(it.key, ",") }

type removal struct {
	key       string
	directive string
	src       source
}

// name is the element's name: its add directive's for a collection item
// (src.node), else its schema element's. Not a field: a hosting server's
// sites section has some 40,000 elements.
func (e *effElem) name() string {
	if e.src != nil && e.src.node != nil {
		return e.src.node.Name
	}
	return e.sch.Name
}

func newElem(sch *schema.Element, parent *effElem) *effElem {
	// The maps are made on first write (setAttr, child): most elements of a
	// large collection have few attributes and no children.
	return &effElem{sch: sch, parent: parent}
}

// child returns (creating, from the merger's arena) the effective child
// element called name.
func (m *merger) child(e *effElem, s *schema.Element) *effElem {
	if c, ok := e.children.get(s.Name); ok {
		return c
	}
	c := m.arena.elem() // zeroed, as add's items
	c.sch, c.parent = s, e
	if e.children == nil {
		e.children = m.arena.children.make(2)
	}
	e.children = append(e.children, namedChild{s.Name, c})
	return c
}

// childList holds an element's child elements by name. A slice, not a
// map, for the reason attrList is one: a hosting server's sites each have
// a bindings child, and a map per site was a tenth of the merge.
type childList []namedChild

type namedChild struct {
	name string
	el   *effElem
}

func (l childList) get(name string) (*effElem, bool) {
	for i := range l {
		if l[i].name == name {
			return l[i].el, true
		}
	}
	return nil, false
}

// merger applies inputs to one section's effective tree and collects the
// diagnostics of doing so.
type merger struct {
	section  string
	path     cpath
	diags    []diag.Diagnostic
	keyInfos map[*schema.Collection]*keyInfo
	arena    mergeArena
}

// mergeArena hands out the effective tree's elements, items, attribute
// values and sources from blocks, as xmltree does for nodes: merging a
// hosting server's 10,000 sites makes some 200,000 of them, and one
// allocation each was a third of the merge (and most of its collector
// work). A block lives as long as anything in it; the tree it makes is
// kept or dropped whole with its merge state.
type mergeArena struct {
	elems     block[effElem]
	items     block[effItem]
	srcs      block[source]
	lists     slices[effAttr]
	keys      slices[string]
	itemLists slices[*effItem]
	children  slices[namedChild]
}

// slices hands out short slices with room for n from shared blocks: for
// attribute lists, sized from the element's attribute count (growing them
// one append at a time was a tenth of the merge), for item keys, and for
// first lists of items and child elements (a hosting server has tens of
// thousands of one-item lists). Appending past n moves a list to the heap.
type slices[T any] struct {
	free []T
	last int
}

func (b *slices[T]) make(n int) []T {
	if n > 64 {
		return make([]T, 0, n)
	}
	if len(b.free) < n {
		b.last = min(max(2*b.last, 64), 4096)
		b.free = make([]T, b.last)
	}
	s := b.free[:0:n]
	b.free = b.free[n:]
	return s
}

// reserveAttrs gives an element without attributes yet room for the n an
// element instance sets.
func (m *merger) reserveAttrs(el *effElem, n int) {
	if el.attrs == nil && n > 0 {
		el.attrs = m.arena.lists.make(n)
	}
}

// block hands out Ts from slices that double from 8 to 1024, so a small
// section wastes little and a large one makes few allocations.
type block[T any] struct {
	free []T
	last int // size of the last slice
}

func (b *block[T]) new() *T {
	if len(b.free) == 0 {
		b.last = min(max(2*b.last, 8), 1024)
		b.free = make([]T, b.last)
	}
	p := &b.free[0]
	b.free = b.free[1:]
	return p
}

// elem and item hand out zero values, never used before.
func (a *mergeArena) elem() *effElem { return a.elems.new() }
func (a *mergeArena) item() *effItem { return a.items.new() }

// source hands out a copy of v. It is filled field by field: copying a
// whole struct into the block took the collector's bulk write barrier,
// which showed while a collection runs during a load.
func (a *mergeArena) source(v source) *source {
	p := a.srcs.new()
	p.in, p.node, p.attr, p.file = v.in, v.node, v.attr, v.file
	return p
}

// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func (m *merger) report(d diag.Diagnostic) {
	d.Section = m.section
	d.ConfigPath = m.path.String()
	m.diags = append(m.diags, d)
}

func (m *merger) at(id diag.ID, src source, args ...any) diag.Diagnostic {
	return diag.At(id, src.file.path, src.rng(), args...)
}

// Names of the granular lock attributes (docs/locks.md#granular-locks) and the two attributes
// only a section element may carry (docs/schema.md#unknown-content).
const (
	attrLockAttributes          = "lockAttributes"
	attrLockAllAttributesExcept = "lockAllAttributesExcept"
	attrLockElements            = "lockElements"
	attrLockAllElementsExcept   = "lockAllElementsExcept"
	attrLockItem                = "lockItem"
	attrConfigSource            = "configSource"
	attrConfigProtection        = "configProtectionProvider"
)

// IsLockAttribute reports whether name is one of the granular lock
// attributes, which any element may carry whatever its schema (docs/locks.md#granular-locks):
// appcmd writes them without a schema check, and the merge reads them as
// locks rather than values.
func IsLockAttribute(name string) bool {
	switch name {
	case attrLockAttributes, attrLockAllAttributesExcept, attrLockElements, attrLockAllElementsExcept, attrLockItem:
		return true
	}
	return false
}

// apply merges one element instance of input in into eff (docs/merge.md#attributes-and-elements).
// isSection is true for the section element itself.
func (m *merger) apply(eff *effElem, node *xmltree.Node, in *input, isSection bool) {
	sch := eff.sch
	file := in.contentFile
	// Attributes.
	m.reserveAttrs(eff, len(node.Attrs))
	var from *source // this element instance, made for its first value
	for i := range node.Attrs {
		at := &node.Attrs[i]
		src := source{in: in, node: node, attr: at, file: file}
		switch {
		case IsLockAttribute(at.Name):
			m.readLock(eff, at, src, isSection)
			continue
		case isSection && (at.Name == attrConfigSource || at.Name == attrConfigProtection):
			continue // handled when the input was resolved
		case isXMLNSAttr(at.Name):
			continue
		}
		as := sch.Attribute(at.Name)
		if as == nil {
			m.report(m.at(diag.AttrUnknown, src, at.Name))
			continue
		}
		if l, ok := eff.attrLocks()[at.Name]; ok && l.depth < in.depth {
			m.report(m.at(diag.LockViolation, src).WithNote("attribute '"+at.Name+"' locked here", l.src.file.path, l.src.rng()))
			continue
		}
		if from == nil {
			from = m.arena.source(source{in: in, node: node, file: file})
		}
		m.setValue(eff, as, at, from)
	}
	m.checkRequired(sch, node, in, file)
	// Children.
	var coll *collState
	if sch.Collection != nil {
		coll = &collState{}
	}
	var seenChild map[string]bool // made on the first child element
	for _, c := range node.Children {
		switch c.Kind {
		case xmltree.TextNode, xmltree.CDataNode:
			if c.Kind == xmltree.CDataNode || strings.TrimSpace(c.Text) != "" {
				m.report(m.at(diag.TextContent, source{in: in, node: c, file: file}))
			}
			continue
		case xmltree.ElementNode:
		default:
			continue
		}
		src := source{in: in, node: c, file: file}
		if coll != nil && isDirective(sch.Collection, c.Name) {
			if l, ok := eff.elemLocks()[c.Name]; ok && l.depth < in.depth {
				m.report(m.at(diag.LockViolation, src).WithNote("'"+c.Name+"' locked here", l.src.file.path, l.src.rng()))
				continue
			}
			m.directive(eff, coll, c, in)
			continue
		}
		cs := sch.Element(c.Name)
		if cs == nil {
			m.report(m.at(diag.ElemUnknown, src, c.Name))
			continue
		}
		if seenChild[c.Name] {
			m.report(m.at(diag.ElemTwice, src, c.Name))
			continue
		}
		if seenChild == nil {
			seenChild = map[string]bool{}
		}
		seenChild[c.Name] = true
		if l, ok := eff.elemLocks()[c.Name]; ok && l.depth < in.depth {
			m.report(m.at(diag.LockViolation, src).WithNote("element '"+c.Name+"' locked here", l.src.file.path, l.src.rng()))
			continue
		}
		m.apply(m.child(eff, cs), c, in, false)
	}
	if coll != nil {
		coll.finish(eff, sch.Collection)
	}
}

// checkRequired reports required attributes missing from an element
// instance (docs/schema.md#required-attributes).
func (m *merger) checkRequired(sch *schema.Element, node *xmltree.Node, in *input, file *parsedFile) {
	var missing []string
	for _, a := range sch.Attributes {
		if !a.Required {
			continue
		}
		if _, ok := node.Attr(a.Name); !ok {
			missing = append(missing, a.Name)
		}
	}
	src := source{in: in, node: node, file: file}
	switch len(missing) {
	case 0:
	case 1:
		m.report(m.at(diag.Required, src, missing[0]))
	default:
		m.report(m.at(diag.RequiredMany, src, strings.Join(missing, ",")))
	}
}

// readLock records a granular lock attribute (docs/locks.md#granular-locks).
func (m *merger) readLock(eff *effElem, at *xmltree.Attr, src source, isSection bool) {
	sch := eff.sch
	entry := lockEntry{depth: src.in.depth, src: src}
	if at.Name == attrLockItem {
		if strings.EqualFold(strings.TrimSpace(at.Value), "true") && isSection {
			if x := eff.rareFields(); x.itemLock == nil {
				e := entry
				x.itemLock = &e
			}
		}
		// On collection items lockItem is read by the directive; elsewhere
		// it has no effect (docs/locks.md#granular-locks).
		return
	}
	names := splitLockList(at.Value)
	if names == nil {
		return // empty string: no lock, UNCERTAIN(empty-lock-list) (docs/locks.md#lock-lists)
	}
	star := len(names) == 1 && names[0] == "*"
	switch at.Name {
	case attrLockAttributes, attrLockAllAttributesExcept:
		if !star {
			for _, n := range names {
				if sch.Attribute(n) == nil {
					m.report(m.at(diag.LockList, src, at.Name, "attribute", n))
					return
				}
			}
		}
		x := eff.rareFields()
		if x.attrLocks == nil {
			x.attrLocks = map[string]lockEntry{}
		}
		for _, a := range sch.Attributes {
			locked := star || contains(names, a.Name)
			if at.Name == attrLockAllAttributesExcept {
				locked = !star && !contains(names, a.Name)
			}
			if _, already := x.attrLocks[a.Name]; locked && !already {
				x.attrLocks[a.Name] = entry
			}
		}
	case attrLockElements, attrLockAllElementsExcept:
		all := childNames(sch)
		if !star {
			for _, n := range names {
				if !contains(all, n) {
					m.report(m.at(diag.LockList, src, at.Name, "element", n))
					return
				}
			}
		}
		x := eff.rareFields()
		if x.elemLocks == nil {
			x.elemLocks = map[string]lockEntry{}
		}
		for _, n := range all {
			locked := star || contains(names, n)
			if at.Name == attrLockAllElementsExcept {
				locked = !star && !contains(names, n)
			}
			if _, already := x.elemLocks[n]; locked && !already {
				x.elemLocks[n] = entry
			}
		}
	}
}

// childNames lists what lockElements may name on an element: its child
// elements and its collection's directives.
func childNames(sch *schema.Element) []string {
	var out []string
	for _, c := range sch.Elements {
		out = append(out, c.Name)
	}
	if c := sch.Collection; c != nil {
		out = append(out, c.AddElements...)
		if c.RemoveElement != "" {
			out = append(out, c.RemoveElement)
		}
		if c.ClearElement != "" {
			out = append(out, c.ClearElement)
		}
	}
	return out
}

func splitLockList(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isDirective(c *schema.Collection, name string) bool {
	return c.IsAdd(name) || (name != "" && (name == c.RemoveElement || name == c.ClearElement))
}

// cloneTree copies an effective element and its child elements so that a
// deeper level can apply more inputs without touching the shared parent
// state. Collection items are shared (items are replaced whole, never
// edited, docs/collections.md#items-are-whole); the key index is rebuilt on demand.
func (e *effElem) cloneTree(parent *effElem) *effElem {
	c := &effElem{sch: e.sch, parent: parent, src: e.src}
	c.attrs = append(attrList(nil), e.attrs...)
	if e.children != nil {
		c.children = make(childList, len(e.children))
		for i, ch := range e.children {
			c.children[i] = namedChild{ch.name, ch.el.cloneTree(c)}
		}
	}
	c.items = append([]*effItem(nil), e.items...)
	if r := e.rare; r != nil {
		// The key index is not copied: it is rebuilt on demand.
		c.rare = &elemRare{
			extra:     append([]extraAttr(nil), r.extra...),
			removed:   append([]removal(nil), r.removed...),
			attrLocks: maps.Clone(r.attrLocks),
			elemLocks: maps.Clone(r.elemLocks),
			itemLock:  r.itemLock,
		}
	}
	return c
}

func (e *effElem) setAttr(a effAttr) { e.attrs = e.attrs.set(a) }

// attrList holds an element's explicit attributes. A slice, not a map:
// elements have a handful of attributes, and a large collection has tens of
// thousands of elements, where a map per element dominated load time. The
// pointer get returns stays valid, but a later set of the same name in
// the same merge writes over it (nothing keeps one across a set).
type attrList []effAttr

func (l attrList) get(name string) (*effAttr, bool) {
	for i := range l {
		if l[i].attr.Name == name {
			return &l[i], true
		}
	}
	return nil, false
}

func (l attrList) set(a effAttr) attrList {
	for i := range l {
		if l[i].attr.Name == a.attr.Name {
			l[i] = a
			return l
		}
	}
	return append(l, a)
}

// setValue parses an attribute's text against its schema and sets it on el, or
// reports why it is invalid (docs/schema.md#types, docs/schema.md#validators).
// from is the element instance that carries the attribute.
func (m *merger) setValue(el *effElem, as *schema.Attribute, at *xmltree.Attr, from *source) {
	v, reason := as.Parse(at.Value)
	if reason != "" {
		src := *from
		src.attr = at
		m.report(m.at(diag.Value, src, at.Name, reason))
		return
	}
	el.setAttr(effAttr{val: v, attr: at, from: from})
}
