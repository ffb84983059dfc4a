// Package compare sets two effective configurations side by side: two
// config paths of one workspace, or one path in two workspaces
// (before/after, staging/production, a backup against now). It reports,
// section by section and attribute by attribute, what differs — values
// with where each side's value came from, collection items present on one
// side only or in another order, granular locks, section lock decisions —
// and the diagnostics one side has and the other has not.
//
// It reads the engine's answers (config.Engine.Evaluate) and never
// evaluates anything itself; the few calls it makes are in evaluate, so
// that a narrower engine question can replace them in one place.
package compare

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
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
	Left        SideInfo          `json:"left"`
	Right       SideInfo          `json:"right"`
	Sections    []SectionDiff     `json:"sections"`
	Compared    int               `json:"compared"`
	OnlyLeft    []diag.Diagnostic `json:"diagnosticsOnlyLeft"`
	OnlyRight   []diag.Diagnostic `json:"diagnosticsOnlyRight"`
	leftResult  *model.Result
	rightResult *model.Result
	left, right Side
}

// SideInfo describes one side as evaluated.
type SideInfo struct {
	Label      string         `json:"label,omitempty"`
	ConfigPath string         `json:"configPath"`
	Mapping    *model.Mapping `json:"mapping,omitempty"`
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
	left     *model.Section
	right    *model.Section
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
	r := &Report{}
	lres, lerr := evaluate(left, opt.Sections)
	rres, rerr := evaluate(right, opt.Sections)
	r.Left = sideInfo(left, lres, lerr)
	r.Right = sideInfo(right, rres, rerr)
	if lerr != nil || rerr != nil {
		return r
	}
	r.leftResult, r.rightResult = lres, rres
	r.left, r.right = left, right
	ls := sectionsByName(lres)
	rs := sectionsByName(rres)
	names := unionNames(ls, rs)
	for _, n := range names {
		if opt.excluded(n) {
			continue
		}
		r.Compared++
		l, rr := ls[n], rs[n]
		var sd SectionDiff
		switch {
		case (l == nil || rr == nil) && opt.Common:
			continue
		case l == nil:
			sd = SectionDiff{Name: n, Presence: "right", right: rr}
		case rr == nil:
			sd = SectionDiff{Name: n, Presence: "left", left: l}
		default:
			sd = diffSection(left, right, l, rr)
		}
		if sd.Presence != "both" || sd.Lock != nil || len(sd.Changes) > 0 {
			r.Sections = append(r.Sections, sd)
		}
	}
	r.OnlyLeft, r.OnlyRight = diffDiagnostics(keepDiags(lres.Diagnostics, opt), keepDiags(rres.Diagnostics, opt))
	// Empty lists rather than null in JSON.
	if r.Sections == nil {
		r.Sections = []SectionDiff{}
	}
	if r.OnlyLeft == nil {
		r.OnlyLeft = []diag.Diagnostic{}
	}
	if r.OnlyRight == nil {
		r.OnlyRight = []diag.Diagnostic{}
	}
	return r
}

// evaluate asks the engine for the side's sections (every schema
// attribute, defaults included, so that a default on one side and an
// explicit value on the other compare). A path the engine cannot resolve
// comes back as the error instead.
func evaluate(s Side, sections []string) (*model.Result, *diag.Diagnostic) {
	if _, d := s.Engine.NormalizePath(s.Path); d != nil {
		return nil, d
	}
	return s.Engine.Evaluate(s.Path, config.EvalOptions{Sections: sections}), nil
}

func sideInfo(s Side, res *model.Result, err *diag.Diagnostic) SideInfo {
	if err != nil {
		return SideInfo{Label: s.Label, ConfigPath: s.Path, Error: err}
	}
	return SideInfo{Label: s.Label, ConfigPath: res.ConfigPath, Mapping: res.Mapping}
}

func sectionsByName(res *model.Result) map[string]*model.Section {
	m := map[string]*model.Section{}
	for i := range res.Sections {
		m[res.Sections[i].Name] = &res.Sections[i]
	}
	return m
}

func unionNames(a, b map[string]*model.Section) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]*model.Section{a, b} {
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
func diffSection(left, right Side, l, r *model.Section) SectionDiff {
	sd := SectionDiff{Name: l.Name, Presence: "both", left: l, right: r}
	ll, rl := lockState(l), lockState(r)
	if ll.OverrideMode != rl.OverrideMode || ll.IsLocked != rl.IsLocked {
		sd.Lock = &LockDiff{Left: ll, Right: rl}
	}
	var sch *schema.Element
	if s := left.Engine.Schema().Section(l.Name); s != nil {
		sch = s.Root
	} else if s := right.Engine.Schema().Section(l.Name); s != nil {
		sch = s.Root
	}
	w := &walker{}
	w.element("", sch, l.Element, r.Element)
	sd.Changes = w.changes
	return sd
}

func lockState(s *model.Section) LockState {
	st := LockState{OverrideMode: s.OverrideModeEffective, IsLocked: s.IsLocked}
	if s.LockReason != nil {
		st.Summary = s.LockReason.Summary
	}
	return st
}

// walker collects the changes of one section, depth first in schema
// order.
type walker struct {
	changes []Change
}

func (w *walker) add(c Change) { w.changes = append(w.changes, c) }

// element compares two effective elements at property path prefix.
func (w *walker) element(prefix string, sch *schema.Element, l, r *model.Element) {
	if l == nil || r == nil {
		return
	}
	w.attributes(prefix, l, r)
	w.locks(prefix, l, r)
	for _, name := range childNames(l, r) {
		le, re := l.Elements[name], r.Elements[name]
		p := join(prefix, name)
		var csch *schema.Element
		if sch != nil {
			csch = sch.Element(name)
		}
		switch {
		case le == nil:
			w.add(Change{Path: p, Kind: KindOnlyRight})
		case re == nil:
			w.add(Change{Path: p, Kind: KindOnlyLeft})
		default:
			w.element(p, csch, le, re)
		}
	}
	var coll *schema.Collection
	if sch != nil {
		coll = sch.Collection
	}
	w.collection(prefix, coll, l.Collection, r.Collection)
}

func (w *walker) attributes(prefix string, l, r *model.Element) {
	seen := map[string]bool{}
	var names []string
	for _, as := range []model.Attributes{l.Attributes, r.Attributes} {
		for _, a := range as {
			if !seen[a.Name] {
				seen[a.Name] = true
				names = append(names, a.Name)
			}
		}
	}
	for _, n := range names {
		la, ra := l.Attributes.Get(n), r.Attributes.Get(n)
		p := join(prefix, n)
		switch {
		case la == nil && ra == nil:
		case la == nil:
			w.add(Change{Path: p, Kind: KindOnlyRight, Right: attrValue(ra)})
		case ra == nil:
			w.add(Change{Path: p, Kind: KindOnlyLeft, Left: attrValue(la)})
		case la.Value != ra.Value:
			w.add(Change{Path: p, Kind: KindValue, Left: attrValue(la), Right: attrValue(ra)})
		case !sameSource(la, ra):
			w.add(Change{Path: p, Kind: KindSource, Left: attrValue(la), Right: attrValue(ra)})
		}
	}
}

func (w *walker) locks(prefix string, l, r *model.Element) {
	ll, rl := lockList(l.Locks), lockList(r.Locks)
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
func lockList(l *model.Locks) []string {
	if l == nil {
		return nil
	}
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

// collection matches items by their key attributes (by position when the
// collection has no key or allows duplicates), reports items present on
// one side only, compares matched items, then their order.
func (w *walker) collection(prefix string, coll *schema.Collection, l, r []*model.Element) {
	if len(l) == 0 && len(r) == 0 {
		return
	}
	var item *schema.Element
	if coll != nil {
		item = coll.Item
	}
	lk, ld := itemKeys(coll, l)
	rk, rd := itemKeys(coll, r)
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
		w.element(p, item, l[i], r[j])
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

// itemKeys names each item "[k='v',…]" by the collection's keys;
// without keys (or with duplicates allowed) by position "[@i]". A
// repeated key (a broken collection) gets its position appended so that
// every item keeps a distinct name. It returns the names items match by
// (keys compared as the schema compares them) and the names as written.
func itemKeys(coll *schema.Collection, items []*model.Element) (match, display []string) {
	var keys []*schema.Attribute
	if coll != nil && !coll.AllowDuplicates {
		keys = coll.Keys()
	}
	match = make([]string, len(items))
	display = make([]string, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		m, d := "", ""
		if len(keys) > 0 {
			var mp, dp []string
			for _, ka := range keys {
				v := ""
				if a := it.Attributes.Get(ka.Name); a != nil {
					v = a.Value
				}
				dp = append(dp, ka.Name+"='"+v+"'")
				if !ka.CaseSensitive {
					v = strings.ToLower(v)
				}
				mp = append(mp, ka.Name+"='"+v+"'")
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

func childNames(l, r *model.Element) []string {
	seen := map[string]bool{}
	var out []string
	for _, el := range []*model.Element{l, r} {
		order := el.Order
		if len(order) == 0 {
			for n := range el.Elements {
				order = append(order, n)
			}
			sort.Strings(order)
		}
		for _, n := range order {
			if _, ok := el.Elements[n]; ok && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func attrValue(a *model.Attribute) *Value {
	v := &Value{Value: a.Value, Origin: a.Origin, Default: a.Default, File: a.File, Line: a.Line, Location: a.Location}
	return v
}

// itemValue describes a collection item by the directive that added it.
func itemValue(el *model.Element) *Value {
	v := &Value{Value: itemText(el), Origin: "item"}
	if el.Source != nil {
		v.File, v.Line, v.Location = el.Source.File, el.Source.Line, el.Source.LocationPath
	}
	return v
}

// itemText is an item's explicit attributes as name='value' pairs.
func itemText(el *model.Element) string {
	var parts []string
	for _, a := range el.Attributes {
		if a.Attribute != nil && a.Origin == "explicit" {
			parts = append(parts, a.Name+"='"+a.Value+"'")
		}
	}
	return strings.Join(parts, ",")
}

func sameSource(a, b *model.Attribute) bool {
	if a.Origin != b.Origin || a.Default != b.Default {
		return false
	}
	if a.Origin != "explicit" {
		return true
	}
	// The line is left out: one file defines a section once per location
	// path, so file and location name the definition, and an edit above
	// it (before and after, two workspaces) moves its line without
	// moving the value anywhere else.
	return strings.EqualFold(a.File, b.File) && locText(a.Location) == locText(b.Location)
}

func locText(p *string) string {
	if p == nil {
		return "\x00"
	}
	return *p
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
