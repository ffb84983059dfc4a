package config

import (
	"strconv"
	"strings"
	"sync"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/sortx"
	"github.com/iisconf/iisconf/engine/textfmt"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// Engine evaluates one workspace snapshot. It shares a cache with the
// engines made from it by Update, so it may serve several goroutines.
type Engine struct {
	ws          *workspace.Workspace
	schema      *schema.Schema
	schemaDiags []diag.Diagnostic
	c           *cache
	gen         uint64
	envSig      string
	envHash     uint64
	baseKey     string // engineKey without the site map: fixed for the engine

	// clr is the framework version appcmd's /clr: asked for (WithCLR), ""
	// otherwise (docs/hierarchy.md#framework-folders).
	clr string

	mu       sync.Mutex   // guards top, sites, sitesKey and spare, computed lazily
	top      [4]*topFiles // by fwFolder.index
	sites    *siteMap
	sitesKey string // engineKey with the site map (set with sites)
	// spare is the chain of the last path evaluated, kept for the next
	// evaluation of the same path (evaluationChain).
	spare *chain
	// prior is what the engine Update made this one from evaluated last
	// (nil for New): the section results an edit cannot have changed are
	// taken from it (sectionResults).
	prior *priorChain
}

// New builds an engine for a snapshot of ws (later changes to ws are not
// seen: pass the changed workspace to Update).
func New(ws *workspace.Workspace) *Engine {
	return newEngine(ws.Clone(), newCache())
}

// Update returns an engine for a new version of the workspace that reuses
// every parse, analysis and section result the change did not affect
// (an edit in the playground re-reads one file, not the server). The
// receiver stays valid.
func (e *Engine) Update(ws *workspace.Workspace) *Engine {
	x := newEngine(ws.Clone(), e.c)
	x.clr = e.clr
	x.prior = e.priorForUpdate()
	return x
}

// Next is the engine for ws after prev: prev's Update, or a new engine
// when there is no prev. A holder of one long-lived engine (tools.wasm's
// store, collect) asks it before each question.
func Next(prev *Engine, ws *workspace.Workspace) *Engine {
	if prev == nil {
		return New(ws)
	}
	return prev.Update(ws)
}

func newEngine(ws *workspace.Workspace, c *cache) *Engine {
	// Fill the snapshot's sorted-file memo now, while only this goroutine
	// sees it: the engine's readers may run concurrently.
	ws.Files()
	e := &Engine{ws: ws, c: c}
	e.gen = c.advance()
	e.envSig = envSignature(ws)
	e.envHash = fnvString(e.envSig)
	var schemaGen uint64
	e.schema, e.schemaDiags, schemaGen = c.schemaFor(ws)
	// The schema's identity: a composed schema is never changed, and a new
	// composition gets the cache's next number (its pointer would do, but
	// only reflect or unsafe print one). Made once: every section's merge
	// state asks for it on every evaluation, and in wasm each string
	// allocation counts (a keystroke's budget is one frame).
	e.baseKey = strconv.FormatUint(schemaGen, 16) + "|" + strconv.FormatUint(e.envHash, 16)
	return e
}

func envSignature(ws *workspace.Workspace) string {
	var b strings.Builder
	for _, kv := range ws.Env() {
		b.WriteString(kv[0])
		b.WriteByte(0)
		b.WriteString(kv[1])
		b.WriteByte(0)
	}
	return b.String()
}

// Workspace returns the snapshot the engine reads.
func (e *Engine) Workspace() *workspace.Workspace { return e.ws }

// Schema returns the schema in force (built-in plus user files).
func (e *Engine) Schema() *schema.Schema { return e.schema }

// schemaFor composes the built-in schema with the workspace's schema
// files, re-using the last composition while those files are unchanged.
func (c *cache) schemaFor(ws *workspace.Workspace) (*schema.Schema, []diag.Diagnostic, uint64) {
	files := ws.FilesIn(workspace.SchemaDir)
	var sig strings.Builder
	for _, f := range files {
		sig.WriteString(textfmt.Sprintf("%s|%d;", workspace.Key(f.Path), f.Version))
	}
	c.mu.Lock()
	if c.schema != nil && c.schemaSig == sig.String() {
		s, d, gen := c.schema, c.schemaDiags, c.schemaGen
		c.mu.Unlock()
		return s, d, gen
	}
	c.mu.Unlock()
	s, d := loadSchema(files)
	c.mu.Lock()
	c.schemaGen++
	c.schemaSig, c.schema, c.schemaDiags = sig.String(), s, d
	gen := c.schemaGen
	c.mu.Unlock()
	return s, d, gen
}

// loadSchema composes the built-in schema with the workspace's schema files.
func loadSchema(files []*workspace.File) (*schema.Schema, []diag.Diagnostic) {
	var user []*schema.File
	var ds []diag.Diagnostic
	for _, f := range files {
		if !strings.HasSuffix(strings.ToLower(f.Path), ".xml") {
			continue
		}
		sf, probs := schema.ParseXML(f.Path, f.Text)
		ds = append(ds, probs...)
		if sf != nil {
			user = append(user, sf)
		}
	}
	if len(user) == 0 {
		return schema.Builtin(), ds
	}
	s, probs := schema.WithUserFiles(user)
	return s, append(ds, probs...)
}

// parsedFile is one file parsed once per content version.
type parsedFile struct {
	path    string // display path
	key     string
	src     *workspace.File // what it was parsed from (nil for built-ins)
	doc     *xmltree.Document
	err     *diag.Diagnostic // XML, READ or ACCESS problem: no document
	builtin bool
	gen     uint64
}

// file returns the parsed file at path, or nil when the workspace has none.
func (e *Engine) file(path string) *parsedFile {
	f, ok := e.ws.Get(path)
	if !ok {
		return nil
	}
	k := f.Key()
	c := e.c
	c.mu.Lock()
	if pf, ok := c.parsed[k]; ok && pf.src == f {
		pf.gen = e.gen
		c.mu.Unlock()
		return pf
	}
	c.mu.Unlock()
	pf := parseFile(f.Path, f.Text, f.Unreadable)
	pf.src, pf.gen = f, e.gen
	c.mu.Lock()
	if prev, ok := c.parsed[k]; ok && prev.src == f {
		pf = prev
	} else {
		c.parsed[k] = pf
	}
	c.mu.Unlock()
	return pf
}

func parseFile(path string, text []byte, unreadable bool) *parsedFile {
	pf := &parsedFile{path: path, key: workspace.Key(path)}
	if unreadable {
		d := diag.At(diag.Access, path, diag.NoRange)
		pf.err = &d
		return pf
	}
	// The engine never writes a file back (appcmd edits the text through
	// xmledit), so the indentation between tags need not be kept as nodes;
	// and a workspace text is never changed in place (workspace.Set), so
	// values can be views of it.
	doc, serr := xmltree.Parse(text, xmltree.Limits{SkipBlankText: true, BorrowSource: true})
	if serr != nil {
		d := syntaxDiag(path, text, serr)
		pf.err = &d
		return pf
	}
	pf.doc = doc
	return pf
}

// topFiles are the three files above the sites, as one framework folder
// gives them (docs/hierarchy.md#framework-folders): machine.config and the
// root web.config of that folder, and applicationHost.config read on top of
// their declarations.
type topFiles struct {
	folder                    fwFolder
	machine, webroot, apphost *parsedFile
	apphostPath               string       // the file read at APPHOST (redirected by shared configuration)
	redirect                  *redirection // nil without redirection.config
	appHostMissing            *diag.Diagnostic
	machineA, webrootA        *analysis
	apphostA                  *analysis
}

// tops are the top files as WAS reads them to know the sites and pools:
// the server level's folder. Paths read the folder their pool picks
// (topsFor).
func (e *Engine) tops() *topFiles { return e.topsFor(serverFolder()) }

// topsFor reads the top files through one framework folder, once per
// engine and folder. A folder's machine.config or root web.config the
// workspace lacks is the built-in stand-in for its version.
func (e *Engine) topsFor(f fwFolder) *topFiles {
	e.mu.Lock()
	t := e.top[f.index()]
	e.mu.Unlock()
	if t != nil {
		return t
	}
	t = &topFiles{folder: f}
	machineText, rootWebText := f.standIns()
	machinePath, rootWebPath := workspace.Join(f.dir(), "machine.config"), workspace.Join(f.dir(), "web.config")
	t.machine = e.file(machinePath)
	if t.machine == nil {
		t.machine = e.builtinFile(machinePath, machineText)
	}
	t.webroot = e.file(rootWebPath)
	if t.webroot == nil {
		t.webroot = e.builtinFile(rootWebPath, rootWebText)
	}
	t.apphostPath = workspace.AppHostPath
	t.redirect = e.readRedirection()
	if t.redirect != nil && t.redirect.target != "" {
		t.apphostPath = t.redirect.target
	}
	t.apphost = e.file(t.apphostPath)
	if t.apphost == nil {
		d := diag.At(diag.ReadFile, t.apphostPath, diag.NoRange)
		if t.redirect != nil && t.redirect.target != "" {
			d = d.WithNote(t.redirect.note(), t.redirect.file.path, t.redirect.rng)
		}
		t.appHostMissing = &d
	}
	t.machineA = e.analyze(t.machine, e.c.implicit(), fileLevelInfo{depth: levelMachine, level: cpath{"MACHINE"}})
	t.webrootA = e.analyze(t.webroot, t.machineA.reg, fileLevelInfo{depth: levelWebRoot, level: cpath{"MACHINE", "WEBROOT"}})
	t.apphostA = e.analyze(t.apphost, t.webrootA.reg, fileLevelInfo{depth: levelAppHost, level: cpath{"MACHINE", "WEBROOT", "APPHOST"}})
	e.mu.Lock()
	if prev := e.top[f.index()]; prev != nil {
		t = prev
	} else {
		e.top[f.index()] = t
	}
	e.mu.Unlock()
	return t
}

// builtinFile is the stand-in machine.config or root web.config, parsed
// once per cache.
func (e *Engine) builtinFile(path string, text func() []byte) *parsedFile {
	c := e.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if pf, ok := c.builtins[path]; ok {
		return pf
	}
	pf := parseFile(path, text(), false)
	pf.builtin = true
	c.builtins[path] = pf
	return pf
}

// SectionNames returns every section registered at the server level
// (machine.config, root web.config and applicationHost.config), sorted.
func (e *Engine) SectionNames() []string {
	reg := e.tops().apphostA.reg
	names := reg.sectionNames()
	sortx.Strings(names)
	return names
}

// ResolveSection turns a full or unambiguous short section name into the
// registered full name (appcmd accepts `/section:asp`), by the rule of
// resolveSectionName over the sections registered at the server level.
func (e *Engine) ResolveSection(name string) (string, bool) {
	return resolveSectionName(e.SectionNames(), name)
}
