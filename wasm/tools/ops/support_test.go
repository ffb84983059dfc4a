package ops

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/wasm/playground"
)

const lockedSite = "<configuration>\r\n  <system.webServer>\r\n    <security>\r\n      <authentication>\r\n        <windowsAuthentication enabled=\"true\" />\r\n      </authentication>\r\n    </security>\r\n  </system.webServer>\r\n</configuration>\r\n"

func stockFiles() []playground.FileState {
	var out []playground.FileState
	for _, f := range stock.Workspace().Files() {
		out = append(out, playground.FileState{Path: f.Path, Text: string(f.Text)})
	}
	return out
}

func TestCompareOps(t *testing.T) {
	w := stock.Workspace()
	w.Set(`C:\inetpub\wwwroot\web.config`, []byte(`<configuration><system.webServer><directoryBrowse enabled="true" /></system.webServer></configuration>`))
	b := config.New(w)
	// Two paths of the page's workspace.
	r := Compare(b, CompareArgs{Path: "MACHINE/WEBROOT/APPHOST", Path2: "Default Web Site", Section: "directoryBrowse"})
	if r.Error != "" || len(r.Report.Sections) != 1 || !strings.Contains(r.Text, "right: \"true\"") || !strings.Contains(r.XML, `+  <directoryBrowse enabled="true"`) {
		t.Fatalf("two paths: %+v\n%s", r, r.Text)
	}
	// The workspace as opened (the stock server) against now.
	r = Compare(b, CompareArgs{Path: "Default Web Site", Other: &Other{Files: stockFiles(), Label: "as opened"}})
	if r.Error != "" || r.Report.Left.Label != "as opened" || len(r.Report.Sections) != 1 {
		t.Fatalf("as opened: %+v", r)
	}
	if r := Compare(b, CompareArgs{Path: "Default Web Site"}); r.Error == "" {
		t.Error("one side only must be refused")
	}
	if r := Compare(b, CompareArgs{Path: "Default Web Site", Other: &Other{Backup: "nope"}}); !strings.Contains(r.Error, "nope") {
		t.Errorf("unknown backup: %+v", r.Error)
	}
}

func TestScriptOps(t *testing.T) {
	w := stock.Workspace()
	w.Set(`C:\inetpub\wwwroot\web.config`, []byte(`<configuration><system.webServer><defaultDocument><files><add value="home.html" /></files></defaultDocument></system.webServer></configuration>`))
	in := ScriptArgs{From: &Other{Files: stockFiles()}}
	e := config.New(w)
	s := Script(e, in)
	if s.Error != "" || len(s.AppCmd) != 1 || len(s.PowerShell) != 1 || !strings.Contains(s.CSharp, `CreateElement("add")`) || len(s.Notes) != 0 {
		t.Fatalf("script: %+v", s)
	}
	if !strings.Contains(s.AppCmd[0], `/+"files.[value='home.html']"`) {
		t.Errorf("appcmd: %s", s.AppCmd[0])
	}
	v := ScriptVerify(e, in)
	if v.Error != "" || !v.OK() || v.Lines != 1 {
		t.Fatalf("verify: %+v", v)
	}
	if s := Script(e, ScriptArgs{}); s.Error == "" {
		t.Error("no starting workspace must be refused")
	}
}

func TestRead500(t *testing.T) {
	w := stock.Workspace()
	w.Set(`C:\inetpub\wwwroot\web.config`, []byte(lockedSite))
	e := config.New(w)
	res := e.Evaluate("Default Web Site", config.EvalOptions{})
	if res.Response == nil || res.Response.Page == nil {
		t.Fatal("no 500.19 page")
	}
	r := Read500(e, Read500Args{Text: res.Response.Text})
	if r.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site" || r.File != `C:\inetpub\wwwroot\web.config` || r.Line != 5 ||
		r.Diagnostic == nil || r.Diagnostic.ID != "LOCKED" || r.LockReason == "" || r.SourceMatches == nil || !*r.SourceMatches || len(r.Problems) != 0 {
		t.Fatalf("read500: %+v", r)
	}
	// The same page against the stock server: the file is not there and
	// the error is not raised.
	r = Read500(config.New(stock.Workspace()), Read500Args{Text: res.Response.Text})
	if r.Diagnostic != nil || len(r.Problems) != 2 || r.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site" {
		t.Fatalf("against stock: %+v", r)
	}
	// Not a page.
	r = Read500(e, Read500Args{Text: "hello"})
	if len(r.Problems) != 1 || r.ConfigPath != "" {
		t.Errorf("not a page: %+v", r)
	}
	// Only the file and line (a partial paste): the path comes from the
	// file's folder.
	r = Read500(e, Read500Args{Text: "Config File \\\\?\\C:\\inetpub\\wwwroot\\web.config\nConfig Source:\n    4:       <authentication>\n    5:         <windowsAuthentication enabled=\"true\" />\n    6:       </authentication>\n"})
	if r.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site" || r.Line != 5 || r.Diagnostic == nil {
		t.Errorf("partial: %+v", r)
	}
}
