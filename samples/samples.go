// Package samples is iisconf's course on the IIS configuration system:
// small txtar bundles built on the stock server. Lessons come in four
// modules (where configuration lives, merging, delegation, operations), in
// course order; reproductions of common real errors follow as a
// troubleshooting chapter, each linked to the lesson it exercises. Every
// sample carries its title, a "new words" box, a plain-language
// explanation, the path to open and the view to show, its "Try it" steps
// and fixes, and machine-checked expectations (the language of
// engine/expect) for its starting state and for the workspace after every
// step, which samples_test.go runs through the engine, so no text can
// drift from what the engine answers.
//
// The playground's gallery and the documentation page read All().
package samples

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/expect"
	"github.com/iisconf/iisconf/engine/workspace"
)

//go:embed *.txtar
var files embed.FS

// Sample is one gallery entry.
type Sample struct {
	Name        string   // file name without .txtar, stable (used in links)
	Title       string   // short title
	Group       string   // lesson | reproduction
	Module      string   // a lesson's module (expect.Modules); "" for reproductions
	Exercises   string   // a reproduction's lesson
	Order       int      // position in the course, unique across samples
	Open        string   // config path the playground opens
	View        string   // effective | locks | diagnostics | merge | 500
	Section     string   // full name of the section to focus
	Explanation []string // paragraphs of plain text
	Evidence    string   // the docs/ pages and Microsoft articles the explanation relies on
	Words       []expect.Word
	Caveats     []expect.Caveat // where the sample rests on an UNCERTAIN(<id>) rule
	Steps       []*expect.Step  // "Try it" steps and fixes, in order
	// Bundle is the sample's files as a txtar bundle (workspace.ParseBundle
	// format), to be laid over the stock server before its patches;
	// Workspace does that.
	Bundle []byte
	// Source is the whole sample file, expectations included.
	Source []byte
}

// All returns every sample in gallery order. The samples are compiled in
// and samples_test.go parses each of them, so a parse failure here is a
// build defect and panics rather than hiding a sample.
func All() []Sample {
	out, errs := parseAll()
	if len(errs) > 0 {
		panic("samples: " + errs[0].Error())
	}
	return out
}

// parseAll parses every embedded sample, returning the good ones in
// gallery order and every error (tests report them all at once).
func parseAll() ([]Sample, []error) {
	names, err := files.ReadDir(".")
	if err != nil {
		return nil, []error{err}
	}
	var out []Sample
	var errs []error
	for _, e := range names {
		s, err := load(e.Name())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out, errs
}

// Get returns the sample with the given name.
func Get(name string) (Sample, bool) {
	for _, s := range All() {
		if s.Name == name {
			return s, true
		}
	}
	return Sample{}, false
}

// Case parses the sample's expectations (for tools that run them).
func (s Sample) Case() (*expect.Case, error) {
	return expect.Parse(s.Name+".txtar", s.Source)
}

// Workspace returns the sample's full starting workspace: the stock server
// with the sample's files laid over it and its patches applied. Each call
// returns a fresh copy.
func (s Sample) Workspace() (*workspace.Workspace, error) {
	c, err := s.Case()
	if err != nil {
		return nil, err
	}
	return c.Workspace()
}

func load(file string) (Sample, error) {
	data, err := files.ReadFile(file)
	if err != nil {
		return Sample{}, err
	}
	c, err := expect.Parse(file, data)
	if err != nil {
		return Sample{}, err
	}
	if c.Base != "stock" {
		return Sample{}, fmt.Errorf("%s: samples build on the stock server (`base stock`)", file)
	}
	m := c.Meta
	return Sample{
		Name:        strings.TrimSuffix(path.Base(file), ".txtar"),
		Title:       m.Title,
		Group:       m.Group,
		Module:      m.Module,
		Exercises:   m.Exercises,
		Order:       m.Order,
		Open:        m.Open,
		View:        m.View,
		Section:     m.Section,
		Explanation: m.Explanation,
		Evidence:    m.Evidence,
		Words:       m.Words,
		Caveats:     m.Uncertain,
		Steps:       c.Steps,
		Bundle:      c.Bundle,
		Source:      data,
	}, nil
}
