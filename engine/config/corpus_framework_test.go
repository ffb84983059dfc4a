package config_test

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// The corpus's .NET Framework files (machine/: copies of a Windows .NET 4.x
// machine.config, and Mono's machine.config and root web.config files)
// read as a real server reads them (docs/hierarchy.md#framework-folders,
// docs/declarations.md#net-placeholder-sections).

// corpusFrameworkReal lists the diagnostics TestCorpusFrameworkFiles
// accepts, keyed "<file>|<id>|<file name>|<line>", each with the reason:
// real errors of a file as a Windows server would read it. Anything else
// is a gap of ours.
var corpusFrameworkReal = map[string]string{
	// Mono's machine.config declares configProtectedData, which the
	// Windows configuration systems build in: .NET refuses a declaration
	// of it (its Cannot_declare_or_remove_implicit_section error), and
	// we report the clash with the built-in declaration. Mono's own
	// configuration system needs the line; no IIS ever read the file.
	"machine/axelwarn2__Unity__MonoBleedingEdge-etc-mono-2.0-machine.config|DECL_DUP|machine.config|6": "Mono declares the implicit configProtectedData section",
	"machine/axelwarn2__Unity__MonoBleedingEdge-etc-mono-2.0-web.config|DECL_DUP|machine.config|6":     "read beside Mono's own machine.config, which declares configProtectedData",
	"machine/axelwarn2__Unity__MonoBleedingEdge-etc-mono-4.0-machine.config|DECL_DUP|machine.config|6": "Mono declares the implicit configProtectedData section",
	"machine/axelwarn2__Unity__MonoBleedingEdge-etc-mono-4.0-web.config|DECL_DUP|machine.config|6":     "read beside Mono's own machine.config, which declares configProtectedData",
	// Mono's 4.5 profile folder of the corpus has no machine.config: its
	// root web.config is read under the stand-in, which does not declare
	// Mono's own monoSettings section.
	"machine/axelwarn2__Unity__MonoBleedingEdge-etc-mono-4.5-web.config|UNDECLARED|web.config|20": "Mono's monoSettings is declared only in Mono's machine.config",
}

// corpusFrameworkWorkspace is the stock server with e (a machine.config or
// root web.config) in the 64-bit v4.0 folder, the folder the server level
// and the stock pools read, beside the file of the other kind that its
// repository keeps in the same folder, if any: the pair as shipped.
func corpusFrameworkWorkspace(tb testing.TB, root string, e corpusEntry, all []corpusEntry) *workspace.Workspace {
	tb.Helper()
	ws := stock.Workspace()
	place := func(e corpusEntry) {
		p := workspace.MachineConfigPath
		if e.kind == "root web.config" {
			p = workspace.RootWebConfigPath
		}
		ws.Set(p, corpusRead(tb, root, e))
	}
	for _, o := range all {
		if o.repo == e.repo && o.kind != e.kind && isFrameworkKind(o.kind) && path.Dir(o.path) == path.Dir(e.path) {
			place(o)
		}
	}
	place(e)
	return ws
}

func isFrameworkKind(kind string) bool { return kind == "machine.config" || kind == "root web.config" }

// TestCorpusFrameworkFiles: every machine.config and root web.config of the
// corpus, read by the stock server (corpusFrameworkWorkspace), gives no
// diagnostic of ours at the server level, at the stock site and in Check
// (the errors and NOSCHEMA warnings TestCorpusClean looks at: a real
// machine.config's runtime and system.serviceModel sections have no IIS
// schema, and IIS, reading none of them, says nothing), but the real ones
// of corpusFrameworkReal; an entry that no longer occurs fails the test.
func TestCorpusFrameworkFiles(t *testing.T) {
	root, all := corpusManifest(t)
	seen := map[string]bool{}
	n := 0
	for _, e := range all {
		if !isFrameworkKind(e.kind) || e.malformed {
			continue
		}
		n++
		ws := corpusFrameworkWorkspace(t, root, e, all)
		var got []diag.Diagnostic
		err := corpusGuard(e.local, corpusDeadline, func() {
			eng := config.New(ws)
			got = eng.Check()
			for _, p := range []string{"MACHINE", "MACHINE/WEBROOT", corpusServerPath, corpusStockSite} {
				got = append(got, eng.Evaluate(p, config.EvalOptions{NoDefaults: true}).Diagnostics...)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		bad := map[string]string{}
		for _, d := range corpusLooked(got) {
			k := fmt.Sprintf("%s|%s|%s|%d", e.local, d.ID, shortFile(d.File), d.Line)
			if _, ok := corpusFrameworkReal[k]; ok {
				seen[k] = true
				continue
			}
			bad[k] = d.Message
		}
		for _, k := range sortedKeys(bad) {
			t.Errorf("%s  %s", k, bad[k])
		}
	}
	if n == 0 {
		t.Fatal("the corpus has no machine.config or root web.config")
	}
	for _, k := range sortedKeys(corpusFrameworkReal) {
		if !seen[k] {
			t.Errorf("corpusFrameworkReal entry %s no longer occurs: remove it", k)
		}
	}
}

// TestCorpusRealMachineConfigUnderAppHosts: a Windows machine.config of the
// corpus (it declares system.webServer as an IgnoreSection placeholder)
// under every well-formed applicationHost.config of the corpus changes
// nothing IIS's own sections say: the same diagnostics as under the
// built-in stand-in, and the same effective system.webServer sections at
// the server level and at the first site roots (all of them would take
// tens of seconds: some files have 70 sites).
func TestCorpusRealMachineConfigUnderAppHosts(t *testing.T) {
	root, all := corpusManifest(t)
	var machines []corpusEntry
	for _, e := range all {
		if e.kind == "machine.config" && !strings.Contains(strings.ToLower(e.path), "mono") {
			machines = append(machines, e)
		}
	}
	if len(machines) == 0 {
		t.Fatal("the corpus has no Windows machine.config")
	}
	hosts := 0
	for _, e := range all {
		if e.kind != "applicationhost" || e.malformed {
			continue
		}
		if _, skip := corpusExcluded[e.local]; skip {
			continue
		}
		hosts++
		base := workspace.New()
		base.Set(workspace.AppHostPath, corpusRead(t, root, e))
		want := corpusWebServerView(t, e.local, base)
		for _, m := range machines {
			ws := base.Clone()
			ws.Set(workspace.MachineConfigPath, corpusRead(t, root, m))
			got := corpusWebServerView(t, e.local+" under "+m.local, ws)
			if got != want {
				t.Errorf("%s under %s: IIS's sections differ from those under the stand-in machine.config:\n%s", e.local, m.local, firstDifference(want, got))
			}
		}
	}
	t.Logf("%d Windows machine.config files under %d applicationHost.config files", len(machines), hosts)
}

// corpusWebServerView is what IIS's own sections say in ws: the
// diagnostics TestCorpusClean looks at, and the effective system.webServer
// sections at the server level and the first two site roots, as text.
func corpusWebServerView(tb testing.TB, name string, ws *workspace.Workspace) string {
	tb.Helper()
	var b strings.Builder
	err := corpusGuard(name, corpusDeadline, func() {
		eng := config.New(ws)
		var lines []string
		for _, d := range corpusLooked(eng.Check()) {
			lines = append(lines, fmt.Sprintf("diag %s %s:%d %s", d.ID, d.File, d.Line, d.Message))
		}
		sort.Strings(lines)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		paths := corpusPaths(eng, nil)
		if len(paths) > 3 {
			paths = paths[:3]
		}
		var names []string
		for _, n := range eng.SectionNames() {
			if strings.HasPrefix(n, "system.webServer/") {
				names = append(names, n)
			}
		}
		for _, p := range paths {
			r := eng.Evaluate(p, config.EvalOptions{NoDefaults: true, Sections: names})
			// The sections alone, in the model's own encoding (the
			// chain names machine.config, whose lines differ).
			only := model.Result{ConfigPath: r.ConfigPath, Sections: r.Sections}
			b.Write(only.AppendJSON(nil))
			b.WriteByte('\n')
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// firstDifference shows the first line where two views part.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			return fmt.Sprintf("  stand-in: %.300s\n  real:     %.300s", a, c)
		}
	}
	return "  (none)"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
