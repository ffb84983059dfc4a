package config

import (
	"sort"
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
		t := e.tops()
		ds.addAll(e.topDiags(t, cpath(rootSegments)))
		res.Diagnostics = ds.sorted()
		return res
	}
	ch := e.chainFor(p)
	res.ConfigPath = ch.path.String()
	res.Mapping = ch.mapping
	if ch.err != nil {
		ds.add(*ch.err)
	}
	if !lint {
		res.Chain = e.chainModel(ch)
		if t := e.tops(); t.redirect != nil {
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
	results := make(map[string]*sectionResult, len(inScope))
	for _, n := range inScope {
		r := e.sectionResultAt(n, ch, !lint)
		results[n] = r
		sds := e.sectionDiags(r, ch, n, want[n])
		all.addAll(sds)
		if want == nil || want[n] {
			ds.addAll(sds)
		}
	}
	if lint {
		res.Diagnostics = ds.list
		return res
	}
	for _, n := range wanted {
		res.Sections = append(res.Sections, e.buildSection(results[n], ch, opt))
	}
	res.Diagnostics = ds.sorted()
	res.Response = e.response(ch, all.sorted())
	return res
}

// chainModel describes the chain's levels for the model.
func (e *Engine) chainModel(ch *chain) []model.Level {
	out := []model.Level{}
	t := e.tops()
	for i, lv := range ch.levels {
		ml := model.Level{ConfigPath: lv.path.String(), Candidate: lv.candidate, Skipped: lv.skipped}
		switch {
		case lv.a != nil && lv.a.file != nil:
			ml.File = lv.a.file.path
			ml.Builtin = lv.a.file.builtin
		case i == levelAppHost:
			ml.Candidate = t.apphostPath
			ml.Skipped = "missing"
		case lv.candidate != "" && lv.skipped == "":
			ml.Skipped = "no web.config in this folder"
		}
		if i == levelAppHost {
			ml.Note = t.redirect.note()
		}
		out = append(out, ml)
	}
	return out
}

// sectionsInScope lists every section registered at the end of the chain.
func (e *Engine) sectionsInScope(ch *chain) []string {
	reg := ch.lastReg()
	if reg == nil {
		return nil
	}
	names := reg.sectionNames()
	sort.Strings(names)
	return names
}

// sectionDiags are a section's diagnostics at the path; for a section
// without schema, a warning for each definition we cannot interpret (and
// one for an explicit request).
func (e *Engine) sectionDiags(r *sectionResult, ch *chain, n string, requested bool) []diag.Diagnostic {
	if r.sch != nil {
		return r.diags
	}
	var out []diag.Diagnostic
	for _, in := range r.inputs {
		d := diag.New(diag.NoSchema, in.def.file.path, int(in.def.node.Start.Line), int(in.def.node.Start.Col), n)
		d.Section, d.ConfigPath = n, ch.path.String()
		out = append(out, d)
	}
	if len(r.inputs) == 0 && requested {
		d := diag.New(diag.NoSchema, "", 0, 0, n)
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
		if full, ok := resolveIn(all, want); ok {
			out = append(out, full)
			continue
		}
		d := diag.New(diag.Undeclared, "", 0, 0, want)
		d.Section, d.ConfigPath = want, ch.path.String()
		d.Phase = diag.PhaseSection
		ds.add(d)
	}
	return out
}

func resolveIn(names []string, want string) (string, bool) {
	for _, n := range names {
		if n == want {
			return n, true
		}
	}
	var found []string
	for _, n := range names {
		if strings.EqualFold(n, want) || strings.EqualFold(n[strings.LastIndexByte(n, '/')+1:], want) {
			found = append(found, n)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// topDiags are the file-phase problems of the three top files (and the
// schema files) that affect paths at or below p.
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
	t := e.tops()
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
			ms.Inputs = append(ms.Inputs, model.Input{Source: inputSource(in), Applied: in.applied, Why: in.why})
		}
	}
	return ms
}

// buildSectionModel turns a section result into the model without its
// element (once per result; buildSection adds the element asked for).
func (e *Engine) buildSectionModel(r *sectionResult) model.Section {
	ms := model.Section{Name: r.name, OverrideModeEffective: "Allow", NoSchema: r.sch == nil, Encrypted: r.encrypted}
	if r.lockedHere {
		ms.OverrideModeEffective = "Deny"
	}
	ms.IsLocked = r.lockedHere || !r.allowDefHere
	ms.LockReason = r.lockReason
	if ms.LockReason != nil && !r.allowDefHere && !r.lockedHere {
		lr := *ms.LockReason
		lr.Summary = `allowDefinition="` + r.decl.allowDefinition + `" does not allow a definition at this path`
		ms.LockReason = &lr
	}
	if d := r.decl; d != nil {
		ms.Declaration = &model.Source{File: d.file, Line: d.line, Column: d.col}
		ms.AllowDefinition = d.allowDefinition
		ms.OverrideModeDefault = d.overrideModeDefault
	}
	return ms
}

// sectionElement is the section's effective element with every default
// (built once per merge state), or an empty one when nothing defines it.
func (e *Engine) sectionElement(r *sectionResult) *model.Element {
	if r.root != nil {
		r.st.modelOnce.Do(func() { r.st.model = e.buildElement(r.root, nil) })
		return r.st.model
	}
	short := r.name[strings.LastIndexByte(r.name, '/')+1:]
	return &model.Element{Name: short, Attributes: model.Attributes{}, Elements: map[string]*model.Element{}, Collection: []*model.Element{}}
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

func (s *diagSet) addAll(ds []diag.Diagnostic) {
	for _, d := range ds {
		s.add(d)
	}
}

func (s *diagSet) sorted() []diag.Diagnostic {
	out := append([]diag.Diagnostic{}, s.list...)
	diag.Sort(out)
	return out
}
