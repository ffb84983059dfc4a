package config_test

// The conformance suite: every test vector of docs/README.md as a small
// txtar workspace under testdata/conformance, with its expectations written
// in the archive comment in the language of package expect (see its doc).
//
// TestConformanceCasesParse checks only that the cases are well-formed (and
// that their diag texts fit the catalogue templates), so it never depends on
// the engine's behaviour; TestConformance runs them.

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/expect"
)

const conformanceDir = "testdata/conformance"

func loadCases(t *testing.T) []*expect.Case {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(conformanceDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no cases in %s", conformanceDir)
	}
	sort.Strings(paths)
	var cases []*expect.Case
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c, err := expect.Parse(p, data)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		cases = append(cases, c)
	}
	return cases
}

// TestConformanceCasesParse checks the cases themselves: expectations are
// well-formed, diag lines fit the catalogue (id, HRESULT, message template),
// and every file:line they cite exists in the case and holds markup (so a
// miscounted line is caught before the engine is blamed).
func TestConformanceCasesParse(t *testing.T) {
	for _, c := range loadCases(t) {
		for _, f := range c.Lint() {
			t.Errorf("%s", f)
		}
	}
}

func TestConformance(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(strings.TrimSuffix(filepath.Base(c.Name), ".txtar"), func(t *testing.T) {
			for _, f := range c.Run(expect.RunOptions{}) {
				t.Errorf("%s", f)
			}
		})
	}
}
