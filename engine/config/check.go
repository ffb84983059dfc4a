package config

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/sortx"
	"github.com/iisconf/iisconf/engine/workspace"
)

// ConfigPaths lists every config path the workspace defines: the server
// level, each site, application and virtual directory root, each folder
// holding a web.config (through every virtual path that reaches it), and
// each location target that resolves. Stale location targets (a deleted
// site) are left out: IIS does not fail on them (docs/locations.md#path).
func (e *Engine) ConfigPaths() []string {
	paths := pathSet{seen: map[string]bool{}}
	add := paths.add
	add(cpath(rootSegments))
	sm := e.siteMapOf()
	dirs := webConfigDirs(e.ws)
	for _, s := range sm.sites {
		if s.rootApp() == nil {
			continue
		}
		site := cpath(rootSegments).join([]string{s.name})
		add(site)
		for _, a := range s.apps {
			add(site.join(a.segs))
			for _, v := range a.vdirs {
				add(site.join(v.segs))
				for _, dir := range dirs.within(v.physicalExp) {
					rel := strings.TrimPrefix(workspace.Key(dir), strings.TrimRight(workspace.Key(v.physicalExp), `\`))
					segs := append(append([]string(nil), v.segs...), splitNonEmpty(originalCase(dir, rel), `\`)...)
					// Only through this vdir if the URL really maps here.
					if _, mv, _, _ := s.mapURL(segs); mv == v {
						add(site.join(segs))
					}
				}
			}
		}
	}
	// Location targets, found by reading the chains of the paths so far.
	// A file's location tags are read once per level it is read at: every
	// path shares the top files, and a hosting server's applicationHost.config
	// has a location tag per site.
	type fileLevel struct {
		a     *analysis
		level string
	}
	read := map[fileLevel]bool{}
	for i := 0; i < len(paths.order); i++ {
		ch := e.chainFor(paths.order[i])
		for _, lv := range ch.levels {
			if lv.a == nil {
				continue
			}
			k := fileLevel{lv.a, lv.path.key()}
			if read[k] {
				continue
			}
			read[k] = true
			for _, loc := range lv.a.locs {
				if loc.invalid || len(loc.rel) == 0 {
					continue
				}
				var t cpath
				if len(lv.path) < levelSite {
					t = cpath(rootSegments).join(loc.rel)
				} else {
					t = lv.path.join(loc.rel)
				}
				if p, err := e.checkSite(t); err == nil {
					add(p)
				}
			}
		}
	}
	out := make([]string, len(paths.order))
	for i, p := range paths.order {
		out[i] = p.String()
	}
	return out
}

// pathSet is ConfigPaths' list of paths, each once (case-insensitively),
// in the order found.
type pathSet struct {
	seen  map[string]bool
	order []cpath
}

// add is not inlined: as a closure it was copied into each of its six
// callers, ~1.4 KB of the engine wasm each.
//
//go:noinline
func (s *pathSet) add(p cpath) {
	if k := p.key(); !s.seen[k] {
		s.seen[k] = true
		s.order = append(s.order, p)
	}
}

// folderIndex holds the folders of the workspace's web.config files
// (outside the .NET Framework folders), sorted by key, to find those under a
// folder without scanning them all.
type folderIndex struct {
	keys []string // workspace.Key of each folder, sorted
	dirs []string // the folders as written, in the same order
}

func webConfigDirs(ws *workspace.Workspace) folderIndex {
	var x folderIndex
	type entry struct{ key, dir string }
	var es []entry
	for _, f := range ws.Files() {
		if strings.EqualFold(workspace.Base(f.Path), "web.config") && !workspace.Within(f.Path, workspace.FrameworkRoot) {
			dir := workspace.Dir(f.Path)
			es = append(es, entry{workspace.Key(dir), dir})
		}
	}
	sortx.Slice(len(es), func(i, j int) bool { return es[i].key < es[j].key }, func(i, j int) { es[i], es[j] = es[j], es[i] })
	for _, e := range es {
		x.keys = append(x.keys, e.key)
		x.dirs = append(x.dirs, e.dir)
	}
	return x
}

// within lists the folders at or below dir, in key order.
func (x folderIndex) within(dir string) []string {
	kd := strings.TrimRight(workspace.Key(dir), `\`)
	var out []string
	for i := sort.SearchStrings(x.keys, kd); i < len(x.keys); i++ {
		k := x.keys[i]
		if !strings.HasPrefix(k, kd) {
			break
		}
		if len(k) == len(kd) || k[len(kd)] == '\\' {
			out = append(out, x.dirs[i])
		}
	}
	return out
}

// originalCase returns the last len(rel) bytes of dir, so that segments
// keep the case the user wrote.
func originalCase(dir, rel string) string {
	if len(rel) > len(dir) {
		return rel
	}
	return dir[len(dir)-len(rel):]
}

func splitNonEmpty(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Check evaluates every config path the workspace defines and returns each
// distinct diagnostic once, sorted by file and line: the lint people run on
// their own configuration. A section-phase diagnostic names the first path
// that raises it; a file-phase one names none (every path reading the file
// raises it).
func (e *Engine) Check() []diag.Diagnostic {
	var ds diagSet
	for _, p := range e.ConfigPaths() {
		for _, d := range e.evaluate(p, EvalOptions{}, true).Diagnostics {
			// A file-phase error is raised by every path that reads the
			// file: it names none. A section-phase one keeps the first
			// path that raises it (in ConfigPaths order), so a list of
			// every file's diagnostics can say where each one is met.
			if d.Phase != diag.PhaseSection {
				d.ConfigPath = ""
			}
			ds.add(d)
		}
	}
	out := ds.sorted(e.position)
	sortx.Stable(len(out), func(i, j int) bool { return out[i].Severity == diag.Error && out[j].Severity != diag.Error }, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
