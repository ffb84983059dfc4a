package backup

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmledit"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// Single-site export: a site leaves one workspace with what it
// needs to run in another, and merges into it without touching anything
// else.
//
// The bundle is a txtar bundle whose comment names the site and whose
// files are
//   - applicationHost.config (at its usual path) holding a fragment: the
//     <site> element, the <add> elements of the application pools the
//     site's applications use, and the <location> tags whose path is the
//     site or below it, each copied byte for byte (with the indentation
//     of its first line) from the exported applicationHost.config;
//   - every web.config under the physical folder of one of the site's
//     virtual directories, and every file a configSource attribute in
//     them (or in the exported location tags) names, at their paths.
//
// Import merges the fragment into the target's applicationHost.config by
// minimal edits (engine/xmledit): the site after the last <site>, new
// pools after the last pool, location tags at the end of <configuration>,
// each re-indented to its new place (docs/backups.md#site-export).
// Choices made without evidence, each in one place:
//   - ImportSite, UNCERTAIN(site-import-id): a site id in use gets the next free id (max+1, as
//     `appcmd add site` picks one); a pool the target already has is kept
//     as the target defines it;
//   - ImportSite, UNCERTAIN(site-import-files): a file that exists with other content refuses the
//     import (nothing is overwritten); one with the same content is left;
//   - UNCERTAIN(site-import-validation): validation covers the sites and applicationPools sections at the
//     server level (as `appcmd add site` does): a duplicate name fails
//     with the engine's own duplicate-entry error, rendered as appcmd
//     prints it (should the engine not flag it, ImportSite still refuses,
//     with a text of its own).

// SiteExportComment starts the comment of a site export bundle.
const SiteExportComment = "iisconf site export: "

const (
	sitesSection = "system.applicationHost/sites"
	poolsSection = "system.applicationHost/applicationPools"
)

// siteNotFound is appcmd's missing-object text [OBS].
func siteNotFound(name string) error {
	return refused(diag.SiteNotFound, name)
}

// piece is one element copied from applicationHost.config: the
// indentation of its line and its source text.
type piece struct {
	ind, text string
}

// ExportSite writes site siteName (case-insensitive) as a bundle.
func ExportSite(e *config.Engine, siteName string) ([]byte, error) {
	ws := e.Workspace()
	var site *config.Site
	sites := e.Sites()
	for i := range sites {
		if strings.EqualFold(sites[i].Name, siteName) {
			site = &sites[i]
			break
		}
	}
	if site == nil {
		return nil, siteNotFound(siteName)
	}
	// The applicationHost.config in effect: the share's under shared
	// configuration.
	host, ok := ws.Get(e.AppHostFile())
	if !ok {
		return nil, refused(diag.SiteInvalid, "the workspace has no "+e.AppHostFile())
	}
	f, err := xmledit.Open(host.Text)
	if err != nil {
		return nil, refused(diag.SiteInvalid, fmt.Sprintf("%s: %v", host.Path, err))
	}
	frag, sources, err := siteFragment(f, host.Path, site)
	if err != nil {
		return nil, err
	}
	out := workspace.New()
	out.Set(workspace.AppHostPath, []byte(frag))
	copySiteFiles(ws, out, site, sources)
	data, err := out.Bundle()
	if err != nil {
		return nil, err
	}
	return append([]byte(SiteExportComment+`site "`+site.Name+`"`+"\n"), data...), nil
}

// siteFragment is the applicationHost.config fragment of a site export,
// cut from f (the file at path): the <add> of every pool the site's
// applications use, the <site> and the location tags of the site and
// below, each byte for byte; and the configSource files those tags name.
func siteFragment(f *xmledit.File, path string, site *config.Site) (string, []string, error) {
	root := f.Doc.Root
	siteNode := findItem(root.Element("system.applicationHost").Element("sites"), "site", "name", site.Name)
	if siteNode == nil {
		return "", nil, refused(diag.SiteInvalid, fmt.Sprintf(`site "%s" is not defined in the <sites> element of %s (a site defined in a location tag is not exported)`, site.Name, path))
	}
	grab := func(n *xmltree.Node) piece { return piece{f.Indent(n), f.Text(n)} }

	// The pools the site's applications use, in the order the file has them.
	used := map[string]bool{}
	for _, a := range site.Apps {
		used[strings.ToLower(a.Pool)] = true
	}
	var pools []piece
	if pn := root.Element("system.applicationHost").Element("applicationPools"); pn != nil {
		for _, n := range pn.Elements() {
			if a, ok := n.Attr("name"); ok && n.Name == "add" && used[strings.ToLower(a.Value)] {
				pools = append(pools, grab(n))
				delete(used, strings.ToLower(a.Value))
			}
		}
	}
	var locs []piece
	var sources []string // configSource files the location tags name
	for _, n := range root.Elements() {
		if n.Name != "location" || !underSite(n, site.Name) {
			continue
		}
		locs = append(locs, grab(n))
		sources = append(sources, configSources(n, workspace.Dir(path))...)
	}

	nl, ind := f.NL, f.Ind
	var b strings.Builder
	b.WriteString("<configuration>" + nl + ind + "<system.applicationHost>" + nl)
	if len(pools) > 0 {
		b.WriteString(ind + ind + "<applicationPools>" + nl)
		for _, p := range pools {
			b.WriteString(p.ind + p.text + nl)
		}
		b.WriteString(ind + ind + "</applicationPools>" + nl)
	}
	sp := grab(siteNode)
	b.WriteString(ind + ind + "<sites>" + nl + sp.ind + sp.text + nl + ind + ind + "</sites>" + nl)
	b.WriteString(ind + "</system.applicationHost>" + nl)
	for _, p := range locs {
		b.WriteString(p.ind + p.text + nl)
	}
	b.WriteString("</configuration>" + nl)
	return b.String(), sources, nil
}

// copySiteFiles copies into out the files sources names and every
// web.config under the physical folder of one of the site's virtual
// directories, with the files their configSource attributes name.
func copySiteFiles(ws, out *workspace.Workspace, site *config.Site, sources []string) {
	copyFile := func(p string) {
		if src, ok := ws.Get(p); ok {
			if _, done := out.Get(p); !done {
				out.Set(src.Path, src.Text)
				out.SetUnreadable(src.Path, src.Unreadable)
			}
		}
	}
	for _, p := range sources {
		copyFile(p)
	}
	for _, a := range site.Apps {
		for _, v := range a.Vdirs {
			if v.PhysicalPathExpanded == "" || !workspace.IsAbs(v.PhysicalPathExpanded) {
				continue
			}
			for _, wf := range ws.FilesIn(v.PhysicalPathExpanded) {
				if !strings.EqualFold(workspace.Base(wf.Path), "web.config") {
					continue
				}
				copyFile(wf.Path)
				if doc, err := xmltree.Parse(wf.Text, xmltree.Limits{}); err == nil && !wf.Unreadable {
					for _, p := range configSources(doc.Root, workspace.Dir(wf.Path)) {
						copyFile(p)
					}
				}
			}
		}
	}
}

// underSite reports whether a <location> of applicationHost.config
// targets the site or a path below it, by the engine's reading of the
// tag (config.ReadLocationTag): a path the engine refuses targets
// nothing, and is not exported.
func underSite(n *xmltree.Node, site string) bool {
	t := config.ReadLocationTag(n)
	s, ok := config.LocationKey(site)
	return t.Valid && ok && s != "" && (t.Key == s || strings.HasPrefix(t.Key, s+"/"))
}

// findItem returns the element child called name whose key attribute
// equals value (case-insensitively).
func findItem(parent *xmltree.Node, name, key, value string) *xmltree.Node {
	if parent == nil {
		return nil
	}
	for _, c := range parent.Elements() {
		if a, ok := c.Attr(key); ok && c.Name == name && strings.EqualFold(a.Value, value) {
			return c
		}
	}
	return nil
}

// configSources lists the files configSource attributes below n name,
// relative to dir.
func configSources(n *xmltree.Node, dir string) []string {
	var out []string
	var walk func(*xmltree.Node)
	walk = func(n *xmltree.Node) {
		if a, ok := n.Attr("configSource"); ok && a.Value != "" && !workspace.IsAbs(a.Value) {
			out = append(out, workspace.Join(dir, strings.ReplaceAll(a.Value, "/", `\`)))
		}
		for _, c := range n.Elements() {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

// ImportSite merges a bundle made by ExportSite into ws and returns the
// new workspace and what was done, one line per object or file. It
// refuses (changing nothing) a bundle that is not a site export, a file
// that would be overwritten, and a site whose name is taken.
func ImportSite(e *config.Engine, bundle []byte) (*workspace.Workspace, []string, error) {
	ws := e.Workspace()
	frag, err := readSiteExport(bundle)
	if err != nil {
		return nil, nil, err
	}
	// Files first: an import never overwrites.
	out := ws.Clone()
	report, err := addSiteFiles(ws, out, frag.bundle)
	if err != nil {
		return nil, nil, err
	}
	// Into the applicationHost.config in effect: the share's under
	// shared configuration.
	host, ok := ws.Get(e.AppHostFile())
	if !ok {
		return nil, nil, refused(diag.SiteInvalid, "the workspace has no "+e.AppHostFile()+" to import into")
	}
	tf, err := xmledit.Open(host.Text)
	if err != nil {
		return nil, nil, refused(diag.SiteInvalid, fmt.Sprintf("%s: %v", host.Path, err))
	}
	m := &siteMerge{e: e, frag: frag, tf: tf, file: host.Path, report: report}
	if err := m.addPools(); err != nil {
		return nil, nil, err
	}
	if err := m.addSite(); err != nil {
		return nil, nil, err
	}
	if hasSite(e.Sites(), frag.name) {
		// Validate the site alone, so the refusal is the duplicate entry
		// `appcmd add site` reports rather than what the location tags
		// would then repeat.
		mid := ws.Clone()
		mid.Set(host.Path, tf.Bytes())
		if d, ok := freshError(e, e.Update(mid)); ok {
			return nil, nil, refused(diag.SiteExists, diag.AppCmd(d))
		}
		return nil, nil, refused(diag.SiteExists, fmt.Sprintf(`ERROR ( message:Cannot add SITE object "%s": a site with this name already exists. )`, frag.name))
	}
	if err := m.addLocations(); err != nil {
		return nil, nil, err
	}
	out.Set(host.Path, tf.Bytes())
	if d, ok := freshError(e, e.Update(out)); ok {
		return nil, nil, refused(diag.SiteExists, diag.AppCmd(d))
	}
	return out, m.report, nil
}

// siteExport is a site export bundle read: its files, and its
// applicationHost.config fragment with the one site it defines.
type siteExport struct {
	bundle *workspace.Workspace
	doc    *xmledit.File // the fragment
	ah     *xmltree.Node // the fragment's <system.applicationHost>
	site   *xmltree.Node // its <site>
	name   string        // the site's name
	id     *xmltree.Attr // the site's id attribute, if any
}

// readSiteExport reads a bundle made by ExportSite; anything else is a
// SITE_INVALID refusal.
func readSiteExport(bundle []byte) (*siteExport, error) {
	in, err := workspace.ParseBundle(bundle)
	if err != nil {
		return nil, err
	}
	frag, ok := in.Get(workspace.AppHostPath)
	if !ok {
		return nil, refused(diag.SiteInvalid, "not a site export: the bundle has no applicationHost.config fragment")
	}
	ff, err := xmledit.Open(frag.Text)
	if err != nil {
		return nil, refused(diag.SiteInvalid, fmt.Sprintf("not a site export: %v", err))
	}
	x := &siteExport{bundle: in, doc: ff, ah: ff.Doc.Root.Element("system.applicationHost")}
	if s := x.ah.Element("sites"); s != nil {
		for _, n := range s.Elements() {
			if n.Name == "site" {
				if x.site != nil {
					return nil, refused(diag.SiteInvalid, "not a site export: the fragment defines more than one site")
				}
				x.site = n
			}
		}
	}
	if x.site == nil {
		return nil, refused(diag.SiteInvalid, "not a site export: the fragment defines no site")
	}
	nameAttr, _ := x.site.Attr("name")
	x.id, _ = x.site.Attr("id")
	if nameAttr == nil || nameAttr.Value == "" {
		return nil, refused(diag.SiteInvalid, "not a site export: the site has no name")
	}
	x.name = nameAttr.Value
	return x, nil
}

// addSiteFiles copies the bundle's files other than the fragment into
// out (a clone of ws): a file ws has with the same text is left, one with
// other text refuses the import (UNCERTAIN(site-import-files)).
func addSiteFiles(ws, out, bundle *workspace.Workspace) ([]string, error) {
	var report []string
	for _, f := range bundle.Files() {
		if workspace.Key(f.Path) == workspace.Key(workspace.AppHostPath) {
			continue
		}
		if old, ok := ws.Get(f.Path); ok {
			if string(old.Text) != string(f.Text) {
				return nil, refused(diag.SiteExists, fmt.Sprintf("%s already exists with other content; a site import overwrites nothing", f.Path))
			}
			report = append(report, "file "+old.Path+" unchanged (already present)")
			continue
		}
		out.Set(f.Path, f.Text)
		out.SetUnreadable(f.Path, f.Unreadable)
		report = append(report, "file "+f.Path+" added")
	}
	return report, nil
}

// siteMerge merges a fragment's elements into the target's
// applicationHost.config (tf), re-indented to their new places, and
// reports each.
type siteMerge struct {
	e      *config.Engine // reads the target before the import
	frag   *siteExport
	tf     *xmledit.File
	file   string // the path of tf
	report []string
}

// place inserts the fragment's element n as parent's index-th element,
// in the target's line ends and indentation.
func (m *siteMerge) place(parent *xmltree.Node, index int, n *xmltree.Node) error {
	text := strings.ReplaceAll(m.frag.doc.Text(n), "\r\n", "\n")
	if m.tf.NL == "\r\n" {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	return m.tf.InsertText(parent, index, m.tf.Reindent(text, m.frag.doc.Indent(n), m.tf.ChildIndent(parent)))
}

func (m *siteMerge) sysAH() *xmltree.Node { return m.tf.Doc.Root.Element("system.applicationHost") }

// addPools adds the pools the target lacks; one it has is kept as the
// target defines it (UNCERTAIN(site-import-id)).
func (m *siteMerge) addPools() error {
	fp := m.frag.ah.Element("applicationPools")
	if fp == nil {
		return nil
	}
	for _, n := range fp.Elements() {
		a, ok := n.Attr("name")
		if !ok || n.Name != "add" {
			continue
		}
		if hasPool(m.e, a.Value) {
			m.report = append(m.report, `APPPOOL "`+a.Value+`" already exists: this workspace's definition is kept`)
			continue
		}
		tp := m.sysAH().Element("applicationPools")
		if tp == nil {
			return refused(diag.SiteInvalid, m.file+" has no <applicationPools> element to add to")
		}
		if err := m.place(tp, afterLast(tp, "add"), n); err != nil {
			return err
		}
		m.report = append(m.report, `APPPOOL object "`+a.Value+`" added`)
	}
	return nil
}

// addSite adds the site after the target's last one, with the next free
// id when its own is in use (UNCERTAIN(site-import-id)).
func (m *siteMerge) addSite() error {
	ts := m.sysAH().Element("sites")
	if ts == nil {
		return refused(diag.SiteInvalid, m.file+" has no <sites> element to add to")
	}
	at := afterLast(ts, "site")
	if err := m.place(ts, at, m.frag.site); err != nil {
		return err
	}
	m.report = append(m.report, `SITE object "`+m.frag.name+`" added`)
	if m.frag.id == nil {
		return nil
	}
	sm := m.e.Sites()
	id, perr := strconv.ParseInt(m.frag.id.Value, 10, 64)
	if perr != nil || !idInUse(sm, id) {
		return nil
	}
	free := nextID(sm)
	added := m.sysAH().Element("sites").Elements()[at]
	if err := m.tf.SetAttr(added, "id", strconv.FormatInt(free, 10)); err != nil {
		return err
	}
	m.report = append(m.report, fmt.Sprintf(`SITE "%s": id %d is in use, given id %d`, m.frag.name, id, free))
	return nil
}

// addLocations adds the fragment's location tags at the end of
// <configuration>.
func (m *siteMerge) addLocations() error {
	root := m.tf.Doc.Root
	for _, n := range m.frag.doc.Doc.Root.Elements() {
		if n.Name != "location" {
			continue
		}
		if err := m.place(root, len(root.Elements()), n); err != nil {
			return err
		}
		path := ""
		if p, _ := n.Attr("path"); p != nil {
			path = p.Value
		}
		m.report = append(m.report, `location "`+path+`" added`)
	}
	return nil
}

func hasPool(e *config.Engine, name string) bool {
	for _, p := range e.Pools() {
		if strings.EqualFold(p.Name, name) {
			return true
		}
	}
	return false
}

func hasSite(sites []config.Site, name string) bool {
	for _, s := range sites {
		if strings.EqualFold(s.Name, name) {
			return true
		}
	}
	return false
}

func idInUse(sites []config.Site, id int64) bool {
	for _, s := range sites {
		if s.ID == id {
			return true
		}
	}
	return false
}

// nextID is the id `appcmd add site` picks without /id: max+1.
func nextID(sites []config.Site) int64 {
	max := int64(0)
	for _, s := range sites {
		if s.ID > max {
			max = s.ID
		}
	}
	return max + 1
}

// afterLast is the element index just after parent's last child called
// name (0 when it has none): new items join the collection's items, ahead
// of the defaults elements that follow them.
func afterLast(parent *xmltree.Node, name string) int {
	at := 0
	for i, c := range parent.Elements() {
		if c.Name == name {
			at = i + 1
		}
	}
	return at
}

// freshError returns the first error diagnostic of the sites and pools
// sections at the server level that after has and before had not
// (compared by what it says, not where: the edits move lines).
func freshError(before, after *config.Engine) (diag.Diagnostic, bool) {
	fresh := diag.NewErrors(before.Problems(serverLevel, sitesSection, poolsSection), after.Problems(serverLevel, sitesSection, poolsSection))
	sort.SliceStable(fresh, func(i, j int) bool { return fresh[i].Phase < fresh[j].Phase })
	if len(fresh) == 0 {
		return diag.Diagnostic{}, false
	}
	return fresh[0], true
}
