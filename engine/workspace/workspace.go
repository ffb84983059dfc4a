// Package workspace is the set of files the engine reads: configuration
// files keyed by Windows path (compared case-insensitively, as NTFS does),
// an environment table for %VAR% expansion, and the flags a user can set on
// a file (unreadable). It never touches the operating system: loaders take
// an fs.FS or bytes.
package workspace

import (
	"bytes"
	"maps"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/sortx"
)

// Well-known paths (docs/hierarchy.md#levels).
const (
	ConfigDir          = `C:\Windows\System32\inetsrv\config`
	AppHostPath        = ConfigDir + `\applicationHost.config`
	AdministrationPath = ConfigDir + `\administration.config`
	RedirectionPath    = ConfigDir + `\redirection.config`
	SchemaDir          = ConfigDir + `\schema`
	// FrameworkRoot holds every .NET Framework folder: Framework (32-bit)
	// and Framework64, one folder per version below each. Which one a
	// path reads is the engine's rule (docs/hierarchy.md#framework-folders).
	FrameworkRoot = `C:\Windows\Microsoft.NET`
	// FrameworkConfigDir is the 64-bit .NET 4 folder: what the server
	// level and the stock pools read.
	FrameworkConfigDir = FrameworkRoot + `\Framework64\v4.0.30319\Config`
	MachineConfigPath  = FrameworkConfigDir + `\machine.config`
	RootWebConfigPath  = FrameworkConfigDir + `\web.config`
)

// File is one file of the workspace.
type File struct {
	Path       string // as the user wrote it (cleaned)
	Text       []byte // never changed in place (Set)
	Unreadable bool   // simulate "Cannot read configuration file due to insufficient permissions"
	Version    uint64
	key        string // Key(Path), computed once
}

// Key is Key(f.Path), made when the file was set.
func (f *File) Key() string { return f.key }

// Workspace is a mutable set of files plus an environment table. It is not
// safe for concurrent mutation; readers take a snapshot with Clone.
type Workspace struct {
	files   map[string]*File // by Key(path)
	env     map[string]envVar
	version uint64
	sorted  []*File // Files() memo, nil after a change
	// envSorted is Env's order, made once per change of the environment
	// (an engine is made per keystroke, and each reads the environment).
	envSorted [][2]string
}

type envVar struct{ name, value string }

// New returns an empty workspace with the default environment.
func New() *Workspace {
	w := &Workspace{files: map[string]*File{}, env: map[string]envVar{}}
	for _, kv := range DefaultEnv {
		w.SetEnv(kv[0], kv[1])
	}
	return w
}

// DefaultEnv is the environment of a stock server (docs/hierarchy.md#environment-variables).
var DefaultEnv = [][2]string{
	{"SystemDrive", `C:`},
	{"SystemRoot", `C:\Windows`},
	{"windir", `C:\Windows`},
	{"ProgramFiles", `C:\Program Files`},
	{"ProgramFiles(x86)", `C:\Program Files (x86)`},
	{"ProgramData", `C:\ProgramData`},
	{"TEMP", `C:\Windows\TEMP`},
	{"TMP", `C:\Windows\TEMP`},
	{"USERPROFILE", `C:\Users\Administrator`},
	{"IIS_USER_HOME", `C:\Users\Administrator\Documents\IISExpress`},
	{"IIS_SITES_HOME", `C:\Users\Administrator\Documents\My Web Sites`},
	{"IIS_BIN", `C:\Program Files\IIS Express`},
	{"AppData", `C:\Users\Administrator\AppData\Roaming`},
}

// Set adds or replaces a file. The workspace keeps text, which the caller
// must not change afterwards: parses of it are cached by file, and the
// engine's parsed values are views of it.
//
// Setting the bytes a file already has, under the same spelling of its
// path, is no change: the existing *File is kept (and returned), so that
// caches keyed by file identity — the engine's parse cache compares
// pointers — survive a write that rewrites every file, as appcmd's and a
// reload's do.
func (w *Workspace) Set(path string, text []byte) *File {
	p := Clean(path)
	k := strings.ToLower(p)
	old, had := w.files[k]
	if had && old.Path == p && bytes.Equal(old.Text, text) {
		return old
	}
	w.version++
	f := &File{Path: p, Text: text, Version: w.version, key: k}
	if had {
		f.Unreadable = old.Unreadable
	}
	w.files[k] = f
	w.sorted = replaced(w.sorted, had, f)
	return f
}

// replaced is the Files() memo after f replaced the file of its key: the
// same order with f in its place (a keystroke changes one file of a
// workspace that may have a thousand, and every engine asks for Files),
// or nil when f is new. The memo may be shared with clones, so it is
// copied, not changed.
func replaced(sorted []*File, had bool, f *File) []*File {
	if !had || sorted == nil {
		return nil
	}
	lo, hi := 0, len(sorted)
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); sorted[m].key < f.key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	i := lo
	if i == len(sorted) || sorted[i].key != f.key {
		return nil
	}
	out := make([]*File, len(sorted))
	copy(out, sorted)
	out[i] = f
	return out
}

// SetUnreadable marks a file as unreadable (it must exist). Setting the
// flag it already has is no change.
func (w *Workspace) SetUnreadable(path string, unreadable bool) {
	if f, ok := w.files[Key(path)]; ok && f.Unreadable != unreadable {
		w.version++
		nf := *f
		nf.Unreadable = unreadable
		nf.Version = w.version
		w.files[Key(path)] = &nf
		w.sorted = replaced(w.sorted, true, &nf)
	}
}

// Get returns the file at path (case-insensitive).
func (w *Workspace) Get(path string) (*File, bool) {
	f, ok := w.files[Key(path)]
	return f, ok
}

// Remove deletes a file; it reports whether it existed.
func (w *Workspace) Remove(path string) bool {
	k := Key(path)
	_, ok := w.files[k]
	if ok {
		w.version++
		delete(w.files, k)
		w.sorted = nil
	}
	return ok
}

// Files returns every file, sorted by path (case-insensitively). The
// slice is shared until the next change: do not modify it.
func (w *Workspace) Files() []*File {
	if w.sorted != nil {
		return w.sorted
	}
	out := make([]*File, 0, len(w.files))
	for _, f := range w.files {
		out = append(out, f)
	}
	sortx.Slice(len(out), func(i, j int) bool { return out[i].key < out[j].key }, func(i, j int) { out[i], out[j] = out[j], out[i] })
	w.sorted = out
	return out
}

// FilesIn returns the files directly in or below folder dir.
func (w *Workspace) FilesIn(dir string) []*File {
	prefix := Key(dir) + `\`
	var out []*File
	for _, f := range w.files {
		if strings.HasPrefix(f.key, prefix) {
			out = append(out, f)
		}
	}
	sortx.Slice(len(out), func(i, j int) bool { return out[i].key < out[j].key }, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Reuse gives w the *File of prev wherever the two hold the same file (the
// same path as spelled, bytes and flags), so that a workspace rebuilt from
// scratch — a reload of the playground's state after a write — keeps the
// identity, and therefore the cached parses, of every file it did not
// change.
func (w *Workspace) Reuse(prev *Workspace) {
	for k, f := range w.files {
		if old, ok := prev.files[k]; ok && old != f && old.Path == f.Path &&
			old.Unreadable == f.Unreadable && bytes.Equal(old.Text, f.Text) {
			w.files[k] = old
			w.sorted = nil
		}
	}
}

// Version increases with every change; caches compare it.
func (w *Workspace) Version() uint64 { return w.version }

// Clone returns an independent copy (file texts are shared, never mutated).
// Not inlined: its map copies, inlined into the engine's New and Update,
// cost the engine wasm ~2 KB brotli for no measurable time.
//
//go:noinline
func (w *Workspace) Clone() *Workspace {
	// maps.Clone copies the tables as they are, without hashing every
	// key again (a thousand paths on a hosting server, per keystroke).
	return &Workspace{files: maps.Clone(w.files), env: maps.Clone(w.env), version: w.version, sorted: w.sorted, envSorted: w.envSorted}
}

// SetEnv sets an environment variable (names are case-insensitive).
func (w *Workspace) SetEnv(name, value string) {
	w.version++
	w.env[strings.ToLower(name)] = envVar{name, value}
	w.envSorted = nil
}

// Getenv looks a variable up case-insensitively.
func (w *Workspace) Getenv(name string) (string, bool) {
	v, ok := w.env[strings.ToLower(name)]
	return v.value, ok
}

// Env returns the environment as sorted NAME, VALUE pairs.
func (w *Workspace) Env() [][2]string {
	if w.envSorted == nil {
		keys := make([]string, 0, len(w.env))
		for k := range w.env {
			keys = append(keys, k)
		}
		sortx.Strings(keys) // the keys are the names lower-cased
		w.envSorted = make([][2]string, len(keys))
		for i, k := range keys {
			v := w.env[k]
			w.envSorted[i] = [2]string{v.name, v.value}
		}
	}
	return append([][2]string(nil), w.envSorted...)
}

// Expand replaces %NAME% tokens the way ExpandEnvironmentStrings does:
// names are case-insensitive, undefined variables stay verbatim, there is no
// escape syntax (docs/hierarchy.md#environment-variables).
func (w *Workspace) Expand(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		if v, ok := w.Getenv(name); ok && name != "" {
			b.WriteString(s[:i])
			b.WriteString(v)
			s = s[i+2+j:]
			continue
		}
		// Undefined: keep the first '%' and the name, and let the closing
		// '%' start the next token, as Windows does.
		b.WriteString(s[:i+1+j])
		s = s[i+1+j:]
	}
}

// Clean normalises a Windows path: forward slashes become backslashes,
// repeated separators collapse (a leading \\ of a UNC path is kept), a
// trailing separator is dropped (except after a drive root), "." segments
// are removed and ".." segments pop their parent.
func Clean(p string) string {
	if isClean(p) {
		return p // most paths are: every engine look-up cleans its path
	}
	return cleanSlow(p)
}

func cleanSlow(p string) string {
	p = backslashed(p)
	unc := strings.HasPrefix(p, `\\`)
	parts := strings.Split(p, `\`)
	var out []string
	for i, s := range parts {
		switch {
		case s == "" && i > 0:
			continue
		case s == ".":
			continue
		case s == ".." && len(out) > 0 && !isDrive(out[len(out)-1]) && out[len(out)-1] != "":
			out = out[:len(out)-1]
			continue
		}
		out = append(out, s)
	}
	r := strings.Join(out, `\`)
	if unc {
		r = `\\` + strings.TrimLeft(r, `\`)
	}
	if len(out) == 1 && isDrive(out[0]) {
		r += `\`
	}
	return r
}

// isClean reports whether Clean(p) is p, for the paths that are plainly
// so (a drive root, or segments after a drive or name that are neither
// empty nor "." nor ".."); it may say no to others.
func isClean(p string) bool {
	if p == "" || p[0] == '\\' {
		return false // rooted or UNC: the slow way
	}
	if len(p) == 3 && isDrive(p[:2]) && p[2] == '\\' {
		return true
	}
	start := 0
	for i := 0; i <= len(p); i++ {
		if i < len(p) && p[i] == '/' {
			return false
		}
		if i == len(p) || p[i] == '\\' {
			if seg := p[start:i]; seg == "" || seg == "." || seg == ".." {
				return false
			}
			start = i + 1
		}
	}
	return !isDrive(p) // a lone drive gets its backslash
}

func isDrive(s string) bool {
	return len(s) == 2 && s[1] == ':' && (s[0]|0x20 >= 'a' && s[0]|0x20 <= 'z')
}

// Key is the case-insensitive identity of a path.
func Key(p string) string { return strings.ToLower(Clean(p)) }

// Join joins a folder and a relative path with exactly one separator.
func Join(dir string, rel ...string) string {
	if len(rel) == 1 {
		return Clean(dir + `\` + rel[0]) // the common case, one string made
	}
	all := append([]string{dir}, rel...)
	return Clean(strings.Join(all, `\`))
}

// Dir returns the folder of a path.
func Dir(p string) string {
	p = Clean(p)
	i := strings.LastIndexByte(p, '\\')
	if i < 0 {
		return ""
	}
	if i == 2 && isDrive(p[:2]) {
		return p[:3]
	}
	return p[:i]
}

// Base returns the last element of a path.
func Base(p string) string {
	p = Clean(p)
	return p[strings.LastIndexByte(p, '\\')+1:]
}

// backslashed is p with every '/' a '\\'. A loop rather than
// strings.ReplaceAll: with its other callers in the engine gone too,
// strings.Replace (~5 KB of code) is not in the engine wasm.
func backslashed(p string) string {
	i := strings.IndexByte(p, '/')
	if i < 0 {
		return p
	}
	b := []byte(p)
	for ; i < len(b); i++ {
		if b[i] == '/' {
			b[i] = '\\'
		}
	}
	return string(b)
}

// IsAbs reports whether p is a drive-rooted or UNC path.
func IsAbs(p string) bool {
	p = backslashed(p)
	return strings.HasPrefix(p, `\\`) || (len(p) >= 3 && isDrive(p[:2]) && p[2] == '\\')
}

// QuotePath quotes a path for a message the way the user wrote it:
// "site\web.config" (Go's %q would double every backslash, showing a path
// nobody typed); a path holding a quote or a character that does not
// print is quoted Go's way, so the message shows what is there.
func QuotePath(p string) string {
	for _, r := range p {
		if r == '"' || !strconv.IsPrint(r) {
			return strconv.Quote(p)
		}
	}
	return `"` + p + `"`
}

// Within reports whether path is inside dir (or equal to it).
func Within(path, dir string) bool {
	kp, kd := Key(path), strings.TrimRight(Key(dir), `\`)
	return kp == kd || strings.HasPrefix(kp, kd+`\`)
}
