package config

import (
	"strconv"
	"strings"
	"sync"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/sortx"
	"github.com/iisconf/iisconf/engine/textfmt"
	"github.com/iisconf/iisconf/engine/workspace"
)

// siteMap is the effective system.applicationHost/sites and
// applicationPools, with the defaults cascade applied (docs/hierarchy.md#defaults-cascade).
type siteMap struct {
	id     uint64
	gen    uint64
	sites  []*site
	byName map[string]*site
	pools  map[string]*pool
	diags  []diag.Diagnostic // structure warnings

	typedOnce  sync.Once
	typedSites []Site
	typedPools []Pool
	modelOnce  sync.Once
	model      *model.SiteMap
	bindOnce   sync.Once
	byPort     map[string][]*site // "http:80" → sites with such a binding
}

type site struct {
	name      string
	id        int64
	autoStart bool
	bindings  []Binding
	apps      []*app // longest path first, for matching
	el        *effElem
}

type app struct {
	site     *site
	path     string // "/", "/app1"
	segs     []string
	pool     string
	vdirs    []*vdir // longest virtual path first
	el       *effElem
	protocol string
}

type vdir struct {
	app               *app
	path              string   // relative to the application ("/", "/img")
	segs              []string // full virtual path segments
	physical          string
	physicalExp       string
	allowSubDirConfig bool
	el                *effElem
}

type pool struct {
	name                        string
	runtime, pipeline           string
	autoStart, enable32Bit      bool
	enableConfigurationOverride bool
	el                          *effElem
}

const (
	sitesSection = "system.applicationHost/sites"
	poolsSection = "system.applicationHost/applicationPools"
)

// siteMapOf builds (once) the site map from applicationHost.config.
func (e *Engine) siteMapOf() *siteMap {
	e.mu.Lock()
	sm := e.sites
	e.mu.Unlock()
	if sm != nil {
		return sm
	}
	t := e.tops()
	k := sitemapKey{machine: t.machineA.id, webroot: t.webrootA.id, apphost: t.apphostA.id, env: e.envSig, schema: e.schema}
	e.c.mu.Lock()
	sm = e.c.sitemaps[k]
	if sm != nil {
		sm.gen = e.gen
	}
	e.c.mu.Unlock()
	if sm == nil {
		sm = e.buildSiteMap()
		sm.id, sm.gen = e.c.id(), e.gen
		e.c.mu.Lock()
		e.c.sitemaps[k] = sm
		e.c.mu.Unlock()
	}
	e.mu.Lock()
	if e.sites == nil {
		e.sites = sm
		e.sitesKey = "sm" + strconv.FormatUint(sm.id, 36)
	}
	sm = e.sites
	e.mu.Unlock()
	return sm
}

// buildSiteMap reads the effective sites and application pools at APPHOST.
func (e *Engine) buildSiteMap() *siteMap {
	sm := &siteMap{byName: map[string]*site{}, pools: map[string]*pool{}}
	// WAS's view: the server level's folder, whatever appcmd's /clr: asks.
	ch := e.topChainIn(Framework{folder: serverFolder()}, cpath(rootSegments))
	if r := e.sectionAt(poolsSection, ch); r.root != nil {
		anc := []*effElem{r.root}
		for _, it := range r.root.items {
			p := &pool{el: it.el}
			v := newValueReader(it.el, anc)
			p.name = v.get("name")
			p.runtime = v.get("managedRuntimeVersion")
			p.pipeline = v.get("managedPipelineMode")
			p.autoStart = v.get("autoStart") == "true"
			p.enable32Bit = v.get("enable32BitAppOnWin64") == "true"
			p.enableConfigurationOverride = v.get("enableConfigurationOverride") != "false"
			sm.pools[strings.ToLower(p.name)] = p
		}
	}
	if r := e.sectionAt(sitesSection, ch); r.root != nil {
		items := r.root.items
		b := &siteMapBuilder{sm: sm, ws: e.ws, root: r.root}
		sm.sites = make([]*site, 0, len(items))
		sm.byName = make(map[string]*site, len(items))
		for _, it := range items {
			b.addSite(it.el)
		}
		sm.index()
	}
	return sm
}

// siteMapBuilder reads the sites section's items into a siteMap. Every
// item of one collection has the same default sources (docs/hierarchy.md#defaults-cascade: they
// depend on the holders, not on the item), so they are worked out once
// per holder rather than once per site, application and virtual
// directory.
type siteMapBuilder struct {
	sm       *siteMap
	ws       *workspace.Workspace
	root     *effElem
	rootDefs map[string][]*effElem // itemDefaults found on the sites element alone

	// Sites, applications, virtual directories and their lists come from
	// blocks, as the merge's elements do (mergeArena): a hosting server
	// has 10,000 of each, and one allocation apiece was a fifth of the
	// site map.
	sites block[site]
	apps  block[app]
	vdirs block[vdir]
	appLs slices[*app]
	vdLs  slices[*vdir]
	binds slices[Binding]
}

// itemDefaults is defaultSources for an item of the collection held by
// anc[len(anc)-1] (anc starts at the sites element): the collection's
// default elements, nearest first. A site or application seldom has its
// own (applicationDefaults in a site), so the list found on the sites
// element alone is worked out once and shared.
func (b *siteMapBuilder) itemDefaults(anc ...*effElem) []*effElem {
	dn := anc[len(anc)-1].sch.Collection.DefaultElement
	if dn == "" {
		return nil
	}
	own := false
	for _, a := range anc[1:] {
		if _, ok := a.children.get(dn); ok {
			own = true
			break
		}
	}
	if !own {
		if defs, ok := b.rootDefs[dn]; ok {
			return defs
		}
	}
	var out []*effElem
	for i := len(anc) - 1; i >= 0; i-- {
		if c, ok := anc[i].children.get(dn); ok {
			out = append(out, c)
		}
	}
	if !own {
		if b.rootDefs == nil {
			b.rootDefs = map[string][]*effElem{}
		}
		b.rootDefs[dn] = out
	}
	return out
}

func (b *siteMapBuilder) addSite(el *effElem) {
	sm, root := b.sm, b.root
	sv := valueReader{el, b.itemDefaults(root)}
	s := b.sites.new()
	s.el, s.name = el, sv.get("name")
	s.id, _ = strconv.ParseInt(sv.get("id"), 10, 64)
	s.autoStart = sv.get("serverAutoStart") != "false"
	if bs, ok := el.children.get("bindings"); ok && len(bs.items) > 0 {
		srcs := b.itemDefaults(root, el, bs)
		s.bindings = b.binds.make(len(bs.items))
		for _, it := range bs.items {
			bv := valueReader{it.el, srcs}
			s.bindings = append(s.bindings, Binding{Protocol: bv.get("protocol"), Information: bv.get("bindingInformation")})
		}
	}
	var appSrcs []*effElem
	if len(el.items) > 0 {
		appSrcs = b.itemDefaults(root, el)
		s.apps = b.appLs.make(len(el.items))
	}
	for _, it := range el.items {
		a := b.apps.new()
		a.site, a.el = s, it.el
		av := valueReader{it.el, appSrcs}
		a.path = av.get("path")
		a.segs = urlSegments(a.path)
		a.pool = av.get("applicationPool")
		a.protocol = av.get("enabledProtocols")
		var vdirSrcs []*effElem
		if len(it.el.items) > 0 {
			vdirSrcs = b.itemDefaults(root, el, it.el)
			a.vdirs = b.vdLs.make(len(it.el.items))
		}
		hasRoot := false
		for _, vt := range it.el.items {
			v := b.vdirs.new()
			v.app, v.el = a, vt.el
			vv := valueReader{vt.el, vdirSrcs}
			v.path = vv.get("path")
			if rel := urlSegments(v.path); len(rel) > 0 {
				v.segs = append(append(make([]string, 0, len(a.segs)+len(rel)), a.segs...), rel...)
			} else {
				v.segs = a.segs[:len(a.segs):len(a.segs)]
			}
			v.physical = vv.get("physicalPath")
			v.physicalExp = b.ws.Expand(v.physical)
			v.allowSubDirConfig = vv.get("allowSubDirConfig") != "false"
			if v.path == "/" {
				hasRoot = true
			}
			a.vdirs = append(a.vdirs, v)
		}
		if !hasRoot {
			sm.warn(it.el, textfmt.Sprintf("The application '%s' of site '%s' has no root virtual directory '/'", a.path, s.name))
		}
		if len(a.vdirs) > 1 {
			sortx.Stable(len(a.vdirs), func(i, j int) bool { return len(a.vdirs[i].segs) > len(a.vdirs[j].segs) }, func(i, j int) { a.vdirs[i], a.vdirs[j] = a.vdirs[j], a.vdirs[i] })
		}
		if a.pool != "" && sm.pools[strings.ToLower(a.pool)] == nil {
			// A warning only, UNCERTAIN(missing-pool-warning): WAS fails the
			// application when a request starts it (docs/hierarchy.md#site-structure).
			sm.warn(it.el, textfmt.Sprintf("The application '%s' of site '%s' uses application pool '%s', which does not exist", a.path, s.name, a.pool))
		}
		s.apps = append(s.apps, a)
	}
	if len(s.apps) > 1 {
		sortx.Stable(len(s.apps), func(i, j int) bool { return len(s.apps[i].segs) > len(s.apps[j].segs) }, func(i, j int) { s.apps[i], s.apps[j] = s.apps[j], s.apps[i] })
	}
	if s.rootApp() == nil {
		sm.warn(el, textfmt.Sprintf("The site '%s' has no root application '/'", s.name))
	}
	sm.sites = append(sm.sites, s)
}

// index fills byName. Going backwards and always writing leaves the first
// site with a name in the map, as a lookup before each insert would, at one
// map operation a site.
func (sm *siteMap) index() {
	for i := len(sm.sites) - 1; i >= 0; i-- {
		s := sm.sites[i]
		sm.byName[strings.ToLower(s.name)] = s
	}
}

func (sm *siteMap) warn(el *effElem, msg string) {
	d := diag.At(diag.Structure, "", diag.NoRange, msg)
	if src := el.src; src != nil {
		d = diag.At(diag.Structure, src.file.path, src.rng(), msg)
	}
	sm.diags = append(sm.diags, d)
}

func (s *site) rootApp() *app {
	for _, a := range s.apps {
		if a.path == "/" {
			return a
		}
	}
	return nil
}

// valueOf is an item's effective attribute text with the defaults cascade.
func valueOf(el *effElem, anc []*effElem, name string) string {
	v, _, _ := effectiveValue(el, anc, name)
	return v.Text
}

// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func siteSource(el *effElem) Source {
	if el.src == nil {
		return Source{}
	}
	return sourceOf(*el.src)
}

// mapURL maps URL segments of a site to application, virtual directory and
// physical path (docs/hierarchy.md).
func (s *site) mapURL(segs []string) (*app, *vdir, string, string) {
	var a *app
	for _, x := range s.apps {
		if isURLPrefix(x.segs, segs) {
			a = x
			break
		}
	}
	if a == nil {
		return nil, nil, "", ""
	}
	for _, v := range a.vdirs {
		if isURLPrefix(v.segs, segs) {
			rest := segs[len(v.segs):]
			return a, v, joinPhysical(v.physical, rest), joinPhysical(v.physicalExp, rest)
		}
	}
	return a, nil, "", ""
}

func joinPhysical(base string, rest []string) string {
	if len(rest) == 0 {
		return base
	}
	return strings.TrimRight(base, `\/`) + `\` + strings.Join(rest, `\`)
}

// bindingIndex groups the sites by protocol and port, so resolving a URL
// looks at the few sites that listen there rather than every site
// (hosting servers have thousands).
func (sm *siteMap) bindingIndex() map[string][]*site {
	sm.bindOnce.Do(func() {
		sm.byPort = map[string][]*site{}
		for _, s := range sm.sites {
			seen := map[string]bool{}
			for _, b := range s.bindings {
				_, port, _, ok := parseBinding(b.Information)
				k := strings.ToLower(b.Protocol) + ":" + port
				if ok && !seen[k] {
					seen[k] = true
					sm.byPort[k] = append(sm.byPort[k], s)
				}
			}
		}
	})
	return sm.byPort
}

// siteForURL picks the site whose binding serves a request (docs/hierarchy.md#site-by-binding).
func (sm *siteMap) siteForURL(scheme, host, port string) *site {
	best, bestRank := (*site)(nil), 0
	for _, s := range sm.bindingIndex()[strings.ToLower(scheme)+":"+port] {
		for _, b := range s.bindings {
			if !strings.EqualFold(b.Protocol, scheme) {
				continue
			}
			ip, bport, bhost, ok := parseBinding(b.Information)
			if !ok || bport != port {
				continue
			}
			rank := 0
			switch {
			case bhost != "" && !strings.EqualFold(bhost, host):
				continue
			case ip != "*" && ip != "" && !strings.EqualFold(strings.Trim(ip, "[]"), strings.Trim(host, "[]")):
				continue
			}
			// Precedence, UNCERTAIN(binding-precedence) (HTTP.sys-like): exact IP+host > *+host >
			// exact IP > * alone.
			switch {
			case ip != "*" && ip != "" && bhost != "":
				rank = 4
			case bhost != "":
				rank = 3
			case ip != "*" && ip != "":
				rank = 2
			default:
				rank = 1
			}
			if rank > bestRank {
				best, bestRank = s, rank
			}
		}
	}
	return best
}

// parseBinding splits "ip:port:host" (IPv6 in brackets).
func parseBinding(bi string) (ip, port, host string, ok bool) {
	if strings.HasPrefix(bi, "[") {
		end := strings.Index(bi, "]")
		if end < 0 {
			return "", "", "", false
		}
		ip = bi[:end+1]
		bi = bi[end+1:]
		if !strings.HasPrefix(bi, ":") {
			return "", "", "", false
		}
		bi = bi[1:]
		parts := strings.SplitN(bi, ":", 2)
		if len(parts) != 2 {
			return "", "", "", false
		}
		return ip, parts[0], parts[1], true
	}
	parts := strings.SplitN(bi, ":", 3)
	if len(parts) != 3 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// The site map's sites, applications, virtual directories and pools in
// document order (the site map keeps the longest paths first, for
// matching): the one order both Sites and the JSON model give.
func (s *site) appsInOrder() []*app {
	apps := append([]*app(nil), s.apps...)
	sortx.Stable(len(apps), func(i, j int) bool { return docOrder(apps[i].el) < docOrder(apps[j].el) }, func(i, j int) { apps[i], apps[j] = apps[j], apps[i] })
	return apps
}

func (a *app) vdirsInOrder() []*vdir {
	vds := append([]*vdir(nil), a.vdirs...)
	sortx.Stable(len(vds), func(i, j int) bool { return docOrder(vds[i].el) < docOrder(vds[j].el) }, func(i, j int) { vds[i], vds[j] = vds[j], vds[i] })
	return vds
}

func (sm *siteMap) poolsInOrder() []*pool {
	pools := make([]*pool, 0, len(sm.pools))
	for _, p := range sm.pools {
		pools = append(pools, p)
	}
	sortx.Slice(len(pools), func(i, j int) bool { return docOrder(pools[i].el) < docOrder(pools[j].el) }, func(i, j int) { pools[i], pools[j] = pools[j], pools[i] })
	return pools
}

// typed builds (once) the sites and pools as the typed answers give them.
func (sm *siteMap) typed() ([]Site, []Pool) {
	sm.typedOnce.Do(func() {
		sm.typedSites = make([]Site, 0, len(sm.sites))
		for _, s := range sm.sites {
			ts := Site{Name: s.name, ID: s.id, AutoStart: s.autoStart, Bindings: s.bindings, Source: siteSource(s.el)}
			for _, a := range s.appsInOrder() {
				ta := App{Path: a.path, Pool: a.pool, EnabledProtocols: a.protocol, Source: siteSource(a.el)}
				for _, v := range a.vdirsInOrder() {
					ta.Vdirs = append(ta.Vdirs, Vdir{Path: v.path, PhysicalPath: v.physical, PhysicalPathExpanded: v.physicalExp,
						AllowSubDirConfig: v.allowSubDirConfig, Source: siteSource(v.el)})
				}
				ts.Apps = append(ts.Apps, ta)
			}
			sm.typedSites = append(sm.typedSites, ts)
		}
		for _, p := range sm.poolsInOrder() {
			sm.typedPools = append(sm.typedPools, Pool{Name: p.name, RuntimeVersion: p.runtime, PipelineMode: p.pipeline,
				AutoStart: p.autoStart, Enable32Bit: p.enable32Bit, EnableConfigurationOverride: p.enableConfigurationOverride, Source: siteSource(p.el)})
		}
	})
	return sm.typedSites, sm.typedPools
}

// buildModel encodes the site map as the JSON model. It reads the site map
// itself rather than Sites' typed copy: the playground needs the model
// only, and a second pass over 10,000 sites (and its code in the engine
// wasm) would buy nothing.
func (sm *siteMap) buildModel() *model.SiteMap {
	m := &model.SiteMap{Sites: make([]model.Site, 0, len(sm.sites)), Pools: make([]model.Pool, 0, len(sm.pools))}
	for _, s := range sm.sites {
		ms := model.Site{Name: s.name, ID: s.id, ServerAutoStart: s.autoStart, Bindings: make([]model.Binding, len(s.bindings)),
			Source: siteSource(s.el).model(), Apps: make([]model.App, 0, len(s.apps))}
		for i, b := range s.bindings {
			ms.Bindings[i] = model.Binding{Protocol: b.Protocol, BindingInformation: b.Information}
		}
		for _, a := range s.appsInOrder() {
			ma := model.App{Path: a.path, ApplicationPool: a.pool, EnabledProtocols: a.protocol, Source: siteSource(a.el).model(),
				Vdirs: make([]model.Vdir, 0, len(a.vdirs))}
			for _, v := range a.vdirsInOrder() {
				ma.Vdirs = append(ma.Vdirs, model.Vdir{Path: v.path, PhysicalPath: v.physical, PhysicalPathExp: v.physicalExp,
					AllowSubDirConfig: v.allowSubDirConfig, Source: siteSource(v.el).model()})
			}
			ms.Apps = append(ms.Apps, ma)
		}
		m.Sites = append(m.Sites, ms)
	}
	for _, p := range sm.poolsInOrder() {
		m.Pools = append(m.Pools, model.Pool{Name: p.name, ManagedRuntimeVersion: p.runtime, ManagedPipelineMode: p.pipeline,
			AutoStart: p.autoStart, Enable32BitAppOnWin64: p.enable32Bit, EnableConfigurationOverride: p.enableConfigurationOverride, Source: siteSource(p.el).model()})
	}
	return m
}

func docOrder(el *effElem) int {
	if el.src == nil || el.src.node == nil {
		return 0
	}
	return int(el.src.node.Start.Offset)
}

// Sites are the workspace's sites with their applications and virtual
// directories, in document order, defaults applied (docs/hierarchy.md#defaults-cascade). The slice
// is shared by every caller: do not modify it.
func (e *Engine) Sites() []Site {
	sites, _ := e.siteMapOf().typed()
	return sites
}

// Pools are the workspace's application pools, in document order,
// defaults applied. The slice is shared by every caller: do not modify it.
func (e *Engine) Pools() []Pool {
	_, pools := e.siteMapOf().typed()
	return pools
}

// SiteMap is Sites and Pools as the JSON model (built on first use:
// evaluating paths does not need it).
func (e *Engine) SiteMap() *model.SiteMap {
	sm := e.siteMapOf()
	sm.modelOnce.Do(func() { sm.model = sm.buildModel() })
	return sm.model
}
