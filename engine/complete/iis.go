package complete

import "strings"

// The configuration system's own vocabulary, which no schema file
// describes: location tags (docs/locations.md), declarations
// (docs/declarations.md#section-and-group-attributes) and the lock
// attributes every section element may carry (docs/locks.md#granular-locks).

// iisAttr is one attribute of that vocabulary.
type iisAttr struct {
	name, detail, doc string
	values            []string
}

var bools = []string{"true", "false"}

const (
	docConfigSections = "Declares sections and section groups: a section must be declared in this file or one above before it is used."
	docLocation       = "Applies the sections inside it to a path below this file's level, and may lock them (overrideMode) for lower files."
	docSectionDecl    = "Declares a section: its name, where it may be defined (allowDefinition) and whether lower files may define it (overrideModeDefault)."
)

var locationAttrs = []iisAttr{
	{"path", "config path", "The path the settings apply to, relative to this file's level; empty or \".\" for the level itself.", nil},
	{"overrideMode", "Allow, Deny or Inherit", "Whether lower files may define the sections inside.", []string{"Allow", "Deny", "Inherit"}},
	{"allowOverride", "bool", "The older form of overrideMode: false locks the sections inside for lower files.", bools},
	{"inheritInChildApplications", "bool, default true", "With false, the settings stop at child applications.", bools},
}

var sectionDeclAttrs = []iisAttr{
	{"name", "required", "The section's short name; its full name adds the enclosing groups.", nil},
	{"type", "managed type", "The handler type; compared only when the section is declared again.", nil},
	{"allowDefinition", "default Everywhere", "Where the section may be defined.", []string{"Everywhere", "MachineToApplication", "MachineToWebRoot", "MachineOnly", "AppHostOnly"}},
	{"overrideModeDefault", "default Allow", "Whether lower files may define the section.", []string{"Allow", "Deny"}},
	{"allowLocation", "bool, default true", "With false, the section may not appear inside <location>.", bools},
	{"requirePermission", ".NET only", "Accepted and ignored by IIS.", bools},
	{"restartOnExternalChanges", ".NET only", "Accepted and ignored by IIS.", bools},
	{"allowExeDefinition", ".NET only", "Accepted and ignored by IIS.", []string{"MachineOnly", "MachineToApplication", "MachineToRoamingUser", "MachineToLocalUser"}},
}

var groupDeclAttrs = []iisAttr{
	{"name", "required", "The group's short name.", nil},
	{"type", "managed type", "Accepted; groups hold no settings.", nil},
}

var removeDeclAttrs = []iisAttr{{"name", "section name", "Accepted and without effect: a lower file cannot unregister a section.", nil}}

var lockListAttrs = []iisAttr{
	{"lockAttributes", "attribute names", "Locks these attributes (comma-separated, * for all) for lower files.", nil},
	{"lockAllAttributesExcept", "attribute names", "Locks every attribute except these for lower files.", nil},
	{"lockElements", "element names", "Locks these child elements or collection directives for lower files.", nil},
	{"lockAllElementsExcept", "element names", "Locks every child element and directive except these for lower files.", nil},
}

var lockItemAttr = iisAttr{"lockItem", "bool", "On a collection item, protects it from remove and clear in lower files; on the section element, locks the section.", bools}

var configSourceAttr = iisAttr{"configSource", "file name", "Reads the section from this file, in the same folder, instead.", nil}

// iisAttributes are the configuration system's own attributes of f's
// element when it is not a section element (lockAttributes says those).
func iisAttributes(f frame) []iisAttr {
	switch f.kind {
	case kLocation:
		return locationAttrs
	case kDeclGroup:
		return groupDeclAttrs
	case kDecl:
		switch f.name {
		case "section":
			return sectionDeclAttrs
		case "remove":
			return removeDeclAttrs
		}
	}
	return nil
}

// lockAttributes are the attributes every element of a section may carry
// besides its schema's: the lock lists, lockItem on the section element and
// collection items, configSource on the section element.
func lockAttributes(f frame) []iisAttr {
	out := append([]iisAttr(nil), lockListAttrs...)
	if len(f.elems) == 1 {
		out = append([]iisAttr{configSourceAttr}, out...)
	}
	if len(f.elems) == 1 || f.directive == "add" {
		out = append(out, lockItemAttr)
	}
	return out
}

// iisAttribute finds name among f's configuration-system attributes.
func iisAttribute(f frame, name string) (iisAttr, bool) {
	all := iisAttributes(f)
	if f.kind == kSection {
		all = lockAttributes(f)
	}
	for _, a := range all {
		if a.name == name {
			return a, true
		}
	}
	return iisAttr{}, false
}

// isListAttribute: the lock lists take comma-separated names.
func isListAttribute(name string) bool { return strings.HasPrefix(name, "lock") && name != "lockItem" }

// maxPaths caps the location paths offered.
const maxPaths = 200

// iisValues are the values a configuration-system attribute takes: its
// fixed set, the element's attribute or element names for a lock list,
// the sites and applications for an applicationHost.config location path.
// nil when the attribute is not one of them.
func iisValues(s *site, f frame, name string) []valueChoice {
	a, ok := iisAttribute(f, name)
	if !ok {
		return nil
	}
	var out []valueChoice
	switch {
	case a.values != nil:
		for _, v := range a.values {
			out = append(out, valueChoice{v, ""})
		}
	case strings.HasSuffix(name, "AttributesExcept") || name == "lockAttributes":
		if f.sch != nil {
			for _, at := range f.sch.Attributes {
				out = append(out, valueChoice{at.Name, at.Type.String()})
			}
		}
	case strings.HasPrefix(name, "lock"): // the element lists
		if f.sch != nil {
			for _, c := range f.sch.Elements {
				out = append(out, valueChoice{c.Name, "element"})
			}
			for _, col := range collections(f.sch) {
				for _, d := range append(append([]string(nil), col.AddElements...), col.RemoveElement, col.ClearElement) {
					if d != "" {
						out = append(out, valueChoice{d, "directive"})
					}
				}
			}
		}
	case f.kind == kLocation && name == "path" && s.level == apphostLevel:
		// A hosting server has thousands of sites: those matching what is
		// typed, at most maxPaths, and the list is asked again as one types.
		typed := strings.ToLower(s.typedValue())
		add := func(p, what string) {
			if len(out) < maxPaths && strings.Contains(strings.ToLower(p), typed) {
				out = append(out, valueChoice{p, what})
			}
		}
		for _, st := range s.e.Sites() {
			add(st.Name, "site")
			for _, app := range st.Apps {
				if app.Path != "/" {
					add(st.Name+app.Path, "application")
				}
			}
		}
	}
	if out == nil {
		out = []valueChoice{}
	}
	return out
}
