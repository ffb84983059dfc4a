package config

import (
	"github.com/iisconf/iisconf/engine/schema"
)

// Element is a read-only view of an effective element: its attributes
// with their values and provenance, its child elements and its collection
// items. The zero Element is no element (a section without schema).
type Element struct {
	e  *Engine
	el *effElem
	// anc are el's ancestors from the section element down to its parent:
	// a collection item's defaults come from its holders (defaultSources),
	// and items are shared between merge states, so their parent pointers
	// cannot be trusted for that.
	anc []*effElem
	// it is the collection item el is, when Items gave it: its key and
	// lockItem are the collection's, not the element's.
	it *effItem
}

// Exists reports whether x is an element (not the zero Element).
func (x Element) Exists() bool { return x.el != nil }

// Same reports whether x and y view the same effective element.
func (x Element) Same(y Element) bool { return x.el == y.el }

// Name is the element's name: a collection item's is its add directive's
// (add, site, application, …).
func (x Element) Name() string {
	if x.el == nil {
		return ""
	}
	return x.el.name()
}

// Schema is the element's schema.
func (x Element) Schema() *schema.Element {
	if x.el == nil {
		return nil
	}
	return x.el.sch
}

// Value is the effective value of the attribute called name (exact, as
// XML names are): explicit, or its default. ok is false when the schema
// has no such attribute and none was kept unrecognised.
func (x Element) Value(name string) (Value, bool) {
	if x.el == nil {
		return Value{}, false
	}
	if as := x.el.sch.Attribute(name); as != nil {
		return x.e.attrValue(x.el, x.anc, as), true
	}
	for _, ex := range x.el.extras() {
		if ex.name == name {
			return extraValue(ex), true
		}
	}
	return Value{}, false
}

// Values are every schema attribute's effective value in schema order,
// then the unrecognised attributes kept by allowUnrecognizedAttributes.
func (x Element) Values() []Value {
	if x.el == nil {
		return nil
	}
	out := make([]Value, 0, len(x.el.sch.Attributes)+len(x.el.extras()))
	for _, as := range x.el.sch.Attributes {
		out = append(out, x.e.attrValue(x.el, x.anc, as))
	}
	for _, ex := range x.el.extras() {
		out = append(out, extraValue(ex))
	}
	return out
}

// Child is the child element called name. A child the schema allows but
// nothing set holds its defaults; ok is false when the schema has no such
// child.
func (x Element) Child(name string) (Element, bool) {
	if x.el == nil {
		return Element{}, false
	}
	cs := x.el.sch.Element(name)
	if cs == nil {
		return Element{}, false
	}
	return x.child(cs, x.inner()), true
}

// Children are the child elements in schema order.
func (x Element) Children() []Element {
	if x.el == nil {
		return nil
	}
	out := make([]Element, 0, len(x.el.sch.Elements))
	inner := x.inner()
	for _, cs := range x.el.sch.Elements {
		out = append(out, x.child(cs, inner))
	}
	return out
}

// child is the child element cs; inner is x.inner(), which siblings may
// share (it is full: a deeper call appending to it copies it).
func (x Element) child(cs *schema.Element, inner []*effElem) Element {
	c, ok := x.el.children.get(cs.Name)
	if !ok {
		c = newElem(cs, x.el) // never set: defaults only
	}
	return Element{e: x.e, el: c, anc: inner}
}

// Items are the collection's items in effective order (none for an
// element without a collection).
func (x Element) Items() []Element {
	if x.el == nil || len(x.el.items) == 0 {
		return nil
	}
	inner := x.inner()
	out := make([]Element, len(x.el.items))
	for i, it := range x.el.items {
		out[i] = Element{e: x.e, el: it.el, anc: inner, it: it}
	}
	return out
}

// inner is the ancestor list of x's children: a copy, so that siblings
// never share a backing array that a deeper call appends to.
func (x Element) inner() []*effElem {
	out := make([]*effElem, len(x.anc)+1)
	copy(out, x.anc)
	out[len(x.anc)] = x.el
	return out
}

// Removed are the inherited collection items that remove and clear
// directives dropped at this element, in the order they were dropped: the
// trace of what is no longer there (docs/collections.md).
func (x Element) Removed() []Removal {
	if x.el == nil {
		return nil
	}
	rs := x.el.removals()
	out := make([]Removal, len(rs))
	for i, r := range rs {
		out[i] = Removal{Key: r.key, Directive: r.directive, Source: sourceOf(r.src)}
	}
	return out
}

// Source is where a collection item was added (its add directive); ok is
// false for other elements.
func (x Element) Source() (Source, bool) {
	if x.el == nil || x.el.src == nil {
		return Source{}, false
	}
	return sourceOf(*x.el.src), true
}

// Locks are the granular locks in force on the element
// (docs/locks.md#granular-locks); the zero Locks when there are none.
func (x Element) Locks() Locks {
	if x.el == nil {
		return Locks{}
	}
	return locksOf(x.el, x.it)
}

// Key is a collection item's key, one part per key attribute of its
// collection, as the engine matches items (duplicates, remove); nil for
// an element that is not an item and for an item of a collection without
// key attributes.
func (x Element) Key() []KeyPart {
	if x.it == nil || len(x.it.key) == 0 {
		return nil
	}
	keys := x.anc[len(x.anc)-1].sch.Collection.Keys()
	out := make([]KeyPart, len(keys))
	for i, k := range keys {
		out[i] = KeyPart{Attribute: k, Value: x.it.key[i]}
	}
	return out
}
