package ops

import (
	"encoding/json"
	"github.com/iisconf/iisconf/engine/diag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

func call(t *testing.T, op string, args any, v any) {
	t.Helper()
	callOn(t, New(nil), op, args, v)
}

// callOn runs op on tools' table with JSON arguments, as tools.wasm does.
func callOn(t *testing.T, tools *Tools, op string, args any, v any) {
	t.Helper()
	in, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	out, err := tools.Call(op, in)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%s: %v in %.200s", op, err, out)
	}
}

func stockBundle(t *testing.T) string {
	t.Helper()
	b, err := stock.Workspace().Bundle()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// synced is tools with the stock server synced, as the worker does before
// the first op that reads the workspace.
func synced(t *testing.T) *Tools {
	t.Helper()
	tools := New(nil)
	b := stockBundle(t)
	var r SyncResult
	callOn(t, tools, "syncWorkspace", SyncArgs{Bundle: &b}, &r)
	if r.Files != 1 {
		t.Fatalf("sync: %+v", r)
	}
	return tools
}

func TestPoolConfig(t *testing.T) {
	tools := synced(t)
	var r PoolResult
	callOn(t, tools, "poolConfig", PoolArgs{Pool: "defaultapppool"}, &r)
	if r.Error != "" || r.Result == nil {
		t.Fatalf("poolConfig: %+v", r)
	}
	if r.Pool != "DefaultAppPool" || !strings.HasSuffix(r.SourcePath, `applicationHost.config`) || !strings.Contains(r.Path, "DefaultAppPool") {
		t.Errorf("pool %q source %q path %q", r.Pool, r.SourcePath, r.Path)
	}
	if len(r.Rules) == 0 || !strings.Contains(r.Text, "<configuration>") || len(r.Pools) == 0 || len(r.Removed) == 0 {
		t.Errorf("rules %d, pools %v, removed %v, text %.100q", len(r.Rules), r.Pools, r.Removed, r.Text)
	}
	uncertain := false
	for _, rule := range r.Rules {
		if rule.Evidence == "" {
			t.Errorf("rule %s has no evidence label", rule.ID)
		}
		uncertain = uncertain || rule.Uncertain
	}
	if !uncertain {
		t.Error("no rule is marked uncertain (docs/poolview.md#filtering-rules: the filtering is UNCERTAIN(pool-filter-rules))")
	}
	var bad PoolResult
	callOn(t, tools, "poolConfig", PoolArgs{Pool: "NoSuchPool"}, &bad)
	if bad.Error == "" || bad.Result != nil || len(bad.KnownPools) == 0 {
		t.Errorf("unknown pool: %+v", bad)
	}
	b := "-- relative\\web.config --\n<x/>\n"
	if _, err := tools.Call("syncWorkspace", []byte(`{"bundle":`+strconvQuote(b)+`}`)); err == nil || !strings.Contains(err.Error(), "could not be read") {
		t.Errorf("bad bundle: %v", err)
	}
}

// A malformed applicationHost.config is the answer's Problem, with its
// place, so that the pool view links the message to the line.
func TestPoolConfigMalformedFile(t *testing.T) {
	ws := stock.Workspace()
	text, _ := ws.Get(workspace.AppHostPath)
	ws.Set(workspace.AppHostPath, []byte(strings.Replace(string(text.Text), "<sites>", "<sites", 1)))
	r := PoolConfig(config.New(ws), "DefaultAppPool")
	if r.Error == "" || r.Problem == nil {
		t.Fatalf("want an error with its problem: %+v", r)
	}
	if r.Problem.ID != diag.XML || !strings.EqualFold(r.Problem.File, workspace.AppHostPath) || r.Problem.Line == 0 {
		t.Errorf("problem %+v", *r.Problem)
	}
	if unknown := PoolConfig(config.New(stock.Workspace()), "NoSuchPool"); unknown.Problem != nil {
		t.Errorf("an unknown pool is no file problem: %+v", unknown.Problem)
	}
}

func strconvQuote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

func TestMetabase(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "samples", "metabase")
	mb, err := os.ReadFile(filepath.Join(dir, "MetaBase.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sch, err := os.ReadFile(filepath.Join(dir, "MBSchema.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(filepath.Join(dir, "History"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	names = append(names, "notes.txt")
	var r MetabaseResult
	call(t, "metabase", MetabaseArgs{Metabase: string(mb), Schema: string(sch), Key: "/LM/W3SVC/1/ROOT/orders", HistoryNames: names}, &r)
	if r.File != "MetaBase.xml" || r.Schema != "MBSchema.xml" || len(r.Tree) == 0 {
		t.Errorf("file %q schema %q tree %d", r.File, r.Schema, len(r.Tree))
	}
	for _, d := range r.Diagnostics {
		if d.Severity == "error" {
			t.Errorf("sample metabase: %s", diag.Line(d))
		}
	}
	if r.Key == nil || !r.Key.Exists || r.Key.Mapping == nil || !strings.HasPrefix(r.Key.Mapping.ConfigPath, "MACHINE/WEBROOT/APPHOST/") {
		t.Fatalf("key: %+v", r.Key)
	}
	inherited := false
	for _, p := range r.Key.Properties {
		inherited = inherited || (p.Inherited && p.From != "")
	}
	if !inherited {
		t.Error("no inherited property with its origin on /LM/W3SVC/1/ROOT/orders")
	}
	if len(r.Key.Equivalents) == 0 {
		t.Error("no IIS 7 equivalents")
	}
	if r.History == nil || len(r.History.Entries) != 4 || len(r.History.Diagnostics) == 0 {
		t.Errorf("history: %+v", r.History)
	}
	// Malformed XML is an answer with a diagnostic, not a failed op.
	call(t, "metabase", MetabaseArgs{Metabase: "<configuration><MBProperty>"}, &r)
	if len(r.Diagnostics) == 0 || r.Diagnostics[0].ID != "MB_XML" || r.Tree == nil {
		t.Errorf("malformed: %+v", r)
	}
	if _, err := New(nil).Call("nope", []byte("{}")); err == nil {
		t.Error("unknown op accepted")
	}
	if _, err := New(nil).Call("metabase", []byte("{")); err == nil || !strings.Contains(err.Error(), "bad arguments") {
		t.Errorf("bad JSON: %v", err)
	}
}

func TestStandIns(t *testing.T) {
	for _, tc := range []struct {
		path, has, lacks string
	}{
		{workspace.MachineConfigPath, `Version=4.0.0.0`, ""},
		{workspace.RootWebConfigPath, "<configuration", ""},
		{`c:\windows\microsoft.net\framework\v4.0.30319\config\machine.config`, `Version=4.0.0.0`, ""},
		{`C:\Windows\Microsoft.NET\Framework64\v2.0.50727\CONFIG\machine.config`, `Version=2.0.0.0`, `Version=4.0.0.0`},
	} {
		var r StandInsResult
		call(t, "standIns", StandInsArgs{Path: tc.path}, &r)
		if len(r.Files) != 1 || !strings.Contains(r.Files[0].Text, tc.has) || (tc.lacks != "" && strings.Contains(r.Files[0].Text, tc.lacks)) {
			t.Errorf("standIns %s: %d files", tc.path, len(r.Files))
		}
	}
	var r StandInsResult
	call(t, "standIns", StandInsArgs{Path: workspace.AppHostPath}, &r)
	if len(r.Files) != 0 {
		t.Errorf("standIns of applicationHost.config: %d files, want none", len(r.Files))
	}
}

// parseBundle (the Import dialog's) reads what the engine's bundle op
// writes: the files sorted by path, the environment as the variables that
// differ from the default; a malformed bundle is an answer with its place.
func TestParseBundle(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(`C:\inetpub\wwwroot\web.config`, []byte("<configuration />\r\n"))
	ws.Set(`C:\inetpub\wwwroot\secret\web.config`, nil)
	ws.SetUnreadable(`C:\inetpub\wwwroot\secret\web.config`, true)
	ws.SetEnv("SITES", `D:\sites`)
	b, err := ws.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var r ParseBundleResult
	call(t, "parseBundle", TextArgs{Text: string(b)}, &r)
	var paths, want []string
	for _, f := range ws.Files() {
		want = append(want, f.Path)
	}
	for _, f := range r.Files {
		paths = append(paths, f.Path)
		if got, _ := ws.Get(f.Path); string(got.Text) != f.Text || got.Unreadable != f.Unreadable {
			t.Errorf("%s: text or unreadable differs from the bundled file", f.Path)
		}
	}
	if len(paths) != 3 || strings.Join(paths, "|") != strings.Join(want, "|") {
		t.Errorf("files %q, want %q", paths, want)
	}
	if r.Env["SITES"] != `D:\sites` || len(r.Env) != 1 || r.Error != "" {
		t.Errorf("answer %+v", r)
	}
	var bad map[string]any
	call(t, "parseBundle", TextArgs{Text: "-- relative\\web.config --\n<x/>\n"}, &bad)
	if bad["error"] == nil || bad["line"] != float64(1) || bad["files"] != nil {
		t.Errorf("bad bundle answer %v", bad)
	}
}
