package expect

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Lint checks the case itself, never the engine: diag lines fit the
// catalogue (id, HRESULT, message template), and every file:line they or
// an origin line cite exists in the case and holds markup, so a miscounted
// line is caught before the engine is blamed. Lines of the stock
// applicationHost.config are not checked when the case builds on stock
// and does not replace that file.
func (c *Case) Lint() []Failure {
	var all []*expectation
	all = append(all, c.checkDiags...)
	for _, b := range c.blocks {
		all = append(all, b.exps...)
	}
	var out []Failure
	fail := func(e *expectation, format string, args ...any) {
		out = append(out, Failure{File: c.Name, Line: e.line, Text: e.text, Message: fmt.Sprintf(format, args...)})
	}
	for _, e := range all {
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
		lines, ok := c.files[workspace.Key(pos.file)]
		if !ok {
			if c.Base == "stock" && workspace.Key(pos.file) == workspace.Key(workspace.AppHostPath) {
				continue // a line of the stock file
			}
			fail(e, "file %s is not part of the case", pos.file)
			continue
		}
		if pos.line > len(lines) || !strings.Contains(lines[pos.line-1], "<") {
			fail(e, "line %d of %s holds no markup", pos.line, pos.file)
		}
	}
	return out
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
