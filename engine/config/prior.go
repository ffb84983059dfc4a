package config

// priorChain is what an engine made by Update inherits from the last
// evaluation of the engine it was made from: that chain's path, the
// analysis read at each of its levels, what its results were keyed by
// besides their definitions, and the results themselves. It is a copy made
// once and never changed, so engines may share it; the predecessor keeps
// its chain.
//
// A keystroke in the playground is an Update and an evaluation of the same
// path. Every section result is cached by a key naming everything it was
// computed from (see cache), so the new engine would find most of them
// again, but finding each costs its key: a few string-keyed look-ups per
// section and level, which WebAssembly hashes in software. The prior
// answers the same question once per edit instead: a result is re-used
// when no level whose file changed defines or declares its section, which
// is exactly when its cache key is unchanged.
type priorChain struct {
	path     cpath
	levels   []chainLevel // the chain's levels (never changed once built)
	baseKey  string       // Engine.baseKey: schema and environment
	sitesKey string       // Engine.sitesKey, for paths below APPHOST
	names    []string     // the sections in scope, in results' order
	results  []*sectionResult
}

// priorForUpdate is the prior an engine made from e by Update inherits:
// e's last evaluated chain, or, when e evaluated nothing, e's own prior
// (which compares against the chain it came from just as well).
func (e *Engine) priorForUpdate() *priorChain {
	e.mu.Lock()
	ch, p := e.spare, e.prior
	if ch != nil && ch.results != nil {
		// Copied while the chain is the engine's spare, which no
		// evaluation uses (evaluationChain takes it under e.mu).
		p = &priorChain{path: ch.path, levels: ch.levels, baseKey: e.baseKey, sitesKey: e.sitesKey,
			names: ch.resultNames, results: ch.results}
	}
	e.mu.Unlock()
	return p
}

// reusable says which of the prior's results hold for chain ch of engine
// e, whose sections in scope are names: the result of names[i] is
// p.results[i] when touched is not nil, names[i] is not in it and the
// result's merge state is valid for e.
//
// The results' chain and ch must have the same path, schema, environment,
// site map (below APPHOST) and sections in scope; then a result holds
// unless a level whose file changed (before or after the change) defines
// or declares its section (a registry below a changed file is a new
// analysis, so a changed level too), or its merge state read something
// that changed (configSource files, providers: mergeState.valid).
// touched is nil when no result can be re-used.
func (p *priorChain) reusable(e *Engine, ch *chain, names []string) (touched map[string]bool) {
	if p == nil || len(p.levels) != len(ch.levels) || !sameSegments(p.path, ch.path) ||
		p.baseKey != e.baseKey || !sameNames(p.names, names) {
		return nil
	}
	if len(ch.path) > levelSite && p.sitesKey != e.engineKey(ch, true) {
		return nil
	}
	touched = map[string]bool{}
	for d, lv := range ch.levels {
		if old := p.levels[d].a; old != lv.a {
			old.addSectionsTo(touched)
			lv.a.addSectionsTo(touched)
		}
	}
	return touched
}

// addSectionsTo adds to set every section the file defines or declares.
// Not inlined: map loops are long code, and reusable calls it twice.
//
//go:noinline
func (a *analysis) addSectionsTo(set map[string]bool) {
	if a == nil {
		return
	}
	for n := range a.sections {
		set[n] = true
	}
	for n := range a.reg.own {
		set[n] = true
	}
}

// sameNames is a == b; the lists are usually one registry's.
func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
