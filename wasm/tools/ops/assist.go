package ops

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/complete"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/wasm/playground"
)

// The editor's schema-aware help, complete and hover (engine/complete).
// They run here rather than in the engine wasm, whose first load has no
// room for their code (~40 KB brotli), and read the engine through the
// engine instance's own ops, which the worker lets this instance call
// synchronously (both run in the engine's Web Worker): the answers come
// from the very workspace the page evaluates, with no copy of it here.

// EngineCall runs one of the engine wasm's ops on its JSON arguments and
// returns its JSON result (wasm/browser's adapter.call).
type EngineCall func(op, args string) (string, error)

// AssistArgs are complete's and hover's arguments: the file as the page
// has it (the engine has its edits already), the cursor in UTF-16 code
// units as the page counts, the config path the page shows, and the
// workspace's schema files (usually none), whose schema is composed here.
// Version counts the engine's workspace changes (the worker counts them):
// answers of the engine are kept while it stays the same.
type AssistArgs struct {
	File   string                 `json:"file"`
	Text   string                 `json:"text"` // the file's text as the page has it
	Offset int                    `json:"offset"`
	Path   string                 `json:"path"`
	Schema []playground.FileState `json:"schema,omitempty"` // the workspace's schema files (inetsrv\config\schema\*.xml)
	// Edits are the page's pending file changes: the worker applies them
	// to the engine first, as evaluate's, and does not pass them on.
	Edits []playground.Edit `json:"edits,omitempty"`
	// Version is set by the worker: it counts the engine's workspace changes.
	Version int64 `json:"version,omitempty"`
}

// Assistant answers complete and hover. It keeps the schema composed from
// the last schema files it was given, and the engine's answers (decoded)
// for the last workspace version: a hover after a completion, or the next
// completion before any edit, asks the engine nothing again.
type Assistant struct {
	call      EngineCall
	schemaSig string
	schema    *schema.Schema
	engine    *remoteEngine
	version   int64
	// held are the sections of the last evaluate answer for each set of
	// arguments, across workspace versions: the next asks for them by
	// stamp (EvaluateArgs.known), and the engine answers the ones an edit
	// did not change as {same} stubs. A completion after each keystroke
	// then decodes a few sections, not every summary again.
	held map[string]map[string]model.Section
}

// heldArgs bounds how many argument sets keep their sections.
const heldArgs = 8

// NewAssistant reads the engine through call.
func NewAssistant(call EngineCall) *Assistant { return &Assistant{call: call} }

// Complete answers complete: what may be written at the cursor.
func (a *Assistant) Complete(in AssistArgs) (*complete.Completion, error) {
	e, sch, req := a.prepare(in)
	c := complete.Complete(e, sch, req)
	if e.err != nil {
		return nil, fmt.Errorf("complete: %v", e.err)
	}
	c.From, c.To = utf16Offset(req.Text, c.From), utf16Offset(req.Text, c.To)
	return c, nil
}

// Hover answers hover: what the name at the cursor is (nil: nothing there).
func (a *Assistant) Hover(in AssistArgs) (*complete.Info, error) {
	e, sch, req := a.prepare(in)
	info := complete.Hover(e, sch, req)
	if e.err != nil {
		return nil, fmt.Errorf("hover: %v", e.err)
	}
	if info != nil {
		info.From, info.To = utf16Offset(req.Text, info.From), utf16Offset(req.Text, info.To)
	}
	return info, nil
}

// prepare keeps the engine's answers while the workspace version stays
// the same; a failed engine call fails the op.
func (a *Assistant) prepare(in AssistArgs) (*remoteEngine, *schema.Schema, complete.Request) {
	text := []byte(in.Text)
	if a.engine == nil || in.Version != a.version || in.Version == 0 || a.engine.err != nil {
		if a.held == nil || len(a.held) > heldArgs {
			a.held = map[string]map[string]model.Section{}
		}
		a.engine, a.version = &remoteEngine{call: a.call, results: map[string]*model.Result{}, held: a.held}, in.Version
	}
	return a.engine, a.schemaOf(in.Schema), complete.Request{File: in.File, Text: text, Offset: byteOffset(text, in.Offset), Path: in.Path}
}

// schemaOf is the schema in force with these schema files, composed again
// only when they change.
func (a *Assistant) schemaOf(files []playground.FileState) *schema.Schema {
	var sig strings.Builder
	for _, f := range files {
		sig.WriteString(f.Path)
		sig.WriteByte(0)
		sig.WriteString(f.Text)
		sig.WriteByte(0)
	}
	if a.schema == nil || a.schemaSig != sig.String() {
		a.schema, a.schemaSig = schemaOf(files), sig.String()
	}
	return a.schema
}

// remoteEngine is complete.Engine over the engine instance's ops, for one
// version of the workspace: it keeps each answer. The first failed call
// is kept (and fails the op); later questions get empty answers.
type remoteEngine struct {
	call    EngineCall
	results map[string]*model.Result            // by evaluate's arguments
	held    map[string]map[string]model.Section // the Assistant's, by evaluate's arguments
	sites   []config.Site
	err     error
}

func (r *remoteEngine) ask(op string, args any, v any) bool {
	if r.err != nil {
		return false
	}
	in, err := json.Marshal(args)
	if err == nil {
		var out string
		if out, err = r.call(op, string(in)); err == nil {
			err = json.Unmarshal([]byte(out), v)
		}
	}
	if err != nil {
		r.err = fmt.Errorf("the engine's %s: %v", op, err)
		return false
	}
	return true
}

func (r *remoteEngine) Evaluate(path string, opt config.EvalOptions) *model.Result {
	args := map[string]any{"path": path, "sections": opt.Sections, "inputs": opt.Inputs,
		"noDefaults": opt.NoDefaults, "summary": opt.Summary}
	key, _ := json.Marshal(args)
	if res, ok := r.results[string(key)]; ok {
		return res
	}
	held := r.held[string(key)]
	args["stamps"] = true
	if len(held) > 0 {
		known := make([]uint64, 0, len(held))
		for _, s := range held {
			known = append(known, s.Stamp)
		}
		args["known"] = known
	}
	res := &model.Result{}
	if !r.ask("evaluate", args, res) {
		return res
	}
	for i, s := range res.Sections {
		if !s.Same {
			continue
		}
		h, ok := held[s.Name]
		if !ok || h.Stamp != s.Stamp {
			// Never expected: ask again for everything.
			delete(args, "known")
			res = &model.Result{}
			if !r.ask("evaluate", args, res) {
				return res
			}
			break
		}
		res.Sections[i] = h
	}
	if r.held != nil {
		byName := make(map[string]model.Section, len(res.Sections))
		for _, s := range res.Sections {
			byName[s.Name] = s
		}
		r.held[string(key)] = byName
	}
	r.results[string(key)] = res
	return res
}

// Sites are the site map's sites, read from the engine's siteMap op.
func (r *remoteEngine) Sites() []config.Site {
	if r.sites == nil {
		sm := &model.SiteMap{}
		r.ask("siteMap", struct{}{}, sm)
		r.sites = make([]config.Site, len(sm.Sites))
		for i, s := range sm.Sites {
			st := config.Site{Name: s.Name, ID: s.ID, AutoStart: s.ServerAutoStart, Source: sourceFrom(s.Source)}
			for _, b := range s.Bindings {
				st.Bindings = append(st.Bindings, config.Binding{Protocol: b.Protocol, Information: b.BindingInformation})
			}
			for _, a := range s.Apps {
				app := config.App{Path: a.Path, Pool: a.ApplicationPool, EnabledProtocols: a.EnabledProtocols, Source: sourceFrom(a.Source)}
				for _, v := range a.Vdirs {
					app.Vdirs = append(app.Vdirs, config.Vdir{Path: v.Path, PhysicalPath: v.PhysicalPath,
						PhysicalPathExpanded: v.PhysicalPathExp, AllowSubDirConfig: v.AllowSubDirConfig, Source: sourceFrom(v.Source)})
				}
				st.Apps = append(st.Apps, app)
			}
			r.sites[i] = st
		}
	}
	return r.sites
}

// ElementLocks are the locks the section's effective element model
// carries on the element reached by the child names.
func (r *remoteEngine) ElementLocks(path, section string, children ...string) (config.Locks, bool) {
	res := r.Evaluate(path, config.EvalOptions{Sections: []string{section}})
	if len(res.Sections) != 1 || res.Sections[0].Element == nil {
		return config.Locks{}, false
	}
	el := res.Sections[0].Element
	for _, n := range children {
		c, ok := el.Elements[n]
		if !ok {
			return config.Locks{}, false
		}
		el = c
	}
	if el.Locks == nil {
		return config.Locks{}, true
	}
	out := config.Locks{Attributes: el.Locks.Attributes, Elements: el.Locks.Elements, Item: el.Locks.Item}
	for _, src := range el.Locks.Sources {
		out.Sources = append(out.Sources, sourceFrom(src))
	}
	return out, true
}

// sourceFrom reads a source of the JSON model back (config.Source.Model
// writes it).
func sourceFrom(m model.Source) config.Source {
	s := config.Source{File: m.File, Line: m.Line, Column: m.Column, LocationLine: m.LocationLine, Target: m.Target, Level: m.Level}
	if m.LocationPath != nil {
		s.InLocation, s.LocationPath = true, *m.LocationPath
	}
	return s
}

func (r *remoteEngine) NormalizePath(path string) (string, *diag.Diagnostic) {
	var out struct {
		ConfigPath string           `json:"configPath"`
		Error      *diag.Diagnostic `json:"error"`
	}
	if !r.ask("normalize", map[string]string{"path": path}, &out) {
		d := diag.At(diag.PathUnknown, "", diag.NoRange, path)
		return "", &d
	}
	return out.ConfigPath, out.Error
}

// byteOffset is the byte offset of the n-th UTF-16 code unit of text.
func byteOffset(text []byte, n int) int {
	i := 0
	for units := 0; i < len(text) && units < n; {
		r, size := utf8.DecodeRune(text[i:])
		i += size
		units++
		if r >= 0x10000 {
			units++
		}
	}
	return i
}

// utf16Offset is the number of UTF-16 code units before byte b of text.
func utf16Offset(text []byte, b int) int {
	units := 0
	for i := 0; i < b && i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		i += size
		units++
		if r >= 0x10000 {
			units++
		}
	}
	return units
}
