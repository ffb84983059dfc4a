package main

import (
	"encoding/json"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/textdiff"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/samples"
)

// maxSamplesJSON bounds samples.json, which the gallery and the docs page
// fetch on first use: deltas keep it small however many states the course
// tests (it was 550 KB with whole files for 26 samples and no steps).
const maxSamplesJSON = 400_000

// TestSamplesJSONComposes applies every delta of samples.json the way the
// worker does (web/src/engine/worker.ts: edits, then new files, then
// copies, then removals) and checks that each sample's start and each
// step's end come out as package expect builds them, file for file.
func TestSamplesJSONComposes(t *testing.T) {
	data, err := samplesJSON()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("samples.json: %d bytes", len(data))
	if len(data) > maxSamplesJSON {
		t.Errorf("samples.json is %d bytes, over %d", len(data), maxSamplesJSON)
	}
	var entries []sampleEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		s, ok := samples.Get(e.Name)
		if !ok {
			t.Fatalf("%s: not a sample", e.Name)
		}
		c, err := s.Case()
		if err != nil {
			t.Fatal(err)
		}
		start := filesOf(stock.Workspace())
		apply(t, start, e.delta)
		want, err := c.Workspace()
		if err != nil {
			t.Fatal(err)
		}
		same(t, e.Name, start, filesOf(want))
		ends := map[string]map[string]string{}
		for _, st := range e.Steps {
			from := start
			if st.From != "" {
				from = ends[st.From]
			}
			got := clone(from)
			apply(t, got, st.delta)
			ends[st.Name] = got
			state, err := c.StepWorkspace(st.Name)
			if err != nil {
				t.Fatal(err)
			}
			same(t, e.Name+" step "+st.Name, got, filesOf(state.Workspace))
			changed := len(st.Files)+len(st.Edits)+len(st.Removed) > 0
			if changed != (st.Diff != "") {
				t.Errorf("%s step %s: changes files %v, but its diff is %q", e.Name, st.Name, changed, st.Diff)
			}
		}
	}
}

func filesOf(ws *workspace.Workspace) map[string]string {
	out := map[string]string{}
	for _, f := range ws.Files() {
		out[workspace.Key(f.Path)] = string(f.Text)
	}
	return out
}

func clone(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func apply(t *testing.T, files map[string]string, d delta) {
	t.Helper()
	for _, e := range d.Edits {
		text, ok := files[workspace.Key(e.Path)]
		if !ok {
			t.Fatalf("edit of %s, which is not there", e.Path)
		}
		files[workspace.Key(e.Path)] = textdiff.ApplySplices(text, e.Splices)
	}
	for _, f := range d.Files {
		if f.CopyOf == "" {
			files[workspace.Key(f.Path)] = f.Text
		}
	}
	for _, f := range d.Files {
		if f.CopyOf != "" {
			files[workspace.Key(f.Path)] = files[workspace.Key(f.CopyOf)]
		}
	}
	for _, p := range d.Removed {
		delete(files, workspace.Key(p))
	}
}

func same(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s: %s missing", what, k)
		} else if g != w {
			t.Errorf("%s: %s differs:\n%s", what, k, textdiff.Unified(k, []byte(w), true, []byte(g), true))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %s should not be there", what, k)
		}
	}
}
