package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestDocsCitations keeps the code's reasoning inside the repository
// (docs/README.md, "UNCERTAIN choices"):
//   - no file cites the behavioural specification outside the repository
//     ("SPEC §…"), and no code comment points at an issue number instead of
//     saying why;
//   - every docs/<page>.md#<anchor> a file cites, and every link between
//     the pages, names a page and a heading that exist;
//   - every UNCERTAIN choice in code carries an id, UNCERTAIN(<id>), and
//     every id used anywhere is explained exactly once in docs/, as
//     "UNCERTAIN(<id>): …".
func TestDocsCitations(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	pages, defs := readDocs(t, filepath.Join(root, "docs"))
	cite := func(where, page, anchor string) {
		slugs, ok := pages[page]
		switch {
		case !ok:
			t.Errorf("%s cites docs/%s, which does not exist", where, page)
		case anchor != "" && !slugs[anchor]:
			t.Errorf("%s cites docs/%s#%s: no such heading in docs/%s", where, page, anchor, page)
		}
	}
	used := map[string]string{} // UNCERTAIN id → a place that uses it
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || skipDirs[rel] || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !scannedFile(rel) || rel == "build/docs_test.go" {
			return nil
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		code := isCode(rel)
		for i, line := range strings.Split(string(text), "\n") {
			where := rel + ":" + itoa(i+1)
			if specCitation.MatchString(line) {
				t.Errorf("%s cites the outside specification (%q): cite the docs/ page that explains it", where, strings.TrimSpace(line))
			}
			if code && issueCitation.MatchString(line) {
				t.Errorf("%s points at an issue number (%q): say why in a plain sentence", where, strings.TrimSpace(line))
			}
			for _, m := range docsLink.FindAllStringSubmatch(line, -1) {
				cite(where, m[1], m[2])
			}
			if code && bareUncertain.MatchString(line) {
				t.Errorf("%s marks an UNCERTAIN choice without an id (%q): write UNCERTAIN(<id>) and explain it in docs/", where, strings.TrimSpace(line))
			}
			for _, m := range uncertainID.FindAllStringSubmatch(line, -1) {
				if _, ok := used[m[1]]; !ok {
					used[m[1]] = where
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Links between the pages themselves.
	for page := range pages {
		text, err := os.ReadFile(filepath.Join(root, "docs", page))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(text), "\n") {
			where := "docs/" + page + ":" + itoa(i+1)
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target, anchor := m[1], m[2]
				if target == "" {
					target = page
				}
				cite(where, target, anchor)
			}
			for _, m := range uncertainID.FindAllStringSubmatch(line, -1) {
				if _, ok := used[m[1]]; !ok {
					used[m[1]] = where
				}
			}
		}
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		switch n := len(defs[id]); {
		case n == 0:
			t.Errorf("UNCERTAIN(%s) (used at %s) is not explained in docs/: add \"UNCERTAIN(%s): …\" to the page of its area", id, used[id], id)
		case n > 1:
			t.Errorf("UNCERTAIN(%s) is explained %d times in docs/ (%s): explain it once and refer to it elsewhere", id, n, strings.Join(defs[id], ", "))
		}
	}
}

var (
	specCitation   = regexp.MustCompile(`SPEC\s*§`)
	issueCitation  = regexp.MustCompile(`(?i)\bissues?\s+#?\d+\b|\(#\d+\)`)
	docsLink       = regexp.MustCompile(`docs/([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?`)
	mdLink         = regexp.MustCompile(`\]\(([a-z0-9-]+\.md)?(?:#([a-z0-9-]+))?\)`)
	uncertainID    = regexp.MustCompile(`UNCERTAIN\(([a-z0-9-]+)\)`)
	uncertainDef   = regexp.MustCompile(`UNCERTAIN\(([a-z0-9-]+)\):`)
	bareUncertain  = regexp.MustCompile(`UNCERTAIN(?:[^(]|$)`)
	headingPattern = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
)

// skipDirs are generated or fetched trees, never the project's own text.
var skipDirs = map[string]bool{"dist": true, "build/out": true}

// scannedFile reports whether a file can carry citations: source, tests,
// test data that holds comments or rendered evidence, and documentation.
func scannedFile(rel string) bool {
	if rel == "package-lock.json" {
		return false
	}
	switch strings.ToLower(filepath.Ext(rel)) {
	case ".go", ".ts", ".mjs", ".js", ".css", ".html", ".txtar", ".md", ".rules", ".txt", ".toml":
		return true
	}
	return false
}

// isCode reports whether a file is code or test data, where an UNCERTAIN
// choice must carry its id and issue numbers are not explanations.
func isCode(rel string) bool {
	switch strings.ToLower(filepath.Ext(rel)) {
	case ".go", ".ts", ".mjs", ".js", ".css", ".html", ".txtar", ".rules":
		return true
	}
	return false
}

// readDocs returns each page's heading anchors and, for each UNCERTAIN id,
// the places that explain it.
func readDocs(t *testing.T, dir string) (map[string]map[string]bool, map[string][]string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("the docs/ folder: %v", err)
	}
	pages := map[string]map[string]bool{}
	defs := map[string][]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		slugs := map[string]bool{}
		seen := map[string]int{}
		fence := false
		for i, line := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				fence = !fence
				continue
			}
			if fence {
				continue
			}
			if m := headingPattern.FindStringSubmatch(line); m != nil {
				s := headingSlug(m[2])
				if n := seen[s]; n > 0 {
					slugs[s+"-"+itoa(n)] = true
				} else {
					slugs[s] = true
				}
				seen[s]++
			}
			for _, m := range uncertainDef.FindAllStringSubmatch(line, -1) {
				defs[m[1]] = append(defs[m[1]], "docs/"+e.Name()+":"+itoa(i+1))
			}
		}
		pages[e.Name()] = slugs
	}
	return pages, defs
}

// headingSlug is the anchor GitHub gives a heading: lower case, letters,
// digits, '-' and '_' kept, spaces turned into '-', everything else
// dropped.
func headingSlug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
