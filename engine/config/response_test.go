package config_test

import (
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
)

// TestResponseConfigSourceMissing: a missing configSource file breaks a
// request only when IIS itself reads the section (SPEC §7.1, §8.3).
func TestResponseConfigSourceMissing(t *testing.T) {
	for _, tc := range []struct {
		section string
		status  int
	}{
		{`<connectionStrings configSource="cs.config" />`, 200},
		{`<system.webServer><staticContent configSource="mime.config" /></system.webServer>`, 500},
	} {
		ws := stock.Workspace()
		ws.Set(`C:\inetpub\wwwroot\web.config`, []byte("<configuration>\n  "+tc.section+"\n</configuration>\n"))
		r := config.New(ws).Evaluate("Default Web Site", config.EvalOptions{})
		if r.Response == nil || r.Response.Status != tc.status {
			t.Errorf("%s: response %+v, want status %d", tc.section, r.Response, tc.status)
			continue
		}
		found := false
		for _, d := range r.Diagnostics {
			if d.ID == "READ" && d.HRESULT == "0x80070002" && d.Line == 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no READ diagnostic for the missing file: %+v", tc.section, r.Diagnostics)
		}
		if tc.status == 500 && r.Response.Page.ErrorCode != "0x80070002" {
			t.Errorf("500.19 page error code %q", r.Response.Page.ErrorCode)
		}
	}
}
