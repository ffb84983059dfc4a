package config_test

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// TestDuplicateFromOneFolderReadTwice: an application whose physical path
// is its site's own folder makes IIS read that folder's web.config at both
// URLs, so each collection item it adds is added again at the second level
// — IIS's duplicate error, at the web.config's own line. The note says the
// same folder is read at both paths instead of "first added here" about
// the very line of the error.
func TestDuplicateFromOneFolderReadTwice(t *testing.T) {
	ws := stock.Workspace()
	ah, _ := ws.Get(workspace.AppHostPath)
	const root = `<virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />`
	text := strings.Replace(string(ah.Text), root, root+"\r\n                </application>\r\n                <application path=\"/app1\">\r\n                    "+root, 1)
	if text == string(ah.Text) {
		t.Fatal("the stock server's root virtual directory moved")
	}
	ws.Set(workspace.AppHostPath, []byte(text))
	ws.Set(`C:\inetpub\wwwroot\web.config`, []byte("<configuration>\n  <system.webServer>\n    <httpProtocol>\n      <customHeaders>\n        <add name=\"X-Twice\" value=\"1\" />\n      </customHeaders>\n    </httpProtocol>\n  </system.webServer>\n</configuration>\n"))
	eng := config.New(ws)
	if r := eng.Evaluate("Default Web Site", config.EvalOptions{}); len(r.Diagnostics) != 0 {
		t.Fatalf("at the site: %+v", r.Diagnostics)
	}
	r := eng.Evaluate("Default Web Site/app1", config.EvalOptions{})
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].ID != diag.DupKey || r.Diagnostics[0].Line != 5 || len(r.Diagnostics[0].Notes) != 1 {
		t.Fatalf("at app1: %+v", r.Diagnostics)
	}
	n := r.Diagnostics[0].Notes[0]
	want := "first added by this same line, read at MACHINE/WEBROOT/APPHOST/Default Web Site: the same folder is read at both MACHINE/WEBROOT/APPHOST/Default Web Site and MACHINE/WEBROOT/APPHOST/Default Web Site/app1 (both URLs map to it), so its items are added twice"
	if n.Message != want || n.Line != 5 {
		t.Errorf("note %q at line %d\nwant %q", n.Message, n.Line, want)
	}
	// Check lists it once, naming the path that raises it.
	var found bool
	for _, d := range eng.Check() {
		if d.ID == diag.DupKey {
			found = true
			if d.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site/app1" {
				t.Errorf("Check: raised at %q", d.ConfigPath)
			}
		}
	}
	if !found {
		t.Error("Check does not list the duplicate")
	}
}
