package config

import (
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/workspace"
)

// chain is the ordered list of levels from MACHINE to a config path, each
// with the file read there (docs/hierarchy.md#which-files-are-read).
type chain struct {
	path    cpath
	fw      Framework // the framework folder the chain reads (docs/hierarchy.md#framework-folders)
	top     *topFiles // the top files through that folder
	levels  []chainLevel
	mapping *Mapping
	site    *site
	app     *app  // application of the path (nil above the sites)
	appRoot cpath // config path of that application's root
	err     *diag.Diagnostic

	// relKeys memoises relKey by from*len(path)+to, each key stored
	// behind a "/" so that "" means not yet made.
	relKeys []string
	pathStr string // path.String(), made once (pathString)
	keyBuf  []byte // re-used for each section's cache keys (sectionResultAt)
	// defined memoises levelsDefining.
	defined map[string]int
	// results are the section results of every section in scope (in
	// sectionsInScope's order), kept by the first evaluation that stores
	// its results (sectionResults): a chain's results depend on the engine
	// and the path only, so the next evaluation of the path reads them.
	results     []*sectionResult
	resultNames []string
	levelModel  []model.Level // chainModel's, made once
}

// levelsDefining has bit d set when the file read at depth d of the chain
// defines section name (in a <location> or not), for the first 64 levels
// (deeper ones are asked of their file). Made once per chain from each
// file's list of the sections it defines: asking every level's file about
// every section at every level of the merge was most of a warm
// evaluation's time in wasm (a string-keyed map look-up each, hashed
// without the processor's help).
func (ch *chain) levelsDefining(name string) int {
	if ch.defined == nil {
		ch.defined = map[string]int{}
		for depth, lv := range ch.levels {
			if lv.a == nil || depth >= 64 {
				continue
			}
			for n, count := range lv.a.sections {
				if count != 0 {
					ch.defined[n] |= 1 << depth
				}
			}
		}
	}
	return ch.defined[name]
}

// pathString is the chain's path as a string, made on first use: every
// section's cache key names it.
func (ch *chain) pathString() string {
	if ch.pathStr == "" {
		ch.pathStr = ch.path.String()
	}
	return ch.pathStr
}

type chainLevel struct {
	path      cpath
	a         *analysis // nil when no file is read at this level
	candidate string
	skipped   string
}

// topChain is the chain of a path at or above APPHOST.
func (e *Engine) topChain(p cpath) *chain {
	return e.topChainIn(e.frameworkFor(nil, nil), p)
}

// topChainIn is the levels at and above APPHOST of a path as framework fw
// reads them.
func (e *Engine) topChainIn(fw Framework, p cpath) *chain {
	t := e.topsFor(fw.folder)
	ch := &chain{path: p, fw: fw, top: t}
	as := []*analysis{t.machineA, t.webrootA, t.apphostA}
	for i := 0; i < len(p) && i < 3; i++ {
		ch.levels = append(ch.levels, chainLevel{path: p[:i+1], a: as[i]})
	}
	return ch
}

// evaluationChain is p's chain for one evaluation, which has it to itself
// until it gives it back (keepChain). A chain depends only on the engine
// and the path, and besides its memos (relKeys, pathStr) and its scratch
// (keyBuf) it does not change once built, so the engine keeps the last
// one given back: evaluating the same path again (a panel asking after
// another) builds nothing. Building it was half of a warm evaluation's
// allocations (the levels' file paths cleaned and looked up, the site's
// URL mapped), and its memos the relative keys of every section's
// definitions. Another evaluation at the same time builds its own.
func (e *Engine) evaluationChain(p cpath) *chain {
	e.mu.Lock()
	ch := e.spare
	if ch != nil && sameSegments(ch.path, p) {
		e.spare = nil
		e.mu.Unlock()
		return ch
	}
	e.mu.Unlock()
	return e.chainFor(p)
}

// keepChain gives back a chain evaluationChain gave: the next evaluation
// of its path re-uses it.
func (e *Engine) keepChain(ch *chain) {
	e.mu.Lock()
	e.spare = ch
	e.mu.Unlock()
}

// sameSegments is p == q, case included: a chain's path is the result's
// config path as the user wrote it.
func sameSegments(p, q cpath) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

// chainFor builds the chain of a normalised config path. Paths below
// APPHOST must name an existing site with a root application.
func (e *Engine) chainFor(p cpath) *chain {
	if len(p) <= levelAppHost+1 {
		return e.topChain(p)
	}
	sm := e.siteMapOf()
	s := sm.byName[strings.ToLower(p[levelSite])]
	if s == nil || s.rootApp() == nil {
		ch := e.topChain(p[:levelSite])
		ch.path = p
		d := diag.At(diag.PathUnknown, "", diag.NoRange, p.String())
		d.ConfigPath = p.String()
		ch.err = &d
		return ch
	}
	// The application serving the path decides the framework folder of
	// the whole chain: its pool's worker process reads every level.
	urlAll := []string(p[levelSite+1:])
	a, v, phys, physExp := s.mapURL(urlAll)
	var pl *pool
	if a != nil {
		pl = sm.pools[strings.ToLower(a.pool)]
	}
	fw := e.frameworkFor(a, pl)
	ch := e.topChainIn(fw, p[:levelSite])
	ch.path = p
	ch.site = s
	prev := ch.top.apphostA
	for i := levelSite; i < len(p); i++ {
		segs := urlAll[:i-levelSite]
		lv := chainLevel{path: p[:i+1]}
		a, v, _, phys := s.mapURL(segs)
		switch {
		case v == nil:
			lv.skipped = "no virtual directory maps this URL"
		default:
			// No folder check: workspaces have no folders of their own, so a
			// missing one is never an error here, UNCERTAIN(missing-deep-folder)
			// (docs/hierarchy.md#which-files-are-read).
			lv.candidate = workspace.Join(phys, "web.config")
			pl := sm.pools[strings.ToLower(a.pool)]
			switch {
			case !v.allowSubDirConfig && len(segs) > len(v.segs):
				lv.skipped = `allowSubDirConfig="false" on virtual directory ` + v.path
			case pl != nil && !pl.enableConfigurationOverride:
				lv.skipped = `enableConfigurationOverride="false" on application pool ` + pl.name
			default:
				if pf := e.file(lv.candidate); pf != nil {
					lv.a = e.analyze(pf, prev.reg, fileLevelInfo{depth: i, level: lv.path})
					prev = lv.a
				}
			}
		}
		ch.levels = append(ch.levels, lv)
	}
	ch.app = a
	ch.mapping = &Mapping{Site: s.name, SiteID: s.id, URLPath: "/" + strings.Join(urlAll, "/"), Framework: fw}
	if a != nil {
		ch.mapping.AppPath = a.path
		ch.mapping.AppPool = a.pool
		ch.appRoot = cpath(rootSegments).join([]string{s.name}).join(a.segs)
	}
	if v != nil {
		ch.mapping.VdirPath = "/" + strings.Join(v.segs, "/")
		ch.mapping.PhysicalPath = phys
		ch.mapping.PhysicalPathExpanded = physExp
	} else {
		ch.mapping.NoPhysicalPath = true
	}
	return ch
}

// NormalizePath turns what a user types into a config path: "" (server
// level), "MACHINE/WEBROOT/APPHOST/Site/app", "Site/app", "Site/" or a
// request URL "http://host:port/app/page.aspx" (docs/hierarchy.md#config-paths). A path that
// does not resolve returns a PATH_UNK diagnostic.
func (e *Engine) NormalizePath(in string) (string, *diag.Diagnostic) {
	p, err := e.normalize(in)
	if err != nil {
		return "", err
	}
	return p.String(), nil
}

func (e *Engine) normalize(in string) (cpath, *diag.Diagnostic) {
	s := strings.TrimSpace(in)
	unknown := func(shown string) (cpath, *diag.Diagnostic) {
		d := diag.At(diag.PathUnknown, "", diag.NoRange, shown)
		d.ConfigPath = shown
		return nil, &d
	}
	if s == "" || s == "/" {
		return cpath(rootSegments), nil
	}
	if strings.Contains(s, "://") {
		scheme, host, port, path, ok := splitRequestURL(s)
		if !ok {
			return unknown(s)
		}
		st := e.siteMapOf().siteForURL(scheme, host, port)
		if st == nil {
			return unknown(s)
		}
		p := cpath(rootSegments).join([]string{st.name}).join(urlSegments(path))
		return e.checkSite(p)
	}
	if strings.HasPrefix(strings.ToUpper(s), "MACHINE") {
		p, ok := splitConfigPath(s)
		if !ok || (len(p) >= 3 && !strings.EqualFold(p[2], "APPHOST")) {
			return unknown(s)
		}
		if len(p) <= levelSite {
			return p, nil
		}
		return e.checkSite(p)
	}
	// "Site/app/x": the first segment is the site name verbatim.
	s = strings.TrimLeft(s, "/")
	site, rest, _ := strings.Cut(s, "/")
	p := cpath(rootSegments).join([]string{site}).join(urlSegments(rest))
	return e.checkSite(p)
}

// checkSite canonicalises the site name and checks it has a root
// application (docs/hierarchy.md#config-paths).
func (e *Engine) checkSite(p cpath) (cpath, *diag.Diagnostic) {
	if len(p) <= levelSite {
		return p, nil
	}
	s := e.siteMapOf().byName[strings.ToLower(p[levelSite])]
	if s == nil || s.rootApp() == nil {
		d := diag.At(diag.PathUnknown, "", diag.NoRange, p.String())
		d.ConfigPath = p.String()
		return nil, &d
	}
	out := append(cpath(nil), p...)
	out[levelSite] = s.name
	return out, nil
}

// isAppRoot reports whether a config path is an application root (for
// allowDefinition="MachineToApplication").
func (e *Engine) isAppRoot(p cpath) bool {
	if len(p) <= levelAppHost+1 {
		return true
	}
	s := e.siteMapOf().byName[strings.ToLower(p[levelSite])]
	if s == nil {
		return false
	}
	segs := []string(p[levelSite+1:])
	for _, a := range s.apps {
		if len(a.segs) == len(segs) && isURLPrefix(a.segs, segs) {
			return true
		}
	}
	return false
}
