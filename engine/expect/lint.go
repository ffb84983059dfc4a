package expect

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Lint checks the case itself, never the engine: diag lines fit the
// catalogue (id, HRESULT, message template); every file:line they or an
// origin line cite exists in the workspace of their state (the start, or
// after their step) and holds markup, so a miscounted line is caught
// before the engine is blamed; and the text names the UNCERTAIN(<id>) rules it
// relies on (see uncertain.go). A step with an appcmd command is checked
// against its workspace before the command: what the command writes is
// the engine's behaviour, which Run checks.
func (c *Case) Lint() []Failure {
	var out []Failure
	fail := func(e *expectation, format string, args ...any) {
		out = append(out, Failure{File: c.Name, Line: e.line, Text: e.text, Message: fmt.Sprintf(format, args...)})
	}
	start, err := c.Workspace()
	if err != nil {
		return []Failure{{File: c.Name, Message: fmt.Sprintf("workspace: %v", err)}}
	}
	states := []struct {
		ws   *workspace.Workspace
		exps []*expectation
	}{{start, c.start.all()}}
	for _, s := range c.Steps {
		ws, err := c.editedWorkspace(s)
		if err != nil {
			out = append(out, Failure{File: c.Name, Line: s.Line, Text: "step " + s.Name, Message: err.Error()})
			continue
		}
		states = append(states, struct {
			ws   *workspace.Workspace
			exps []*expectation
		}{ws, s.exps.all()})
	}
	for _, st := range states {
		for _, e := range st.exps {
			var pos position
			switch e.kind {
			case "diag", "checkdiag":
				pos = e.d.pos
				if err := fitsCatalogue(e.d); err != nil {
					fail(e, "%v", err)
				}
			case "origin":
				pos = e.pos
			default:
				continue
			}
			if pos.file == "" || pos.line == 0 {
				continue
			}
			f, ok := st.ws.Get(pos.file)
			if !ok {
				fail(e, "file %s is not part of the workspace", pos.file)
				continue
			}
			lines := strings.Split(string(f.Text), "\n")
			if pos.line > len(lines) || !strings.Contains(lines[pos.line-1], "<") {
				fail(e, "line %d of %s holds no markup", pos.line, pos.file)
			}
		}
	}
	return append(out, c.lintCaveats()...)
}

// editedWorkspace is the workspace after a step's edits, before its
// command.
func (c *Case) editedWorkspace(s *Step) (*workspace.Workspace, error) {
	st, err := c.stepWorkspace(s.Name, false)
	if err != nil {
		return nil, err
	}
	return st.Workspace, nil
}

// fitsCatalogue checks a diag expectation against the catalogue: the id
// exists, the HRESULT is the entry's, and the message fits its template.
func fitsCatalogue(w diagWant) error {
	entry, ok := diag.Lookup(diag.ID(w.id))
	if !ok {
		return fmt.Errorf("unknown diagnostic id %s", w.id)
	}
	want := ""
	if entry.HRESULT != 0 {
		want = fmt.Sprintf("0x%08x", entry.HRESULT)
	}
	if w.hresult != want {
		return fmt.Errorf("HRESULT %q, catalogue says %q", w.hresult, want)
	}
	parts := strings.Split(entry.Format, "%s")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(strings.ReplaceAll(parts[i], "%%", "%"))
	}
	re := regexp.MustCompile(`^` + strings.Join(parts, `(.*)`) + `$`)
	if !re.MatchString(w.message) {
		return fmt.Errorf("message does not fit the %s template %q (mind double and trailing spaces)", w.id, entry.Format)
	}
	return nil
}
