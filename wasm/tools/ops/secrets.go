package ops

import (
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/secrets"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/playground"
)

// The secret scanner (engine/secrets) for the playground's Share, Short
// link and Export. It lives in tools.wasm, not the engine wasm: its code
// is ~28 KB brotli, twice what the first load's budget has left, and only
// a share or an export needs it (the service worker has usually cached
// tools.wasm by then).

// SecretsArgs are the arguments of scanSecrets and redactSecrets: the
// page's files and environment overrides (its State, which may be ahead
// of the engine's workspace), and for redactSecrets the findings the user
// chose to keep (indices into scanSecrets's list).
type SecretsArgs struct {
	Files []playground.FileState `json:"files"`
	Env   map[string]string      `json:"env,omitempty"`
	Keep  []int                  `json:"keep,omitempty"`
}

// ScanResult answers scanSecrets.
type ScanResult struct {
	Findings []secrets.Finding `json:"findings"`
}

// RedactResult answers redactSecrets: every file, in order, and the
// environment, with the secrets replaced; Redacted counts them.
type RedactResult struct {
	Files    []playground.FileState `json:"files"`
	Env      map[string]string      `json:"env"`
	Redacted int                    `json:"redacted"`
}

// ScanSecrets lists the secrets of the files and environment.
func ScanSecrets(in SecretsArgs) ScanResult {
	fs := secrets.ScanFiles(in.files(), in.Env, schemaOf(in.Files))
	if fs == nil {
		fs = []secrets.Finding{}
	}
	return ScanResult{Findings: fs}
}

// RedactSecrets replaces what ScanSecrets lists, except the findings kept.
func RedactSecrets(in SecretsArgs) RedactResult {
	keep := map[int]bool{}
	for _, i := range in.Keep {
		keep[i] = true
	}
	files, env, n := secrets.RedactFiles(in.files(), in.Env, schemaOf(in.Files), func(i int) bool { return keep[i] })
	out := RedactResult{Files: make([]playground.FileState, len(files)), Env: env, Redacted: n}
	for i, f := range files {
		out.Files[i] = playground.FileState{Path: f.Path, Text: string(f.Text), Unreadable: in.Files[i].Unreadable}
	}
	return out
}

func (in SecretsArgs) files() []secrets.File {
	out := make([]secrets.File, len(in.Files))
	for i, f := range in.Files {
		out[i] = secrets.File{Path: f.Path, Text: []byte(f.Text)}
	}
	return out
}

// schemaOf is the schema in force for these files: the built-in schema
// with the schema files among them, composed as the engine does.
func schemaOf(files []playground.FileState) *schema.Schema {
	ws := workspace.New()
	for _, f := range files {
		if workspace.Within(f.Path, workspace.SchemaDir) {
			ws.Set(f.Path, []byte(f.Text))
		}
	}
	if len(ws.Files()) == 0 {
		return schema.Builtin()
	}
	return config.New(ws).Schema()
}
