package config

import (
	"sync"
	"sync/atomic"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
)

// cache holds what engines built from successive versions of one
// workspace can share, so that an edit costs the work it invalidates
// rather than a full evaluation. Every entry is
// keyed by the identity of exactly what it was computed from, so a stale
// entry is never found, only left unused:
//   - a parsed file by its path and the *workspace.File it was parsed from
//     (Workspace.Set makes a new one; unchanged files keep theirs);
//   - a file's analysis by its parsed file, the registry above it and its
//     depth (so a web.config is re-analysed only when it or a file above it
//     changed);
//   - a site map by the analyses of the three top files and the environment;
//   - a section result by the section, the path, and the analyses that
//     define the section along the chain (plus the site map, schema and
//     environment): editing a web.config recomputes only the sections it
//     defines, at the paths below it.
//
// Entries remember the generation that last used them; Update purges the
// ones two generations old once the cache has grown.
type cache struct {
	mu          sync.Mutex
	gen         uint64
	nextID      atomic.Uint64
	parsed      map[string]*parsedFile
	analyses    map[analysisKey]*analysis
	sitemaps    map[sitemapKey]*siteMap
	sections    map[string]*sectionResult
	states      map[string]*mergeState
	empty       map[emptyKey]*mergeState // sections nobody defines: defaults only
	builtins    map[string]*parsedFile   // built-in machine.config / root web.config
	implicitReg *registry

	schemaSig   string
	schema      *schema.Schema
	schemaDiags []diag.Diagnostic
	schemaGen   uint64 // counts the compositions: each schema's identity in keys

	sizeAtPurge int
}

// emptyKey is the identity of a section nobody defines: its name and the
// engine's schema and environment.
type emptyKey struct {
	section, engine string
}

func newCache() *cache {
	return &cache{
		parsed:   map[string]*parsedFile{},
		analyses: map[analysisKey]*analysis{},
		sitemaps: map[sitemapKey]*siteMap{},
		sections: map[string]*sectionResult{},
		states:   map[string]*mergeState{},
		empty:    map[emptyKey]*mergeState{},
		builtins: map[string]*parsedFile{},
	}
}

func (c *cache) id() uint64 { return c.nextID.Add(1) }

func (c *cache) size() int {
	return len(c.parsed) + len(c.analyses) + len(c.sitemaps) + len(c.sections) + len(c.states) + len(c.empty)
}

// advance starts a new generation and drops entries no engine of the last
// two generations used, when the cache has doubled since the last purge.
func (c *cache) advance() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if n := c.size(); n > 2*c.sizeAtPurge+256 {
		old := c.gen - 2
		purge(c.parsed, old)
		purge(c.analyses, old)
		purge(c.sitemaps, old)
		purge(c.sections, old)
		purge(c.states, old)
		purge(c.empty, old)
		c.sizeAtPurge = c.size()
	}
	return c.gen
}

type sitemapKey struct {
	machine, webroot, apphost uint64 // analysis ids
	env                       string
	schema                    *schema.Schema
}

// implicit is the registry above machine.config, shared by every engine of
// the cache so that analyses keyed by their parent registry can be re-used.
func (c *cache) implicit() *registry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.implicitReg == nil {
		c.implicitReg = implicitRegistry()
	}
	return c.implicitReg
}

// generational is a cache entry that records the last generation using it.
type generational interface{ lastUsed() uint64 }

func (p *parsedFile) lastUsed() uint64    { return p.gen }
func (a *analysis) lastUsed() uint64      { return a.gen }
func (s *siteMap) lastUsed() uint64       { return s.gen }
func (r *sectionResult) lastUsed() uint64 { return r.gen }
func (s *mergeState) lastUsed() uint64    { return s.gen }

// purge drops the entries no engine used since generation old.
func purge[K comparable, V generational](m map[K]V, old uint64) {
	for k, v := range m {
		if v.lastUsed() < old {
			delete(m, k)
		}
	}
}
