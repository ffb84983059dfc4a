package expect

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/textdiff"
)

// Case is one parsed case file.
type Case struct {
	Name string // the case's file name or path, used in every message
	Base string // "" or "stock"
	Meta Meta
	// Bundle is the archive's plain entries (its files, @env and
	// @unreadable), in workspace.ParseBundle format: what the case lays over
	// its base before its patches. Step edits and patches are left out.
	Bundle []byte
	// Patches change files of the base (the stock applicationHost.config)
	// for the starting state, after Bundle is laid over it.
	Patches []*Edit
	// Steps are the case's "Try it" steps and fixes, in file order.
	Steps []*Step

	absent  []*expectation
	pending []pendingEdit
	start   expectations // the starting state's expectations
	files   map[string][]string
}

// Step is a change to a case's workspace with the expectations of the
// workspace after it: a "Try it" (kind try) or a fix (kind fix). A step
// starts from the case's starting state, or from an earlier step's end
// state (From); its Edits apply first, then its appcmd command, if any.
type Step struct {
	Name        string
	Kind        string // try | fix
	Title       string
	From        string
	Explanation []string
	AppCmd      string    // the command line as written after "appcmd "
	Clock       time.Time // the workspace clock the command runs at; zero: no configuration history
	Edits       []*Edit
	Line        int // the step line in the case file

	exps expectations
}

// Edit is one file change of a step or of the starting state.
type Edit struct {
	Op   string // file (the whole new text) | patch | delete
	Path string
	Text string // the file's text, or the patch as written; "" for delete
	Line int    // the entry's header line in the case file

	patch *textdiff.Patch
}

// Word is one entry of a lesson's "new words" box.
type Word struct {
	Term, Meaning string
}

// Caveat is a sentence a sample must carry because it rests on a rule
// iisconf chose without direct evidence: `uncertain <id>: iisconf shows X;
// IIS may show Y.`
type Caveat struct {
	ID   string // the rule's UNCERTAIN(<id>) marker
	Text string
	Line int
}

// Meta is what a sample tells the gallery and the docs about itself. All
// fields are optional for conformance cases; samples require most of them.
type Meta struct {
	Title       string
	Group       string // lesson | reproduction
	Module      string // where | merging | delegation | operations (lessons)
	Exercises   string // for a reproduction: the lesson it exercises
	Order       int    // 0 when absent
	Open        string // config path the playground opens
	View        string // a panel of the playground (views)
	Section     string // full section name to focus
	Explanation []string
	Evidence    string // the "Evidence:" paragraph without its label
	Words       []Word
	Uncertain   []Caveat
	// Line numbers of the metadata lines in the case file, for messages
	// (keyed by keyword).
	Lines map[string]int
}

// views, groups and modules a sample may name.
var (
	views   = []string{"effective", "locks", "diagnostics", "merge", "500", "pool", "appcmd", "backups", "metabase"}
	groups  = []string{"lesson", "reproduction"}
	modules = []string{"where", "merging", "delegation", "operations"}
)

// Modules lists the course's modules in course order.
func Modules() []string { return append([]string(nil), modules...) }

// Failure is one unmet expectation or malformed case line.
type Failure struct {
	File    string // the case's Name
	Line    int    // line in the case file; 0 for the case as a whole
	Text    string // the expectation line as written
	Eval    string // the eval path (or "step <name>") the expectation belongs to, if any
	Message string
}

func (f Failure) String() string {
	switch {
	case f.Line == 0:
		return fmt.Sprintf("%s: %s", f.File, f.Message)
	case f.Eval != "":
		return fmt.Sprintf("%s:%d: %s  [%s]\n\t%s", f.File, f.Line, f.Text, f.Eval, f.Message)
	case f.Text != "":
		return fmt.Sprintf("%s:%d: %s: %s", f.File, f.Line, f.Text, f.Message)
	}
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message)
}

// expectations are what one state of a case (the start, or a step's end)
// must satisfy.
type expectations struct {
	blocks     []*evalBlock
	checkDiags []*expectation
	other      []*expectation // output, appcmderror, contains, lacks, poolfile, metabase…: about the workspace or the command
}

func (x *expectations) empty() bool {
	return len(x.blocks) == 0 && len(x.checkDiags) == 0 && len(x.other) == 0
}

// all lists every expectation of the state.
func (x *expectations) all() []*expectation {
	var out []*expectation
	out = append(out, x.checkDiags...)
	out = append(out, x.other...)
	for _, b := range x.blocks {
		out = append(out, b.exps...)
	}
	return out
}

// evalBlock is an `eval` line and the expectations under it.
type evalBlock struct {
	path    string
	section string // "/section:" given: the section is read by name (EvalOptions.Sections)
	line    int
	text    string
	exps    []*expectation
	only    *expectation // the onlydiags line, if any
}

// EvalPaths returns the config paths of the starting state's eval lines,
// in order.
func (c *Case) EvalPaths() []string {
	out := make([]string, len(c.start.blocks))
	for i, b := range c.start.blocks {
		out[i] = b.path
	}
	return out
}

// Step returns the named step, or nil.
func (c *Case) Step(name string) *Step {
	for _, s := range c.Steps {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// expectation is one parsed expectation line.
type expectation struct {
	line    int
	text    string
	kind    string
	section string
	segs    []pathSeg
	attr    string
	want    string // value, count, bool, mode; keys joined by " | " for items
	// origin
	originDefault bool
	originFrom    string // optional defaultFrom
	pos           position
	// diag / checkdiag
	d diagWant
	// mapping
	mapping [][2]string
	// absent, contains, lacks, read, notread: a file or level path
	path string
}

type pathSeg struct {
	name  string
	index int // -1 for a name segment
}

type position struct {
	file string // "" for "-"
	line int
}

func (p position) String() string {
	if p.file == "" {
		return "-"
	}
	return fmt.Sprintf("%s:%d", p.file, p.line)
}

// Sections lists the sections the starting state's expectations are about,
// the case's own section (Meta.Section) first, then in the order the
// expectations name them, each once: what a lesson's text discusses, since
// every statement it makes is checked by one of them.
func (c *Case) Sections() []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	add(c.Meta.Section)
	for _, b := range c.start.blocks {
		for _, e := range b.exps {
			add(e.section)
		}
	}
	return out
}

// Codes lists the HRESULTs the case's expectations show (its diag lines
// and the 500.19 responses of its start and steps), sorted, each once: the
// error codes a lesson's key explains.
func (c *Case) Codes() []string {
	seen := map[string]bool{}
	add := func(x *expectations) {
		for _, e := range x.all() {
			switch {
			case (e.kind == "diag" || e.kind == "checkdiag") && e.d.hresult != "":
				seen[e.d.hresult] = true
			case e.kind == "response" && strings.HasPrefix(e.want, "500.19 "):
				seen[strings.TrimPrefix(e.want, "500.19 ")] = true
			}
		}
	}
	add(&c.start)
	for _, s := range c.Steps {
		add(&s.exps)
	}
	out := make([]string, 0, len(seen))
	for h := range seen {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}
