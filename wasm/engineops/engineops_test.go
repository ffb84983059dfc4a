package engineops

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/playground"
)

// These tests go through the ops' JSON-string surface, as the worker does
// (wasm/browser exposes exactly Table's ops).

const webConfig = `C:\inetpub\wwwroot\web.config`

// lockedWebConfig turns on windowsAuthentication, which the stock
// applicationHost.config declares with overrideModeDefault="Deny": line 6.
const lockedWebConfig = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<configuration>\r\n    <system.webServer>\r\n        <security>\r\n            <authentication>\r\n                <windowsAuthentication enabled=\"true\" />\r\n            </authentication>\r\n        </security>\r\n    </system.webServer>\r\n</configuration>\r\n"

// malformedWebConfig has a bare & on line 6.
const malformedWebConfig = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n  <system.webServer>\n    <httpProtocol>\n      <customHeaders>\n        <add name=\"X-Link\" value=\"/a?x=1&y=2\" />\n      </customHeaders>\n    </httpProtocol>\n  </system.webServer>\n</configuration>\n"

func mustCall(t *testing.T, a *Adapter, op string, args any) string {
	t.Helper()
	in, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	out, err := a.Call(op, string(in))
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if !json.Valid([]byte(out)) {
		t.Fatalf("%s: result is not JSON: %.200s", op, out)
	}
	return out
}

func decodeInto(t *testing.T, text string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(text), v); err != nil {
		t.Fatalf("decoding %.200s: %v", text, err)
	}
}

// stockAdapter loads the stock server through the ops, as the page does.
func stockAdapter(t *testing.T) *Adapter {
	t.Helper()
	a := New()
	var st WorkspaceFiles
	decodeInto(t, mustCall(t, a, "stock", map[string]any{}), &st)
	if len(st.Files) != 1 || !strings.HasSuffix(st.Files[0].Path, `applicationHost.config`) {
		t.Fatalf("stock files: %+v", st.Files)
	}
	var lr LoadResult
	decodeInto(t, mustCall(t, a, "load", st), &lr)
	if lr.Files != 1 || lr.Version == 0 {
		t.Fatalf("load: %+v", lr)
	}
	return a
}

func evaluate(t *testing.T, a *Adapter, path string) model.Result {
	t.Helper()
	var r model.Result
	decodeInto(t, mustCall(t, a, "evaluate", map[string]any{"path": path}), &r)
	return r
}

func TestStockDefaultWebSite(t *testing.T) {
	a := stockAdapter(t)
	r := evaluate(t, a, "Default Web Site")
	if r.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site" {
		t.Errorf("configPath %q", r.ConfigPath)
	}
	if r.Mapping == nil || r.Mapping.PhysicalPathExp != `C:\inetpub\wwwroot` {
		t.Errorf("mapping %+v", r.Mapping)
	}
	if r.Response == nil || r.Response.Status != 200 {
		t.Errorf("response %+v", r.Response)
	}
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			t.Errorf("stock server has an error: %s %s:%d %s", d.ID, d.File, d.Line, d.Message)
		}
	}
	found := false
	for _, s := range r.Sections {
		if s.Name == "system.webServer/defaultDocument" {
			found = s.Element.Attributes.Get("enabled").Value == "true"
		}
	}
	if !found {
		t.Error("system.webServer/defaultDocument enabled=true missing from the effective configuration")
	}
	var sm model.SiteMap
	decodeInto(t, mustCall(t, a, "siteMap", nil), &sm)
	if len(sm.Sites) != 1 || sm.Sites[0].Name != "Default Web Site" {
		t.Errorf("siteMap sites %+v", sm.Sites)
	}
	var fo FolderResult
	decodeInto(t, mustCall(t, a, "folderOf", map[string]string{"path": "Default Web Site/images"}), &fo)
	if fo.Folder != `C:\inetpub\wwwroot\images` || fo.WebConfig != `C:\inetpub\wwwroot\images\web.config` {
		t.Errorf("folderOf: %+v", fo)
	}
	decodeInto(t, mustCall(t, a, "folderOf", map[string]string{"path": "MACHINE/WEBROOT/APPHOST"}), &fo)
	if fo.WebConfig != `C:\Windows\System32\inetsrv\config\applicationHost.config` || fo.Folder != `C:\Windows\System32\inetsrv\config` {
		t.Errorf("folderOf APPHOST: %+v", fo)
	}
	// The server level's .NET Framework folder (docs/hierarchy.md#framework-folders).
	decodeInto(t, mustCall(t, a, "folderOf", map[string]string{"path": "MACHINE/WEBROOT"}), &fo)
	if fo.WebConfig != `C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Config\web.config` {
		t.Errorf("folderOf WEBROOT: %+v", fo)
	}
}

// Under shared configuration a server-level definition lives in the
// share's applicationHost.config, the file the engine reads at APPHOST.
func TestFolderOfSharedConfiguration(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]string{"path": workspace.RedirectionPath, "text": `<configuration><configSections><section name="configurationRedirection" /></configSections><configurationRedirection enabled="true" path="\\fileserver\iisconfig" /></configuration>`})
	var fo FolderResult
	decodeInto(t, mustCall(t, a, "folderOf", map[string]string{"path": "MACHINE/WEBROOT/APPHOST"}), &fo)
	if fo.WebConfig != `\\fileserver\iisconfig\applicationHost.config` || fo.Folder != `\\fileserver\iisconfig` {
		t.Errorf("folderOf APPHOST under shared configuration: %+v", fo)
	}
}

func TestLockedSection(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]string{"path": webConfig, "text": lockedWebConfig})
	r := evaluate(t, a, "MACHINE/WEBROOT/APPHOST/Default Web Site")
	var locked *diag.Diagnostic
	for i, d := range r.Diagnostics {
		if d.ID == diag.Locked {
			locked = &r.Diagnostics[i]
		}
	}
	if locked == nil {
		t.Fatalf("no LOCKED diagnostic in %+v", r.Diagnostics)
	}
	if locked.File != webConfig || locked.Line != 6 || locked.HRESULT != "0x80070021" {
		t.Errorf("LOCKED at %s:%d %s", locked.File, locked.Line, locked.HRESULT)
	}
	if r.Response == nil || r.Response.Status != 500 || r.Response.SubStatus != 19 {
		t.Errorf("response %+v", r.Response)
	}
	var byFile map[string][]diag.Diagnostic
	decodeInto(t, mustCall(t, a, "fileDiagnostics", nil), &byFile)
	if ds := byFile[webConfig]; len(ds) == 0 || ds[0].ID != diag.Locked || ds[0].Line != 6 {
		t.Errorf("fileDiagnostics[%s] = %+v", webConfig, ds)
	}
	if _, ok := byFile[`C:\Windows\System32\inetsrv\config\applicationHost.config`]; !ok {
		t.Error("fileDiagnostics has no entry for applicationHost.config (the editor needs one to clear markers)")
	}
	// Removing the file lifts the lock error.
	mustCall(t, a, "removeFile", map[string]string{"path": webConfig})
	if r := evaluate(t, a, "Default Web Site"); r.Response.Status != 200 {
		t.Errorf("after removeFile: %+v", r.Response)
	}
}

func TestMalformedXML(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]string{"path": webConfig, "text": malformedWebConfig})
	// A malformed file no config path reaches still gets its marker.
	orphan := `C:\unmapped\web.config`
	mustCall(t, a, "setFile", map[string]string{"path": orphan, "text": "<configuration>\n<oops>\n</configuration>\n"})
	r := evaluate(t, a, "Default Web Site")
	if len(r.Diagnostics) == 0 || r.Diagnostics[0].ID != diag.XML || r.Diagnostics[0].Line != 6 || r.Diagnostics[0].File != webConfig {
		t.Fatalf("diagnostics %+v", r.Diagnostics)
	}
	if r.Response.Status != 500 || r.Response.SubStatus != 19 {
		t.Errorf("response %+v", r.Response)
	}
	var byFile map[string][]diag.Diagnostic
	decodeInto(t, mustCall(t, a, "fileDiagnostics", nil), &byFile)
	if ds := byFile[webConfig]; len(ds) != 1 || ds[0].ID != diag.XML || ds[0].Line != 6 {
		t.Errorf("fileDiagnostics[web.config] = %+v", ds)
	}
	if ds := byFile[orphan]; len(ds) != 1 || ds[0].ID != diag.XML || ds[0].Line == 0 {
		t.Errorf("fileDiagnostics[%s] = %+v", orphan, ds)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]string{"path": webConfig, "text": lockedWebConfig})
	var b1 struct{ Text string }
	decodeInto(t, mustCall(t, a, "bundle", nil), &b1)
	if !strings.Contains(b1.Text, "-- "+webConfig+" --\n") {
		t.Fatalf("bundle lacks the web.config header:\n%.300s", b1.Text)
	}
	ws, err := workspace.ParseBundle([]byte(b1.Text)) // as tools.wasm's parseBundle reads it
	if err != nil {
		t.Fatal(err)
	}
	st := stateOf(ws)
	if len(st.Files) != 2 {
		t.Fatalf("parsed bundle files: %d", len(st.Files))
	}
	st.Env = map[string]string{"SITES": `D:\sites`}
	b := New()
	mustCall(t, b, "load", st)
	var b2 struct{ Text string }
	decodeInto(t, mustCall(t, b, "bundle", nil), &b2)
	if want := b1.Text + "-- @env --\nSITES=D:\\sites\n"; b2.Text != want {
		t.Errorf("round trip changed the bundle:\n got %.400q\nwant %.400q", b2.Text, want)
	}
	ws2, err := workspace.ParseBundle([]byte(b2.Text))
	if err != nil {
		t.Fatal(err)
	}
	if again := stateOf(ws2); again.Env["SITES"] != `D:\sites` || len(again.Env) != 1 {
		t.Errorf("env after round trip: %v", again.Env)
	}
}

func TestNormalize(t *testing.T) {
	a := stockAdapter(t)
	var n struct {
		ConfigPath string
		Error      *diag.Diagnostic
	}
	decodeInto(t, mustCall(t, a, "normalize", map[string]string{"path": "http://localhost/images"}), &n)
	if n.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site/images" {
		t.Errorf("normalize URL: %+v", n)
	}
	decodeInto(t, mustCall(t, a, "normalize", map[string]string{"path": "No Such Site"}), &n)
	if n.Error == nil || n.Error.ID != diag.PathUnknown {
		t.Errorf("normalize unknown site: %+v", n)
	}
}

func TestFailuresAreErrors(t *testing.T) {
	a := New()
	if _, err := a.Call("nope", "{}"); err == nil || !strings.Contains(err.Error(), `unknown op "nope"`) {
		t.Errorf("unknown op: %v", err)
	}
	if _, err := a.Call("evaluate", "{not json"); err == nil || !strings.Contains(err.Error(), "bad arguments") {
		t.Errorf("bad JSON: %v", err)
	}
	if _, err := a.Call("setFile", `{"path":"relative\\web.config","text":""}`); err == nil {
		t.Error("setFile accepted a relative path")
	}
}

// TestEvaluateOptions: noDefaults and summary shrink the answer while the
// response is still computed from every section (the page fetches only
// what it draws, but the 500.19 it shows must not depend on that).
func TestEvaluateOptions(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]string{"path": webConfig, "text": lockedWebConfig})
	full := mustCall(t, a, "evaluate", map[string]any{"path": "Default Web Site"})
	compact := mustCall(t, a, "evaluate", map[string]any{"path": "Default Web Site", "noDefaults": true})
	summary := mustCall(t, a, "evaluate", map[string]any{"path": "Default Web Site", "summary": true})
	if !(len(summary) < len(compact) && len(compact) < len(full)) {
		t.Errorf("sizes: summary %d, noDefaults %d, full %d", len(summary), len(compact), len(full))
	}
	var rf, rc, rs model.Result
	decodeInto(t, full, &rf)
	decodeInto(t, compact, &rc)
	decodeInto(t, summary, &rs)
	for name, r := range map[string]model.Result{"noDefaults": rc, "summary": rs} {
		if r.Response == nil || r.Response.Status != 500 || r.Response.SubStatus != 19 {
			t.Errorf("%s: response %+v", name, r.Response)
		}
		if len(r.Sections) != len(rf.Sections) {
			t.Errorf("%s: %d sections, full has %d", name, len(r.Sections), len(rf.Sections))
		}
	}
	for _, s := range rs.Sections {
		if s.Element != nil {
			t.Fatalf("summary: %s has an element", s.Name)
		}
	}
	for _, s := range rc.Sections {
		if s.Name != "system.webServer/defaultDocument" {
			continue
		}
		if s.Element == nil || s.Element.Attributes.Get("enabled") == nil {
			t.Fatalf("noDefaults dropped defaultDocument enabled (set in applicationHost.config): %+v", s.Element)
		}
		for _, at := range s.Element.Attributes {
			if at.Origin == "default" {
				t.Errorf("noDefaults kept the default %s", at.Name)
			}
		}
	}
	// A restricted evaluation still answers with the full response.
	var one model.Result
	decodeInto(t, mustCall(t, a, "evaluate", map[string]any{"path": "Default Web Site", "sections": []string{"defaultDocument"}, "noDefaults": true}), &one)
	if len(one.Sections) != 1 || one.Response == nil || one.Response.Status != 500 {
		t.Errorf("sections+noDefaults: %d sections, response %+v", len(one.Sections), one.Response)
	}
}

// A MetaBase.xml kept in the workspace (the playground's metabase mode
// stores it there) is no configuration file: it changes no answer.
func TestMetabaseFileInWorkspace(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]string{"path": `C:\Windows\System32\inetsrv\MetaBase.xml`, "text": "<configuration><MBProperty><IIS_Global Location=\".\"/></MBProperty></configuration>"})
	var byFile map[string][]diag.Diagnostic
	decodeInto(t, mustCall(t, a, "fileDiagnostics", nil), &byFile)
	for f, ds := range byFile {
		if len(ds) > 0 {
			t.Errorf("%s: %+v", f, ds)
		}
	}
	if r := evaluate(t, a, "Default Web Site"); r.Response.Status != 200 {
		t.Errorf("response %+v", r.Response)
	}
}

// TestEvaluateElements: a summary of every section, with the element of
// the named ones only; the response still comes from every section.
func TestEvaluateElements(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]string{"path": webConfig, "text": lockedWebConfig})
	var r model.Result
	decodeInto(t, mustCall(t, a, "evaluate", map[string]any{"path": "Default Web Site", "noDefaults": true, "elements": []string{"defaultDocument", "system.webServer/security/authentication/windowsAuthentication", "no/such"}}), &r)
	with := map[string]bool{}
	for _, s := range r.Sections {
		if s.Element != nil {
			with[s.Name] = true
		}
	}
	if len(with) != 2 || !with["system.webServer/defaultDocument"] || !with["system.webServer/security/authentication/windowsAuthentication"] {
		t.Errorf("sections with an element: %v", with)
	}
	if len(r.Sections) < 100 || r.Response == nil || r.Response.Status != 500 {
		t.Errorf("%d sections, response %+v", len(r.Sections), r.Response)
	}
	for _, d := range r.Diagnostics {
		if d.ID == diag.Undeclared {
			t.Errorf("an unknown name in elements became a diagnostic: %+v", d)
		}
	}
	var none model.Result
	decodeInto(t, mustCall(t, a, "evaluate", map[string]any{"path": "Default Web Site", "elements": []string{}}), &none)
	for _, s := range none.Sections {
		if s.Element != nil {
			t.Fatalf("elements [] gave %s an element", s.Name)
		}
	}
}

// evaluate's edits are applied before it evaluates, as setFile and
// removeFile would be, and a bad one changes nothing.
func TestEvaluateWithEdits(t *testing.T) {
	a := stockAdapter(t)
	args := map[string]any{
		"path":  "MACHINE/WEBROOT/APPHOST/Default Web Site",
		"edits": []map[string]any{{"path": webConfig, "text": lockedWebConfig}},
	}
	var r model.Result
	decodeInto(t, mustCall(t, a, "evaluate", args), &r)
	if r.Response == nil || r.Response.Status != 500 || r.Response.SubStatus != 19 {
		t.Fatalf("after an edit to a locked section: response %+v", r.Response)
	}
	args["edits"] = []map[string]any{{"path": webConfig, "removed": true}}
	r = model.Result{}
	decodeInto(t, mustCall(t, a, "evaluate", args), &r)
	if r.Response == nil || r.Response.Status != 200 {
		t.Fatalf("after removing the web.config: response %+v", r.Response)
	}
	if _, err := a.Call("evaluate", `{"path":"Default Web Site","edits":[{"path":"C:\\ok\\web.config","text":""},{"path":"rel\\web.config","text":""}]}`); err == nil {
		t.Fatal("a relative edit path was accepted")
	}
	if _, ok := a.ws.Get(`C:\ok\web.config`); ok {
		t.Error("a rejected batch of edits was half applied")
	}
}

// loadStock loads what stock returns, as load of those files would.
func TestLoadStock(t *testing.T) {
	a := New()
	mustCall(t, a, "load", map[string]any{"files": []map[string]string{{"path": `C:\x\web.config`, "text": "<configuration/>"}}})
	var st struct {
		Files []playground.FileState `json:"files"`
	}
	decodeInto(t, mustCall(t, a, "loadStock", map[string]any{}), &st)
	if len(st.Files) != len(stock.Workspace().Files()) || len(a.ws.Files()) != len(st.Files) {
		t.Fatalf("loadStock returned %d files, engine holds %d; stock has %d", len(st.Files), len(a.ws.Files()), len(stock.Workspace().Files()))
	}
	if r := evaluate(t, a, "Default Web Site"); r.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site" || r.Response == nil || r.Response.Status != 200 {
		t.Errorf("after loadStock: %s %+v", r.ConfigPath, r.Response)
	}
}

// A reload that sends unchanged files keeps them (and so their parses):
// the page reloads the whole state after an appcmd write.
func TestLoadKeepsUnchangedFiles(t *testing.T) {
	a := stockAdapter(t)
	mustCall(t, a, "setFile", map[string]any{"path": webConfig, "text": lockedWebConfig})
	host, _ := a.ws.Get(`C:\Windows\System32\inetsrv\config\applicationHost.config`)
	site, _ := a.ws.Get(webConfig)
	st := stateOf(a.ws)
	for i := range st.Files {
		if st.Files[i].Path == webConfig {
			st.Files[i].Text = malformedWebConfig
		}
	}
	mustCall(t, a, "load", st)
	if h, _ := a.ws.Get(host.Path); h != host {
		t.Error("load of an unchanged applicationHost.config made a new file")
	}
	if s, _ := a.ws.Get(webConfig); s == site || string(s.Text) != malformedWebConfig {
		t.Error("load of a changed web.config kept the old file")
	}
}

// TestSiteMapOf answers the sites of files that are not loaded, and leaves
// the loaded workspace alone; a bad path fails naming it, as load does,
// and a failed load keeps the workspace that was loaded.
func TestSiteMapOf(t *testing.T) {
	a := stockAdapter(t)
	const apphost = `C:\Windows\System32\inetsrv\config\applicationHost.config`
	text := strings.Replace(string(stock.AppHostConfig()), `<site name="Default Web Site" id="1"`, `<site name="Contoso" id="7"`, 1)
	text = strings.Replace(text, `physicalPath="%SystemDrive%\inetpub\wwwroot"`, `physicalPath="D:\sites\contoso"`, 1)
	var sm model.SiteMap
	decodeInto(t, mustCall(t, a, "siteMapOf", map[string]any{"files": []map[string]string{{"path": apphost, "text": text}}}), &sm)
	if len(sm.Sites) != 1 || sm.Sites[0].Name != "Contoso" {
		t.Fatalf("sites: %+v", sm.Sites)
	}
	vd := sm.Sites[0].Apps[0].Vdirs[0]
	if vd.PhysicalPathExp != `D:\sites\contoso` {
		t.Errorf("root folder %q", vd.PhysicalPathExp)
	}
	if r := evaluate(t, a, "Default Web Site"); r.Mapping == nil || r.Mapping.Site != "Default Web Site" {
		t.Errorf("the loaded workspace changed: %+v", r.Mapping)
	}
	for _, op := range []string{"siteMapOf", "load"} {
		_, err := a.Call(op, `{"files":[{"path":"C:\\ok\\web.config","text":""},{"path":"web.config","text":""}]}`)
		if err == nil || !strings.Contains(err.Error(), `file 2: "web.config" is not an absolute Windows path`) {
			t.Errorf("%s of a relative path: %v", op, err)
		}
		// The path as it was written, not with its backslashes doubled.
		_, err = a.Call(op, `{"files":[{"path":"site\\web.config","text":""}]}`)
		if err == nil || !strings.Contains(err.Error(), `file 1: "site\web.config" is not an absolute Windows path`) {
			t.Errorf("%s of a relative path with a backslash: %v", op, err)
		}
	}
	if r := evaluate(t, a, "Default Web Site"); r.Mapping == nil || r.Mapping.Site != "Default Web Site" {
		t.Errorf("a failed load replaced the workspace: %+v", r.Mapping)
	}
}

// warm plays keystrokes on a scratch engine: the workspace and the
// answers the page gets are unchanged.
func TestWarmLeavesTheWorkspace(t *testing.T) {
	a := New()
	before, err := a.Call("evaluate", `{"path":"Default Web Site","noDefaults":true}`)
	if err != nil {
		t.Fatal(err)
	}
	bundle, _ := a.Call("bundle", "{}")
	out, err := a.Call("warm", `{"path":"Default Web Site","elements":["system.webServer/defaultDocument"],"rounds":3}`)
	if err != nil || out != `{"rounds":3}` {
		t.Fatalf("warm: %s, %v", out, err)
	}
	after, _ := a.Call("evaluate", `{"path":"Default Web Site","noDefaults":true}`)
	bundle2, _ := a.Call("bundle", "{}")
	if after != before || bundle2 != bundle {
		t.Errorf("warm changed the workspace or its answers")
	}
	// A path without a folder has nothing to warm, and says so.
	if out, err := a.Call("warm", `{"path":"MACHINE/WEBROOT/APPHOST/Nowhere"}`); err != nil || out != `{"rounds":0}` {
		t.Errorf("warm at a path without a folder: %s, %v", out, err)
	}
}

// The editor's markers are placed in UTF-16 units: before the bad value,
// the line holds an accented letter (one unit, two bytes), CJK (one unit,
// three bytes) and an emoji (two units, four bytes, one code point), so
// the engine's code-point column and byte offset both differ from where
// CodeMirror must underline.
func TestFileDiagnosticsUTF16(t *testing.T) {
	a := stockAdapter(t)
	text := "<configuration>\r\n  <system.webServer>\r\n    <!-- é漢😀 -->\r\n" +
		"    <!-- é漢😀 --><directoryBrowse enabled=\"maybe\" />\r\n  </system.webServer>\r\n</configuration>\r\n"
	mustCall(t, a, "setFile", map[string]any{"path": webConfig, "text": text})
	var out map[string][]struct {
		diag.Diagnostic
		From *EditorPos `json:"from"`
		To   *EditorPos `json:"to"`
	}
	decodeInto(t, mustCall(t, a, "fileDiagnostics", map[string]any{}), &out)
	ds := out[webConfig]
	if len(ds) != 1 || ds[0].ID != diag.Value {
		t.Fatalf("diagnostics of the web.config: %+v", ds)
	}
	d := ds[0]
	// Line 4: `    <!-- é漢😀 --><directoryBrowse enabled="maybe" />`; the
	// attribute is 15 units long.
	prefix := "    <!-- é漢😀 --><directoryBrowse "
	units := 0
	for _, r := range prefix {
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	if d.From == nil || d.To == nil || *d.From != (EditorPos{4, units}) || *d.To != (EditorPos{4, units + len(`enabled="maybe"`)}) {
		t.Errorf("editor range %+v–%+v, want 4:%d–4:%d", d.From, d.To, units, units+len(`enabled="maybe"`))
	}
	// The engine's own columns count code points: one fewer than UTF-16
	// units (the emoji), and the byte range covers the attribute exactly.
	if d.Line != 4 || d.Column != units || d.EndColumn != units+len(`enabled="maybe"`) {
		t.Errorf("engine position %d:%d–%d:%d", d.Line, d.Column, d.EndLine, d.EndColumn)
	}
	if r := d.Range; r == nil || text[r.Offset:r.Offset+r.Length] != `enabled="maybe"` {
		t.Errorf("range %+v", r)
	}
}
