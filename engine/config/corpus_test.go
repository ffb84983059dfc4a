package config_test

// Real-world corpus tests: every file of the shared corpus (real IIS
// configuration copied byte for byte from public repositories, described
// by MANIFEST.tsv) is placed where its kind belongs in a workspace and
// evaluated. The corpus is not shipped with the project: the tests skip
// when it is absent.
//
//   - TestCorpusLoads: no file, alone or with its siblings from the same
//     repository, makes the engine panic or hang.
//   - TestCorpusClean (corpus_clean_test.go): every well-formed file of
//     applicationhost/ and webconfig/, with the server features it needs,
//     passes Check with no diagnostic but the real errors listed in
//     corpusReal (and the known gaps in corpusGaps).
//   - TestCorpusMalformed: every file the MANIFEST marks as not well-formed
//     gives exactly one XML diagnostic, at the line where the XML breaks.

import (
	"bufio"
	"fmt"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// corpusDeadline bounds one corpus case (building the engine, every
// evaluation and Check). The largest file takes well under a second; the
// margin is for -race and slow CI machines. Past it the case fails rather
// than hanging the test binary.
const corpusDeadline = 2 * time.Minute

// corpusSiteWebConfig is where web.config-like files are placed: the
// physical root of the stock server's Default Web Site.
const (
	corpusSiteDir       = `C:\inetpub\wwwroot`
	corpusSiteWebConfig = corpusSiteDir + `\web.config`
	corpusServerPath    = "MACHINE/WEBROOT/APPHOST"
	corpusStockSite     = corpusServerPath + "/Default Web Site"
)

// corpusRoot finds the corpus (testkit.Corpus) and checks it has its
// manifest.
func corpusRoot(tb testing.TB) string {
	tb.Helper()
	dir := testkit.Corpus(tb)
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); err != nil {
		tb.Skipf("corpus not present (%v); set IISCONF_CORPUS to run", err)
	}
	return dir
}

// corpusEntry is one MANIFEST row.
type corpusEntry struct {
	local string // file under the corpus folder, '/'-separated
	repo  string
	path  string // path in the source repository
	kind  string
	note  string
	// Set when the note starts with "NOT well-formed XML (<why>: line N,
	// column C)" — the position expat reported when the corpus was built.
	malformed  bool
	badLine    int
	badColumn  int
	badMessage string
}

var corpusMalformedNote = regexp.MustCompile(`^NOT well-formed XML \((.*): line (\d+), column (\d+)\)`)

// corpusManifest reads MANIFEST.tsv (skipping the test when the corpus is
// absent) and checks that it lists every file of the corpus, so that a file
// added without a manifest row is not silently left out.
func corpusManifest(tb testing.TB) (string, []corpusEntry) {
	tb.Helper()
	root := corpusRoot(tb)
	f, err := os.Open(filepath.Join(root, "MANIFEST.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue // header
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 {
			tb.Fatalf("MANIFEST.tsv:%d: %d columns, want 6", n, len(cols))
		}
		e := corpusEntry{local: cols[0], repo: cols[1], path: cols[2], kind: cols[4], note: cols[5]}
		if m := corpusMalformedNote.FindStringSubmatch(e.note); m != nil {
			e.malformed = true
			e.badMessage = m[1]
			e.badLine, _ = strconv.Atoi(m[2])
			e.badColumn, _ = strconv.Atoi(m[3])
		} else if strings.Contains(e.note, "NOT well-formed") {
			tb.Fatalf("MANIFEST.tsv:%d: unparsable malformed note %q", n, e.note)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	listed := map[string]bool{}
	for _, e := range out {
		listed[e.local] = true
	}
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel != "MANIFEST.tsv" && rel != "README.md" && !listed[rel] {
			tb.Errorf("corpus file %s has no MANIFEST row", rel)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("MANIFEST.tsv lists no files")
	}
	return root, out
}

func corpusRead(tb testing.TB, root string, e corpusEntry) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.local)))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// corpusIsAppHost reports whether a kind is placed as applicationHost.config.
func corpusIsAppHost(kind string) bool {
	return kind == "applicationhost" || kind == "applicationhost-template" || kind == "applicationhost-fragment"
}

// corpusCase is one workspace to evaluate.
type corpusCase struct {
	name   string
	ws     *workspace.Workspace
	placed string   // where the entry's own file went
	paths  []string // config paths evaluated besides the server level and site roots
}

// corpusPlace puts one corpus file where its kind belongs (see the package
// comment of workspace for the well-known paths):
//
//	applicationhost*            applicationHost.config of an otherwise empty
//	                            workspace (built-in machine.config/root web.config)
//	administration.config,      beside the well-formed applicationHost.config of
//	redirection.config          the same repository, else beside the stock one
//	machine.config, root web.config   their Framework64 v4 paths over the stock server
//	schema                      the schema folder over the stock server
//	everything else             C:\inetpub\wwwroot\web.config over the stock server
//	                            (web.config, configSource targets, snippets, app.config)
func corpusPlace(tb testing.TB, root string, e corpusEntry, all []corpusEntry) corpusCase {
	tb.Helper()
	text := corpusRead(tb, root, e)
	c := corpusCase{name: e.local}
	switch {
	case corpusIsAppHost(e.kind):
		c.ws = workspace.New()
		c.placed = workspace.AppHostPath
	case e.kind == "administration.config" || e.kind == "redirection.config":
		c.ws = stock.Workspace()
		for _, o := range all {
			if o.repo == e.repo && o.kind == "applicationhost" && !o.malformed && path.Dir(o.path) == path.Dir(e.path) {
				c.ws.Set(workspace.AppHostPath, corpusRead(tb, root, o))
				break
			}
		}
		c.placed = workspace.AdministrationPath
		if e.kind == "redirection.config" {
			c.placed = workspace.RedirectionPath
		}
	case e.kind == "machine.config":
		c.ws = stock.Workspace()
		c.placed = workspace.MachineConfigPath
		c.paths = []string{"MACHINE", "MACHINE/WEBROOT"}
	case e.kind == "root web.config":
		c.ws = stock.Workspace()
		c.placed = workspace.RootWebConfigPath
		c.paths = []string{"MACHINE", "MACHINE/WEBROOT"}
	case e.kind == "schema":
		c.ws = stock.Workspace()
		c.placed = workspace.Join(workspace.SchemaDir, path.Base(e.path))
	default:
		c.ws = stock.Workspace()
		c.placed = corpusSiteWebConfig
		c.paths = []string{corpusStockSite}
		if e.kind == "web.config" {
			// configSource targets of the same repository below this
			// file's folder go where the web.config's relative
			// configSource paths find them.
			dir := path.Dir(e.path)
			for _, o := range all {
				if o.repo == e.repo && o.kind == "configSource-target" && strings.HasPrefix(o.path, dir+"/") {
					c.ws.Set(workspace.Join(corpusSiteDir, strings.TrimPrefix(o.path, dir+"/")), corpusRead(tb, root, o))
				}
			}
		}
	}
	c.ws.Set(c.placed, text)
	return c
}

// corpusTrees builds one site per repository holding several web.config
// files: each goes to the folder under C:\inetpub\wwwroot matching its
// folder below the files' common ancestor, so parent/child inheritance
// (Subtext, Mono's Locations, WebGoat, Glimpse, …) is exercised. Files that
// would share a folder keep the first; configSource targets come along.
func corpusTrees(tb testing.TB, root string, all []corpusEntry) []corpusCase {
	tb.Helper()
	byRepo := map[string][]corpusEntry{}
	var repos []string
	for _, e := range all {
		if e.kind != "web.config" && e.kind != "configSource-target" {
			continue
		}
		if _, ok := byRepo[e.repo]; !ok {
			repos = append(repos, e.repo)
		}
		byRepo[e.repo] = append(byRepo[e.repo], e)
	}
	var out []corpusCase
	for _, repo := range repos {
		es := byRepo[repo]
		var webs []corpusEntry
		for _, e := range es {
			if e.kind == "web.config" {
				webs = append(webs, e)
			}
		}
		if len(webs) < 2 {
			continue
		}
		common := path.Dir(webs[0].path)
		for _, e := range webs[1:] {
			for d := path.Dir(e.path); common != "." && d != common && !strings.HasPrefix(d, common+"/"); {
				common = path.Dir(common)
			}
		}
		rel := func(p string) string {
			if common == "." {
				return p
			}
			return strings.TrimPrefix(p, common+"/")
		}
		c := corpusCase{name: "tree:" + repo, ws: stock.Workspace()}
		used := map[string]bool{}
		for _, e := range webs {
			dst := workspace.Join(corpusSiteDir, path.Dir(rel(e.path)), "web.config")
			if used[workspace.Key(dst)] {
				continue
			}
			used[workspace.Key(dst)] = true
			c.ws.Set(dst, corpusRead(tb, root, e))
			if c.placed == "" {
				c.placed = dst
			}
		}
		if len(used) < 2 {
			continue
		}
		for _, e := range es {
			if e.kind == "configSource-target" && (common == "." || strings.HasPrefix(e.path, common+"/")) {
				c.ws.Set(workspace.Join(corpusSiteDir, rel(e.path)), corpusRead(tb, root, e))
			}
		}
		out = append(out, c)
	}
	return out
}

// corpusGuard runs f in a goroutine, turning a panic into an error with the
// stack and a run past the deadline into an error (the goroutine is left
// behind: a hung engine cannot be stopped, but the test must not hang).
func corpusGuard(what string, deadline time.Duration, f func()) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%s: panic: %v\n%s", what, r, debug.Stack())
			}
		}()
		f()
		done <- nil
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(deadline):
		return fmt.Errorf("%s: still running after %v (hang?)", what, deadline)
	}
}

// corpusPaths is what a case evaluates: the server level, the case's own
// extra paths and every site root of the site map.
func corpusPaths(e *config.Engine, extra []string) []string {
	paths := append([]string{corpusServerPath}, extra...)
	for _, s := range e.SiteMap().Sites {
		paths = append(paths, corpusServerPath+"/"+s.Name)
	}
	return paths
}

// corpusCheckDiag reports what is wrong with a diagnostic's shape: every
// diagnostic must come from the catalogue, with its HRESULT, a message and
// a non-negative position.
func corpusCheckDiag(d diag.Diagnostic) string {
	ent, ok := diag.Lookup(d.ID)
	switch {
	case !ok:
		return fmt.Sprintf("unknown diagnostic id %q", d.ID)
	case d.Message == "":
		return "empty message"
	case ent.HRESULT != 0 && d.HRESULT != fmt.Sprintf("0x%08x", ent.HRESULT):
		return fmt.Sprintf("HRESULT %s, catalogue says 0x%08x", d.HRESULT, ent.HRESULT)
	case d.File != "" && (d.Line < 0 || d.Column < 0):
		return fmt.Sprintf("position %d:%d", d.Line, d.Column)
	}
	return ""
}

func corpusFormat(d diag.Diagnostic) string {
	s := fmt.Sprintf("%s %s %s:%d", d.ID, d.HRESULT, d.File, d.Line)
	if d.Section != "" {
		s += " [" + d.Section + "]"
	}
	return s + " " + d.Message
}

// TestCorpusLoads: every corpus file, placed by kind, and every
// multi-web.config repository as a site tree, evaluates at the server level,
// its extra paths and every site root, and passes Check (not in -short
// mode), without a panic or a hang. Diagnostics are expected here (many files are fragments); only
// their shape is checked.
func TestCorpusLoads(t *testing.T) {
	root, all := corpusManifest(t)
	var cases []corpusCase
	for _, e := range all {
		cases = append(cases, corpusPlace(t, root, e, all))
	}
	trees := corpusTrees(t, root, all)
	if len(trees) == 0 {
		t.Error("no multi-web.config repository found: the tree cases test nothing")
	}
	cases = append(cases, trees...)
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var bad []string
			err := corpusGuard(c.name, corpusDeadline, func() {
				e := config.New(c.ws)
				// The paths are evaluated concurrently on one fresh Engine:
				// it promises to be safe for several goroutines (its caches
				// fill lazily), and -race checks that promise on real data.
				var (
					mu sync.Mutex
					wg sync.WaitGroup
					ds []diag.Diagnostic
				)
				for _, p := range corpusPaths(e, c.paths) {
					wg.Add(1)
					go func() {
						defer wg.Done()
						defer func() {
							if r := recover(); r != nil {
								mu.Lock()
								bad = append(bad, fmt.Sprintf("Evaluate(%q): panic: %v\n%s", p, r, debug.Stack()))
								mu.Unlock()
							}
						}()
						r := e.Evaluate(p, config.EvalOptions{})
						mu.Lock()
						ds = append(ds, r.Diagnostics...)
						mu.Unlock()
					}()
				}
				wg.Wait()
				// Check evaluates every config path (applications, virtual
				// directories, folders, location targets); -short leaves it
				// out to keep the run under a few seconds.
				if !testing.Short() {
					ds = append(ds, e.Check()...)
				}
				for _, d := range ds {
					if msg := corpusCheckDiag(d); msg != "" {
						bad = append(bad, msg+": "+corpusFormat(d))
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Error(b)
			}
		})
	}
}

// corpusExcluded are files TestCorpusClean leaves out, with the reason.
// Malformed files are left out automatically (TestCorpusMalformed covers
// them).
var corpusExcluded = map[string]string{
	// Line 155 is the text "{{SiteDefinitions}}" inside <sites>, which the
	// repository's build replaces; as-is IIS rejects it (text content in a
	// section, docs/schema.md#unknown-content) and the file has no site at all.
	"applicationhost/sandeepbassi-byte__docker__applicationhost.config.template": "template with a {{SiteDefinitions}} placeholder inside <sites> (MANIFEST: not valid as-is)",
}

// corpusMalformedLine overrides the MANIFEST's line for a malformed file
// when that line is an artefact of the parser that wrote the MANIFEST
// (expat), with the reason. Empty: every MANIFEST line is where the XML
// really breaks.
var corpusMalformedLine = map[string]struct {
	line int
	why  string
}{}

// TestCorpusMalformed: each file the MANIFEST marks "NOT well-formed XML"
// gives exactly one diagnostic for that file, the XML one of docs/diagnostics.md#catalogue
// (0x8007000d, "Configuration file is not well-formed XML"), at the line
// where the XML breaks.
func TestCorpusMalformed(t *testing.T) {
	root, all := corpusManifest(t)
	ent, _ := diag.Lookup(diag.XML)
	wantHR := fmt.Sprintf("0x%08x", ent.HRESULT)
	var ran int
	for _, e := range all {
		if !e.malformed {
			continue
		}
		ran++
		e := e
		t.Run(e.local, func(t *testing.T) {
			c := corpusPlace(t, root, e, all)
			want := e.badLine
			if o, ok := corpusMalformedLine[e.local]; ok {
				want = o.line
			}
			var mine []diag.Diagnostic
			err := corpusGuard(e.local, corpusDeadline, func() {
				eng := config.New(c.ws)
				seen := map[string]bool{}
				for _, p := range corpusPaths(eng, c.paths) {
					for _, d := range eng.Evaluate(p, config.EvalOptions{}).Diagnostics {
						d.ConfigPath = ""
						if strings.EqualFold(d.File, c.placed) && !seen[d.Key()] {
							seen[d.Key()] = true
							mine = append(mine, d)
						}
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(mine) != 1 {
				var lines []string
				for _, d := range mine {
					lines = append(lines, corpusFormat(d))
				}
				t.Fatalf("want exactly one diagnostic for %s (XML at line %d), got %d:\n%s", c.placed, want, len(mine), strings.Join(lines, "\n"))
			}
			d := mine[0]
			if d.ID != diag.XML || d.HRESULT != wantHR || d.Message != "Configuration file is not well-formed XML" {
				t.Errorf("got %s, want XML %s Configuration file is not well-formed XML", corpusFormat(d), wantHR)
			}
			if d.Line != want {
				t.Errorf("XML diagnostic at line %d:%d, want line %d (MANIFEST: %s at %d:%d)", d.Line, d.Column, want, e.badMessage, e.badLine, e.badColumn)
			}
		})
	}
	if ran == 0 {
		t.Fatal("the MANIFEST marks no file as malformed: the test tests nothing")
	}
}
