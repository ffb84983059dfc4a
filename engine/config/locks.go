package config

import (
	"strings"
)

type lockState uint8

const (
	lockAllowed lockState = iota
	lockLocked
	lockConflict
)

// sectionLockFor is docs/locks.md#section-lock-decision's locked(S, F, P) for an input: may the
// definition's file define the section at its target? It returns the
// deciding input (nil when the declaration decided) and a sentence saying why.
func sectionLockFor(history []*input, in *input) (lockState, *input, string) {
	d := in.def.decl
	if d == nil || in.depth <= d.depth {
		return lockAllowed, nil, ""
	}
	return decideLock(history, d, in.depth, in.target)
}

// lockDecision is the lock state for a hypothetical web.config at path p
// (level index n): the "could a web.config here override this section?"
// view (docs/locks.md#section-lock-decision, last rule), as the typed
// decision Section answers with. allowDefOK says whether allowDefinition
// admits p. The input returned is the lower file's Deny definition of a
// conflicting pattern, else nil.
func lockDecision(inputs []*input, d *decl, n int, p cpath, allowDefOK bool) (LockDecision, *input) {
	ld := LockDecision{Mode: "Allow", AllowedByDefinition: allowDefOK}
	if d == nil {
		ld.Locked = !allowDefOK
		return ld, nil
	}
	ld.Steps = append(ld.Steps, LockStep{Source: Source{File: d.file, Line: d.line, Column: d.col},
		Mode: d.overrideModeDefault, Declaration: true})
	var conflict *input
	if n <= d.depth {
		ld.Summary = "the section is declared at this level"
	} else {
		state, w, why := decideLock(inputs, d, n, p)
		for _, in := range governing(inputs, n, p) {
			ld.Steps = append(ld.Steps, LockStep{Source: inputSource(in), Mode: in.def.mode().String(), Decides: in == w})
		}
		ld.Summary = why
		if state == lockAllowed && why == "" {
			ld.Summary = "unlocked by default (overrideModeDefault=\"Allow\")"
		}
		if state != lockAllowed {
			ld.Mode = "Deny"
		}
		if state == lockConflict {
			ld.Conflict, conflict = true, w
		}
	}
	ld.Locked = ld.Mode == "Deny" || !allowDefOK
	if ld.Mode == "Allow" && !allowDefOK {
		ld.Summary = `allowDefinition="` + d.allowDefinition + `" does not allow a definition at this path`
	}
	return ld, conflict
}

// governing lists the applied definitions of files above level n whose
// targets contain p: the inputs that can lock p (docs/locks.md#section-lock-decision set G, before
// filtering by mode).
func governing(inputs []*input, n int, p cpath) []*input {
	var g []*input
	for _, x := range inputs {
		if x.applied && x.depth < n && p.hasPrefix(x.target) && x.def.mode() != modeInherit {
			g = append(g, x)
		}
	}
	return g
}

// decideLock follows the IIS documentation, not .NET, where the two differ
// (UNCERTAIN(net-lock-differences), docs/locks.md#section-lock-decision).
func decideLock(inputs []*input, d *decl, n int, p cpath) (lockState, *input, string) {
	// V5: lockItem="true" on the section element of a higher definition
	// locks the whole section below it, reported as LOCKED
	// (UNCERTAIN(lockitem-section), docs/locks.md#lockitem).
	for _, x := range inputs {
		if x.applied && x.depth < n && p.hasPrefix(x.target) && x.content != nil {
			if a, ok := x.content.Attr(attrLockItem); ok && strings.EqualFold(strings.TrimSpace(a.Value), "true") {
				return lockLocked, x, `locked by lockItem="true" on the section element`
			}
		}
	}
	g := governing(inputs, n, p)
	if len(g) == 0 {
		if d.overrideModeDefault == "Deny" {
			return lockLocked, nil, `locked by default: the section is declared with overrideModeDefault="Deny"`
		}
		return lockAllowed, nil, ""
	}
	w := g[0]
	for _, x := range g[1:] {
		if len(x.target) > len(w.target) || (len(x.target) == len(w.target) && x.depth > w.depth) {
			w = x
		}
	}
	where := describeInput(w)
	if w.def.mode() == modeAllow {
		for _, x := range g {
			if x.def.mode() == modeDeny && x.depth > w.depth {
				// The decider returned for a conflict is the lower file's
				// Deny definition: that is where the error is reported.
				return lockConflict, x, "a higher level unlocks a narrower path with " + where + " but a lower level locks a wider path with " + describeInput(x)
			}
		}
		return lockAllowed, w, "unlocked by " + where
	}
	return lockLocked, w, "locked by " + where
}

func describeInput(in *input) string {
	d := in.def
	s := "<location"
	if d.loc != nil && d.loc.hasPath {
		s += ` path="` + d.loc.rawPath + `"`
	}
	s += ` overrideMode="` + d.mode().String() + `"> in ` + d.file.path
	return s
}

// inputSource is a definition's place.
func inputSource(in *input) Source {
	d := in.def
	s := Source{File: d.file.path, Line: int(d.node.Start.Line), Column: int(d.node.Start.Col),
		Target: in.target.String(), Level: in.level.String()}
	if d.loc != nil {
		s.InLocation, s.LocationPath = true, d.loc.rawPath
		s.LocationLine = int(d.loc.node.Start.Line)
	}
	return s
}
