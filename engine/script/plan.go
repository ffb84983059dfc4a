// Package script turns a change between two workspaces into the commands
// that make it on a real server, the way IIS Manager's Configuration
// Editor does with "Generate Script": appcmd command lines, PowerShell
// (the WebAdministration module's *-WebConfiguration* cmdlets) and C#
// (Microsoft.Web.Administration).
//
// The change is read definition by definition — one section, as one file
// defines it for one config path — because that is what every IIS tool
// writes: an attribute set, a collection item added or removed, a
// collection cleared, a definition removed, a section locked or unlocked.
// Build computes a language-neutral Plan; AppCmd, PowerShell and CSharp
// render it. What no tool can write (section declarations, schema files,
// encrypted or configSource sections, broken files) is listed as a Note
// instead of being guessed at. docs/support.md#generate-the-fix explains the
// choices.
package script

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Plan is the change from one workspace to another as an ordered list of
// steps, plus what could not be scripted.
type Plan struct {
	Steps []Step `json:"steps"`
	Notes []Note `json:"notes,omitempty"`
}

// Note is a difference the plan does not script, and why.
type Note struct {
	File    string `json:"file,omitempty"`
	Section string `json:"section,omitempty"`
	Path    string `json:"path,omitempty"`
	Text    string `json:"text"`
}

// StepKind says what a step does to one definition.
type StepKind string

const (
	// StepSet edits the definition (creating it when absent): Ops in order.
	StepSet StepKind = "set"
	// StepClearProps removes attributes or child elements (Ops of kind
	// OpClearAttr / OpClearElement) from the definition.
	StepClearProps StepKind = "clearProps"
	// StepClear removes the definition: the section reverts to what it
	// inherits at the path.
	StepClear StepKind = "clear"
	// StepLock sets the overrideMode of the definition's location tag
	// (Mode Allow: unlock, Deny: lock).
	StepLock StepKind = "lock"
)

// Step is one command's worth of change to one section definition.
type Step struct {
	Kind     StepKind `json:"kind"`
	Section  string   `json:"section"`
	Path     string   `json:"path"`               // config path the definition targets
	Commit   string   `json:"commit"`             // config path of the file written
	Location string   `json:"location,omitempty"` // Path relative to Commit
	Ops      []Op     `json:"ops,omitempty"`
	Mode     string   `json:"mode,omitempty"` // StepLock: Allow|Deny
	// dropsUnlock marks a StepClear of a definition whose location tag
	// says overrideMode="Allow" (see orderSteps).
	dropsUnlock bool
}

// OpKind is one property operation inside a section.
type OpKind string

const (
	OpSetAttr         OpKind = "setAttribute"
	OpClearAttr       OpKind = "clearAttribute"
	OpClearElement    OpKind = "clearElement"
	OpAddItem         OpKind = "addItem"
	OpRemoveItem      OpKind = "removeItem"
	OpClearCollection OpKind = "clearCollection"
)

// Op is one property operation. Path leads from the section element to
// the element concerned (for collection ops: the element holding the
// collection).
type Op struct {
	Kind  OpKind      `json:"kind"`
	Path  []Seg       `json:"path,omitempty"`
	Name  string      `json:"name,omitempty"`  // attribute (set/clear) or child element (clearElement)
	Value string      `json:"value,omitempty"` // setAttribute
	Attrs [][2]string `json:"attrs,omitempty"` // addItem: the item's attributes; removeItem: its key
	Keys  [][2]string `json:"keys,omitempty"`  // addItem: the attributes that identify the item later in the plan
	// Element is the add directive's name for addItem ("add", or "deny"
	// in a collection with several add directives).
	Element string `json:"element,omitempty"`
	// FirstAdd reports that Element is the collection's first add
	// directive, the one appcmd and PowerShell create.
	FirstAdd bool `json:"firstAdd,omitempty"`
	// Type is the schema type of the attribute set (setAttribute), Types
	// those of Attrs (addItem): bool, int, timeSpan or string, for the
	// languages that write typed values; "lock" marks lockAttributes,
	// lockItem and the other lock lists, which are metadata rather than
	// attributes.
	Type  string   `json:"type,omitempty"`
	Types []string `json:"types,omitempty"`
}

// Seg is one step of a property path: a child element, or a collection
// item picked by its key attributes.
type Seg struct {
	Name string      `json:"name,omitempty"`
	Keys [][2]string `json:"keys,omitempty"`
	// Element is an item's directive name ("add", "site", "mimeMap").
	Element string `json:"element,omitempty"`
}

func (s Seg) isItem() bool { return s.Keys != nil }

// Build computes the plan that turns workspace from into workspace to.
func Build(from, to *workspace.Workspace) *Plan {
	b := &builder{plan: &Plan{}}
	// to is read by an Update of from's engine, sharing the parses of
	// every file the change left alone.
	b.from = config.New(from)
	b.to = b.from.Update(to)
	b.run()
	return b.plan
}

type builder struct {
	from, to *config.Engine
	plan     *Plan
}

func (b *builder) note(n Note) { b.plan.Notes = append(b.plan.Notes, n) }

func (b *builder) run() {
	fromWS, toWS := b.from.Workspace(), b.to.Workspace()
	fromLv, toLv := levels(b.from), levels(b.to)
	left := map[string]*definition{}
	right := map[string]*definition{}
	var order []string
	addDefs := func(m map[string]*definition, defs []*definition) {
		for _, d := range defs {
			k := d.key()
			if _, dup := m[k]; dup {
				continue // the engine reports the duplicate; the first is the one IIS reads
			}
			m[k] = d
		}
	}
	// Every file whose text differs is read on both sides.
	var unread []string
	sources := map[string]string{} // configSource target file → the section using it
	for _, p := range changedFiles(fromWS, toWS) {
		lf, lok := fromWS.Get(p)
		rf, rok := toWS.Get(p)
		k := workspace.Key(p)
		lvl, inL := fromLv[k]
		rvl, inR := toLv[k]
		if !inL && !inR {
			unread = append(unread, p)
			continue
		}
		var ld, rd *fileDefs
		if lok && inL {
			ld = readDefinitions(b.from, p, lvl, lf.Text)
		}
		if rok && inR {
			rd = readDefinitions(b.to, p, rvl, rf.Text)
		}
		if (ld != nil && ld.bad != "") || (rd != nil && rd.bad != "") {
			why := ""
			if ld != nil && ld.bad != "" {
				why = "before the change " + ld.bad
			}
			if rd != nil && rd.bad != "" {
				if why != "" {
					why += "; "
				}
				why += "after the change " + rd.bad
			}
			b.note(Note{File: p, Text: "the file cannot be edited by a tool: " + why + "; copy the file instead"})
			continue
		}
		b.declarations(p, ld, rd)
		for _, fd := range []*fileDefs{ld, rd} {
			if fd == nil {
				continue
			}
			for _, d := range fd.defs {
				if a, ok := d.node.Attr("configSource"); ok {
					sources[workspace.Key(workspace.Join(workspace.Dir(d.file), a.Value))] = d.section
				}
			}
		}
		if ld != nil {
			for _, d := range ld.defs {
				if _, ok := left[d.key()]; !ok {
					order = append(order, d.key())
				}
			}
			addDefs(left, ld.defs)
		}
		if rd != nil {
			for _, d := range rd.defs {
				if _, ok := left[d.key()]; !ok {
					if _, ok := right[d.key()]; !ok {
						order = append(order, d.key())
					}
				}
			}
			addDefs(right, rd.defs)
		}
	}
	backupsNoted := map[string]bool{}
	for _, p := range unread {
		name, history, isCopy := b.snapshot(p)
		switch sec, ok := sources[workspace.Key(p)]; {
		case isCopy && history:
			// The Application Host Helper Service snapshots every change
			// by itself: nothing to script, nothing to say.
		case isCopy:
			if !backupsNoted[strings.ToLower(name)] {
				backupsNoted[strings.ToLower(name)] = true
				b.note(Note{File: workspace.Join(backup.Dir, name), Text: "backup " + name + " is not part of the script: appcmd add backup \"" + name + "\" makes it on the server"})
			}
		case ok:
			b.note(Note{File: p, Section: sec, Text: "the configSource file of " + sec + " changed: copy the file (no IIS tool writes a configSource file)"})
		case isConfigFile(p):
			b.note(Note{File: p, Text: "no config path reads this file, so its change has no effect"})
		case workspace.Within(p, workspace.SchemaDir):
			b.schemaNotes(p, fromWS, toWS)
		default:
			b.note(Note{File: p, Text: fileNote(p)})
		}
	}
	var clears, sets, locks []Step
	seen := map[string]bool{}
	for _, k := range order {
		if seen[k] {
			continue
		}
		seen[k] = true
		l, r := left[k], right[k]
		c, s, lk := b.definition(l, r)
		for i := range c {
			c[i].dropsUnlock = l != nil && l.mode == "Allow"
		}
		clears = append(clears, c...)
		sets = append(sets, s...)
		locks = append(locks, lk...)
	}
	b.plan.Steps = orderSteps(clears, sets, locks)
}

// declarations notes every section whose declaration differs: no
// appcmd command or WebAdministration cmdlet writes <configSections>.
func (b *builder) declarations(file string, l, r *fileDefs) {
	var ld, rd map[string]string
	if l != nil {
		ld = l.decls
	}
	if r != nil {
		rd = r.decls
	}
	var names []string
	for n, v := range rd {
		if ld[n] != v {
			names = append(names, n)
		}
	}
	for n := range ld {
		if _, ok := rd[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		what := "changes"
		switch _, inL := ld[n]; {
		case !inL:
			what = "is added"
		case rd == nil || rd[n] == "":
			what = "is removed"
		}
		b.note(Note{File: file, Section: n, Text: "the declaration of " + n + " in <configSections> " + what + ": section declarations cannot be changed by appcmd or the WebAdministration cmdlets; edit <configSections> by hand"})
	}
}

// orderSteps puts removals first (deepest path first, so that nothing
// still relies on what a parent loses), then edits from the top of the
// hierarchy down (an unlock above comes before the definition below it
// needs), then locks, so that a lock never meets a definition the same
// change removes below it. An unlock that replaces another — the change
// removes one overrideMode="Allow" location tag of a section and unlocks
// the section elsewhere — comes before the removals: the definitions
// below that rely on the unlock never meet a locked section on the way
// (docs/support.md#generate-the-fix).
func orderSteps(clears, sets, locks []Step) []Step {
	var early []Step
	kept := sets[:0:0]
	for _, s := range sets {
		if s.Kind == StepLock && s.Mode == "Allow" && replacesUnlock(s, clears) {
			early = append(early, s)
			continue
		}
		kept = append(kept, s)
	}
	sets = kept
	depth := func(s Step) int { return strings.Count(s.Path, "/") }
	sort.SliceStable(clears, func(i, j int) bool { return depth(clears[i]) > depth(clears[j]) })
	sort.SliceStable(sets, func(i, j int) bool {
		ui, uj := sets[i].Kind == StepLock, sets[j].Kind == StepLock
		if di, dj := depth(sets[i]), depth(sets[j]); di != dj {
			return di < dj
		}
		return ui && !uj
	})
	sort.SliceStable(locks, func(i, j int) bool { return depth(locks[i]) < depth(locks[j]) })
	sort.SliceStable(early, func(i, j int) bool { return depth(early[i]) < depth(early[j]) })
	out := append(append(append(early, clears...), sets...), locks...)
	return out
}

// replacesUnlock reports whether a removal drops an unlock of the same
// section from another definition.
func replacesUnlock(unlock Step, clears []Step) bool {
	for _, c := range clears {
		if c.dropsUnlock && c.Section == unlock.Section && !(strings.EqualFold(c.Path, unlock.Path) && strings.EqualFold(c.Commit, unlock.Commit)) {
			return true
		}
	}
	return false
}

// changedFiles lists the paths whose text differs (added, removed or
// changed), sorted.
func changedFiles(a, b *workspace.Workspace) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range b.Files() {
		seen[workspace.Key(f.Path)] = true
		if old, ok := a.Get(f.Path); !ok || string(old.Text) != string(f.Text) {
			out = append(out, f.Path)
		}
	}
	for _, f := range a.Files() {
		if !seen[workspace.Key(f.Path)] {
			out = append(out, f.Path)
		}
	}
	sort.Slice(out, func(i, j int) bool { return workspace.Key(out[i]) < workspace.Key(out[j]) })
	return out
}

func isConfigFile(p string) bool {
	return strings.HasSuffix(strings.ToLower(p), ".config")
}

// schemaNotes explains a changed schema file once for each section it
// defines on either side, so that Verify leaves those sections out.
func (b *builder) schemaNotes(p string, from, to *workspace.Workspace) {
	seen := map[string]bool{}
	var names []string
	for _, ws := range []*workspace.Workspace{from, to} {
		f, ok := ws.Get(p)
		if !ok {
			continue
		}
		sf, _ := schema.ParseXML(p, f.Text)
		for _, sec := range sf.Sections {
			if k := strings.ToLower(sec.Name); !seen[k] {
				seen[k] = true
				names = append(names, sec.Name)
			}
		}
	}
	if len(names) == 0 {
		b.note(Note{File: p, Text: fileNote(p)})
		return
	}
	for _, n := range names {
		b.note(Note{File: p, Section: n, Text: fileNote(p) + " (it defines " + n + ")"})
	}
}

// snapshot reports whether p lies in a backup or a configuration history
// snapshot: IIS's own copies of its configuration files
// (docs/backups.md), which no configuration change writes. name is the
// backup's or the snapshot's folder name.
func (b *builder) snapshot(p string) (name string, history, ok bool) {
	under := func(dir string) string {
		if dir == "" || !workspace.Within(p, dir) {
			return ""
		}
		rel := strings.TrimPrefix(workspace.Clean(p)[len(workspace.Clean(dir)):], `\`)
		n, _, found := strings.Cut(rel, `\`)
		if !found {
			return ""
		}
		return n
	}
	for _, e := range []*config.Engine{b.to, b.from} {
		if n := under(backup.Settings(e).Path); n != "" && strings.HasPrefix(strings.ToUpper(n), backup.HistoryPrefix) {
			return n, true, true
		}
	}
	if n := under(backup.Dir); n != "" {
		return n, false, true
	}
	return "", false, false
}

// fileNote explains a changed file that is not read as configuration.
func fileNote(p string) string {
	switch {
	case workspace.Within(p, workspace.SchemaDir):
		return "schema files cannot be installed by a configuration script; copy the file to the server's schema folder"
	case strings.EqualFold(p, workspace.RedirectionPath):
		return "redirection.config (shared configuration) is not scripted; change it in IIS Manager's Shared Configuration feature"
	case strings.EqualFold(p, workspace.AdministrationPath):
		return "administration.config (IIS Manager's own settings) is not scripted"
	}
	return "not a configuration file read at any config path; copy it if it matters (a configSource target is read through its section)"
}
