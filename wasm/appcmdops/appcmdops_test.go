package appcmdops

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/optable"
)

// run calls op through a table over *ws with JSON arguments, as
// tools.wasm does, and decodes the answer; a write's workspace becomes *ws.
func run(t *testing.T, ws **workspace.Workspace, op string, args map[string]string, v any) {
	t.Helper()
	runJSON(t, ws, op, args, v)
}

func runJSON(t *testing.T, ws **workspace.Workspace, op string, args any, v any) {
	t.Helper()
	s := &Store{WS: *ws}
	tab := optable.New("test")
	Register(tab, s)
	in, _ := json.Marshal(args)
	out, err := tab.Call(op, in)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	*ws = s.WS
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%s: %v in %.200s", op, err, out)
	}
}

func status(ws *workspace.Workspace) int {
	r := config.New(ws).Evaluate("Default Web Site", config.EvalOptions{})
	if r.Response == nil {
		return 0
	}
	return r.Response.Status*100 + r.Response.SubStatus
}

// The backup story: a write, a backup, a breaking lock (500.19), the
// backup's diff, a restore that clears it.
func TestBackupRestore(t *testing.T) {
	ws := stock.Workspace()
	var r ExecResult
	run(t, &ws, "appcmdExec", map[string]string{"line": `appcmd set config "Default Web Site" /section:directoryBrowse /enabled:true`, "now": "2026-08-14T18:38:19"}, &r)
	if r.ExitCode != 0 || len(r.Files) != 1 || r.Files[0].Path != `C:\inetpub\wwwroot\web.config` {
		t.Fatalf("set config: %+v", r)
	}
	run(t, &ws, "appcmdExec", map[string]string{"line": "add backup B1", "now": "2026-08-14T18:39:19"}, &r)
	if r.Output != "BACKUP object \"B1\" added\r\n" || strings.Join(r.Changed, ",") != workspace.Join(backup.Dir, "B1", "applicationHost.config")+","+workspace.Join(backup.Dir, "B1", backup.CreatedFile) {
		t.Fatalf("add backup: %+v", r)
	}
	run(t, &ws, "appcmdExec", map[string]string{"line": "lock config /section:directoryBrowse", "now": "2026-08-14T18:45:19"}, &r)
	if r.ExitCode != 0 || r.History != "CFGHISTORY_0000000001" || status(ws) != 50019 {
		t.Fatalf("lock: %+v, status %d", r, status(ws))
	}
	var list []BackupInfo
	run(t, &ws, "backups", nil, &list)
	if len(list) != 2 || list[0].Name != "B1" || list[0].History || list[1].Created != "2026-08-14T18:45:19" || !list[1].History {
		t.Fatalf("backups: %+v", list)
	}
	var diff struct {
		Files []backup.FileDiff `json:"files"`
		Error string            `json:"error"`
	}
	run(t, &ws, "backupDiff", map[string]string{"name": "b1"}, &diff)
	if len(diff.Files) != 1 || !strings.Contains(diff.Files[0].Diff, "\n-") {
		t.Fatalf("backupDiff: %+v", diff)
	}
	run(t, &ws, "backupRestore", map[string]string{"name": "B1", "now": "2026-08-14T18:50:19"}, &r)
	if r.Output != "Restored configuration from backup \"B1\"\r\n" || status(ws) != 20000 {
		t.Fatalf("restore: %q, status %d", r.Output, status(ws))
	}
	before := ws
	run(t, &ws, "appcmdExec", map[string]string{"line": "add backup B1", "now": "2026-08-14T18:51:19"}, &r)
	if r.ExitCode != 183 || len(r.Files) != 0 || ws != before {
		t.Errorf("duplicate backup: %+v", r)
	}
	if _, err := ParseNow("yesterday"); err == nil {
		t.Error("bad clock accepted")
	}
}

// A command pasted from the server (appcmd.exe's path first) runs; a verb
// iisconf does not emulate is its own refusal, not appcmd's text.
func TestExecPastedAndRefused(t *testing.T) {
	ws := stock.Workspace()
	var r ExecResult
	run(t, &ws, "appcmdExec", map[string]string{"line": `%windir%\system32\inetsrv\appcmd.exe list site`, "now": "2026-08-14T18:38:19"}, &r)
	if r.ExitCode != 0 || !strings.HasPrefix(r.Output, `SITE "Default Web Site" (id:1,`) || len(r.Changed) != 0 {
		t.Errorf("list site: %+v", r)
	}
	run(t, &ws, "appcmdExec", map[string]string{"line": "appcmd search config", "now": "2026-08-14T18:38:19"}, &r)
	if !r.Emulator || r.ExitCode == 0 {
		t.Errorf("search config: %+v", r)
	}
}

// The Server features dialog's ops: a list with states, an install that
// reports its steps and changed files, and an uninstall that brings the
// files back; an unknown id is a refusal, not a failed op.
func TestFeaturesOps(t *testing.T) {
	ws := stock.Workspace()
	var list []FeatureInfo
	run(t, &ws, "features", nil, &list)
	state := func(list []FeatureInfo, id string) string {
		for _, f := range list {
			if f.ID == id {
				return f.State
			}
		}
		return ""
	}
	if state(list, "rewrite") != "absent" || state(list, "appinit") != "installed" {
		t.Fatalf("stock states: %+v", list)
	}
	stockApp, _ := ws.Get(workspace.AppHostPath)
	var r FeaturesResult
	runJSON(t, &ws, "featuresChange", map[string][]string{"install": {"arr"}}, &r)
	if r.Error != "" || state(r.Features, "arr") != "installed" || state(r.Features, "rewrite") != "installed" {
		t.Fatalf("after installing arr: %+v", r)
	}
	if len(r.Changed) != 3 { // applicationHost.config and two schema files
		t.Errorf("changed %v", r.Changed)
	}
	runJSON(t, &ws, "featuresChange", map[string][]string{"uninstall": {"rewrite"}}, &r)
	if state(r.Features, "arr") != "absent" || state(r.Features, "rewrite") != "absent" {
		t.Errorf("uninstalling rewrite takes arr with it: %+v", r.Steps)
	}
	if app, _ := ws.Get(workspace.AppHostPath); string(app.Text) != string(stockApp.Text) {
		t.Error("uninstall did not give back the stock applicationHost.config")
	}
	before := ws
	runJSON(t, &ws, "featuresChange", map[string][]string{"install": {"nope"}}, &r)
	if ws != before || !strings.Contains(r.Error, `unknown feature "nope"`) {
		t.Errorf("unknown feature: %+v", r)
	}
}

// One Store serves every op with one engine, brought up to date before
// each: a command reads the write before it and an edit made to the
// store's workspace in place (as syncWorkspace makes them), and appcmd's
// /clr: applies to its own command only.
func TestStoreEngineFollowsTheWorkspace(t *testing.T) {
	s := &Store{WS: stock.Workspace()}
	tab := optable.New("test")
	Register(tab, s)
	exec := func(line string) string {
		t.Helper()
		in, _ := json.Marshal(ExecArgs{Line: line, Now: "2026-08-14T18:38:19"})
		out, err := tab.Call("appcmdExec", in)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		var r ExecResult
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.ExitCode != 0 {
			t.Fatalf("%s: %s", line, out)
		}
		return r.Output
	}
	const list = `list config "Default Web Site" /section:directoryBrowse`
	exec(`set config "Default Web Site" /section:directoryBrowse /enabled:true`)
	if got := exec(list); !strings.Contains(got, `enabled="true"`) {
		t.Errorf("after the write: %s", got)
	}
	s.WS.Set(`C:\inetpub\wwwroot\web.config`, []byte("<configuration>\n  <system.webServer>\n    <directoryBrowse enabled=\"false\" showFlags=\"Date\" />\n  </system.webServer>\n</configuration>\n"))
	if got := exec(list); !strings.Contains(got, `showFlags="Date"`) || strings.Contains(got, `enabled="true"`) {
		t.Errorf("after an edit in place: %s", got)
	}
	exec(`list config /section:appSettings /clr:2`)
	m, d := s.Engine().Mapping("Default Web Site")
	if d != nil || m.Framework.Version != "v4.0.30319" {
		t.Errorf("after a /clr:2 command the store reads %+v, %v", m, d)
	}
}
