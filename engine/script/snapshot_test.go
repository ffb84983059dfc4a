package script_test

import (
	"strings"
	"testing"
	"time"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/script"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// An AppCmd session leaves configuration history snapshots (the server
// makes one after a change) and may make a backup: neither is a
// configuration change. History is left out without a word; a backup
// gets one note naming the command that makes it.
func TestSnapshotsAreNotScripted(t *testing.T) {
	from := stock.Workspace()
	to := from
	now := time.Date(2026, 8, 14, 18, 38, 19, 0, time.UTC)
	for i, line := range []string{
		`unlock config "Default Web Site" -section:system.webServer/security/access`,
		`add backup BeforeTheFix`,
		`set config "Default Web Site" -section:directoryBrowse /enabled:true`,
	} {
		o := appcmd.Exec(to, appcmd.CommandLine(line), appcmd.Options{Now: now.Add(time.Duration(i) * 5 * time.Minute)})
		if o.Err != nil {
			t.Fatalf("%s: %v", line, o.Err)
		}
		to = o.Workspace
	}
	history := false
	for _, f := range to.Files() {
		if strings.Contains(f.Path, `\CFGHISTORY_`) {
			history = true
		}
	}
	if !history {
		t.Fatal("the session made no history snapshot: the test no longer tests what it says")
	}
	p := script.Build(from, to)
	lines, _ := script.AppCmd(p)
	if len(lines) != 2 {
		t.Errorf("lines: %q", lines)
	}
	var notes []string
	for _, n := range p.Notes {
		notes = append(notes, n.File+": "+n.Text)
	}
	want := workspace.Join(`C:\Windows\System32\inetsrv\backup`, "BeforeTheFix") + `: backup BeforeTheFix is not part of the script: appcmd add backup "BeforeTheFix" makes it on the server`
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes:\n%s\nwant only:\n%s", strings.Join(notes, "\n"), want)
	}
}
