package config

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// sectionResult is one section merged at one config path.
type sectionResult struct {
	name      string
	decl      *decl
	sch       *schema.Section
	root      *effElem
	inputs    []*input
	diags     []diag.Diagnostic
	encrypted bool
	// Lock state for a hypothetical web.config at the path (SPEC §4.2).
	lockedHere   bool
	allowDefHere bool
	lockReason   *model.LockReason
}

// sectionAt merges section name along a chain (cached per path).
func (e *Engine) sectionAt(name string, ch *chain) *sectionResult {
	ck := name + "|" + ch.path.key()
	e.mu.Lock()
	if r, ok := e.sectionResults[ck]; ok {
		e.mu.Unlock()
		return r
	}
	e.mu.Unlock()
	r := e.computeSection(name, ch)
	e.mu.Lock()
	if prev, ok := e.sectionResults[ck]; ok {
		r = prev
	} else {
		e.sectionResults[ck] = r
	}
	e.mu.Unlock()
	return r
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

func (e *Engine) computeSection(name string, ch *chain) *sectionResult {
	r := &sectionResult{name: name}
	reg := ch.lastReg()
	if reg != nil {
		r.decl = reg.lookup(name)
	}
	r.sch = e.schema.Section(name)
	m := &merger{section: name, path: ch.path}
	if r.sch != nil {
		r.root = newElem(r.sch.Root, r.sch.Root.Name, nil)
	}
	// Collect the definitions whose target lies on the chain (SPEC §6.1).
	var ins []*input
	for depth, lv := range ch.levels {
		if lv.a == nil {
			continue
		}
		for _, d := range lv.a.bySec[name] {
			t := d.target(lv.path)
			if !ch.path.hasPrefix(t) {
				continue
			}
			ins = append(ins, &input{def: d, level: lv.path, depth: depth, target: t, tlevel: len(t) - 1})
		}
	}
	sort.SliceStable(ins, func(i, j int) bool {
		if ins[i].tlevel != ins[j].tlevel {
			return ins[i].tlevel < ins[j].tlevel
		}
		return ins[i].depth < ins[j].depth
	})
	r.inputs = ins
	for _, in := range ins {
		e.applyInput(r, m, ch, in)
	}
	var conflict *input
	r.lockedHere, r.lockReason, conflict = lockDecision(r, len(ch.path)-1, ch.path)
	if conflict != nil {
		// SPEC §4.2: the pattern is illegal even before a file below uses
		// it (UNCERTAIN whether IIS fails only on use): a static warning.
		d := conflictDiag(conflict, r.lockReason.Summary)
		d.Severity = diag.Warning
		m.report(d)
	}
	r.diags = m.diags
	r.allowDefHere = e.allowDefinitionOK(r.decl, ch.path)
	return r
}

// applyInput decides whether one definition takes part (inheritance,
// allowDefinition, section locks) and merges it.
func (e *Engine) applyInput(r *sectionResult, m *merger, ch *chain, in *input) {
	d := in.def
	line, col := d.node.Start.Line, d.node.Start.Col
	// inheritInChildApplications="false" (SPEC §2.5).
	if !d.iica() && ch.appRoot != nil && len(in.target) < len(ch.appRoot) && ch.appRoot.hasPrefix(in.target) {
		in.why = `skipped: inheritInChildApplications="false" and ` + ch.path.String() + " is in a child application"
		return
	}
	if !e.allowDefinitionOK(d.decl, in.target) {
		in.why = "not applied: allowDefinition=\"" + d.decl.allowDefinition + "\" does not allow " + in.target.String()
		id := diag.Locked
		if strings.HasPrefix(r.name, "system.web/") && d.decl.allowDefinition == "MachineToApplication" {
			id = diag.AllowDefNet // a section only ASP.NET reads: its own text (SPEC §3.3)
		}
		dg := diag.New(id, d.file.path, line, col).
			WithNote(`the section is registered with allowDefinition="`+d.decl.allowDefinition+`"`, d.decl.file, d.decl.line, d.decl.col)
		m.report(dg)
		return
	}
	if state, w, why := sectionLockFor(r, in); state != lockAllowed {
		in.why = "not applied: " + why
		if state == lockConflict {
			m.report(conflictDiag(w, why).WithNote("the definition refused because of it", d.file.path, line, col))
			return
		}
		dg := diag.New(diag.Locked, d.file.path, line, col)
		if w != nil {
			wl, wc := w.def.node.Start.Line, w.def.node.Start.Col
			dg = dg.WithNote(why, w.def.file.path, wl, wc)
		} else if d.decl != nil {
			dg = dg.WithNote(why, d.decl.file, d.decl.line, d.decl.col)
		}
		m.report(dg)
		return
	}
	if !e.resolveContent(r, m, ch, in) {
		in.applied = true // it still takes part in lock decisions
		return
	}
	in.applied = true
	if r.root == nil {
		return
	}
	if in.content == nil {
		return // encrypted: opaque
	}
	m.apply(r.root, in.content, in, true)
}

// allowDefinitionOK checks a definition's target against the section's
// allowDefinition (SPEC §3.3).
func (e *Engine) allowDefinitionOK(d *decl, t cpath) bool {
	if d == nil {
		return true
	}
	n := len(t)
	switch d.allowDefinition {
	case "MachineToApplication":
		return n <= levelAppHost+1 || e.isAppRoot(t)
	case "MachineToWebRoot":
		return n <= levelWebRoot+1
	case "MachineOnly":
		// The IIS doc also allows applicationHost.config (UNCERTAIN: allowed).
		return n == levelMachine+1 || n == levelAppHost+1
	case "AppHostOnly":
		return n == levelAppHost+1
	}
	return true
}

// resolveContent finds what a definition contributes: its own element, a
// configSource file's root, or nothing when encrypted (SPEC §7).
func (e *Engine) resolveContent(r *sectionResult, m *merger, ch *chain, in *input) bool {
	d := in.def
	n := d.node
	in.content, in.contentFile = n, d.file
	srcAttr, hasSrc := n.Attr(attrConfigSource)
	if prov, ok := n.Attr(attrConfigProtection); ok {
		// We never decrypt: the section is opaque (SPEC §7.2). Only an
		// undefined provider is an error.
		r.encrypted = true
		in.content = nil
		if r.name != protectedDataSection && !e.providerDefined(ch, prov.Value) {
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
		if note != "" {
			dg = dg.WithNote(note, d.file.path, lineOf(at), colOf(at))
		}
		m.report(dg)
		in.content = nil
		return false
	}
	val := srcAttr.Value
	// An absolute path, or configSource inside a location tag of
	// applicationHost.config, was observed as "Unrecognized attribute"
	// (SPEC §7.1, UNCERTAIN which cause; both reported so).
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
	if pf == nil {
		dg := diag.New(diag.ReadFile, target, 0, 0).WithNote("referenced by configSource here", d.file.path, lineOf(at), colOf(at))
		m.report(dg)
		in.content = nil
		return false
	}
	if pf.err != nil {
		dg := *pf.err
		dg = dg.WithNote("referenced by configSource here", d.file.path, lineOf(at), colOf(at))
		m.report(dg)
		in.content = nil
		return false
	}
	short := r.name[strings.LastIndexByte(r.name, '/')+1:]
	if pf.doc.Root.Name != short {
		return fail(diag.ConfigSource, "The format of a configSource file must be an element containing the name of the section.")
	}
	in.content, in.contentFile = pf.doc.Root, pf
	return true
}

// conflictDiag reports SPEC §4.1 P4 on the lower file's Deny definition.
func conflictDiag(deny *input, why string) diag.Diagnostic {
	n := deny.def.node
	return diag.New(diag.LockConflict, deny.def.file.path, n.Start.Line, n.Start.Col).
		WithNote(why, deny.def.file.path, n.Start.Line, n.Start.Col)
}

const protectedDataSection = "configProtectedData"

// providerDefined reports whether configProtectedData/providers at the
// path names the provider.
func (e *Engine) providerDefined(ch *chain, name string) bool {
	r := e.sectionAt(protectedDataSection, ch)
	if r.root == nil {
		return true // no schema to check against
	}
	if p, ok := r.root.children["providers"]; ok {
		for _, it := range p.items {
			if strings.EqualFold(valueOf(it.el, "name"), name) {
				return true
			}
		}
	}
	return false
}
