package share

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// The playground's state (web/src/engine/protocol.ts, State): what its
// autosave keeps and its "#v1:" links carry.
type stateFile struct {
	Path       string `json:"path"`
	Text       string `json:"text"`
	Unreadable bool   `json:"unreadable,omitempty"`
}

type state struct {
	Version int               `json:"version"`
	Files   []stateFile       `json:"files"`
	Env     map[string]string `json:"env"`
	Path    string            `json:"path"`
	View    map[string]any    `json:"view"`
}

// Canonical validates a state and returns its canonical JSON, the form
// that is stored and hashed: fields in a fixed order, env and view keys
// sorted, no insignificant white space. Like the playground's own
// validateState, it keeps only the fields it knows; unlike it, it refuses
// (rather than skips) anything of the wrong type, so a malformed upload
// is a 400 and not a silently different share.
func Canonical(body []byte) ([]byte, error) {
	if !utf8.Valid(body) {
		return nil, errors.New("the state is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var top map[string]json.RawMessage
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("the state is not a JSON object: %v", err)
	}
	if top == nil {
		return nil, errors.New("the state is not a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("the state has data after its JSON object")
	}
	var st state
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
	st.Version = 1

	raw, ok := top["files"]
	if !ok {
		return nil, errors.New(`the state has no "files"`)
	}
	var files []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &files); err != nil || files == nil {
		return nil, errors.New(`"files" is not an array of objects`)
	}
	st.Files = make([]stateFile, 0, len(files))
	for i, f := range files {
		var sf stateFile
		if f == nil || json.Unmarshal(f["path"], &sf.Path) != nil || sf.Path == "" {
			return nil, fmt.Errorf(`files[%d]: "path" is not a non-empty string`, i)
		}
		if t, ok := f["text"]; !ok || !isString(t) || json.Unmarshal(t, &sf.Text) != nil {
			return nil, fmt.Errorf(`files[%d]: "text" is not a string`, i)
		}
		if u, ok := f["unreadable"]; ok && json.Unmarshal(u, &sf.Unreadable) != nil {
			return nil, fmt.Errorf(`files[%d]: "unreadable" is not a boolean`, i)
		}
		st.Files = append(st.Files, sf)
	}

	st.Env = map[string]string{}
	if e, ok := top["env"]; ok && !isNull(e) {
		if err := json.Unmarshal(e, &st.Env); err != nil || st.Env == nil {
			return nil, errors.New(`"env" is not an object of strings`)
		}
	}
	if p, ok := top["path"]; ok {
		if !isString(p) || json.Unmarshal(p, &st.Path) != nil {
			return nil, errors.New(`"path" is not a string`)
		}
	}
	st.View = map[string]any{}
	if vw, ok := top["view"]; ok && !isNull(vw) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(vw, &m); err != nil || m == nil {
			return nil, errors.New(`"view" is not an object`)
		}
		for k, raw := range m {
			var x any
			d := json.NewDecoder(bytes.NewReader(raw))
			d.UseNumber()
			if err := d.Decode(&x); err != nil {
				return nil, fmt.Errorf("view.%s: %v", k, err)
			}
			switch x.(type) {
			case string, bool, json.Number:
				st.View[k] = x
			case nil:
				// an unset option
			default:
				return nil, fmt.Errorf("view.%s is not a string, number or boolean", k)
			}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(st); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func isString(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '"'
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}
