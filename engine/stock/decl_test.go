package stock

import "strings"

// decl is one <section> declaration with its effective registration values.
type decl struct {
	overrideModeDefault string // "Allow" when not written
	allowDefinition     string // "Everywhere" when not written
	allowLocation       string // "true" when not written
	line                int
}

// declarations collects the sections and groups a file declares, by full
// name ("system.webServer/security/access").
type declarations struct {
	sections map[string]decl
	groups   map[string]bool
}

func newDeclarations() *declarations {
	return &declarations{sections: map[string]decl{}, groups: map[string]bool{}}
}

// add reads root's <configSections> (if any) into d.
func (d *declarations) add(root *node) {
	if cs := root.child("configSections"); cs != nil {
		d.addGroup(cs, "")
	}
}

func (d *declarations) addGroup(g *node, prefix string) {
	for _, c := range g.Children {
		name, _ := c.attr("name")
		full := prefix + name
		switch c.Name {
		case "sectionGroup":
			d.groups[full] = true
			d.addGroup(c, full+"/")
		case "section":
			d.sections[full] = decl{
				overrideModeDefault: attrOr(c, "overrideModeDefault", "Allow"),
				allowDefinition:     attrOr(c, "allowDefinition", "Everywhere"),
				allowLocation:       attrOr(c, "allowLocation", "true"),
				line:                c.Line,
			}
		}
	}
}

func attrOr(n *node, name, def string) string {
	if v, ok := n.attr(name); ok {
		return v
	}
	return def
}

// builtinElements may appear under <configuration> without a declaration.
var builtinElements = map[string]bool{"configSections": true, "configProtectedData": true, "location": true}

// usedSections walks a file's content and calls use for every element that
// is a declared section, and undeclared for every element that is neither a
// declared section nor a declared group.
func usedSections(root *node, d *declarations, use func(full string, n *node), undeclared func(path string, n *node)) {
	var walk func(n *node, prefix string)
	walk = func(n *node, prefix string) {
		for _, c := range n.Children {
			if prefix == "" && builtinElements[c.Name] {
				if c.Name == "location" {
					walk(c, "")
				} else if c.Name == "configProtectedData" {
					use("configProtectedData", c)
				}
				continue
			}
			full := prefix + c.Name
			switch {
			case d.groups[full]:
				walk(c, full+"/")
			case hasSection(d, full):
				use(full, c)
			default:
				undeclared(strings.TrimSuffix(prefix, "/"), c)
			}
		}
	}
	walk(root, "")
}

func hasSection(d *declarations, full string) bool {
	_, ok := d.sections[full]
	return ok
}
