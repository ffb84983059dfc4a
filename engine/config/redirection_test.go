package config_test

import (
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// TestRedirectionShownMasked: the result names the applicationHost.config
// in effect and never shows the share's password (docs/hierarchy.md#shared-configuration).
func TestRedirectionShownMasked(t *testing.T) {
	ws := stock.Workspace()
	ah, _ := ws.Get(workspace.AppHostPath)
	ws.Set(`\\fileserver\iisconfig\applicationHost.config`, ah.Text)
	ws.Set(workspace.RedirectionPath, []byte(`<configuration>
    <configSections>
        <section name="configurationRedirection" />
    </configSections>
    <configurationRedirection enabled="true" path="\\fileserver\iisconfig" userName="CONTOSO\iisshare" password="[enc:IISCngProvider:AQAAAANCMnd8BFdERjHoAwE:enc]" />
</configuration>`))
	r := config.New(ws).Evaluate("Default Web Site", config.EvalOptions{Summary: true})
	rd := r.Redirection
	if rd == nil || !rd.Enabled || rd.Line != 5 || rd.UserName != `CONTOSO\iisshare` || rd.Password != "(encrypted by IISCngProvider)" || rd.AppHost != `\\fileserver\iisconfig\applicationHost.config` {
		t.Fatalf("redirection %+v", rd)
	}
	if r.Chain[2].File != `\\fileserver\iisconfig\applicationHost.config` || r.Chain[2].Note == "" {
		t.Errorf("APPHOST level %+v", r.Chain[2])
	}
	if len(r.Diagnostics) != 0 {
		t.Errorf("diagnostics %+v", r.Diagnostics)
	}
	// The typed question gives the same file, and the share's file even
	// when the workspace lacks it (collect asks, to fetch it).
	if got := config.New(ws).AppHostFile(); got != `\\fileserver\iisconfig\applicationHost.config` {
		t.Errorf("AppHostFile %s", got)
	}
	ws.Remove(`\\fileserver\iisconfig\applicationHost.config`)
	if got := config.New(ws).AppHostFile(); got != `\\fileserver\iisconfig\applicationHost.config` {
		t.Errorf("AppHostFile without the file %s", got)
	}
	ws.Set(`\\fileserver\iisconfig\applicationHost.config`, ah.Text)
	ws.Set(workspace.RedirectionPath, []byte(`<configuration><configSections><section name="configurationRedirection" /></configSections><configurationRedirection enabled="false" password="plain" /></configuration>`))
	r = config.New(ws).Evaluate("", config.EvalOptions{Summary: true})
	if rd := r.Redirection; rd == nil || rd.Enabled || rd.Password != "(set, not encrypted)" || rd.AppHost != workspace.AppHostPath {
		t.Fatalf("disabled redirection %+v", rd)
	}
	if got := config.New(ws).AppHostFile(); got != workspace.AppHostPath {
		t.Errorf("AppHostFile with redirection disabled %s", got)
	}
}
