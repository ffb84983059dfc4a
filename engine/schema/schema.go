// Package schema describes configuration sections the way IIS's schema files
// do (docs/schema.md): attribute types, defaults, validators, keys and collection
// directives. It holds the built-in schema (the project's own fact files
// under builtin/), reads user schema files written in IIS's XML format, and
// parses, validates and canonicalises attribute values.
//
// A *Schema is immutable once built: WithUserFiles builds a new one, so the
// built-in schema can be shared by every workspace without locking.
package schema

// Type is an attribute's runtime type.
type Type uint8

const (
	String Type = iota
	Bool
	Enum
	Flags
	UInt
	Int
	Int64
	TimeSpan
)

// String is the type's name as IIS's schema files write it ("timeSpan").
func (t Type) String() string {
	for name, v := range typeByName {
		if v == t {
			return name
		}
	}
	return "string"
}

// TimeSpanFormat is how a timeSpan attribute is written.
type TimeSpanFormat uint8

const (
	TimeSpanString  TimeSpanFormat = iota // [-][d.]hh:mm:ss[.fffffff]
	TimeSpanSeconds                       // integer count of seconds
	TimeSpanMinutes                       // integer count of minutes
)

// EnumValue is one name of an enum or flags attribute.
type EnumValue struct {
	Name  string
	Value int64
}

// Attribute is the schema of one attribute.
type Attribute struct {
	Name                string
	Type                Type
	Required            bool
	IsUniqueKey         bool
	IsCombinedKey       bool
	CaseSensitive       bool
	Encrypted           bool
	Expanded            bool
	AllowInfinite       bool
	DisplayHex          bool
	HasDefault          bool   // defaultValue was written in the schema
	DefaultValue        string // as written in the schema
	TimeSpanFormat      TimeSpanFormat
	ValidationType      string // as written, e.g. "integerRange"
	ValidationParameter string
	Extension           string // COM-computed value: unsupported, shown as unavailable
	Values              []EnumValue
	Source              string // schema file that defined it
	Line, Col           int    // position in Source (user XML files); 0 for built-in data
}

// IsKey reports whether the attribute is (part of) a collection key.
func (a *Attribute) IsKey() bool { return a.IsUniqueKey || a.IsCombinedKey }

// Element is the schema of an element: a section's root element, a child
// element, or the shape of a collection's items.
type Element struct {
	Name                string
	IsCollectionDefault bool
	Attributes          []*Attribute
	Elements            []*Element
	Collection          *Collection // nil unless the element holds a collection
	// MoreCollections holds further <collection> children after the first.
	// Only FX_schema's system.web/profile/properties has one (items "add"
	// and "group" of different shapes); how IIS resolves two collections in
	// one element is undocumented, so the fact is kept, not interpreted.
	MoreCollections []*Collection
}

// Attribute returns the attribute called name (case-sensitive) or nil.
func (e *Element) Attribute(name string) *Attribute {
	for _, a := range e.Attributes {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// Element returns the child element called name (case-sensitive) or nil.
func (e *Element) Element(name string) *Element {
	for _, c := range e.Elements {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Collection describes the collection an element holds.
type Collection struct {
	AddElements                 []string // usually ["add"]; "allow,deny" gives two
	RemoveElement               string   // "" when the collection has none
	ClearElement                string   // "" when the collection has none
	DefaultElement              string   // sibling element whose attributes default the items
	MergeAppend                 bool     // default true
	AllowDuplicates             bool
	AllowUnrecognizedAttributes bool
	Item                        *Element // attributes, elements and nested collection of each item (Name is "")
}

// IsAdd reports whether name is one of the collection's add directives.
func (c *Collection) IsAdd(name string) bool {
	for _, n := range c.AddElements {
		if n == name {
			return true
		}
	}
	return false
}

// Keys returns the item attributes that identify an item (unique keys, or
// the combined key's parts), in schema order.
func (c *Collection) Keys() []*Attribute {
	var keys []*Attribute
	for _, a := range c.Item.Attributes {
		if a.IsKey() {
			keys = append(keys, a)
		}
	}
	return keys
}

// Section is the schema of one configuration section.
type Section struct {
	Name   string   // full name, e.g. "system.webServer/defaultDocument"
	Root   *Element // the section element; Root.Name is the short name
	Source string   // schema file (or files, ", "-separated) that defined it
	Line   int      // position of the first definition (user XML files); 0 for built-in data
	Col    int
}

// Schema is a set of section schemas, keyed by exact full name.
type Schema struct {
	sections map[string]*Section
	names    []string // sorted
}

// Section returns the schema of the named section (exact name) or nil.
func (s *Schema) Section(name string) *Section { return s.sections[name] }

// Names returns every section name, sorted.
func (s *Schema) Names() []string { return s.names }
