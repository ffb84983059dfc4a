package config_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// The framework folder rule's typed answers (docs/hierarchy.md#framework-folders);
// its effects on values are the framework-16-* conformance cases.

// withPools is the stock server with its DefaultAppPool replaced by pools.
func withPools(t *testing.T, pools string) *workspace.Workspace {
	t.Helper()
	ws := stock.Workspace()
	ah := string(stock.AppHostConfig())
	const def = `<add name="DefaultAppPool" />`
	if !strings.Contains(ah, def) {
		t.Fatal("the stock applicationHost.config no longer has " + def)
	}
	ws.Set(workspace.AppHostPath, []byte(strings.Replace(ah, def, pools, 1)))
	return ws
}

func TestFrameworkDirsAndMapping(t *testing.T) {
	ws := withPools(t, `<add name="DefaultAppPool" managedRuntimeVersion="v2.0" enable32BitAppOnWin64="true" />
            <add name="Static32" managedRuntimeVersion="" enable32BitAppOnWin64="true" />`)
	e := config.New(ws)
	want := []string{ // sorted by bytes: '6' before '\'
		`C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Config`, // the server level and the stock .NET v4.5 pools
		`C:\Windows\Microsoft.NET\Framework\v2.0.50727\CONFIG`,
		`C:\Windows\Microsoft.NET\Framework\v4.0.30319\Config`,
	}
	if got := e.FrameworkDirs(); !reflect.DeepEqual(got, want) {
		t.Errorf("FrameworkDirs = %q, want %q", got, want)
	}
	m, d := e.Mapping("Default Web Site")
	if d != nil {
		t.Fatal(d.Message)
	}
	fw := m.Framework
	if fw.Dir != want[1] || fw.Version != "v2.0.50727" || !fw.Bits32 || fw.Pool != "DefaultAppPool" || fw.Uncertain != "" ||
		fw.MachineConfig() != want[1]+`\machine.config` || fw.RootWebConfig() != want[1]+`\web.config` {
		t.Errorf("framework %+v", fw)
	}
	if !strings.Contains(fw.Why, `managedRuntimeVersion="v2.0"`) || !strings.Contains(fw.Why, "32-bit") {
		t.Errorf("why %q", fw.Why)
	}
}

func TestWithCLR(t *testing.T) {
	for in, want := range map[string]string{"2": "v2.0.50727", "v2.0": "v2.0.50727", "4.0": "v4.0.30319", "V4": "v4.0.30319", "v4.0.30319": "v4.0.30319"} {
		if got, ok := config.ParseCLR(in); !ok || got != want {
			t.Errorf("ParseCLR(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "5", "v1.1", "4.5"} {
		if _, ok := config.ParseCLR(bad); ok {
			t.Errorf("ParseCLR(%q) accepted", bad)
		}
	}
	v2, _ := config.ParseCLR("2")
	e := config.New(withPools(t, `<add name="DefaultAppPool" enable32BitAppOnWin64="true" />`)).WithCLR(v2)
	levels, _ := e.Chain("")
	if levels[0].File != `C:\Windows\Microsoft.NET\Framework64\v2.0.50727\CONFIG\machine.config` {
		t.Errorf("server level with /clr:2 reads %s", levels[0].File)
	}
	// A site keeps its pool's bitness.
	m, _ := e.Mapping("Default Web Site")
	if m.Framework.Dir != `C:\Windows\Microsoft.NET\Framework\v2.0.50727\CONFIG` || m.Framework.Uncertain != "appcmd-clr-site-path" {
		t.Errorf("site with /clr:2: %+v", m.Framework)
	}
	// The site map is WAS's, whatever /clr: says: the sites are the same.
	if got := len(e.Sites()); got != 1 {
		t.Errorf("%d sites", got)
	}
}

// TestFrameworkWhyWithoutVerbs: the reasons without a pool to name (the
// server level, an application naming no pool) are whole sentences, with
// no formatting debris.
func TestFrameworkWhyWithoutVerbs(t *testing.T) {
	ws := withPools(t, `<add name="DefaultAppPool" />`)
	f, _ := ws.Get(workspace.AppHostPath)
	ah := strings.Replace(string(f.Text), `<applicationDefaults applicationPool="DefaultAppPool" />`, `<applicationDefaults applicationPool="" />`, 1)
	if ah == string(f.Text) {
		t.Fatal("the stock applicationHost.config no longer has applicationDefaults naming DefaultAppPool")
	}
	ws.Set(workspace.AppHostPath, []byte(ah))
	e := config.New(ws)
	for _, p := range []string{"MACHINE/WEBROOT/APPHOST", "MACHINE/WEBROOT/APPHOST/Default Web Site"} {
		levels, d := e.Chain(p)
		if d != nil {
			t.Fatal(d.Message)
		}
		note := levels[0].Note
		if strings.Contains(note, "%!") || !strings.Contains(note, "iisconf reads") {
			t.Errorf("%s: MACHINE note %q", p, note)
		}
	}
}

// FrameworkFolders (the table the playground's import places files by,
// generated into web/src/gen/model.ts) is the folders the engine reads: a
// pool of each row's runtime and bitness reads that row's Dir, and the
// server level the Server row's.
func TestFrameworkFoldersAreTheOnesRead(t *testing.T) {
	rows := config.FrameworkFolders()
	if len(rows) != 4 {
		t.Fatalf("%d folders, want 4: %+v", len(rows), rows)
	}
	servers := 0
	for _, f := range rows {
		e := config.New(withPools(t, `<add name="DefaultAppPool" managedRuntimeVersion="`+f.Runtime+`" enable32BitAppOnWin64="`+map[bool]string{true: "true", false: "false"}[f.Bits32]+`" />`))
		m, d := e.Mapping("Default Web Site")
		if d != nil {
			t.Fatal(d.Message)
		}
		if m.Framework.Dir != f.Dir || m.Framework.Version != f.Version || m.Framework.Bits32 != f.Bits32 {
			t.Errorf("a %s %v pool reads %+v, the table says %+v", f.Runtime, f.Bits32, m.Framework, f)
		}
		if f.Server {
			servers++
			levels, d := e.Chain("MACHINE/WEBROOT/APPHOST")
			if d != nil {
				t.Fatal(d.Message)
			}
			if got := levels[0].File; got != f.Dir+`\machine.config` {
				t.Errorf("the server level reads %s, the table says %s", got, f.Dir)
			}
		}
	}
	if servers != 1 {
		t.Errorf("%d server rows, want 1", servers)
	}
}
