package script_test

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/testkit"
	"github.com/iisconf/iisconf/engine/workspace"
)

type corpusFile struct{ local, kind, note string }

func corpusFiles(t *testing.T, dir string) []corpusFile {
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusFile
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 || cols[0] == "local_file" {
			continue
		}
		out = append(out, corpusFile{local: cols[0], kind: cols[4], note: cols[5]})
	}
	return out
}

// misses collects the changes a replay did not reach, with the reason,
// for the test's log (docs/support.md lists the kinds).
type misses struct {
	mu   sync.Mutex
	list []string
}

func (m *misses) add(name, why string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.list = append(m.list, name+": "+why)
}

func (m *misses) String() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	sort.Strings(m.list)
	return strings.Join(m.list, "\n  ")
}

// TestCorpusWebConfigDeploys deploys every real web.config of the corpus
// onto the stock server's Default Web Site and takes it away again, and
// checks that the replayed script reaches the target at every path.
func TestCorpusWebConfigDeploys(t *testing.T) {
	dir := testkit.Corpus(t)
	var ok, clean, total atomic.Int32
	var missed misses
	t.Cleanup(func() {
		t.Logf("%d of %d corpus changes replayed to their target at every path (%d with nothing left out); the others:\n  %s", ok.Load(), total.Load(), clean.Load(), &missed)
	})
	for _, cf := range corpusFiles(t, dir) {
		if cf.kind != "web.config" || strings.HasPrefix(cf.note, "NOT well-formed") {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, cf.local))
		if err != nil {
			t.Fatal(err)
		}
		to := stock.Workspace()
		to.Set(`C:\inetpub\wwwroot\web.config`, text)
		for _, dir := range []struct {
			name     string
			from, to *workspace.Workspace
		}{{"deploy", stock.Workspace(), to}, {"remove", to, stock.Workspace()}} {
			t.Run(cf.local+"/"+dir.name, func(t *testing.T) {
				t.Parallel()
				total.Add(1)
				good, c, why := checkReplay(t, dir.from, dir.to)
				if good {
					ok.Add(1)
				} else {
					missed.add(cf.local+"/"+dir.name, why)
				}
				if c {
					clean.Add(1)
				}
			})
		}
	}
}

// TestCorpusAppHostChanges scripts the change from one real
// applicationHost.config to another of the same family (the same
// section declarations: two IIS Express users' files, two Exchange
// servers), the "staging against production" case: sites, pools,
// location tags and server-wide sections differ.
func TestCorpusAppHostChanges(t *testing.T) {
	dir := testkit.Corpus(t)
	families := map[string][]string{}
	var order []string
	for _, cf := range corpusFiles(t, dir) {
		if cf.kind != "applicationhost" || strings.HasPrefix(cf.note, "NOT well-formed") {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, cf.local))
		if err != nil {
			t.Fatal(err)
		}
		k := declarationsKey(string(text))
		if _, ok := families[k]; !ok {
			order = append(order, k)
		}
		families[k] = append(families[k], cf.local)
	}
	var ok, total atomic.Int32
	var missed misses
	t.Cleanup(func() {
		t.Logf("%d of %d applicationHost.config changes replayed to their target at every path; the others:\n  %s", ok.Load(), total.Load(), &missed)
	})
	for _, k := range order {
		fam := families[k]
		for i := 0; i+1 < len(fam); i++ {
			a, b := fam[i], fam[i+1]
			t.Run(filepath.Base(a)+"→"+filepath.Base(b), func(t *testing.T) {
				t.Parallel()
				total.Add(1)
				from, to := appHostWorkspace(t, dir, a), appHostWorkspace(t, dir, b)
				if good, _, why := checkReplay(t, from, to); good {
					ok.Add(1)
				} else {
					missed.add(filepath.Base(a)+"→"+filepath.Base(b), why)
				}
			})
		}
	}
}

func appHostWorkspace(t *testing.T, dir, local string) *workspace.Workspace {
	text, err := os.ReadFile(filepath.Join(dir, local))
	if err != nil {
		t.Fatal(err)
	}
	w := workspace.New()
	w.Set(workspace.AppHostPath, text)
	return w
}

// declarationsKey is a file's <configSections> block without white
// space: files with equal keys declare the same sections.
func declarationsKey(text string) string {
	i := strings.Index(text, "<configSections>")
	j := strings.Index(text, "</configSections>")
	if i < 0 || j < i {
		return ""
	}
	return strings.Join(strings.Fields(text[i:j]), "")
}
