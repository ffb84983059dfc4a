package share

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/secrets"
	"github.com/iisconf/iisconf/wasm/playground"
)

// Limits of a stored state, each refused with 413 and a message saying
// which. The request body is capped first (MaxBody); the canonical form
// that is stored and hashed is capped again (MaxStored), since it is not
// the bytes that were sent.
const (
	MaxBody       = 512 << 10 // bytes of request body
	MaxStored     = 512 << 10 // bytes of canonical JSON
	MaxFiles      = 500       // files in a state
	MaxFileText   = 384 << 10 // bytes of one file's text
	MaxPath       = 1024      // bytes of a file path, or of the state's path
	MaxEnv        = 100       // environment overrides
	MaxEnvBytes   = 4 << 10   // bytes of one environment name or value
	MaxViewFields = 32        // fields of the view
	MaxViewBytes  = 1024      // bytes of one view value
)

// stateFile is one file of the playground's state: the page's own type
// (wasm/playground.FileState, from which web/src/gen/state.ts is
// generated), so that a field added there is one the Worker keeps.
// TestStateShape fails when playground.State or ViewState gains a field
// this package would drop or refuse.
type stateFile = playground.FileState

// State is a validated playground.State (what the page's autosave keeps
// and its "#v1:" links carry), ready to be stored (Canonical) or checked
// for secrets (Secrets). The view is kept as any scalar fields, not as
// playground.ViewState: a link made by a newer page carries fields this
// Worker does not know, and its short link must keep them.
type State struct {
	files []stateFile
	env   map[string]string
	path  string
	view  map[string]any // string, bool or json.Number
}

// LimitError is a state over one of the limits: a 413, not a 400.
type LimitError struct{ msg string }

func (e *LimitError) Error() string { return e.msg }

func overLimit(format string, args ...any) error {
	return &LimitError{fmt.Sprintf(format, args...)}
}

// Parse validates a state and keeps the fields it knows. Like the
// playground's own validateState it ignores unknown fields; unlike it, it
// refuses (rather than skips) anything of the wrong type, so a malformed
// upload is a 400 and not a silently different share. Text that is not
// valid Unicode — invalid UTF-8, or a JSON \u escape of half a surrogate
// pair — is refused rather than replaced, which would store a different
// state than the one sent.
func Parse(body []byte) (*State, error) {
	if !utf8.Valid(body) {
		return nil, errors.New("the state is not valid UTF-8 text")
	}
	if err := checkSurrogates(body); err != nil {
		return nil, err
	}
	// A well-formed state decodes in one pass; only a malformed one takes
	// the field-by-field path below, which says what is wrong with it.
	// (Decoding a near-limit state field by field took a Worker ~100 ms
	// of CPU; one pass takes about half.)
	if st, ok := parseFast(body); ok {
		return st, st.checkLimits()
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var top map[string]json.RawMessage
	if err := dec.Decode(&top); err != nil || top == nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("the state is not valid JSON (at byte %d)", syn.Offset)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("the state is not valid JSON (it ends too early)")
		}
		return nil, errors.New("the state is not a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("the state has data after its JSON object")
	}
	v, ok := top["version"]
	if !ok {
		return nil, errors.New("the state has no version")
	}
	var num json.Number
	if isString(v) || json.Unmarshal(v, &num) != nil {
		return nil, errors.New(`"version" is not a number`)
	}
	if num.String() != "1" {
		return nil, fmt.Errorf("unsupported state version %s (this server knows version 1)", num)
	}

	st := &State{env: map[string]string{}, view: map[string]any{}}
	raw, ok := top["files"]
	if !ok {
		return nil, errors.New(`the state has no "files"`)
	}
	var files []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &files); err != nil || files == nil {
		return nil, errors.New(`"files" is not an array of objects`)
	}
	if len(files) > MaxFiles {
		return nil, overLimit("the state has %d files; the limit is %d", len(files), MaxFiles)
	}
	st.files = make([]stateFile, 0, len(files))
	for i, f := range files {
		var sf stateFile
		if f == nil || !isString(f["path"]) || json.Unmarshal(f["path"], &sf.Path) != nil || sf.Path == "" {
			return nil, fmt.Errorf(`files[%d]: "path" is not a non-empty string`, i)
		}
		if len(sf.Path) > MaxPath {
			return nil, overLimit("files[%d]: the path is %d bytes; the limit is %d", i, len(sf.Path), MaxPath)
		}
		if t, ok := f["text"]; !ok || !isString(t) || json.Unmarshal(t, &sf.Text) != nil {
			return nil, fmt.Errorf(`files[%d]: "text" is not a string`, i)
		}
		if len(sf.Text) > MaxFileText {
			return nil, overLimit("%s is %s; the limit for one file is %s", sf.Path, kib(len(sf.Text)), kib(MaxFileText))
		}
		if u, ok := f["unreadable"]; ok && (isString(u) || json.Unmarshal(u, &sf.Unreadable) != nil) {
			return nil, fmt.Errorf(`files[%d]: "unreadable" is not true or false`, i)
		}
		st.files = append(st.files, sf)
	}

	if e, ok := top["env"]; ok && !isNull(e) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(e, &m); err != nil || m == nil {
			return nil, errors.New(`"env" is not an object of strings`)
		}
		if len(m) > MaxEnv {
			return nil, overLimit("the state has %d environment variables; the limit is %d", len(m), MaxEnv)
		}
		for k, raw := range m {
			var s string
			if !isString(raw) || json.Unmarshal(raw, &s) != nil {
				return nil, errors.New(`"env" is not an object of strings`)
			}
			if len(k) > MaxEnvBytes || len(s) > MaxEnvBytes {
				return nil, overLimit("the environment variable %.40q is over %s", k, kib(MaxEnvBytes))
			}
			st.env[k] = s
		}
	}
	if p, ok := top["path"]; ok {
		if !isString(p) || json.Unmarshal(p, &st.path) != nil {
			return nil, errors.New(`"path" is not a string`)
		}
		if len(st.path) > MaxPath {
			return nil, overLimit("the path is %d bytes; the limit is %d", len(st.path), MaxPath)
		}
	}
	if vw, ok := top["view"]; ok && !isNull(vw) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(vw, &m); err != nil || m == nil {
			return nil, errors.New(`"view" is not an object`)
		}
		if len(m) > MaxViewFields {
			return nil, overLimit("the view has %d fields; the limit is %d", len(m), MaxViewFields)
		}
		for k, raw := range m {
			x, err := viewValue(raw)
			if err != nil {
				return nil, fmt.Errorf("view.%s is not a string, number or boolean", k)
			}
			if s, ok := x.(string); ok && len(s) > MaxViewBytes {
				return nil, overLimit("view.%s is over %d bytes", k, MaxViewBytes)
			}
			if x != nil {
				st.view[k] = x
			}
		}
	}
	return st, nil
}

// parseFast decodes a state in one pass, reporting false for anything
// that needs a closer look (the limits are checked after, by
// checkLimits). Like encoding/json, it also takes keys in another case
// ("Files"); the canonical form writes them as the playground does.
func parseFast(body []byte) (*State, bool) {
	var in struct {
		Version json.RawMessage `json:"version"`
		Files   []*struct {
			Path       *string `json:"path"`
			Text       *string `json:"text"`
			Unreadable *bool   `json:"unreadable"`
		} `json:"files"`
		Env  map[string]*string         `json:"env"`
		Path json.RawMessage            `json:"path"`
		View map[string]json.RawMessage `json:"view"`
	}
	if json.Unmarshal(body, &in) != nil || string(in.Version) != "1" || in.Files == nil {
		return nil, false
	}
	st := &State{files: make([]stateFile, len(in.Files)), env: make(map[string]string, len(in.Env)), view: map[string]any{}}
	for i, f := range in.Files {
		if f == nil || f.Path == nil || *f.Path == "" || f.Text == nil {
			return nil, false
		}
		st.files[i] = stateFile{Path: *f.Path, Text: *f.Text, Unreadable: f.Unreadable != nil && *f.Unreadable}
	}
	for k, v := range in.Env {
		if v == nil {
			return nil, false
		}
		st.env[k] = *v
	}
	if in.Path != nil && (!isString(in.Path) || json.Unmarshal(in.Path, &st.path) != nil) {
		return nil, false
	}
	for k, raw := range in.View {
		x, err := viewValue(raw)
		if err != nil {
			return nil, false
		}
		if x != nil {
			st.view[k] = x
		}
	}
	return st, true
}

// checkLimits applies the limits that the slow path checks as it goes.
func (st *State) checkLimits() error {
	if len(st.files) > MaxFiles {
		return overLimit("the state has %d files; the limit is %d", len(st.files), MaxFiles)
	}
	for i, f := range st.files {
		if len(f.Path) > MaxPath {
			return overLimit("files[%d]: the path is %d bytes; the limit is %d", i, len(f.Path), MaxPath)
		}
		if len(f.Text) > MaxFileText {
			return overLimit("%s is %s; the limit for one file is %s", f.Path, kib(len(f.Text)), kib(MaxFileText))
		}
	}
	if len(st.env) > MaxEnv {
		return overLimit("the state has %d environment variables; the limit is %d", len(st.env), MaxEnv)
	}
	for _, k := range sortedKeys(st.env) {
		if len(k) > MaxEnvBytes || len(st.env[k]) > MaxEnvBytes {
			return overLimit("the environment variable %.40q is over %s", k, kib(MaxEnvBytes))
		}
	}
	if len(st.path) > MaxPath {
		return overLimit("the path is %d bytes; the limit is %d", len(st.path), MaxPath)
	}
	if len(st.view) > MaxViewFields {
		return overLimit("the view has %d fields; the limit is %d", len(st.view), MaxViewFields)
	}
	for _, k := range sortedViewKeys(st.view) {
		if s, ok := st.view[k].(string); ok && len(s) > MaxViewBytes {
			return overLimit("view.%s is over %d bytes", k, MaxViewBytes)
		}
	}
	return nil
}

func sortedViewKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// viewValue decodes one view field: a string, bool or number, or nil for
// an unset option (null).
func viewValue(raw json.RawMessage) (any, error) {
	var x any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&x); err != nil {
		return nil, err
	}
	switch x.(type) {
	case string, bool, json.Number, nil:
		return x, nil
	}
	return nil, errors.New("not a scalar")
}

// Canonical is the form that is stored and hashed: fields in a fixed
// order, env and view keys sorted, no insignificant white space, and
// strings escaped only where JSON requires it (quote, backslash, control
// characters) — not HTML characters, and not U+2028/U+2029, which
// encoding/json escapes as six bytes each and so would let a state grow
// to twice its size as stored.
func (st *State) Canonical() []byte {
	b := make([]byte, 0, 256+st.size())
	b = append(b, `{"version":1,"files":[`...)
	for i, f := range st.files {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"path":`...)
		b = appendString(b, f.Path)
		b = append(b, `,"text":`...)
		b = appendString(b, f.Text)
		if f.Unreadable {
			b = append(b, `,"unreadable":true`...)
		}
		b = append(b, '}')
	}
	b = append(b, `],"env":{`...)
	for i, k := range sortedKeys(st.env) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, st.env[k])
	}
	b = append(b, `},"path":`...)
	b = appendString(b, st.path)
	b = append(b, `,"view":{`...)
	for i, k := range sortedViewKeys(st.view) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		switch x := st.view[k].(type) {
		case string:
			b = appendString(b, x)
		case bool:
			b = strconv.AppendBool(b, x)
		case json.Number:
			b = append(b, x...)
		}
	}
	return append(b, "}}"...)
}

// size is roughly the canonical form's length, to allocate it once.
func (st *State) size() int {
	n := len(st.path)
	for _, f := range st.files {
		n += len(f.Path) + len(f.Text) + 32
	}
	for k, v := range st.env {
		n += len(k) + len(v) + 6
	}
	return n
}

// Secrets are the secrets of the state's files and environment, as the
// playground's scanner finds them (engine/secrets, with the built-in
// schema: a schema file shared in the state does not add to it here).
func (st *State) Secrets() []secrets.Finding {
	files := make([]secrets.File, len(st.files))
	for i, f := range st.files {
		files[i] = secrets.File{Path: f.Path, Text: []byte(f.Text)}
	}
	return secrets.ScanFiles(files, st.env, nil)
}

// Canonical validates a state and returns its canonical form.
func Canonical(body []byte) ([]byte, error) {
	st, err := Parse(body)
	if err != nil {
		return nil, err
	}
	return st.Canonical(), nil
}

const hexDigits = "0123456789abcdef"

// appendString appends s (valid UTF-8) as a JSON string, escaping only
// what JSON requires, the way encoding/json writes those characters. It is
// not engine/jsonx.AppendString, which also escapes <, > and & as
// encoding/json does by default: this form is hashed into share ids, so
// its bytes never change.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// checkSurrogates refuses a \u escape of half a UTF-16 surrogate pair
// (\ud800 alone): encoding/json would quietly decode it as U+FFFD, storing
// a different text than the one sent. JavaScript strings can hold one, so
// a page may send it.
func checkSurrogates(body []byte) error {
	inString := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !inString {
			if c == '"' {
				inString = true
			}
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if i+1 < len(body) && body[i+1] == 'u' {
				u, ok := hex4(body, i+2)
				switch {
				case !ok:
				case u >= 0xD800 && u < 0xDC00:
					if lo, ok := hex4(body, i+8); ok && body[i+6] == '\\' && body[i+7] == 'u' && lo >= 0xDC00 && lo < 0xE000 {
						i += 11
						continue
					}
					return lone(u, i)
				case u >= 0xDC00 && u < 0xE000:
					return lone(u, i)
				}
				i += 5
				continue
			}
			i++ // the escaped character
		}
	}
	return nil
}

func lone(u, at int) error {
	return fmt.Errorf("the state holds text that is not valid Unicode: half of a UTF-16 surrogate pair (\\u%04x) at byte %d", u, at)
}

// hex4 reads four hex digits at body[i:].
func hex4(body []byte, i int) (int, bool) {
	if i+4 > len(body) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(body[i:i+4]), 16, 16)
	return int(n), err == nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// kib is a size in words; exact bytes when that is what matters (near
// a limit, "512.0 KiB" both sides of it would not say which is bigger).
func kib(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	if n%1024 != 0 {
		return fmt.Sprintf("%d bytes (%.1f KiB)", n, float64(n)/1024)
	}
	return fmt.Sprintf("%d KiB", n/1024)
}

func isString(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '"'
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}
