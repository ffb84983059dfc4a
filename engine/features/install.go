package features

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmledit"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// State is how much of a feature a workspace has.
type State string

const (
	Installed State = "installed" // every declaration and every server-level entry
	Partial   State = "partial"   // some of them (a half-finished install or uninstall)
	Absent    State = "absent"    // none of them
)

// Status is one feature's state in a workspace, with what is missing.
type Status struct {
	Feature *Feature
	State   State
	Missing []string // what an install would still add, as Steps name it
}

// Resolve parses a -features value ("rewrite,ancm", spaces allowed) into
// features in catalog order, adding what they require. An unknown name is
// an error listing the known ones.
func Resolve(list string) ([]*Feature, error) {
	want := map[string]bool{}
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		f, ok := Lookup(id)
		if !ok {
			return nil, fmt.Errorf("unknown feature %q (known: %s)", id, strings.Join(IDs(), ", "))
		}
		want[f.ID] = true
	}
	for changed := true; changed; {
		changed = false
		for id := range want {
			f, _ := Lookup(id)
			for _, r := range f.Requires {
				if !want[r] {
					want[r], changed = true, true
				}
			}
		}
	}
	var out []*Feature
	for i := range Catalog {
		if want[Catalog[i].ID] {
			out = append(out, &Catalog[i])
		}
	}
	return out, nil
}

// IDs lists every feature ID in catalog order.
func IDs() []string {
	out := make([]string, len(Catalog))
	for i, f := range Catalog {
		out[i] = f.ID
	}
	return out
}

// Detect reports every catalog feature's state in the workspace e reads.
func Detect(e *config.Engine) []Status {
	ws := e.Workspace()
	out := make([]Status, len(Catalog))
	for i := range Catalog {
		f := &Catalog[i]
		var have, total int
		var missing []string
		for _, s := range steps(f) {
			total++
			if s.present(ws, e) {
				have++
			} else {
				missing = append(missing, s.String())
			}
		}
		st := Partial
		switch have {
		case total:
			st = Installed
		case 0:
			st = Absent
		}
		out[i] = Status{Feature: f, State: st, Missing: missing}
	}
	return out
}

// Install makes the installers' edits of the given features (and what they
// require) to a copy of the workspace e reads and returns it with the steps
// taken, in order. Whatever is already there is left alone, so installing
// twice changes nothing and a feature a pasted applicationHost.config
// already declares only gains what it lacks (its schema file, say).
func Install(e *config.Engine, fs []*Feature) (*workspace.Workspace, []string, error) {
	ws := e.Workspace()
	out := ws.Clone()
	var done []string
	// One engine, brought up to date after each step by Update (which
	// re-reads only what the step changed), rather than a cold one each;
	// the appcmd writes of entries read through it too.
	for _, f := range fs {
		for _, s := range steps(f) {
			e = e.Update(out)
			if s.present(out, e) {
				continue
			}
			if err := s.install(out, e); err != nil {
				return ws, nil, fmt.Errorf("installing %s: %s: %w", f.Name, s, err)
			}
			done = append(done, f.ID+": "+s.String())
		}
	}
	return out, done, nil
}

// Uninstall reverses Install for the given features and every installed
// feature that requires one of them (the uninstaller of URL Rewrite takes
// ARR's routing with it): entries go first, then declarations, then schema
// files. What is not there is skipped.
func Uninstall(e *config.Engine, fs []*Feature) (*workspace.Workspace, []string, error) {
	ws := e.Workspace()
	remove := map[string]bool{}
	for _, f := range fs {
		remove[f.ID] = true
	}
	for changed := true; changed; {
		changed = false
		for i := range Catalog {
			c := &Catalog[i]
			if remove[c.ID] {
				continue
			}
			for _, r := range c.Requires {
				if remove[r] {
					remove[c.ID], changed = true, true
				}
			}
		}
	}
	out := ws.Clone()
	var done []string
	// e is brought up to date after each step, as in Install.
	// Dependents first: catalog order lists requirements before their users.
	for i := len(Catalog) - 1; i >= 0; i-- {
		f := &Catalog[i]
		if !remove[f.ID] {
			continue
		}
		ss := steps(f)
		for j := len(ss) - 1; j >= 0; j-- {
			s := ss[j]
			e = e.Update(out)
			if !s.present(out, e) {
				continue
			}
			if err := s.uninstall(out, e); err != nil {
				return ws, nil, fmt.Errorf("uninstalling %s: %s: %w", f.Name, s, err)
			}
			done = append(done, f.ID+": removed "+s.String())
		}
	}
	return out, done, nil
}

// step is one thing an installer does: a schema file, a declaration or a
// server-level entry. Install order is schema files, declarations, entries
// (an entry of a new section needs its declaration).
type step interface {
	String() string
	present(ws *workspace.Workspace, e *config.Engine) bool
	// install and uninstall edit ws, which e reads (its present answer
	// was asked of e).
	install(ws *workspace.Workspace, e *config.Engine) error
	uninstall(ws *workspace.Workspace, e *config.Engine) error
}

func steps(f *Feature) []step {
	var out []step
	for _, s := range f.Schemas {
		out = append(out, schemaStep{name: s})
	}
	file := workspace.AppHostPath
	if f.DeclaredIn == "administration.config" {
		file = workspace.AdministrationPath
	}
	for _, s := range f.Sections {
		out = append(out, declStep{file: file, sec: s})
	}
	for _, e := range f.Edits {
		out = append(out, editStep{e})
	}
	return out
}

// schemaStep writes a built-in schema file into the schema folder as IIS
// XML.
type schemaStep struct{ name string }

func (s schemaStep) path() string {
	base := strings.TrimSuffix(s.name, ".txt")
	return workspace.Join(workspace.SchemaDir, base+".xml")
}

func (s schemaStep) String() string { return "schema file " + s.path() }

func (s schemaStep) present(ws *workspace.Workspace, _ *config.Engine) bool {
	_, ok := ws.Get(s.path())
	return ok
}

func (s schemaStep) install(ws *workspace.Workspace, _ *config.Engine) error {
	f := schema.BuiltinFile(s.name)
	if f == nil {
		return fmt.Errorf("no built-in schema file %s", s.name)
	}
	ws.Set(s.path(), f.XML())
	return nil
}

func (s schemaStep) uninstall(ws *workspace.Workspace, _ *config.Engine) error {
	ws.Remove(s.path())
	return nil
}

// declStep adds a <section> declaration to <configSections>, opening the
// section groups it needs.
type declStep struct {
	file string
	sec  Section
}

func (d declStep) String() string {
	return "declaration of " + d.sec.Name + " in " + workspace.Base(d.file)
}

func (d declStep) present(ws *workspace.Workspace, _ *config.Engine) bool {
	f, ok := ws.Get(d.file)
	if !ok {
		return false
	}
	doc, err := xmltree.Parse(f.Text, xmltree.Limits{})
	if err != nil {
		return false
	}
	return findDecl(doc, d.sec.Name) != nil
}

// configSections returns the file's <configSections>, or nil.
func configSections(doc *xmltree.Document) *xmltree.Node {
	if doc.Root == nil || doc.Root.Name != "configuration" {
		return nil
	}
	for _, c := range doc.Root.Elements() {
		if c.Name == "configSections" {
			return c
		}
	}
	return nil
}

// findDecl walks <configSections> down the groups of a full section name
// and returns its <section>, or nil. A group may be opened twice in one
// file, so every match is searched.
func findDecl(doc *xmltree.Document, full string) *xmltree.Node {
	cs := configSections(doc)
	if cs == nil {
		return nil
	}
	parts := strings.Split(full, "/")
	var walk func(n *xmltree.Node, i int) *xmltree.Node
	walk = func(n *xmltree.Node, i int) *xmltree.Node {
		want := "sectionGroup"
		if i == len(parts)-1 {
			want = "section"
		}
		for _, c := range n.Elements() {
			if c.Name != want {
				continue
			}
			if a, ok := c.Attr("name"); !ok || a.Value != parts[i] {
				continue
			}
			if want == "section" {
				return c
			}
			if r := walk(c, i+1); r != nil {
				return r
			}
		}
		return nil
	}
	return walk(cs, 0)
}

// findGroup returns the deepest existing group on the way to a section
// and how many of its groups exist.
func findGroup(doc *xmltree.Document, groups []string) (*xmltree.Node, int) {
	n := configSections(doc)
	depth := 0
	for _, g := range groups {
		var next *xmltree.Node
		for _, c := range n.Elements() {
			if a, ok := c.Attr("name"); ok && c.Name == "sectionGroup" && a.Value == g {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		n, depth = next, depth+1
	}
	return n, depth
}

func (d declStep) install(ws *workspace.Workspace, _ *config.Engine) error {
	text := xmledit.NewConfiguration()
	if f, ok := ws.Get(d.file); ok {
		text = f.Text
	}
	ed, err := xmledit.Open(text)
	if err != nil {
		return fmt.Errorf("%s is not well-formed XML", workspace.Base(d.file))
	}
	if ed.Doc.Root == nil || ed.Doc.Root.Name != "configuration" {
		return fmt.Errorf("%s has no <configuration> root", workspace.Base(d.file))
	}
	if configSections(ed.Doc) == nil {
		// It must be the first element child of <configuration>.
		if err := ed.Insert(ed.Doc.Root, 0, &xmledit.Element{Name: "configSections"}); err != nil {
			return err
		}
	}
	parts := strings.Split(d.sec.Name, "/")
	groups, short := parts[:len(parts)-1], parts[len(parts)-1]
	parent, depth := findGroup(ed.Doc, groups)
	el := &xmledit.Element{Name: "section", Attrs: [][2]string{{"name", short}}}
	if d.sec.OverrideModeDefault != "" {
		el.Attrs = append(el.Attrs, [2]string{"overrideModeDefault", d.sec.OverrideModeDefault})
	}
	if d.sec.AllowDefinition != "" {
		el.Attrs = append(el.Attrs, [2]string{"allowDefinition", d.sec.AllowDefinition})
	}
	for i := len(groups) - 1; i >= depth; i-- {
		el = &xmledit.Element{Name: "sectionGroup", Attrs: [][2]string{{"name", groups[i]}}, Children: []*xmledit.Element{el}}
	}
	if err := ed.Insert(parent, len(parent.Elements()), el); err != nil {
		return err
	}
	ws.Set(d.file, ed.Bytes())
	return nil
}

func (d declStep) uninstall(ws *workspace.Workspace, _ *config.Engine) error {
	f, ok := ws.Get(d.file)
	if !ok {
		return nil
	}
	ed, err := xmledit.Open(f.Text)
	if err != nil {
		return fmt.Errorf("%s is not well-formed XML", workspace.Base(d.file))
	}
	n := findDecl(ed.Doc, d.sec.Name)
	if n == nil {
		return nil
	}
	// Remove the section, then every group it leaves empty.
	parts := strings.Split(d.sec.Name, "/")
	if err := ed.Remove(n); err != nil {
		return err
	}
	for depth := len(parts) - 1; depth > 0; depth-- {
		g, found := findGroup(ed.Doc, parts[:depth])
		if found != depth || len(g.Elements()) > 0 {
			break
		}
		if err := ed.Remove(g); err != nil {
			return err
		}
	}
	if cs := configSections(ed.Doc); cs != nil && len(cs.Elements()) == 0 {
		if err := ed.Remove(cs); err != nil {
			return err
		}
	}
	// A file left holding nothing was made by the install (the stock server
	// has no administration.config): it goes too. applicationHost.config
	// never gets here empty.
	if len(ed.Doc.Root.Elements()) == 0 && !hasComment(ed.Doc.Root) {
		ws.Remove(d.file)
		return nil
	}
	ws.Set(d.file, ed.Bytes())
	return nil
}

func hasComment(n *xmltree.Node) bool {
	for _, c := range n.Children {
		if c.Kind == xmltree.CommentNode {
			return true
		}
	}
	return false
}

// editStep is one server-level entry, made through appcmd's write path
// with /commit:apphost, as the installers that script appcmd do.
type editStep struct{ e Edit }

const serverPath = "MACHINE/WEBROOT/APPHOST"

func (s editStep) String() string {
	e := s.e
	where := e.Section
	if e.Path != "" {
		where += "/" + strings.ReplaceAll(e.Path, ".", "/")
	}
	kvs := e.Set
	if e.Item != nil {
		kvs = e.Item
		where += " entry"
	}
	var parts []string
	for _, kv := range kvs {
		parts = append(parts, kv[0]+"='"+kv[1]+"'")
	}
	return where + " " + strings.Join(parts, " ")
}

// element finds the element an edit addresses in the server-level
// effective configuration; ok is false when the section is not declared
// there, has no schema, or the schema has no such element.
func (s editStep) element(e *config.Engine) (config.Element, bool) {
	sec, d := e.Section(serverPath, s.e.Section)
	if d != nil || !sec.Element.Exists() {
		return config.Element{}, false
	}
	el := sec.Element
	if s.e.Path == "" {
		return el, true
	}
	for _, name := range strings.Split(s.e.Path, ".") {
		child, ok := el.Child(name)
		if !ok {
			return config.Element{}, false
		}
		el = child
	}
	return el, true
}

func (s editStep) present(_ *workspace.Workspace, e *config.Engine) bool {
	el, ok := s.element(e)
	if !ok {
		return false
	}
	if s.e.Item != nil {
		return findItem(el, s.keys(e)) >= 0
	}
	for _, kv := range s.e.Set {
		v, ok := el.Value(kv[0])
		if !ok || v.Origin != config.Explicit || !strings.EqualFold(v.Text, kv[1]) {
			return false
		}
	}
	return true
}

// keys are the item's key attributes (from the schema; the first
// attribute when the schema names none).
func (s editStep) keys(e *config.Engine) [][2]string {
	var keyNames map[string]bool
	if sec := e.Schema().Section(s.e.Section); sec != nil {
		el := sec.Root
		for _, name := range strings.Split(s.e.Path, ".") {
			if name == "" {
				continue
			}
			if el = el.Element(name); el == nil {
				break
			}
		}
		if el != nil && el.Collection != nil {
			keyNames = map[string]bool{}
			for _, k := range el.Collection.Keys() {
				keyNames[k.Name] = true
			}
		}
	}
	var out [][2]string
	for _, kv := range s.e.Item {
		if keyNames[kv[0]] {
			out = append(out, kv)
		}
	}
	if len(out) == 0 {
		out = s.e.Item[:1]
	}
	return out
}

// findItem is the index of the effective collection item whose key
// attributes have the given values (case-insensitively, as the installers'
// appcmd finds them), or -1.
func findItem(el config.Element, keys [][2]string) int {
	for i, it := range el.Items() {
		match := true
		for _, kv := range keys {
			v, ok := it.Value(kv[0])
			if !ok || !strings.EqualFold(v.Text, kv[1]) {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

func (s editStep) install(ws *workspace.Workspace, e *config.Engine) error {
	args := []string{"set", "config", "-section:" + s.e.Section}
	prefix := ""
	if s.e.Path != "" {
		prefix = s.e.Path + "."
	}
	if s.e.Item != nil {
		var pairs []string
		if s.e.Start {
			pairs = append(pairs, "@start")
		}
		for _, kv := range s.e.Item {
			pairs = append(pairs, kv[0]+"='"+kv[1]+"'")
		}
		args = append(args, "/+"+prefix+"["+strings.Join(pairs, ",")+"]")
	} else {
		for _, kv := range s.e.Set {
			args = append(args, "/"+prefix+kv[0]+":"+kv[1])
		}
	}
	return s.exec(ws, e, append(args, "/commit:apphost"))
}

func (s editStep) uninstall(ws *workspace.Workspace, e *config.Engine) error {
	prefix := ""
	if s.e.Path != "" {
		prefix = s.e.Path + "."
	}
	var err error
	if s.e.Item != nil {
		var pairs []string
		for _, kv := range s.keys(e) {
			pairs = append(pairs, kv[0]+"='"+kv[1]+"'")
		}
		err = s.exec(ws, e, []string{"set", "config", "-section:" + s.e.Section, "/-" + prefix + "[" + strings.Join(pairs, ",") + "]", "/commit:apphost"})
	} else {
		args := []string{"clear", "config", "-section:" + s.e.Section}
		for _, kv := range s.e.Set {
			args = append(args, "/"+prefix+kv[0])
		}
		err = s.exec(ws, e, append(args, "/commit:apphost"))
	}
	if err != nil {
		return err
	}
	return pruneEmpty(ws, s.e.Section, s.e.Path)
}

// pruneEmpty removes, from applicationHost.config's server-level
// definition of a section, the elements an uninstall left empty: the
// element the entry was in, its parents up to the section element and the
// section group elements around it, as long as each holds nothing (no
// attribute, no child element, no comment). A <location> is kept.
func pruneEmpty(ws *workspace.Workspace, section, path string) error {
	f, ok := ws.Get(workspace.AppHostPath)
	if !ok {
		return nil
	}
	ed, err := xmledit.Open(f.Text)
	if err != nil {
		return nil
	}
	names := strings.Split(section, "/")
	if path != "" {
		names = append(names, strings.Split(path, ".")...)
	}
	changed := false
	for i := range serverLevelContainers(ed.Doc) {
		// Deepest first; every edit reparses, so the container is found
		// again by its index (it is never removed itself).
		for depth := len(names); depth > 0; depth-- {
			n := descend(serverLevelContainers(ed.Doc)[i], names[:depth])
			if n == nil || !isEmptyElement(n) {
				break
			}
			if err := ed.Remove(n); err != nil {
				return err
			}
			changed = true
		}
	}
	if changed {
		ws.Set(workspace.AppHostPath, ed.Bytes())
	}
	return nil
}

// serverLevelContainers are the elements whose content is the server
// level: <configuration> and its <location> tags that target the file's
// own level as the engine reads them (path "", "." or none).
func serverLevelContainers(doc *xmltree.Document) []*xmltree.Node {
	if doc.Root == nil {
		return nil
	}
	out := []*xmltree.Node{doc.Root}
	for _, c := range doc.Root.Elements() {
		if c.Name != "location" {
			continue
		}
		if t := config.ReadLocationTag(c); t.Valid && t.Key == "" {
			out = append(out, c)
		}
	}
	return out
}

// descend follows element names from n, returning nil when one is missing.
func descend(n *xmltree.Node, names []string) *xmltree.Node {
	for _, name := range names {
		var next *xmltree.Node
		for _, c := range n.Elements() {
			if c.Name == name {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

func isEmptyElement(n *xmltree.Node) bool {
	return len(n.Attrs) == 0 && len(n.Elements()) == 0 && !hasComment(n)
}

// exec runs an appcmd write through e (which reads ws) and copies the
// files it changed into ws.
func (s editStep) exec(ws *workspace.Workspace, e *config.Engine, args []string) error {
	o := appcmd.ExecOn(e, args, appcmd.Options{})
	if o.Err != nil {
		return fmt.Errorf("appcmd %s: %s", strings.Join(args, " "), strings.TrimSpace(o.Err.Text))
	}
	changed := append([]string(nil), o.Changed...)
	sort.Strings(changed)
	for _, p := range changed {
		if f, ok := o.Workspace.Get(p); ok {
			ws.Set(p, f.Text)
		} else {
			ws.Remove(p)
		}
	}
	return nil
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// Describe lists what a feature's installer adds, one line a step, in the
// order Install makes them.
func Describe(f *Feature) []string {
	var out []string
	for _, s := range steps(f) {
		out = append(out, s.String())
	}
	return out
}
