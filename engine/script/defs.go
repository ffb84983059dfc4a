package script

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// definition is one section as one file defines it for one target: the
// unit every IIS tool writes (a section at a config path, committed to
// the file of a level at or above it).
type definition struct {
	commit  string // config path of the file (the level it is read at)
	target  string // config path the definition applies to
	loc     string // location path relative to commit as written ("" none)
	section string // full section name
	file    string
	node    *xmltree.Node // the section element
	mode    string        // overrideMode of the enclosing location: Allow|Deny|"" (inherit)
	iica    string        // inheritInChildApplications as written ("" absent)
}

// key identifies a definition across the two workspaces: the same
// section for the same target written at the same level.
func (d *definition) key() string {
	return strings.ToLower(d.commit) + "\x00" + strings.ToLower(d.target) + "\x00" + d.section
}

// fileDefs is what one file holds that a script can address.
type fileDefs struct {
	defs  []*definition
	decls map[string]string // section (or group) declared → its declaration, for comparison
	bad   string            // why the file cannot be read ("" when it parses)
}

// readDefinitions parses one configuration file read at config path
// commit. A section is recognised by name through the engine that reads
// the file (its schema, or a declaration); other elements are section
// groups when they hold elements.
func readDefinitions(e *config.Engine, path, commit string, text []byte) *fileDefs {
	fd := &fileDefs{}
	doc, err := xmltree.Parse(text, xmltree.Limits{SkipBlankText: true})
	if err != nil {
		fd.bad = "it is not well-formed XML (" + err.Msg + ")"
		return fd
	}
	if doc.Root == nil || doc.Root.Name != "configuration" {
		fd.bad = "its root element is not <configuration>"
		return fd
	}
	for c := range doc.Root.ElementChildren() {
		switch c.Name {
		case "configSections":
			if fd.decls == nil {
				fd.decls = map[string]string{}
			}
			readDecls(c, "", fd.decls)
		case "location":
			loc := ""
			if a, ok := c.Attr("path"); ok {
				loc = a.Value
			}
			tag := config.ReadLocationTag(c)
			if !tag.Valid {
				continue // targets nothing (the engine reports the path)
			}
			iica := ""
			if !tag.InheritInChildApplications {
				iica = "false"
			}
			mode := tag.Mode
			for g := range c.ElementChildren() {
				fd.walk(e, g, "", &definition{commit: commit, loc: loc, file: path, mode: mode, iica: iica})
			}
		default:
			fd.walk(e, c, "", &definition{commit: commit, file: path})
		}
	}
	return fd
}

// readDecls lists the sections and groups a <configSections> block
// declares (and removes), each with its attributes.
func readDecls(n *xmltree.Node, group string, out map[string]string) {
	for c := range n.ElementChildren() {
		name := ""
		if a, ok := c.Attr("name"); ok {
			name = a.Value
		}
		full := name
		if group != "" {
			full = group + "/" + name
		}
		var b strings.Builder
		writeNode(&b, c)
		if c.Name == "sectionGroup" {
			var attrs strings.Builder
			for _, a := range c.Attrs {
				attrs.WriteString(a.Name + "=" + a.Value + ";")
			}
			out[full] = "group:" + attrs.String()
			readDecls(c, full, out)
			continue
		}
		out[full] = b.String()
	}
}

// walk descends section groups until it meets a section.
func (fd *fileDefs) walk(e *config.Engine, n *xmltree.Node, group string, proto *definition) {
	name := n.Name
	if group != "" {
		name = group + "/" + n.Name
	}
	if isSection(e, name) || !hasElements(n) {
		d := *proto
		d.section = name
		d.node = n
		d.target = targetPath(d.commit, d.loc)
		fd.defs = append(fd.defs, &d)
		return
	}
	for c := range n.ElementChildren() {
		fd.walk(e, c, name, proto)
	}
}

func isSection(e *config.Engine, name string) bool {
	if e.Schema().Section(name) != nil {
		return true
	}
	full, ok := e.ResolveSection(name)
	return ok && full == name
}

func hasElements(n *xmltree.Node) bool {
	for range n.ElementChildren() {
		return true
	}
	return false
}

// targetPath joins a location path to the level of its file: "" and "."
// are the level itself; slashes around the path do not count.
func targetPath(commit, loc string) string {
	l := strings.Trim(loc, "/")
	if l == "" || l == "." {
		return commit
	}
	return commit + "/" + l
}

// levels maps every configuration file an engine reads to the config
// path it is read at (the first when several virtual paths reach one
// folder), from the chains of every path the workspace defines.
func levels(e *config.Engine) map[string]string {
	out := map[string]string{}
	for _, p := range e.ConfigPaths() {
		chain, _ := e.Chain(p)
		for _, l := range chain {
			f := l.File
			if f == "" || l.Builtin {
				f = l.Candidate
			}
			if f == "" {
				continue
			}
			k := workspace.Key(f)
			if _, ok := out[k]; !ok {
				out[k] = l.Path
			}
		}
	}
	return out
}
