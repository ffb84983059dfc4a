package testkit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB records what Golden reports.
type fakeTB struct {
	testing.TB
	errors, fatals []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, sprintf(format, args...))
}
func (f *fakeTB) Fatal(args ...any) { f.fatals = append(f.fatals, "fatal") }

func TestGoldenDiffAndUpdate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "x.golden")
	t.Setenv(UpdateEnv, "1")
	Golden(t, p, "one\ntwo\nthree\n")
	t.Setenv(UpdateEnv, "")
	Golden(t, p, []byte("one\ntwo\nthree\n")) // equal: passes

	f := &fakeTB{}
	Golden(f, p, "one\nTWO\nthree\n")
	if len(f.errors) != 1 || !strings.Contains(f.errors[0], "-two\n+TWO\n") || !strings.Contains(f.errors[0], "@@ -1,3 +1,3 @@") {
		t.Fatalf("mismatch report is not a unified diff: %q", f.errors)
	}
	if b, _ := os.ReadFile(p); string(b) != "one\ntwo\nthree\n" {
		t.Fatalf("a failing comparison changed the golden file: %q", b)
	}
	f = &fakeTB{}
	Golden(f, filepath.Join(t.TempDir(), "missing.golden"), "x")
	if len(f.fatals) == 0 || !strings.Contains(f.fatals[0], UpdateEnv+"=1") {
		t.Fatalf("a missing golden file is not reported with the switch: %q", f.fatals)
	}
}

func TestRepoRoot(t *testing.T) {
	root, ok := repoRoot()
	if !ok {
		t.Fatal("repository root not found from the package directory")
	}
	if _, err := os.Stat(filepath.Join(root, "engine", "testkit", "testkit.go")); err != nil {
		t.Fatalf("repoRoot = %s: %v", root, err)
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
