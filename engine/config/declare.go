package config

import (
	"strings"
	"sync"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/sortx"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// decl is one <section> or <sectionGroup> registration (docs/declarations.md).
type decl struct {
	name                string // full name
	group               bool
	typ                 string
	typSet              bool
	allowDefinition     string // canonical spelling
	overrideModeDefault string // Allow|Deny
	allowLocation       bool
	file                string
	line, col           int        // for the model's Source
	rng                 diag.Range // for diagnostics
	depth               int        // level depth of the declaring file
	owner               uint64     // id of the declaring file's analysis (cache keys)
	// takesOver marks a group that replaced a .NET placeholder section of
	// the same name (ignoredByNET): lookups from its file down stop at it.
	takesOver bool
}

// ignoredByNET reports whether d is a placeholder of the .NET
// configuration system: a <section> that machine.config or the root
// web.config declares with the IgnoreSection type (or its legacy
// IgnoreSectionHandler), so that ASP.NET skips an element some other
// reader owns. Real machine.config files declare system.webServer so,
// while applicationHost.config declares system.webServer as a group
// (docs/declarations.md#net-placeholder-sections).
func (d *decl) ignoredByNET() bool {
	if d.group || d.depth > levelWebRoot {
		return false
	}
	class, _, _ := strings.Cut(d.typ, ",")
	switch strings.TrimSpace(class) {
	case "System.Configuration.IgnoreSection", "System.Configuration.IgnoreSectionHandler":
		return true
	}
	return false
}

// registry is the set of declarations visible to one file: its own plus
// everything above it. Lookups return the topmost declaration, which is
// the one that governs locking (docs/locks.md#section-lock-decision "root declaration").
type registry struct {
	parent *registry
	own    map[string]*decl // by full name (exact: section names are XML names)

	// sorted is sectionNames sorted, made on first use: a registry does
	// not change once its file is analysed, and every evaluation lists
	// the sections in scope.
	sortedOnce sync.Once
	sorted     []string
	// listed is sorted in list order (listedSectionNames).
	listed listedNames
}

func (r *registry) lookup(name string) *decl {
	var found *decl
	for x := r; x != nil; x = x.parent {
		if d, ok := x.own[name]; ok {
			found = d
			if d.takesOver {
				break
			}
		}
	}
	return found
}

// sortedSectionNames is sectionNames sorted, shared: callers must not
// change it.
//
// A file that declares nothing (most web.configs) sees the sections of the
// nearest registry above that declares some: the same list, not a copy
// sorted again (a keystroke's new analysis would sort ~160 names; and
// sectionResults compares the lists).
//
//go:noinline
func (r *registry) sortedSectionNames() []string {
	x := r.declaring()
	x.sortedOnce.Do(x.sortNames)
	return x.sorted
}

// declaring is the nearest registry at or above r that declares
// something: r's sections are its sections.
func (r *registry) declaring() *registry {
	x := r
	for len(x.own) == 0 && x.parent != nil {
		x = x.parent
	}
	return x
}

func (r *registry) sortNames() {
	r.sorted = r.sectionNames()
	sortx.Strings(r.sorted)
}

func (r *registry) sectionNames() []string {
	seen := map[string]bool{}
	var out []string
	for x := r; x != nil; x = x.parent {
		for n, d := range x.own {
			if seen[n] {
				continue
			}
			seen[n] = true // a group seen first hides the placeholder it took over
			if !d.group {
				out = append(out, n)
			}
		}
	}
	return out
}

// allowDefinition keywords; the IIS docs' MachineToRootWeb is accepted as a
// synonym of the real keyword MachineToWebRoot (docs/declarations.md#section-and-group-attributes).
var allowDefinitionValues = map[string]string{
	"everywhere":           "Everywhere",
	"machinetoapplication": "MachineToApplication",
	"machinetowebroot":     "MachineToWebRoot",
	"machinetorootweb":     "MachineToWebRoot",
	"machineonly":          "MachineOnly",
	"apphostonly":          "AppHostOnly",
}

var sectionDeclAttrs = map[string]bool{
	"name": true, "type": true, "allowDefinition": true, "overrideModeDefault": true,
	"allowLocation": true, "requirePermission": true, "restartOnExternalChanges": true,
	"allowExeDefinition": true,
}

// readDeclarations reads a <configSections> element into reg.own.
func readDeclarations(cs *xmltree.Node, file string, depth int, reg *registry, out *[]diag.Diagnostic) {
	for _, a := range cs.Attrs {
		if isXMLNSAttr(a.Name) {
			continue
		}
		*out = append(*out, diag.At(diag.DeclAttr, file, a.Range(), a.Name))
	}
	var walk func(parent *xmltree.Node, prefix string)
	walk = func(parent *xmltree.Node, prefix string) {
		for _, n := range parent.Children {
			if n.Kind != xmltree.ElementNode {
				continue
			}
			l, c, rng := int(n.Start.Line), int(n.Start.Col), n.Range()
			switch n.Name {
			case "remove", "clear":
				// Accepted and without effect: lower files can neither
				// unregister nor redefine (docs/declarations.md#configsections).
				continue
			case "section", "sectionGroup":
			default:
				*out = append(*out, diag.At(diag.ElemUnknown, file, rng, n.Name).InPhase(diag.PhaseFile))
				continue
			}
			group := n.Name == "sectionGroup"
			d := &decl{group: group, file: file, line: l, col: c, rng: rng, depth: depth,
				allowDefinition: "Everywhere", overrideModeDefault: "Allow", allowLocation: true}
			nameAttr, ok := n.Attr("name")
			if !ok || nameAttr.Value == "" {
				*out = append(*out, diag.At(diag.Required, file, rng, "name").InPhase(diag.PhaseFile))
				continue
			}
			short := nameAttr.Value
			d.name = short
			if prefix != "" {
				d.name = prefix + "/" + short
			}
			bad := false
			for i := range n.Attrs {
				a := &n.Attrs[i]
				ar := a.Range()
				if group {
					if a.Name != "name" && a.Name != "type" && !isXMLNSAttr(a.Name) {
						*out = append(*out, diag.At(diag.DeclAttr, file, ar, a.Name))
					}
				} else if !sectionDeclAttrs[a.Name] && !isXMLNSAttr(a.Name) {
					*out = append(*out, diag.At(diag.DeclAttr, file, ar, a.Name))
				}
				switch a.Name {
				case "type":
					d.typ, d.typSet = a.Value, true
				case "allowDefinition":
					if v, ok := allowDefinitionValues[strings.ToLower(strings.TrimSpace(a.Value))]; ok {
						d.allowDefinition = v
					} else {
						*out = append(*out, diag.At(diag.Value, file, ar, a.Name,
							"Enum must be one of Everywhere, MachineToApplication, MachineToWebRoot, MachineOnly, AppHostOnly").InPhase(diag.PhaseFile))
						bad = true
					}
				case "overrideModeDefault":
					switch a.Value {
					case "Allow", "Inherit":
						d.overrideModeDefault = "Allow"
					case "Deny":
						d.overrideModeDefault = "Deny"
					default:
						*out = append(*out, diag.At(diag.LocMode, file, ar))
						bad = true
					}
				case "allowLocation":
					switch strings.ToLower(a.Value) {
					case "true":
					case "false":
						d.allowLocation = false
					default:
						*out = append(*out, diag.At(diag.Value, file, ar, a.Name, badBoolReason).InPhase(diag.PhaseFile))
					}
				}
			}
			if bad {
				continue
			}
			if !registerDecl(d, reg, out) {
				continue
			}
			if group {
				walk(n, d.name)
			}
		}
	}
	walk(cs, "")
}

// registerDecl adds d to reg.own unless it clashes with an earlier
// declaration (docs/declarations.md#redeclaration).
func registerDecl(d *decl, reg *registry, out *[]diag.Diagnostic) bool {
	if prev, ok := reg.own[d.name]; ok {
		if prev.group && d.group {
			return true // a group may be opened twice in one file
		}
		*out = append(*out, diag.At(diag.DeclDup, d.file, d.rng, d.name).
			WithNote("first declared here", prev.file, prev.rng))
		return false
	}
	if reg.parent != nil {
		if prev := reg.parent.lookup(d.name); prev != nil {
			switch {
			case d.group && prev.ignoredByNET():
				// The group takes the name over from the .NET
				// placeholder, for this file and below: IIS raises
				// nothing here (docs/declarations.md#net-placeholder-sections,
				// UNCERTAIN(ignoresection-group)).
				d.takesOver = true
			case prev.group != d.group:
				*out = append(*out, diag.At(diag.DeclBad, d.file, d.rng,
					"Section or group name '"+d.name+"' is already defined. Updates to this may only occur at the configuration level where it is defined.").
					WithNote("defined here", prev.file, prev.rng))
				return false
			case d.group:
				// Re-opening a group in a lower file to add sections is legal.
			case !equivalentDecl(prev, d):
				*out = append(*out, diag.At(diag.DeclDup, d.file, d.rng, d.name).
					WithNote("first declared here", prev.file, prev.rng))
				return false
			}
		}
	}
	reg.own[d.name] = d
	return true
}

// equivalentDecl decides whether a re-declaration in a lower file repeats the
// original. IIS compares the type text (docs/declarations.md#redeclaration
// [DOC]); comparing the three lock-relevant attributes as well is
// UNCERTAIN(redeclaration-equivalence) but follows the observed webSocket
// overrideModeDefault failure.
func equivalentDecl(a, b *decl) bool {
	return a.typ == b.typ && a.allowDefinition == b.allowDefinition &&
		a.overrideModeDefault == b.overrideModeDefault && a.allowLocation == b.allowLocation
}

func isXMLNSAttr(name string) bool { return name == "xmlns" || strings.HasPrefix(name, "xmlns:") }

// badBoolReason is the reason text for an unparsable boolean outside the
// schema: the schema package's wording, UNCERTAIN(parse-reason-texts)
// (docs/schema.md#types).
const badBoolReason = "Not a valid boolean value"

// implicitRegistry holds the sections every configuration file may use
// without declaring them: configProtectedData is built into both the .NET
// and the native configuration systems (real machine.config and
// applicationHost.config files use it undeclared) [NET: implicit section
// records]. It sits above machine.config, so no file is its declaring file.
func implicitRegistry() *registry {
	return &registry{own: map[string]*decl{
		"configProtectedData": {name: "configProtectedData", allowDefinition: "Everywhere",
			overrideModeDefault: "Allow", allowLocation: true, depth: -1, file: "(built in)", rng: diag.NoRange},
	}}
}
