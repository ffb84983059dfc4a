package config

import (
	"math/rand"
	"sync"
	"testing"

	"github.com/iisconf/iisconf/engine/workspace"
)

// What a keystroke does: an edit, Update, and an evaluation of the path the
// page shows. The engine made by Update takes the section results of its
// predecessor's last evaluation that the edit cannot have changed (prior,
// sectionResults); every answer must still be byte for byte a fresh
// engine's, whatever was edited (a file on the chain at any level, one
// off it, a configSource file, declarations, a provider, the sites, the
// environment, the schema), however the path is spelled and in whatever
// order the questions come: an answer never depends on history.
func TestEditedEngineAnswersAsAFreshOne(t *testing.T) {
	base := incrementalWorkspace()
	appHost, _ := base.Get(workspace.AppHostPath)
	ah := string(appHost.Text)
	edits := []func(ws *workspace.Workspace){}
	set := func(path, text string) {
		edits = append(edits, func(ws *workspace.Workspace) { ws.Set(path, []byte(text)) })
	}
	for _, ed := range incEdits {
		if ed.text != "" {
			set(ed.path, ed.text)
		}
	}
	for i := 0; i < 4; i++ { // keystrokes in the deepest file
		set(`C:\apps\app\sub\web.config`, replaceOnce(incSub, `enabled="false"`, `enabled="false" `+string(rune('a'+i))+`="1"`))
	}
	set(`C:\apps\app\sub\web.config`, `<configuration>
  <configSections><section name="mine" overrideModeDefault="Deny" /></configSections>
  <mine />
  <system.webServer><directoryBrowse enabled="true" /></system.webServer>
</configuration>`)
	set(`C:\apps\app\web.config`, `<configuration>
  <configSections><sectionGroup name="system.webServer"><section name="extra" /></sectionGroup></configSections>
  <appSettings><add key="b" value="2" /></appSettings>
</configuration>`)
	set(`C:\apps\app\web.config`, `<configuration>
  <configProtectedData><providers><add name="Mine" type="X" /></providers></configProtectedData>
  <connectionStrings configProtectionProvider="Mine"><EncryptedData /></connectionStrings>
</configuration>`)
	set(`C:\apps\app\sub\web.config`, `<configuration>
  <connectionStrings configProtectionProvider="Mine"><EncryptedData /></connectionStrings>
</configuration>`)
	set(`C:\inetpub\wwwroot\web.config`, `<configuration>
  <location path="app/sub" inheritInChildApplications="false">
    <system.webServer><directoryBrowse enabled="true" /><defaultDocument enabled="false" /></system.webServer>
  </location>
  <location path="APP" overrideMode="Deny"><system.webServer><staticContent /></system.webServer></location>
</configuration>`)
	set(`C:\apps\web.config`, `<configuration><appSettings><add key="off" value="chain" /></appSettings></configuration>`)
	set(`C:\apps\app\sub\deeper\web.config`, `<configuration><appSettings><add key="deeper" value="1" /></appSettings></configuration>`)
	set(workspace.AppHostPath, replaceOnce(ah, `<directoryBrowse enabled="false" />`, `<directoryBrowse enabled="true" />`))
	set(workspace.AppHostPath, replaceOnce(ah, "</application>\r\n", "</application>\r\n"+
		`<application path="/app/sub" applicationPool="DefaultAppPool"><virtualDirectory path="/" physicalPath="C:\apps\app\sub" /></application>`+"\r\n"))
	set(workspace.AppHostPath, ah)
	set(workspace.SchemaDir+`\mine_schema.xml`, `<configSchema><sectionSchema name="mine"><attribute name="x" type="string" defaultValue="%SystemDrive%" expanded="true" /></sectionSchema></configSchema>`)
	edits = append(edits,
		func(ws *workspace.Workspace) { ws.Remove(`C:\apps\app\sub\mime.config`) },
		func(ws *workspace.Workspace) { ws.Remove(`C:\apps\app\sub\web.config`) },
		func(ws *workspace.Workspace) { ws.Remove(workspace.SchemaDir + `\mine_schema.xml`) },
		func(ws *workspace.Workspace) { ws.SetEnv("SystemDrive", "D:") },
		func(ws *workspace.Workspace) { ws.SetEnv("SystemDrive", "C:") },
		func(ws *workspace.Workspace) {
			if _, ok := ws.Get(`C:\apps\app\web.config`); ok {
				ws.SetUnreadable(`C:\apps\app\web.config`, true)
			}
		},
		func(ws *workspace.Workspace) {
			if _, ok := ws.Get(`C:\apps\app\web.config`); ok {
				ws.SetUnreadable(`C:\apps\app\web.config`, false)
			}
		},
	)
	paths := []string{
		"Default Web Site/app/sub", "default web site/APP/Sub", "Default Web Site/app/sub/deeper/page.aspx", "",
		"Default Web Site/app", "Default Web Site", "MACHINE/WEBROOT", "Default Web Site/nowhere",
	}
	opts := []EvalOptions{{}, {Inputs: true}, {NoDefaults: true, Elements: []string{"system.webServer/directoryBrowse"}},
		{Summary: true}, {Sections: []string{"directoryBrowse", "appSettings", "mine"}}}
	answer := func(e *Engine, p string, o EvalOptions) string {
		return string(e.Evaluate(p, o).AppendJSON(nil))
	}
	// Each edit once from the base, at each path: a keystroke after a
	// first evaluation.
	for i, edit := range edits {
		for _, p := range paths[:4] {
			ws := base.Clone()
			e := New(ws)
			e.Evaluate(p, EvalOptions{})
			edit(ws)
			e = e.Update(ws)
			if got, want := answer(e, p, EvalOptions{}), answer(New(ws), p, EvalOptions{}); got != want {
				t.Fatalf("edit %d, %q: the updated engine's answer differs from a fresh engine's\n%s", i, p, firstDiff(got, want))
			}
		}
	}
	// Random edits, paths and options in a row.
	for seed := int64(1); seed <= 3; seed++ {
		rng := rand.New(rand.NewSource(seed))
		ws := base.Clone()
		e := New(ws)
		p := paths[0]
		for step := 0; step < 60; step++ {
			edit := rng.Intn(len(edits))
			edits[edit](ws)
			e = e.Update(ws)
			if rng.Intn(5) == 0 { // two changes before one evaluation
				edits[rng.Intn(len(edits))](ws)
				e = e.Update(ws)
			}
			if rng.Intn(4) == 0 { // mostly the same path, as one types
				p = paths[rng.Intn(len(paths))]
			}
			o := opts[rng.Intn(len(opts))]
			fresh := New(ws)
			for again := 0; again < 1+rng.Intn(2); again++ {
				if got, want := answer(e, p, o), answer(fresh, p, o); got != want {
					t.Fatalf("seed %d step %d (edit %d), %q %+v, evaluation %d: the updated engine's answer differs from a fresh engine's\n%s",
						seed, step, edit, p, o, again+1, firstDiff(got, want))
				}
			}
		}
	}
}

// Goroutines asking an updated engine at once share its prior (run with
// -race).
func TestEditedEngineConcurrent(t *testing.T) {
	ws := incrementalWorkspace()
	const deep = "Default Web Site/app/sub"
	e := New(ws)
	e.Evaluate(deep, EvalOptions{})
	ws.Set(`C:\apps\app\sub\web.config`, []byte(replaceOnce(incSub, `enabled="false"`, `enabled="true"`)))
	e = e.Update(ws)
	want := string(New(ws).Evaluate(deep, EvalOptions{}).AppendJSON(nil))
	var wg sync.WaitGroup
	errs := make(chan string, 6)
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if got := string(e.Evaluate(deep, EvalOptions{}).AppendJSON(nil)); got != want {
					errs <- firstDiff(got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Fatal(msg)
	}
}

// A keystroke in the deepest file of the path re-merges only the sections
// that file defines: every other section's result is the one the engine
// before the edit answered with, taken without looking it up.
func TestEditReusesPriorResults(t *testing.T) {
	ws := incrementalWorkspace()
	const deep = "Default Web Site/app/sub"
	e1 := New(ws)
	e1.Evaluate(deep, EvalOptions{})
	ws.Set(`C:\apps\app\sub\web.config`, []byte(replaceOnce(incSub, `enabled="false"`, `enabled="true"`)))
	e2 := e1.Update(ws)
	e2.Evaluate(deep, EvalOptions{})
	before, after := e1.spare, e2.spare
	if before == nil || after == nil || len(before.results) == 0 || len(before.results) != len(after.results) {
		t.Fatal("no chain results kept")
	}
	changed := map[string]bool{"system.webServer/defaultDocument": true, "system.webServer/staticContent": true}
	for i, n := range after.resultNames {
		if same := before.results[i] == after.results[i]; same == changed[n] {
			t.Errorf("%s: result re-used = %v, want %v", n, same, !changed[n])
		}
	}
}
