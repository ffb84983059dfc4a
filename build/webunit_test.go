package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWebUnits runs the front end's unit tests: every web/test/unit/*.test.ts
// is bundled for Node by esbuild and run with node; each exits non-zero on a
// failed check (the small harness of web/test/unit/harness.ts). They test the
// page's logic that needs no browser (link codecs, the import planner, the
// recent-workspaces store over an in-memory backend); the browser tests of
// web/test cover the same code as a user meets it.
func TestWebUnits(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not on PATH")
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	// The tests bundle the page's npm dependencies (CodeMirror's Text, for
	// the journal's): a fresh clone has none until the build installs them,
	// and `go test` runs before anything else does (.ci/run).
	var npmOut bytes.Buffer
	if err := ensureNodeModules(root, &npmOut, &npmOut); err != nil {
		t.Fatalf("%v\n%s", err, npmOut.Bytes())
	}
	tests, err := filepath.Glob(filepath.Join(root, "web", "test", "unit", "*.test.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tests) == 0 {
		t.Fatal("no web/test/unit/*.test.ts")
	}
	for _, src := range tests {
		name := strings.TrimSuffix(filepath.Base(src), ".test.ts")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := bundleForNode(t, src)
			cmd := exec.Command("node", out)
			cmd.Env = append(os.Environ(), "IISCONF_ROOT="+root)
			got, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("node %s: %v\n%s", filepath.Base(src), err, got)
			}
			if testing.Verbose() {
				t.Logf("%s", got)
			}
		})
	}
}
