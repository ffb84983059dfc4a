package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// TestEngineClient bundles web/src/engine/client.ts with a fake Worker
// (build/testdata/client) and runs it under Node: superseding, the
// watchdog's restart and replay, error answers.
func TestEngineClient(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not on PATH")
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	out := bundleForNode(t, filepath.Join(root, "build", "testdata", "client", "client_test.ts"))
	cmd := exec.Command("node", out)
	cmd.Stderr = os.Stderr
	got, err := cmd.Output()
	if err != nil || strings.TrimSpace(string(got)) != "ok" {
		t.Fatalf("node: %v\n%s", err, got)
	}
}

// bundleForNode bundles one TypeScript entry point for Node (esbuild) into
// the test's temporary folder and returns the output's path.
func bundleForNode(t *testing.T, src string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(src), ".ts")+".js")
	res := api.Build(api.BuildOptions{
		EntryPoints: []string{src},
		Bundle:      true, Write: true, Outfile: out, Platform: api.PlatformNode, Target: api.ES2020,
		LogLevel: api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		t.Fatal(strings.Join(api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage}), ""))
	}
	return out
}
