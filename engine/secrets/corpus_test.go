package secrets

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/testkit"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// The shared corpus holds real configuration files from public
// repositories (see its README: files with real-looking credentials were
// left out, but sample passwords, placeholders, ciphertext and the
// per-server session keys were kept). testdata/corpus-findings.txt lists
// every finding the scanner makes in it, one per line, each reviewed by
// hand: a change to the scanner that finds more or less shows up as a
// diff of that list. Regenerate it with `UPDATE_GOLDEN=1 go test
// ./engine/secrets -run TestCorpus` and review the diff before committing.

func TestCorpus(t *testing.T) {
	dir := testkit.Corpus(t)
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
	testkit.Golden(t, "testdata/corpus-findings.txt", strings.Join(lines, "\n")+"\n")
	t.Logf("%d corpus files, %d findings", files, len(lines))
}
