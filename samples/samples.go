// Package samples is iisconf's gallery: small txtar bundles built on the
// stock server, each a lesson about the IIS configuration system or a
// reproduction of a common real error. Every sample carries its title, a
// plain-language explanation, the path to open and the view to show, and
// machine-checked expectations (the language of engine/expect) that
// samples_test.go runs through the engine, so an explanation can never
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
	Order       int      // position in the gallery, unique across samples
	Open        string   // config path the playground opens
	View        string   // effective | locks | diagnostics | merge | 500
	Section     string   // full name of the section to focus
	Explanation []string // paragraphs of plain text
	Evidence    string   // the docs/ pages the explanation relies on
	// Bundle is the sample's files as a txtar bundle (workspace.ParseBundle
	// format), to be laid over the stock server; Workspace does that.
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

// Workspace returns the sample's full workspace: the stock server with the
// sample's files laid over it. Each call returns a fresh copy.
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
		Order:       m.Order,
		Open:        m.Open,
		View:        m.View,
		Section:     m.Section,
		Explanation: m.Explanation,
		Evidence:    m.Evidence,
		Bundle:      c.Bundle,
		Source:      data,
	}, nil
}
