// Package compare sets two effective configurations side by side: two
// config paths of one workspace, or one path in two workspaces
// (before/after, staging/production, a backup against now). It reports,
// section by section and attribute by attribute, what differs — values
// with where each side's value came from, collection items present on one
// side only or in another order, granular locks, section lock decisions —
// and the diagnostics one side has and the other has not.
//
// It reads the engine's typed answers (config.Engine.Sections, Problems,
// Mapping; config.Element's values with their provenance, granular locks
// and item keys) and never evaluates anything itself: every rule it
// compares by (canonical values, keys, lock lists) is the engine's.
package compare

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	// Only for SideInfo.Mapping's type. The report is itself sent as JSON
	// (the CLI's -json, the playground's Compare), and a mapping has one
	// JSON shape, the one the page and the CLI read in an evaluation's
	// result; a shape of compare's own would write that contract twice.
	// Everything compared comes from config's typed answers.
	"github.com/iisconf/iisconf/engine/model"
)

// Side is one of the two things compared: a path in an engine's
// workspace, with a label for people ("staging.txtar", "opened").
type Side struct {
	Engine *config.Engine
	Path   string
	Label  string
}

// Options narrow a comparison.
type Options struct {
	// Sections to compare (full or unambiguous short names); empty means
	// every section in scope on either side.
	Sections []string
	// Exclude leaves out sections (and their diagnostics) by full name or
	// section-group prefix: what a script says it cannot write.
	Exclude []string
	// Common compares only sections in scope on both sides (when section
	// declarations are known to differ).
	Common bool
}

// excluded reports whether a section (or a diagnostic's section, which
// may be a group's prefix) falls under Exclude.
func (o Options) excluded(section string) bool {
	if section == "" {
		return false
	}
	for _, x := range o.Exclude {
		if section == x || strings.HasPrefix(section, x+"/") || strings.HasPrefix(x, section+"/") {
			return true
		}
	}
	return false
}

// Report is the difference between two sides. Sections lists only the
// sections that differ; Compared counts every section looked at.
type Report struct {
	Left      SideInfo          `json:"left"`
	Right     SideInfo          `json:"right"`
	Sections  []SectionDiff     `json:"sections"`
	Compared  int               `json:"compared"`
	OnlyLeft  []diag.Diagnostic `json:"diagnosticsOnlyLeft"`
	OnlyRight []diag.Diagnostic `json:"diagnosticsOnlyRight"`
}

// SideInfo describes one side as evaluated.
type SideInfo struct {
	Label      string `json:"label,omitempty"`
	ConfigPath string `json:"configPath"`
	// Mapping is how the path maps onto sites, applications and folders
	// (absent above the sites), in the form an evaluation's result gives it.
	Mapping *model.Mapping `json:"mapping,omitempty"`
	// Error is set when the path could not be evaluated at all (an
	// unknown site, a malformed path); nothing else is compared then.
	Error *diag.Diagnostic `json:"error,omitempty"`
}

// SectionDiff is one section that differs.
type SectionDiff struct {
	Name string `json:"name"`
	// Presence is "both", or "left"/"right" when the section is in scope
	// on one side only (declared in one workspace, or in a web.config one
	// path reads).
	Presence string    `json:"presence"`
	Lock     *LockDiff `json:"lock,omitempty"`
	Changes  []Change  `json:"changes,omitempty"`
	// The sides' sections (nil on the side the section is not in scope):
	// UnifiedXML writes them.
	left, right *config.Section
}

// LockDiff is a section lock decision that differs between the sides.
type LockDiff struct {
	Left  LockState `json:"left"`
	Right LockState `json:"right"`
}

// LockState is a section's lock decision at a path.
type LockState struct {
	OverrideMode string `json:"overrideModeEffective"`
	IsLocked     bool   `json:"isLocked"`
	Summary      string `json:"summary,omitempty"`
}

// Change kinds.
const (
	// KindValue: the attribute's value differs.
	KindValue = "value"
	// KindSource: same value, set in a different place (or set on one
	// side, defaulted on the other).
	KindSource = "source"
	// KindOnlyLeft / KindOnlyRight: a collection item (or an element the
	// schema of one side lacks) exists on one side only.
	KindOnlyLeft  = "onlyLeft"
	KindOnlyRight = "onlyRight"
	// KindOrder: the same items in a different order (order decides for
	// handlers, modules, default documents…).
	KindOrder = "order"
	// KindLocks: granular locks (lockAttributes, lockElements, lockItem)
	// in force differ.
	KindLocks = "locks"
)

// Change is one difference inside a section. Path addresses it in
// appcmd's property syntax: "enabled", "limits.maxAllowedContentLength",
// "files.[value='Default.htm']", "[name='StaticFile'].path".
type Change struct {
	Path  string `json:"path"`
	Kind  string `json:"kind"`
	Left  *Value `json:"left,omitempty"`
	Right *Value `json:"right,omitempty"`
	// LeftOrder/RightOrder list the item keys in order (KindOrder);
	// LeftLocks/RightLocks the locks in force (KindLocks).
	LeftOrder  []string `json:"leftOrder,omitempty"`
	RightOrder []string `json:"rightOrder,omitempty"`
	LeftLocks  []string `json:"leftLocks,omitempty"`
	RightLocks []string `json:"rightLocks,omitempty"`
}

// Value is one side of an attribute or item, with its provenance.
type Value struct {
	Value    string  `json:"value"`
	Origin   string  `json:"origin"`                // explicit|default|item
	Default  string  `json:"defaultFrom,omitempty"` // schema, siteDefaults, …
	File     string  `json:"file,omitempty"`
	Line     int     `json:"line,omitempty"`
	Location *string `json:"locationPath,omitempty"`
}

// Equal reports whether nothing but provenance differs: no value, item,
// order, lock or lock-decision difference, and the same errors. It is
// what a replayed script must achieve.
func (r *Report) Equal() bool {
	if r.Left.Error != nil || r.Right.Error != nil {
		return r.Left.Error != nil && r.Right.Error != nil && r.Left.Error.Message == r.Right.Error.Message
	}
	for _, s := range r.Sections {
		if s.Presence != "both" || s.Lock != nil {
			return false
		}
		for _, c := range s.Changes {
			if c.Kind != KindSource {
				return false
			}
		}
	}
	for _, ds := range [][]diag.Diagnostic{r.OnlyLeft, r.OnlyRight} {
		for _, d := range ds {
			if d.Severity == diag.Error {
				return false
			}
		}
	}
	return true
}

// Paths compares the effective configuration of two sides.
func Paths(left, right Side, opt Options) *Report {
	// Empty lists rather than null in JSON, whatever happens: the page
	// reads them before it looks for a side's error.
	r := &Report{Sections: []SectionDiff{}, OnlyLeft: []diag.Diagnostic{}, OnlyRight: []diag.Diagnostic{}}
	la, lerr := read(left, opt.Sections)
	ra, rerr := read(right, opt.Sections)
	r.Left, r.Right = la.info, ra.info
	if lerr != nil || rerr != nil {
		return r
	}
	for _, n := range unionNames(la.sections, ra.sections) {
		if opt.excluded(n) {
			continue
		}
		r.Compared++
		l, rr := la.sections[n], ra.sections[n]
		var sd SectionDiff
		switch {
		case (l == nil || rr == nil) && opt.Common:
			continue
		case l == nil:
			sd = SectionDiff{Name: n, Presence: "right", right: rr}
		case rr == nil:
			sd = SectionDiff{Name: n, Presence: "left", left: l}
		default:
			sd = diffSection(l, rr)
		}
		if sd.Presence != "both" || sd.Lock != nil || len(sd.Changes) > 0 {
			r.Sections = append(r.Sections, sd)
		}
	}
	onlyL, onlyR := diffDiagnostics(keepDiags(la.problems, opt), keepDiags(ra.problems, opt))
	r.OnlyLeft, r.OnlyRight = append(r.OnlyLeft, onlyL...), append(r.OnlyRight, onlyR...)
	return r
}

// answers are what the comparison asks of one side's engine.
type answers struct {
	info     SideInfo
	sections map[string]*config.Section // by full name
	problems []diag.Diagnostic
}

// read asks the side's engine for its sections (the named ones, or every
// one in scope) and the problems of reading them. A section's element
// holds every schema attribute, defaults included, so that a default on
// one side and an explicit value on the other compare. A path the engine
// cannot resolve is the error instead, and nothing else is asked.
func read(s Side, names []string) (answers, *diag.Diagnostic) {
	a := answers{info: SideInfo{Label: s.Label, ConfigPath: s.Path}}
	p, d := s.Engine.NormalizePath(s.Path)
	if d != nil {
		a.info.Error = d
		return a, d
	}
	a.info.ConfigPath = p
	// A path below a site that does not map has no mapping; its
	// diagnostic is among the problems.
	if m, _ := s.Engine.Mapping(s.Path); m != nil {
		a.info.Mapping = m.Model()
	}
	secs, _ := s.Engine.Sections(s.Path, names...)
	a.sections = make(map[string]*config.Section, len(secs))
	for i := range secs {
		a.sections[secs[i].Name] = &secs[i]
	}
	a.problems = s.Engine.Problems(s.Path, names...)
	return a, nil
}

func unionNames(a, b map[string]*config.Section) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]*config.Section{a, b} {
		for n := range m {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// diffSection compares one section present on both sides.
func diffSection(l, r *config.Section) SectionDiff {
	sd := SectionDiff{Name: l.Name, Presence: "both", left: l, right: r}
	ll, rl := lockState(l.Lock), lockState(r.Lock)
	if ll.OverrideMode != rl.OverrideMode || ll.IsLocked != rl.IsLocked {
		sd.Lock = &LockDiff{Left: ll, Right: rl}
	}
	w := &walker{}
	w.element("", l.Element, r.Element)
	sd.Changes = w.changes
	return sd
}

func lockState(d config.LockDecision) LockState {
	return LockState{OverrideMode: d.Mode, IsLocked: d.Locked, Summary: d.Summary}
}

// walker collects the changes of one section, depth first in schema
// order.
type walker struct {
	changes []Change
}

func (w *walker) add(c Change) { w.changes = append(w.changes, c) }

// element compares two effective elements at property path prefix. The
// zero Element (the section has no schema on that side) holds nothing:
// what the other side holds is on that side only.
func (w *walker) element(prefix string, l, r config.Element) {
	if l.Exists() && l.Same(r) && prefix == "" {
		// One effective section element read by two paths of one engine
		// (a merge state both share): nothing below it can differ.
		return
	}
	w.attributes(prefix, l, r)
	w.locks(prefix, l, r)
	lc, rc := l.Children(), r.Children()
	pairUp(len(lc), len(rc), func(i int) string { return lc[i].Name() }, func(j int) string { return rc[j].Name() }, func(name string, i, j int) {
		p := join(prefix, name)
		switch {
		case i < 0:
			w.add(Change{Path: p, Kind: KindOnlyRight})
		case j < 0:
			w.add(Change{Path: p, Kind: KindOnlyLeft})
		default:
			w.element(p, lc[i], rc[j])
		}
	})
	w.collection(prefix, l, r)
}

// pairUp pairs two named lists by name, in the left's order and then the
// right's names the left lacks: f gets each name with its index on each
// side, -1 on the side that lacks it (the first of a repeated name
// counts). Both sides nearly always follow one schema, so equal lists
// pair by position without a map.
func pairUp(nl, nr int, lname, rname func(int) string, f func(name string, i, j int)) {
	if nl == nr {
		aligned := true
		for i := 0; i < nl && aligned; i++ {
			aligned = lname(i) == rname(i)
		}
		if aligned {
			for i := 0; i < nl; i++ {
				f(lname(i), i, i)
			}
			return
		}
	}
	li, ri := make(map[string]int, nl), make(map[string]int, nr)
	for j := nr - 1; j >= 0; j-- {
		ri[rname(j)] = j
	}
	for i := nl - 1; i >= 0; i-- {
		li[lname(i)] = i
	}
	for i := 0; i < nl; i++ {
		if n := lname(i); li[n] == i {
			j, ok := ri[n]
			if !ok {
				j = -1
			}
			f(n, i, j)
		}
	}
	for j := 0; j < nr; j++ {
		if n := rname(j); ri[n] == j {
			if _, ok := li[n]; !ok {
				f(n, -1, j)
			}
		}
	}
}

func (w *walker) attributes(prefix string, l, r config.Element) {
	lv, rv := l.Values(), r.Values()
	pairUp(len(lv), len(rv), func(i int) string { return lv[i].Name }, func(j int) string { return rv[j].Name }, func(n string, i, j int) {
		p := join(prefix, n)
		switch {
		case i < 0:
			w.add(Change{Path: p, Kind: KindOnlyRight, Right: valueOf(&rv[j])})
		case j < 0:
			w.add(Change{Path: p, Kind: KindOnlyLeft, Left: valueOf(&lv[i])})
		case lv[i].Text != rv[j].Text:
			w.add(Change{Path: p, Kind: KindValue, Left: valueOf(&lv[i]), Right: valueOf(&rv[j])})
		case !sameSource(&lv[i], &rv[j]):
			w.add(Change{Path: p, Kind: KindSource, Left: valueOf(&lv[i]), Right: valueOf(&rv[j])})
		}
	})
}

func (w *walker) locks(prefix string, l, r config.Element) {
	ll, rl := lockList(l.Locks()), lockList(r.Locks())
	if strings.Join(ll, ",") != strings.Join(rl, ",") {
		p := prefix
		if p == "" {
			p = "."
		}
		w.add(Change{Path: p, Kind: KindLocks, LeftLocks: ll, RightLocks: rl})
	}
}

// lockList flattens granular locks for comparison: "attribute:x",
// "element:y", "item".
func lockList(l config.Locks) []string {
	var out []string
	for _, a := range l.Attributes {
		out = append(out, "attribute:"+a)
	}
	for _, e := range l.Elements {
		out = append(out, "element:"+e)
	}
	if l.Item {
		out = append(out, "item")
	}
	sort.Strings(out)
	return out
}

// collection matches the items of l and r by their keys (by position
// when the collection has no key or allows duplicates), reports items
// present on one side only, compares matched items, then their order.
func (w *walker) collection(prefix string, lh, rh config.Element) {
	l, r := lh.Items(), rh.Items()
	if len(l) == 0 && len(r) == 0 {
		return
	}
	lk, ld := itemKeys(lh, l)
	rk, rd := itemKeys(rh, r)
	rIndex := map[string]int{}
	for i, k := range rk {
		rIndex[k] = i
	}
	lIndex := map[string]int{}
	for i, k := range lk {
		lIndex[k] = i
	}
	var commonL, commonR []string
	for i, k := range lk {
		p := prefix + itemPath(prefix, ld[i])
		j, ok := rIndex[k]
		if !ok {
			w.add(Change{Path: p, Kind: KindOnlyLeft, Left: itemValue(l[i])})
			continue
		}
		commonL = append(commonL, ld[i])
		w.element(p, l[i], r[j])
	}
	for j, k := range rk {
		if i, ok := lIndex[k]; !ok {
			w.add(Change{Path: prefix + itemPath(prefix, rd[j]), Kind: KindOnlyRight, Right: itemValue(r[j])})
		} else {
			commonR = append(commonR, ld[i])
		}
	}
	if strings.Join(commonL, "\x00") != strings.Join(commonR, "\x00") {
		p := prefix
		if p == "" {
			p = "."
		}
		w.add(Change{Path: p, Kind: KindOrder, LeftOrder: commonL, RightOrder: commonR})
	}
}

// itemPath joins an indexer to a property path the way appcmd writes it:
// "[k='v']" at the section root, "files.[k='v']" below.
func itemPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return "." + key
}

// itemKeys names each item of holder "[k='v',…]" by its key as the
// engine matches items (config.Element.Key); without keys (or with
// duplicates allowed) by position "[@i]". A repeated key (a broken
// collection) gets its position appended so that every item keeps a
// distinct name. It returns the names items match by (key parts as the
// engine compares them) and the names as written.
func itemKeys(holder config.Element, items []config.Element) (match, display []string) {
	byKey := false
	if sch := holder.Schema(); sch != nil && sch.Collection != nil {
		byKey = !sch.Collection.AllowDuplicates
	}
	match = make([]string, len(items))
	display = make([]string, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		var key []config.KeyPart
		if byKey {
			key = it.Key()
		}
		m, d := "", ""
		if len(key) > 0 {
			mp, dp := make([]string, len(key)), make([]string, len(key))
			for j, k := range key {
				dp[j] = k.Attribute.Name + "='" + k.Value + "'"
				mp[j] = k.Attribute.Name + "='" + k.Compared() + "'"
			}
			m, d = "["+strings.Join(mp, ",")+"]", "["+strings.Join(dp, ",")+"]"
		} else {
			m = "[@" + itoa(i) + "]"
			d = m
		}
		if seen[m] {
			m = m[:len(m)-1] + ",@" + itoa(i) + "]"
			d = d[:len(d)-1] + ",@" + itoa(i) + "]"
		}
		seen[m] = true
		match[i], display[i] = m, d
	}
	return match, display
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// valueOf is an effective value with where it came from.
func valueOf(v *config.Value) *Value {
	out := &Value{Value: v.Text, Origin: v.Origin.String(), Default: v.DefaultFrom}
	if s := v.Source; s.File != "" {
		out.File, out.Line, out.Location = s.File, s.Line, locationOf(s)
	}
	return out
}

// locationOf is the <location path> around a source as written, nil
// outside any location tag.
func locationOf(s config.Source) *string {
	if !s.InLocation {
		return nil
	}
	p := s.LocationPath
	return &p
}

// itemValue describes a collection item by the directive that added it.
func itemValue(it config.Element) *Value {
	v := &Value{Value: itemText(it), Origin: "item"}
	if s, ok := it.Source(); ok {
		v.File, v.Line, v.Location = s.File, s.Line, locationOf(s)
	}
	return v
}

// itemText is an item's explicit attributes as name='value' pairs.
func itemText(it config.Element) string {
	var parts []string
	for _, v := range it.Values() {
		if v.Origin == config.Explicit {
			parts = append(parts, v.Name+"='"+v.Text+"'")
		}
	}
	return strings.Join(parts, ",")
}

// sameSource reports whether two values with the same text come from the
// same place: the same origin and, for explicit values, the same file and
// location tag.
func sameSource(a, b *config.Value) bool {
	if a.Origin != b.Origin || a.DefaultFrom != b.DefaultFrom {
		return false
	}
	if a.Origin != config.Explicit {
		return true
	}
	// The line is left out: one file defines a section once per location
	// path, so file and location name the definition, and an edit above
	// it (before and after, two workspaces) moves its line without
	// moving the value anywhere else.
	return strings.EqualFold(a.Source.File, b.Source.File) && locText(a.Source) == locText(b.Source)
}

// locText is the location path a value reports (valueOf): "\x00" for none.
func locText(s config.Source) string {
	if s.File == "" || !s.InLocation {
		return "\x00"
	}
	return s.LocationPath
}

// diffDiagnostics returns the diagnostics each side has and the other
// has not. Two diagnostics are the same problem when they say the same
// thing about the same file and section; lines may move and the config
// path reading them differs between two paths.
func diffDiagnostics(l, r []diag.Diagnostic) (onlyL, onlyR []diag.Diagnostic) {
	key := func(d diag.Diagnostic) string {
		return string(d.ID) + "\x00" + d.Message + "\x00" + strings.ToLower(d.File) + "\x00" + d.Section
	}
	count := func(ds []diag.Diagnostic) map[string]int {
		m := map[string]int{}
		for _, d := range ds {
			m[key(d)]++
		}
		return m
	}
	rc := count(r)
	for _, d := range l {
		if k := key(d); rc[k] > 0 {
			rc[k]--
		} else {
			onlyL = append(onlyL, d)
		}
	}
	lc := count(l)
	for _, d := range r {
		if k := key(d); lc[k] > 0 {
			lc[k]--
		} else {
			onlyR = append(onlyR, d)
		}
	}
	return onlyL, onlyR
}

// isDeclaration: problems of section declarations themselves.
func isDeclaration(id diag.ID) bool {
	switch id {
	case diag.DeclDup, diag.DeclAttr, diag.DeclBad, diag.Undeclared, diag.CfgSecPos:
		return true
	}
	return false
}

func keepDiags(ds []diag.Diagnostic, opt Options) []diag.Diagnostic {
	if len(opt.Exclude) == 0 && !opt.Common {
		return ds
	}
	var out []diag.Diagnostic
	for _, d := range ds {
		if opt.excluded(d.Section) || (d.Section == "" && d.ID == diag.Undeclared && opt.excludedName(quoted(d.Message))) || (opt.Common && isDeclaration(d.ID)) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// excludedName reports whether an element name the engine could not
// place (an undeclared section, named without its group) is part of an
// excluded section's name.
func (o Options) excludedName(name string) bool {
	if name == "" {
		return false
	}
	for _, x := range o.Exclude {
		for _, seg := range strings.Split(x, "/") {
			if seg == name {
				return true
			}
		}
	}
	return false
}

// quoted is the first '…'-quoted word of a message.
func quoted(msg string) string {
	i := strings.IndexByte(msg, '\'')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(msg[i+1:], '\'')
	if j < 0 {
		return ""
	}
	return msg[i+1 : i+1+j]
}
