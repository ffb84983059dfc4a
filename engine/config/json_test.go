package config_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/hostgen"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/samples"
)

// TestAppendJSONMatchesEncodingJSON: the hand-written encoder
// (model.Result.AppendJSON) writes exactly what encoding/json writes, over
// real results: the stock server, every sample, every conformance case,
// a generated hosting server, with every evaluation option.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	type wsCase struct {
		name  string
		ws    *workspace.Workspace
		paths []string
	}
	var cases []wsCase
	cases = append(cases, wsCase{"stock", stock.Workspace(), []string{"", "MACHINE", "MACHINE/WEBROOT", "Default Web Site", "Default Web Site/a/b.aspx", "http://localhost/x", "Nope"}})
	small := hostgen.Options{Sites: 20, Locations: 20, WebConfigs: 5, Pools: 3}
	cases = append(cases, wsCase{"hosting", hostgen.Workspace(small), []string{hostgen.SiteName(1), hostgen.SiteName(3) + "/d"}})
	for _, s := range samples.All() {
		ws, err := s.Workspace()
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, wsCase{"sample " + s.Name, ws, []string{s.Open, ""}})
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "conformance", "*.txtar"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ws, err := workspace.ParseBundle(data)
		if err != nil {
			continue // cases built on the stock server carry a base line; the bundle alone is still a workspace when it parses
		}
		cases = append(cases, wsCase{filepath.Base(f), ws, []string{"", "Default Web Site", "Site", "Site/app", "MySite/shopping"}})
	}
	opts := []config.EvalOptions{{}, {Inputs: true}, {NoDefaults: true}, {Summary: true}, {Sections: []string{"defaultDocument", "system.webServer/handlers"}}, {NoDefaults: true, Stamps: true}}
	n := 0
	for _, c := range cases {
		e := config.New(c.ws)
		for _, p := range c.paths {
			for _, o := range opts {
				r := e.Evaluate(p, o)
				if o.Stamps {
					// Half the sections held: they come back as {same} stubs.
					for i, s := range r.Sections {
						if i%2 == 0 {
							o.Known = append(o.Known, s.Stamp)
						}
					}
					r = e.Evaluate(p, o)
				}
				want, err := json.Marshal(r)
				if err != nil {
					t.Fatal(err)
				}
				got := r.AppendJSON(nil)
				n++
				if !bytes.Equal(got, want) {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					lo := max(0, i-80)
					t.Fatalf("%s %q %+v: AppendJSON differs at byte %d\n got: …%s\nwant: …%s", c.name, p, o, i, got[lo:min(len(got), i+80)], want[lo:min(len(want), i+80)])
				}
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d results compared", n)
	}
	// A hostile string: every escaping rule.
	r := &model.Result{ConfigPath: "a\"b\\c\n\r\t\b\f\x01<>&\u2028\u2029\xff€"}
	want, _ := json.Marshal(r)
	if got := r.AppendJSON(nil); !bytes.Equal(got, want) {
		t.Errorf("escaping:\n got %s\nwant %s", got, want)
	}
}
