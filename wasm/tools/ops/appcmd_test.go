package ops

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/wasm/appcmdops"
	"github.com/iisconf/iisconf/wasm/playground"
)

// Served from tools.wasm, appcmd works on tools' copy of the workspace:
// synced whole once, then only the files changed since. A write answers
// with the files it changed and tools' copy already has them, so the next
// op sees the write without the worker sending anything back.
func TestAppCmdOnTheSyncedCopy(t *testing.T) {
	tools := synced(t)
	var r appcmdops.ExecResult
	callOn(t, tools, "appcmdExec", appcmdops.ExecArgs{Line: "appcmd add backup B1", Now: "2026-08-14T18:38:19"}, &r)
	if r.ExitCode != 0 || r.Output != "BACKUP object \"B1\" added\r\n" || len(r.Files) != 2 {
		t.Fatalf("add backup: %+v", r)
	}
	var list []appcmdops.BackupInfo
	callOn(t, tools, "backups", struct{}{}, &list)
	if len(list) != 1 || list[0].Name != "B1" || list[0].Created != "2026-08-14T18:38:19" {
		t.Fatalf("backups: %+v", list)
	}
	// The page's own edit since the last sync arrives as a change.
	const site = `C:\inetpub\wwwroot\web.config`
	var sr SyncResult
	callOn(t, tools, "syncWorkspace", SyncArgs{Changes: []playground.ChangedFile{{Path: site, Text: "<configuration>\n  <system.webServer>\n    <directoryBrowse enabled=\"true\" />\n  </system.webServer>\n</configuration>\n"}}}, &sr)
	var ex appcmdops.ExportSiteResult
	callOn(t, tools, "exportSite", appcmdops.SiteArgs{Site: "Default Web Site"}, &ex)
	if !strings.HasPrefix(ex.Text, "iisconf site export: site \"Default Web Site\"\n") || !strings.Contains(ex.Text, `directoryBrowse enabled="true"`) {
		t.Errorf("exportSite after a synced change: %.300s", ex.Text)
	}
	// A removal arrives as a change too.
	callOn(t, tools, "syncWorkspace", SyncArgs{Changes: []playground.ChangedFile{{Path: site, Removed: true}}}, &sr)
	callOn(t, tools, "exportSite", appcmdops.SiteArgs{Site: "Default Web Site"}, &ex)
	if strings.Contains(ex.Text, "directoryBrowse") {
		t.Errorf("exportSite after a synced removal: %.300s", ex.Text)
	}
	if _, err := tools.Call("syncWorkspace", []byte(`{"changes":[{"path":"rel\\web.config","text":""}]}`)); err == nil {
		t.Error("a relative path was synced")
	}
}

// The ops that read tools' copy of the workspace say so: the worker syncs
// before them, and only them.
func TestUsesWorkspace(t *testing.T) {
	var using []string
	for _, op := range New(nil).Table().Ops() {
		for _, u := range op.Uses {
			if u == "workspace" {
				using = append(using, op.Name)
			}
		}
	}
	if got := strings.Join(using, ","); got != "poolConfig,compare,script,scriptVerify,read500,appcmdExec,backups,backupDiff,backupRestore,features,featuresChange,exportSite" {
		t.Errorf("ops using the workspace: %s", got)
	}
}
