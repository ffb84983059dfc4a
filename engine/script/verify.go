package script

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/compare"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Verification is the outcome of replaying an appcmd script through the
// emulator: which lines it refused, and the config paths whose effective
// configuration still differs from the target afterwards.
type Verification struct {
	Lines    int                  `json:"lines"`
	Refused  []LineError          `json:"refused,omitempty"`
	Paths    int                  `json:"paths"` // config paths compared
	Differ   []PathDiffer         `json:"differ,omitempty"`
	Replayed *workspace.Workspace `json:"-"`
}

// LineError is a line the emulator refused, with appcmd's message.
type LineError struct {
	Line    int    `json:"line"` // 1-based
	Command string `json:"command"`
	Message string `json:"message"`
}

// PathDiffer is a config path whose effective configuration differs
// after the replay; What is the first difference, for people.
type PathDiffer struct {
	Path string `json:"path"`
	What string `json:"what"`
}

// OK reports a replay that ran every line and reached the target at
// every path.
func (v *Verification) OK() bool { return len(v.Refused) == 0 && len(v.Differ) == 0 }

// Verify replays appcmd lines (as AppCmd writes them) on from, then
// compares the effective configuration at every config path either
// side defines with to: values, collection items and their order,
// granular locks, section lock decisions and errors (provenance may
// differ: a script writes the same value in its own place).
//
// Sections the notes name (what the plan says no tool can write) are
// left out of the comparison, and so are sections that come and go with
// section declarations the notes say differ.
func Verify(from, to *workspace.Workspace, lines []string, notes []Note) *Verification {
	skip, declarations := Unwritten(notes)
	v := &Verification{Lines: len(lines)}
	// One engine replays every line, brought up to date after each write
	// by Update (which re-reads only the files the line changed), and
	// then reads to as well, sharing every parse the two sides have in
	// common.
	got := config.New(from)
	for i, line := range lines {
		o := appcmd.ExecOn(got, appcmd.CommandLine(line), appcmd.Options{})
		if o.Err != nil {
			v.Refused = append(v.Refused, LineError{Line: i + 1, Command: line, Message: strings.TrimSpace(o.Err.Text)})
			continue
		}
		if o.Workspace != got.Workspace() {
			got = got.Update(o.Workspace)
		}
	}
	ws := got.Workspace()
	v.Replayed = ws
	want := got.Update(to)
	opt := compare.Options{Exclude: skip, Common: declarations}
	touched, all := sectionsTouched(got, want, changedFiles(ws, to), changedFiles(from, to))
	var kept []string
	for _, s := range touched {
		if !inList(s, skip) {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		kept = []string{"system.webServer/defaultDocument"} // still compare mapping, errors
	}
	for _, p := range unionPaths(got, want) {
		v.Paths++
		po := opt
		// A path whose chain reads the same files on both sides differs
		// only in the sections the changed files define.
		if !all && sameChain(got, want, p) {
			po.Sections = kept
		}
		r := compare.Paths(compare.Side{Engine: got, Path: p}, compare.Side{Engine: want, Path: p}, po)
		if !r.Equal() {
			v.Differ = append(v.Differ, PathDiffer{Path: p, What: firstDifference(r)})
		}
	}
	return v
}

func unionPaths(a, b *config.Engine) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range []*config.Engine{a, b} {
		for _, p := range e.ConfigPaths() {
			if k := strings.ToLower(p); !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// firstDifference describes the first thing a report finds different.
func firstDifference(r *compare.Report) string {
	if r.Left.Error != nil || r.Right.Error != nil {
		msg := func(s compare.SideInfo) string {
			if s.Error == nil {
				return "evaluates"
			}
			return s.Error.Message
		}
		return "replayed: " + msg(r.Left) + "; target: " + msg(r.Right)
	}
	for _, s := range r.Sections {
		if s.Presence != "both" {
			return s.Name + ": in scope on the " + s.Presence + " only"
		}
		if s.Lock != nil {
			return s.Name + ": lock decision " + s.Lock.Left.OverrideMode + "/" + boolText(s.Lock.Left.IsLocked) + " after replay, " + s.Lock.Right.OverrideMode + "/" + boolText(s.Lock.Right.IsLocked) + " in the target"
		}
		for _, c := range s.Changes {
			if c.Kind == compare.KindSource {
				continue
			}
			t := s.Name + " " + c.Path + ": " + c.Kind
			if c.Left != nil {
				t += " replayed=" + c.Left.Value
			}
			if c.Right != nil {
				t += " target=" + c.Right.Value
			}
			return t
		}
	}
	if len(r.OnlyLeft) > 0 {
		return "error only after replay: " + r.OnlyLeft[0].Message
	}
	if len(r.OnlyRight) > 0 {
		return "error only in the target: " + r.OnlyRight[0].Message
	}
	return "differs"
}

func boolText(b bool) string {
	if b {
		return "locked"
	}
	return "unlocked"
}

// Unwritten lists the sections the notes say no tool can write, for
// Verify to leave out; declared is true when a note says section
// declarations differ (sections then come and go with them).
func Unwritten(notes []Note) (sections []string, declarations bool) {
	seen := map[string]bool{}
	for _, n := range notes {
		if strings.Contains(n.Text, "<configSections>") {
			declarations = true
		}
		if n.Section != "" && !seen[n.Section] {
			seen[n.Section] = true
			sections = append(sections, n.Section)
		}
	}
	return sections, declarations
}

func inList(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sectionsTouched lists the sections any definition in the given files
// mentions, on either side: at a path whose chain reads the same files,
// a section no changed file defines has the same effective configuration,
// since its inputs (its declaration, its definitions, the location tags
// around them) are the same. all is true — compare everything
// everywhere — when a change alters declarations, a file does not parse,
// or something other than a configuration file changed.
func sectionsTouched(a, b *config.Engine, fileSets ...[]string) (sections []string, all bool) {
	seen := map[string]bool{}
	for _, files := range fileSets {
		for _, p := range files {
			if !isConfigFile(p) || strings.EqualFold(p, workspace.RedirectionPath) {
				return nil, true
			}
			var decls []map[string]string
			for _, e := range []*config.Engine{a, b} {
				f, ok := e.Workspace().Get(p)
				if !ok {
					decls = append(decls, nil)
					continue
				}
				fd := readDefinitions(e, p, "", f.Text)
				if fd.bad != "" {
					return nil, true
				}
				decls = append(decls, fd.decls)
				for _, d := range fd.defs {
					if !seen[d.section] {
						seen[d.section] = true
						sections = append(sections, d.section)
					}
				}
			}
			if !sameDecls(decls[0], decls[1]) {
				return nil, true
			}
		}
	}
	return sections, false
}

// sameChain reports whether a path reads the same files at the same
// levels on both sides.
func sameChain(a, b *config.Engine, p string) bool {
	ca, _ := a.Chain(p)
	cb, _ := b.Chain(p)
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if !strings.EqualFold(ca[i].Path, cb[i].Path) || !strings.EqualFold(ca[i].File, cb[i].File) || ca[i].Skipped != cb[i].Skipped {
			return false
		}
	}
	return true
}

func sameDecls(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
