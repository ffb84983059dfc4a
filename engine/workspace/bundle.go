package workspace

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/textfmt"
)

// The bundle format is txtar, the archive format of Go's script tests:
//
//	anything before the first header is the archive comment (ignored)
//	-- C:\inetpub\wwwroot\web.config --
//	<file text, byte for byte>
//	-- @env --
//	NAME=VALUE
//	-- @unreadable --
//	C:\inetpub\wwwroot\web.config
//
// A header is a line that starts with "-- " and ends with " --" (before an
// optional "\r", so bundles saved with CRLF line ends parse too). A file's
// text is every byte between the end of its header line and the start of
// the next header, so CRLF inside files survives untouched.
//
// Two limits come with txtar and are enforced rather than papered over:
//   - a text that does not end in "\n" gets one when bundled (a non-empty
//     file's last line must be terminated for the next header to start a
//     line); an empty text stays empty;
//   - a text containing a header-like line cannot be bundled at all:
//     Bundle refuses with the file and line instead of writing an archive
//     that would parse back differently.

const (
	metaPrefix     = "@"
	metaEnv        = "@env"
	metaUnreadable = "@unreadable"
)

// Bundle problems are the engine's diagnostics (engine/diag, id BUNDLE),
// returned as errors (*diag.Diagnostic): on a line of the bundle, whose
// File is "bundle" (a caller that knows the bundle's file name puts it
// there), or, from Bundle, on a line of the workspace file that cannot be
// archived. The bundle's own lines (LF-terminated) are what the positions
// count, so the parser resolves them itself.
func bundleError(name string, l bundleLine, col int, msg string) *diag.Diagnostic {
	if name == "" {
		name = "bundle"
	}
	// col is 1 or 4 (after "-- "): never past a non-ASCII character.
	d := diag.At(diag.Bundle, name, diag.Range{Offset: l.start + col - 1, Length: len(l.text) - (col - 1)}, msg)
	d.Line, d.Column = l.number, col
	d.EndLine, d.EndColumn = l.number, utf8.RuneCountInString(l.text)+1
	return &d
}

// bundleLine is one line of the archive with its 1-based number; text
// excludes the line end.
type bundleLine struct {
	number      int
	start, next int // byte offsets of the line start and of the next line's start
	text        string
}

// splitLines cuts data into lines without losing a byte: next of the last
// line is len(data).
func splitLines(data []byte) []bundleLine {
	var out []bundleLine
	for start, n := 0, 1; start < len(data); n++ {
		end := bytes.IndexByte(data[start:], '\n')
		next := len(data)
		if end >= 0 {
			next = start + end + 1
		}
		text := strings.TrimSuffix(strings.TrimSuffix(string(data[start:next]), "\n"), "\r")
		out = append(out, bundleLine{number: n, start: start, next: next, text: text})
		start = next
	}
	return out
}

// headerName reports whether a line (without its line end) is a txtar
// header and returns the trimmed name between the markers. The rule is
// txtar's: "-- " prefix, " --" suffix, at least six bytes.
func headerName(line string) (string, bool) {
	line = strings.TrimSuffix(line, "\r")
	if len(line) < 6 || !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") {
		return "", false
	}
	return strings.TrimSpace(line[3 : len(line)-3]), true
}

// BundleComment returns the archive comment: every byte before the first
// header line (all of data when there is no header).
func BundleComment(data []byte) string {
	for _, l := range splitLines(data) {
		if _, ok := headerName(l.text); ok {
			return string(data[:l.start])
		}
	}
	return string(data)
}

// bundleEntry is one header and its body.
type bundleEntry struct {
	name   string
	line   int        // header line number
	header bundleLine // the header line itself
	body   []byte
	// bodyAt is the body's byte offset in the archive, bodyLine the line
	// number of its first line.
	bodyAt, bodyLine int
}

func splitEntries(data []byte) []bundleEntry {
	var entries []bundleEntry
	for _, l := range splitLines(data) {
		name, ok := headerName(l.text)
		if !ok {
			continue
		}
		if n := len(entries); n > 0 {
			entries[n-1].body = data[entries[n-1].bodyAt:l.start]
		}
		entries = append(entries, bundleEntry{name: name, line: l.number, header: l, bodyAt: l.next, bodyLine: l.number + 1})
	}
	if n := len(entries); n > 0 {
		entries[n-1].body = data[entries[n-1].bodyAt:]
	}
	return entries
}

// ParseBundle reads a txtar bundle into a new workspace with the default
// environment, overridden by @env, and the @unreadable flags applied.
func ParseBundle(data []byte) (*Workspace, error) {
	w := New()
	fileLines := map[string]int{} // Key(path) -> header line
	metaLines := map[string]int{}
	var env, unreadable *bundleEntry
	entries := splitEntries(data)
	for i := range entries {
		e := &entries[i]
		if e.name == "" {
			return nil, bundleError("", e.header, 1, "header names no file")
		}
		if strings.HasPrefix(e.name, metaPrefix) {
			if first, dup := metaLines[e.name]; dup {
				return nil, bundleError("", e.header, 1, textfmt.Sprintf("duplicate %s section (first at line %d)", e.name, first))
			}
			metaLines[e.name] = e.line
			switch e.name {
			case metaEnv:
				env = e
			case metaUnreadable:
				unreadable = e
			default:
				return nil, bundleError("", e.header, 4, textfmt.Sprintf("unknown metadata section %s (known: %s, %s)", e.name, metaEnv, metaUnreadable))
			}
			continue
		}
		path := Clean(e.name)
		if !isFilePath(path) {
			return nil, bundleError("", e.header, 4, textfmt.Sprintf("file path %q is not absolute (expected a drive path like C:\\dir\\file or a UNC path like \\\\server\\share\\file)", e.name))
		}
		if first, dup := fileLines[Key(path)]; dup {
			return nil, bundleError("", e.header, 4, textfmt.Sprintf("duplicate file %s (first at line %d; paths compare case-insensitively)", path, first))
		}
		fileLines[Key(path)] = e.line
		w.Set(path, append([]byte(nil), e.body...))
	}
	if env != nil {
		if err := applyEnv(w, env); err != nil {
			return nil, err
		}
	}
	if unreadable != nil {
		if err := applyUnreadable(w, unreadable); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// metaLinesOf yields the non-blank lines of a metadata body with their
// bundle line numbers.
func metaLinesOf(e *bundleEntry) []bundleLine {
	var out []bundleLine
	for _, l := range splitLines(e.body) {
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		l.number += e.bodyLine - 1
		l.start += e.bodyAt
		l.next += e.bodyAt
		out = append(out, l)
	}
	return out
}

func applyEnv(w *Workspace, e *bundleEntry) error {
	seen := map[string]int{}
	for _, l := range metaLinesOf(e) {
		name, value, ok := strings.Cut(l.text, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return bundleError("", l, 1, textfmt.Sprintf("%s line %q is not NAME=VALUE", metaEnv, l.text))
		}
		if first, dup := seen[strings.ToLower(name)]; dup {
			return bundleError("", l, 1, textfmt.Sprintf("variable %s set twice (first at line %d; names compare case-insensitively)", name, first))
		}
		seen[strings.ToLower(name)] = l.number
		w.SetEnv(name, value)
	}
	return nil
}

func applyUnreadable(w *Workspace, e *bundleEntry) error {
	for _, l := range metaLinesOf(e) {
		path := Clean(strings.TrimSpace(l.text))
		if _, ok := w.Get(path); !ok {
			return bundleError("", l, 1, textfmt.Sprintf("%s names %s, which is not a file of the bundle", metaUnreadable, path))
		}
		w.SetUnreadable(path, true)
	}
	return nil
}

// isFilePath reports whether a cleaned path names a file below a drive
// root (C:\x) or below a UNC share (\\server\share\x).
func isFilePath(p string) bool {
	if strings.HasPrefix(p, `\\`) {
		parts := strings.Split(p[2:], `\`)
		return len(parts) >= 3 && parts[0] != "" && parts[1] != "" && parts[len(parts)-1] != ""
	}
	return len(p) > 3 && isDrive(p[:2]) && p[2] == '\\'
}

// Bundle writes the workspace as a txtar bundle: files in Files() order,
// then @env (only variables whose name or value differ from DefaultEnv),
// then @unreadable (if any file is flagged). The output parses back to an
// equal workspace, except that a non-empty text lacking a final "\n" gains
// one. A workspace that cannot be represented is refused with an error
// naming the file (and line) at fault.
func (w *Workspace) Bundle() ([]byte, error) {
	var b bytes.Buffer
	var unreadable []string
	for _, f := range w.Files() {
		if err := checkBundlePath(f.Path); err != nil {
			return nil, err
		}
		if err := checkBundleText(f); err != nil {
			return nil, err
		}
		b.WriteString(textfmt.Sprintf("-- %s --\n", f.Path))
		b.Write(f.Text)
		if len(f.Text) > 0 && f.Text[len(f.Text)-1] != '\n' {
			b.WriteByte('\n')
		}
		if f.Unreadable {
			unreadable = append(unreadable, f.Path)
		}
	}
	env, err := w.envOverrides()
	if err != nil {
		return nil, err
	}
	if len(env) > 0 {
		b.WriteString("-- " + metaEnv + " --\n")
		for _, kv := range env {
			b.WriteString(kv[0] + "=" + kv[1] + "\n")
		}
	}
	if len(unreadable) > 0 {
		b.WriteString("-- " + metaUnreadable + " --\n")
		for _, p := range unreadable {
			b.WriteString(p + "\n")
		}
	}
	return b.Bytes(), nil
}

// checkBundlePath refuses paths that would not read back as the same file.
func checkBundlePath(p string) error {
	switch {
	case strings.ContainsAny(p, "\r\n"):
		// Line breaks shown as \r and \n, written out rather than by
		// strings.Replacer (~9 KB of the engine wasm's brotli for this one
		// message) or strings.ReplaceAll (see backslashed).
		var shown []byte
		for i := 0; i < len(p); i++ {
			switch p[i] {
			case '\r':
				shown = append(shown, `\r`...)
			case '\n':
				shown = append(shown, `\n`...)
			default:
				shown = append(shown, p[i])
			}
		}
		return bundleError(string(shown), bundleLine{number: 1}, 1, "path contains a line break and cannot be a bundle header")
	case !isFilePath(p) || Clean(strings.TrimSpace(p)) != p:
		return bundleError(p, bundleLine{number: 1}, 1, "path is not an absolute drive or UNC file path and cannot be bundled")
	}
	return nil
}

// checkBundleText refuses a text with a line that would read as a header.
func checkBundleText(f *File) error {
	for _, l := range splitLines(f.Text) {
		if _, ok := headerName(l.text); ok {
			return bundleError(f.Path, l, 1, textfmt.Sprintf("line %q looks like a bundle header; the file cannot be bundled", l.text))
		}
	}
	return nil
}

// ChangedEnv lists the variables that differ (in name spelling or value)
// from DefaultEnv, sorted as Env() sorts them: the environment a bundle's
// @env and the playground's State carry.
func (w *Workspace) ChangedEnv() [][2]string {
	defaults := map[string][2]string{}
	for _, kv := range DefaultEnv {
		defaults[strings.ToLower(kv[0])] = kv
	}
	var out [][2]string
	for _, kv := range w.Env() {
		if d, ok := defaults[strings.ToLower(kv[0])]; !ok || d != kv {
			out = append(out, kv)
		}
	}
	return out
}

// envOverrides is ChangedEnv, or why a variable cannot be written in a
// bundle.
func (w *Workspace) envOverrides() ([][2]string, error) {
	env := w.ChangedEnv()
	for _, kv := range env {
		if kv[0] == "" || strings.ContainsAny(kv[0], "=\r\n") || strings.TrimSpace(kv[0]) != kv[0] {
			return nil, bundleError(metaEnv, bundleLine{number: 1}, 1, textfmt.Sprintf("variable name %q cannot be written as NAME=VALUE", kv[0]))
		}
		if strings.ContainsAny(kv[1], "\r\n") {
			return nil, bundleError(metaEnv, bundleLine{number: 1}, 1, textfmt.Sprintf("value of %s contains a line break", kv[0]))
		}
	}
	return env, nil
}

// BundleEntry is one header of a bundle and what follows it up to the next
// header: Raw is the header line and the body, as they are in the archive.
type BundleEntry struct {
	Name string // the header's name, trimmed
	Line int    // the header's line number
	Body []byte
	Raw  []byte
}

// BundleEntries splits a bundle into its entries (the comment is left
// out), with txtar's header rule, for tools that give some entry names a
// meaning of their own (the samples' step edits and patches).
func BundleEntries(data []byte) []BundleEntry {
	var out []BundleEntry
	for _, e := range splitEntries(data) {
		// bodyAt is just past the header's line end: the header line starts
		// after the line end before that.
		start := bytes.LastIndexByte(data[:max(e.bodyAt-1, 0)], '\n') + 1
		out = append(out, BundleEntry{Name: e.name, Line: e.line, Body: e.body, Raw: data[start : e.bodyAt+len(e.body)]})
	}
	return out
}
