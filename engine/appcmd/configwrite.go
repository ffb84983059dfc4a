package appcmd

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/xmledit"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// written is a successful write: the lines to print and the workspace
// clone holding the edited files.
type written struct {
	out string
	t   *tx
}

// configWrite holds what every config verb resolves first.
type configWrite struct {
	section string // full name
	path    string // config path P written for
	commit  string // config path C of the file written
	loc     string // P relative to C: the location path ("" none)
	file    string // the file at C
	ops     []*propOp
}

// parseConfigWrite reads `<verb> config [path] /section:x [/commit:c]
// [/prop…]`; defaultCommit applies when /commit is absent.
func parseConfigWrite(e *config.Engine, c *Command, defaultCommit string) (*configWrite, *Error) {
	w := &configWrite{}
	commit := defaultCommit
	var section string
	for _, p := range c.Params {
		switch {
		case isSwitch(p, "section"):
			section = p.Value
		case isSwitch(p, "commit"):
			commit = p.Value
		case !p.Escaped && generalSwitches[strings.ToLower(p.Name)]:
			return nil, unsupported("/" + p.Name + " is not emulated for " + c.Verb + " config")
		default:
			op, err := parseProp(p)
			if err != nil {
				return nil, err
			}
			w.ops = append(w.ops, op)
		}
	}
	if section == "" {
		return nil, missingSection()
	}
	full, ok := e.ResolveSection(section)
	if !ok {
		return nil, unknownSection(section)
	}
	w.section = full
	p, d := e.NormalizePath(c.Identifier)
	if d != nil {
		return nil, diagError(*d)
	}
	w.path = p
	cp, err := resolveCommit(e, p, commit)
	if err != nil {
		return nil, err
	}
	w.commit = cp
	w.loc = locationPath(p, cp)
	file, err := fileAt(e, p, cp)
	if err != nil {
		return nil, err
	}
	w.file = file
	return w, nil
}

// resolveCommit maps a /commit: value to the config path of the file
// written (docs/appcmd.md#config-writes table). The keywords compare case-insensitively;
// anything else is a config path that must be at or above P.
func resolveCommit(e *config.Engine, p, commit string) (string, *Error) {
	segs := strings.Split(p, "/")
	switch strings.ToLower(commit) {
	case "", "url":
		return p, nil
	case "apphost":
		if len(segs) < 3 {
			return "", badCommit(commit, p)
		}
		return serverLevel, nil
	// UNCERTAIN(commit-keywords): webroot and machine are accepted by
	// analogy; the captured documentation names the others only.
	case "webroot":
		if len(segs) < 2 {
			return "", badCommit(commit, p)
		}
		return "MACHINE/WEBROOT", nil
	case "machine":
		return "MACHINE", nil
	case "site":
		if len(segs) < 4 {
			return "", badCommit(commit, p)
		}
		return strings.Join(segs[:4], "/"), nil
	case "app":
		if len(segs) < 4 {
			return "", badCommit(commit, p)
		}
		m, _ := e.Mapping(p)
		if m == nil {
			return "", badCommit(commit, p)
		}
		n := 4 + len(strings.FieldsFunc(m.AppPath, func(r rune) bool { return r == '/' }))
		if n > len(segs) {
			n = len(segs)
		}
		return strings.Join(segs[:n], "/"), nil
	}
	cp, d := e.NormalizePath(commit)
	if d != nil {
		return "", diagError(*d)
	}
	if !strings.EqualFold(cp, p) && !strings.HasPrefix(strings.ToLower(p), strings.ToLower(cp)+"/") {
		return "", badCommit(commit, p)
	}
	return cp, nil
}

// locationPath is the location tag's path for a definition of config path
// p written in the file at config path cp (at or above p): p relative to
// cp. From machine.config or the root web.config a location path names a
// site below APPHOST (docs/locations.md#path,
// UNCERTAIN(machine-location-names-site)), so the path there is p relative
// to APPHOST, and a definition for APPHOST itself (or WEBROOT from
// machine.config) goes at the top of the file, where it reaches them by
// inheritance.
func locationPath(p, cp string) string {
	if len(cp) >= len(p) {
		return ""
	}
	if strings.Count(cp, "/") < 2 { // MACHINE or MACHINE/WEBROOT
		if len(p) <= len(serverLevel) {
			return ""
		}
		return p[len(serverLevel)+1:]
	}
	return p[len(cp)+1:]
}

// fileAt is the file that holds definitions made at config path cp for
// config path p (cp at or above p): the level cp of p's chain (the
// web.config looked for there; machine.config or the root web.config of
// the .NET Framework folder p's pool reads, docs/hierarchy.md#framework-folders;
// applicationHost.config as redirection makes it).
func fileAt(e *config.Engine, p, cp string) (string, *Error) {
	levels, _ := e.Chain(p)
	for i := len(levels) - 1; i >= 0; i-- {
		l := levels[i]
		if !strings.EqualFold(l.Path, cp) {
			continue
		}
		if l.Builtin {
			return "", unsupported("the file at " + cp + " (" + l.File + ") is iisconf's built-in stand-in; add the real file to the workspace to write to it")
		}
		if l.File != "" {
			return l.File, nil
		}
		if l.Candidate != "" {
			return l.Candidate, nil
		}
	}
	return "", unsupported("no file can hold configuration for " + cp + " (no physical folder)")
}

// lockedAt completes a DefinitionAllowed refusal: appcmd names the file
// it was about to write, with line 0 [INF from the 500.19/appcmd shape].
func lockedAt(d *diag.Diagnostic, file string) *Error {
	x := *d
	if x.ID == diag.Locked || x.ID == diag.LockConflict {
		x.File, x.Line = file, 0
	}
	return diagError(x)
}

// effectiveElement is the section's effective element at the path
// written, for inherited items and for duplicate checks (the zero Element
// when the section cannot be read there).
func effectiveElement(e *config.Engine, path, section string) config.Element {
	sec, _ := e.Section(path, section)
	return sec.Element
}

// finish flushes the edits and validates them against the engine.
func (t *tx) finish(paths, sections []string) *Error {
	if len(t.flush()) == 0 {
		return nil
	}
	t.after = t.eng.Update(t.ws)
	return t.validate(t.after, paths, sections)
}

// SetConfig is `set config [path] /section:x /prop:value … [/commit:c]`.
func setConfig(e *config.Engine, c *Command) (*written, *Error) {
	w, err := parseConfigWrite(e, c, "")
	if err != nil {
		return nil, err
	}
	if ok, d := e.DefinitionAllowed(w.section, w.commit, w.path); !ok {
		return nil, lockedAt(d, w.file)
	}
	sch := e.Schema().Section(w.section)
	if sch == nil {
		return nil, diagError(diag.At(diag.NoSchema, "", diag.NoRange, w.section))
	}
	t := newTx(e)
	if len(w.ops) > 0 {
		f, err := t.open(w.file)
		if err != nil {
			return nil, err
		}
		l, err := ensureDefinition(f, w.section, w.loc, "")
		if err != nil {
			return nil, err
		}
		target := &elemTarget{f: f, loc: l, sch: sch.Root, eff: effectiveElement(e, w.path, w.section), file: w.file, path: w.path}
		for _, op := range w.ops {
			if err := target.apply(op); err != nil {
				return nil, err
			}
		}
	}
	if err := t.finish([]string{w.path}, []string{w.section}); err != nil {
		return nil, err
	}
	return &written{out: appliedChanges(w.section, w.path, w.commit) + lineEnd, t: t}, nil
}

// clearConfig is `clear config [path] /section:x [/attr…] [/commit:c]`:
// without properties the definition at the commit level goes (the
// section reverts to its parent's values); with names, those attributes
// or child elements go.
func clearConfig(e *config.Engine, c *Command) (*written, *Error) {
	w, err := parseConfigWrite(e, c, "")
	if err != nil {
		return nil, err
	}
	sch := e.Schema().Section(w.section)
	if sch == nil {
		return nil, diagError(diag.At(diag.NoSchema, "", diag.NoRange, w.section))
	}
	t := newTx(e)
	if _, exists := t.ws.Get(w.file); exists {
		f, err := t.open(w.file)
		if err != nil {
			return nil, err
		}
		l := defLocator(w.section, w.loc, "")
		if n := l(f.Doc); n != nil {
			if len(w.ops) == 0 {
				parent := nodePath(n.Parent)
				if err := removeWithEmptyParents(f, n, func(doc *xmltree.Document) *xmltree.Node { return followPath(doc, parent) }); err != nil {
					return nil, err
				}
			}
			for _, op := range w.ops {
				if err := clearProp(f, l, sch.Root, op); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := t.finish([]string{w.path}, []string{w.section}); err != nil {
		return nil, err
	}
	return &written{out: clearedSection(w.section, w.commit) + lineEnd, t: t}, nil
}

// clearProp removes one attribute or child element named by a dotted path.
func clearProp(f *xmledit.File, l locator, sch *schema.Element, op *propOp) *Error {
	if op.op != 0 || op.has {
		return unknownAttribute(op.raw)
	}
	for i, seg := range op.segs {
		if seg.index {
			return unknownAttribute(op.raw)
		}
		last := i == len(op.segs)-1
		// A lock list (lockAttributes, lockElements, …) is not a schema
		// attribute, yet set config writes one (checkValue); clear config
		// takes it off the element the same way.
		// UNCERTAIN(appcmd-clear-lock-list): no capture shows appcmd
		// clearing a lock list; Microsoft.Web.Administration's metadata
		// setter is the other route a tool has.
		if last && (sch.Attribute(seg.name) != nil || config.IsLockAttribute(seg.name)) {
			if n := l(f.Doc); n != nil {
				return editErr(f.RemoveAttr(n, seg.name))
			}
			return nil
		}
		child := sch.Element(seg.name)
		if child == nil {
			return unknownAttribute(op.raw)
		}
		l, sch = childLocator(l, seg.name), child
		if last {
			if n := l(f.Doc); n != nil {
				return editErr(f.Remove(n))
			}
		}
	}
	return nil
}

// lockConfig is `lock config` (mode Deny) and `unlock config` (Allow):
// the section's definition for the path moves into a location tag with
// that overrideMode in the commit file, applicationHost.config by
// default for paths under the server (docs/appcmd.md#config-writes,
// UNCERTAIN(lock-commit-default)).
func lockConfig(e *config.Engine, c *Command, mode string) (*written, *Error) {
	def := ""
	if p, d := e.NormalizePath(c.Identifier); d == nil && strings.HasPrefix(strings.ToUpper(p), serverLevel) {
		def = "apphost"
	}
	w, err := parseConfigWrite(e, c, def)
	if err != nil {
		return nil, err
	}
	if len(w.ops) > 0 {
		return nil, unknownAttribute(w.ops[0].raw)
	}
	if ok, d := e.DefinitionAllowed(w.section, w.commit, w.path); !ok {
		return nil, lockedAt(d, w.file)
	}
	t := newTx(e)
	f, err := t.open(w.file)
	if err != nil {
		return nil, err
	}
	if defLocator(w.section, w.loc, mode)(f.Doc) == nil {
		moved, oldIndent := "", ""
		if n := defLocator(w.section, w.loc, "")(f.Doc); n != nil {
			moved, oldIndent = f.Text(n), f.Indent(n)
			parent := nodePath(n.Parent)
			if err := removeWithEmptyParents(f, n, func(doc *xmltree.Document) *xmltree.Node { return followPath(doc, parent) }); err != nil {
				return nil, err
			}
		}
		l, err := ensureDefinition(f, w.section, w.loc, mode)
		if err != nil {
			return nil, err
		}
		if moved != "" {
			n := l(f.Doc)
			text := strings.TrimLeft(f.Reindent(moved, oldIndent, f.Indent(n)), " \t")
			if err := editErr(f.Replace(int(n.Start.Offset), int(n.End), text)); err != nil {
				return nil, err
			}
		}
	}
	if err := t.finish([]string{w.path}, []string{w.section}); err != nil {
		return nil, err
	}
	line := lockedSection(w.section, w.path)
	if mode == "Allow" {
		line = unlockedSection(w.section, w.path)
	}
	return &written{out: line + lineEnd, t: t}, nil
}
