package config

import (
	"github.com/iisconf/iisconf/engine/diag"
)

// DefinitionAllowed reports whether the file at config path level may
// define section for config path target (target at or below level: a
// location tag when deeper) — the check appcmd makes before it writes
// (docs/locks.md#section-lock-decision, docs/declarations.md#allowdefinition,
// docs/appcmd.md#config-writes). When it may
// not, the diagnostic is the one the write fails with.
func (e *Engine) DefinitionAllowed(section, level, target string) (bool, *diag.Diagnostic) {
	ok, d := e.definitionAllowed(section, level, target)
	return ok, e.resolveOne(d)
}

func (e *Engine) definitionAllowed(section, level, target string) (bool, *diag.Diagnostic) {
	lp, err := e.normalize(level)
	if err != nil {
		return false, err
	}
	tp, err := e.normalize(target)
	if err != nil {
		return false, err
	}
	if !tp.hasPrefix(lp) {
		d := diag.At(diag.PathUnknown, "", diag.NoRange, tp.String())
		d = d.WithNote("the target must be at or below the level of the file written ("+lp.String()+")", "", diag.NoRange)
		return false, &d
	}
	ch := e.chainFor(tp)
	if ch.err != nil {
		return false, ch.err
	}
	reg := ch.lastReg()
	if reg == nil {
		d := diag.At(diag.Undeclared, "", diag.NoRange, section)
		return false, &d
	}
	dcl := reg.lookup(section)
	if dcl == nil {
		d := diag.At(diag.Undeclared, "", diag.NoRange, section)
		return false, &d
	}
	if !e.allowDefinitionOK(dcl, allowDefinitionPlace(section, dcl, lp, tp)) {
		d := diag.At(diag.Locked, "", diag.NoRange).WithNote(`the section is registered with allowDefinition="`+dcl.allowDefinition+`"`, dcl.file, dcl.rng)
		return false, &d
	}
	n := len(lp) - 1 // depth of the file written
	if n <= dcl.depth {
		return true, nil // the declaring file (or one above it)
	}
	st, _ := e.mergedState(section, ch, nil)
	state, w, why := decideLock(st.inputs, dcl, n, tp)
	if state == lockAllowed {
		return true, nil
	}
	id := diag.Locked
	if state == lockConflict {
		id = diag.LockConflict
	}
	d := diag.At(id, "", diag.NoRange)
	if w != nil {
		d = d.WithNote(why, w.def.file.path, w.def.node.Range())
	} else {
		d = d.WithNote(why, dcl.file, dcl.rng)
	}
	return false, &d
}
