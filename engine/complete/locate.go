package complete

import (
	"strings"

	"github.com/iisconf/iisconf/engine/schema"
)

// kind is what an element is in a configuration file.
type kind uint8

const (
	kDocument       kind = iota // outside the root element
	kConfiguration              // <configuration>
	kLocation                   // <location>
	kGroup                      // a section group, e.g. <system.webServer>
	kConfigSections             // <configSections>
	kDeclGroup                  // <sectionGroup> inside configSections
	kDecl                       // <section>, <remove>, <clear> inside configSections
	kSection                    // a section element or anything inside one
	kUnknown                    // a name nothing declares here
)

// frame is one element of the stack, understood.
type frame struct {
	kind kind
	name string
	// prefix is the section-group path of configuration, location and
	// group frames ("" at the top, "system.webServer/security").
	prefix string
	// section is the full name of the section a kSection frame is in, and
	// sch the schema element this frame's element has (nil when the
	// section has no schema, or the schema does not know the element).
	section string
	sch     *schema.Element
	// directive is "add", "remove" or "clear" for a collection directive,
	// col the collection it belongs to.
	directive string
	col       *schema.Collection
	// elems are the element names from the section element down (the
	// section element first), for lock look-ups.
	elems []string
	// location is the path of the innermost enclosing location tag, and
	// inLocation whether there is one.
	location   string
	inLocation bool
}

// names is what the workspace declares where a file is read: sections
// and section groups by full name.
type names struct {
	sections map[string]bool
	groups   map[string]bool
}

// locate understands the stack of open elements, outermost first. The
// returned slice has one frame per element; the document frame before
// them is its [0].
func locate(stack []open, ns names, sch *schema.Schema) []frame {
	frames := []frame{{kind: kDocument}}
	for _, o := range stack {
		frames = append(frames, child(frames[len(frames)-1], o, ns, sch))
	}
	return frames
}

// child is the frame of the element o inside parent.
func child(parent frame, o open, ns names, sch *schema.Schema) frame {
	f := frame{kind: kUnknown, name: o.name, location: parent.location, inLocation: parent.inLocation}
	switch parent.kind {
	case kDocument:
		if o.name == "configuration" {
			f.kind = kConfiguration
		}
	case kConfiguration, kLocation, kGroup:
		switch {
		case parent.kind == kConfiguration && o.name == "configSections":
			f.kind = kConfigSections
		case parent.kind == kConfiguration && o.name == "location":
			f.kind, f.location, f.inLocation = kLocation, o.path, true
		default:
			full := join(parent.prefix, o.name)
			switch {
			case ns.sections[full]:
				f.kind, f.section, f.elems = kSection, full, []string{o.name}
				if s := sch.Section(full); s != nil {
					f.sch = s.Root
				}
			case ns.groups[full]:
				f.kind, f.prefix = kGroup, full
			}
		}
	case kConfigSections, kDeclGroup:
		switch o.name {
		case "sectionGroup":
			f.kind = kDeclGroup
		case "section", "remove", "clear":
			f.kind = kDecl
		}
	case kSection:
		f.kind, f.section = kSection, parent.section
		f.elems = append(parent.elems[:len(parent.elems):len(parent.elems)], o.name)
		f.sch, f.directive, f.col = schemaChild(parent.sch, o.name)
	}
	return f
}

// schemaChild finds name among el's child elements and collection
// directives.
func schemaChild(el *schema.Element, name string) (*schema.Element, string, *schema.Collection) {
	if el == nil {
		return nil, "", nil
	}
	if c := el.Element(name); c != nil {
		return c, "", nil
	}
	for _, col := range collections(el) {
		switch {
		case col.IsAdd(name):
			return col.Item, "add", col
		case name == col.RemoveElement:
			return nil, "remove", col
		case name == col.ClearElement:
			return nil, "clear", col
		}
	}
	return nil, "", nil
}

// collections are the collections an element holds, the first first.
func collections(el *schema.Element) []*schema.Collection {
	if el == nil || el.Collection == nil {
		return nil
	}
	return append([]*schema.Collection{el.Collection}, el.MoreCollections...)
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "/" + name
}

// under lists the next name segment of every declared section and group
// below prefix, each once, with whether it is a section.
func (ns names) under(prefix string) map[string]bool {
	out := map[string]bool{}
	add := func(full string, section bool) {
		rest := full
		if prefix != "" {
			if !strings.HasPrefix(full, prefix+"/") {
				return
			}
			rest = full[len(prefix)+1:]
		}
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			out[rest[:i]] = out[rest[:i]] || false
			return
		}
		out[rest] = out[rest] || section
	}
	for n := range ns.sections {
		add(n, true)
	}
	for n := range ns.groups {
		add(n, false)
	}
	return out
}
