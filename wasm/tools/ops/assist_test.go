package ops

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/complete"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/engineops"
	"github.com/iisconf/iisconf/wasm/playground"
)

// engineOps answers the engine wasm's ops the Assistant asks with the
// engine wasm's own table (wasm/engineops), loaded with ws.
func engineOps(t *testing.T, ws *workspace.Workspace) EngineCall {
	t.Helper()
	a := engineops.New()
	in := engineops.LoadArgs{}
	for _, f := range ws.Files() {
		in.Files = append(in.Files, playground.FileState{Path: f.Path, Text: string(f.Text)})
	}
	args, _ := json.Marshal(in)
	if _, err := a.Call("load", string(args)); err != nil {
		t.Fatal(err)
	}
	return a.Call
}

// TestAssist: complete and hover through the JSON boundaries (the page's
// UTF-16 offsets, the engine's ops), with a user schema file given.
func TestAssist(t *testing.T) {
	const webConfig = `C:\inetpub\wwwroot\web.config`
	schemaFile := playground.FileState{Path: `C:\Windows\System32\inetsrv\config\schema\contoso_schema.xml`, Text: `<configSchema>
    <sectionSchema name="system.webServer/contoso">
        <attribute name="mode" type="enum" defaultValue="Off"><enum name="Off" value="0" /><enum name="On" value="1" /></attribute>
    </sectionSchema>
</configSchema>`}
	// The comment holds an astral character (two UTF-16 units, four bytes)
	// and an é (one unit, two bytes).
	text := "<configuration><!-- café 😀 --><configSections><sectionGroup name=\"system.webServer\"><section name=\"contoso\" /></sectionGroup></configSections>" +
		"<system.webServer><contoso mode=\"\" /></system.webServer></configuration>"
	ws := stock.Workspace()
	ws.Set(webConfig, []byte(text))
	ws.Set(schemaFile.Path, []byte(schemaFile.Text))
	a := New(engineOps(t, ws))
	byteAt := strings.Index(text, `mode="`) + len(`mode="`)
	jsAt := len([]rune(text[:byteAt])) + 1
	args, _ := json.Marshal(AssistArgs{File: webConfig, Text: text, Offset: jsAt, Path: "Default Web Site", Schema: []playground.FileState{schemaFile}})
	out, err := a.Call("complete", args)
	if err != nil {
		t.Fatal(err)
	}
	var c complete.Completion
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Context != complete.InValue || c.From != jsAt || c.To != jsAt || len(c.Options) != 2 || c.Options[0].Label != "Off" {
		t.Fatalf("complete: %s (cursor %d)", out, jsAt)
	}
	nameAt := len([]rune(text[:strings.Index(text, "<contoso")])) + 1 + 3
	args, _ = json.Marshal(AssistArgs{File: webConfig, Text: text, Offset: nameAt, Path: "Default Web Site", Schema: []playground.FileState{schemaFile}})
	out, err = a.Call("hover", args)
	if err != nil {
		t.Fatal(err)
	}
	var info complete.Info
	if err := json.Unmarshal([]byte(out), &info); err != nil {
		t.Fatal(err)
	}
	if info.Section != "system.webServer/contoso" || info.From != nameAt-2 || info.To != nameAt-2+len("contoso") || info.Lock == nil || info.Lock.Text != "Declared in this file: it may be defined here." {
		t.Fatalf("hover: %s", out)
	}
	// Without the schema file the section has none.
	args, _ = json.Marshal(AssistArgs{File: webConfig, Text: text, Offset: nameAt, Path: "Default Web Site"})
	out, _ = a.Call("hover", args)
	if !strings.Contains(out, "none: its content is not checked") {
		t.Errorf("hover without the schema file: %s", out)
	}
	// Nothing to say: null. An engine that fails: the op fails.
	args, _ = json.Marshal(AssistArgs{File: webConfig, Text: text, Offset: 0})
	if out, err := a.Call("hover", args); err != nil || out != "null" {
		t.Errorf("hover at 0: %q %v", out, err)
	}
	// The engine's answers are kept while the workspace version stays.
	calls := 0
	inner := engineOps(t, ws)
	counting := New(func(op, args string) (string, error) { calls++; return inner(op, args) })
	ask := func(version int64) int {
		calls = 0
		args, _ := json.Marshal(AssistArgs{File: webConfig, Text: text, Offset: jsAt, Path: "Default Web Site", Version: version})
		if _, err := counting.Call("complete", args); err != nil {
			t.Fatal(err)
		}
		return calls
	}
	if first, again, next := ask(7), ask(7), ask(8); first == 0 || again != 0 || next != first {
		t.Errorf("engine calls: %d, then %d for the same version, %d for the next", first, again, next)
	}
	broken := New(func(op, args string) (string, error) { return "", fmt.Errorf("Go program has already exited") })
	if _, err := broken.Call("complete", args); err == nil || !strings.Contains(err.Error(), "already exited") {
		t.Errorf("a failing engine: %v", err)
	}
}

// After an edit the Assistant asks the engine for the sections it holds by
// stamp: the engine answers the unchanged ones as stubs (a far smaller
// answer to decode after each keystroke), and the completion is the one a
// fresh Assistant gives.
func TestAssistKeepsSectionsAcrossEdits(t *testing.T) {
	const webConfig = `C:\inetpub\wwwroot\web.config`
	ws := stock.Workspace()
	text := `<configuration><system.webServer><directoryBrowse enabled="" /></system.webServer></configuration>`
	ws.Set(webConfig, []byte(text))
	inner := engineOps(t, ws)
	var evalBytes []int
	a := New(func(op, args string) (string, error) {
		out, err := inner(op, args)
		if op == "evaluate" {
			evalBytes = append(evalBytes, len(out))
		}
		return out, err
	})
	at := len(`<configuration><system.webServer><directoryBrowse enabled="`)
	ask := func(a *Tools, text string, version int64) string {
		args, _ := json.Marshal(AssistArgs{File: webConfig, Text: text, Offset: at, Path: "Default Web Site", Version: version})
		out, err := a.Call("complete", args)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	ask(a, text, 1)
	first := evalBytes[len(evalBytes)-1]
	// A keystroke elsewhere in the file: the engine gets it, then the page asks again.
	text = strings.Replace(text, `<system.webServer>`, `<system.webServer><defaultDocument enabled="false" />`, 1)
	at += len(`<defaultDocument enabled="false" />`)
	edit, _ := json.Marshal(engineops.EditArgs{Edits: []playground.Edit{{Path: webConfig, Text: text}}})
	if _, err := inner("edit", string(edit)); err != nil {
		t.Fatal(err)
	}
	got := ask(a, text, 2)
	if second := evalBytes[len(evalBytes)-1]; second*3 > first {
		t.Errorf("the engine's answer after the edit is %d bytes, the first %d: the held sections were sent again", second, first)
	}
	fresh := New(inner)
	if want := ask(fresh, text, 2); got != want {
		t.Errorf("completion with held sections:\n%s\nfresh:\n%s", got, want)
	}
}

// TestAssistLikeNative: complete and hover through the engine's ops answer
// as the same questions asked of a *config.Engine do, at every offset of a
// site's web.config with sections, location tags, lock lists and
// collections, and of an application's (whose level is found through the
// site map).
func TestAssistLikeNative(t *testing.T) {
	const site = `C:\inetpub\wwwroot\web.config`
	const app = `C:\apps\app\web.config`
	siteText := `<configuration>
  <location path="app" overrideMode="Deny"><system.webServer><defaultDocument enabled="true" /></system.webServer></location>
  <system.webServer>
    <httpErrors defaultPath="x" errorMode="Custom" lockAttributes="errorMode"><error statusCode="404" path="a.htm" /></httpErrors>
    <asp /><directoryBrowse enabled="true" />
    <security><requestFiltering lockElements="fileExtensions"><fileExtensions><add fileExtension=".x" allowed="false" /></fileExtensions></requestFiltering></security>
  </system.webServer>
</configuration>`
	appText := `<configuration><system.webServer><httpErrors errorMode="Detailed"><remove statusCode="404" /></httpErrors><defaultDocument enabled="false" /><security><requestFiltering><fileExtensions><clear /></fileExtensions></requestFiltering></security></system.webServer></configuration>`
	ws := stock.Workspace()
	ws.Set(site, []byte(siteText))
	ws.Set(app, []byte(appText))
	// The application /app of the stock site, in a folder of its own.
	apphost := strings.Replace(string(stock.AppHostConfig()), `<application path="/">`,
		`<application path="/app"><virtualDirectory path="/" physicalPath="C:\apps\app" /></application><application path="/">`, 1)
	if apphost == string(stock.AppHostConfig()) {
		t.Fatal("the stock site's root application was not found")
	}
	ws.Set(workspace.AppHostPath, []byte(apphost))
	native := config.New(ws)
	var dump strings.Builder // every answer, for IISCONF_ASSIST_DUMP
	granular := 0
	a := New(engineOps(t, ws))
	for _, c := range []struct{ file, text, path string }{{site, siteText, "Default Web Site"}, {app, appText, "Default Web Site"}, {app, appText, "Default Web Site/app"}} {
		for off := 0; off <= len(c.text); off++ {
			req := complete.Request{File: c.file, Text: []byte(c.text), Offset: off, Path: c.path}
			args, _ := json.Marshal(AssistArgs{File: c.file, Text: c.text, Offset: off, Path: c.path})
			for _, op := range []string{"complete", "hover"} {
				got, err := a.Call(op, args)
				if err != nil {
					t.Fatal(err)
				}
				var want []byte
				if op == "complete" {
					want, _ = json.Marshal(complete.Complete(native, native.Schema(), req))
				} else {
					want, _ = json.Marshal(complete.Hover(native, native.Schema(), req))
				}
				dump.WriteString(op + " " + got + "\n")
				if strings.Contains(got, "locked for this file by a lock list above") {
					granular++
				}
				if got != string(want) {
					t.Fatalf("%s %s at %d (%q):\n ops    %s\n native %s", op, c.file, off, c.text[max(0, off-10):off], got, want)
				}
			}
		}
	}
	if granular == 0 {
		t.Error("no hover met a granular lock")
	}
	if f := os.Getenv("IISCONF_ASSIST_DUMP"); f != "" {
		os.WriteFile(f, []byte(dump.String()), 0o644)
	}
}
