package appcmd

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// The .NET Framework folder of a path (docs/hierarchy.md#framework-folders)
// decides which root web.config /commit:webroot writes, and the value
// written there is in force at the path: the location tag names the site
// as the engine reads tags in the root web.config.

const rootWebV2 = workspace.FrameworkRoot + `\Framework64\v2.0.50727\CONFIG\web.config`

// appSettingKeys are the keys of appSettings in force at path.
func appSettingKeys(t *testing.T, e *config.Engine, path string) []string {
	t.Helper()
	sec, d := e.Section(path, "appSettings")
	if d != nil {
		t.Fatalf("%s: %s", path, d.Message)
	}
	var keys []string
	for _, it := range sec.Element.Items() {
		v, _ := it.Value("key")
		keys = append(keys, v.Text)
	}
	return keys
}

func TestCommitWebrootFollowsThePool(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(rootWebV2, stock.RootWebConfigV2())
	ws.Set(rootWebConfigPath, stock.RootWebConfig())
	for _, line := range []string{
		`add apppool /name:Legacy /managedRuntimeVersion:v2.0`,
		`add site /name:Old /bindings:http/*:81: /physicalPath:C:\old`,
		`set app "Old/" /applicationPool:Legacy`,
		`set config "Old" /section:appSettings /+[key='old',value='1'] /commit:webroot`,
		`set config "Default Web Site" /section:appSettings /+[key='dws',value='1'] /commit:webroot`,
	} {
		o := Exec(ws, SplitCommandLine(line), Options{})
		if o.Err != nil {
			t.Fatalf("%s: %s", line, o.Err.Text)
		}
		ws = o.Workspace
	}
	e := config.New(ws)
	if got := appSettingKeys(t, e, "Old"); strings.Join(got, ",") != "old" {
		t.Errorf("Old (v2.0 pool) sees %q, want [old] from the v2.0 root web.config", got)
	}
	if got := appSettingKeys(t, e, "Default Web Site"); strings.Join(got, ",") != "dws" {
		t.Errorf("Default Web Site (v4.0 pool) sees %q, want [dws] from the v4.0 root web.config", got)
	}
	if f, _ := ws.Get(rootWebV2); !strings.Contains(string(f.Text), `<location path="Old">`) {
		t.Errorf("the v2.0 root web.config lacks the site's location tag:\n%s", f.Text)
	}
}

func TestListConfigCLR(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(rootWebV2, []byte(`<configuration><appSettings><add key="v" value="2" /></appSettings></configuration>`))
	e := config.New(ws)
	if got := runOK(t, e, `list config /section:appSettings`); strings.Contains(got, `value="2"`) {
		t.Errorf("without /clr the server level reads the v4.0 files, got\n%s", got)
	}
	got := runOK(t, e, `list config /section:appSettings /clr:2`)
	if !strings.Contains(got, `<add key="v" value="2" />`) {
		t.Errorf("/clr:2 reads the v2.0 root web.config, got\n%s", got)
	}
	if _, err := Run(e, SplitCommandLine(`list config /section:appSettings /clr:3`)); err == nil || !strings.Contains(err.Text, `"3"`) {
		t.Errorf("/clr:3: want an error naming the value, got %+v", err)
	}
}
