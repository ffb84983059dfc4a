package ops

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/appcmdops"
)

func appcmdCall(t *testing.T, op string, args map[string]string, v any) {
	t.Helper()
	in, _ := json.Marshal(args)
	out, err := AppCmd(op, in)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%s: %v in %.200s", op, err, out)
	}
}

// Served from tools.wasm, the ops work on the bundle the worker sends and
// answer with the changed files, which the page loads into the engine:
// here applied to the bundle's workspace by hand.
func TestAppCmdOnBundle(t *testing.T) {
	bundle := stockBundle(t)
	var r appcmdops.ExecResult
	appcmdCall(t, "appcmdExec", map[string]string{"bundle": bundle, "line": "appcmd add backup B1", "now": "2026-08-14T18:38:19"}, &r)
	if r.ExitCode != 0 || r.Output != "BACKUP object \"B1\" added\r\n" || len(r.Files) != 2 {
		t.Fatalf("add backup: %+v", r)
	}
	ws, _ := workspace.ParseBundle([]byte(bundle))
	for _, f := range r.Files {
		ws.Set(f.Path, []byte(f.Text))
	}
	next, _ := ws.Bundle()
	var list []appcmdops.BackupInfo
	appcmdCall(t, "backups", map[string]string{"bundle": string(next)}, &list)
	if len(list) != 1 || list[0].Name != "B1" || list[0].Created != "2026-08-14T18:38:19" {
		t.Fatalf("backups: %+v", list)
	}
	var ex struct{ Text, Error string }
	appcmdCall(t, "exportSite", map[string]string{"bundle": string(next), "site": "Default Web Site"}, &ex)
	if !strings.HasPrefix(ex.Text, "iisconf site export: site \"Default Web Site\"\n") {
		t.Errorf("exportSite: %+v", ex)
	}
	if _, err := AppCmd("nope", []byte(`{"bundle":""}`)); err == nil {
		t.Error("unknown op accepted")
	}
}
