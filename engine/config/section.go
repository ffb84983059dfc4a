package config

import (
	"hash/fnv"
	"strconv"
	"strings"
	"sync"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// mergeState is a section merged over the levels of a chain prefix
// (MACHINE … level k). A deeper path extends its parent's state instead of
// merging from scratch: a level without definitions of the section shares
// the state as is, and a level with some clones it and applies them
// (thousands of sites share the server-level merge of the sites
// section). States are immutable once built.
type mergeState struct {
	root      *effElem // nil without schema
	inputs    []*input // every definition considered so far, in merge order
	diags     []diag.Diagnostic
	encrypted bool
	// deps are the things read besides the chain's definitions
	// (configSource files, the provider list); each says whether it still
	// holds for an engine, so a cached state is re-used only when valid.
	deps []func(e *Engine) bool
	gen  uint64

	modelOnce sync.Once
	model     *model.Element

	explicitOnce sync.Once
	explicit     *model.Element // NoDefaults form
}

func (st *mergeState) valid(e *Engine) bool {
	for _, d := range st.deps {
		if !d(e) {
			return false
		}
	}
	return true
}

// clone copies what applying more inputs may change: the element tree
// (collection items are shared: they are replaced whole, never edited),
// the input history and the diagnostics.
func (st *mergeState) clone() *mergeState {
	c := &mergeState{
		inputs:    append([]*input(nil), st.inputs...),
		diags:     append([]diag.Diagnostic(nil), st.diags...),
		encrypted: st.encrypted,
		deps:      append([]func(*Engine) bool(nil), st.deps...),
	}
	if st.root != nil {
		c.root = st.root.cloneTree(nil)
	}
	return c
}

// sectionResult is one section at one config path: the merge state of its
// last level plus the path's own lock view.
type sectionResult struct {
	name string
	decl *decl
	sch  *schema.Section
	st   *mergeState

	root      *effElem
	inputs    []*input
	diags     []diag.Diagnostic // the state's plus the path's own (static conflict warning)
	encrypted bool

	// Lock state for a hypothetical web.config at the path (docs/locks.md#section-lock-decision).
	lock LockDecision
	gen  uint64

	modelOnce sync.Once
	model     model.Section // built once; shared by every caller: never mutate

	// stamp is unique in the cache: this result's models (its summary,
	// and its element in each mode) are the same whenever it is reused.
	stamp uint64
}

// sectionResults are the results of the sections names (the chain's
// sectionsInScope) at the end of the chain, in that order. The chain keeps
// them when store is set, so evaluating its path again reads them back
// (the chain is the engine's for that path: evaluationChain); a chain of an
// engine made by Update takes, from the chain its predecessor evaluated at
// the same path, every result the update cannot have changed (prior), so
// a keystroke merges the sections the edited file defines and no other.
func (e *Engine) sectionResults(ch *chain, names []string, store bool) []*sectionResult {
	if ch.results != nil && len(ch.results) == len(names) {
		return ch.results
	}
	out := make([]*sectionResult, len(names))
	e.mu.Lock()
	prior := e.prior
	e.mu.Unlock()
	touched := prior.reusable(e, ch, names)
	reused := false
	for i, n := range names {
		if touched != nil && !touched[n] && prior.results[i].st.valid(e) {
			out[i], reused = prior.results[i], true
			continue
		}
		out[i] = e.sectionResultAt(n, ch, store)
	}
	if reused {
		// Mark them used, as finding them in the cache would: the cache
		// keeps what the last two generations used.
		e.c.mu.Lock()
		for _, r := range out {
			r.gen, r.st.gen = e.gen, e.gen
		}
		e.c.mu.Unlock()
	}
	if store {
		ch.results, ch.resultNames = out, names
	}
	return out
}

// sectionAt is a section at the end of a chain, cached per exact path and
// merge state.
func (e *Engine) sectionAt(name string, ch *chain) *sectionResult {
	return e.sectionResultAt(name, ch, true)
}

// sectionResultAt is sectionAt; with store false a result not yet cached is
// computed and not kept (see evaluate).
func (e *Engine) sectionResultAt(name string, ch *chain, store bool) *sectionResult {
	// The key is built in the chain's buffer and looked up as
	// string(key), which does not allocate: only a result not yet cached
	// makes the key a string.
	st, key := e.mergedState(name, ch, ch.keyBuf[:0])
	defer func() { ch.keyBuf = key[:0] }()
	key = append(key, 0)
	key = append(key, ch.pathString()...)
	var decl *decl
	if reg := ch.lastReg(); reg != nil {
		decl = reg.lookup(name)
	}
	if decl != nil {
		key = append(key, 0, 'd')
		key = strconv.AppendUint(key, decl.owner, 36)
	}
	c := e.c
	c.mu.Lock()
	r, ok := c.sections[string(key)]
	if ok && r.st == st {
		r.gen = e.gen
		c.mu.Unlock()
		return r
	}
	c.mu.Unlock()
	r = &sectionResult{name: name, decl: decl, sch: e.schema.Section(name), st: st,
		root: st.root, inputs: st.inputs, diags: st.diags, encrypted: st.encrypted, gen: e.gen, stamp: c.id()}
	var conflict *input
	r.lock, conflict = lockDecision(st.inputs, decl, len(ch.path)-1, ch.path, e.allowDefinitionOK(decl, ch.path))
	if conflict != nil {
		// docs/locks.md#section-lock-decision: the pattern is illegal even before a file below uses
		// it (UNCERTAIN(lock-conflict-static): IIS might fail only on use), so
		// a static warning (docs/locks.md#conflicting-locks).
		d := conflictDiag(conflict, r.lock.Summary)
		d.Severity = diag.Warning
		d.Section = name
		r.diags = append(append([]diag.Diagnostic(nil), st.diags...), d)
	}
	if !store {
		return r
	}
	c.mu.Lock()
	c.sections[string(key)] = r
	c.mu.Unlock()
	return r
}

// mergedState walks the chain's levels, re-using cached states: the key of
// the state after level k names the section, the schema and environment,
// every definition applied up to k (by analysis id and index), whether
// inheritInChildApplications skipped it, (below the server) the site
// map, which decides application roots, and (below the site) the path's
// own spelling of each segment.
//
// The key is appended to key (the caller's buffer) and returned with it.
// Every section of every evaluation passes here, and in WebAssembly an
// allocation costs several times what it does natively: the key is looked
// up as string(key), which does not allocate, and the definitions are
// found without making inputs, which only a state not yet cached needs.
func (e *Engine) mergedState(name string, ch *chain, key []byte) (*mergeState, []byte) {
	key = append(key, name...)
	key = append(key, 0)
	key = append(key, e.engineKey(ch, false)...)
	var st *mergeState
	c := e.c
	var buf [8]defAt
	// Which levels' files define the section: asked once here, not at
	// every level (a string-keyed look-up each, hashed in software in
	// WebAssembly).
	defined := ch.levelsDefining(name)
	for k := range ch.path {
		if k == levelSite {
			key = append(key, 0)
			key = append(key, e.engineKey(ch, true)...)
		}
		if k > levelSite {
			// The path's own spelling below the site: a state's inputs
			// carry their targets (and its diagnostics their paths) as this
			// path spells them, while the definitions' identities ignore
			// case. Without it an engine asked "shop" and then "SHOP" would
			// answer the second with the first's targets, where an engine
			// asked "SHOP" first answers "SHOP": an answer must not depend on
			// the questions asked before it. Length-prefixed, so no segment
			// can pass for the key's other parts.
			key = append(key, 0, '/')
			key = strconv.AppendInt(key, int64(len(ch.path[k])), 10)
			key = append(key, ':')
			key = append(key, ch.path[k]...)
		}
		defs := e.defsAt(name, ch, k, defined, buf[:0])
		if len(defs) == 0 {
			continue // nothing new at this level: the state is shared as is
		}
		key = append(key, 0)
		key = strconv.AppendInt(key, int64(k), 10)
		for _, da := range defs {
			key = append(key, ' ')
			key = append(key, da.d.ref...)
			if da.skip {
				key = append(key, 's')
			}
		}
		c.mu.Lock()
		cached, ok := c.states[string(key)]
		c.mu.Unlock()
		if ok && cached.valid(e) {
			c.mu.Lock()
			cached.gen = e.gen
			c.mu.Unlock()
			st = cached
			continue
		}
		var next *mergeState
		if st == nil {
			next = &mergeState{}
			if sch := e.schema.Section(name); sch != nil {
				next.root = newElem(sch.Root, nil)
			}
		} else {
			next = st.clone()
		}
		m := &merger{section: name, path: ch.path[:k+1]}
		for _, da := range defs {
			in := da.input(k)
			next.inputs = append(next.inputs, in)
			e.applyInput(next, m, ch, in)
		}
		next.diags = append(next.diags, m.diags...)
		next.gen = e.gen
		c.mu.Lock()
		c.states[string(key)] = next
		c.mu.Unlock()
		st = next
	}
	if st == nil {
		st = e.emptyState(name)
	}
	return st, key
}

// emptyState is a section nobody defines on the chain: defaults only.
func (e *Engine) emptyState(name string) *mergeState {
	k := emptyKey{section: name, engine: e.engineKey(nil, false)}
	c := e.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.empty[k]; ok {
		st.gen = e.gen
		return st
	}
	st := &mergeState{gen: e.gen}
	if sch := e.schema.Section(name); sch != nil {
		st.root = newElem(sch.Root, nil)
	}
	c.empty[k] = st
	return st
}

// defAt is a definition whose target is a level of the chain, found by
// defsAt: what a merge state's key needs, before any input is made.
type defAt struct {
	d     *definition
	level cpath // L(F)
	depth int   // depth of F
	skip  bool  // skipped by inheritInChildApplications at this path
}

// defsAt appends to out the definitions whose target is level k of the
// chain, in file order (docs/merge.md#input-order), through each file's
// target index.
//
// defined is ch.levelsDefining(name).
func (e *Engine) defsAt(name string, ch *chain, k int, defined int, out []defAt) []defAt {
	for depth := 0; depth <= k && depth < len(ch.levels); depth++ {
		lv := ch.levels[depth]
		if depth < 64 {
			if defined&(1<<depth) == 0 {
				continue
			}
		} else if lv.a == nil || lv.a.sections[name] == 0 {
			continue
		}
		rk, ok := ch.relKey(depth, k)
		if !ok {
			continue
		}
		if d := lv.a.byTarget[targetKey{rk, name}]; d != nil {
			da := defAt{d: d, level: lv.path, depth: depth}
			// inheritInChildApplications="false"
			// (docs/locations.md#inheritinchildapplications): skipped when the
			// path's application root is strictly below the target.
			if !d.iica() && ch.appRoot != nil {
				t := d.target(lv.path)
				da.skip = len(t) < len(ch.appRoot) && ch.appRoot.hasPrefix(t)
			}
			out = append(out, da)
		}
	}
	return out
}

// input makes the merge's input for the definition, targeting level k.
func (da defAt) input(k int) *input {
	return &input{def: da.d, level: da.level, depth: da.depth, target: da.d.target(da.level), tlevel: k, ref: da.d.ref, skip: da.skip}
}

// engineKey covers what merge states depend on besides their definitions:
// the schema and environment, and, for levels below the server, the site
// map (application roots decide allowDefinition="MachineToApplication").
func (e *Engine) engineKey(ch *chain, withSites bool) string {
	if !withSites {
		return e.baseKey
	}
	e.siteMapOf()
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sitesKey
}

func fnvString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// lastReg is the registry visible at the deepest level of the chain.
func (ch *chain) lastReg() *registry {
	for i := len(ch.levels) - 1; i >= 0; i-- {
		if a := ch.levels[i].a; a != nil {
			return a.reg
		}
	}
	return nil
}

// relKey is the lower-cased relative path from level from to level to of
// the chain, the key of analysis.byTarget. A location path in
// machine.config or the root web.config names a site below APPHOST.
func (ch *chain) relKey(from, to int) (string, bool) {
	if to == from {
		return "", true
	}
	start := from + 1
	if from < levelAppHost {
		if to <= levelAppHost {
			return "", false
		}
		start = levelSite
	}
	// Memoised on the chain (built per evaluation, never shared): every
	// section asks for the same few keys.
	n := len(ch.path)
	if len(ch.relKeys) != n*n {
		ch.relKeys = make([]string, n*n)
	}
	k := &ch.relKeys[from*n+to]
	if *k == "" {
		*k = "/" + relKeyOf(ch.path[start:to+1])
	}
	return (*k)[1:], true
}

// applyInput decides whether one definition takes part (inheritance,
// allowDefinition, section locks) and merges it into st.
func (e *Engine) applyInput(st *mergeState, m *merger, ch *chain, in *input) {
	d := in.def
	if in.skip {
		in.why = `skipped: inheritInChildApplications="false" and the path is in a child application`
		return
	}
	if judged := allowDefinitionPlace(m.section, d.decl, in.level, in.target); !e.allowDefinitionOK(d.decl, judged) {
		in.why = "not applied: allowDefinition=\"" + d.decl.allowDefinition + "\" does not allow " + judged.String()
		// IIS's own text for an allowDefinition violation is not captured:
		// the section-locked one, UNCERTAIN(allowdefinition-error).
		id := diag.Locked
		if aspNetSection(m.section) && d.decl.allowDefinition == "MachineToApplication" {
			id = diag.AllowDefNet // a section only ASP.NET reads: its own text
		}
		dg := diag.At(id, d.file.path, d.node.Range()).
			WithNote(`the section is registered with allowDefinition="`+d.decl.allowDefinition+`"`, d.decl.file, d.decl.rng)
		if id == diag.Locked {
			dg = dg.WithUncertain("allowdefinition-error")
		}
		m.report(dg)
		return
	}
	history := st.inputs[:len(st.inputs)-1]
	if state, w, why := sectionLockFor(history, in); state != lockAllowed {
		in.why = "not applied: " + why
		if state == lockConflict {
			m.report(conflictDiag(w, why).WithNote("the definition refused because of it", d.file.path, d.node.Range()))
			return
		}
		dg := diag.At(diag.Locked, d.file.path, d.node.Range())
		if w != nil {
			dg = dg.WithNote(why, w.def.file.path, w.def.node.Range())
		} else if d.decl != nil {
			dg = dg.WithNote(why, d.decl.file, d.decl.rng)
		}
		m.report(dg)
		return
	}
	in.applied = true // from here on it takes part in lock decisions
	if !e.resolveContent(st, m, ch, in) {
		return
	}
	if st.root == nil || in.content == nil {
		return // no schema, or encrypted: opaque
	}
	m.apply(st.root, in.content, in, true)
	e.checkAbsolutePaths(st, m, in)
}

// resolveContent finds what a definition contributes: its own element, a
// configSource file's root, or nothing when encrypted (docs/configsource.md).
func (e *Engine) resolveContent(r *mergeState, m *merger, ch *chain, in *input) bool {
	d := in.def
	n := d.node
	in.content, in.contentFile = n, d.file
	srcAttr, hasSrc := n.Attr(attrConfigSource)
	if prov, ok := n.Attr(attrConfigProtection); ok {
		// We never decrypt: the section is opaque (docs/configsource.md#encryption). Only an
		// undefined provider is an error.
		r.encrypted = true
		in.content = nil
		if m.section != protectedDataSection && !e.providerDefined(ch, in.tlevel, prov.Value, r) {
			m.report(m.at(diag.ProviderUnk, source{in: in, node: n, attr: prov, file: d.file}, prov.Value))
		}
		return true
	}
	if !hasSrc {
		return true
	}
	at := source{in: in, node: n, attr: srcAttr, file: d.file}
	fail := func(id diag.ID, note string, args ...any) bool {
		dg := m.at(id, at, args...)
		if id == diag.ConfigSource {
			// Microsoft.Web.Administration reports "Specified configSource
			// cannot be parsed" against the file holding the attribute, at
			// the section element's line (see configSourceFailure).
			dg = m.at(id, source{in: in, node: n, file: d.file}, args...)
		}
		if note != "" {
			dg = dg.WithNote(note, d.file.path, at.rng())
		}
		m.report(dg)
		in.content = nil
		return false
	}
	val := srcAttr.Value
	// An absolute path, or configSource inside a location tag of
	// applicationHost.config, was observed as "Unrecognized attribute"
	// (docs/configsource.md#configsource-errors,
	// UNCERTAIN(configsource-unrecognized): which cause is not known; both
	// are reported so).
	if workspace.IsAbs(val) || strings.HasPrefix(val, `\`) || strings.HasPrefix(val, "/") {
		return fail(diag.AttrUnknown, "configSource must be a relative physical path", attrConfigSource)
	}
	if d.loc != nil && len(d.rel) > 0 && in.depth == levelAppHost {
		return fail(diag.AttrUnknown, "configSource inside <location path=\""+d.loc.rawPath+"\"> of applicationHost.config", attrConfigSource)
	}
	for _, a := range n.Attrs {
		if a.Name != attrConfigSource && !isXMLNSAttr(a.Name) {
			return fail(diag.ConfigSource, "A section using 'configSource' may contain no other attributes or elements.")
		}
	}
	for _, c := range n.Children {
		if c.Kind != xmltree.CommentNode && !(c.Kind == xmltree.TextNode && strings.TrimSpace(c.Text) == "") {
			return fail(diag.ConfigSource, "A section using 'configSource' may contain no other attributes or elements.")
		}
	}
	dir := workspace.Dir(d.file.path)
	target := workspace.Join(dir, val)
	if !workspace.Within(target, dir) || workspace.Key(target) == d.file.key {
		return fail(diag.ConfigSource, "The configSource '"+val+"' is invalid. It must refer to a file in the same directory or in a subdirectory as the configuration file.")
	}
	pf := e.file(target)
	srcFile, _ := e.ws.Get(target)
	r.deps = append(r.deps, func(e2 *Engine) bool {
		f, _ := e2.ws.Get(target)
		return f == srcFile
	})
	if pf == nil {
		// Raised when the section is read, not whenever the file is in the
		// chain: IIS never reads a managed section's configSource, so a
		// broken connectionStrings file fails only in ASP.NET.
		return fail(diag.ConfigSource, configSourceMissing(target))
	}
	if pf.err != nil {
		dg := pf.err.InPhase(diag.PhaseSection).WithNote("referenced by configSource here", d.file.path, at.rng())
		m.report(dg)
		in.content = nil
		return false
	}
	short := m.section[strings.LastIndexByte(m.section, '/')+1:]
	if pf.doc.Root.Name != short {
		return fail(diag.ConfigSource, "The format of a configSource file must be an element containing the name of the section.")
	}
	in.content, in.contentFile = pf.doc.Root, pf
	return true
}

// configSourceMissing is the note of a configSource naming a file the
// workspace does not have.
//
// The error is "Specified configSource cannot be parsed", reported against
// the file holding the configSource attribute at the section element's
// line, not "Cannot read configuration file" against the missing file:
// Jexus Manager's test TestIisExpressConfigSource3
// (jexuswebserver/JexusManager, Tests/Exceptions/SiteTestCases.cs), run
// against the real Microsoft.Web.Administration, expects exactly
// "Filename: \\?\<web.config>\r\nLine number: 11\r\nError: Specified
// configSource cannot be parsed" for <authentication
// configSource="authentication.config"> at line 11 with no such file. The
// 500.19 page and appcmd render the same diagnostic, so all three agree. See
// docs/diagnostics.md.
func configSourceMissing(target string) string {
	return "configSource names " + target + ", which does not exist"
}

// conflictDiag reports docs/locks.md#conflicting-locks on the lower file's Deny definition.
func conflictDiag(deny *input, why string) diag.Diagnostic {
	n := deny.def.node
	return diag.At(diag.LockConflict, deny.def.file.path, n.Range()).
		WithNote(why, deny.def.file.path, n.Range())
}

const protectedDataSection = "configProtectedData"

// providerDefined reports whether configProtectedData/providers at the
// path names the provider.
func (e *Engine) providerDefined(ch *chain, k int, name string, user *mergeState) bool {
	prefix := ch.path[:k+1]
	r := e.sectionAt(protectedDataSection, e.chainFor(prefix))
	user.deps = append(user.deps, func(e2 *Engine) bool {
		return e2.sectionAt(protectedDataSection, e2.chainFor(prefix)).st == r.st
	})
	if r.root == nil {
		return true // no schema to check against
	}
	if p, ok := r.root.children.get("providers"); ok {
		for _, it := range p.items {
			if strings.EqualFold(valueOf(it.el, []*effElem{r.root, p}, "name"), name) {
				return true
			}
		}
	}
	return false
}
