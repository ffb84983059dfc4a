package expect

import (
	"fmt"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Workspace makes the case's starting workspace: the stock server (with
// `base stock`) or an empty one, with the case's files laid over it, its
// patches applied and its `absent` files removed. Each call returns a
// fresh workspace.
func (c *Case) Workspace() (*workspace.Workspace, error) {
	overlay, err := workspace.ParseBundle(c.Bundle)
	if err != nil {
		return nil, err
	}
	ws := overlay
	if c.Base == "stock" {
		ws = stock.Workspace().Clone()
		for _, kv := range overlay.Env() {
			ws.SetEnv(kv[0], kv[1])
		}
		for _, f := range overlay.Files() {
			ws.Set(f.Path, f.Text)
			if f.Unreadable {
				ws.SetUnreadable(f.Path, true)
			}
		}
	}
	for _, p := range c.Patches {
		if err := applyEdit(ws, p); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", c.Name, p.Line, err)
		}
	}
	for _, a := range c.absent {
		ws.Remove(a.path)
	}
	return ws, nil
}

// StepState is the workspace after a step, with what its appcmd command
// printed.
type StepState struct {
	Workspace *workspace.Workspace
	Before    *workspace.Workspace // the workspace the step started from
	Command   *appcmd.Outcome      // nil for a step without a command
}

// StepWorkspace builds the workspace after the named step: its starting
// state (the case's, or the end of its From step), its edits, then its
// appcmd command. A command that fails leaves the workspace as it was, as
// appcmd does; the failure is in Command.Err.
func (c *Case) StepWorkspace(name string) (*StepState, error) {
	return c.stepWorkspace(name, true)
}

// stepWorkspace is StepWorkspace; without runCommand the step's own
// command is left out (its From steps' commands still run).
func (c *Case) stepWorkspace(name string, runCommand bool) (*StepState, error) {
	s := c.Step(name)
	if s == nil {
		return nil, fmt.Errorf("%s: no step %q", c.Name, name)
	}
	var before *workspace.Workspace
	if s.From != "" {
		prev, err := c.StepWorkspace(s.From)
		if err != nil {
			return nil, err
		}
		before = prev.Workspace
	} else {
		ws, err := c.Workspace()
		if err != nil {
			return nil, err
		}
		before = ws
	}
	ws := before.Clone()
	for _, e := range s.Edits {
		if err := applyEdit(ws, e); err != nil {
			return nil, fmt.Errorf("%s:%d: step %s: %v", c.Name, e.Line, s.Name, err)
		}
	}
	st := &StepState{Workspace: ws, Before: before}
	if s.AppCmd != "" && runCommand {
		o := appcmd.Exec(ws, appcmd.CommandLine(s.AppCmd), appcmd.Options{Now: s.Clock})
		st.Command = &o
		st.Workspace = o.Workspace
	}
	return st, nil
}

// applyEdit applies one edit to ws.
func applyEdit(ws *workspace.Workspace, e *Edit) error {
	switch e.Op {
	case "delete":
		if _, ok := ws.Get(e.Path); !ok {
			return fmt.Errorf("delete %s: no such file", e.Path)
		}
		ws.Remove(e.Path)
	case "patch":
		f, ok := ws.Get(e.Path)
		if !ok {
			return fmt.Errorf("patch %s: no such file", e.Path)
		}
		text, err := e.patch.Apply(string(f.Text))
		if err != nil {
			return fmt.Errorf("patch %s: %v", e.Path, err)
		}
		ws.Set(e.Path, []byte(text))
	default:
		ws.Set(e.Path, []byte(e.Text))
	}
	return nil
}
