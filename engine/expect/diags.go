package expect

import (
	"fmt"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/workspace"
)

// diagWant is a diag or checkdiag line: id, HRESULT, position and the
// byte-exact message.
type diagWant struct {
	id      string
	hresult string // "" for "-"
	pos     position
	message string
}

func (w diagWant) String() string {
	h := w.hresult
	if h == "" {
		h = "-"
	}
	return fmt.Sprintf("%s %s %s %s", w.id, h, w.pos, w.message)
}

func (w diagWant) matches(d diag.Diagnostic) bool {
	if string(d.ID) != w.id || !strings.EqualFold(d.HRESULT, w.hresult) || d.Message != w.message {
		return false
	}
	if w.pos.file == "" {
		return d.File == "" && d.Line == 0
	}
	return workspace.Key(d.File) == workspace.Key(w.pos.file) && d.Line == w.pos.line
}

func anyMatch(w diagWant, ds []diag.Diagnostic) bool {
	_, ok := firstMatch(w, ds)
	return ok
}

func firstMatch(w diagWant, ds []diag.Diagnostic) (diag.Diagnostic, bool) {
	for _, d := range ds {
		if w.matches(d) {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}

// FormatDiag renders a diagnostic the way diag lines are written (plus its
// severity), so a failure message can be pasted back into a case.
func FormatDiag(d diag.Diagnostic) string {
	h := d.HRESULT
	if h == "" {
		h = "-"
	}
	pos := "-"
	if d.File != "" || d.Line != 0 {
		pos = fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	return fmt.Sprintf("%s %s %s %s [%s]", d.ID, h, pos, d.Message, d.Severity)
}

func listDiags(ds []diag.Diagnostic) string {
	if len(ds) == 0 {
		return " (none)"
	}
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\n\t\t")
		b.WriteString(FormatDiag(d))
	}
	return b.String()
}

func errorDiags(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}
