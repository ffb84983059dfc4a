// Package engineops is the engine wasm's operations (wasm/browser serves
// them to the playground's Web Worker): one Adapter owns the playground's
// workspace and the engine built over it, and its Table registers each op
// once with its typed arguments and result. The build generates the
// page's TypeScript for them from that table (web/src/gen/ops.ts).
//
// Plain Go, so it is tested natively.
package engineops

import (
	"path"
	"runtime"
	"strings"
	"unicode/utf16"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/textfmt"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
	"github.com/iisconf/iisconf/wasm/optable"
	"github.com/iisconf/iisconf/wasm/playground"
)

// Adapter owns the playground's workspace and the engine built over it.
// It is used from one goroutine only (the worker's message handler), so
// it needs no locking.
type Adapter struct {
	ws  *workspace.Workspace
	eng *config.Engine
	// Version is the build's identity, which the version op answers.
	// wasm/browser reads it from the worker (globalThis.__iisconfBuild,
	// compiled into worker.js by `go run ./build`) rather than from
	// -ldflags -X: stamped into the wasm, every commit would change its
	// bytes and force the slow brotli pass even when no Go changed.
	Version string
	table   *optable.Table
	// epoch counts the engines built afresh (after a panic): a fresh
	// engine's cache numbers its section stamps from one again, so the
	// stamps the page sees carry the epoch above bit 32, and stamps of an
	// older epoch are never taken as known.
	epoch uint64
}

// stampEpochShift puts the epoch above any stamp one cache hands out, and
// below 2^53, so a stamp survives JavaScript's numbers.
const stampEpochShift = 32

// New starts on the stock server, so an evaluate before any load answers
// something meaningful.
func New() *Adapter {
	a := &Adapter{ws: stock.Workspace(), Version: "dev"}
	a.rebuild()
	return a
}

// rebuild is the one place that turns the workspace into an engine. After
// the first, every change goes through Engine.Update, which re-uses every
// parse, analysis and merge the change did not touch: typing in
// one web.config re-parses that file only.
func (a *Adapter) rebuild() {
	if a.eng == nil {
		a.eng = config.New(a.ws)
		a.epoch++
		return
	}
	a.eng = a.eng.Update(a.ws)
}

// Table registers the ops of web/src/engine/protocol.ts that the engine
// answers. `samples` and `sample` are not here: the worker answers them
// from samples.json (see worker.ts; compiled in, the gallery would add
// ~1.1 MB raw / ~120 KB brotli to the wasm every visitor downloads). Nor
// are the pool view, metabase mode, appcmd's writes, the secret scanner
// and parseBundle (the Import dialog's reading of a bundle): they live in
// tools.wasm (wasm/tools), which the worker loads the
// first time one is asked, for the same reason.
//
// A panic in an op drops the engine and its caches (OnPanic), so nothing
// half-built leaks into the next answer.
func (a *Adapter) Table() *optable.Table {
	if a.table != nil {
		return a.table
	}
	t := optable.New("engine")
	t.AddCodec(opsCodec)
	a.table = t
	t.OnPanic = func() {
		a.eng = nil
		a.rebuild()
	}
	optable.Add(t, "load", "Replaces the workspace with these files and environment overrides.", a.load)
	optable.Add(t, "siteMapOf", "The sites of a workspace that is not loaded (the import dialog places loose web.config files with it); the loaded workspace is left alone.", a.siteMapOf)
	optable.Add(t, "setFile", "Adds or replaces one file.", a.setFile)
	optable.Add(t, "removeFile", "Removes one file.", a.removeFile)
	optable.Add(t, "edit", "Applies file changes (as setFile and removeFile would) in one update of the engine.", a.edit)
	optable.Add(t, "evaluate", "The effective configuration at a path, after applying the edits given.", a.evaluate)
	optable.Add(t, "warm", "Plays a few keystrokes in the path's web.config on a scratch engine, so the browser compiles and optimizes that code before the user types; the workspace is untouched.", a.warm)
	optable.Add(t, "siteMap", "The workspace's sites, applications, virtual directories and pools.", func(optable.None) (*model.SiteMap, error) { return a.eng.SiteMap(), nil })
	optable.Add(t, "check", "Every diagnostic of every config path.", func(optable.None) ([]diag.Diagnostic, error) { return nonNil(a.eng.Check()), nil })
	optable.Add(t, "fileDiagnostics", "Every diagnostic by the file it is in (for editor markers); every file has an entry.", func(optable.None) (map[string][]EditorDiagnostic, error) { return a.fileDiagnostics(), nil })
	optable.Add(t, "normalize", "The config path a URL or path names, or why it names none.", a.normalize)
	optable.Add(t, "folderOf", "The physical folder a config path maps to and the file a definition there lives in.", func(in PathArgs) (FolderResult, error) { return a.folderOf(in.Path), nil })
	optable.Add(t, "bundle", "The workspace as a txtar bundle.", a.bundle)
	optable.Add(t, "stock", "The built-in stock server's files.", func(optable.None) (WorkspaceFiles, error) { return stateOf(stock.Workspace()), nil })
	optable.Add(t, "loadStock", "Loads the stock server (as load of its files would) and returns its files: a first visit's files cross the boundary once.", a.loadStock)
	optable.Add(t, "version", "The engine build and the Go release that compiled it.", func(optable.None) (VersionResult, error) {
		return VersionResult{Version: a.Version, Go: runtime.Version()}, nil
	})
	return t
}

// opsCodec reads the ops' arguments and writes their results: set by
// ops_json.go, which `go run ./build` generates from Table (see
// optable.Codec).
var opsCodec optable.Codec

// Call runs one op on its JSON arguments (see Table).
func (a *Adapter) Call(op, args string) (string, error) {
	return a.Table().Call(op, []byte(args))
}

// LoadArgs are load's and siteMapOf's arguments.
type LoadArgs struct {
	Files []playground.FileState `json:"files"`
	Env   map[string]string      `json:"env,omitempty"` // overrides of the default environment
}

// LoadResult answers the ops that change the workspace.
type LoadResult struct {
	Files   int    `json:"files"`
	Version uint64 `json:"version"` // workspace version after the change
}

// PathArgs name a file or a config path.
type PathArgs struct {
	Path string `json:"path"`
}

// EditArgs are edit's arguments.
type EditArgs struct {
	Edits []playground.Edit `json:"edits"`
}

// EvaluateArgs are evaluate's arguments (engine/config EvalOptions). The
// response (500.19 or 200) is always computed from every section,
// whatever else is asked.
type EvaluateArgs struct {
	Path       string   `json:"path"`
	Sections   []string `json:"sections,omitempty"`   // report only these (full or unambiguous short names), in this order
	Inputs     bool     `json:"inputs,omitempty"`     // add each section's merge stack (Section.inputs)
	NoDefaults bool     `json:"noDefaults,omitempty"` // leave out what nobody set (appcmd list config without /config:*)
	Summary    bool     `json:"summary,omitempty"`    // each section's name and lock state, element null
	// Elements: every section as with summary, except these (full names),
	// which carry their element (and inputs) as noDefaults/inputs say.
	// What the page sends per keystroke: the sections it is drawing.
	Elements []string `json:"elements,omitempty"`
	// Edits are the page's file changes since its last request, applied
	// before evaluating: a keystroke costs the worker one message, not a
	// setFile and then an evaluate.
	Edits []playground.Edit `json:"edits,omitempty"`
	// Stamps gives each section its stamp (Section.stamp); Known are the
	// stamps the page holds as this evaluation would give them, reported
	// back as {name, stamp, same: true} instead of again in full.
	Stamps bool     `json:"stamps,omitempty"`
	Known  []uint64 `json:"known,omitempty"`
}

// NormalizeResult is a config path, or why the input names none.
type NormalizeResult struct {
	ConfigPath string           `json:"configPath,omitempty"`
	Error      *diag.Diagnostic `json:"error,omitempty"`
}

// TextResult is a text (bundle's txtar).
type TextResult struct {
	Text string `json:"text"`
}

// VersionResult names the engine build.
type VersionResult struct {
	Version string `json:"version"`
	Go      string `json:"go"`
}

func (a *Adapter) load(in LoadArgs) (LoadResult, error) {
	ws, err := workspaceOf("load", in)
	if err != nil {
		return LoadResult{}, err
	}
	// A reload sends every file: the unchanged ones keep their identity,
	// and so their parses.
	ws.Reuse(a.ws)
	a.ws = ws
	a.rebuild()
	return a.loadResult(), nil
}

func (a *Adapter) siteMapOf(in LoadArgs) (*model.SiteMap, error) {
	ws, err := workspaceOf("siteMapOf", in)
	if err != nil {
		return nil, err
	}
	return config.New(ws).SiteMap(), nil
}

func (a *Adapter) setFile(in playground.FileState) (LoadResult, error) {
	if !workspace.IsAbs(in.Path) {
		return LoadResult{}, textfmt.Errorf("setFile: %s is not an absolute Windows path", workspace.QuotePath(in.Path))
	}
	a.ws.Set(in.Path, []byte(in.Text))
	a.rebuild()
	return a.loadResult(), nil
}

func (a *Adapter) removeFile(in PathArgs) (LoadResult, error) {
	if a.ws.Remove(in.Path) {
		a.rebuild()
	}
	return a.loadResult(), nil
}

func (a *Adapter) edit(in EditArgs) (LoadResult, error) {
	if err := a.apply("edit", in.Edits); err != nil {
		return LoadResult{}, err
	}
	return a.loadResult(), nil
}

// apply makes file changes in one engine update; a bad path changes nothing.
func (a *Adapter) apply(op string, edits []playground.Edit) error {
	if len(edits) == 0 {
		return nil
	}
	for _, e := range edits {
		if !workspace.IsAbs(e.Path) {
			return textfmt.Errorf("%s: edit of %q: not an absolute Windows path", op, e.Path)
		}
	}
	for _, e := range edits {
		if e.Removed {
			a.ws.Remove(e.Path)
		} else {
			a.ws.Set(e.Path, []byte(e.Text))
			a.ws.SetUnreadable(e.Path, e.Unreadable)
		}
	}
	a.rebuild()
	return nil
}

func (a *Adapter) evaluate(in EvaluateArgs) (*model.Result, error) {
	if err := a.apply("evaluate", in.Edits); err != nil {
		return nil, err
	}
	opt := config.EvalOptions{Sections: in.Sections, Inputs: in.Inputs, NoDefaults: in.NoDefaults, Summary: in.Summary, Elements: in.Elements, Stamps: in.Stamps}
	for _, s := range in.Known {
		if s>>stampEpochShift == a.epoch {
			opt.Known = append(opt.Known, s&(1<<stampEpochShift-1))
		}
	}
	res := a.eng.Evaluate(in.Path, opt)
	for i := range res.Sections {
		if s := &res.Sections[i]; s.Stamp != 0 {
			s.Stamp |= a.epoch << stampEpochShift
		}
	}
	return res, nil
}

func (a *Adapter) normalize(in PathArgs) (NormalizeResult, error) {
	p, d := a.eng.NormalizePath(in.Path)
	if d != nil {
		return NormalizeResult{Error: d}, nil
	}
	return NormalizeResult{ConfigPath: p}, nil
}

func (a *Adapter) bundle(optable.None) (TextResult, error) {
	data, err := a.ws.Bundle()
	if err != nil {
		return TextResult{}, textfmt.Errorf("bundle: %v", err)
	}
	return TextResult{Text: string(data)}, nil
}

func (a *Adapter) loadStock(optable.None) (WorkspaceFiles, error) {
	ws := stock.Workspace()
	ws.Reuse(a.ws)
	a.ws = ws
	a.rebuild()
	return stateOf(a.ws), nil
}

// workspaceOf builds the workspace of load's arguments (files and
// environment overrides); a file path that is not an absolute Windows path
// is an error naming it, and nothing is built.
func workspaceOf(op string, in LoadArgs) (*workspace.Workspace, error) {
	ws := workspace.New()
	for name, value := range in.Env {
		ws.SetEnv(name, value)
	}
	for i, f := range in.Files {
		if !workspace.IsAbs(f.Path) {
			return nil, textfmt.Errorf("%s: file %d: %s is not an absolute Windows path", op, i+1, workspace.QuotePath(f.Path))
		}
		ws.Set(f.Path, []byte(f.Text))
		if f.Unreadable {
			ws.SetUnreadable(f.Path, true)
		}
	}
	return ws, nil
}

func (a *Adapter) loadResult() LoadResult {
	return LoadResult{Files: len(a.ws.Files()), Version: a.ws.Version()}
}

// nonNil makes an empty list encode as [] rather than null, which the
// page would have to special-case.
func nonNil(ds []diag.Diagnostic) []diag.Diagnostic {
	if ds == nil {
		return []diag.Diagnostic{}
	}
	return ds
}

// fileDiagnostics groups every diagnostic by the file it is in, for editor
// markers. Check only sees files some config path reads; a web.config in
// a folder no virtual directory maps is still worth a squiggle when it is
// malformed, so every workspace file no diagnostic mentions yet gets the
// problem the engine meets reading it (FileProblem). Every workspace file
// has an entry (possibly empty) so the editor can clear old markers.
func (a *Adapter) fileDiagnostics() map[string][]EditorDiagnostic {
	out := map[string][]EditorDiagnostic{}
	byKey := map[string]string{} // workspace.Key -> path as the workspace spells it
	for _, f := range a.ws.Files() {
		out[f.Path] = []EditorDiagnostic{}
		byKey[workspace.Key(f.Path)] = f.Path
	}
	ed := editorPositions{ws: a.ws, lines: map[string]*xmltree.Lines{}}
	seen := map[string]bool{}
	for _, d := range a.eng.Check() {
		if d.File == "" {
			continue
		}
		p, ok := byKey[workspace.Key(d.File)]
		if !ok {
			p = d.File // a built-in stand-in (machine.config, root web.config)
		}
		out[p] = append(out[p], ed.of(d))
		seen[workspace.Key(d.File)] = true
	}
	for _, f := range a.ws.Files() {
		if seen[workspace.Key(f.Path)] || !strings.EqualFold(path.Ext(f.Path[strings.LastIndexAny(f.Path, `\/`)+1:]), ".config") {
			continue
		}
		if d := a.eng.FileProblem(f.Path); d != nil {
			out[f.Path] = append(out[f.Path], ed.of(*d))
		}
	}
	return out
}

// EditorDiagnostic is a diagnostic with its range where the playground's
// editor puts it. CodeMirror counts characters in UTF-16 code units and
// the engine counts columns in code points: an accented letter is one of
// each, but an emoji is two units and one code point, so the engine's
// column would put the underline one unit early per such character
// before it. From and To are therefore a 1-based line and a 0-based
// UTF-16 offset into that line (the line as CodeMirror splits it: at
// CRLF, CR or LF, as the engine does); absent without a range.
type EditorDiagnostic struct {
	diag.Diagnostic
	From *EditorPos `json:"from,omitempty"`
	To   *EditorPos `json:"to,omitempty"`
}

// EditorPos is a position as the editor counts it.
type EditorPos struct {
	Line      int `json:"line"`      // 1-based
	Character int `json:"character"` // 0-based, in UTF-16 code units from the start of the line
}

// editorPositions resolves diagnostic ranges against the workspace texts,
// indexing each file's lines once per answer.
type editorPositions struct {
	ws    *workspace.Workspace
	lines map[string]*xmltree.Lines
}

func (ep editorPositions) of(d diag.Diagnostic) EditorDiagnostic {
	ed := EditorDiagnostic{Diagnostic: d}
	f, ok := ep.ws.Get(d.File)
	if d.Range == nil || !ok || f.Unreadable {
		return ed
	}
	k := workspace.Key(f.Path)
	li := ep.lines[k]
	if li == nil {
		li = xmltree.IndexLines(f.Text)
		ep.lines[k] = li
	}
	ed.From = utf16Pos(f.Text, li, d.Range.Offset)
	ed.To = utf16Pos(f.Text, li, d.Range.Offset+d.Range.Length)
	return ed
}

// utf16Pos is the line of a byte offset and the offset's distance from
// the start of that line in UTF-16 code units. A byte-order mark on line
// 1 counts, as it is a character of the editor's text.
func utf16Pos(text []byte, li *xmltree.Lines, off int) *EditorPos {
	off = max(0, min(off, len(text)))
	line := int(li.PosAt(off).Line)
	start := li.LineStart(line)
	if line == 1 {
		start = 0
	}
	n := 0
	for _, r := range string(text[start:off]) {
		n += utf16.RuneLen(r)
	}
	return &EditorPos{Line: line, Character: n}
}

// FolderResult answers folderOf: the physical folder a config path maps
// to and the configuration file a definition at that path lives in.
type FolderResult struct {
	ConfigPath string           `json:"configPath,omitempty"`
	Folder     string           `json:"folder"`
	WebConfig  string           `json:"webConfig"`
	Error      *diag.Diagnostic `json:"error,omitempty"`
}

// folderOf uses the engine's URL mapping (docs/hierarchy.md#url-mapping),
// so the answer is exactly where a request's web.config is read. The
// levels above the sites have fixed files: the server level's .NET
// Framework folder (docs/hierarchy.md#framework-folders) and the
// applicationHost.config in effect (the share's, under shared
// configuration: docs/hierarchy.md#shared-configuration).
func (a *Adapter) folderOf(p string) FolderResult {
	cp, d := a.eng.NormalizePath(p)
	if d != nil {
		return FolderResult{Error: d}
	}
	switch strings.Count(cp, "/") {
	case 0:
		return FolderResult{ConfigPath: cp, Folder: workspace.FrameworkConfigDir, WebConfig: workspace.MachineConfigPath}
	case 1:
		return FolderResult{ConfigPath: cp, Folder: workspace.FrameworkConfigDir, WebConfig: workspace.RootWebConfigPath}
	case 2:
		f := a.eng.AppHostFile()
		return FolderResult{ConfigPath: cp, Folder: workspace.Dir(f), WebConfig: f}
	}
	m, _ := a.eng.Mapping(cp)
	if m == nil || m.NoPhysicalPath || m.PhysicalPathExpanded == "" {
		// No virtual directory maps the URL: there is no folder, so a
		// definition can only go in a location tag above.
		return FolderResult{ConfigPath: cp}
	}
	return FolderResult{ConfigPath: cp, Folder: m.PhysicalPathExpanded, WebConfig: workspace.Join(m.PhysicalPathExpanded, "web.config")}
}

// WorkspaceFiles is a workspace as the State carries it: the files and the
// environment variables that differ from the default.
type WorkspaceFiles struct {
	Files []playground.FileState `json:"files"`
	Env   map[string]string      `json:"env"`
}

func stateOf(ws *workspace.Workspace) WorkspaceFiles {
	out := WorkspaceFiles{Files: []playground.FileState{}, Env: map[string]string{}}
	for _, f := range ws.Files() {
		out.Files = append(out.Files, playground.FileState{Path: f.Path, Text: string(f.Text), Unreadable: f.Unreadable})
	}
	for _, kv := range ws.ChangedEnv() {
		out.Env[kv[0]] = kv[1]
	}
	return out
}
