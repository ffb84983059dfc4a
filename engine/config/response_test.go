package config_test

import (
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/stock"
)

// TestResponseConfigSourceMissing: a configSource naming a missing file is
// "Specified configSource cannot be parsed" against the web.config holding
// the attribute, at the section element's line, in every rendering: the
// 500.19 page (only when IIS itself reads the section), appcmd's error and
// Microsoft.Web.Administration's exception (the form Jexus Manager's tests
// record from the real library). See docs/diagnostics.md.
func TestResponseConfigSourceMissing(t *testing.T) {
	const webConfig = `C:\inetpub\wwwroot\web.config`
	for _, tc := range []struct {
		section string
		col     int // of the section element on line 2
		status  int
	}{
		{`<connectionStrings configSource="cs.config" />`, 3, 200},
		{`<system.webServer><staticContent configSource="mime.config" /></system.webServer>`, 21, 500},
	} {
		ws := stock.Workspace()
		ws.Set(webConfig, []byte("<configuration>\n  "+tc.section+"\n</configuration>\n"))
		r := config.New(ws).Evaluate("Default Web Site", config.EvalOptions{})
		if r.Response == nil || r.Response.Status != tc.status {
			t.Errorf("%s: response %+v, want status %d", tc.section, r.Response, tc.status)
			continue
		}
		var got *diag.Diagnostic
		for i, d := range r.Diagnostics {
			if d.ID == diag.ConfigSource {
				got = &r.Diagnostics[i]
			}
			if d.ID == diag.ReadFile {
				t.Errorf("%s: a READ diagnostic for the missing file: %+v", tc.section, d)
			}
		}
		if got == nil {
			t.Errorf("%s: no CFGSRC diagnostic: %+v", tc.section, r.Diagnostics)
			continue
		}
		if got.File != webConfig || got.Line != 2 || got.Column != tc.col {
			t.Errorf("%s: CFGSRC at %s:%d:%d, want %s:2:%d (the section element)", tc.section, got.File, got.Line, got.Column, webConfig, tc.col)
		}
		wantAppCmd := "ERROR ( message:Configuration error\r\nFilename: \\\\?\\" + webConfig + "\r\nLine Number: 2\r\nDescription: Specified configSource cannot be parsed\r\n. )"
		if s := diag.AppCmd(*got); s != wantAppCmd {
			t.Errorf("appcmd rendering %q, want %q", s, wantAppCmd)
		}
		wantMWA := "Filename: \\\\?\\" + webConfig + "\r\nLine number: 2\r\nError: Specified configSource cannot be parsed\r\n\r\n"
		if s := diag.MWA(*got); s != wantMWA {
			t.Errorf("MWA rendering %q, want %q", s, wantMWA)
		}
		if tc.status != 500 {
			continue
		}
		p := r.Response.Page
		if p.ConfigError != "Specified configSource cannot be parsed" || p.ConfigFile != `\\?\`+webConfig || p.ErrorCode != got.HRESULT {
			t.Errorf("500.19 page %+v", p)
		}
		var errLine int
		for _, s := range p.Source {
			if s.Error {
				errLine = s.Number
			}
		}
		if errLine != 2 {
			t.Errorf("500.19 Config Source highlights line %d, want 2: %+v", errLine, p.Source)
		}
	}
}
