package backup_test

import (
	"github.com/iisconf/iisconf/engine/config"
	"testing"
	"time"

	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// TestBackupKeepsLocalFilesUnderSharedConfig: with shared configuration on,
// a backup still holds the LOCAL applicationHost.config and
// redirection.config, and restoring brings the local redirection.config
// back (docs/backups.md#backups).
func TestBackupKeepsLocalFilesUnderSharedConfig(t *testing.T) {
	ws := stock.Workspace()
	local, _ := ws.Get(workspace.AppHostPath)
	const redirOn = `<configuration><configSections><section name="configurationRedirection" /></configSections><configurationRedirection enabled="true" path="\\fs\cfg" /></configuration>`
	ws.Set(workspace.RedirectionPath, []byte(redirOn))
	ws.Set(`\\fs\cfg\applicationHost.config`, []byte("<configuration><!-- shared --></configuration>"))
	ws2, name, err := backup.Add(config.New(ws), "before", time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC))
	if err != nil || name != "before" {
		t.Fatalf("Add: %v %q", err, name)
	}
	dir := `C:\Windows\System32\inetsrv\backup\before\`
	if f, ok := ws2.Get(dir + "applicationHost.config"); !ok || string(f.Text) != string(local.Text) {
		t.Errorf("the backup does not hold the local applicationHost.config")
	}
	if f, ok := ws2.Get(dir + "redirection.config"); !ok || string(f.Text) != redirOn {
		t.Errorf("the backup does not hold the local redirection.config")
	}
	ws2.Set(workspace.RedirectionPath, []byte(`<configuration><configSections><section name="configurationRedirection" /></configSections><configurationRedirection enabled="false" /></configuration>`))
	ws3, err := backup.Restore(config.New(ws2), "before")
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := ws3.Get(workspace.RedirectionPath); string(f.Text) != redirOn {
		t.Errorf("restore did not bring back the local redirection.config: %s", f.Text)
	}
}
