package expect

import (
	"fmt"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/metabase"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/poolconfig"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
)

// DefaultTimeout bounds one engine call in Run: bad input must never hang
// the engine, and a case that does fails instead of stalling its caller.
const DefaultTimeout = 20 * time.Second

// RunOptions tune Run.
type RunOptions struct {
	Timeout time.Duration // per engine call; 0 means DefaultTimeout
	// RequireCaveats fails an expected diagnostic whose rule is UNCERTAIN(<id>)
	// (diag.Diagnostic.Uncertain) when the case carries no `uncertain`
	// caveat for it. Samples teach, so they must say where iisconf
	// guesses; conformance cases test the guesses and leave it off.
	RequireCaveats bool
}

// Run builds the case's starting workspace and the workspace after each
// step, evaluates every eval path with the engine and checks each
// expectation; checkdiag lines are checked against Engine.Check(). It
// returns every unmet expectation (nil when all hold). A panic or a
// time-out of the engine is a failure, not a crash.
func (c *Case) Run(opt RunOptions) []Failure {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	ws, err := c.Workspace()
	if err != nil {
		return []Failure{{File: c.Name, Message: fmt.Sprintf("workspace: %v", err)}}
	}
	out := c.runState(opt, "", ws, nil, &c.start)
	for _, s := range c.Steps {
		var st *StepState
		if err := guarded(opt.Timeout, "step "+s.Name, func() { st, err = c.StepWorkspace(s.Name) }); err != nil {
			out = append(out, Failure{File: c.Name, Line: s.Line, Text: "step " + s.Name, Message: err.Error()})
			continue
		}
		if err != nil {
			out = append(out, Failure{File: c.Name, Line: s.Line, Text: "step " + s.Name, Message: err.Error()})
			continue
		}
		out = append(out, c.runState(opt, s.Name, st.Workspace, st.Command, &s.exps)...)
	}
	return out
}

// runState checks one state's expectations against its workspace.
func (c *Case) runState(opt RunOptions, step string, ws *workspace.Workspace, cmd *appcmd.Outcome, x *expectations) []Failure {
	label := func(eval string) string {
		switch {
		case step == "":
			return "eval " + eval
		case eval == "":
			return "step " + step
		}
		return "step " + step + ", eval " + eval
	}
	whole := func(format string, args ...any) []Failure {
		return []Failure{{File: c.Name, Eval: label(""), Message: fmt.Sprintf(format, args...)}}
	}
	var eng *config.Engine
	if err := guarded(opt.Timeout, "config.New", func() { eng = config.New(ws) }); err != nil {
		return whole("%v", err)
	}
	sch := eng.Schema()
	if sch == nil {
		sch = schema.Builtin()
	}
	var out []Failure
	for _, b := range x.blocks {
		var res *model.Result
		var eo config.EvalOptions
		if b.section != "" {
			eo.Sections = []string{b.section}
		}
		if err := guarded(opt.Timeout, "Evaluate("+b.path+")", func() { res = eng.Evaluate(b.path, eo) }); err != nil {
			out = append(out, Failure{File: c.Name, Line: b.line, Text: b.text, Eval: label(""), Message: err.Error()})
			continue
		}
		if res == nil {
			out = append(out, Failure{File: c.Name, Line: b.line, Text: b.text, Eval: label(""), Message: "Evaluate returned nil"})
			continue
		}
		r := &resultChecker{c: c, b: b, label: label(b.path), res: res, schema: sch, caveats: opt.RequireCaveats}
		for _, e := range b.exps {
			r.check(e)
		}
		r.checkOnly()
		out = append(out, r.failures...)
	}
	if len(x.checkDiags) > 0 {
		var ds []diag.Diagnostic
		if err := guarded(opt.Timeout, "Check()", func() { ds = eng.Check() }); err != nil {
			return append(out, whole("%v", err)...)
		}
		for _, e := range x.checkDiags {
			if !anyMatch(e.d, ds) {
				out = append(out, Failure{File: c.Name, Line: e.line, Text: e.text, Eval: label(""),
					Message: "Check() does not report it; it reports:" + listDiags(ds)})
			}
		}
	}
	sc := &stateChecker{c: c, label: label(""), ws: ws, eng: eng, cmd: cmd}
	sc.check(x.other)
	return append(out, sc.failures...)
}

// stateChecker checks the expectations about a state's files and command.
type stateChecker struct {
	c        *Case
	label    string
	ws       *workspace.Workspace
	eng      *config.Engine // reads ws
	cmd      *appcmd.Outcome
	failures []Failure
}

func (s *stateChecker) fail(e *expectation, format string, args ...any) {
	s.failures = append(s.failures, Failure{File: s.c.Name, Line: e.line, Text: e.text, Eval: s.label, Message: fmt.Sprintf(format, args...)})
}

func (s *stateChecker) check(exps []*expectation) {
	var outputs []*expectation
	for _, e := range exps {
		switch e.kind {
		case "output":
			outputs = append(outputs, e)
		case "appcmderror":
			switch {
			case s.cmd.Err == nil:
				s.fail(e, "the command succeeded, printing %q", s.cmd.Output)
			case s.cmd.Err.Text != e.want:
				s.fail(e, "the command failed with %q", s.cmd.Err.Text)
			}
		case "contains", "lacks":
			f, ok := s.ws.Get(e.path)
			if !ok {
				s.fail(e, "no file %s", e.path)
				continue
			}
			text := strings.ReplaceAll(string(f.Text), "\r\n", "\n")
			if has := strings.Contains(text, e.want); has != (e.kind == "contains") {
				s.fail(e, "the file %s it", map[bool]string{true: "contains", false: "does not contain"}[has])
			}
		case "poolfile":
			s.checkPool(e)
		case "metabase", "metabasefrom", "metabasepath":
			s.checkMetabase(e)
		}
	}
	if len(outputs) > 0 {
		s.checkOutput(outputs)
	}
}

// checkOutput compares the command's output with the output lines, all of
// it, line by line.
func (s *stateChecker) checkOutput(want []*expectation) {
	if s.cmd.Err != nil {
		s.fail(want[0], "the command failed: %s", s.cmd.Err.Text)
		return
	}
	got := strings.Split(strings.TrimRight(strings.ReplaceAll(s.cmd.Output, "\r\n", "\n"), "\n"), "\n")
	for i, e := range want {
		switch {
		case i >= len(got):
			s.fail(e, "the output has only %d lines:\n\t\t%s", len(got), strings.Join(got, "\n\t\t"))
			return
		case got[i] != e.want:
			s.fail(e, "output line %d is %q", i+1, got[i])
		}
	}
	if len(got) > len(want) {
		s.fail(want[len(want)-1], "the output goes on:\n\t\t%s", strings.Join(got[len(want):], "\n\t\t"))
	}
}

// guarded runs f with a time limit and turns a panic into an error. On a
// time-out the goroutine is abandoned: the engine has no shared state, so
// it cannot disturb later calls.
func guarded(limit time.Duration, what string, f func()) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%s panicked: %v", what, r)
			}
		}()
		f()
		done <- nil
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("%s did not return within %v", what, limit)
	}
}

// checkPool checks the text a pool's worker processes read (the
// configuration isolation copy, poolconfig).
func (s *stateChecker) checkPool(e *expectation) {
	r, err := poolconfig.FilterWorkspace(s.eng, e.path)
	if err != nil {
		s.fail(e, "%v", err)
		return
	}
	text := strings.ReplaceAll(r.Text, "\r\n", "\n")
	if has := strings.Contains(text, e.want); has != (e.attr == "contains") {
		s.fail(e, "the pool's copy %s it", map[bool]string{true: "contains", false: "does not contain"}[has])
	}
}

// MetabasePath is where an IIS 6 server keeps MetaBase.xml; MBSchema.xml
// sits beside it.
const MetabasePath = `C:\Windows\System32\inetsrv\MetaBase.xml`

// checkMetabase checks a key of the state's MetaBase.xml (the IIS 6
// metabase, engine/metabase): a property's effective value, the key it
// came from, or the key's IIS 7 config path. List values are written one
// entry after another, joined by " | ".
func (s *stateChecker) checkMetabase(e *expectation) {
	f, ok := s.ws.Get(MetabasePath)
	if !ok {
		s.fail(e, "the workspace has no %s", MetabasePath)
		return
	}
	var sch *metabase.Schema
	if sf, ok := s.ws.Get(workspace.Join(workspace.Dir(MetabasePath), "MBSchema.xml")); ok {
		sch, _ = metabase.ParseSchema("MBSchema.xml", sf.Text)
	}
	m := metabase.Parse("MetaBase.xml", f.Text, sch)
	if len(m.Diagnostics) > 0 {
		s.fail(e, "MetaBase.xml: %s", diag.Line(m.Diagnostics[0]))
		return
	}
	ek := m.Effective(e.path)
	if e.kind == "metabasepath" {
		got := ""
		if ek.Mapping != nil {
			got = ek.Mapping.ConfigPath
		}
		if got != e.want {
			s.fail(e, "got %q", got)
		}
		return
	}
	for _, p := range ek.Properties {
		if !strings.EqualFold(p.Name, e.attr) {
			continue
		}
		got := p.From
		if e.kind == "metabase" {
			got = p.Value
			if len(p.Values) > 0 {
				got = strings.Join(p.Values, " | ")
			}
		}
		if got != e.want {
			s.fail(e, "got %q", got)
		}
		return
	}
	s.fail(e, "key %s has no property %s", e.path, e.attr)
}
