//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// version is the build's identity. main reads it from the worker
// (globalThis.__iisconfBuild, compiled into worker.js by `go run ./build`)
// rather than from -ldflags -X: stamped into the wasm, every commit would
// change its bytes and force the slow brotli pass even when no Go changed.
var version = "dev"

// adapter owns the playground's workspace and the engine built over it.
// It is used from one goroutine only (the worker's message handler), so
// it needs no locking.
type adapter struct {
	ws  *workspace.Workspace
	eng *config.Engine
}

// newAdapter starts on the stock server, so an evaluate before any load
// answers something meaningful.
func newAdapter() *adapter {
	a := &adapter{ws: stock.Workspace()}
	a.rebuild()
	return a
}

// rebuild is the one place that turns the workspace into an engine. After
// the first, every change goes through Engine.Update, which re-uses every
// parse, analysis and merge the change did not touch: typing in
// one web.config re-parses that file only.
func (a *adapter) rebuild() {
	if a.eng == nil {
		a.eng = config.New(a.ws)
		return
	}
	a.eng = a.eng.Update(a.ws)
}

// ops are the operations of web/src/engine/protocol.ts that the engine
// answers, in the order main registers them. `samples` and `sample` are
// not here: the worker answers them from samples.json (see worker.ts;
// compiled in, the gallery would add ~1.1 MB raw / ~120 KB brotli to the
// wasm every visitor downloads). Nor are `poolConfig` and `metabase`: they
// live in tools.wasm (wasm/tools), which the worker loads the first time
// one is asked, for the same reason (~50 KB brotli the first load cannot
// afford).
var ops = []string{
	"load", "siteMapOf", "setFile", "removeFile", "evaluate", "siteMap", "check",
	"fileDiagnostics", "normalize", "folderOf", "bundle", "parseBundle",
	"stock", "loadStock", "version",
}

// call runs one op on its JSON arguments and returns the JSON text of its
// result. It never panics: a panic in the engine becomes an error naming
// the op, and the engine is rebuilt so a half-filled cache cannot leak
// into the next answer.
func (a *adapter) call(op, args string) (result string, err error) {
	defer func() {
		if r := recover(); r != nil {
			a.eng = nil // a fresh engine and cache: nothing half-built survives
			a.rebuild()
			result = ""
			err = fmt.Errorf("internal error in %s: %v\n%s", op, r, firstFrames(debug.Stack(), 12))
		}
	}()
	if strings.TrimSpace(args) == "" {
		args = "{}"
	}
	v, err := a.dispatch(op, []byte(args))
	if err != nil {
		return "", err
	}
	// Evaluation results, the hot path, go through the model's own encoder:
	// encoding/json's reflection is slow in wasm (it was most of a cold
	// evaluation's time). Same bytes either way.
	if r, ok := v.(*model.Result); ok {
		return string(r.AppendJSON(make([]byte, 0, 64<<10))), nil
	}
	out, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%s: encoding the result: %v", op, err)
	}
	return string(out), nil
}

// firstFrames keeps the head of a stack trace: enough for a bug report
// without shipping kilobytes of runtime frames to the page.
func firstFrames(stack []byte, lines int) string {
	s := strings.Split(string(stack), "\n")
	if len(s) > lines {
		s = s[:lines]
	}
	return strings.Join(s, "\n")
}

// fileState mirrors protocol.ts FileState.
type fileState struct {
	Path       string `json:"path"`
	Text       string `json:"text"`
	Unreadable bool   `json:"unreadable,omitempty"`
}

// loadResult mirrors protocol.ts LoadResult.
type loadResult struct {
	Files   int    `json:"files"`
	Version uint64 `json:"version"`
}

// errorResult is an op's "the input is wrong" answer (as opposed to a
// failed op): normalize, folderOf and parseBundle answer with it.
type errorResult struct {
	Error *diag.Diagnostic `json:"error"`
}

func decode(op string, args []byte, v any) error {
	if err := json.Unmarshal(args, v); err != nil {
		return fmt.Errorf("%s: bad arguments: %v", op, err)
	}
	return nil
}

func (a *adapter) dispatch(op string, args []byte) (any, error) {
	switch op {
	case "load":
		ws, err := workspaceOf(op, args)
		if err != nil {
			return nil, err
		}
		// A reload (after an appcmd write, say) sends every file: the
		// unchanged ones keep their identity, and so their parses.
		ws.Reuse(a.ws)
		a.ws = ws
		a.rebuild()
		return a.loadResult(), nil
	case "siteMapOf":
		// The sites of a workspace that is not loaded: the import dialog
		// places loose web.config files under a site of the workspace
		// being imported, before anything changes. The engine's own
		// workspace is left alone.
		ws, err := workspaceOf(op, args)
		if err != nil {
			return nil, err
		}
		return config.New(ws).SiteMap(), nil
	case "setFile":
		var in fileState
		if err := decode(op, args, &in); err != nil {
			return nil, err
		}
		if !workspace.IsAbs(in.Path) {
			return nil, fmt.Errorf("setFile: %q is not an absolute Windows path", in.Path)
		}
		a.ws.Set(in.Path, []byte(in.Text))
		a.rebuild()
		return a.loadResult(), nil
	case "removeFile":
		var in struct {
			Path string `json:"path"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, err
		}
		if a.ws.Remove(in.Path) {
			a.rebuild()
		}
		return a.loadResult(), nil
	case "evaluate":
		var in struct {
			Path       string   `json:"path"`
			Sections   []string `json:"sections"`
			Inputs     bool     `json:"inputs"`
			NoDefaults bool     `json:"noDefaults"`
			Summary    bool     `json:"summary"`
			Elements   []string `json:"elements"`
			// Edits are the page's file changes since its last request,
			// applied before evaluating: a keystroke costs the worker one
			// message, not a setFile and then an evaluate.
			Edits []struct {
				Path    string `json:"path"`
				Text    string `json:"text"`
				Removed bool   `json:"removed"`
			} `json:"edits"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, err
		}
		if len(in.Edits) > 0 {
			for _, e := range in.Edits {
				if !workspace.IsAbs(e.Path) {
					return nil, fmt.Errorf("evaluate: edit of %q: not an absolute Windows path", e.Path)
				}
			}
			for _, e := range in.Edits {
				if e.Removed {
					a.ws.Remove(e.Path)
				} else {
					a.ws.Set(e.Path, []byte(e.Text))
				}
			}
			a.rebuild()
		}
		opt := config.EvalOptions{Sections: in.Sections, Inputs: in.Inputs, NoDefaults: in.NoDefaults, Summary: in.Summary, Elements: in.Elements}
		return a.eng.Evaluate(in.Path, opt), nil
	case "siteMap":
		return a.eng.SiteMap(), nil
	case "check":
		return nonNil(a.eng.Check()), nil
	case "fileDiagnostics":
		return a.fileDiagnostics(), nil
	case "normalize":
		var in struct {
			Path string `json:"path"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, err
		}
		p, d := a.eng.NormalizePath(in.Path)
		if d != nil {
			return errorResult{d}, nil
		}
		return map[string]string{"configPath": p}, nil
	case "folderOf":
		var in struct {
			Path string `json:"path"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, err
		}
		return a.folderOf(in.Path), nil
	case "bundle":
		data, err := a.ws.Bundle()
		if err != nil {
			return nil, fmt.Errorf("bundle: %v", err)
		}
		return map[string]string{"text": string(data)}, nil
	case "parseBundle":
		var in struct {
			Text string `json:"text"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, err
		}
		ws, err := workspace.ParseBundle([]byte(in.Text))
		if err != nil {
			var be *workspace.BundleError
			if errors.As(err, &be) {
				return map[string]any{"error": be.Error(), "line": be.Line, "column": be.Column}, nil
			}
			return map[string]any{"error": err.Error()}, nil
		}
		return stateOf(ws), nil
	case "stock":
		return stateOf(stock.Workspace()), nil
	case "loadStock":
		// load of the stock server without the round trip: the page's
		// first visit needs its files and the engine to hold them.
		ws := stock.Workspace()
		ws.Reuse(a.ws)
		a.ws = ws
		a.rebuild()
		return stateOf(a.ws), nil
	case "version":
		return map[string]string{"version": version, "go": runtime.Version()}, nil
	}
	return nil, fmt.Errorf("unknown op %q", op)
}

// workspaceOf builds the workspace of load's arguments (files and
// environment overrides); a file path that is not an absolute Windows path
// is an error naming it, and nothing is built.
func workspaceOf(op string, args []byte) (*workspace.Workspace, error) {
	var in struct {
		Files []fileState       `json:"files"`
		Env   map[string]string `json:"env"`
	}
	if err := decode(op, args, &in); err != nil {
		return nil, err
	}
	ws := workspace.New()
	for name, value := range in.Env {
		ws.SetEnv(name, value)
	}
	for i, f := range in.Files {
		if !workspace.IsAbs(f.Path) {
			return nil, fmt.Errorf("%s: file %d: %q is not an absolute Windows path", op, i+1, f.Path)
		}
		ws.Set(f.Path, []byte(f.Text))
		if f.Unreadable {
			ws.SetUnreadable(f.Path, true)
		}
	}
	return ws, nil
}

func (a *adapter) loadResult() loadResult {
	return loadResult{Files: len(a.ws.Files()), Version: a.ws.Version()}
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
func (a *adapter) fileDiagnostics() map[string][]diag.Diagnostic {
	out := map[string][]diag.Diagnostic{}
	byKey := map[string]string{} // workspace.Key -> path as the workspace spells it
	for _, f := range a.ws.Files() {
		out[f.Path] = []diag.Diagnostic{}
		byKey[workspace.Key(f.Path)] = f.Path
	}
	seen := map[string]bool{}
	for _, d := range a.eng.Check() {
		if d.File == "" {
			continue
		}
		p, ok := byKey[workspace.Key(d.File)]
		if !ok {
			p = d.File // a built-in stand-in (machine.config, root web.config)
		}
		out[p] = append(out[p], d)
		seen[workspace.Key(d.File)] = true
	}
	for _, f := range a.ws.Files() {
		if seen[workspace.Key(f.Path)] || !strings.EqualFold(path.Ext(strings.ReplaceAll(f.Path, `\`, "/")), ".config") {
			continue
		}
		if d := a.eng.FileProblem(f.Path); d != nil {
			out[f.Path] = append(out[f.Path], *d)
		}
	}
	return out
}

// folderResult answers folderOf: the physical folder a config path maps
// to and the configuration file a definition at that path lives in.
type folderResult struct {
	ConfigPath string           `json:"configPath,omitempty"`
	Folder     string           `json:"folder"`
	WebConfig  string           `json:"webConfig"`
	Error      *diag.Diagnostic `json:"error,omitempty"`
}

// folderOf uses the engine's URL mapping (docs/hierarchy.md#url-mapping),
// so the answer is exactly where a request's web.config is read. The
// levels above the sites have fixed files.
func (a *adapter) folderOf(p string) folderResult {
	cp, d := a.eng.NormalizePath(p)
	if d != nil {
		return folderResult{Error: d}
	}
	switch strings.Count(cp, "/") {
	case 0:
		return folderResult{ConfigPath: cp, Folder: workspace.FrameworkConfigDir, WebConfig: workspace.MachineConfigPath}
	case 1:
		return folderResult{ConfigPath: cp, Folder: workspace.FrameworkConfigDir, WebConfig: workspace.RootWebConfigPath}
	case 2:
		return folderResult{ConfigPath: cp, Folder: workspace.ConfigDir, WebConfig: workspace.AppHostPath}
	}
	m, _ := a.eng.Mapping(cp)
	if m == nil || m.NoPhysicalPath || m.PhysicalPathExpanded == "" {
		// No virtual directory maps the URL: there is no folder, so a
		// definition can only go in a location tag above.
		return folderResult{ConfigPath: cp}
	}
	return folderResult{ConfigPath: cp, Folder: m.PhysicalPathExpanded, WebConfig: workspace.Join(m.PhysicalPathExpanded, "web.config")}
}

// stateResult is a workspace as protocol.ts's State carries it: the files
// and the environment variables that differ from the default.
type stateResult struct {
	Files []fileState       `json:"files"`
	Env   map[string]string `json:"env"`
}

func stateOf(ws *workspace.Workspace) stateResult {
	out := stateResult{Files: []fileState{}, Env: map[string]string{}}
	for _, f := range ws.Files() {
		out.Files = append(out.Files, fileState{Path: f.Path, Text: string(f.Text), Unreadable: f.Unreadable})
	}
	def := map[string][2]string{}
	for _, kv := range workspace.DefaultEnv {
		def[strings.ToLower(kv[0])] = kv
	}
	for _, kv := range ws.Env() {
		if def[strings.ToLower(kv[0])] != kv {
			out.Env[kv[0]] = kv[1]
		}
	}
	return out
}
