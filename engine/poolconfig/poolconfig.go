// Package poolconfig projects applicationHost.config onto one application
// pool: the file a worker process of that pool reads (docs/poolview.md#filtering-rules).
//
// Before WAS starts a pool it writes a pool-specific copy of
// applicationHost.config, ACL'd to the pool's identity, and the worker process
// reads only that copy [DOC]. How the copy is filtered is not documented: every
// removal rule here is UNCERTAIN(pool-filter-rules)
// (docs/poolview.md#filtering-rules, field knowledge) and lives in this file so
// that new evidence changes one place.
//
// The projection works on the original text: elements are cut out at the
// positions xmltree records, so everything kept — comments, indentation,
// attribute quoting, line endings — is byte-identical to the input.
package poolconfig

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// Evidence tags of the rules (docs/README.md#how-to-read-a-rule).
const (
	evidenceCopy        = "[DOC] WAS writes a per-pool copy (docs/poolview.md#per-pool-copy)"
	evidenceFilter      = "UNCERTAIN(pool-filter-rules): field knowledge, not documented (docs/poolview.md#filtering-rules)"
	evidenceServiceOnly = "UNCERTAIN(pool-service-only-sections): field knowledge, not documented (docs/poolview.md#filtering-rules)"
	evidenceAncestors   = "UNCERTAIN(pool-ancestor-applications) [INF]: web.config files are read per URL level from the folder that level maps to (docs/hierarchy.md#which-files-are-read)"
)

// Rule ids, in the order rules are reported.
const (
	RuleCopy        = "per-pool-copy"
	RulePools       = "other-pools"
	RuleSites       = "sites-without-pool"
	RuleApps        = "other-pool-applications"
	RuleAncestors   = "ancestor-applications-kept"
	RuleLocations   = "locations-of-removed-sites"
	RuleServiceOnly = "service-only-sections"
)

// serviceOnlySections are system.applicationHost sections only the
// services (WAS, AppHostSvc, HTTP.sys configuration) read; docs/poolview.md#filtering-rules says
// "configHistory, webLimits-style service-only sections may be stripped".
// UNCERTAIN(pool-service-only-sections): the exact list is unknown; these
// are the two the documentation names.
var serviceOnlySections = []string{"configHistory", "webLimits"}

// Rule is one filtering rule as applied to a file: what it did, to what,
// and on what evidence.
type Rule struct {
	ID        string `json:"id"`
	Summary   string `json:"summary"`
	Count     int    `json:"count"` // elements the rule removed (kept, for ancestor-applications-kept)
	Items     []Item `json:"items"`
	Evidence  string `json:"evidence"`
	Uncertain bool   `json:"uncertain"`
}

// Item is one element a rule acted on, at its line in the original file.
type Item struct {
	Kind string `json:"kind"` // add (pool), site, application, location, section
	Name string `json:"name"`
	Line int    `json:"line"`
	Note string `json:"note,omitempty"`
}

// Result is a projection of a workspace's applicationHost.config.
type Result struct {
	Pool       string   `json:"pool"`       // as defined (canonical spelling)
	Path       string   `json:"path"`       // where WAS writes the copy, UNCERTAIN(pool-config-path)
	SourcePath string   `json:"sourcePath"` // the applicationHost.config filtered (shared configuration honoured)
	Text       string   `json:"text"`
	Rules      []Rule   `json:"rules"`
	Pools      []string `json:"pools"` // every pool of the file, in document order
	// Removed lists the cut line ranges of the source, for a diff view.
	Removed []LineRange `json:"removed"`
}

// LineRange is a run of source lines [Start, End], 1-based, inclusive.
// Start and End are the lines of the first and last removed byte; a cut
// that does not span whole lines shares its lines with kept text.
type LineRange struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// UnknownPoolError is returned for a pool the file does not define.
type UnknownPoolError struct {
	Pool  string
	Pools []string
}

func (e *UnknownPoolError) Error() string {
	if len(e.Pools) == 0 {
		return fmt.Sprintf("application pool %q does not exist: the configuration defines no application pools", e.Pool)
	}
	return fmt.Sprintf("application pool %q does not exist; the pools are: %s", e.Pool, strings.Join(e.Pools, ", "))
}

// PoolConfigPath is where WAS writes a pool's copy on IIS 7.5+.
// UNCERTAIN(pool-config-path): the folder layout of other versions is not
// documented (docs/poolview.md#per-pool-copy).
func PoolConfigPath(pool string) string {
	return `C:\inetpub\temp\appPools\` + pool + `\` + pool + `.config`
}

// Filter projects one applicationHost.config text onto pool: the text a
// worker process of the pool would read and the rules applied. The
// environment and schema are the engine's defaults.
func Filter(apphost []byte, pool string) (text []byte, rules []Rule, err error) {
	ws := workspace.New()
	ws.Set(workspace.AppHostPath, apphost)
	r, err := FilterWorkspace(config.New(ws), pool)
	if err != nil {
		return nil, nil, err
	}
	return []byte(r.Text), r.Rules, nil
}

// FilterWorkspace projects the applicationHost.config eng reads (the
// shared-configuration target when redirection.config is enabled) onto
// pool. Membership comes from the effective site map, so an application
// without applicationPool gets the defaults cascade. A file the engine
// cannot read is its diagnostic (CONFIG_ACCESS, XML_SYNTAX).
func FilterWorkspace(eng *config.Engine, pool string) (*Result, error) {
	src := eng.AppHostFile()
	f, ok := eng.Workspace().Get(src)
	if !ok {
		return nil, fmt.Errorf("%s: file not found", src)
	}
	if d := eng.FileProblem(src); d != nil {
		if len(d.Notes) > 0 { // what the XML parser met, after IIS's text
			return nil, fmt.Errorf("%w: %s", d, d.Notes[0].Message)
		}
		return nil, d
	}
	// The projection cuts the file's own text, so it needs the tree with
	// the text between tags, which the engine's parse leaves out.
	doc, serr := xmltree.Parse(f.Text, xmltree.Limits{})
	if serr != nil {
		return nil, fmt.Errorf("%s(%d,%d): %s", src, serr.Pos.Line, serr.Pos.Col, serr.Msg)
	}
	var names []string
	canonical := ""
	for _, p := range eng.Pools() {
		names = append(names, p.Name)
		if strings.EqualFold(p.Name, pool) {
			canonical = p.Name
		}
	}
	if canonical == "" {
		return nil, &UnknownPoolError{Pool: pool, Pools: names}
	}
	p := newProjection(doc, src, canonical, eng.Sites())
	p.walk()
	text := p.cut()
	return &Result{
		Pool:       canonical,
		Path:       PoolConfigPath(canonical),
		SourcePath: src,
		Text:       string(text),
		Rules:      p.rules(),
		Pools:      names,
		Removed:    p.removed(),
	}, nil
}

// projection holds the decisions for one file and pool.
type projection struct {
	doc  *xmltree.Document
	file string
	pool string

	keptSites map[string]bool        // lower-case site name → has an application in the pool
	appKeep   map[[2]int]appDecision // <application> start (line, col) → decision
	cuts      []span                 // byte ranges to remove
	items     map[string][]Item      // rule id → items
	notes     map[string]string      // rule id → extra summary text
	siteSrc   map[string]config.Site // lower-case site name → site
}

type appDecision struct {
	keep     bool
	ancestor bool // kept only because a pool application lies below it
	pool     string
	path     string
	site     string
}

type span struct{ start, end int }

func newProjection(doc *xmltree.Document, file, pool string, sites []config.Site) *projection {
	p := &projection{doc: doc, file: file, pool: pool, keptSites: map[string]bool{}, appKeep: map[[2]int]appDecision{},
		items: map[string][]Item{}, notes: map[string]string{}, siteSrc: map[string]config.Site{}}
	for _, s := range sites {
		key := strings.ToLower(s.Name)
		p.siteSrc[key] = s
		var inPool [][]string
		for _, a := range s.Apps {
			if strings.EqualFold(a.Pool, pool) {
				inPool = append(inPool, segments(a.Path))
			}
		}
		if len(inPool) > 0 {
			p.keptSites[key] = true
		}
		for _, a := range s.Apps {
			if workspace.Key(a.Source.File) != workspace.Key(file) {
				continue
			}
			d := appDecision{pool: a.Pool, path: a.Path, site: s.Name}
			if strings.EqualFold(a.Pool, pool) {
				d.keep = true
			} else {
				for _, segs := range inPool {
					if isPrefix(segments(a.Path), segs) {
						d.keep, d.ancestor = true, true
						break
					}
				}
			}
			p.appKeep[[2]int{a.Source.Line, a.Source.Column}] = d
		}
	}
	return p
}

// walk visits the top-level sections and location tags of the file.
func (p *projection) walk() {
	if p.doc.Root == nil {
		return
	}
	for _, el := range p.doc.Root.Elements() {
		switch el.Name {
		case "system.applicationHost":
			p.appHostGroup(el)
		case "location":
			// The engine's reading of the tag (config.ReadLocationTag), so
			// that the site a tag targets here is the one the engine applies
			// it to: its Key is the path's segments, lower-cased.
			tag := config.ReadLocationTag(el)
			if !tag.Valid {
				// A path the engine refuses targets no site: the tag stays,
				// so the pool's copy reports the same error the engine does.
				continue
			}
			if tag.Key == "" {
				for _, c := range el.Elements() {
					if c.Name == "system.applicationHost" {
						p.appHostGroup(c)
					}
				}
				continue
			}
			site, _, _ := strings.Cut(tag.Key, "/")
			if !p.keptSites[site] {
				note := ""
				if _, exists := p.siteSrc[site]; !exists {
					note = "no such site"
				}
				p.remove(RuleLocations, el, Item{Kind: "location", Name: tag.Path, Line: int(el.Start.Line), Note: note})
			}
		}
	}
}

// appHostGroup filters the children of one <system.applicationHost>.
func (p *projection) appHostGroup(g *xmltree.Node) {
	for _, sec := range g.Elements() {
		switch {
		case sec.Name == "applicationPools":
			p.pools(sec)
		case sec.Name == "sites":
			p.sites(sec)
		case contains(serviceOnlySections, sec.Name):
			p.remove(RuleServiceOnly, sec, Item{Kind: "section", Name: "system.applicationHost/" + sec.Name, Line: int(sec.Start.Line)})
		}
	}
}

func (p *projection) pools(sec *xmltree.Node) {
	if a, ok := sec.Attr("configSource"); ok {
		p.notes[RulePools] = "applicationPools is in configSource " + a.Value + ", which is not filtered"
	}
	for _, el := range sec.Elements() {
		if el.Name != "add" {
			continue // applicationPoolDefaults, clear and remove stay
		}
		name := attr(el, "name")
		if strings.EqualFold(name, p.pool) {
			continue
		}
		note := ""
		if hasCredentials(el) {
			note = "with its identity credentials"
		}
		p.remove(RulePools, el, Item{Kind: "add", Name: name, Line: int(el.Start.Line), Note: note})
	}
}

func (p *projection) sites(sec *xmltree.Node) {
	if a, ok := sec.Attr("configSource"); ok {
		p.notes[RuleSites] = "sites is in configSource " + a.Value + ", which is not filtered"
	}
	for _, el := range sec.Elements() {
		if el.Name != "site" {
			continue // siteDefaults, applicationDefaults, virtualDirectoryDefaults stay
		}
		name := attr(el, "name")
		if !p.keptSites[strings.ToLower(name)] {
			p.remove(RuleSites, el, Item{Kind: "site", Name: name, Line: int(el.Start.Line), Note: poolsOf(p.siteSrc[strings.ToLower(name)])})
			continue
		}
		for _, a := range el.Elements() {
			if a.Name != "application" {
				continue
			}
			d, ok := p.appKeep[[2]int{int(a.Start.Line), int(a.Start.Col)}]
			if !ok {
				continue // not an effective application (removed by a later tag): leave the text alone
			}
			it := Item{Kind: "application", Name: name + d.path, Line: int(a.Start.Line), Note: "applicationPool " + d.pool}
			switch {
			case !d.keep:
				p.remove(RuleApps, a, it)
			case d.ancestor:
				p.items[RuleAncestors] = append(p.items[RuleAncestors], it)
			}
		}
	}
}

// remove records a cut of el for rule.
func (p *projection) remove(rule string, el *xmltree.Node, it Item) {
	p.items[rule] = append(p.items[rule], it)
	p.cuts = append(p.cuts, p.lineSpan(int(el.Start.Offset), int(el.End)))
}

// lineSpan widens [start,end) to whole lines when the element stands alone
// on its lines, so that no blank line or stray indentation is left behind.
func (p *projection) lineSpan(start, end int) span {
	src := p.doc.Src
	s := start
	for s > 0 && (src[s-1] == ' ' || src[s-1] == '\t') {
		s--
	}
	if s > 0 && src[s-1] != '\n' && src[s-1] != '\r' {
		return span{start, end} // something else precedes it on the line
	}
	e := end
	for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
		e++
	}
	switch {
	case e == len(src):
	case src[e] == '\r' && e+1 < len(src) && src[e+1] == '\n':
		e += 2
	case src[e] == '\n' || src[e] == '\r':
		e++
	default:
		return span{start, end} // something else follows it on the line
	}
	return span{s, e}
}

// cut returns the source without the removed spans.
func (p *projection) cut() []byte {
	sort.Slice(p.cuts, func(i, j int) bool { return p.cuts[i].start < p.cuts[j].start })
	out := make([]byte, 0, len(p.doc.Src))
	at := 0
	for _, c := range p.cuts {
		if c.start < at {
			c.start = at // overlapping widened spans
		}
		if c.end <= at {
			continue
		}
		out = append(out, p.doc.Src[at:c.start]...)
		at = c.end
	}
	return append(out, p.doc.Src[at:]...)
}

// removed converts the (sorted, merged by cut) spans to line ranges,
// joining adjacent ones.
func (p *projection) removed() []LineRange {
	out := []LineRange{}
	for _, c := range p.cuts {
		if c.end <= c.start {
			continue
		}
		r := LineRange{int(p.doc.PosAt(c.start).Line), int(p.doc.PosAt(c.end - 1).Line)}
		if n := len(out); n > 0 && out[n-1].End+1 >= r.Start {
			out[n-1].End = max(out[n-1].End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}

// rules reports every rule, applied or not, so the view always says what
// was considered.
func (p *projection) rules() []Rule {
	mk := func(id, summary, evidence string, uncertain bool) Rule {
		r := Rule{ID: id, Summary: summary, Items: p.items[id], Evidence: evidence, Uncertain: uncertain}
		if r.Items == nil {
			r.Items = []Item{}
		}
		r.Count = len(r.Items)
		if n := p.notes[id]; n != "" {
			r.Summary += " (" + n + ")"
		}
		return r
	}
	return []Rule{
		mk(RuleCopy, "WAS writes this copy to "+PoolConfigPath(p.pool)+", readable only by the pool's identity; worker processes of the pool read it instead of applicationHost.config", evidenceCopy, false),
		mk(RulePools, "application pools other than "+p.pool+" removed from applicationPools, with their credentials", evidenceFilter, true),
		mk(RuleSites, "sites with no application in "+p.pool+" removed", evidenceFilter, true),
		mk(RuleApps, "applications of other pools removed from the kept sites", evidenceFilter, true),
		mk(RuleAncestors, "applications of other pools kept because an application of "+p.pool+" lies below them: their virtual directories locate the web.config files it inherits", evidenceAncestors, true),
		mk(RuleLocations, "location tags targeting removed sites removed", evidenceFilter, true),
		mk(RuleServiceOnly, "service-only sections removed: "+strings.Join(serviceOnlySections, ", "), evidenceServiceOnly, true),
	}
}

func poolsOf(s config.Site) string {
	var ps []string
	for _, a := range s.Apps {
		if !contains(ps, a.Pool) {
			ps = append(ps, a.Pool)
		}
	}
	if len(ps) == 0 {
		return "no applications"
	}
	return "applicationPool " + strings.Join(ps, ", ")
}

// hasCredentials reports a processModel with a userName or password: the
// reason a worker must not see other pools' definitions.
func hasCredentials(pool *xmltree.Node) bool {
	for _, c := range pool.Elements() {
		if c.Name == "processModel" && (attr(c, "password") != "" || attr(c, "userName") != "") {
			return true
		}
	}
	return false
}

func attr(n *xmltree.Node, name string) string {
	if a, ok := n.Attr(name); ok {
		return a.Value
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// segments splits a URL path into its non-empty segments.
func segments(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isPrefix reports a ⊏ b segment-wise, case-insensitively (a strict
// ancestor: an application is never its own ancestor).
func isPrefix(a, b []string) bool {
	if len(a) >= len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}
