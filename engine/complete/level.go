package complete

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/workspace"
)

// apphostLevel is the config path applicationHost.config is read at.
const apphostLevel = "MACHINE/WEBROOT/APPHOST"

// levelOf is the config path at which file is read (docs/hierarchy.md#which-files-are-read),
// and the summary of every section in scope there (declarations and lock
// states, by full name): the level of the page's path (or of APPHOST)
// whose chain reads the file, else for a web.config the URL whose virtual
// directory maps its folder (the longest physical path wins). The level
// is "" when nothing reads the file; the sections are then the server's.
// The usual case, the file of the path the page shows, costs one
// evaluation.
func levelOf(e Engine, file, pagePath string) (string, map[string]model.Section) {
	key := workspace.Key(file)
	for _, p := range []string{pagePath, apphostLevel} {
		r := e.Evaluate(p, config.EvalOptions{Summary: true})
		for _, lv := range r.Chain {
			if lv.File != "" && workspace.Key(lv.File) == key {
				if lv.ConfigPath == r.ConfigPath {
					return lv.ConfigPath, byName(r)
				}
				return lv.ConfigPath, sectionsAt(e, lv.ConfigPath)
			}
		}
		if r.ConfigPath == apphostLevel {
			break
		}
	}
	level := webConfigLevel(e, file)
	if level == "" {
		return "", sectionsAt(e, apphostLevel)
	}
	return level, sectionsAt(e, level)
}

// webConfigLevel is the URL whose virtual directory maps a web.config's
// folder ("" for another file, or a folder no site maps).
func webConfigLevel(e Engine, file string) string {
	if !strings.EqualFold(workspace.Base(file), "web.config") {
		return ""
	}
	folder := workspace.Dir(file)
	best, bestLen := "", -1
	for _, s := range e.Sites() {
		for _, a := range s.Apps {
			for _, v := range a.Vdirs {
				phys := strings.TrimRight(workspace.Clean(v.PhysicalPathExpanded), `\`)
				if phys == "" || len(phys) <= bestLen || len(phys) > len(folder) || !workspace.Within(folder, phys) {
					continue
				}
				url := strings.TrimRight(a.Path, "/") + "/" + strings.Trim(v.Path, "/")
				if rest := strings.Trim(folder[len(phys):], `\`); rest != "" {
					url = strings.TrimRight(url, "/") + "/" + strings.ReplaceAll(rest, `\`, "/")
				}
				best = strings.TrimRight(apphostLevel+"/"+s.Name+url, "/")
				bestLen = len(phys)
			}
		}
	}
	return best
}

// target is the config path a definition applies to: the file's level,
// below it by the enclosing location tag's path. "" when the level is
// unknown or the path does not resolve.
func target(e Engine, level string, f frame) string {
	if level == "" {
		return ""
	}
	p := strings.Trim(f.location, "/")
	if !f.inLocation || p == "" || p == "." {
		return level
	}
	cp, d := e.NormalizePath(level + "/" + p)
	if d != nil {
		return ""
	}
	return cp
}

// parentPath is the config path above p ("" above MACHINE).
func parentPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

// sectionsAt is the summary of every section in scope at a config path:
// its declaration and lock state, by full name.
func sectionsAt(e Engine, path string) map[string]model.Section {
	return byName(e.Evaluate(path, config.EvalOptions{Summary: true}))
}

func byName(r *model.Result) map[string]model.Section {
	out := make(map[string]model.Section, len(r.Sections))
	for _, s := range r.Sections {
		out[s.Name] = s
	}
	return out
}
