// Package ops holds the playground's on-demand engine ops, poolConfig and
// metabase, and appcmd's writes and backups, which tools.wasm (wasm/tools) serves to the engine
// worker. They are kept out of the engine wasm every visitor downloads:
// engine/metabase and engine/poolconfig weigh ~50 KB brotli, more than the
// first load's budget has room for, and few visits use them. Plain Go, so
// they are tested natively.
package ops

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/iisconf/iisconf/engine/metabase"
	"github.com/iisconf/iisconf/engine/poolconfig"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Names lists the ops, as the worker calls them: the pool view, the
// metabase mode, the secret scanner (secrets.go), and appcmd's writes,
// backups and site export (AppCmdNames).
var Names = append([]string{"poolConfig", "metabase", "scanSecrets", "redactSecrets"}, AppCmdNames...)

// Call runs one op on its JSON arguments and returns its JSON result.
func Call(op string, args []byte) (string, error) {
	var v any
	switch op {
	case "poolConfig":
		var in PoolArgs
		if err := json.Unmarshal(args, &in); err != nil {
			return "", fmt.Errorf("poolConfig: bad arguments: %v", err)
		}
		v = PoolConfig(in)
	case "metabase":
		var in MetabaseArgs
		if err := json.Unmarshal(args, &in); err != nil {
			return "", fmt.Errorf("metabase: bad arguments: %v", err)
		}
		v = Metabase(in)
	case "scanSecrets", "redactSecrets":
		var in SecretsArgs
		if err := json.Unmarshal(args, &in); err != nil {
			return "", fmt.Errorf("%s: bad arguments: %v", op, err)
		}
		if op == "scanSecrets" {
			v = ScanSecrets(in)
		} else {
			v = RedactSecrets(in)
		}
	default:
		return AppCmd(op, args)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%s: encoding the result: %v", op, err)
	}
	return string(out), nil
}

// PoolArgs is poolConfig's input: the pool, and the workspace as a bundle
// (the worker takes it from the engine's `bundle` op, so both wasm
// instances see the same files and environment).
type PoolArgs struct {
	Pool   string `json:"pool"`
	Bundle string `json:"bundle"`
}

// PoolResult answers poolConfig: the projection, or why there is none
// (KnownPools then lists the pools the file defines, for a picker).
type PoolResult struct {
	*poolconfig.Result
	Error      string   `json:"error,omitempty"`
	KnownPools []string `json:"knownPools,omitempty"`
}

// PoolConfig projects the applicationHost.config the engine reads onto
// one pool (docs/poolview.md#filtering-rules). An unknown pool, a bad bundle or a file that
// cannot be filtered is an answer, not a failed op: the page shows it
// where the filtered file would be.
func PoolConfig(in PoolArgs) PoolResult {
	ws, err := workspace.ParseBundle([]byte(in.Bundle))
	if err != nil {
		return PoolResult{Error: "the workspace could not be read: " + err.Error()}
	}
	r, err := poolconfig.FilterWorkspace(ws, in.Pool)
	if err != nil {
		out := PoolResult{Error: err.Error()}
		var up *poolconfig.UnknownPoolError
		if errors.As(err, &up) {
			out.KnownPools = up.Pools
		}
		return out
	}
	return PoolResult{Result: r}
}

// MetabaseArgs mirrors protocol.ts MetabaseArgs: the op reads the texts it
// is given (a MetaBase.xml is not configuration the engine reads).
type MetabaseArgs struct {
	File         string   `json:"file"`     // name in diagnostics; default MetaBase.xml
	Metabase     string   `json:"metabase"` // MetaBase.xml text
	SchemaFile   string   `json:"schemaFile"`
	Schema       string   `json:"schema"`       // optional MBSchema.xml text
	Key          string   `json:"key"`          // optional: a key's effective properties
	HistoryNames []string `json:"historyNames"` // optional: file names of the History folder
}

// MetabaseResult is the CLI's `iisconf metabase -json` shape
// (cmd/iisconf/metabase.go).
type MetabaseResult struct {
	File        string                 `json:"file"`
	Schema      string                 `json:"schema"`
	Diagnostics []metabase.Diagnostic  `json:"diagnostics"`
	Tree        []*metabase.TreeNode   `json:"tree"`
	Key         *metabase.EffectiveKey `json:"key,omitempty"`
	History     *MetabaseHistory       `json:"history,omitempty"`
}

// MetabaseHistory lists the History folder's saved versions.
type MetabaseHistory struct {
	Entries     []metabase.HistoryEntry `json:"entries"`
	Diagnostics []metabase.Diagnostic   `json:"diagnostics"`
}

// Metabase reads a MetaBase.xml (docs/metabase.md) as the CLI's metabase command
// does: the key tree, optionally one key's effective properties and the
// history folder's listing.
func Metabase(in MetabaseArgs) MetabaseResult {
	if in.File == "" {
		in.File = "MetaBase.xml"
	}
	var diags []metabase.Diagnostic
	var sch *metabase.Schema
	if strings.TrimSpace(in.Schema) != "" {
		if in.SchemaFile == "" {
			in.SchemaFile = "MBSchema.xml"
		}
		var sd []metabase.Diagnostic
		sch, sd = metabase.ParseSchema(in.SchemaFile, []byte(in.Schema))
		diags = append(diags, sd...)
	}
	m := metabase.Parse(in.File, []byte(in.Metabase), sch)
	diags = append(diags, m.Diagnostics...)
	out := MetabaseResult{File: m.File, Schema: m.SchemaFile, Diagnostics: diags, Tree: m.Tree()}
	if out.Diagnostics == nil {
		out.Diagnostics = []metabase.Diagnostic{}
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
			hd = []metabase.Diagnostic{}
		}
		out.History = &MetabaseHistory{Entries: entries, Diagnostics: hd}
	}
	return out
}
