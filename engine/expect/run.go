package expect

import (
	"fmt"
	"time"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
)

// DefaultTimeout bounds one engine call in Run: bad input must never hang
// the engine, and a case that does fails instead of stalling its caller.
const DefaultTimeout = 20 * time.Second

// RunOptions tune Run.
type RunOptions struct {
	Timeout time.Duration // per engine call; 0 means DefaultTimeout
}

// Run builds the case's workspace, evaluates every eval path with the
// engine and checks each expectation; checkdiag lines are checked against
// Engine.Check(). It returns every unmet expectation (nil when all hold).
// A panic or a time-out of the engine is a failure, not a crash.
func (c *Case) Run(opt RunOptions) []Failure {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	whole := func(format string, args ...any) []Failure {
		return []Failure{{File: c.Name, Message: fmt.Sprintf(format, args...)}}
	}
	ws, err := c.Workspace()
	if err != nil {
		return whole("workspace: %v", err)
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
	for _, b := range c.blocks {
		var res *model.Result
		if err := guarded(opt.Timeout, "Evaluate("+b.path+")", func() { res = eng.Evaluate(b.path, config.EvalOptions{}) }); err != nil {
			out = append(out, Failure{File: c.Name, Line: b.line, Text: b.text, Message: err.Error()})
			continue
		}
		if res == nil {
			out = append(out, Failure{File: c.Name, Line: b.line, Text: b.text, Message: "Evaluate returned nil"})
			continue
		}
		r := &resultChecker{c: c, b: b, res: res, schema: sch}
		for _, e := range b.exps {
			r.check(e)
		}
		r.checkOnly()
		out = append(out, r.failures...)
	}
	if len(c.checkDiags) > 0 {
		var ds []diag.Diagnostic
		if err := guarded(opt.Timeout, "Check()", func() { ds = eng.Check() }); err != nil {
			return append(out, whole("%v", err)...)
		}
		for _, e := range c.checkDiags {
			if !anyMatch(e.d, ds) {
				out = append(out, Failure{File: c.Name, Line: e.line, Text: e.text,
					Message: "Check() does not report it; it reports:" + listDiags(ds)})
			}
		}
	}
	return out
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
