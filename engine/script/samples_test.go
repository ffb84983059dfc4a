package script_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/script"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/samples"
)

// TestSampleScriptsReplay generates the appcmd script from the stock
// server to every sample and back, replays it through the emulator and
// compares the effective configuration at every config path with the
// target. A target that IIS would refuse (a locked section, a duplicate
// key) cannot be reached by a tool either: every line the emulator
// refuses must be refused for an error the target has.
func TestSampleScriptsReplay(t *testing.T) {
	verified, clean, total := 0, 0, 0
	var missed []string
	for _, s := range samples.All() {
		sw, err := s.Workspace()
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range []struct {
			name     string
			from, to *workspace.Workspace
		}{{"forward", stock.Workspace(), sw}, {"back", sw, stock.Workspace()}} {
			t.Run(s.Name+"/"+dir.name, func(t *testing.T) {
				if f := unscriptedFile(dir.from, dir.to); f != "" {
					t.Skipf("the change touches %s, which no tool writes (docs/support.md: redirection.config is not scripted; the stock server has only iisconf's stand-ins for the .NET Framework files)", f)
				}
				total++
				ok, c, why := checkReplay(t, dir.from, dir.to)
				if ok {
					verified++
				} else {
					missed = append(missed, s.Name+"/"+dir.name+": "+why)
				}
				if c {
					clean++
				}
			})
		}
	}
	t.Logf("%d of %d sample changes replayed to their target at every path (%d with nothing left out); the others, as docs/support.md lists them:\n  %s", verified, total, clean, strings.Join(missed, "\n  "))
}

// TestSampleStepScriptsReplay scripts every "Try it" step and every fix of
// the course — the change a lesson asks for, or the fix of a reproduction,
// from the workspace before the step to the workspace after it — and
// replays it like TestSampleScriptsReplay: the fix a support engineer
// sends a customer, checked against the end state the sample states.
func TestSampleStepScriptsReplay(t *testing.T) {
	verified, total := 0, 0
	var missed []string
	for _, s := range samples.All() {
		c, err := s.Case()
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range c.Steps {
			t.Run(s.Name+"/"+step.Name, func(t *testing.T) {
				st, err := c.StepWorkspace(step.Name)
				if err != nil {
					t.Fatal(err)
				}
				if f := unscriptedFile(st.Before, st.Workspace); f != "" {
					t.Skipf("the step changes %s, which no tool writes", f)
				}
				total++
				if ok, _, why := checkReplay(t, st.Before, st.Workspace); ok {
					verified++
				} else {
					missed = append(missed, s.Name+"/"+step.Name+": "+why)
				}
			})
		}
	}
	t.Logf("%d of %d sample steps (tries and fixes) replayed to their end state at every path (errors included); the others, as docs/support.md lists them:\n  %s", verified, total, strings.Join(missed, "\n  "))
}

// unscriptedFile names a file the change adds, edits or removes that the
// script tool leaves to a person: redirection.config (shared
// configuration), and machine.config or a root web.config, which the stock
// server only has as built-in stand-ins. "" when there is none.
func unscriptedFile(from, to *workspace.Workspace) string {
	for _, pair := range [][2]*workspace.Workspace{{from, to}, {to, from}} {
		for _, f := range pair[0].Files() {
			g, ok := pair[1].Get(f.Path)
			if ok && string(g.Text) == string(f.Text) {
				continue
			}
			k := workspace.Key(f.Path)
			if strings.HasSuffix(k, `\redirection.config`) || strings.Contains(k, `\microsoft.net\framework`) {
				return f.Path
			}
		}
	}
	return ""
}

// checkReplay runs one change and reports whether the replay reached
// the target at every path, leaving out what the plan's notes say no
// tool can write. A target IIS itself refuses (a locked section, a
// duplicate key) cannot be reached by any tool: every line the emulator
// refuses must then answer an error the target has. why says, when the
// target is not reached, which error of the target stood in the way.
func checkReplay(t *testing.T, from, to *workspace.Workspace) (ok, clean bool, why string) {
	t.Helper()
	p := script.Build(from, to)
	lines, langNotes := script.AppCmd(p)
	notes := append(append([]script.Note(nil), p.Notes...), langNotes...)
	v := script.Verify(from, to, lines, notes)
	if v.OK() {
		// Reached, errors included: a lesson's step may end in the error
		// it shows, and a tool writes that configuration as readily.
		return true, len(notes) == 0, ""
	}
	targetErrs := errorMessages(to)
	if len(targetErrs) > 0 {
		for _, r := range v.Refused {
			if !matchesAny(r.Message, r.Command, targetErrs) {
				t.Errorf("line %d refused for an error the target does not have:\n  %s\n  %s", r.Line, r.Command, r.Message)
			}
		}
		why = "the target has the error " + strings.TrimSpace(targetErrs[0].Message)
		if len(v.Refused) > 0 {
			why += " (refused: line " + fmt.Sprint(v.Refused[0].Line) + ")"
		} else {
			why += " (no tool writes it)"
		}
		return false, false, why
	}
	// A line for a section the notes say must first be changed by hand
	// (its declaration) may be refused; the comparison leaves it out.
	noted, _ := script.Unwritten(notes)
	var refused []script.LineError
	for _, r := range v.Refused {
		if !inSections(commandSection(r.Command), noted) {
			refused = append(refused, r)
		}
	}
	if len(refused) == 0 && len(v.Differ) == 0 {
		return true, len(notes) == 0, ""
	}
	for _, n := range notes {
		if n.Section == "" && strings.Contains(n.Text, "cannot be edited by a tool") {
			return false, false, "a file is not well-formed: " + n.Text // the note says to copy it
		}
	}
	for _, l := range lines {
		t.Log("  ", l)
	}
	for _, n := range notes {
		t.Log("   note:", n.File, n.Section, n.Text)
	}
	for _, r := range refused {
		t.Errorf("line %d refused: %s\n  %s", r.Line, r.Command, r.Message)
	}
	for _, d := range v.Differ {
		t.Errorf("after replay %s differs: %s", d.Path, d.What)
	}
	return false, false, "not reached"
}

func errorMessages(ws *workspace.Workspace) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range config.New(ws).Check() {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// matchesAny reports whether a refusal answers an error of the target:
// the same message, or an error in the section the command writes (a
// tool words a bad value or an undeclared section its own way).
func commandSection(command string) string {
	if i := strings.Index(command, "-section:"); i >= 0 {
		return strings.Fields(command[i+len("-section:"):])[0]
	}
	return ""
}

func inSections(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func matchesAny(msg, command string, errs []diag.Diagnostic) bool {
	section := commandSection(command)
	for _, e := range errs {
		if strings.Contains(msg, e.Message) {
			return true
		}
		if section != "" && e.Section != "" && (e.Section == section || strings.HasPrefix(section, e.Section+"/")) {
			return true
		}
	}
	return false
}
