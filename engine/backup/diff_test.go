package backup

import (
	"github.com/iisconf/iisconf/engine/config"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Diff shows what a restore would do: the changed line of
// applicationHost.config, and the removal of a file the backup lacks.
func TestDiff(t *testing.T) {
	ws, _, _ := Add(config.New(stock.Workspace()), "B1", t0)
	host, _ := ws.Get(workspace.AppHostPath)
	changed := ws.Clone()
	changed.Set(workspace.AppHostPath, []byte(strings.Replace(string(host.Text), `<add name="DefaultAppPool" />`, `<add name="DefaultAppPool" autoStart="false" />`, 1)))
	changed.Set(workspace.RedirectionPath, []byte("<configuration />\r\n"))
	got, err := Diff(config.New(changed), "b1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Path != workspace.AppHostPath || got[1].Path != workspace.RedirectionPath || !got[1].Removes {
		t.Fatalf("%+v", got)
	}
	want := "--- a/" + workspace.AppHostPath + "\n+++ b/" + workspace.AppHostPath + "\n@@ -91,7 +91,7 @@\n"
	if !strings.HasPrefix(got[0].Diff, want) || !strings.Contains(got[0].Diff, "\n-            <add name=\"DefaultAppPool\" autoStart=\"false\" />\r\n+            <add name=\"DefaultAppPool\" />\r\n") {
		t.Errorf("applicationHost.config diff:\n%s", got[0].Diff)
	}
	if got[1].Diff != "--- a/"+workspace.RedirectionPath+"\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-<configuration />\r\n" {
		t.Errorf("redirection.config diff:\n%q", got[1].Diff)
	}
	same, _ := Diff(config.New(ws), "B1")
	if len(same) != 1 || same[0].Diff != "" {
		t.Errorf("unchanged: %+v", same)
	}
	if _, err := Diff(config.New(ws), "nope"); err == nil {
		t.Error("missing backup")
	}
}
