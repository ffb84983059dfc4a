package config_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/hostgen"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/samples"
)

// TestCheckIsEveryPathsDiagnostics: Check, which does not build models or
// keep per-path results, reports exactly the distinct diagnostics of
// Evaluate at every config path (what it is defined as), over the stock
// server, a small hosting server, every sample and every conformance case.
func TestCheckIsEveryPathsDiagnostics(t *testing.T) {
	wss := map[string]*workspace.Workspace{
		"stock":   stock.Workspace(),
		"hosting": hostgen.Workspace(hostgen.Options{Sites: 30, Locations: 30, WebConfigs: 12, Pools: 3}),
	}
	for _, s := range samples.All() {
		ws, err := s.Workspace()
		if err != nil {
			t.Fatal(err)
		}
		wss["sample "+s.Name] = ws
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "conformance", "*.txtar"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if ws, err := workspace.ParseBundle(data); err == nil {
			wss[filepath.Base(f)] = ws
		}
	}
	names := make([]string, 0, len(wss))
	for n := range wss {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		e := config.New(wss[name])
		want := map[string]bool{}
		for _, p := range e.ConfigPaths() {
			for _, d := range e.Evaluate(p, config.EvalOptions{}).Diagnostics {
				d.ConfigPath = ""
				want[d.Key()] = true
			}
		}
		got := map[string]bool{}
		for _, d := range config.New(wss[name]).Check() {
			got[d.Key()] = true
		}
		for k := range want {
			if !got[k] {
				t.Errorf("%s: Check misses %q", name, k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("%s: Check adds %q", name, k)
			}
		}
	}
}
