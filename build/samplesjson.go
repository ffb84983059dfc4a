package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/samples"
)

// sampleEntry is one gallery sample as samples.json carries it to the
// worker (web/src/engine/worker.ts): the card, plus the sample's
// workspace as a difference from the stock server, which the worker
// composes with the engine's own stock files. Shipping the full
// workspace would repeat the 70 KB stock applicationHost.config per
// sample.
type sampleEntry struct {
	Name        string            `json:"name"`
	Title       string            `json:"title"`
	Group       string            `json:"group"`
	Order       int               `json:"order"`
	Open        string            `json:"open"`
	View        string            `json:"view"`
	Section     string            `json:"section,omitempty"`
	Explanation []string          `json:"explanation"`
	Evidence    string            `json:"evidence,omitempty"`
	Files       []fileState       `json:"files"`   // files added or changed over stock
	Removed     []string          `json:"removed"` // stock files the sample deletes
	Env         map[string]string `json:"env"`
	Path        string            `json:"path"` // = Open; the field the `sample` op answers with
}

type fileState struct {
	Path       string `json:"path"`
	Text       string `json:"text"`
	Unreadable bool   `json:"unreadable,omitempty"`
}

// samplesJSON renders the gallery from package samples.
func samplesJSON() ([]byte, error) {
	base := stock.Workspace()
	out := []sampleEntry{}
	for _, s := range samples.All() {
		ws, err := s.Workspace()
		if err != nil {
			return nil, err
		}
		e := sampleEntry{
			Name: s.Name, Title: s.Title, Group: s.Group, Order: s.Order, Open: s.Open, View: s.View,
			Section: s.Section, Explanation: s.Explanation, Evidence: s.Evidence,
			Files: []fileState{}, Removed: []string{}, Env: map[string]string{}, Path: s.Open,
		}
		for _, f := range ws.Files() {
			if b, ok := base.Get(f.Path); ok && string(b.Text) == string(f.Text) && b.Unreadable == f.Unreadable {
				continue
			}
			e.Files = append(e.Files, fileState{Path: f.Path, Text: string(f.Text), Unreadable: f.Unreadable})
		}
		for _, f := range base.Files() {
			if _, ok := ws.Get(f.Path); !ok {
				e.Removed = append(e.Removed, f.Path)
			}
		}
		def := map[string]string{}
		for _, kv := range workspace.DefaultEnv {
			def[strings.ToLower(kv[0])] = kv[0] + "=" + kv[1]
		}
		for _, kv := range ws.Env() {
			if def[strings.ToLower(kv[0])] != kv[0]+"="+kv[1] {
				e.Env[kv[0]] = kv[1]
			}
		}
		out = append(out, e)
	}
	return json.Marshal(out)
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
