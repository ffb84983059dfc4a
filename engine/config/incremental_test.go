package config

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// incrementalWorkspace is the stock server with an application, three
// web.config files along one path and a configSource file.
func incrementalWorkspace() *workspace.Workspace {
	ws := stock.Workspace()
	ah := string(stock.AppHostConfig())
	ah = replaceOnce(ah, "</application>\r\n", "</application>\r\n"+
		`<application path="/app" applicationPool="DefaultAppPool"><virtualDirectory path="/" physicalPath="C:\apps\app" /></application>`+"\r\n")
	ws.Set(workspace.AppHostPath, []byte(ah))
	ws.Set(`C:\inetpub\wwwroot\web.config`, []byte(incSite))
	ws.Set(`C:\apps\app\web.config`, []byte(incApp))
	ws.Set(`C:\apps\app\sub\web.config`, []byte(incSub))
	ws.Set(`C:\apps\app\sub\mime.config`, []byte(incMime))
	return ws
}

func replaceOnce(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	panic("replaceOnce: not found: " + old)
}

const incSite = `<configuration>
  <system.webServer>
    <defaultDocument><files><add value="home.html" /></files></defaultDocument>
    <directoryBrowse enabled="true" />
  </system.webServer>
  <location path="." inheritInChildApplications="false">
    <system.webServer><httpErrors errorMode="Detailed" /></system.webServer>
  </location>
</configuration>`

const incApp = `<configuration>
  <appSettings><add key="a" value="1" /></appSettings>
  <system.webServer>
    <directoryBrowse enabled="false" showFlags="Date, Time" />
    <staticContent><remove fileExtension=".json" /><mimeMap fileExtension=".json" mimeType="application/json" /></staticContent>
  </system.webServer>
</configuration>`

const incSub = `<configuration>
  <system.webServer>
    <staticContent configSource="mime.config" />
    <defaultDocument enabled="false" />
  </system.webServer>
</configuration>`

const incMime = `<staticContent>
  <mimeMap fileExtension=".webmanifest" mimeType="application/manifest+json" />
</staticContent>`

// edits are the changes the test applies, one at a time, in random order.
var incEdits = []struct {
	path, text string
}{
	{`C:\inetpub\wwwroot\web.config`, incSite},
	{`C:\inetpub\wwwroot\web.config`, `<configuration><system.webServer><directoryBrowse enabled="false" /></system.webServer></configuration>`},
	{`C:\inetpub\wwwroot\web.config`, `<configuration><system.webServer><directoryBrowse enabled="nope" /></system.webServer></configuration>`},
	{`C:\apps\app\web.config`, incApp},
	{`C:\apps\app\web.config`, `<configuration><system.webServer><handlers /></system.webServer></configuration>`},
	{`C:\apps\app\web.config`, `<configuration><broken`},
	{`C:\apps\app\sub\web.config`, incSub},
	{`C:\apps\app\sub\web.config`, `<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>`},
	{`C:\apps\app\sub\mime.config`, incMime},
	{`C:\apps\app\sub\mime.config`, `<staticContent><mimeMap fileExtension=".json" mimeType="text/json" /></staticContent>`},
	{`C:\apps\app\sub\mime.config`, ``}, // removed
	{workspace.AppHostPath, ""},         // restored to the generated one below
}

// TestIncrementalEqualsFresh applies random edits through Update and
// checks every result against an engine built from scratch: the caches
// must never change an answer.
func TestIncrementalEqualsFresh(t *testing.T) {
	base := incrementalWorkspace()
	appHost, _ := base.Get(workspace.AppHostPath)
	ws := base.Clone()
	e := New(ws)
	paths := []string{"", "Default Web Site", "Default Web Site/app", "Default Web Site/app/sub", "Default Web Site/app/sub/page.aspx", "Default Web Site/other"}
	rng := rand.New(rand.NewSource(1))
	for step := 0; step < 60; step++ {
		ed := incEdits[rng.Intn(len(incEdits))]
		switch {
		case ed.path == workspace.AppHostPath && rng.Intn(2) == 0:
			ws.Set(ed.path, []byte(replaceOnce(string(appHost.Text), `<directoryBrowse enabled="false" />`, `<directoryBrowse enabled="true" />`)))
		case ed.path == workspace.AppHostPath:
			ws.Set(ed.path, appHost.Text)
		case ed.text == "":
			ws.Remove(ed.path)
		default:
			ws.Set(ed.path, []byte(ed.text))
		}
		e = e.Update(ws)
		fresh := New(ws)
		for _, p := range paths {
			got, _ := json.Marshal(e.Evaluate(p, EvalOptions{Inputs: true}))
			want, _ := json.Marshal(fresh.Evaluate(p, EvalOptions{Inputs: true}))
			if string(got) != string(want) {
				t.Fatalf("step %d (edit %s), path %q: incremental result differs from a fresh engine\n%s", step, ed.path, p, firstDiff(string(got), string(want)))
			}
		}
	}
}

// TestUpdateReusesUnchangedWork checks that an edit to one web.config
// re-parses only that file and recomputes only the sections it defines.
func TestUpdateReusesUnchangedWork(t *testing.T) {
	ws := incrementalWorkspace()
	e1 := New(ws)
	const deep = "Default Web Site/app/sub"
	e1.Evaluate(deep, EvalOptions{})
	ch1 := e1.chainFor(mustPath(t, e1, deep))
	anon1 := e1.sectionAt("system.webServer/security/authentication/anonymousAuthentication", ch1)
	static1 := e1.sectionAt("system.webServer/staticContent", ch1)

	ws.Set(`C:\apps\app\web.config`, []byte(replaceOnce(incApp, `value="1"`, `value="2"`)))
	e2 := e1.Update(ws)
	if e1.tops().apphost != e2.tops().apphost {
		t.Error("applicationHost.config was parsed again")
	}
	if e1.siteMapOf() != e2.siteMapOf() {
		t.Error("the site map was rebuilt")
	}
	ch2 := e2.chainFor(mustPath(t, e2, deep))
	if e2.sectionAt("system.webServer/security/authentication/anonymousAuthentication", ch2) != anon1 {
		t.Error("a section the edited file does not define was recomputed")
	}
	if e2.sectionAt("system.webServer/staticContent", ch2) == static1 {
		t.Error("a section the edited file defines was not recomputed")
	}
}

func mustPath(t *testing.T, e *Engine, p string) cpath {
	t.Helper()
	cp, err := e.normalize(p)
	if err != nil {
		t.Fatal(err.Message)
	}
	return cp
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-120)
	return fmt.Sprintf("incremental: …%s…\nfresh:       …%s…", a[lo:min(len(a), i+120)], b[lo:min(len(b), i+120)])
}

// A write that sets every file again (appcmd's, a playground reload) must
// not re-parse the files whose bytes did not change: the parse cache keys
// on the *workspace.File, which Set keeps for unchanged bytes.
func TestUnchangedSetKeepsParse(t *testing.T) {
	ws := incrementalWorkspace()
	e := New(ws)
	e.Evaluate("Default Web Site/app/sub", EvalOptions{})
	before := map[string]*parsedFile{}
	for _, f := range ws.Files() {
		before[f.Path] = e.file(f.Path)
	}
	for _, f := range ws.Files() {
		ws.Set(f.Path, append([]byte(nil), f.Text...)) // equal bytes, another slice
	}
	ws.Set(`C:\apps\app\web.config`, []byte(incEdits[4].text))
	e2 := e.Update(ws)
	for p, pf := range before {
		got := e2.file(p)
		if changed := p == `C:\apps\app\web.config`; (got == pf) == changed {
			t.Errorf("%s: parse reused = %v, want %v", p, got == pf, !changed)
		}
	}
}
