// Package secrets finds the secrets a workspace holds — passwords, keys,
// tokens, credentials inside connection strings and URLs, private keys,
// ciphertext — and redacts them. It is the one scanner behind every way a
// workspace leaves the user's machine: the playground's Share, Short link
// and Export (through the engine's wasm), the CLI's collect, and the share
// Worker, which refuses to store a state that still holds one.
//
// What counts as a secret (docs/secrets.md explains each rule):
//
//   - an attribute the schema marks encrypted, or whose name says it is a
//     password, secret, key, token or credential (adPassword, clientSecret,
//     accessToken, validationKey; camelCase and snake_case alike), unless
//     its value is empty, a boolean, a placeholder or AutoGenerate;
//   - the value of a name/value item whose name says so: appSettings
//     <add key="DbPassword" value="…">, an aspNetCore <environmentVariable>,
//     an applicationSettings <setting name="ApiKey"><value>…</value>;
//   - the text of an element whose name says so (<clientSecret>…);
//   - in any attribute value, text or comment: the credential parts of a
//     connection string (Password=, Pwd=, AccountKey=, SharedAccessKey=…),
//     the password of a URL (https://user:password@host) and its secret
//     query parameters (sig=, access_token=…), PEM private keys, and
//     ciphertext ([enc:Provider:…:enc], <CipherValue>);
//   - environment variables whose name says so, and credentials inside any
//     environment value.
//
// A Finding is a byte range, so the list shown to the user and what
// Redact replaces are the same thing; a value written across several
// lines is one finding. The scanner reads markup tolerantly (a file that
// is not well-formed XML is still scanned: it is exactly the kind of file a
// user shares to ask for help), in one pass, in time linear in the text.
package secrets

import (
	"bytes"
	"slices"
	"sort"

	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Kind is what sort of secret a finding is. The values are stable: the
// playground and the share Worker's answers carry them.
type Kind string

const (
	// Attribute: an attribute that holds a secret as a whole, by the
	// schema (encrypted="true") or by its name.
	Attribute Kind = "attribute"
	// Setting: the value of a name/value item (or of an element's text)
	// whose name says it is a secret.
	Setting Kind = "setting"
	// ConnectionString: a credential inside a connection string.
	ConnectionString Kind = "connection-string"
	// URLCredential: a password or secret query parameter inside a URL.
	URLCredential Kind = "url"
	// PrivateKey: the body of a PEM private key.
	PrivateKey Kind = "private-key"
	// Encrypted: ciphertext, readable only with the server's keys.
	Encrypted Kind = "encrypted"
	// Environment: an environment variable whose name says it is a secret.
	Environment Kind = "environment"
)

// Finding is one secret.
type Finding struct {
	// File is the workspace path of the file; empty for an environment
	// variable.
	File string `json:"file,omitempty"`
	// Env is the environment variable holding the secret, when it is in one.
	Env string `json:"env,omitempty"`
	// Start and End are the byte offsets of the secret in the file's text
	// (for a UTF-16 file, in its UTF-8 transcoding, which is what the
	// engine and the playground show) or in the variable's value.
	Start int `json:"start"`
	End   int `json:"end"`
	// Line and EndLine are the 1-based lines of Start and of the last byte
	// (0 for an environment variable). CRLF, CR and LF each end a line.
	Line    int  `json:"line"`
	EndLine int  `json:"endLine"`
	Kind    Kind `json:"kind"`
	// What says where the secret is, in words, without the secret itself:
	// `password on <processModel>`, `Password in connectionString on <add>`.
	What string `json:"what"`
}

// Placeholder replaces every secret. The scanner never reports it, so a
// redacted workspace scans clean.
const Placeholder = "[redacted]"

// Scan finds every secret of the workspace's files and environment, in
// file order (the workspace's sorted paths), then the environment. sch is
// the schema in force (config.Engine.Schema(): built-in plus the
// workspace's schema files); nil means the built-in schema.
func Scan(ws *workspace.Workspace, sch *schema.Schema) []Finding {
	var out []Finding
	for _, f := range ws.Files() {
		out = append(out, ScanText(f.Path, f.Text, sch)...)
	}
	for _, kv := range ws.Env() {
		out = append(out, ScanEnv(kv[0], kv[1])...)
	}
	return out
}

// File is a text to scan, as a playground state or a collection holds it:
// unlike a workspace, a list of files may repeat a path, and each is
// scanned and redacted on its own.
type File struct {
	Path string
	Text []byte
}

// ScanFiles finds the secrets of files, in order, then of the environment
// variables env (sorted by name). sch is as for Scan.
func ScanFiles(files []File, env map[string]string, sch *schema.Schema) []Finding {
	var out []Finding
	for _, f := range files {
		out = append(out, ScanText(f.Path, f.Text, sch)...)
	}
	for _, name := range sortedKeys(env) {
		out = append(out, ScanEnv(name, env[name])...)
	}
	return out
}

// RedactFiles returns files and env with the findings of ScanFiles
// replaced by Placeholder, except those keep reports true for (by their
// index in ScanFiles's list; keep may be nil). The inputs are not
// changed. It returns how many findings it replaced.
func RedactFiles(files []File, env map[string]string, sch *schema.Schema, keep func(i int) bool) ([]File, map[string]string, int) {
	n, replaced := 0, 0
	pick := func(fs []Finding) []Finding {
		var out []Finding
		for _, f := range fs {
			if keep == nil || !keep(n) {
				out = append(out, f)
			}
			n++
		}
		replaced += len(out)
		return out
	}
	outFiles := make([]File, len(files))
	for i, f := range files {
		outFiles[i] = File{Path: f.Path, Text: RedactText(f.Text, pick(ScanText(f.Path, f.Text, sch)))}
	}
	outEnv := make(map[string]string, len(env))
	for _, name := range sortedKeys(env) {
		outEnv[name] = RedactEnv(env[name], pick(ScanEnv(name, env[name])))
	}
	return outFiles, outEnv, replaced
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ScanText finds the secrets of one file's text; path only labels the
// findings. The findings are sorted and never overlap.
func ScanText(path string, text []byte, sch *schema.Schema) []Finding {
	if sch == nil {
		sch = schema.Builtin()
	}
	src, _ := utf8Text(text)
	s := scanner{src: src, sch: sch}
	s.markup(0, len(src), false)
	fs := resolve(s.found)
	lineNumbers(src, fs)
	for i := range fs {
		fs[i].File = path
	}
	return fs
}

// ScanEnv finds the secrets of one environment variable: all of its value
// when the name says it is a secret, otherwise any credential inside it.
func ScanEnv(name, value string) []Finding {
	v := []byte(value)
	var fs []Finding
	if isSecretName(name) {
		if a, b, ok := secretValue(v, 0, len(v)); ok {
			fs = []Finding{{Start: a, End: b, Kind: Environment, What: "environment variable " + name}}
		}
	} else {
		s := scanner{src: v}
		s.freeText(0, len(v), place{env: name})
		fs = resolve(s.found)
	}
	for i := range fs {
		fs[i].Env = name
	}
	return fs
}

// RedactText returns text with the range of every finding replaced by
// Placeholder. The findings must be of this text (File and Env are not
// looked at). A UTF-16 text stays UTF-16.
func RedactText(text []byte, fs []Finding) []byte {
	if len(fs) == 0 {
		return text
	}
	src, enc := utf8Text(text)
	out := replaceRanges(src, fs)
	if enc != nil {
		return enc(out)
	}
	return out
}

// RedactEnv is RedactText for an environment variable's value.
func RedactEnv(value string, fs []Finding) string {
	if len(fs) == 0 {
		return value
	}
	return string(replaceRanges([]byte(value), fs))
}

// Redact returns a copy of ws in which every finding is replaced by
// Placeholder; ws is not changed. Files and variables without a finding
// are shared with ws.
func Redact(ws *workspace.Workspace, fs []Finding) *workspace.Workspace {
	out := ws.Clone()
	byFile := map[string][]Finding{}
	byEnv := map[string][]Finding{}
	for _, f := range fs {
		if f.File != "" {
			k := workspace.Key(f.File)
			byFile[k] = append(byFile[k], f)
		} else if f.Env != "" {
			byEnv[f.Env] = append(byEnv[f.Env], f)
		}
	}
	for _, f := range ws.Files() {
		if list := byFile[workspace.Key(f.Path)]; len(list) > 0 {
			out.Set(f.Path, RedactText(f.Text, list))
		}
	}
	for name, list := range byEnv {
		if v, ok := ws.Getenv(name); ok {
			out.SetEnv(name, RedactEnv(v, list))
		}
	}
	return out
}

// replaceRanges replaces each finding's range of src (in bounds, not
// overlapping an earlier one) with Placeholder.
func replaceRanges(src []byte, fs []Finding) []byte {
	fs = slices.Clone(fs)
	sort.Slice(fs, func(i, j int) bool { return fs[i].Start < fs[j].Start })
	var b bytes.Buffer
	b.Grow(len(src))
	at := 0
	for _, f := range fs {
		if f.Start < at || f.End > len(src) || f.Start >= f.End {
			continue
		}
		b.Write(src[at:f.Start])
		b.WriteString(Placeholder)
		at = f.End
	}
	b.Write(src[at:])
	return b.Bytes()
}

// resolve sorts findings by position and drops any that overlaps an
// earlier one (the outer finding, found first, covers it), so redaction
// never has to choose.
func resolve(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Start != fs[j].Start {
			return fs[i].Start < fs[j].Start
		}
		return fs[i].End > fs[j].End
	})
	out := fs[:0]
	end := -1
	for _, f := range fs {
		if f.Start < end {
			continue
		}
		out = append(out, f)
		end = f.End
	}
	return out
}

// lineNumbers sets Line and EndLine of sorted findings in one pass.
func lineNumbers(src []byte, fs []Finding) {
	line, at := 1, 0
	advance := func(to int) {
		for ; at < to && at < len(src); at++ {
			switch src[at] {
			case '\n':
				line++
			case '\r':
				if at+1 >= len(src) || src[at+1] != '\n' {
					line++
				}
			}
		}
	}
	for i := range fs {
		advance(fs[i].Start)
		fs[i].Line = line
		// The findings do not overlap: the next one starts at or after End.
		advance(fs[i].End - 1)
		fs[i].EndLine = line
	}
}
