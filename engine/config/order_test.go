package config_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// A site web.config that declares and defines log4net, which has no schema.
const log4netWebConfig = `<configuration>
  <configSections><section name="log4net" type="log4net.Config.Log4NetConfigurationSectionHandler, log4net" /></configSections>
  <log4net><root /></log4net>
</configuration>`

// listGroup names the group of the listing order a section belongs to, as docs/declarations.md#the-order-sections-are-listed-in
// tells them.
func listGroup(name string, noSchema bool) string {
	switch {
	case noSchema:
		return "no schema"
	case strings.HasPrefix(name, "system.applicationHost/"):
		return "WAS"
	case strings.HasPrefix(name, "system.webServer/"):
		return "pipeline"
	case strings.HasPrefix(name, "system.ftpServer/"):
		return "FTP"
	}
	return "other"
}

// checkListOrder checks that the sections come group by group in the
// order given, each group sorted by name, and that every group is there.
func checkListOrder(t *testing.T, where string, names []string, noSchema map[string]bool, groups ...string) {
	t.Helper()
	at, prev := 0, ""
	for _, n := range names {
		g := listGroup(n, noSchema[n])
		for at < len(groups) && groups[at] != g {
			at, prev = at+1, ""
		}
		if at == len(groups) {
			t.Fatalf("%s: %s (%s) comes after the groups %v: %v", where, n, g, groups, names)
		}
		if prev != "" && n < prev {
			t.Errorf("%s: %s after %s in group %s", where, n, prev, g)
		}
		prev = n
	}
	for _, g := range groups {
		if !slices.ContainsFunc(names, func(n string) bool { return listGroup(n, noSchema[n]) == g }) {
			t.Errorf("%s: no section of group %s", where, g)
		}
	}
}

func summary(t *testing.T, e *config.Engine, path string) ([]string, map[string]bool) {
	t.Helper()
	res := e.Evaluate(path, config.EvalOptions{Summary: true})
	var names []string
	noSchema := map[string]bool{}
	for _, s := range res.Sections {
		names = append(names, s.Name)
		noSchema[s.Name] = s.NoSchema
	}
	return names, noSchema
}

// The engine lists the sections in scope as an IIS administrator reads
// them: IIS's own first (WAS's at the server level, the pipeline's below
// it), the other sections with a schema next, those without schema last;
// Sections answers in the same order, SectionsAt (appcmd's) by name, and
// a section asked for by name comes in the order asked.
func TestListOrder(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(`C:\inetpub\wwwroot\web.config`, []byte(log4netWebConfig))
	e := config.New(ws)
	for _, tc := range []struct {
		path   string
		groups []string
	}{
		{"MACHINE/WEBROOT/APPHOST", []string{"WAS", "pipeline", "FTP", "other", "no schema"}},
		{"Default Web Site", []string{"pipeline", "WAS", "FTP", "other", "no schema"}},
		{"Default Web Site/sub/folder", []string{"pipeline", "WAS", "FTP", "other", "no schema"}},
	} {
		names, noSchema := summary(t, e, tc.path)
		checkListOrder(t, tc.path, names, noSchema, tc.groups...)
		secs, d := e.Sections(tc.path)
		if d != nil {
			t.Fatal(d)
		}
		var typed []string
		for _, s := range secs {
			typed = append(typed, s.Name)
		}
		if !slices.Equal(typed, names) {
			t.Errorf("%s: Sections lists %v, Evaluate %v", tc.path, typed, names)
		}
		at, _ := e.SectionsAt(tc.path)
		if !slices.IsSorted(at) || len(at) != len(names) {
			t.Errorf("%s: SectionsAt is not the %d sections by name: %v", tc.path, len(names), at)
		}
		shuffled := slices.Clone(at)
		slices.Reverse(shuffled)
		if got := e.InListOrder(tc.path, shuffled); !slices.Equal(got, names) {
			t.Errorf("%s: InListOrder %v, want %v", tc.path, got, names)
		}
		// Evaluating again gives the same list (memoised per registry).
		if again, _ := summary(t, e, tc.path); !slices.Equal(again, names) {
			t.Errorf("%s: a second evaluation lists %v", tc.path, again)
		}
	}
	site, noSchema := summary(t, e, "Default Web Site")
	if !noSchema["log4net"] {
		t.Fatalf("log4net has a schema: %v", site)
	}
	asked := e.Evaluate("Default Web Site", config.EvalOptions{Sections: []string{"appSettings", "defaultDocument", "sites"}, Summary: true})
	var got []string
	for _, s := range asked.Sections {
		got = append(got, s.Name)
	}
	if want := []string{"appSettings", "system.webServer/defaultDocument", "system.applicationHost/sites"}; !slices.Equal(got, want) {
		t.Errorf("sections asked for by name: %v, want the order asked %v", got, want)
	}

	// A schema file for log4net moves it among the sections with a
	// schema, at once: the order is the engine's schema's, though the
	// web.config's declarations (and so its registry) are re-used.
	ws2 := ws.Clone()
	ws2.Set(workspace.SchemaDir+`\log4net_schema.xml`, []byte(`<configSchema><sectionSchema name="log4net"><element name="root" /></sectionSchema></configSchema>`))
	e2 := e.Update(ws2)
	names2, noSchema2 := summary(t, e2, "Default Web Site")
	if noSchema2["log4net"] {
		t.Fatal("log4net still has no schema")
	}
	checkListOrder(t, "with log4net's schema", names2, noSchema2, "pipeline", "WAS", "FTP", "other", "no schema")
	if i, j := slices.Index(names2, "log4net"), slices.Index(names2, "system.web/anonymousIdentification"); i < 0 || i > j {
		t.Errorf("log4net (%d) is not among the other sections with a schema, by name (system.web/anonymousIdentification at %d)", i, j)
	}
	if again, _ := summary(t, e, "Default Web Site"); !slices.Equal(again, site) {
		t.Errorf("the first engine's order changed with the second's schema")
	}
}
