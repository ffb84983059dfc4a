package features

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/textdiff"
	"github.com/iisconf/iisconf/engine/workspace"
)

func errorsOf(ws *workspace.Workspace) []string {
	var out []string
	for _, d := range config.New(ws).Check() {
		if d.Severity == diag.Error {
			out = append(out, string(d.ID)+" "+d.File+" "+d.Message)
		}
	}
	return out
}

func sameFiles(t *testing.T, what string, want, got *workspace.Workspace) {
	t.Helper()
	wf, gf := want.Files(), got.Files()
	if len(wf) != len(gf) {
		var names []string
		for _, f := range gf {
			names = append(names, f.Path)
		}
		t.Errorf("%s: %d files, want %d: %s", what, len(gf), len(wf), strings.Join(names, ", "))
		return
	}
	for i := range wf {
		if wf[i].Path != gf[i].Path || !bytes.Equal(wf[i].Text, gf[i].Text) {
			t.Errorf("%s: %s differs:\n%s", what, wf[i].Path, textdiff.Unified(wf[i].Path, wf[i].Text, true, gf[i].Text, true))
		}
	}
}

// TestInstallEachFeature: on the stock server each feature installs
// cleanly (no new error anywhere), is then detected as installed,
// installing it again changes nothing, and uninstalling it gives back the
// stock files byte for byte.
func TestInstallEachFeature(t *testing.T) {
	base := stock.Workspace()
	for i := range Catalog {
		f := &Catalog[i]
		t.Run(f.ID, func(t *testing.T) {
			fs, err := Resolve(f.ID)
			if err != nil {
				t.Fatal(err)
			}
			ws, steps, err := Install(config.New(base), fs)
			if err != nil {
				t.Fatal(err)
			}
			if f.Stock && len(steps) > 0 {
				t.Errorf("stock feature %s made changes to the stock server: %v", f.ID, steps)
			}
			if !f.Stock && len(steps) == 0 {
				t.Errorf("installing %s changed nothing", f.ID)
			}
			if errs := errorsOf(ws); len(errs) > 0 {
				t.Errorf("errors after installing %s:\n%s", f.ID, strings.Join(errs, "\n"))
			}
			for _, st := range Detect(config.New(ws)) {
				for _, g := range fs {
					if st.Feature.ID == g.ID && st.State != Installed {
						t.Errorf("%s is %s after installing, missing %v", g.ID, st.State, st.Missing)
					}
				}
			}
			again, steps2, err := Install(config.New(ws), fs)
			if err != nil || len(steps2) > 0 {
				t.Errorf("second install: %v %v", steps2, err)
			}
			sameFiles(t, "second install", ws, again)
			if f.Stock {
				return
			}
			back, _, err := Uninstall(config.New(ws), fs)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, "install then uninstall", base, back)
		})
	}
}

// TestStockFeaturesUninstallAndReinstall: the role services the stock
// server has can be taken off (the uninstaller's edits leave no error and
// the feature absent) and put back.
func TestStockFeaturesUninstallAndReinstall(t *testing.T) {
	base := stock.Workspace()
	for i := range Catalog {
		f := &Catalog[i]
		if !f.Stock {
			continue
		}
		t.Run(f.ID, func(t *testing.T) {
			fs := []*Feature{f}
			off, steps, err := Uninstall(config.New(base), fs)
			if err != nil || len(steps) == 0 {
				t.Fatalf("uninstall: %v %v", steps, err)
			}
			if st := stateOf(off, f.ID); st != Absent {
				t.Errorf("after uninstall %s is %s", f.ID, st)
			}
			if errs := errorsOf(off); len(errs) > 0 {
				t.Errorf("errors after uninstalling:\n%s", strings.Join(errs, "\n"))
			}
			on, _, err := Install(config.New(off), fs)
			if err != nil {
				t.Fatal(err)
			}
			if st := stateOf(on, f.ID); st != Installed {
				t.Errorf("after reinstall %s is %s", f.ID, st)
			}
			if errs := errorsOf(on); len(errs) > 0 {
				t.Errorf("errors after reinstalling:\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}

func stateOf(ws *workspace.Workspace, id string) State {
	for _, st := range Detect(config.New(ws)) {
		if st.Feature.ID == id {
			return st.State
		}
	}
	return ""
}

// TestExtensionNeedsItsFeature: a web.config using an extension's section
// is an error on the stock server (the section is undeclared) and clean once
// the feature is installed; ARR brings URL Rewrite with it.
func TestExtensionNeedsItsFeature(t *testing.T) {
	for _, tc := range []struct {
		feature, webConfig string
	}{
		{"rewrite", `<rewrite><rules><rule name="r"><match url="^a$" /><action type="Redirect" url="/b" /></rule></rules></rewrite>`},
		{"ancm", `<aspNetCore processPath="dotnet" arguments=".\app.dll" hostingModel="inprocess" />`},
		{"httpplatform", `<httpPlatform processPath="java.exe" />`},
		{"iisnode", `<iisnode nodeProcessCommandLine="node.exe" loggingEnabled="false" />`},
		{"arr", `<rewrite><rules><rule name="p"><match url="(.*)" /><action type="Rewrite" url="http://backend/{R:1}" /></rule></rules></rewrite>`},
	} {
		ws := stock.Workspace()
		ws.Set(`C:\inetpub\wwwroot\web.config`, []byte("<configuration>\n<system.webServer>"+tc.webConfig+"</system.webServer>\n</configuration>\n"))
		if errs := errorsOf(ws); len(errs) != 1 || !strings.HasPrefix(errs[0], "UNDECLARED") {
			t.Errorf("%s on the stock server: want one UNDECLARED error, got %v", tc.feature, errs)
		}
		fs, err := Resolve(tc.feature)
		if err != nil {
			t.Fatal(err)
		}
		on, _, err := Install(config.New(ws), fs)
		if err != nil {
			t.Fatal(err)
		}
		if errs := errorsOf(on); len(errs) > 0 {
			t.Errorf("%s installed: %v", tc.feature, errs)
		}
	}
}

func TestResolve(t *testing.T) {
	fs, err := Resolve(" arr , ancm")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	if got := strings.Join(ids, ","); got != "rewrite,arr,ancm" {
		t.Errorf("Resolve: %s", got)
	}
	if _, err := Resolve("rewrite,nope"); err == nil || !strings.Contains(err.Error(), `unknown feature "nope"`) {
		t.Errorf("unknown feature: %v", err)
	}
}
