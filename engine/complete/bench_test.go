package complete

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// BenchmarkCompleteAfterEdit is a keystroke in a site's web.config: the
// engine is updated with the edit, then completion is asked, as the
// playground does.
func BenchmarkCompleteAfterEdit(b *testing.B) {
	text := `<configuration><system.webServer><directoryBrowse enabled="` + caret + `" /></system.webServer></configuration>`
	off := strings.Index(text, caret)
	text = strings.Replace(text, caret, "", 1)
	ws := stock.Workspace()
	ws.Set(siteWebConfig, []byte(text))
	fx := fixture{file: siteWebConfig, offset: off, text: []byte(text)}
	fx.e = newEngine(ws)
	for i := 0; b.Loop(); i++ {
		fx.text = []byte(text + strings.Repeat(" ", i%2))
		ws.Set(siteWebConfig, fx.text)
		fx.e = fx.e.Update(ws)
		fx.e.Evaluate("Default Web Site", summaryOpts)
		if c := fx.complete(b, "Default Web Site"); len(c.Options) != 2 {
			b.Fatal(labels(c))
		}
	}
}

// BenchmarkCompleteApphost is completion in applicationHost.config after
// an edit there, which re-merges every section.
func BenchmarkCompleteApphost(b *testing.B) {
	text := string(stock.AppHostConfig())
	off := strings.Index(text, "<system.webServer>") + len("<system.webServer>")
	ws := stock.Workspace()
	e := newEngine(ws)
	for i := 0; b.Loop(); i++ {
		t := []byte(text + strings.Repeat(" ", i%2))
		ws.Set(workspace.AppHostPath, t)
		e = e.Update(ws)
		e.Evaluate("", summaryOpts)
		if c := Complete(e, e.Schema(), Request{File: workspace.AppHostPath, Text: t, Offset: off}); len(c.Options) == 0 {
			b.Fatal("no options")
		}
	}
}
