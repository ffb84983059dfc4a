// Package ops is tools.wasm's table (wasm/tools): the playground's
// on-demand ops, kept out of the engine wasm every visitor downloads — the
// pool view and metabase mode (engine/poolconfig and engine/metabase weigh
// ~50 KB brotli, more than the first load's budget has room for), the
// secret scanner (secrets.go) and appcmd's writes and backups
// (wasm/appcmdops), server features, the editor's completion and hover
// (assist.go), and the support tools (support.go: compare, script, a
// pasted 500.19). Plain Go, so they are tested natively.
//
// The ops that read the workspace (the pool view, appcmd) work on tools'
// own copy of the engine's workspace, which the engine worker keeps in
// step with syncWorkspace: the whole workspace once, then only the files
// changed since. A write answers with the files it changed, and tools'
// copy has them already.
package ops

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/metabase"
	"github.com/iisconf/iisconf/engine/poolconfig"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/appcmdops"
	"github.com/iisconf/iisconf/wasm/optable"
	"github.com/iisconf/iisconf/wasm/playground"
)

// Tools is tools.wasm's state: its copy of the engine's workspace, and the
// editor's assistant, which reads the engine itself (assist.go).
type Tools struct {
	store     appcmdops.Store
	assistant *Assistant
	table     *optable.Table
}

// opsCodec reads the ops' arguments and writes their results: set by
// ops_json.go, which `go run ./build` generates from the table (see
// optable.Codec).
var opsCodec optable.Codec

// New starts with an empty workspace (the worker syncs one before the
// first op that reads it); engine calls the engine wasm's ops.
func New(engine EngineCall) *Tools {
	t := &Tools{store: appcmdops.Store{WS: workspace.New()}, assistant: NewAssistant(engine)}
	tab := optable.New("tools")
	tab.AddCodec(opsCodec)
	optable.Add(tab, "syncWorkspace", "Brings tools' copy of the workspace in step with the engine's: a whole bundle (after a load), then the changed files. Called by the engine worker, not the page.", t.sync)
	optable.Add(tab, "poolConfig", "The applicationHost.config one application pool's worker process reads (the pool view).", t.poolConfig)
	optable.Add(tab, "metabase", "An IIS 6 MetaBase.xml's key tree, a key's effective properties and the History folder (metabase mode).", func(in MetabaseArgs) (MetabaseResult, error) { return Metabase(in), nil })
	optable.Add(tab, "scanSecrets", "The secrets of the files and environment given (Share, Short link, Export).", func(in SecretsArgs) (ScanResult, error) { return ScanSecrets(in), nil })
	optable.Add(tab, "redactSecrets", "The files and environment with every secret scanSecrets lists replaced, except those kept.", func(in SecretsArgs) (RedactResult, error) { return RedactSecrets(in), nil })
	optable.Add(tab, "parseBundle", "The files and environment of a txtar bundle, or where it is malformed (the Import dialog).", func(in TextArgs) (ParseBundleResult, error) { return ParseBundle(in), nil })
	optable.Add(tab, "standIns", "The built-in machine.config or root web.config the engine reads at a path when the workspace has no file there (the page's read-only views of them).", func(in StandInsArgs) (StandInsResult, error) { return StandIns(in), nil })
	optable.Add(tab, "complete", "What may be written at the cursor of a configuration file (the editor's schema-aware completion).", t.assistant.Complete)
	optable.Add(tab, "hover", "What the name at the cursor of a configuration file is: type, default, values, declaration, locks.", t.assistant.Hover)
	optable.Add(tab, "compare", "The effective configuration of this workspace set against a second path or a second workspace, section by section (Compare).", t.compare)
	optable.Add(tab, "script", "The appcmd, PowerShell and C# script of the change from another workspace to this one (Script).", t.script)
	optable.Add(tab, "scriptVerify", "The appcmd script of the change replayed through the emulator and compared with this workspace at every config path.", t.scriptVerify)
	optable.Add(tab, "read500", "A pasted 500.19 page read against this workspace: the path, file and line, the matching diagnostic, what does not match.", t.read500)
	appcmdops.Register(tab, &t.store)
	tab.Uses("workspace", append([]string{"poolConfig", "compare", "script", "scriptVerify", "read500"}, appcmdNames(tab)...)...)
	// Writes answer with the files they changed, which tools' copy has.
	tab.Uses("writes", "appcmdExec", "backupRestore", "featuresChange")
	t.table = tab
	return t
}

// appcmdNames are the ops appcmdops registered.
func appcmdNames(tab *optable.Table) []string {
	var out []string
	for _, n := range tab.Names() {
		switch n {
		case "syncWorkspace", "poolConfig", "metabase", "scanSecrets", "redactSecrets", "parseBundle", "standIns", "complete", "hover", "compare", "script", "scriptVerify", "read500":
		default:
			out = append(out, n)
		}
	}
	return out
}

// Table is tools.wasm's ops.
func (t *Tools) Table() *optable.Table { return t.table }

// Call runs one op on its JSON arguments.
func (t *Tools) Call(op string, args []byte) (string, error) { return t.table.Call(op, args) }

// SyncArgs catch tools' copy of the workspace up: Bundle (the engine's
// whole workspace as txtar) replaces it, then Changes are applied.
type SyncArgs struct {
	Bundle  *string                  `json:"bundle,omitempty"`
	Changes []playground.ChangedFile `json:"changes,omitempty"`
}

// SyncResult says how many files tools' copy holds.
type SyncResult struct {
	Files int `json:"files"`
}

func (t *Tools) sync(in SyncArgs) (SyncResult, error) {
	ws := t.store.WS
	if in.Bundle != nil {
		next, err := workspace.ParseBundle([]byte(*in.Bundle))
		if err != nil {
			return SyncResult{}, fmt.Errorf("syncWorkspace: the workspace could not be read: %v", err)
		}
		next.Reuse(ws)
		ws = next
	}
	for _, c := range in.Changes {
		if !workspace.IsAbs(c.Path) {
			return SyncResult{}, fmt.Errorf("syncWorkspace: %s is not an absolute Windows path", workspace.QuotePath(c.Path))
		}
	}
	for _, c := range in.Changes {
		if c.Removed {
			ws.Remove(c.Path)
			continue
		}
		ws.Set(c.Path, []byte(c.Text))
		ws.SetUnreadable(c.Path, c.Unreadable)
	}
	t.store.WS = ws
	return SyncResult{Files: len(ws.Files())}, nil
}

// TextArgs carry a text (parseBundle's bundle).
type TextArgs struct {
	Text string `json:"text"`
}

// ParseBundleResult is a bundle's files and environment, or where it is
// malformed (Error, with its line and column).
type ParseBundleResult struct {
	Files  []playground.FileState `json:"files,omitempty"`
	Env    map[string]string      `json:"env,omitempty"`
	Error  string                 `json:"error,omitempty"`
	Line   int                    `json:"line,omitempty"`
	Column int                    `json:"column,omitempty"`
}

// ParseBundle reads a bundle the Import dialog was given. It is here, not
// in the engine wasm, whose first load had no room for the bundle reader
// (~4.5 KB brotli): the engine only writes bundles. The files come sorted
// by path, the environment as the variables that differ from the default.
func ParseBundle(in TextArgs) ParseBundleResult {
	ws, err := workspace.ParseBundle([]byte(in.Text))
	if err != nil {
		if be, ok := errors.AsType[*diag.Diagnostic](err); ok {
			return ParseBundleResult{Error: be.Error(), Line: be.Line, Column: be.Column}
		}
		return ParseBundleResult{Error: err.Error()}
	}
	out := ParseBundleResult{Files: []playground.FileState{}, Env: map[string]string{}}
	for _, f := range ws.Files() {
		out.Files = append(out.Files, playground.FileState{Path: f.Path, Text: string(f.Text), Unreadable: f.Unreadable})
	}
	for _, kv := range ws.ChangedEnv() {
		out.Env[kv[0]] = kv[1]
	}
	return out
}

// StandInsArgs is standIns' input: the path of a machine.config or root
// web.config in one of the .NET Framework folders.
type StandInsArgs struct {
	Path string `json:"path"`
}

// StandInsResult answers standIns: the stand-in at the path asked for, or
// no file when that path has none.
type StandInsResult struct {
	Files []playground.FileState `json:"files"`
}

// StandIns is the text the engine reads for a framework folder's
// machine.config or root web.config when the workspace has none (the
// rule is config.StandIn's: the .NET 2.0 pair for v2.0.50727, the 4.0
// pair otherwise).
func StandIns(in StandInsArgs) StandInsResult {
	text, ok := config.StandIn(in.Path)
	if !ok {
		return StandInsResult{Files: []playground.FileState{}}
	}
	return StandInsResult{Files: []playground.FileState{{Path: workspace.Clean(in.Path), Text: string(text)}}}
}

// PoolArgs is poolConfig's input: the pool.
type PoolArgs struct {
	Pool string `json:"pool"`
}

// PoolResult answers poolConfig: the projection, or why there is none
// (KnownPools then lists the pools the file defines, for a picker).
type PoolResult struct {
	*poolconfig.Result
	Error string `json:"error,omitempty"`
	// Problem is the error when it is the file's own (not well-formed XML,
	// unreadable): the diagnostic with its place, for a link to the line.
	Problem    *diag.Diagnostic `json:"problem,omitempty"`
	KnownPools []string         `json:"knownPools,omitempty"`
}

// poolConfig projects the applicationHost.config the engine reads onto
// one pool (docs/poolview.md#filtering-rules). An unknown pool or a file
// that cannot be filtered is an answer, not a failed op: the page shows it
// where the filtered file would be.
func (t *Tools) poolConfig(in PoolArgs) (PoolResult, error) {
	return PoolConfig(t.store.Engine(), in.Pool), nil
}

// PoolConfig is poolConfig on a workspace.
func PoolConfig(e *config.Engine, pool string) PoolResult {
	r, err := poolconfig.FilterWorkspace(e, pool)
	if err != nil {
		out := PoolResult{Error: err.Error()}
		if d := (*diag.Diagnostic)(nil); errors.As(err, &d) {
			out.Problem = d
		}
		var up *poolconfig.UnknownPoolError
		if errors.As(err, &up) {
			out.KnownPools = up.Pools
		}
		return out
	}
	return PoolResult{Result: r}
}

// MetabaseArgs are metabase's arguments: the op reads the texts it is
// given (a MetaBase.xml is not configuration the engine reads).
type MetabaseArgs struct {
	File         string   `json:"file,omitempty"`         // name in diagnostics; default MetaBase.xml
	Metabase     string   `json:"metabase"`               // MetaBase.xml text
	SchemaFile   string   `json:"schemaFile,omitempty"`   // MBSchema.xml's name in diagnostics
	Schema       string   `json:"schema,omitempty"`       // MBSchema.xml text, laid over the built-in property table
	Key          string   `json:"key,omitempty"`          // a key's Location: its effective properties
	HistoryNames []string `json:"historyNames,omitempty"` // the History folder's file names, to list the saved versions
}

// MetabaseResult is the CLI's `iisconf metabase -json` shape
// (cmd/iisconf/metabase.go).
type MetabaseResult struct {
	File        string                 `json:"file"`
	Schema      string                 `json:"schema"`
	Diagnostics []diag.Diagnostic      `json:"diagnostics"`
	Tree        []*metabase.TreeNode   `json:"tree"`
	Key         *metabase.EffectiveKey `json:"key,omitempty"`
	History     *MetabaseHistory       `json:"history,omitempty"`
}

// MetabaseHistory lists the History folder's saved versions.
type MetabaseHistory struct {
	Entries     []metabase.HistoryEntry `json:"entries"`
	Diagnostics []diag.Diagnostic       `json:"diagnostics"`
}

// Metabase reads a MetaBase.xml (docs/metabase.md) as the CLI's metabase command
// does: the key tree, optionally one key's effective properties and the
// history folder's listing.
func Metabase(in MetabaseArgs) MetabaseResult {
	if in.File == "" {
		in.File = "MetaBase.xml"
	}
	var diags []diag.Diagnostic
	var sch *metabase.Schema
	if strings.TrimSpace(in.Schema) != "" {
		if in.SchemaFile == "" {
			in.SchemaFile = "MBSchema.xml"
		}
		var sd []diag.Diagnostic
		sch, sd = metabase.ParseSchema(in.SchemaFile, []byte(in.Schema))
		diags = append(diags, sd...)
	}
	m := metabase.Parse(in.File, []byte(in.Metabase), sch)
	diags = append(diags, m.Diagnostics...)
	out := MetabaseResult{File: m.File, Schema: m.SchemaFile, Diagnostics: diags, Tree: m.Tree()}
	if out.Diagnostics == nil {
		out.Diagnostics = []diag.Diagnostic{}
	}
	if out.Tree == nil {
		out.Tree = []*metabase.TreeNode{}
	}
	if in.Key != "" {
		out.Key = m.Effective(in.Key)
	}
	if in.HistoryNames != nil {
		entries, hd := metabase.ListHistory("History", in.HistoryNames)
		if entries == nil {
			entries = []metabase.HistoryEntry{}
		}
		if hd == nil {
			hd = []diag.Diagnostic{}
		}
		out.History = &MetabaseHistory{Entries: entries, Diagnostics: hd}
	}
	return out
}
