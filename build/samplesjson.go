package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/expect"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/textdiff"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/samples"
)

// sampleEntry is one course sample as samples.json carries it to the
// worker (web/src/engine/worker.ts) and the docs page: the card (title,
// module, new words, caveats, the error codes it shows), the change it
// makes to the stock server as a diff to read, and its workspace as a
// delta from the stock server that the worker composes with the engine's
// own stock files. Each step ("Try it" or fix) carries its own delta from
// the state it starts from. Deltas change files by line splices, not whole
// texts: most lessons touch a few lines of the 70 KB stock
// applicationHost.config, and shipping it whole per state would make the
// file megabytes.
type sampleEntry struct {
	Name        string     `json:"name"`
	Title       string     `json:"title"`
	Group       string     `json:"group"`
	Module      string     `json:"module,omitempty"`
	Exercises   string     `json:"exercises,omitempty"`
	Order       int        `json:"order"`
	Open        string     `json:"open"`
	View        string     `json:"view"`
	Section     string     `json:"section,omitempty"`
	Sections    []string   `json:"sections,omitempty"` // every section its checks are about (the gallery's filter)
	Explanation []string   `json:"explanation"`
	Evidence    string     `json:"evidence,omitempty"`
	Words       []word     `json:"words"`
	Caveats     []caveat   `json:"caveats"`
	Codes       []string   `json:"codes"` // HRESULTs its expectations show
	Diff        string     `json:"diff"`  // the starting state against the stock server
	Steps       []stepInfo `json:"steps"`
	Path        string     `json:"path"` // = Open; the field the `sample` op answers with
	delta
}

type word struct {
	Term    string `json:"term"`
	Meaning string `json:"meaning"`
}

type caveat struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// stepInfo is one step: what to do (title, explanation, the appcmd
// command and what it prints), the change as a diff, and the delta from
// the state it starts from (From's end, or the sample's start).
type stepInfo struct {
	Name        string   `json:"name"`
	Kind        string   `json:"kind"` // try | fix
	Title       string   `json:"title"`
	Explanation []string `json:"explanation"`
	From        string   `json:"from,omitempty"`
	AppCmd      string   `json:"appcmd,omitempty"`
	Output      string   `json:"output,omitempty"` // what the command printed (or its ERROR line)
	Diff        string   `json:"diff"`
	delta
}

// delta turns one workspace into another: files added (whole), files
// changed (splices of their lines), files removed, environment changes.
type delta struct {
	Files   []fileState       `json:"files"`
	Edits   []fileEdit        `json:"edits"`
	Removed []string          `json:"removed"`
	Env     map[string]string `json:"env"`
}

type fileState struct {
	Path       string `json:"path"`
	Text       string `json:"text"`
	CopyOf     string `json:"copyOf,omitempty"` // the text is this file's, in the state after the delta (a backup, a history snapshot)
	Unreadable bool   `json:"unreadable,omitempty"`
}

type fileEdit struct {
	Path       string            `json:"path"`
	Splices    []textdiff.Splice `json:"splices"`
	Unreadable bool              `json:"unreadable,omitempty"`
}

// samplesJSON renders the course from package samples.
func samplesJSON() ([]byte, error) {
	base := stock.Workspace()
	out := []sampleEntry{}
	for _, s := range samples.All() {
		c, err := s.Case()
		if err != nil {
			return nil, err
		}
		ws, err := c.Workspace()
		if err != nil {
			return nil, err
		}
		e := sampleEntry{
			Name: s.Name, Title: s.Title, Group: s.Group, Module: s.Module, Exercises: s.Exercises, Order: s.Order,
			Open: s.Open, View: s.View, Section: s.Section, Explanation: s.Explanation, Evidence: s.Evidence,
			Words: []word{}, Caveats: []caveat{}, Codes: c.Codes(), Sections: c.Sections(), Steps: []stepInfo{}, Path: s.Open,
			delta: deltaOf(base, ws),
			Diff:  diffOf(base, ws, c.Patches, nil),
		}
		for _, w := range s.Words {
			e.Words = append(e.Words, word{w.Term, w.Meaning})
		}
		for _, cv := range s.Caveats {
			e.Caveats = append(e.Caveats, caveat{cv.ID, cv.Text})
		}
		for _, st := range c.Steps {
			state, err := c.StepWorkspace(st.Name)
			if err != nil {
				return nil, err
			}
			info := stepInfo{Name: st.Name, Kind: st.Kind, Title: st.Title, Explanation: st.Explanation, From: st.From,
				AppCmd: st.AppCmd, delta: deltaOf(state.Before, state.Workspace),
				Diff: diffOf(state.Before, state.Workspace, st.Edits, state.Command)}
			if o := state.Command; o != nil {
				info.Output = strings.TrimRight(strings.ReplaceAll(o.Output, "\r\n", "\n"), "\n")
				if o.Err != nil {
					info.Output = o.Err.Text
				}
			}
			e.Steps = append(e.Steps, info)
		}
		out = append(out, e)
	}
	return json.Marshal(out)
}

// deltaOf is the change from before to after.
func deltaOf(before, after *workspace.Workspace) delta {
	d := delta{Files: []fileState{}, Edits: []fileEdit{}, Removed: []string{}, Env: map[string]string{}}
	for _, f := range after.Files() {
		b, ok := before.Get(f.Path)
		switch {
		case !ok && copyOf(before, after, f) != "":
			d.Files = append(d.Files, fileState{Path: f.Path, CopyOf: copyOf(before, after, f), Unreadable: f.Unreadable})
		case !ok:
			d.Files = append(d.Files, fileState{Path: f.Path, Text: string(f.Text), Unreadable: f.Unreadable})
		case string(b.Text) != string(f.Text) || b.Unreadable != f.Unreadable:
			d.Edits = append(d.Edits, fileEdit{Path: f.Path, Splices: textdiff.Splices(string(b.Text), string(f.Text)), Unreadable: f.Unreadable})
		}
	}
	for _, f := range before.Files() {
		if _, ok := after.Get(f.Path); !ok {
			d.Removed = append(d.Removed, f.Path)
		}
	}
	had := map[string]string{}
	for _, kv := range before.Env() {
		had[strings.ToLower(kv[0])] = kv[0] + "=" + kv[1]
	}
	for _, kv := range after.Env() {
		if had[strings.ToLower(kv[0])] != kv[0]+"="+kv[1] {
			d.Env[kv[0]] = kv[1]
		}
	}
	return d
}

// copyOf names a file that existed before and whose text, after the
// change, a new file f of at least 1 KB repeats (appcmd's backups and
// history snapshots copy applicationHost.config), or "". The worker
// copies it once the delta's edits are applied.
func copyOf(before, after *workspace.Workspace, f *workspace.File) string {
	if len(f.Text) < 1024 {
		return ""
	}
	for _, o := range after.Files() {
		if _, old := before.Get(o.Path); old && workspace.Key(o.Path) != workspace.Key(f.Path) && string(o.Text) == string(f.Text) {
			return o.Path
		}
	}
	return ""
}

// diffOf shows the change from before to after for a reader: a file the
// sample patched shows the patch as written (hunks placed by context,
// with their captions, no line numbers into a 900-line file); any other
// changed file a unified diff. A file the step's appcmd command wrote is
// shown as the command left it.
func diffOf(before, after *workspace.Workspace, edits []*expect.Edit, cmd *appcmd.Outcome) string {
	patched := map[string]string{}
	for _, e := range edits {
		if e.Op == "patch" {
			patched[workspace.Key(e.Path)] = e.Text
		}
	}
	if cmd != nil {
		for _, p := range cmd.Changed {
			delete(patched, workspace.Key(p))
		}
	}
	var paths []string
	seen := map[string]bool{}
	for _, ws := range []*workspace.Workspace{before, after} {
		for _, f := range ws.Files() {
			if k := workspace.Key(f.Path); !seen[k] {
				seen[k] = true
				paths = append(paths, f.Path)
			}
		}
	}
	sort.Slice(paths, func(i, j int) bool { return workspace.Key(paths[i]) < workspace.Key(paths[j]) })
	var b strings.Builder
	for _, p := range paths {
		bf, hasB := before.Get(p)
		af, hasA := after.Get(p)
		switch {
		case hasB && hasA && string(bf.Text) == string(af.Text):
			continue
		case hasB && hasA && patched[workspace.Key(p)] != "":
			b.WriteString("--- a/" + p + "\n+++ b/" + p + "\n")
			b.WriteString(strings.ReplaceAll(patched[workspace.Key(p)], "\r\n", "\n"))
		case !hasB && copyOf(before, after, af) != "":
			b.WriteString("--- /dev/null\n+++ b/" + p + "\n(a copy of " + copyOf(before, after, af) + ")\n")
		default:
			var bt, at []byte
			if hasB {
				bt = bf.Text
			}
			if hasA {
				at = af.Text
			}
			b.WriteString(strings.ReplaceAll(textdiff.Unified(p, bt, hasB, at, hasA), "\r\n", "\n"))
		}
	}
	return b.String()
}

// metabaseSample is the IIS 6 metabase sample (samples/metabase) as the
// playground's metabase mode opens it: files under C:\Windows\System32\
// inetsrv, where IIS 6 keeps them, History included.
func metabaseSampleJSON(root string) ([]byte, error) {
	dir := filepath.Join(root, "samples", "metabase")
	const base = `C:\Windows\System32\inetsrv\`
	files := []fileState{}
	for _, name := range []string{"MetaBase.xml", "MBSchema.xml"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		files = append(files, fileState{Path: base + name, Text: string(data)})
	}
	ents, err := os.ReadDir(filepath.Join(dir, "History"))
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, "History", e.Name()))
		if err != nil {
			return nil, err
		}
		files = append(files, fileState{Path: base + `History\` + e.Name(), Text: string(data)})
	}
	return json.Marshal(map[string]any{"files": files})
}
