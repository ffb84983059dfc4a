package backup

import (
	"fmt"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"strings"
	"testing"
	"time"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

var t0 = time.Date(2026, 8, 14, 18, 38, 19, 0, time.UTC)

func names(bs []Backup) string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Name)
	}
	return strings.Join(out, ",")
}

// A backup holds the three files as they were and restoring brings back
// exactly those files: later edits and files added since are undone.
func TestAddRestoreDelete(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(workspace.RedirectionPath, []byte("<configuration />\r\n"))
	ws, name, err := Add(config.New(ws), "", t0)
	if err != nil || name != "20260814T183819" {
		t.Fatalf("Add: %q %v", name, err)
	}
	if _, _, err := Add(config.New(ws), "20260814T183819", t0); err == nil || err.(*diag.Diagnostic).ID != diag.BackupExists {
		t.Fatalf("duplicate name: %v", err)
	}
	b, ok := Find(config.New(ws), name)
	if !ok || !b.Created.Equal(t0) || strings.Join(b.Files, ",") != "applicationHost.config,redirection.config" {
		t.Fatalf("Find: %+v %v", b, ok)
	}
	orig, _ := ws.Get(workspace.AppHostPath)
	changed := ws.Clone()
	changed.Set(workspace.AppHostPath, []byte("<configuration />\r\n"))
	changed.Set(workspace.AdministrationPath, []byte("<configuration />\r\n"))
	changed.Remove(workspace.RedirectionPath)
	restored, err := Restore(config.New(changed), name)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := restored.Get(workspace.AppHostPath); string(f.Text) != string(orig.Text) {
		t.Error("applicationHost.config not restored")
	}
	if _, ok := restored.Get(workspace.AdministrationPath); ok {
		t.Error("administration.config (absent from the backup) survived the restore")
	}
	if f, ok := restored.Get(workspace.RedirectionPath); !ok || string(f.Text) != "<configuration />\r\n" {
		t.Error("redirection.config not restored")
	}
	gone, err := Delete(config.New(restored), name)
	if err != nil || len(List(config.New(gone))) != 0 || len(gone.FilesIn(Dir)) != 0 {
		t.Fatalf("Delete: %v %s", err, names(List(config.New(gone))))
	}
}

func TestExportImport(t *testing.T) {
	ws, _, _ := Add(config.New(stock.Workspace()), "B1", t0)
	bundle, err := Export(config.New(ws), "b1")
	if err != nil {
		t.Fatal(err)
	}
	other, got, err := Import(config.New(stock.Workspace()), bundle)
	if err != nil || strings.Join(got, ",") != "B1" {
		t.Fatalf("Import: %v %v", got, err)
	}
	for _, f := range ws.FilesIn(Dir) {
		g, ok := other.Get(f.Path)
		if !ok || string(g.Text) != string(f.Text) {
			t.Errorf("%s not imported byte for byte", f.Path)
		}
	}
	if _, _, err := Import(config.New(ws), bundle); err == nil {
		t.Error("import over an existing backup must fail")
	}
	if _, _, err := Import(config.New(ws), []byte("-- C:\\x.config --\nx\n")); err == nil {
		t.Error("import of a file outside the backup folders must fail")
	}
}

// History honours enabled, period, maxHistories and path, and skips an
// invalid applicationHost.config.
func TestHistoryTick(t *testing.T) {
	ws := stock.Workspace()
	host, _ := ws.Get(workspace.AppHostPath)
	setHistory := func(attrs string) {
		text := strings.Replace(string(host.Text), "        <webLimits />", "        <configHistory "+attrs+" />\r\n\r\n        <webLimits />", 1)
		ws.Set(workspace.AppHostPath, []byte(text))
	}
	setHistory(`maxHistories="2" period="00:01:00" path="D:\hist"`)
	now := t0
	edit := func(i int) {
		f, _ := ws.Get(workspace.AppHostPath)
		ws.Set(workspace.AppHostPath, append(append([]byte(nil), f.Text...), []byte(fmt.Sprintf("<!-- %d -->\r\n", i))...))
	}
	var made []string
	for i := 0; i < 4; i++ {
		edit(i)
		var n string
		ws, n = Tick(config.New(ws), now)
		made = append(made, n)
		now = now.Add(time.Minute)
	}
	if strings.Join(made, ",") != "CFGHISTORY_0000000001,CFGHISTORY_0000000002,CFGHISTORY_0000000003,CFGHISTORY_0000000004" {
		t.Fatalf("made %v", made)
	}
	if got := names(List(config.New(ws))); got != "CFGHISTORY_0000000003,CFGHISTORY_0000000004" {
		t.Fatalf("kept %s (maxHistories=2)", got)
	}
	if len(ws.FilesIn(`D:\hist\CFGHISTORY_0000000004`)) != 2 {
		t.Error("snapshot not under the configured path")
	}
	// Within the period: nothing; unchanged: nothing.
	edit(9)
	if _, n := Tick(config.New(ws), now.Add(-30*time.Second)); n != "" {
		t.Errorf("snapshot within the period: %s", n)
	}
	same, n := Tick(config.New(ws), now)
	if n != "CFGHISTORY_0000000005" {
		t.Fatalf("after the period: %q", n)
	}
	if _, n := Tick(config.New(same), now.Add(time.Hour)); n != "" {
		t.Errorf("snapshot of an unchanged file: %s", n)
	}
	// Invalid configuration is not snapshotted.
	bad := same.Clone()
	bad.Set(workspace.AppHostPath, []byte("<configuration><oops></configuration>"))
	if _, n := Tick(config.New(bad), now.Add(time.Hour)); n != "" {
		t.Errorf("snapshot of invalid XML: %s", n)
	}
	// Disabled: nothing.
	setHistory(`enabled="false"`)
	if _, n := Tick(config.New(ws), now.Add(time.Hour)); n != "" {
		t.Errorf("snapshot while disabled: %s", n)
	}
	// A history snapshot restores applicationHost.config.
	r, err := Restore(config.New(same), "CFGHISTORY_0000000004")
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := same.Get(`D:\hist\CFGHISTORY_0000000004\applicationHost.config`)
	if f, _ := r.Get(workspace.AppHostPath); string(f.Text) != string(snap.Text) {
		t.Error("history restore did not bring the snapshot back")
	}
}

// Settings reads configHistory through the engine's typed values: the
// period is the schema's timeSpan (days and fractions included), enabled
// the schema's bool (any case), and a section nobody sets gives IIS's
// defaults.
func TestSettings(t *testing.T) {
	ws := stock.Workspace()
	if got := Settings(config.New(ws)); got != (HistorySettings{Enabled: true, Path: `C:\inetpub\history`, MaxHistories: 10, Period: 2 * time.Minute}) {
		t.Errorf("defaults: %+v", got)
	}
	host, _ := ws.Get(workspace.AppHostPath)
	text := strings.Replace(string(host.Text), "        <webLimits />",
		`        <configHistory enabled="False" maxHistories="3" period="1.02:03:04" path="%SystemDrive%\hist\" />`+"\r\n        <webLimits />", 1)
	ws.Set(workspace.AppHostPath, []byte(text))
	want := HistorySettings{Enabled: false, Path: `C:\hist`, MaxHistories: 3, Period: 26*time.Hour + 3*time.Minute + 4*time.Second}
	if got := Settings(config.New(ws)); got != want {
		t.Errorf("Settings = %+v, want %+v", got, want)
	}
}
