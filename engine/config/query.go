package config

import (
	"github.com/iisconf/iisconf/engine/diag"
)

// The typed questions an Engine answers (see answers.go for the answer
// types). Each takes a config path in any form NormalizePath accepts; a
// path that does not resolve is answered with its PATH_UNK diagnostic.

// chainAt normalises path and builds its chain.
func (e *Engine) chainAt(path string) (*chain, *diag.Diagnostic) {
	p, d := e.normalize(path)
	if d != nil {
		return nil, d
	}
	return e.chainFor(p), nil
}

// Mapping is how a path below a site maps onto the site map: nil above
// the sites (and for a path naming no site, with its diagnostic).
func (e *Engine) Mapping(path string) (*Mapping, *diag.Diagnostic) {
	ch, d := e.chainAt(path)
	if d != nil {
		return nil, d
	}
	if ch.err != nil {
		return nil, ch.err
	}
	if ch.mapping == nil {
		return nil, nil
	}
	m := *ch.mapping
	return &m, nil
}

// Chain is the path's levels, MACHINE first, with the file read at each.
func (e *Engine) Chain(path string) ([]Level, *diag.Diagnostic) {
	ch, d := e.chainAt(path)
	if d != nil {
		return nil, d
	}
	if ch.err != nil {
		return nil, ch.err
	}
	return e.levels(ch), nil
}

// SectionsAt lists the sections registered where path is read (the
// registries of every file on its chain), sorted by name: appcmd's
// order, where Evaluate and Sections list them as people read them
// (listRank).
func (e *Engine) SectionsAt(path string) ([]string, *diag.Diagnostic) {
	ch, d := e.chainAt(path)
	if d != nil {
		return nil, d
	}
	reg := ch.lastReg()
	if reg == nil {
		return nil, nil
	}
	return append([]string(nil), reg.sortedSectionNames()...), nil
}

// Section is one section's effective state at path. The name is resolved
// as Evaluate resolves it (resolveSectionName); one that no registry in
// scope knows is an UNDECLARED diagnostic. The section's problems are
// Problems', not Section's: a section with errors still has an effective
// element (the values that could be read).
func (e *Engine) Section(path, name string) (Section, *diag.Diagnostic) {
	ch, d := e.chainAt(path)
	if d != nil {
		return Section{}, d
	}
	reg := ch.lastReg()
	if reg == nil {
		return Section{}, undeclaredAt(name, ch)
	}
	full, ok := resolveSectionName(reg.sectionNames(), name)
	if !ok {
		return Section{}, undeclaredAt(name, ch)
	}
	return e.sectionIn(ch, full), nil
}

// Sections are the named sections at path, each as Section answers it
// (every section in scope, in list order, when none is named), read through one
// chain. A name no registry in scope knows is left out: Problems(path,
// names...) reports it, as Evaluate does.
func (e *Engine) Sections(path string, names ...string) ([]Section, *diag.Diagnostic) {
	ch, d := e.chainAt(path)
	if d != nil {
		return nil, d
	}
	reg := ch.lastReg()
	if reg == nil {
		return nil, nil
	}
	var full []string
	if len(names) == 0 {
		full = e.sectionsInScope(ch)
	} else {
		all := reg.sectionNames()
		for _, n := range names {
			if f, ok := resolveSectionName(all, n); ok {
				full = append(full, f)
			}
		}
	}
	out := make([]Section, len(full))
	for i, n := range full {
		out[i] = e.sectionIn(ch, n)
	}
	return out, nil
}

// ElementLocks are the granular locks in force at path on an element of
// section name (docs/locks.md#granular-locks): the section element, or
// the child reached from it by the child element names given. ok is false
// when the name is not a section in scope there, the section has no
// schema, or a name is not a child element its schema allows (a
// collection item, an element the schema lacks).
func (e *Engine) ElementLocks(path, name string, children ...string) (Locks, bool) {
	s, d := e.Section(path, name)
	if d != nil || !s.Element.Exists() {
		return Locks{}, false
	}
	el := s.Element
	for _, c := range children {
		var ok bool
		if el, ok = el.Child(c); !ok {
			return Locks{}, false
		}
	}
	return el.Locks(), true
}

// sectionIn is the section with full name at the end of ch.
func (e *Engine) sectionIn(ch *chain, full string) Section {
	r := e.sectionAt(full, ch)
	s := Section{Name: full, Path: ch.path.String(), NoSchema: r.sch == nil, Encrypted: r.encrypted, Lock: r.lock}
	if r.sch != nil {
		root := r.root
		if root == nil {
			root = newElem(r.sch.Root, nil)
		}
		s.Element = Element{e: e, el: root}
	}
	if dc := r.decl; dc != nil {
		s.Declaration = Declaration{Source: Source{File: dc.file, Line: dc.line, Column: dc.col},
			AllowDefinition: dc.allowDefinition, OverrideModeDefault: dc.overrideModeDefault}
	}
	return s
}

// Problems are the diagnostics of reading path: those of the files on its
// chain and of the named sections there (every section in scope when none
// is named), sorted by file and line, as Evaluate reports them but
// without building any model. A name no registry knows is an UNDECLARED
// diagnostic without a file; an unknown path is its PATH_UNK.
func (e *Engine) Problems(path string, sections ...string) []diag.Diagnostic {
	ds := e.evaluate(path, EvalOptions{Sections: sections}, true).Diagnostics
	diag.Sort(ds)
	return ds
}

// AppHostFile is the applicationHost.config the server level reads: the
// shared configuration's when redirection.config enables it
// (docs/hierarchy.md#shared-configuration), whether or not the workspace
// holds that file.
func (e *Engine) AppHostFile() string { return e.tops().apphostPath }

// FileProblem is the problem the engine meets reading the file at path
// (unreadable, or not well-formed XML), whether or not any config path
// reads it; nil when it parses or the workspace has no such file.
func (e *Engine) FileProblem(path string) *diag.Diagnostic {
	pf := e.file(path)
	if pf == nil || pf.err == nil {
		return nil
	}
	return e.resolveOne(pf.err)
}
