package samples

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/expect"
)

// minSamples is the course's promised size.
const minSamples = 37

// parsed returns every sample that parses and reports the others.
func parsed(t *testing.T) []Sample {
	t.Helper()
	all, errs := parseAll()
	for _, err := range errs {
		t.Errorf("%v", err)
	}
	return all
}

// TestSamplesRun runs every sample's expectations through the engine: its
// starting state and the workspace after each of its steps. A sample whose
// outcome changes fails the build, and so does one that shows the outcome
// of an UNCERTAIN(<id>) rule without saying so.
func TestSamplesRun(t *testing.T) {
	for _, s := range parsed(t) {
		t.Run(s.Name, func(t *testing.T) {
			c, err := s.Case()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range c.Lint() {
				t.Errorf("%s", f)
			}
			for _, f := range c.Run(expect.RunOptions{RequireCaveats: true}) {
				t.Errorf("%s", f)
			}
		})
	}
}

// TestSamplesCourse checks what the gallery and the docs page rely on: the
// lessons come module by module in course order, the troubleshooting
// chapter follows and links each reproduction to a lesson, every lesson
// has new words and a "Try it", every reproduction a fix.
func TestSamplesCourse(t *testing.T) {
	all := parsed(t)
	if len(all) < minSamples {
		t.Errorf("%d samples, want at least %d", len(all), minSamples)
	}
	orders := map[int]string{}
	lessons := map[string]bool{}
	lastModule, lastLesson, firstRepro := -1, 0, 0
	for _, s := range all { // in order
		if s.Group == "lesson" {
			lessons[s.Name] = true
		}
	}
	for _, s := range all {
		where := s.Name + ".txtar"
		if s.Title == "" || len(s.Title) > 70 {
			t.Errorf("%s: title %q: want a short, non-empty title", where, s.Title)
		}
		if s.Order == 0 {
			t.Errorf("%s: no order", where)
		} else if other, dup := orders[s.Order]; dup {
			t.Errorf("%s: order %d already used by %s", where, s.Order, other)
		}
		orders[s.Order] = s.Name
		kinds := map[string]int{}
		for _, st := range s.Steps {
			kinds[st.Kind]++
		}
		switch s.Group {
		case "lesson":
			m := slices.Index(expect.Modules(), s.Module)
			switch {
			case m < 0:
				t.Errorf("%s: a lesson names its module", where)
			case m < lastModule:
				t.Errorf("%s: module %s after a lesson of module %s: lessons follow the course's module order", where, s.Module, expect.Modules()[lastModule])
			}
			lastModule = max(lastModule, m)
			lastLesson = max(lastLesson, s.Order)
			if len(s.Words) == 0 {
				t.Errorf("%s: no `word` lines: a lesson has a new-words box", where)
			}
			if kinds["try"] == 0 {
				t.Errorf("%s: no `step … try` step: a lesson has a Try it", where)
			}
		case "reproduction":
			if firstRepro == 0 || s.Order < firstRepro {
				firstRepro = s.Order
			}
			if !lessons[s.Exercises] {
				t.Errorf("%s: exercises %q: a reproduction links to the lesson it exercises", where, s.Exercises)
			}
			if kinds["fix"] == 0 {
				t.Errorf("%s: no `step … fix` step: a reproduction's fix is a test", where)
			}
		default:
			t.Errorf("%s: group %q", where, s.Group)
		}
		if s.View == "" {
			t.Errorf("%s: no view", where)
		}
		if len(s.Explanation) == 0 {
			t.Errorf("%s: no explanation", where)
		}
		checkEvidence(t, s)
		checkOpen(t, s)
	}
	if firstRepro != 0 && firstRepro < lastLesson {
		t.Errorf("reproductions must follow the lessons: reproduction at order %d before lesson at %d", firstRepro, lastLesson)
	}
}

// checkEvidence: every sample names its sources. The repository stands on
// its own, so it cites the project's docs pages (which must exist) and
// Microsoft's public articles, never the team's internal specification.
func checkEvidence(t *testing.T, s Sample) {
	t.Helper()
	where := s.Name + ".txtar"
	if s.Evidence == "" {
		t.Errorf("%s: no Evidence paragraph", where)
		return
	}
	if strings.Contains(s.Evidence, "SPEC") {
		t.Errorf("%s: the Evidence cites SPEC, which is not part of the repository: cite docs/*.md and Microsoft's articles", where)
	}
	for _, m := range docsPageRe.FindAllString(s.Evidence, -1) {
		if _, err := os.Stat(filepath.Join("..", m)); err != nil {
			t.Errorf("%s: the Evidence cites %s, which does not exist", where, m)
		}
	}
}

var docsPageRe = regexp.MustCompile(`docs/[a-z0-9-]+\.md`)

// TestSamplesCaveatsNameRealRules: each caveat names a rule marked
// UNCERTAIN(<id>) in the engine's code or the docs pages, so the sentence
// a learner reads and the choice it warns about are one rule.
func TestSamplesCaveatsNameRealRules(t *testing.T) {
	marks := uncertainMarkers(t)
	for _, s := range parsed(t) {
		for _, cv := range s.Caveats {
			if !marks[cv.ID] {
				t.Errorf("%s.txtar:%d: uncertain %s: no UNCERTAIN(%s) marker in engine/ or docs/", s.Name, cv.Line, cv.ID, cv.ID)
			}
		}
	}
}

// markerRe matches UNCERTAIN(<id>) (written so that it does not match itself).
var markerRe = regexp.MustCompile(`UNCERTAI[N]\(([a-z0-9]+(?:-[a-z0-9]+)*)\)`)

// uncertainMarkers collects the UNCERTAIN(<id>) markers of the engine's Go
// files and the docs pages.
func uncertainMarkers(t *testing.T) map[string]bool {
	t.Helper()
	marks := map[string]bool{}
	for _, root := range []string{"../engine", "../docs"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) && p == root {
					return filepath.SkipDir
				}
				return err
			}
			if d.IsDir() || !(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md")) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range markerRe.FindAllStringSubmatch(string(data), -1) {
				marks[m[1]] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return marks
}

// checkOpen evaluates the path the playground opens: it must resolve to a
// site (no unrecognized path) and report the section the sample focuses.
func checkOpen(t *testing.T, s Sample) {
	t.Helper()
	where := s.Name + ".txtar"
	if s.Open == "" {
		t.Errorf("%s: no open path", where)
		return
	}
	ws, err := s.Workspace()
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	eng := config.New(ws)
	res := eng.Evaluate(s.Open, config.EvalOptions{})
	for _, d := range res.Diagnostics {
		if d.ID == diag.PathUnknown {
			t.Errorf("%s: open %s does not resolve: %s", where, s.Open, d.Message)
			return
		}
	}
	if res.Mapping == nil {
		t.Errorf("%s: open %s maps to no site", where, s.Open)
	}
	if s.Section == "" {
		t.Errorf("%s: no section", where)
		return
	}
	for _, sec := range res.Sections {
		if sec.Name == s.Section {
			return
		}
	}
	t.Errorf("%s: section %s is not in the result at %s", where, s.Section, s.Open)
}
