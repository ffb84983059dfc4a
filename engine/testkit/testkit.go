// Package testkit holds what the tests of several packages share: golden
// files compared with a unified diff and rewritten by one switch, and the
// location of the shared corpus of real configuration files. Only tests
// import it.
package testkit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/textdiff"
)

// UpdateEnv is the one switch that rewrites golden files instead of
// comparing them: `UPDATE_GOLDEN=1 go test ./...`. An environment variable
// rather than a -update flag, so that one command updates every package
// (a flag unknown to some test binary would fail the run).
const UpdateEnv = "UPDATE_GOLDEN"

func updating() bool { return os.Getenv(UpdateEnv) != "" }

// Golden compares got with the file at path (relative to the package
// directory, e.g. "testdata/x.golden"). A difference fails the test with a
// unified diff from the file's text to got; with UPDATE_GOLDEN set the file
// is written instead.
func Golden[T ~string | ~[]byte](tb testing.TB, path string, got T) {
	tb.Helper()
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		tb.Fatalf("%s does not exist; run the test with %s=1 to create it", path, UpdateEnv)
	}
	if err != nil {
		tb.Fatal(err)
	}
	if string(want) == string(got) {
		return
	}
	tb.Errorf("%s differs (- golden, + got; %s=1 accepts the new output):\n%s",
		path, UpdateEnv, textdiff.Unified(filepath.ToSlash(path), want, true, []byte(got), true))
}

// CorpusDir is the shared corpus of real configuration files and IIS
// schema files: $IISCONF_CORPUS, else shared/corpus beside the repository
// (../shared from its root, as CI lays it out). ok is false when it is not
// there: the corpus is test input, never shipped with the project.
func CorpusDir() (dir string, ok bool) {
	dir = os.Getenv("IISCONF_CORPUS")
	if dir == "" {
		root, found := repoRoot()
		if !found {
			return "", false
		}
		dir = filepath.Join(filepath.Dir(root), "shared", "corpus")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return dir, false
	}
	return dir, true
}

// Corpus is CorpusDir for a test, which it skips when the corpus is absent.
func Corpus(tb testing.TB) string {
	tb.Helper()
	dir, ok := CorpusDir()
	if !ok {
		tb.Skipf("corpus not present at %q; set IISCONF_CORPUS to run", dir)
	}
	return dir
}

// repoRoot walks up from the working directory (a test runs in its
// package's directory) to the folder holding this module's go.mod.
func repoRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			strings.Contains(string(b), "module github.com/iisconf/iisconf\n") {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
