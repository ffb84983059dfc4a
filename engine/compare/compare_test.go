package compare_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/compare"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

const site = "MACHINE/WEBROOT/APPHOST/Default Web Site"

// over lays files on the stock server.
func over(files map[string]string) *config.Engine {
	w := stock.Workspace()
	for p, t := range files {
		w.Set(p, []byte(t))
	}
	return config.New(w)
}

func find(t *testing.T, r *compare.Report, section, path string) compare.Change {
	t.Helper()
	for _, s := range r.Sections {
		if s.Name != section {
			continue
		}
		for _, c := range s.Changes {
			if c.Path == path {
				return c
			}
		}
	}
	t.Fatalf("no change %s %s in %+v", section, path, r.Sections)
	return compare.Change{}
}

func TestTwoPathsOneWorkspace(t *testing.T) {
	e := over(map[string]string{
		`C:\inetpub\wwwroot\downloads\web.config`: `<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>`,
	})
	r := compare.Paths(compare.Side{Engine: e, Path: site}, compare.Side{Engine: e, Path: "Default Web Site/downloads"}, compare.Options{Sections: []string{"directoryBrowse"}})
	if r.Compared != 1 || len(r.Sections) != 1 {
		t.Fatalf("compared %d, differ %d: %+v", r.Compared, len(r.Sections), r.Sections)
	}
	c := find(t, r, "system.webServer/directoryBrowse", "enabled")
	if c.Kind != compare.KindValue || c.Left.Value != "false" || c.Right.Value != "true" {
		t.Fatalf("change %+v", c)
	}
	if !strings.HasSuffix(c.Left.File, `applicationHost.config`) || c.Right.File != `C:\inetpub\wwwroot\downloads\web.config` || c.Right.Line != 1 {
		t.Errorf("provenance: left %+v right %+v", c.Left, c.Right)
	}
	if r.Equal() {
		t.Error("a value difference is not equal")
	}
	text := r.Text()
	for _, want := range []string{
		"right: MACHINE/WEBROOT/APPHOST/Default Web Site/downloads",
		`    right: "true"  (C:\inetpub\wwwroot\downloads\web.config:1)`,
		"1 sections compared, 1 differ.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	xml := r.UnifiedXML()
	if !strings.Contains(xml, `-  <directoryBrowse enabled="false"`) || !strings.Contains(xml, `+  <directoryBrowse enabled="true"`) {
		t.Errorf("unified XML:\n%s", xml)
	}
}

func TestTwoWorkspacesItemsOrderLocksAndErrors(t *testing.T) {
	before := over(map[string]string{
		`C:\inetpub\wwwroot\web.config`: `<configuration><system.webServer>
<defaultDocument><files><clear /><add value="a.htm" /><add value="b.htm" /></files></defaultDocument>
</system.webServer></configuration>`,
	})
	after := over(map[string]string{
		`C:\inetpub\wwwroot\web.config`: `<configuration><system.webServer>
<defaultDocument><files><clear /><add value="b.htm" /><add value="a.htm" /><add value="c.htm" /></files></defaultDocument>
<directoryBrowse enabled="true" lockAttributes="enabled" />
<security><authentication><windowsAuthentication enabled="true" /></authentication></security>
</system.webServer></configuration>`,
	})
	r := compare.Paths(compare.Side{Engine: before, Path: site, Label: "before"}, compare.Side{Engine: after, Path: site, Label: "after"}, compare.Options{})
	if c := find(t, r, "system.webServer/defaultDocument", "files.[value='c.htm']"); c.Kind != compare.KindOnlyRight || c.Right.Value != "value='c.htm'" {
		t.Errorf("added item: %+v", c)
	}
	c := find(t, r, "system.webServer/defaultDocument", "files")
	if c.Kind != compare.KindOrder || strings.Join(c.LeftOrder, " ") != "[value='a.htm'] [value='b.htm']" || strings.Join(c.RightOrder, " ") != "[value='b.htm'] [value='a.htm']" {
		t.Errorf("order: %+v", c)
	}
	if c := find(t, r, "system.webServer/directoryBrowse", "."); c.Kind != compare.KindLocks || strings.Join(c.RightLocks, ",") != "attribute:enabled" {
		t.Errorf("locks: %+v", c)
	}
	found := false
	for _, d := range r.OnlyRight {
		if d.ID == "LOCKED" && d.File == `C:\inetpub\wwwroot\web.config` {
			found = true
		}
	}
	if !found || len(r.OnlyLeft) != 0 {
		t.Errorf("diagnostics: left %+v right %+v", r.OnlyLeft, r.OnlyRight)
	}
	if !strings.Contains(r.Text(), "diagnostics only right:\n  error LOCKED C:\\inetpub\\wwwroot\\web.config:4:") {
		t.Errorf("text:\n%s", r.Text())
	}
}

func TestLockDecisionAndSameValueElsewhere(t *testing.T) {
	before := over(nil)
	after := over(map[string]string{
		`C:\inetpub\wwwroot\web.config`: `<configuration><system.webServer><directoryBrowse enabled="false" /></system.webServer></configuration>`,
	})
	w := after.Workspace().Clone()
	text, _ := w.Get(workspace.AppHostPath)
	w.Set(workspace.AppHostPath, []byte(strings.Replace(string(text.Text), `<location path="" overrideMode="Allow">`, `<location path="" overrideMode="Deny">`, 1)))
	after = config.New(w)
	r := compare.Paths(compare.Side{Engine: before, Path: site}, compare.Side{Engine: after, Path: site}, compare.Options{Sections: []string{"system.webServer/modules", "directoryBrowse"}})
	var lock *compare.LockDiff
	for _, s := range r.Sections {
		if s.Name == "system.webServer/modules" {
			lock = s.Lock
		}
	}
	if lock == nil || lock.Left.IsLocked || !lock.Right.IsLocked {
		t.Fatalf("modules lock decision: %+v", r.Sections)
	}
	if c := find(t, r, "system.webServer/directoryBrowse", "enabled"); c.Kind != compare.KindSource {
		t.Errorf("same value set elsewhere: %+v", c)
	}
}

func TestUnknownPath(t *testing.T) {
	e := over(nil)
	r := compare.Paths(compare.Side{Engine: e, Path: site}, compare.Side{Engine: e, Path: "No Such Site"}, compare.Options{})
	if r.Right.Error == nil || r.Left.Error != nil {
		t.Fatalf("errors: %+v %+v", r.Left, r.Right)
	}
	if !strings.Contains(r.Text(), "cannot evaluate") {
		t.Errorf("text:\n%s", r.Text())
	}
	// The lists are empty, not null: the page's Compare read their
	// lengths and failed with "Cannot read properties of null" instead of
	// saying which side cannot be evaluated.
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"sections":[]`, `"diagnosticsOnlyLeft":[]`, `"diagnosticsOnlyRight":[]`} {
		if !strings.Contains(string(js), want) {
			t.Errorf("JSON lacks %s: %s", want, js)
		}
	}
}

// An edit above a definition moves its line: the value is still set in
// the same file for the same location, so nothing is reported.
func TestMovedLineIsNotElsewhere(t *testing.T) {
	before := over(map[string]string{
		`C:\inetpub\wwwroot\web.config`: `<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>`,
	})
	after := over(map[string]string{
		`C:\inetpub\wwwroot\web.config`: "<configuration>\n<!-- a note -->\n<system.webServer>\n<directoryBrowse enabled=\"true\" />\n</system.webServer></configuration>",
	})
	r := compare.Paths(compare.Side{Engine: before, Path: site}, compare.Side{Engine: after, Path: site}, compare.Options{Sections: []string{"directoryBrowse"}})
	if len(r.Sections) != 0 || !r.Equal() {
		t.Errorf("a moved line is reported: %+v", r.Sections)
	}
}

// withAppHost is the stock server with old replaced by new in its
// applicationHost.config.
func withAppHost(t testing.TB, old, new string) *config.Engine {
	t.Helper()
	w := stock.Workspace()
	f, _ := w.Get(workspace.AppHostPath)
	text := string(f.Text)
	if !strings.Contains(text, old) {
		t.Fatalf("applicationHost.config lacks %q", old)
	}
	w.Set(workspace.AppHostPath, []byte(strings.Replace(text, old, new, 1)))
	return config.New(w)
}

// Items are matched by their key as the engine holds it: a key attribute
// the item leaves out takes the schema's default there, as the duplicate
// check and remove directives see it. Before compare read the typed
// answers it keyed items by their effective attribute values, so an
// applicationPoolDefaults name="Fallback" named a nameless pool
// "[name='Fallback']"; the engine, and now compare, key it by the empty
// name (the schema's default), and a second nameless pool is its
// duplicate.
func TestItemKeyIsTheEngines(t *testing.T) {
	const server = "MACHINE/WEBROOT/APPHOST"
	before := over(nil)
	after := withAppHost(t, `<applicationPoolDefaults managedRuntimeVersion="v4.0">`,
		`<add managedRuntimeVersion="v2.0" /><applicationPoolDefaults name="Fallback" managedRuntimeVersion="v4.0">`)
	r := compare.Paths(compare.Side{Engine: before, Path: server}, compare.Side{Engine: after, Path: server}, compare.Options{Sections: []string{"applicationPools"}})
	c := find(t, r, "system.applicationHost/applicationPools", "[name='']")
	if c.Kind != compare.KindOnlyRight || c.Right.Value != "managedRuntimeVersion='v2.0'" {
		t.Errorf("nameless pool: %+v", c)
	}
	// The engine's own view of that key: a second nameless pool is its
	// duplicate, whatever applicationPoolDefaults says.
	dup := withAppHost(t, `<applicationPoolDefaults managedRuntimeVersion="v4.0">`,
		`<add managedRuntimeVersion="v2.0" /><add managedRuntimeVersion="v1.1" /><applicationPoolDefaults name="Fallback" managedRuntimeVersion="v4.0">`)
	found := false
	for _, d := range dup.Problems(server, "applicationPools") {
		found = found || strings.HasPrefix(string(d.ID), "DUP")
	}
	if !found {
		t.Errorf("no duplicate reported for two nameless pools: %+v", dup.Problems(server, "applicationPools"))
	}
}

// Each side's items are keyed by that side's schema. Before, the left
// side's schema keyed both, so two workspaces whose schema files key a
// collection differently matched items by a key the right side does not
// have, and swapping the sides changed the answer; now an item keyed
// differently is one side's only, whichever side is left.
func TestItemsKeyedByTheirOwnSchema(t *testing.T) {
	const server = "MACHINE/WEBROOT/APPHOST"
	side := func(key string) *config.Engine {
		w := stock.Workspace()
		w.Set(workspace.SchemaDir+`\things_schema.xml`, []byte(`<configSchema><sectionSchema name="myApp/things"><collection addElement="add">`+
			`<attribute name="name" type="string"`+map[bool]string{true: ` isUniqueKey="true"`}[key == "name"]+` />`+
			`<attribute name="id" type="uint"`+map[bool]string{true: ` isUniqueKey="true"`}[key == "id"]+` />`+
			`</collection></sectionSchema></configSchema>`))
		f, _ := w.Get(workspace.AppHostPath)
		text := strings.Replace(string(f.Text), "<configSections>", `<configSections><sectionGroup name="myApp"><section name="things" /></sectionGroup>`, 1)
		text = strings.Replace(text, "</configuration>", `<myApp><things><add name="a" id="1" /></things></myApp></configuration>`, 1)
		w.Set(workspace.AppHostPath, []byte(text))
		return config.New(w)
	}
	byName, byID := side("name"), side("id")
	for _, c := range []struct {
		l, r        *config.Engine
		left, right string
	}{{byName, byID, "[name='a']", "[id='1']"}, {byID, byName, "[id='1']", "[name='a']"}} {
		r := compare.Paths(compare.Side{Engine: c.l, Path: server}, compare.Side{Engine: c.r, Path: server}, compare.Options{Sections: []string{"myApp/things"}})
		if ch := find(t, r, "myApp/things", c.left); ch.Kind != compare.KindOnlyLeft {
			t.Errorf("left item: %+v", ch)
		}
		if ch := find(t, r, "myApp/things", c.right); ch.Kind != compare.KindOnlyRight {
			t.Errorf("right item: %+v", ch)
		}
	}
}

// The sections that differ come in the order the effective configuration
// lists them at the left side's path (config.Engine.InListOrder): IIS's
// own first, the .NET sections next, those without schema last.
func TestListOrder(t *testing.T) {
	left := over(nil)
	right := over(map[string]string{
		`C:\inetpub\wwwroot\web.config`: `<configuration>
  <configSections><section name="log4net" type="log4net.Config.Log4NetConfigurationSectionHandler, log4net" /></configSections>
  <appSettings><add key="k" value="v" /></appSettings>
  <log4net><root /></log4net>
  <system.webServer><directoryBrowse enabled="true" /></system.webServer>
</configuration>`,
	})
	r := compare.Paths(compare.Side{Engine: left, Path: site}, compare.Side{Engine: right, Path: site}, compare.Options{})
	var got []string
	for _, s := range r.Sections {
		got = append(got, s.Name)
	}
	want := []string{"system.webServer/directoryBrowse", "appSettings", "log4net"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("sections that differ: %v, want %v", got, want)
	}
}
