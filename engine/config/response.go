package config

import (
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
)

// response picks the error a request to the path would see
// (docs/diagnostics.md#which-error-a-request-sees; the ordering is
// UNCERTAIN(first-error-order)): walking the chain top-down, the first file-phase
// error of a file on the chain wins; otherwise the first section-phase
// error of a system.webServer section, by file (chain order) then line.
// Sections only ASP.NET reads never produce a 500.19 page.
func (e *Engine) response(ch *chain, ds []diag.Diagnostic) *model.Response {
	if ch.mapping == nil {
		return nil // only requests below a site have a response
	}
	order := map[string]int{}
	for i, lv := range ch.levels {
		if lv.a != nil && lv.a.file != nil {
			order[lv.a.file.key] = i + 1
		}
	}
	rank := func(d *diag.Diagnostic) int {
		if r, ok := order[strings.ToLower(d.File)]; ok {
			return r
		}
		return len(ch.levels) + 1 // configSource files, schema files
	}
	var best *diag.Diagnostic
	pick := func(ok func(diag.Diagnostic) bool) {
		for i := range ds {
			d := &ds[i]
			if d.Severity != diag.Error || !ok(*d) {
				continue
			}
			if best == nil || rank(d) < rank(best) || (rank(d) == rank(best) && d.Line < best.Line) {
				best = d
			}
		}
	}
	pick(func(d diag.Diagnostic) bool { return raisedForRequests(d) && d.Phase == diag.PhaseFile })
	if best == nil {
		pick(raisedForRequests)
	}
	if best == nil {
		return &model.Response{Status: 200, Text: "200 - configuration is valid"}
	}
	page := diag.Page50019(*best, e.requestURL(ch), ch.mapping.PhysicalPathExpanded, e.lineText(best.File))
	d := *best
	return &model.Response{Status: 500, SubStatus: 19, Diagnostic: &d, Page: &page, Text: page.Text()}
}

// requestURL is the URL IIS would show: the site's first http binding
// (host name or localhost, its port) and the path.
func (e *Engine) requestURL(ch *chain) string {
	scheme, host, port := "http", "localhost", "80"
	if ch.site != nil {
		for _, b := range ch.site.bindings {
			if !strings.EqualFold(b.Protocol, "http") && !strings.EqualFold(b.Protocol, "https") {
				continue
			}
			if _, p, h, ok := parseBinding(b.Information); ok {
				scheme, port = strings.ToLower(b.Protocol), p
				if h != "" {
					host = h
				}
				break
			}
		}
	}
	u := scheme + "://" + host + ":" + port + ch.mapping.URLPath
	if !strings.HasSuffix(u, "/") && !strings.Contains(ch.mapping.URLPath[strings.LastIndexByte(ch.mapping.URLPath, '/')+1:], ".") {
		u += "/"
	}
	return u
}

// lineText reads a line of a workspace file for the Config Source excerpt.
func (e *Engine) lineText(path string) func(int) (string, bool) {
	return func(line int) (string, bool) {
		pf := e.file(path)
		if pf == nil || pf.doc == nil || line < 1 || line > pf.doc.LineCount() {
			return "", false
		}
		return pf.doc.LineText(line), true
	}
}
