package config_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Hostile inputs: each must end in a clear diagnostic or a
// correct result. Time and memory are bounded by design (limits, indexes,
// linear algorithms); these tests assert outcomes, never durations.

func evalSite(t *testing.T, ws *workspace.Workspace, path string) *model.Result {
	t.Helper()
	return config.New(ws).Evaluate(path, config.EvalOptions{})
}

func hasDiag(r *model.Result, id, file string, line int, msgPart string) bool {
	for _, d := range r.Diagnostics {
		if string(d.ID) == id && strings.EqualFold(d.File, file) && (line == 0 || d.Line == line) && strings.Contains(d.Message+noteText(d.Notes), msgPart) {
			return true
		}
	}
	return false
}

func noteText(ns []diag.Note) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString(" " + n.Message)
	}
	return b.String()
}

const siteWebConfig = `C:\inetpub\wwwroot\web.config`

func TestHostileDeepNesting(t *testing.T) {
	ws := stock.Workspace()
	var b bytes.Buffer
	b.WriteString("<configuration>\n")
	for i := 0; i < 100000; i++ {
		b.WriteString("<a>")
	}
	ws.Set(siteWebConfig, b.Bytes())
	r := evalSite(t, ws, "Default Web Site")
	if !hasDiag(r, "XML", siteWebConfig, 2, "Configuration file is not well-formed XML") {
		t.Fatalf("want a positioned XML diagnostic, got %+v", r.Diagnostics)
	}
	if !strings.Contains(xmlNote(r), "nesting deeper than") {
		t.Errorf("the note should name the nesting limit: %q", xmlNote(r))
	}
}

func xmlNote(r *model.Result) string {
	for _, d := range r.Diagnostics {
		if d.ID == "XML" {
			for _, n := range d.Notes {
				return n.Message
			}
		}
	}
	return ""
}

func TestHostileMillionAttributes(t *testing.T) {
	ws := stock.Workspace()
	var b bytes.Buffer
	b.WriteString("<configuration>\n<appSettings>\n<add")
	for i := 0; i < 1000000; i++ {
		fmt.Fprintf(&b, " a%d=\"\"", i)
	}
	b.WriteString(" />\n</appSettings>\n</configuration>\n")
	ws.Set(siteWebConfig, b.Bytes())
	r := evalSite(t, ws, "Default Web Site")
	if !hasDiag(r, "XML", siteWebConfig, 3, "") || !strings.Contains(xmlNote(r), "attributes") {
		t.Fatalf("want the attribute limit as an XML diagnostic at line 3, got %+v", r.Diagnostics)
	}
}

func TestHostileHugeAttributeValue(t *testing.T) {
	ws := stock.Workspace()
	big := strings.Repeat("x", 10<<20)
	ws.Set(siteWebConfig, []byte("<configuration>\n<appSettings>\n<add key=\"big\" value=\""+big+"\" />\n</appSettings>\n</configuration>\n"))
	r := config.New(ws).Evaluate("Default Web Site", config.EvalOptions{Sections: []string{"appSettings"}})
	for _, d := range r.Diagnostics {
		if d.Severity == "error" {
			t.Fatalf("unexpected %s %s", d.ID, d.Message)
		}
	}
	items := r.Sections[0].Element.Collection
	if len(items) != 1 || len(items[0].Attributes.Get("value").Value) != 10<<20 {
		t.Fatalf("the 10 MB value did not survive the merge")
	}
}

// TestHostileManyLocationsOnePath: 100,000 location tags for one path in
// applicationHost.config. The same section in each is a duplicate after the
// first (docs/locations.md#one-definition-per-target); every one is reported,
// and the first applies.
func TestHostileManyLocationsOnePath(t *testing.T) {
	ah := string(stock.AppHostConfig())
	var b strings.Builder
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&b, "<location path=\"Default Web Site\"><system.webServer><directoryBrowse enabled=\"%t\" /></system.webServer></location>\r\n", i == 0)
	}
	ws := stock.Workspace()
	ws.Set(workspace.AppHostPath, []byte(strings.Replace(ah, "</configuration>", b.String()+"</configuration>", 1)))
	r := config.New(ws).Evaluate("Default Web Site", config.EvalOptions{Sections: []string{"directoryBrowse"}})
	dups := 0
	for _, d := range r.Diagnostics {
		if d.ID == "SEC_DUP" {
			dups++
		}
	}
	if dups != 99999 {
		t.Errorf("%d SEC_DUP diagnostics, want 99999", dups)
	}
	if v := r.Sections[0].Element.Attributes.Get("enabled").Value; v != "true" {
		t.Errorf("enabled = %s, want the first location tag's true", v)
	}
}

// TestHostileManyLocationsManyPaths: 100,000 location tags for different
// folders; resolving one path consults the target index, not every tag.
func TestHostileManyLocationsManyPaths(t *testing.T) {
	ah := string(stock.AppHostConfig())
	var b strings.Builder
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&b, "<location path=\"Default Web Site/d%d\"><system.webServer><directoryBrowse enabled=\"true\" showFlags=\"Date\" /></system.webServer></location>\r\n", i)
	}
	ws := stock.Workspace()
	ws.Set(workspace.AppHostPath, []byte(strings.Replace(ah, "</configuration>", b.String()+"</configuration>", 1)))
	e := config.New(ws)
	for _, p := range []string{"Default Web Site/d0", "Default Web Site/d99999", "Default Web Site/D5000/x"} {
		r := e.Evaluate(p, config.EvalOptions{Sections: []string{"directoryBrowse"}})
		if v := r.Sections[0].Element.Attributes.Get("enabled"); v.Value != "true" || v.Origin != "explicit" {
			t.Errorf("%s: enabled %+v", p, v)
		}
	}
	r := e.Evaluate("Default Web Site/other", config.EvalOptions{Sections: []string{"directoryBrowse"}})
	if v := r.Sections[0].Element.Attributes.Get("enabled"); v.Value != "false" {
		t.Errorf("other: enabled %+v", v)
	}
}

// TestHostileFiftyMegabytes: a 50 MB applicationHost.config (a stock file
// followed by a huge comment) loads and evaluates; above the parser's
// 64 MB limit a file is refused with a clear diagnostic.
func TestHostileFiftyMegabytes(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB input")
	}
	ah := stock.AppHostConfig()
	pad := bytes.Repeat([]byte("padding "), (50<<20)/8)
	big := append(append(append([]byte(nil), ah...), "<!--"...), pad...)
	big = append(big, "-->"...)
	ws := stock.Workspace()
	ws.Set(workspace.AppHostPath, big)
	r := config.New(ws).Evaluate("Default Web Site", config.EvalOptions{Sections: []string{"defaultDocument"}})
	if len(r.Diagnostics) != 0 || len(r.Sections[0].Element.Elements["files"].Collection) != 6 {
		t.Fatalf("50 MB file: %+v", r.Diagnostics)
	}
	huge := append(big, bytes.Repeat([]byte(" "), 20<<20)...)
	ws.Set(workspace.AppHostPath, huge)
	r = config.New(ws).Evaluate("", config.EvalOptions{Sections: []string{"defaultDocument"}})
	if !hasDiag(r, "XML", workspace.AppHostPath, 0, "") || !strings.Contains(xmlNote(r), "64 MiB") {
		t.Fatalf("70 MB file: want the size limit as an XML diagnostic, got %+v / %q", r.Diagnostics, xmlNote(r))
	}
}
