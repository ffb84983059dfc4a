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
// sections that differ, in the order the left side's effective
// configuration lists sections (config.Engine.InListOrder); Compared
// counts every section looked at.
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
	for _, n := range left.Engine.InListOrder(la.info.ConfigPath, unionNames(la.sections, ra.sections)) {
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

// unionNames are the names of both sides' sections, each once.
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
