package config

import (
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
)

// Evaluate returns the effective configuration at a config path (any form
// NormalizePath accepts). It never fails: problems are diagnostics.
func (e *Engine) Evaluate(path string, opt EvalOptions) *model.Result {
	return e.evaluate(path, opt, false)
}

// evaluate is Evaluate; with lint (Check's mode) it finds the diagnostics
// only: no chain, section or response models, and the section results are
// not cached (Check visits every path once: keeping a result per section
// per path would hold millions on a hosting server).
func (e *Engine) evaluate(path string, opt EvalOptions, lint bool) *model.Result {
	res := &model.Result{Version: model.Version, Chain: []model.Level{}, Sections: []model.Section{}, Diagnostics: []diag.Diagnostic{}}
	var ds diagSet
	p, perr := e.normalize(path)
	if perr != nil {
		res.ConfigPath = perr.ConfigPath
		ds.add(*perr)
		// A broken applicationHost.config is usually why a path is unknown.
		t := e.topsFor(e.frameworkFor(nil, nil).folder)
		ds.addAll(e.topDiags(t, cpath(rootSegments)))
		res.Diagnostics = ds.sorted(e.position)
		return res
	}
	ch := e.evaluationChain(p)
	defer e.keepChain(ch)
	res.ConfigPath = ch.path.String()
	res.Mapping = ch.mapping.Model()
	if ch.err != nil {
		ds.add(*ch.err)
	}
	if !lint {
		res.Chain = e.chainModel(ch)
		if t := ch.top; t.redirect != nil {
			res.Redirection = t.redirect.model(t.apphostPath)
		}
	}
	fileDs := e.fileDiags(ch)
	ds.addAll(fileDs)
	// Every section in scope is merged (cheap: merge states are shared and
	// cached) so that the response is right whichever sections are asked
	// for; models are built only for the requested ones.
	var all diagSet
	all.addAll(fileDs)
	if ch.err != nil {
		all.add(*ch.err)
	}
	inScope := e.sectionsInScope(ch)
	wanted := inScope
	var want map[string]bool // nil: every section in scope is wanted
	if len(opt.Sections) > 0 {
		wanted = e.sectionsFor(ch, opt, &ds)
		want = map[string]bool{}
		for _, n := range wanted {
			want[n] = true
		}
	}
	results := e.sectionResults(ch, inScope, !lint)
	for i, n := range inScope {
		r := results[i]
		sds := e.sectionDiags(r, ch, n, want[n])
		all.addAll(sds)
		if want == nil || want[n] {
			ds.addAll(sds)
		}
	}
	if lint {
		res.Diagnostics = e.resolve(ds.list)
		return res
	}
	var detail map[string]bool // nil: every wanted section as opt asks
	if opt.Elements != nil {
		detail = map[string]bool{}
		for _, n := range opt.Elements {
			if full, ok := resolveSectionName(inScope, n); ok {
				detail[full] = true
			}
		}
	}
	var known map[uint64]bool
	if len(opt.Known) > 0 {
		known = make(map[uint64]bool, len(opt.Known))
		for _, s := range opt.Known {
			known[s] = true
		}
	}
	res.Sections = make([]model.Section, 0, len(wanted))
	var byName map[string]*sectionResult // opt.Sections' order is the caller's
	if want != nil {
		byName = make(map[string]*sectionResult, len(inScope))
		for i, n := range inScope {
			byName[n] = results[i]
		}
	}
	for i, n := range wanted {
		var r *sectionResult
		if byName != nil {
			r = byName[n]
		} else {
			r = results[i]
		}
		if known[r.stamp] {
			res.Sections = append(res.Sections, model.Section{Name: n, Stamp: r.stamp, Same: true})
			continue
		}
		o := opt
		if detail != nil && !detail[n] {
			o.Summary, o.Inputs = true, false
		}
		s := e.buildSection(r, ch, o)
		if opt.Stamps {
			s.Stamp = r.stamp
		}
		res.Sections = append(res.Sections, s)
	}
	res.Diagnostics = ds.sorted(e.position)
	res.Response = e.response(ch, all.sorted(e.position))
	return res
}

// levels describes the chain's levels.
func (e *Engine) levels(ch *chain) []Level {
	out := make([]Level, 0, len(ch.levels))
	t := ch.top
	for i, lv := range ch.levels {
		l := Level{Path: lv.path.String(), Candidate: lv.candidate, Skipped: lv.skipped}
		switch {
		case lv.a != nil && lv.a.file != nil:
			l.File = lv.a.file.path
			l.Builtin = lv.a.file.builtin
		case i == levelAppHost:
			l.Candidate = t.apphostPath
			l.Skipped = "missing"
		case lv.candidate != "" && lv.skipped == "":
			l.Skipped = "no web.config in this folder"
		}
		switch i {
		case levelMachine, levelWebRoot:
			if lv.a != nil {
				l.Note = frameworkNote(ch.fw, lv.a.file, i == levelMachine)
			}
		case levelAppHost:
			l.Note = t.redirect.note()
		}
		out = append(out, l)
	}
	return out
}

// chainModel describes the chain's levels for the model: made once per
// chain (each level's path and notes are strings built for it), copied
// for each result, which is the caller's.
func (e *Engine) chainModel(ch *chain) []model.Level {
	if ch.levelModel == nil {
		ch.levelModel = []model.Level{}
		for _, l := range e.levels(ch) {
			ch.levelModel = append(ch.levelModel, model.Level{ConfigPath: l.Path, File: l.File, Candidate: l.Candidate, Builtin: l.Builtin, Skipped: l.Skipped, Note: l.Note})
		}
	}
	return append([]model.Level{}, ch.levelModel...)
}

// Model is the mapping in the JSON model's form (nil above the sites),
// for the answers sent as JSON: Evaluate's result, compare's report.
func (m *Mapping) Model() *model.Mapping {
	if m == nil {
		return nil
	}
	return &model.Mapping{Site: m.Site, SiteID: m.SiteID, AppPath: m.AppPath, AppPool: m.AppPool, VdirPath: m.VdirPath,
		URLPath: m.URLPath, PhysicalPath: m.PhysicalPath, PhysicalPathExp: m.PhysicalPathExpanded, NoPhysicalPath: m.NoPhysicalPath,
		Framework: m.Framework.Dir}
}

// sectionsInScope lists every section registered at the end of the chain,
// in the order the effective configuration lists them (listRank): the
// results, the JSON model's sections and Sections' answer follow it. The
// list is the registry's own: callers must not change it.
func (e *Engine) sectionsInScope(ch *chain) []string {
	reg := ch.lastReg()
	if reg == nil {
		return nil
	}
	return reg.listedSectionNames(e.schema, listedAtServer(len(ch.path)))
}

// sectionDiags are a section's diagnostics at the path. A section without
// schema has NOSCHEMA warnings (one at each definition, or one without a
// place when nothing defines it) only where something reads it: when it
// is asked for by name, as appcmd's /section: or IIS Manager's
// Configuration Editor ask, or when it is one of IIS's own sections
// (readByIIS). Every other section without schema — the .NET sections of
// every real machine.config (runtime, system.serviceModel/...), log4net in
// a web.config — is read by nobody on IIS's side, and IIS says nothing
// about it; the model's NoSchema says "no schema" where the section is
// looked at (docs/declarations.md#sections-without-schema).
func (e *Engine) sectionDiags(r *sectionResult, ch *chain, n string, requested bool) []diag.Diagnostic {
	if r.sch != nil {
		return r.diags
	}
	if !requested && !readByIIS(n) {
		return nil
	}
	var out []diag.Diagnostic
	for _, in := range r.inputs {
		d := diag.At(diag.NoSchema, in.def.file.path, in.def.node.Range(), n)
		d.Section, d.ConfigPath = n, ch.path.String()
		out = append(out, d)
	}
	if len(r.inputs) == 0 && requested {
		d := diag.At(diag.NoSchema, "", diag.NoRange, n)
		d.Section, d.ConfigPath = n, ch.path.String()
		out = append(out, d)
	}
	return out
}

// sectionsFor resolves the requested sections (opt.Sections) to their full
// names; one not registered in scope is an UNDECLARED diagnostic.
func (e *Engine) sectionsFor(ch *chain, opt EvalOptions, ds *diagSet) []string {
	reg := ch.lastReg()
	if reg == nil {
		return nil
	}
	var out []string
	all := reg.sectionNames()
	for _, want := range opt.Sections {
		if full, ok := resolveSectionName(all, want); ok {
			out = append(out, full)
			continue
		}
		ds.add(*undeclaredAt(want, ch))
	}
	return out
}

// resolveSectionName is the one rule for turning what a user typed into a
// registered section's full name (`/section:asp` in appcmd, a section
// asked of Evaluate): the exact full name; else the one full name equal to
// it ignoring case; else the one section whose short name (the part after
// the last '/') equals it ignoring case. Two candidates at a step make
// the name ambiguous: nothing is picked. Section names are XML names, so
// case-sensitive in files (docs/hierarchy.md#case-rules); that appcmd's /section:
// folds case and prefers a full name to a short one is
// UNCERTAIN(section-name-lookup): the docs show only unambiguous short
// names (`/section:asp`).
func resolveSectionName(names []string, want string) (string, bool) {
	for _, n := range names {
		if n == want {
			return n, true
		}
	}
	pick := func(match func(n string) bool) (string, bool, bool) {
		found, count := "", 0
		for _, n := range names {
			if match(n) {
				found, count = n, count+1
			}
		}
		if count != 1 {
			found = ""
		}
		return found, count == 1, count > 0
	}
	if n, ok, any := pick(func(n string) bool { return strings.EqualFold(n, want) }); any {
		return n, ok
	}
	n, ok, _ := pick(func(n string) bool { return strings.EqualFold(n[strings.LastIndexByte(n, '/')+1:], want) })
	return n, ok
}

// topDiags are the file-phase problems of the three top files (and the
// schema files) that affect paths at or below p. Not inlined: a copy in
// each of its two callers cost the engine wasm's size, the call no time.
//
//go:noinline
func (e *Engine) topDiags(t *topFiles, p cpath) []diag.Diagnostic {
	var out []diag.Diagnostic
	out = append(out, e.schemaDiags...)
	out = append(out, t.machineA.diags...)
	out = append(out, t.webrootA.diags...)
	if len(p) > levelAppHost {
		if t.redirect != nil {
			out = append(out, t.redirect.diags...)
		}
		if t.appHostMissing != nil {
			out = append(out, *t.appHostMissing)
		}
		out = append(out, t.apphostA.diags...)
	}
	return out
}

// fileDiags are the file-phase diagnostics of every file on the chain, plus
// the site map's structural warnings for paths at or below APPHOST.
func (e *Engine) fileDiags(ch *chain) []diag.Diagnostic {
	t := ch.top
	out := e.topDiags(t, ch.path)
	for _, lv := range ch.levels[min(len(ch.levels), levelSite):] {
		if lv.a != nil {
			out = append(out, lv.a.diags...)
		}
	}
	if len(ch.path) > levelAppHost {
		out = append(out, e.siteMapOf().diags...)
	}
	return out
}

func (e *Engine) buildSection(r *sectionResult, ch *chain, opt EvalOptions) model.Section {
	r.modelOnce.Do(func() { r.model = e.buildSectionModel(r) })
	ms := r.model
	switch {
	case opt.Summary:
		// No element: a summary must not pay for building one.
	case opt.NoDefaults && r.root != nil:
		r.st.explicitOnce.Do(func() { r.st.explicit, _ = e.buildExplicit(r.root) })
		ms.Element = r.st.explicit
	default:
		ms.Element = e.sectionElement(r)
	}
	if opt.Inputs {
		ms.Inputs = nil
		for _, in := range r.inputs {
			ms.Inputs = append(ms.Inputs, model.Input{Source: inputSource(in).model(), Applied: in.applied, Why: in.why})
		}
	}
	return ms
}

// buildSectionModel turns a section result into the model without its
// element (once per result; buildSection adds the element asked for).
func (e *Engine) buildSectionModel(r *sectionResult) model.Section {
	ms := model.Section{Name: r.name, OverrideModeEffective: r.lock.Mode, IsLocked: r.lock.Locked,
		LockReason: r.lock.model(), NoSchema: r.sch == nil, Encrypted: r.encrypted}
	if d := r.decl; d != nil {
		ms.Declaration = &model.Source{File: d.file, Line: d.line, Column: d.col}
		ms.AllowDefinition = d.allowDefinition
		ms.OverrideModeDefault = d.overrideModeDefault
	}
	return ms
}

// model is the decision's reasons in the JSON model's form (nil for a
// section nobody declared).
func (ld *LockDecision) model() *model.LockReason {
	if len(ld.Steps) == 0 {
		return nil
	}
	lr := &model.LockReason{Summary: ld.Summary, Steps: make([]model.Source, 0, len(ld.Steps))}
	for _, st := range ld.Steps {
		s := st.Source.model()
		if st.Declaration {
			s.Note = "declared with overrideModeDefault=\"" + st.Mode + "\""
		} else {
			s.Note = "overrideMode=\"" + st.Mode + "\""
			if st.Decides {
				s.Note += " (decides)"
			}
		}
		lr.Steps = append(lr.Steps, s)
	}
	return lr
}

// sectionElement is the section's effective element with every default,
// or an empty one for a section without schema (whose values cannot be
// read); either is built once per merge state (a state's root is fixed:
// nil exactly when there is no schema). The empty ones were most of a warm
// evaluation's allocations: the stock server has 38 sections without
// schema, each answered with a new element, map and slice every time.
func (e *Engine) sectionElement(r *sectionResult) *model.Element {
	r.st.modelOnce.Do(func() {
		if r.st.root != nil {
			r.st.model = e.buildElement(r.st.root, nil)
			return
		}
		short := r.name[strings.LastIndexByte(r.name, '/')+1:]
		r.st.model = &model.Element{Name: short, Attributes: model.Attributes{}, Elements: map[string]*model.Element{}, Collection: []*model.Element{}}
	})
	return r.st.model
}

// diagSet collects diagnostics once each.
type diagSet struct {
	seen map[string]bool
	list []diag.Diagnostic
}

func (s *diagSet) add(d diag.Diagnostic) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	k := d.Key()
	if s.seen[k] {
		return
	}
	s.seen[k] = true
	s.list = append(s.list, d)
}

// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func (s *diagSet) addAll(ds []diag.Diagnostic) {
	for _, d := range ds {
		s.add(d)
	}
}

// sorted is the set resolved to lines and columns (by pos) and sorted.
func (s *diagSet) sorted(pos diag.Positioner) []diag.Diagnostic {
	out := append([]diag.Diagnostic{}, s.list...)
	diag.ResolveAll(out, pos)
	diag.Sort(out)
	return out
}
