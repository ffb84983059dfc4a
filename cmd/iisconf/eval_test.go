package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/testkit"
)

// `iisconf eval` without -section lists every section in scope in the
// engine's order, the playground's (docs/declarations.md#the-order-sections-are-listed-in):
// at the server level the sites and pools first, at a site
// system.webServer first; the JSON model lists them alike. The goldens
// hold the section lines only.
func TestEvalListOrder(t *testing.T) {
	for _, tc := range []struct{ path, golden string }{
		{"MACHINE/WEBROOT/APPHOST", "eval_sections_server.txt"},
		{"Default Web Site", "eval_sections_site.txt"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			out, errOut, code := runCLI("eval", "-path", tc.path)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			var text []string
			for _, line := range strings.Split(out, "\n") {
				if name, ok := strings.CutPrefix(line, "section "); ok {
					text = append(text, name)
				}
			}
			testkit.Golden(t, filepath.Join("testdata", tc.golden), strings.Join(text, "\n")+"\n")
			js, errOut, code := runCLI("eval", "-path", tc.path, "-json")
			if code != exitOK || errOut != "" {
				t.Fatalf("-json: exit %d, stderr %q", code, errOut)
			}
			var res model.Result
			if err := json.Unmarshal([]byte(js), &res); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, s := range res.Sections {
				names = append(names, s.Name)
			}
			if !slices.Equal(names, text) {
				t.Errorf("-json lists the sections in another order than the text:\n%v\n%v", names, text)
			}
		})
	}
}
