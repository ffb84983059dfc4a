package config

import (
	"sort"
	"strings"
	"sync"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// Engine evaluates one workspace snapshot. Its caches are filled lazily
// under mu, so one Engine may serve several goroutines.
type Engine struct {
	ws     *workspace.Workspace
	schema *schema.Schema

	mu             sync.Mutex
	parsed         map[string]*parsedFile    // by workspace key
	analyses       map[analysisKey]*analysis // file structure per (file, registry above it)
	top            *topFiles                 // machine.config, root web.config, applicationHost.config
	sites          *siteMap                  // from applicationHost.config
	schemaDiags    []diag.Diagnostic         // problems in user schema files
	sectionResults map[string]*sectionResult // by section + "|" + config path key
}

// New builds an engine for a snapshot of ws (later changes to ws are not
// seen; build a new Engine, which re-uses nothing yet — see issue 4).
func New(ws *workspace.Workspace) *Engine {
	e := &Engine{
		ws:             ws.Clone(),
		parsed:         map[string]*parsedFile{},
		analyses:       map[analysisKey]*analysis{},
		sectionResults: map[string]*sectionResult{},
	}
	e.schema, e.schemaDiags = loadSchema(e.ws)
	return e
}

// Workspace returns the snapshot the engine reads.
func (e *Engine) Workspace() *workspace.Workspace { return e.ws }

// Schema returns the schema in force (built-in plus user files).
func (e *Engine) Schema() *schema.Schema { return e.schema }

// loadSchema composes the built-in schema with the workspace's schema files.
func loadSchema(ws *workspace.Workspace) (*schema.Schema, []diag.Diagnostic) {
	var user []*schema.File
	var ds []diag.Diagnostic
	for _, f := range ws.FilesIn(workspace.SchemaDir) {
		if !strings.EqualFold(f.Path[len(f.Path)-4:], ".xml") {
			continue
		}
		sf, probs := schema.ParseXML(f.Path, f.Text)
		for _, p := range probs {
			ds = append(ds, schemaProblem(p))
		}
		if sf != nil {
			user = append(user, sf)
		}
	}
	if len(user) == 0 {
		return schema.Builtin(), ds
	}
	s, probs := schema.WithUserFiles(user)
	for _, p := range probs {
		ds = append(ds, schemaProblem(p))
	}
	return s, ds
}

func schemaProblem(p schema.Problem) diag.Diagnostic {
	d := diag.New(diag.DeclBad, p.File, p.Line, p.Col, p.Msg)
	d.Severity = diag.Warning
	return d
}

// parsedFile is one file parsed once.
type parsedFile struct {
	path    string // display path
	key     string
	doc     *xmltree.Document
	err     *diag.Diagnostic // XML, READ or ACCESS problem: no document
	builtin bool
}

// file returns the parsed file at path, or nil when the workspace has none.
func (e *Engine) file(path string) *parsedFile {
	k := workspace.Key(path)
	e.mu.Lock()
	defer e.mu.Unlock()
	if pf, ok := e.parsed[k]; ok {
		return pf
	}
	f, ok := e.ws.Get(path)
	if !ok {
		e.parsed[k] = nil
		return nil
	}
	pf := parseFile(f.Path, f.Text, f.Unreadable)
	e.parsed[k] = pf
	return pf
}

func parseFile(path string, text []byte, unreadable bool) *parsedFile {
	pf := &parsedFile{path: path, key: workspace.Key(path)}
	if unreadable {
		d := diag.New(diag.Access, path, 0, 0)
		pf.err = &d
		return pf
	}
	doc, serr := xmltree.Parse(text, xmltree.Limits{})
	if serr != nil {
		d := diag.New(diag.XML, path, serr.Pos.Line, serr.Pos.Col)
		d.Notes = append(d.Notes, diag.Note{Message: serr.Msg, File: path, Line: serr.Pos.Line, Column: serr.Pos.Col})
		pf.err = &d
		return pf
	}
	pf.doc = doc
	return pf
}

// topFiles are the three files above the sites.
type topFiles struct {
	machine, webroot, apphost *parsedFile
	appHostMissing            *diag.Diagnostic
	machineA, webrootA        *analysis
	apphostA                  *analysis
}

func (e *Engine) tops() *topFiles {
	e.mu.Lock()
	t := e.top
	e.mu.Unlock()
	if t != nil {
		return t
	}
	t = &topFiles{}
	t.machine = e.file(workspace.MachineConfigPath)
	if t.machine == nil {
		t.machine = builtinFile(workspace.MachineConfigPath, stock.MachineConfig())
	}
	t.webroot = e.file(workspace.RootWebConfigPath)
	if t.webroot == nil {
		t.webroot = builtinFile(workspace.RootWebConfigPath, stock.RootWebConfig())
	}
	t.apphost = e.file(workspace.AppHostPath)
	if t.apphost == nil {
		d := diag.New(diag.ReadFile, workspace.AppHostPath, 0, 0)
		t.appHostMissing = &d
	}
	t.machineA = e.analyze(t.machine, implicitRegistry(), fileLevelInfo{depth: levelMachine, level: cpath{"MACHINE"}})
	t.webrootA = e.analyze(t.webroot, t.machineA.reg, fileLevelInfo{depth: levelWebRoot, level: cpath{"MACHINE", "WEBROOT"}})
	t.apphostA = e.analyze(t.apphost, t.webrootA.reg, fileLevelInfo{depth: levelAppHost, level: cpath{"MACHINE", "WEBROOT", "APPHOST"}})
	e.mu.Lock()
	if e.top == nil {
		e.top = t
	}
	t = e.top
	e.mu.Unlock()
	return t
}

func builtinFile(path string, text []byte) *parsedFile {
	pf := parseFile(path, text, false)
	pf.builtin = true
	return pf
}

// SectionNames returns every section registered at the server level
// (machine.config, root web.config and applicationHost.config), sorted.
func (e *Engine) SectionNames() []string {
	reg := e.tops().apphostA.reg
	names := reg.sectionNames()
	sort.Strings(names)
	return names
}

// ResolveSection turns a full or unambiguous short section name into the
// registered full name (appcmd accepts `/section:asp`).
func (e *Engine) ResolveSection(name string) (string, bool) {
	names := e.SectionNames()
	for _, n := range names {
		if n == name {
			return n, true
		}
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	var found []string
	for _, n := range names {
		short := n[strings.LastIndexByte(n, '/')+1:]
		if strings.EqualFold(short, name) {
			found = append(found, n)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}
