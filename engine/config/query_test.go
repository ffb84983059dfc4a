package config

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Section names were resolved by two copies that disagreed:
// ResolveSection (appcmd's /section:) took the first of several names
// equal ignoring case, and Evaluate's resolveIn refused a short name that
// also equalled a full name. One rule now: exact, then one full name
// ignoring case, then one short name; ambiguity at a step picks nothing.
func TestResolveSectionName(t *testing.T) {
	names := []string{"asp", "custom", "Custom", "system.webServer/asp", "system.webServer/defaultDocument", "x/defaultDocument"}
	for _, c := range []struct {
		want, got string
		ok        bool
	}{
		{"system.webServer/asp", "system.webServer/asp", true},
		{"SYSTEM.WEBSERVER/ASP", "system.webServer/asp", true},
		{"asp", "asp", true},           // a full name beats a short one (resolveIn refused it)
		{"ASP", "asp", true},           // …ignoring case too
		{"Custom", "Custom", true},     // exact
		{"CUSTOM", "", false},          // two full names equal ignoring case (ResolveSection took the first)
		{"defaultdocument", "", false}, // two short names
		{"x/defaultdocument", "x/defaultDocument", true},
		{"nosuch", "", false},
	} {
		got, ok := resolveSectionName(names, c.want)
		if got != c.got || ok != c.ok {
			t.Errorf("resolveSectionName(%q) = %q, %v; want %q, %v", c.want, got, ok, c.got, c.ok)
		}
	}
}

// declaringWorkspace is the stock server whose applicationHost.config also
// declares a top-level section called "asp" (beside system.webServer/asp)
// and sets it at the server level.
func declaringWorkspace(t *testing.T) *workspace.Workspace {
	t.Helper()
	ws := stock.Workspace()
	f, _ := ws.Get(workspace.AppHostPath)
	text := strings.Replace(string(f.Text), "<configSections>", `<configSections><section name="asp" />`, 1)
	ws.Set(workspace.AppHostPath, []byte(text))
	return ws
}

// Evaluate, Section and ResolveSection answer a name alike.
func TestSectionNameResolvedOnce(t *testing.T) {
	e := New(declaringWorkspace(t))
	if full, ok := e.ResolveSection("asp"); !ok || full != "asp" {
		t.Errorf("ResolveSection(asp) = %q, %v", full, ok)
	}
	r := e.Evaluate("", EvalOptions{Sections: []string{"asp"}, Summary: true})
	if len(r.Sections) != 1 || r.Sections[0].Name != "asp" {
		t.Errorf("Evaluate(asp) sections: %+v", r.Sections)
	}
	if s, d := e.Section("", "asp"); d != nil || s.Name != "asp" {
		t.Errorf("Section(asp) = %q, %v", s.Name, d)
	}
}

// The typed answers and the JSON model are two forms of one answer: for
// every section of a deep path, the model's effective values, lock state
// and declaration are the typed ones.
func TestSectionAgreesWithModel(t *testing.T) {
	ws := incrementalWorkspace()
	e := New(ws)
	removals, locks := 0, 0
	const path = "Default Web Site/app/sub"
	res := e.Evaluate(path, EvalOptions{})
	if len(res.Sections) < 100 {
		t.Fatalf("%d sections", len(res.Sections))
	}
	for _, ms := range res.Sections {
		s, d := e.Section(path, ms.Name)
		if d != nil {
			t.Fatalf("%s: %v", ms.Name, d.Message)
		}
		if s.Lock.Locked != ms.IsLocked || s.Lock.Mode != ms.OverrideModeEffective || !reflect.DeepEqual(s.Lock.model(), ms.LockReason) {
			t.Errorf("%s: lock %+v, model %v %s %+v", ms.Name, s.Lock, ms.IsLocked, ms.OverrideModeEffective, ms.LockReason)
		}
		if s.Declaration.AllowDefinition != ms.AllowDefinition || s.NoSchema != ms.NoSchema {
			t.Errorf("%s: declaration %+v", ms.Name, s.Declaration)
		}
		r, l := sameElement(t, ms.Name, s.Element, ms.Element)
		removals, locks = removals+r, locks+l
	}
	if removals == 0 {
		t.Error("no removal compared (the workspace removes .json's mimeMap)")
	}
	if locks == 0 {
		t.Error("no granular lock compared (the stock server locks modules' items)")
	}
}

// sameElement compares a typed element with the model's, and returns how
// many removals and granular locks it compared (a test can tell it met
// some).
func sameElement(t *testing.T, where string, x Element, m *model.Element) (removals, locks int) {
	t.Helper()
	if !x.Exists() {
		if m != nil && len(m.Attributes) > 0 {
			t.Errorf("%s: no typed element, model has %d attributes", where, len(m.Attributes))
		}
		return
	}
	if x.Name() != m.Name {
		t.Errorf("%s: name %q, model %q", where, x.Name(), m.Name)
	}
	if lk := x.Locks(); !reflect.DeepEqual(lk.model(), m.Locks) {
		t.Errorf("%s: locks %+v, model %+v", where, lk, m.Locks)
	} else if lk.Any() {
		locks++
	}
	vals := x.Values()
	if len(vals) != len(m.Attributes) {
		t.Fatalf("%s: %d values, model %d", where, len(vals), len(m.Attributes))
	}
	for i, v := range vals {
		ma := m.Attributes[i]
		if v.Name != ma.Name || !reflect.DeepEqual(v.model(), ma.Attribute) {
			t.Errorf("%s/@%s: typed %+v, model %+v", where, v.Name, *v.model(), *ma.Attribute)
		}
	}
	for _, c := range x.Children() {
		r, l := sameElement(t, where+"/"+c.Name(), c, m.Elements[c.Name()])
		removals, locks = removals+r, locks+l
	}
	rs := x.Removed()
	if len(rs) != len(m.Removed) {
		t.Errorf("%s: %d removals, model %d", where, len(rs), len(m.Removed))
	}
	for i := range min(len(rs), len(m.Removed)) {
		r, mr := rs[i], m.Removed[i]
		if r.Key != mr.Key || r.Directive != mr.Directive || !reflect.DeepEqual(r.Source.model(), mr.Source) {
			t.Errorf("%s: removal %+v, model %+v", where, r, mr)
		}
	}
	removals += len(rs)
	items := x.Items()
	if len(items) != len(m.Collection) {
		t.Fatalf("%s: %d items, model %d", where, len(items), len(m.Collection))
	}
	for i, it := range items {
		if src, ok := it.Source(); !ok || m.Collection[i].Source == nil || !reflect.DeepEqual(src.model(), *m.Collection[i].Source) {
			t.Errorf("%s[%d]: source %+v, model %+v", where, i, src, m.Collection[i].Source)
		}
		r, l := sameElement(t, where+"/"+it.Name(), it, m.Collection[i])
		removals, locks = removals+r, locks+l
	}
	return removals, locks
}

// The typed site map is the model's.
func TestSitesAgreeWithModel(t *testing.T) {
	e := New(incrementalWorkspace())
	m := e.SiteMap()
	sites, pools := e.Sites(), e.Pools()
	if len(sites) != len(m.Sites) || len(pools) != len(m.Pools) || len(sites) == 0 || len(pools) == 0 {
		t.Fatalf("%d/%d sites, %d/%d pools", len(sites), len(m.Sites), len(pools), len(m.Pools))
	}
	for i, s := range sites {
		ms := m.Sites[i]
		if s.Name != ms.Name || s.ID != ms.ID || len(s.Apps) != len(ms.Apps) || s.Source.model() != ms.Source {
			t.Errorf("site %d: %+v vs %+v", i, s, ms)
		}
		for j, a := range s.Apps {
			if a.Path != ms.Apps[j].Path || a.Pool != ms.Apps[j].ApplicationPool || len(a.Vdirs) != len(ms.Apps[j].Vdirs) {
				t.Errorf("site %d app %d: %+v vs %+v", i, j, a, ms.Apps[j])
			}
		}
	}
}

// The typed path questions answer what Evaluate's model says.
func TestMappingChainProblems(t *testing.T) {
	ws := incrementalWorkspace()
	ws.Set(`C:\inetpub\wwwroot\web.config`, []byte(`<configuration><system.webServer><directoryBrowse enabled="nope" /></system.webServer></configuration>`))
	e := New(ws)
	const path = "Default Web Site/app/sub/x.htm"
	res := e.Evaluate(path, EvalOptions{})
	m, d := e.Mapping(path)
	if d != nil || !reflect.DeepEqual(m.Model(), res.Mapping) || m.PhysicalPathExpanded != `C:\apps\app\sub\x.htm` {
		t.Errorf("Mapping = %+v, %v; model %+v", m, d, res.Mapping)
	}
	levels, d := e.Chain(path)
	if d != nil || len(levels) != len(res.Chain) {
		t.Fatalf("Chain: %d levels, %v", len(levels), d)
	}
	for i, l := range levels {
		ml := res.Chain[i]
		if l.Path != ml.ConfigPath || l.File != ml.File || l.Candidate != ml.Candidate || l.Skipped != ml.Skipped {
			t.Errorf("level %d: %+v vs %+v", i, l, ml)
		}
	}
	if got := e.Problems(path); !reflect.DeepEqual(got, res.Diagnostics) {
		t.Errorf("Problems:\n%v\nEvaluate:\n%v", got, res.Diagnostics)
	}
	if m, d := e.Mapping(""); m != nil || d != nil {
		t.Errorf("Mapping above the sites = %+v, %v", m, d)
	}
	if _, d := e.Mapping("No Such Site/x"); d == nil || d.ID != diag.PathUnknown {
		t.Errorf("Mapping of an unknown site: %v", d)
	}
	if _, d := e.Section(path, "no.such/section"); d == nil || d.ID != diag.Undeclared {
		t.Errorf("Section of an unknown name: %v", d)
	}
}

// FileProblem is the engine's own parse of a file, whether or not a path
// reads it (the browser adapter had a copy of the parse for files no path
// reaches).
func TestFileProblem(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(`C:\unmapped\web.config`, []byte("<configuration>\n  <a>\n</configuration>\n"))
	ws.Set(`C:\unmapped\ok\web.config`, []byte("<configuration />"))
	ws.Set(`C:\unmapped\locked\web.config`, []byte("<configuration />"))
	ws.SetUnreadable(`C:\unmapped\locked\web.config`, true)
	e := New(ws)
	if d := e.FileProblem(`C:\unmapped\web.config`); d == nil || d.ID != diag.XML || d.Line != 3 {
		t.Errorf("malformed: %+v", d)
	}
	if d := e.FileProblem(`C:\unmapped\locked\web.config`); d == nil || d.ID != diag.Access {
		t.Errorf("unreadable: %+v", d)
	}
	if d := e.FileProblem(`C:\unmapped\ok\web.config`); d != nil {
		t.Errorf("well-formed: %+v", d)
	}
	if d := e.FileProblem(`C:\nothing\web.config`); d != nil {
		t.Errorf("absent: %+v", d)
	}
}

// Evaluate with Elements builds only the named sections' elements, in one
// evaluation (the browser adapter spliced two).
func TestEvaluateElements(t *testing.T) {
	e := New(incrementalWorkspace())
	full := e.Evaluate("Default Web Site/app", EvalOptions{NoDefaults: true})
	r := e.Evaluate("Default Web Site/app", EvalOptions{NoDefaults: true, Elements: []string{"directoryBrowse", "system.webServer/staticContent"}})
	if len(r.Sections) != len(full.Sections) || !reflect.DeepEqual(r.Diagnostics, full.Diagnostics) || !reflect.DeepEqual(r.Response, full.Response) {
		t.Fatalf("Elements changed the sections, diagnostics or response")
	}
	for i, s := range r.Sections {
		want := s.Name == "system.webServer/directoryBrowse" || s.Name == "system.webServer/staticContent"
		if (s.Element != nil) != want {
			t.Errorf("%s: element %v", s.Name, s.Element != nil)
		}
		if want && !reflect.DeepEqual(s.Element, full.Sections[i].Element) {
			t.Errorf("%s: element differs from the full evaluation's", s.Name)
		}
	}
}

// Granular locks come back as names, the lock lists worked out
// (docs/locks.md#granular-locks), with the attributes that set them once
// each; item keys as the engine matches items (docs/collections.md#keys).
func TestLocksAndKeys(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(`C:\inetpub\wwwroot\web.config`, []byte(`<configuration><system.webServer>
<directoryBrowse enabled="true" lockAllAttributesExcept="showFlags" />
<httpErrors lockAttributes="*" lockElements="remove"><error statusCode="418" path="/teapot.htm" lockItem="true" /></httpErrors>
<defaultDocument lockAllElementsExcept="files"><files><add value="Home.HTM" /></files></defaultDocument>
</system.webServer></configuration>`))
	e := New(ws)
	const path = "Default Web Site"
	sec := func(name string) Element {
		s, d := e.Section(path, name)
		if d != nil {
			t.Fatal(d.Message)
		}
		return s.Element
	}
	db := sec("directoryBrowse").Locks()
	if strings.Join(db.Attributes, ",") != "enabled" || len(db.Elements) != 0 || db.Item || len(db.Sources) != 1 || db.Sources[0].Line != 2 {
		t.Errorf("directoryBrowse locks %+v", db)
	}
	he := sec("httpErrors")
	hl := he.Locks()
	var all []string
	for _, v := range he.Values() {
		all = append(all, v.Name)
	}
	sort.Strings(all)
	// The server level locks some of httpErrors' attributes too: the
	// site's lockAttributes="*" and lockElements are two more sources.
	n := len(hl.Sources)
	if strings.Join(hl.Attributes, ",") != strings.Join(all, ",") || strings.Join(hl.Elements, ",") != "remove" || n < 2 ||
		hl.Sources[n-2].Column != 13 || hl.Sources[n-1].Column != 32 {
		t.Errorf("httpErrors locks %+v (attributes %v)", hl, all)
	}
	var mine Element
	for _, it := range he.Items() {
		if src, _ := it.Source(); src.File == `C:\inetpub\wwwroot\web.config` {
			mine = it
		}
	}
	if l := mine.Locks(); !l.Item || len(l.Attributes) != 0 || len(l.Sources) != 1 || l.Sources[0].Line != 3 {
		t.Errorf("lockItem on the item: %+v", l)
	}
	key := mine.Key()
	if len(key) != 2 || key[0].Attribute.Name != "statusCode" || key[0].Value != "418" || key[1].Attribute.Name != "subStatusCode" || key[1].Value != "-1" {
		t.Errorf("combined key, absent part defaulted: %+v", key)
	}
	dd := sec("defaultDocument")
	if l := dd.Locks(); len(l.Elements) != 0 || len(l.Attributes) != 0 {
		// defaultDocument's only child is files: all but files is nothing.
		t.Errorf("defaultDocument locks %+v", l)
	}
	files, _ := dd.Child("files")
	if he.Key() != nil || files.Key() != nil {
		t.Error("an element that is not an item has a key")
	}
	var home []KeyPart
	for _, it := range files.Items() {
		if k := it.Key(); len(k) == 1 && k[0].Value == "Home.HTM" {
			home = k
		}
	}
	if len(home) != 1 || home[0].Attribute.Name != "value" || home[0].Compared() != "home.htm" {
		t.Errorf("default document key %+v", home)
	}
}

// Sections answers as Section does, for every section in scope (sorted,
// as Evaluate lists them) or the named ones; a name no registry knows is
// left to Problems.
func TestSectionsOnOneChain(t *testing.T) {
	e := New(incrementalWorkspace())
	const path = "Default Web Site/app/sub"
	all, d := e.Sections(path)
	res := e.Evaluate(path, EvalOptions{Summary: true})
	if d != nil || len(all) != len(res.Sections) {
		t.Fatalf("%d sections (%v), Evaluate %d", len(all), d, len(res.Sections))
	}
	for i, s := range all {
		one, _ := e.Section(path, s.Name)
		if s.Name != res.Sections[i].Name || !s.Element.Same(one.Element) || !reflect.DeepEqual(s.Lock, one.Lock) || s.Path != one.Path {
			t.Errorf("%d: %s, Section gives %s", i, s.Name, one.Name)
		}
	}
	some, _ := e.Sections(path, "directoryBrowse", "nosuch", "system.webServer/defaultDocument")
	if len(some) != 2 || some[0].Name != "system.webServer/directoryBrowse" || some[1].Name != "system.webServer/defaultDocument" {
		t.Errorf("named sections: %+v", some)
	}
	found := false
	for _, p := range e.Problems(path, "directoryBrowse", "nosuch") {
		found = found || (p.ID == diag.Undeclared && p.Section == "nosuch")
	}
	if !found {
		t.Error("Problems does not report the unknown name")
	}
	if _, d := e.Sections("No Such Site"); d == nil || d.ID != diag.PathUnknown {
		t.Errorf("unknown path: %v", d)
	}
}
