package poolconfig_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/poolconfig"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// corpusFile reads a file of the shared corpus, skipping when it is absent
// (the corpus is not shipped with the project).
func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testkit.Corpus(t), "applicationhost", name))
	if err != nil {
		t.Skipf("corpus file not present (%v); set IISCONF_CORPUS to run", err)
	}
	return b
}

func filterResult(t *testing.T, apphost []byte, pool string) *poolconfig.Result {
	t.Helper()
	ws := workspace.New()
	ws.Set(workspace.AppHostPath, apphost)
	r, err := poolconfig.FilterWorkspace(config.New(ws), pool)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// removedReport is the golden text for a real file: the rules, then the
// removed line ranges. The filtered text itself is not stored for corpus
// files (they stay under their own licences); checkKeptBytes proves it is
// the original minus exactly those lines.
func removedReport(r *poolconfig.Result) []byte {
	var b strings.Builder
	b.WriteString(poolconfig.FormatRules(r.Pool, r.Rules))
	b.WriteString("removed lines:")
	for _, lr := range r.Removed {
		if lr.Start == lr.End {
			fmt.Fprintf(&b, " %d", lr.Start)
		} else {
			fmt.Fprintf(&b, " %d-%d", lr.Start, lr.End)
		}
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// splitLines splits keeping line endings, so that joining is byte-exact.
func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i+1]))
		b = b[i+1:]
	}
	return out
}

// checkKeptBytes asserts the filtered text is the original with the
// Removed line ranges deleted and nothing else changed.
func checkKeptBytes(t *testing.T, orig []byte, r *poolconfig.Result) {
	t.Helper()
	lines := splitLines(orig)
	drop := map[int]bool{}
	for _, lr := range r.Removed {
		for l := lr.Start; l <= lr.End; l++ {
			drop[l] = true
		}
	}
	var want strings.Builder
	for i, l := range lines {
		if !drop[i+1] {
			want.WriteString(l)
		}
	}
	if want.String() != r.Text {
		t.Errorf("filtered text is not the original minus the removed lines")
	}
}

// dropPositions deletes line and column fields recursively.
func dropPositions(v any) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"line", "column", "locationLine", "endLine", "endColumn"} {
			delete(x, k)
		}
		for _, e := range x {
			dropPositions(e)
		}
	case []any:
		for _, e := range x {
			dropPositions(e)
		}
	}
}

// diagKeys are the diagnostics of Check without positions (lines shift
// when elements are cut).
func diagKeys(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.ID)+": "+d.Message)
	}
	sort.Strings(out)
	return out
}

// checkEquivalent asserts the filtered file evaluates without new
// diagnostics, except the expected ones, and gives every application of
// the pool the same effective configuration as the original.
func checkEquivalent(t *testing.T, orig []byte, r *poolconfig.Result, expectNew []string) {
	t.Helper()
	wo := workspace.New()
	wo.Set(workspace.AppHostPath, orig)
	wf := workspace.New()
	wf.Set(workspace.AppHostPath, []byte(r.Text))
	eo, ef := config.New(wo), config.New(wf)
	before := map[string]int{}
	for _, k := range diagKeys(eo.Check()) {
		before[k]++
	}
	var added []string
	for _, k := range diagKeys(ef.Check()) {
		if before[k] > 0 {
			before[k]--
			continue
		}
		added = append(added, k)
	}
	if strings.Join(added, "\n") != strings.Join(expectNew, "\n") {
		t.Errorf("new diagnostics:\n%s\nwant:\n%s", strings.Join(added, "\n"), strings.Join(expectNew, "\n"))
	}
	n := 0
	for _, s := range ef.SiteMap().Sites {
		for _, a := range s.Apps {
			if !strings.EqualFold(a.ApplicationPool, r.Pool) {
				continue
			}
			n++
			p := "MACHINE/WEBROOT/APPHOST/" + s.Name + strings.TrimSuffix(a.Path, "/")
			ro, rf := eo.Evaluate(p, config.EvalOptions{}), ef.Evaluate(p, config.EvalOptions{})
			jo, _ := json.Marshal(ro.Sections)
			jf, _ := json.Marshal(rf.Sections)
			so, sf := jo, jf
			// The site map sections differ by design (other pools and sites
			// are gone); every other section must be identical.
			if !bytes.Equal(stripSiteSections(t, so), stripSiteSections(t, sf)) {
				t.Errorf("%s: effective configuration differs after filtering", p)
			}
		}
	}
	if n == 0 {
		t.Errorf("no application of %s left in the filtered file", r.Pool)
	}
}

func stripSiteSections(t *testing.T, j []byte) []byte {
	t.Helper()
	var secs []map[string]any
	if err := json.Unmarshal(j, &secs); err != nil {
		t.Fatal(err)
	}
	for _, s := range secs {
		dropPositions(s)
	}
	var keep []map[string]any
	for _, s := range secs {
		switch s["name"] {
		case "system.applicationHost/sites", "system.applicationHost/applicationPools",
			"system.applicationHost/webLimits", "system.applicationHost/configHistory":
			continue
		}
		keep = append(keep, s)
	}
	out, _ := json.Marshal(keep)
	return out
}

func TestStockDefaultAppPool(t *testing.T) {
	orig := stock.AppHostConfig()
	text, rules, err := poolconfig.Filter(orig, "defaultapppool") // pool names are case-insensitive
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "stock-DefaultAppPool.config"), text)
	testkit.Golden(t, filepath.Join("testdata", "stock-DefaultAppPool.rules"), []byte(poolconfig.FormatRules("DefaultAppPool", rules)))
	r := filterResult(t, orig, "DefaultAppPool")
	checkKeptBytes(t, orig, r)
	checkEquivalent(t, orig, r, nil)
	if got := fmt.Sprint(r.Removed); got != "[{95 96} {130 130}]" {
		t.Errorf("removed = %s", got)
	}
}

// A pool with no application keeps no site and no site location tag.
func TestStockPoolWithoutApplications(t *testing.T) {
	orig := stock.AppHostConfig()
	r := filterResult(t, orig, ".NET v4.5")
	checkKeptBytes(t, orig, r)
	got := map[string]int{}
	for _, ru := range r.Rules {
		got[ru.ID] = ru.Count
	}
	if got[poolconfig.RulePools] != 2 || got[poolconfig.RuleSites] != 1 {
		t.Errorf("counts = %v", got)
	}
	if strings.Contains(r.Text, "<site ") || strings.Contains(r.Text, `name="DefaultAppPool"`) {
		t.Errorf("site or other pool left in:\n%s", r.Text)
	}
}

func TestUnknownPool(t *testing.T) {
	_, _, err := poolconfig.Filter(stock.AppHostConfig(), "NoSuchPool")
	var up *poolconfig.UnknownPoolError
	if !errors.As(err, &up) {
		t.Fatalf("err = %v", err)
	}
	want := `application pool "NoSuchPool" does not exist; the pools are: DefaultAppPool, .NET v4.5 Classic, .NET v4.5`
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
}

func TestMalformed(t *testing.T) {
	_, _, err := poolconfig.Filter([]byte("<configuration>\n  <system.applicationHost>\n</configuration>\n"), "x")
	want := `C:\Windows\System32\inetsrv\config\applicationHost.config(3,1): Configuration file is not well-formed XML: element <system.applicationHost> (opened at line 2) closed by </configuration>`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// Membership follows the defaults cascade: an application without
// applicationPool gets applicationDefaults; sites and location tags of
// other pools go, comments stay byte-identical, and an ancestor
// application of another pool is kept for inheritance.
func TestDefaultsCascadeAndLocations(t *testing.T) {
	const src = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.webServer">
            <section name="directoryBrowse" overrideModeDefault="Allow" />
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <applicationPools>
            <add name="A" />
            <!-- B runs as a domain account -->
            <add name="B">
                <processModel identityType="SpecificUser" userName="CORP\b" password="[enc:AesProvider:xyz:enc]" />
            </add>
        </applicationPools>
        <sites>
            <site name="One" id="1">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="C:\one" />
                </application>
                <application path="/b" applicationPool="B">
                    <virtualDirectory path="/" physicalPath="C:\one\b" />
                </application>
            </site>
            <site name="Two" id="2">
                <application path="/" applicationPool="B">
                    <virtualDirectory path="/" physicalPath="C:\two" />
                </application>
            </site>
            <applicationDefaults applicationPool="A" />
        </sites>
    </system.applicationHost>
    <location path="Two">
        <system.webServer>
            <directoryBrowse enabled="true" />
        </system.webServer>
    </location>
    <location path="One/b"><system.webServer><directoryBrowse enabled="true" /></system.webServer></location>
</configuration>
`
	ra := filterResult(t, []byte(src), "A")
	wantA := `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.webServer">
            <section name="directoryBrowse" overrideModeDefault="Allow" />
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <applicationPools>
            <add name="A" />
            <!-- B runs as a domain account -->
        </applicationPools>
        <sites>
            <site name="One" id="1">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="C:\one" />
                </application>
            </site>
            <applicationDefaults applicationPool="A" />
        </sites>
    </system.applicationHost>
    <location path="One/b"><system.webServer><directoryBrowse enabled="true" /></system.webServer></location>
</configuration>
`
	if ra.Text != wantA {
		t.Errorf("pool A:\n%s", ra.Text)
	}
	checkKeptBytes(t, []byte(src), ra)
	checkEquivalent(t, []byte(src), ra, nil)

	rb := filterResult(t, []byte(src), "b")
	checkKeptBytes(t, []byte(src), rb)
	// One's root application (pool A) stays: its virtual directory is where
	// the site-level web.config of One/b is read from.
	checkEquivalent(t, []byte(src), rb, []string{"STRUCTURE: The application '/' of site 'One' uses application pool 'A', which does not exist"})
	wantRules := `per-pool view of B: approximate, the filtering rules are not documented
per-pool-copy: WAS writes this copy to C:\inetpub\temp\appPools\B\B.config, readable only by the pool's identity; worker processes of the pool read it instead of applicationHost.config
    evidence: [DOC] WAS writes a per-pool copy (docs/poolview.md#per-pool-copy)
other-pools: 1 removed: application pools other than B removed from applicationPools, with their credentials
    evidence: UNCERTAIN(pool-filter-rules): field knowledge, not documented (docs/poolview.md#filtering-rules)
    line 14: add "A"
sites-without-pool: 0 removed: sites with no application in B removed
    evidence: UNCERTAIN(pool-filter-rules): field knowledge, not documented (docs/poolview.md#filtering-rules)
other-pool-applications: 0 removed: applications of other pools removed from the kept sites
    evidence: UNCERTAIN(pool-filter-rules): field knowledge, not documented (docs/poolview.md#filtering-rules)
ancestor-applications-kept: 1 kept: applications of other pools kept because an application of B lies below them: their virtual directories locate the web.config files it inherits
    evidence: UNCERTAIN(pool-ancestor-applications) [INF]: web.config files are read per URL level from the folder that level maps to (docs/hierarchy.md#which-files-are-read)
    line 22: application "One/" (applicationPool A)
locations-of-removed-sites: 0 removed: location tags targeting removed sites removed
    evidence: UNCERTAIN(pool-filter-rules): field knowledge, not documented (docs/poolview.md#filtering-rules)
service-only-sections: 0 removed: service-only sections removed: configHistory, webLimits
    evidence: UNCERTAIN(pool-service-only-sections): field knowledge, not documented (docs/poolview.md#filtering-rules)
`
	if got := poolconfig.FormatRules(rb.Pool, rb.Rules); got != wantRules {
		t.Errorf("rules:\n%s", got)
	}
	for _, ru := range ra.Rules {
		if ru.ID == poolconfig.RulePools && (ru.Count != 1 || ru.Items[0].Note != "with its identity credentials") {
			t.Errorf("pool rule = %+v", ru)
		}
	}
}

// Real servers with several pools: Exchange 2016 (two sites, nested
// applications, 20 pools) and a public-sector server (six sites, eight
// pools, 139 location tags).
func TestCorpusGolden(t *testing.T) {
	cases := []struct {
		file, pool, golden string
		expectNew          []string
	}{
		{"microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E16-Exchange-IIS-applicationHost.config",
			"MSExchangeServicesAppPool", "exchange16-MSExchangeServicesAppPool.rules",
			[]string{
				"STRUCTURE: The application '/' of site 'Default Web Site' uses application pool 'MSExchangeOWAAppPool', which does not exist",
				"STRUCTURE: The application '/' of site 'Exchange Back End' uses application pool 'DefaultAppPool', which does not exist",
			}},
		{"NCIOCPL__pubslocator__applicationHost.config", "GUAM", "pubslocator-GUAM.rules",
			[]string{"STRUCTURE: The application '/' of site 'pubsprod.lmbps.com' uses application pool 'Classic .NET AppPool', which does not exist"}},
	}
	for _, c := range cases {
		t.Run(c.pool, func(t *testing.T) {
			orig := corpusFile(t, c.file)
			r := filterResult(t, orig, c.pool)
			testkit.Golden(t, filepath.Join("testdata", c.golden), removedReport(r))
			checkKeptBytes(t, orig, r)
			checkEquivalent(t, orig, r, c.expectNew)
		})
	}
}

// Location paths are read by the engine's rule (config.ReadLocationTag):
// the cases where trimming spaces and slashes and taking the first segment
// disagreed with it. A path the engine refuses targets no site, so its tag
// stays (the pool's copy reports the engine's error); a valid path's first
// segment names the site, case-insensitively, empty segments skipped.
func TestLocationPathsByEngineRule(t *testing.T) {
	const src = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <applicationPools>
            <add name="A" />
            <add name="B" />
        </applicationPools>
        <sites>
            <site name="One" id="1">
                <application path="/" applicationPool="A">
                    <virtualDirectory path="/" physicalPath="C:\one" />
                </application>
            </site>
            <site name="Two" id="2">
                <application path="/" applicationPool="B">
                    <virtualDirectory path="/" physicalPath="C:\two" />
                </application>
            </site>
        </sites>
    </system.applicationHost>
    <location path="TWO"><system.webServer /></location>
    <location path="Two//x"><system.webServer /></location>
    <location path=" Two"><system.webServer /></location>
    <location path="/Two"><system.webServer /></location>
    <location path="Two/"><system.webServer /></location>
    <location path="One\x"><system.webServer /></location>
    <location path=" "><system.webServer /></location>
    <location path="one//x"><system.webServer /></location>
</configuration>
`
	r := filterResult(t, []byte(src), "A")
	var removed []string
	for _, ru := range r.Rules {
		if ru.ID == poolconfig.RuleLocations {
			for _, it := range ru.Items {
				removed = append(removed, it.Name)
			}
		}
	}
	if got := fmt.Sprintf("%q", removed); got != `["TWO" "Two//x"]` {
		t.Errorf("removed location tags = %s", got)
	}
	for _, kept := range []string{`" Two"`, `"/Two"`, `"Two/"`, `"One\x"`, `" "`, `"one//x"`} {
		if !strings.Contains(r.Text, `<location path=`+kept) {
			t.Errorf("tag %s removed; the engine refuses or keeps its path:\n%s", kept, r.Text)
		}
	}
	checkKeptBytes(t, []byte(src), r)
}
