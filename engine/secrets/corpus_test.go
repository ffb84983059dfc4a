package secrets

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/xmltree"
)

// The shared corpus holds real configuration files from public
// repositories (see its README: files with real-looking credentials were
// left out, but sample passwords, placeholders, ciphertext and the
// per-server session keys were kept). testdata/corpus-findings.txt lists
// every finding the scanner makes in it, one per line, each reviewed by
// hand: a change to the scanner that finds more or less shows up as a
// diff of that list. Regenerate it with `go test ./engine/secrets -run
// TestCorpus -update` and review the diff before committing it.

var update = flag.Bool("update", false, "rewrite testdata/corpus-findings.txt")

const corpusFindings = "testdata/corpus-findings.txt"

func corpusDir(tb testing.TB) string {
	dir := os.Getenv("IISCONF_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); err != nil {
		tb.Skipf("corpus not found at %s (set IISCONF_CORPUS)", dir)
	}
	return dir
}

func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	var lines []string
	files := 0
	for _, sub := range []string{"applicationhost", "webconfig", "machine", "schema"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			name := sub + "/" + e.Name()
			text, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files++
			fs := ScanText(name, text, nil)
			for _, f := range fs {
				lines = append(lines, fmt.Sprintf("%s:%d %s: %s", name, f.Line, f.Kind, f.What))
			}
			// Redacting leaves nothing to find, and a well-formed file
			// stays well-formed.
			red := RedactText(text, fs)
			if again := ScanText(name, red, nil); len(again) != 0 {
				t.Errorf("%s: after redaction still %+v", name, again)
			}
			if _, err := xmltree.Parse(text, xmltree.Limits{}); err == nil {
				if _, err := xmltree.Parse(red, xmltree.Limits{}); err != nil {
					t.Errorf("%s: redaction broke the XML: %v", name, err)
				}
			}
		}
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(corpusFindings, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(corpusFindings)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gotSet := lineSet(got)
		wantSet := lineSet(string(want))
		for l := range gotSet {
			if !wantSet[l] {
				t.Errorf("new finding: %s", l)
			}
		}
		for l := range wantSet {
			if !gotSet[l] {
				t.Errorf("finding no longer made: %s", l)
			}
		}
	}
	t.Logf("%d corpus files, %d findings", files, len(lines))
}

func lineSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		m[l] = true
	}
	return m
}
