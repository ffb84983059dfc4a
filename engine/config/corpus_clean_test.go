package config_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/features"
	"github.com/iisconf/iisconf/engine/workspace"
)

// corpusNeeds are the server features (engine/features) each corpus file
// needs: what its server had installed. A web.config using <rewrite> came
// from a server with URL Rewrite; applicationHost.config files declare
// their extensions themselves, and only gain the schema file a feature
// installs (Advanced Logging extends the built-in sites section).
var corpusNeeds = map[string]string{
	"webconfig/Ahmedaminn1__AdventureWorksMicroservices__publish-web.config":                                                                   "ancm",
	"webconfig/AlgorithmicArchive__SahayataNidhiISSS__publish-web.config":                                                                      "ancm",
	"webconfig/aspnet__AspNetCoreModule__test-WebRoot-parent-web.config":                                                                       "ancm",
	"webconfig/aspnet__AspNetCoreModule__test-WebRoot-URLRewrite-web.config":                                                                   "rewrite",
	"webconfig/benmcevoy__FatDividends__Umbraco-web.config":                                                                                    "rewrite",
	"webconfig/Lunchportalen__lunchportalen__Umbraco-web.config":                                                                               "rewrite,ancm",
	"webconfig/NuGet__NuGetGallery__src-NuGetGallery-Web.config":                                                                               "rewrite",
	"webconfig/tjanczuk__iisnode__src-samples-configuration-web.config":                                                                        "iisnode",
	"webconfig/tjanczuk__iisnode__src-samples-urlrewrite-web.config":                                                                           "rewrite,iisnode",
	"webconfig/umbraco__OurUmbraco__OurUmbraco.Site-web.vsts.config":                                                                           "rewrite",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-ExchangeBackEnd-PowerShell_web.config": "winrm",
	"applicationhost/Nordstrom__epg-interview-sysadmin__iis-applicationHost.config":                                                            "advancedlogging",
}

// corpusFragmentKinds are kinds that are not configuration files of their
// own: documentation snippets and fragments, configSource targets and
// System.Configuration test files. Placed as a site's web.config, such a
// file's root is not <configuration>, which IIS rejects as it would; that
// one diagnostic (ROOT) is expected of them.
var corpusFragmentKinds = map[string]bool{
	"docs-snippet": true, "config-fragment": true, "configSource-target": true,
	"applicationhost-fragment": true,
}

// TestCorpusClean: every file of the corpus's applicationhost/ and
// webconfig/ folders (and every site tree built from them), placed where
// its kind belongs and with the server features it needs installed, passes
// Check with no diagnostic caused by a gap of ours. What remains is a real
// error of the file as IIS would see it on that server, listed with the
// reason in corpusReal; an entry that no longer occurs fails the test, so
// the list cannot go stale. Malformed files are TestCorpusMalformed's.
//
// Diagnostics looked at: every error, and every NOSCHEMA warning. An
// evaluation that reads no section by name warns only about IIS's own
// sections (system.webServer, system.applicationHost, system.ftpServer):
// a missing schema there is a gap in our schema files, while a .NET
// section such as log4net or machine.config's runtime has no IIS schema
// on a real server either, and IIS says nothing about it.
//
// An administration.config is also checked as an applicationHost.config
// (what a user pasting one gets): its MachineToWebRoot sections must
// stand (docs/declarations.md).
func TestCorpusClean(t *testing.T) {
	root, all := corpusManifest(t)
	var cases []corpusCase
	kindOf := map[string]string{}
	for _, e := range all {
		if e.malformed || !(strings.HasPrefix(e.local, "applicationhost/") || strings.HasPrefix(e.local, "webconfig/")) {
			continue
		}
		if _, skip := corpusExcluded[e.local]; skip {
			continue
		}
		c := corpusPlace(t, root, e, all)
		kindOf[c.name] = e.kind
		cases = append(cases, c)
		if e.kind == "administration.config" {
			ws := workspace.New()
			ws.Set(workspace.AppHostPath, corpusRead(t, root, e))
			cases = append(cases, corpusCase{name: "as-apphost:" + e.local, ws: ws, placed: workspace.AppHostPath})
		}
	}
	// The site trees of TestCorpusLoads are left out: they put several
	// applications of one repository into folders of one site, so
	// MachineToApplication sections below the root fail for a reason of
	// the placement, not of the files.
	seen := map[string]bool{}
	var before, after, gaps, files int
	for _, c := range cases {
		if ids := corpusNeeds[c.name]; ids != "" {
			fs, err := features.Resolve(ids)
			if err != nil {
				t.Fatal(err)
			}
			before += len(corpusLooked(config.New(c.ws).Check()))
			c.ws, _, err = features.Install(config.New(c.ws), fs)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		var got []diag.Diagnostic
		if err := corpusGuard(c.name, corpusDeadline, func() { got = corpusLooked(config.New(c.ws).Check()) }); err != nil {
			t.Fatal(err)
		}
		var bad []string
		real := 0
		for _, d := range got {
			if corpusFragmentKinds[kindOf[c.name]] && d.ID == diag.Root {
				continue
			}
			k := fmt.Sprintf("%s|%s|%s|%d", c.name, d.ID, shortFile(d.File), d.Line)
			any := fmt.Sprintf("%s|%s|%s|*", c.name, d.ID, shortFile(d.File))
			if _, ok := corpusReal[k]; ok {
				seen[k] = true
				real++
				continue
			}
			if _, ok := corpusReal[any]; ok {
				seen[any] = true
				real++
				continue
			}
			if _, ok := corpusGaps[k]; ok {
				seen[k] = true
				gaps++
				continue
			}
			bad = append(bad, k+"  "+d.Message)
		}
		if real > 0 {
			files++
		}
		after += real
		if len(bad) > 0 {
			t.Errorf("%s: diagnostics not listed as real errors (a gap of ours, or a real error to list in corpusReal with its reason):\n  %s", c.name, strings.Join(bad, "\n  "))
		}
	}
	var stale []string
	for _, m := range []map[string]string{corpusReal, corpusGaps} {
		for k := range m {
			if !seen[k] {
				stale = append(stale, k)
			}
		}
	}
	sort.Strings(stale)
	for _, k := range stale {
		t.Errorf("corpusReal entry %s no longer occurs: remove it", k)
	}
	t.Logf("%d cases; %d real diagnostics remain in %d of them, and %d known gaps of ours (corpusGaps); the %d cases needing features had %d diagnostics without them", len(cases), after, files, gaps, len(corpusNeeds), before)
}

// corpusLooked keeps the diagnostics TestCorpusClean looks at.
func corpusLooked(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error || d.ID == diag.NoSchema {
			out = append(out, d)
		}
	}
	return out
}

func shortFile(p string) string { return p[strings.LastIndexAny(p, `\/`)+1:] }

// corpusReal lists the diagnostics that are real errors of the corpus
// files, keyed "<case>|<id>|<file name>|<line>" ("*" for every line of
// the file with that id), each with the reason. Anything else is a gap of
// ours. "On the stock server" means the file is placed in its Default Web
// Site: a real error there may not occur on the server the file came from,
// which had unlocked or removed what the stock server has.
var corpusReal = map[string]string{
	// httpCompression <dynamicCompression> (a copy-pasted block from the
	// ASP.NET Core Module sample): no IIS or IIS Express schema (7.0 ... 10,
	// corpus schema/*IIS_schema.xml) has that element; the collection is
	// <dynamicTypes>. Reading httpCompression for the site fails.
	"applicationhost/0sm0sis__CorePowerSandbox__.vs-config-applicationhost.config|ELEM_UNK|applicationHost.config|991":          "no <dynamicCompression> element in any httpCompression schema (it is <dynamicTypes>)",
	"applicationhost/aspnet__AspNetCoreModule__samples-SampleServer-applicationhost.config|ELEM_UNK|applicationHost.config|981": "no <dynamicCompression> element in any httpCompression schema (it is <dynamicTypes>)",
	// caching/profiles <add duration="00:00:00">: every IIS_schema.xml of
	// the corpus declares duration with timeSpanRange 1,4294967,1. These
	// Jexus Manager fixtures were written by its own MWA clone, whose
	// validator skips minimum 1 (the Tests-administration.config case sits
	// beside the same fixture applicationHost.config).
	"applicationhost/jexuswebserver__JexusManager__Microsoft.Web.Administration-Resources-original.config|VALUE|applicationHost.config|285": "caching profile duration 00:00:00 below the schema minimum of 1 second",
	"applicationhost/jexuswebserver__JexusManager__Tests-administration.config|VALUE|applicationHost.config|310":                            "caching profile duration 00:00:00 below the schema minimum of 1 second",
	"applicationhost/jexuswebserver__JexusManager__Tests-expected3.config|VALUE|applicationHost.config|310":                                 "caching profile duration 00:00:00 below the schema minimum of 1 second",
	"applicationhost/jexuswebserver__JexusManager__Tests-original2.config|VALUE|applicationHost.config|297":                                 "caching profile duration 00:00:00 below the schema minimum of 1 second",

	// A trace listener <add name="myListener"/> that refers to a shared
	// listener: .NET accepts it, but IIS's FX_schema.xml declares
	// listeners/add/@type required, so appcmd and MWA reading
	// system.diagnostics fail (a reader's error; IIS never reads it).
	"webconfig/Glimpse__Glimpse__source-Glimpse.Test.Integration.Site-Web.config|REQ|web.config|82": "FX_schema.xml makes listeners/add/@type required; readers of system.diagnostics fail",
	// Samples showing client-certificate and globalization set-ups that
	// define security/access and the authentication sections in
	// web.config: all overrideModeDefault="Deny" on a stock server (the
	// samples' own instructions unlock them in applicationHost.config).
	"webconfig/HansKindberg-Lab__My-.NET-Solutions__Source-Web-Client-Certificate-NET-Core-MVC-Web.config|LOCKED|web.config|*":      "sections locked by default on the stock server (overrideModeDefault=\"Deny\")",
	"webconfig/HansKindberg-Lab__My-.NET-Solutions__Source-Web-Client-Certificate-NET-Framework-MVC-Web.config|LOCKED|web.config|*": "sections locked by default on the stock server (overrideModeDefault=\"Deny\")",
	"webconfig/HansKindberg-Lab__My-.NET-Solutions__Source-Web-Globalization-NET-Core-MVC-Web.config|LOCKED|web.config|9":           "security/access locked by default on the stock server (overrideModeDefault=\"Deny\")",
	// <mimeMap fileExtension=".less"> without a <remove> first: IIS 10's
	// stock MIME list (Windows Server 2019 and later) maps .less already,
	// so the add duplicates an inherited key. Written for an older IIS.
	"webconfig/Kooboo__CMS__Kooboo.CMS-Kooboo.CMS.Modules-Kooboo.CMS.Modules.Publishing-Kooboo.CMS.Modules.Publishing.Web-Web.config|DUP_KEY|web.config|138": "IIS 10 maps .less already: duplicate mimeMap",
	"webconfig/Kooboo__CMS__Kooboo.CMS-Kooboo.CMS.Web-Web.config|DUP_KEY|web.config|141":                                                                     "IIS 10 maps .less already: duplicate mimeMap",
	// httpCompression with <scheme name="gzip"> and the stock MIME types,
	// all already inherited from applicationHost.config (the gallery runs
	// on Azure App Service, whose server differs).
	"webconfig/NuGet__NuGetGallery__src-NuGetGallery-Web.config|DUP_KEY|web.config|*": "httpCompression scheme and types duplicate the stock server's",
	// A module folder's web.config adding handler StaticFile, which the
	// stock server defines; Orchard's root web.config clears the handlers
	// first, but this file is checked alone in the site root.
	"webconfig/OrchardCMS__Orchard__src-Orchard.Web-Modules-Orchard.Layouts-Styles-Web.config|DUP_KEY|web.config|9": "StaticFile handler inherited from the stock server (the parent that clears it is not in this case)",
	// configSource files the repositories keep out of source control (their
	// connection strings): absent here, so the reference fails as it would
	// on a server without them.
	"webconfig/SparkDevNetwork__Rockit__RockWeb-web.config|CFGSRC|web.config|41":                                                                                                                              "configSource web.ConnectionStrings.config is not in the repository",
	"webconfig/smartstore__SmartStoreNET__src-Presentation-SmartStore.Web-Web.config|CFGSRC|web.config|406":                                                                                                   "configSource ConnectionStrings.config is not in the repository",
	"webconfig/dotnet__AspNetDocs__aspnet-web-forms-overview-older-versions-getting-started-deploying-web-site-projects-users-and-roles-on-the-production-website-cs-samples-sample1.xml|CFGSRC|web.config|5": "documentation snippet naming a configSource file it does not include",
	// The same appSettings key added twice in one file.
	"webconfig/episerver__AlloyDemoKit__src-AlloyDemoKit-Web.config|DUP_KEY|web.config|31":  "appSettings key ValidationSettings:UnobtrusiveValidationMode added twice",
	"webconfig/umbraco__OurUmbraco__OurUmbraco.Site-web.vsts.config|DUP_KEY|web.config|102": "appSettings key ValidationSettings:UnobtrusiveValidationMode added twice",
	"webconfig/umbraco__OurUmbraco__OurUmbraco.Site-web.vsts.config|DUP_KEY|web.config|113": "appSettings key SlackIconUrl added twice",
	// Line 585 of the rewrite maps file reads `<add key="..." /> value="..." />`:
	// text inside <rewriteMap>.
	"webconfig/umbraco__OurUmbraco__OurUmbraco.Site-web.vsts.config|TEXT|IISRewriteMaps.config|585": "stray text ' value=\"...\" />' inside a rewriteMap",
	// ASP.NET 3.5 section declarations for system.web.extensions in an
	// application running on .NET 4, whose machine.config declares the same
	// sections with 4.0 types: the well-known "There is a duplicate
	// 'system.web.extensions/scripting/scriptResourceHandler' section
	// defined" of 3.5 applications moved to a 4.0 pool.
	"webconfig/jerryhoff__WebGoat.NET__WebGoat-Web.config|DECL_DUP|web.config|*": "3.5 system.web.extensions declarations clash with .NET 4's machine.config",
	// Exchange 2019's virtual directories' web.configs: they rely on
	// Exchange's applicationHost.config unlocking serverRuntime and the
	// modules its installer added with lockItem; on the stock server
	// serverRuntime is locked and removing a lockItem module is a violation.
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite-MAPI_web.config|LOCKED|web.config|11":        "serverRuntime locked by default on the stock server",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite-MAPI_web.config|LOCKVIOL|web.config|*":       "removes modules the stock server adds with lockItem=\"true\"",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite-OWA_web.config|LOCKED|web.config|15":         "serverRuntime locked by default on the stock server",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite-OWA_web.config|LOCKVIOL|web.config|*":        "removes modules the stock server adds with lockItem=\"true\"",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite-PowerShell_web.config|LOCKED|web.config|55":  "serverRuntime locked by default on the stock server",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite-PowerShell_web.config|LOCKVIOL|web.config|*": "removes modules the stock server adds with lockItem=\"true\"",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite_web.config|LOCKED|web.config|5":              "serverRuntime locked by default on the stock server",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-DefaultWebSite_web.config|LOCKVIOL|web.config|*":            "removes modules the stock server adds with lockItem=\"true\"",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-ExchangeBackEnd-MapiEmsmdb_web.config|LOCKED|web.config|60": "serverRuntime locked by default on the stock server",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-ExchangeBackEnd-OWA_web.config|LOCKED|web.config|23":        "serverRuntime locked by default on the stock server",
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-ExchangeBackEnd-PowerShell_web.config|LOCKED|web.config|58": "serverRuntime locked by default on the stock server",
	// system.web/httpHandlers <add preCondition="..."> (an IIS handlers
	// attribute): ASPNET_schema.xml has no such attribute, so readers of
	// the section fail; integrated-mode ASP.NET never reads httpHandlers.
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-ExchangeBackEnd-EWS_web.config|ATTR_UNK|web.config|110": "system.web/httpHandlers has no preCondition attribute",
	// Mono's System.Configuration tests of error handling.
	"webconfig/mono__mono__mcs-class-System.Configuration-Test-standalone-t19.exe.config|LOCKLIST|web.config|2": "test fixture: lockAllAttributesExcept names an unknown attribute on purpose",
	"webconfig/mono__mono__mcs-class-System.Configuration-Test-standalone-t3.exe.config|DUP_KEY|web.config|5":   "test fixture: a duplicate appSettings key on purpose",
}

// corpusGaps are diagnostics caused by something iisconf lacks, with what
// is missing: the honest remainder of TestCorpusClean.
var corpusGaps = map[string]string{
	// The WinRM IIS Extension's schema file: no copy exists to take its
	// facts from, so the section it declares reads as schema-less.
	"webconfig/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-ExchangeBackEnd-PowerShell_web.config|NOSCHEMA|web.config|16": "no schema for system.management.wsmanagement.config (WinRM IIS Extension)",
}
