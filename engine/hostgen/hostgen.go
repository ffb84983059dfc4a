// Package hostgen generates synthetic workspaces for benchmarks and
// robustness tests: a hosting provider's server with thousands of sites,
// location tags and web.config files, built on the stock server's
// declarations. Output is deterministic for given options.
package hostgen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Options size the server.
type Options struct {
	Sites      int // <site> entries, each with an application and a root vdir
	Locations  int // <location path="SiteN"> tags in applicationHost.config
	WebConfigs int // site web.config files
	Pools      int // application pools shared by the sites
}

// Hosting is the "hosting server": 10,000 sites, 10,000 location
// tags, 1,000 web.configs (about 8 MB in all).
var Hosting = Options{Sites: 10000, Locations: 10000, WebConfigs: 1000, Pools: 200}

// SiteName is the name of site i (1-based).
func SiteName(i int) string { return fmt.Sprintf("customer%05d.example.com", i) }

// SiteRoot is the physical root folder of site i.
func SiteRoot(i int) string { return fmt.Sprintf(`D:\Hosting\%05d\wwwroot`, i) }

// Workspace builds the server: the stock applicationHost.config with the
// generated pools, sites and location tags spliced in.
func Workspace(o Options) *workspace.Workspace {
	ws := workspace.New()
	ws.Set(workspace.AppHostPath, AppHost(o))
	for i := 1; i <= o.WebConfigs && i <= o.Sites; i++ {
		ws.Set(SiteRoot(i)+`\web.config`, WebConfig(i))
	}
	return ws
}

// AppHost returns the generated applicationHost.config text.
func AppHost(o Options) []byte {
	src := stock.AppHostConfig()
	var pools, sites, locs bytes.Buffer
	for p := 1; p <= o.Pools; p++ {
		fmt.Fprintf(&pools, "            <add name=\"pool%03d\" managedRuntimeVersion=\"v4.0\" autoStart=\"true\">\r\n"+
			"                <processModel identityType=\"ApplicationPoolIdentity\" idleTimeout=\"00:20:00\" />\r\n"+
			"                <recycling logEventOnRecycle=\"Time, Memory\">\r\n"+
			"                    <periodicRestart time=\"1.05:00:00\" />\r\n"+
			"                </recycling>\r\n"+
			"            </add>\r\n", p)
	}
	for i := 1; i <= o.Sites; i++ {
		pool := 1
		if o.Pools > 0 {
			pool = 1 + i%o.Pools
		}
		fmt.Fprintf(&sites, "            <site name=\"%s\" id=\"%d\" serverAutoStart=\"true\">\r\n"+
			"                <application path=\"/\" applicationPool=\"pool%03d\">\r\n"+
			"                    <virtualDirectory path=\"/\" physicalPath=\"%s\" />\r\n"+
			"                </application>\r\n"+
			"                <bindings>\r\n"+
			"                    <binding protocol=\"http\" bindingInformation=\"*:80:%s\" />\r\n"+
			"                </bindings>\r\n"+
			"            </site>\r\n", SiteName(i), i+1, pool, SiteRoot(i), SiteName(i))
	}
	for i := 1; i <= o.Locations; i++ {
		site := SiteName(1 + (i-1)%max(o.Sites, 1))
		fmt.Fprintf(&locs, "    <location path=\"%s\" overrideMode=\"Allow\">\r\n"+
			"        <system.webServer>\r\n"+
			"            <security>\r\n"+
			"                <authentication>\r\n"+
			"                    <anonymousAuthentication enabled=\"true\" userName=\"IUSR_%05d\" />\r\n"+
			"                </authentication>\r\n"+
			"            </security>\r\n"+
			"        </system.webServer>\r\n"+
			"    </location>\r\n", site, i)
	}
	s := string(src)
	s = insertBefore(s, "</applicationPools>", pools.String(), "        ")
	s = insertBefore(s, "<siteDefaults>", sites.String(), "            ")
	s = strings.Replace(s, "</configuration>", locs.String()+"</configuration>", 1)
	return []byte(s)
}

// insertBefore puts text before the first occurrence of marker, at the
// start of its line (indent is the marker line's indentation).
func insertBefore(s, marker, text, indent string) string {
	i := strings.Index(s, marker)
	if i < 0 {
		panic("hostgen: stock applicationHost.config has no " + marker)
	}
	j := strings.LastIndex(s[:i], "\n") + 1
	return s[:j] + text + s[j:]
}

// WebConfig returns site i's web.config: the usual things a customer sets.
func WebConfig(i int) []byte {
	return []byte(fmt.Sprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"+
		"<configuration>\r\n"+
		"  <appSettings>\r\n"+
		"    <add key=\"CustomerId\" value=\"%d\" />\r\n"+
		"  </appSettings>\r\n"+
		"  <system.web>\r\n"+
		"    <compilation debug=\"false\" targetFramework=\"4.8\" />\r\n"+
		"    <httpRuntime targetFramework=\"4.8\" maxRequestLength=\"%d\" />\r\n"+
		"  </system.web>\r\n"+
		"  <system.webServer>\r\n"+
		"    <defaultDocument>\r\n"+
		"      <files>\r\n"+
		"        <clear />\r\n"+
		"        <add value=\"index.php\" />\r\n"+
		"        <add value=\"default.aspx\" />\r\n"+
		"      </files>\r\n"+
		"    </defaultDocument>\r\n"+
		"    <staticContent>\r\n"+
		"      <remove fileExtension=\".woff2\" />\r\n"+
		"      <mimeMap fileExtension=\".woff2\" mimeType=\"font/woff2\" />\r\n"+
		"    </staticContent>\r\n"+
		"    <httpErrors errorMode=\"Custom\" />\r\n"+
		"  </system.webServer>\r\n"+
		"</configuration>\r\n", i, 4096+i))
}
