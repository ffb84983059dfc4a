package xmltree

import (
	"github.com/iisconf/iisconf/engine/testkit"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// corpusFiles returns every file under the shared corpus (all subfolders),
// skipping the test when the corpus is not present.
func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	corpusDir := testkit.Corpus(tb)
	var files []string
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// TestDifferentialCorpus checks that every corpus file gets the same
// accept/reject decision and, when accepted, the same element names,
// attributes and text as encoding/xml (see reference_test.go).
func TestDifferentialCorpus(t *testing.T) {
	files := corpusFiles(t)
	accepted, rejected := 0, 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, perr := Parse(src, Limits{})
		if perr != nil {
			rejected++
		} else {
			accepted++
		}
		if diff := compareWithReference(src, doc, perr); diff != "" {
			t.Errorf("%s: %s", filepath.Base(path), diff)
		}
	}
	t.Logf("%d files: %d accepted, %d rejected", len(files), accepted, rejected)
	if accepted == 0 {
		t.Error("no corpus file was accepted")
	}
}
