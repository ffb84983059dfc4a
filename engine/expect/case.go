package expect

import "fmt"

// Case is one parsed case file.
type Case struct {
	Name string // the case's file name or path, used in every message
	Base string // "" or "stock"
	Meta Meta
	// Bundle is the archive from its first header on: the files the case
	// lays over its base. It is what a playground loads.
	Bundle []byte

	absent     []*expectation
	blocks     []*evalBlock
	checkDiags []*expectation
	files      map[string][]string // workspace.Key(path) -> lines of the case's own files
}

// Meta is what a sample tells the gallery and the docs about itself. All
// fields are optional for conformance cases; samples require most of them.
type Meta struct {
	Title       string
	Group       string // lesson | reproduction
	Order       int    // 0 when absent
	Open        string // config path the playground opens
	View        string // effective | locks | diagnostics | merge | 500
	Section     string // full section name to focus
	Explanation []string
	Evidence    string // the "Evidence:" paragraph without its label
	// Line numbers of the metadata lines in the case file, for messages
	// (keyed by keyword).
	Lines map[string]int
}

// views and groups a sample may name.
var (
	views  = []string{"effective", "locks", "diagnostics", "merge", "500"}
	groups = []string{"lesson", "reproduction"}
)

// Failure is one unmet expectation or malformed case line.
type Failure struct {
	File    string // the case's Name
	Line    int    // line in the case file; 0 for the case as a whole
	Text    string // the expectation line as written
	Eval    string // the eval path the expectation belongs to, if any
	Message string
}

func (f Failure) String() string {
	switch {
	case f.Line == 0:
		return fmt.Sprintf("%s: %s", f.File, f.Message)
	case f.Eval != "":
		return fmt.Sprintf("%s:%d: %s  [eval %s]\n\t%s", f.File, f.Line, f.Text, f.Eval, f.Message)
	case f.Text != "":
		return fmt.Sprintf("%s:%d: %s: %s", f.File, f.Line, f.Text, f.Message)
	}
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message)
}

// evalBlock is an `eval` line and the expectations under it.
type evalBlock struct {
	path string
	line int
	text string
	exps []*expectation
	only *expectation // the onlydiags line, if any
}

// EvalPaths returns the config paths of the case's eval lines, in order.
func (c *Case) EvalPaths() []string {
	out := make([]string, len(c.blocks))
	for i, b := range c.blocks {
		out[i] = b.path
	}
	return out
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
	// absent
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
