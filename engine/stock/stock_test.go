package stock

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/workspace"
)

// stockFiles are the embedded files, each with the machine.config it is
// read under (a v2.0 pool reads applicationHost.config under the v2.0
// stand-in, docs/hierarchy.md#framework-folders).
var stockFiles = []struct {
	name    string
	text    func() []byte
	machine func() []byte
}{
	{"applicationHost.config", AppHostConfig, MachineConfig},
	{"machine.config", MachineConfig, MachineConfig},
	{"web.config", RootWebConfig, MachineConfig},
	{"v2.0.50727/machine.config", MachineConfigV2, MachineConfigV2},
	{"v2.0.50727/web.config", RootWebConfigV2, MachineConfigV2},
	{"applicationHost.config (under v2.0)", AppHostConfig, MachineConfigV2},
}

func mustParse(t *testing.T, name string, b []byte) *node {
	t.Helper()
	root, err := parseTree(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if root.Name != "configuration" {
		t.Fatalf("%s: root element is <%s>, want <configuration>", name, root.Name)
	}
	return root
}

// needCorpus skips the test when the reference corpus is not available.
func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("reference corpus not available: %v", err)
	}
}

func TestFilesParseAndKeepIISFormatting(t *testing.T) {
	for _, f := range stockFiles {
		b := f.text()
		mustParse(t, f.name, b)
		const decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
		if !bytes.HasPrefix(b, []byte(decl)) {
			t.Errorf("%s: does not start with %q", f.name, decl)
		}
		if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf || n == 0 {
			t.Errorf("%s: %d line feeds, %d of them after CR; want CRLF only", f.name, n, crlf)
		}
		for i, line := range strings.Split(string(b), "\r\n") {
			indent := len(line) - len(strings.TrimLeft(line, " "))
			if strings.HasPrefix(strings.TrimLeft(line, " "), "\t") || indent%4 != 0 {
				t.Errorf("%s:%d: indentation is not a multiple of 4 spaces", f.name, i+1)
			}
		}
		if bytes.Contains(b, []byte("sessionKey")) {
			t.Errorf("%s: contains a sessionKey", f.name)
		}
		if bytes.Contains(b, []byte("<!--")) {
			t.Errorf("%s: contains a comment; the stock files carry none", f.name)
		}
	}
}

func TestAccessorsReturnIndependentCopies(t *testing.T) {
	a := AppHostConfig()
	a[0] = 'X'
	if AppHostConfig()[0] != '<' {
		t.Fatal("modifying the returned slice changed the embedded file")
	}
}

func TestWorkspaceHoldsOnlyAppHost(t *testing.T) {
	w := Workspace()
	files := w.Files()
	if len(files) != 1 {
		t.Fatalf("workspace has %d files, want 1", len(files))
	}
	if files[0].Path != workspace.AppHostPath {
		t.Errorf("file path = %q, want %q", files[0].Path, workspace.AppHostPath)
	}
	if !bytes.Equal(files[0].Text, AppHostConfig()) {
		t.Error("workspace applicationHost.config differs from AppHostConfig()")
	}
	for _, p := range []string{workspace.MachineConfigPath, workspace.RootWebConfigPath} {
		if _, ok := w.Get(p); ok {
			t.Errorf("workspace holds %s; the engine supplies its own stand-in", p)
		}
	}
	w.Remove(workspace.AppHostPath)
	if _, ok := Workspace().Get(workspace.AppHostPath); !ok {
		t.Error("a second Workspace() shares state with the first")
	}
}

// TestStockFacts pins the values lessons and samples rely on.
func TestStockFacts(t *testing.T) {
	root := mustParse(t, "applicationHost.config", AppHostConfig())
	names := func(parent *node, elem, attr string) []string {
		var out []string
		for _, c := range parent.Children {
			if c.Name == elem {
				v, _ := c.attr(attr)
				out = append(out, v)
			}
		}
		return out
	}
	ah := root.child("system.applicationHost")
	ws := root.child("system.webServer")

	pools := ah.child("applicationPools")
	if got, want := names(pools, "add", "name"), []string{"DefaultAppPool", ".NET v4.5 Classic", ".NET v4.5"}; !reflect.DeepEqual(got, want) {
		t.Errorf("application pools = %q, want %q", got, want)
	}
	if v, _ := pools.child("applicationPoolDefaults").child("processModel").attr("identityType"); v != "ApplicationPoolIdentity" {
		t.Errorf("processModel identityType = %q", v)
	}

	site := ah.child("sites").child("site")
	if n, _ := site.attr("name"); n != "Default Web Site" {
		t.Errorf("first site = %q", n)
	}
	if id, _ := site.attr("id"); id != "1" {
		t.Errorf("site id = %q", id)
	}
	if b, _ := site.child("bindings").child("binding").attr("bindingInformation"); b != "*:80:" {
		t.Errorf("binding = %q", b)
	}
	if p, _ := site.child("application").child("virtualDirectory").attr("physicalPath"); p != `%SystemDrive%\inetpub\wwwroot` {
		t.Errorf("physicalPath = %q", p)
	}

	docs := names(ws.child("defaultDocument").child("files"), "add", "value")
	if want := []string{"Default.htm", "Default.asp", "index.htm", "index.html", "iisstart.htm", "default.aspx"}; !reflect.DeepEqual(docs, want) {
		t.Errorf("default documents = %q, want %q", docs, want)
	}

	auth := ws.child("security").child("authentication")
	for _, c := range auth.Children {
		want := "false"
		if c.Name == "anonymousAuthentication" {
			want = "true"
		}
		if v, _ := c.attr("enabled"); v != want {
			t.Errorf("%s enabled = %q, want %q", c.Name, v, want)
		}
	}
	if len(auth.Children) != 6 {
		t.Errorf("authentication has %d sections, want 6", len(auth.Children))
	}

	if n := len(ws.child("staticContent").Children); n != 378 {
		t.Errorf("staticContent has %d mimeMaps, want 378 (the Server 2019 list)", n)
	}
	if n := len(ws.child("security").child("requestFiltering").child("fileExtensions").Children); n != 44 {
		t.Errorf("requestFiltering has %d fileExtensions, want 44", n)
	}

	// No .NET 3.5 and no WebDAV on this server: nothing may refer to them.
	for _, s := range []string{"v2.0.50727", "runtimeVersionv2.0", "WebDAVModule", `name="WebDAV"`, "webdav.dll"} {
		if bytes.Contains(AppHostConfig(), []byte(s)) {
			t.Errorf("applicationHost.config mentions %q", s)
		}
	}

	loc := root.child("location")
	if p, _ := loc.attr("path"); p != "" {
		t.Errorf("location path = %q", p)
	}
	if m, _ := loc.attr("overrideMode"); m != "Allow" {
		t.Errorf("location overrideMode = %q", m)
	}
	handlers := names(loc.child("system.webServer").child("handlers"), "add", "name")
	if len(handlers) != 50 || handlers[0] != "ASPClassic" || handlers[len(handlers)-1] != "StaticFile" {
		t.Errorf("handlers: %d entries from %q to %q, want 50 from ASPClassic to StaticFile", len(handlers), handlers[0], handlers[len(handlers)-1])
	}
	modules := names(loc.child("system.webServer").child("modules"), "add", "name")
	globals := names(ws.child("globalModules"), "add", "name")
	global := map[string]bool{}
	for _, g := range globals {
		global[g] = true
	}
	for _, c := range loc.child("system.webServer").child("modules").Children {
		name, _ := c.attr("name")
		if _, managed := c.attr("type"); !managed && !global[name] {
			t.Errorf("native module %q is enabled but not in globalModules", name)
		}
	}
	if len(modules) != 43 || len(globals) != 37 {
		t.Errorf("%d modules and %d globalModules, want 43 and 37", len(modules), len(globals))
	}
}

// TestEveryElementIsDeclared: everything under <configuration> and
// <location> is a declared section or group (machine.config's declarations
// are visible to the root web.config and to applicationHost.config).
func TestEveryElementIsDeclared(t *testing.T) {
	for _, f := range stockFiles {
		root := mustParse(t, f.name, f.text())
		d := newDeclarations()
		d.add(mustParse(t, "machine.config", f.machine()))
		d.add(root)
		usedSections(root, d, func(string, *node) {}, func(path string, n *node) {
			t.Errorf("%s:%d: <%s> under %q is not a declared section or group", f.name, n.Line, n.Name, path)
		})
	}
}

// schemaLessSections are declared by every real IIS 10 server although their
// schema files (WebDAV_schema.xml, FTP_schema.xml) come with role services
// this server lacks. They may be declared but must never carry content.
func isSchemaLess(full string) bool {
	return strings.HasPrefix(full, "system.webServer/webdav/") || strings.HasPrefix(full, "system.ftpServer/")
}

func TestAppHostDeclarationsMatchIISSchema(t *testing.T) {
	needCorpus(t)
	schemas, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	d := newDeclarations()
	d.add(mustParse(t, "applicationHost.config", AppHostConfig()))
	for full, dc := range d.sections {
		if schemas[full] == nil && !isSchemaLess(full) {
			t.Errorf("applicationHost.config:%d: %s is declared but has no schema", dc.line, full)
		}
	}
	for name := range schemas {
		// management/* lives in administration.config, not applicationHost.config.
		if strings.HasPrefix(name, "system.webServer/management/") {
			continue
		}
		if strings.HasPrefix(name, "system.webServer/") || strings.HasPrefix(name, "system.applicationHost/") {
			if !hasSection(d, name) {
				t.Errorf("IIS schema section %s is not declared", name)
			}
		}
	}
}

func TestContentIsValidAgainstSchema(t *testing.T) {
	needCorpus(t)
	schemas, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range stockFiles {
		root := mustParse(t, f.name, f.text())
		d := newDeclarations()
		d.add(mustParse(t, "machine.config", f.machine()))
		d.add(root)
		usedSections(root, d, func(full string, n *node) {
			sch := schemas[full]
			if sch == nil {
				t.Errorf("%s:%d: section %s is used but has no schema", f.name, n.Line, full)
				return
			}
			for _, e := range validate(n, sch, full) {
				t.Errorf("%s %s", f.name, e)
			}
		}, func(string, *node) {})
	}
}

// realServers are full IIS 10 applicationHost.config files from the corpus.
var realServers = []string{
	"applicationhost/RedHatSE__windowcontainertest__config-applicationHost.config",
	"applicationhost/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-applicationHost.config",
	"applicationhost/dorik84__Web-Server-IIS__applicationHost.config",
}

func TestDeclarationsAgreeWithRealServers(t *testing.T) {
	needCorpus(t)
	ours := newDeclarations()
	ours.add(mustParse(t, "applicationHost.config", AppHostConfig()))
	compared := 0
	for _, rel := range realServers {
		b, err := os.ReadFile(filepath.Join(corpusDir, rel))
		if err != nil {
			t.Logf("skipping %s: %v", rel, err)
			continue
		}
		theirs := newDeclarations()
		theirs.add(mustParse(t, rel, b))
		shared := 0
		for full, o := range ours.sections {
			r, ok := theirs.sections[full]
			if !ok {
				continue
			}
			shared++
			if o.overrideModeDefault != r.overrideModeDefault || o.allowDefinition != r.allowDefinition || o.allowLocation != r.allowLocation {
				t.Errorf("%s: ours %+v, %s line %d: %+v", full, o, filepath.Base(rel), r.line, r)
			}
		}
		var missing []string
		for full := range ours.sections {
			if _, ok := theirs.sections[full]; !ok {
				missing = append(missing, full)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s lacks sections we declare: %q", filepath.Base(rel), missing)
		}
		if shared > 0 {
			compared++
		}
	}
	if compared < 2 {
		t.Fatalf("compared with %d real servers, want at least 2", compared)
	}
}
