package xmltree

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// hostingSites is the size of the generated hosting-server document the
// benchmarks use: a shared host with this many sites comes to about 8 MB.
const hostingSites = 10_000

var hostingOnce = sync.OnceValue(func() []byte { return hostingConfig(hostingSites) })

// hostingConfig generates an applicationHost.config like the one of a
// shared hosting server: application pools, n <site> entries (bindings,
// applications, virtual directories, log settings) and n <location>
// tags with a few system.webServer sections each. It is deterministic
// (no randomness: the variety comes from the site number), written with
// CRLF line ends, a BOM and 4-space indentation as IIS writes it, and
// uses entities and character references where real files do (URL
// rewrite patterns, connection strings).
func hostingConfig(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 850)
	w := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteString("\r\n")
	}
	b.Write(utf8BOM)
	w(`<?xml version="1.0" encoding="UTF-8"?>`)
	w(`<!--`)
	w(`    Generated for benchmarks: a shared hosting server with %d sites.`, n)
	w(`-->`)
	w(`<configuration>`)
	w(`    <configSections>`)
	w(`        <sectionGroup name="system.applicationHost">`)
	for _, s := range []string{"applicationPools", "configHistory", "customMetadata", "listenerAdapters", "log", "serviceAutoStartProviders", "sites", "webLimits"} {
		w(`            <section name="%s" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />`, s)
	}
	w(`        </sectionGroup>`)
	w(`        <sectionGroup name="system.webServer">`)
	for _, s := range []string{"asp", "caching", "cgi", "defaultDocument", "directoryBrowse", "globalModules", "handlers", "httpCompression", "httpErrors", "httpLogging", "httpProtocol", "httpRedirect", "httpTracing", "isapiFilters", "modules", "odbcLogging", "serverRuntime", "serverSideInclude", "staticContent", "urlCompression", "validation", "webSocket"} {
		w(`            <section name="%s" overrideModeDefault="Allow" />`, s)
	}
	w(`            <sectionGroup name="security">`)
	w(`                <section name="access" overrideModeDefault="Deny" />`)
	w(`                <section name="requestFiltering" overrideModeDefault="Allow" />`)
	w(`                <sectionGroup name="authentication">`)
	w(`                    <section name="anonymousAuthentication" overrideModeDefault="Deny" />`)
	w(`                    <section name="basicAuthentication" overrideModeDefault="Deny" />`)
	w(`                    <section name="windowsAuthentication" overrideModeDefault="Deny" />`)
	w(`                </sectionGroup>`)
	w(`            </sectionGroup>`)
	w(`            <sectionGroup name="rewrite">`)
	w(`                <section name="rules" overrideModeDefault="Allow" />`)
	w(`            </sectionGroup>`)
	w(`        </sectionGroup>`)
	w(`    </configSections>`)
	w(`    <system.applicationHost>`)
	w(`        <applicationPools>`)
	pools := max(n/50, 1)
	for p := 0; p < pools; p++ {
		w(`            <add name="Pool%04d" managedRuntimeVersion="v4.0" managedPipelineMode="Integrated" startMode="OnDemand" autoStart="true">`, p)
		w(`                <processModel identityType="ApplicationPoolIdentity" idleTimeout="00:20:00" loadUserProfile="true" />`)
		w(`                <recycling logEventOnRecycle="Time, Memory, PrivateMemory">`)
		w(`                    <periodicRestart time="1.05:00:00" privateMemory="%d" />`, 512000+p%7*1024)
		w(`                </recycling>`)
		w(`            </add>`)
	}
	w(`            <applicationPoolDefaults managedRuntimeVersion="v4.0">`)
	w(`                <processModel identityType="ApplicationPoolIdentity" />`)
	w(`            </applicationPoolDefaults>`)
	w(`        </applicationPools>`)
	w(`        <sites>`)
	for s := 1; s <= n; s++ {
		host := fmt.Sprintf("site%05d.example.net", s)
		w(`            <site name="Site %d" id="%d">`, s, s)
		w(`                <application path="/" applicationPool="Pool%04d">`, s%pools)
		w(`                    <virtualDirectory path="/" physicalPath="D:\Sites\site%05d\wwwroot" />`, s)
		if s%10 == 0 {
			w(`                    <virtualDirectory path="/media" physicalPath="\\fileserver%02d\media$\site%05d" userName="HOSTING\svc_media" password="[enc:IISCngProvider:%032x:enc]" />`, s%16, s, s*2654435761)
		}
		w(`                </application>`)
		if s%7 == 0 {
			w(`                <application path="/blog" applicationPool="Pool%04d" preloadEnabled="true">`, (s+1)%pools)
			w(`                    <virtualDirectory path="/" physicalPath="D:\Sites\site%05d\blog" />`, s)
			w(`                </application>`)
		}
		w(`                <bindings>`)
		w(`                    <binding protocol="http" bindingInformation="*:80:%s" />`, host)
		if s%4 == 0 {
			w(`                    <binding protocol="https" bindingInformation="*:443:%s" sslFlags="1" />`, host)
		}
		w(`                </bindings>`)
		if s%5 == 0 {
			w(`                <logFile logFormat="W3C" directory="D:\Logs\W3SVC%d" period="Daily" />`, s)
		}
		w(`            </site>`)
	}
	w(`            <siteDefaults>`)
	w(`                <logFile logFormat="W3C" directory="%%SystemDrive%%\inetpub\logs\LogFiles" />`)
	w(`                <traceFailedRequestsLogging directory="%%SystemDrive%%\inetpub\logs\FailedReqLogFiles" />`)
	w(`            </siteDefaults>`)
	w(`            <applicationDefaults applicationPool="DefaultAppPool" />`)
	w(`            <virtualDirectoryDefaults allowSubDirConfig="true" />`)
	w(`        </sites>`)
	w(`    </system.applicationHost>`)
	w(`    <system.webServer>`)
	w(`        <defaultDocument enabled="true">`)
	w(`            <files>`)
	for _, f := range []string{"Default.htm", "Default.asp", "index.htm", "index.html", "iisstart.htm", "default.aspx", "index.php"} {
		w(`                <add value="%s" />`, f)
	}
	w(`            </files>`)
	w(`        </defaultDocument>`)
	w(`    </system.webServer>`)
	for s := 1; s <= n; s++ {
		w(`    <location path="Site %d" overrideMode="Allow">`, s)
		w(`        <system.webServer>`)
		switch s % 4 {
		case 0:
			w(`            <security>`)
			w(`                <authentication>`)
			w(`                    <anonymousAuthentication userName="IUSR_site%05d" />`, s)
			w(`                </authentication>`)
			w(`            </security>`)
		case 1:
			w(`            <httpProtocol>`)
			w(`                <customHeaders>`)
			w(`                    <add name="X-Hosted-By" value="Shared &#8211; node %02d" />`, s%32)
			w(`                </customHeaders>`)
			w(`            </httpProtocol>`)
		case 2:
			w(`            <staticContent>`)
			w(`                <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />`)
			w(`            </staticContent>`)
		default:
			w(`            <httpErrors errorMode="DetailedLocalOnly" existingResponse="Auto" />`)
		}
		if s%20 == 0 {
			w(`            <rewrite>`)
			w(`                <rules>`)
			w(`                    <rule name="Canonical host &amp; HTTPS" stopProcessing="true">`)
			w(`                        <match url="(.*)" />`)
			w(`                        <conditions>`)
			w(`                            <add input="{HTTP_HOST}" pattern="^site%05d\.example\.net$" />`, s)
			w(`                        </conditions>`)
			w(`                        <action type="Redirect" url="https://www.site%05d.example.net/{R:1}?a=1&amp;b=%d" />`, s, s)
			w(`                    </rule>`)
			w(`                </rules>`)
			w(`            </rewrite>`)
		}
		if s%2 == 0 {
			w(`            <directoryBrowse enabled="false" />`)
		}
		w(`        </system.webServer>`)
		w(`    </location>`)
	}
	w(`</configuration>`)
	return b.Bytes()
}

// TestHostingConfigShape checks that the generated document is what the
// benchmarks claim: about 8 MB, well-formed, with every site and location.
func TestHostingConfigShape(t *testing.T) {
	src := hostingOnce()
	if len(src) < 7<<20 || len(src) > 10<<20 {
		t.Errorf("generated %d bytes, want about 8 MB", len(src))
	}
	doc, err := Parse(src, Limits{})
	if err != nil {
		t.Fatalf("%d:%d %s", err.Pos.Line, err.Pos.Col, err.Msg)
	}
	sites, locations := 0, 0
	for _, c := range doc.Root.Elements() {
		switch c.Name {
		case "system.applicationHost":
			for _, s := range c.Elements() {
				if s.Name == "sites" {
					for _, site := range s.Elements() {
						if site.Name == "site" {
							sites++
						}
					}
				}
			}
		case "location":
			locations++
		}
	}
	if sites != hostingSites || locations != hostingSites {
		t.Errorf("%d sites, %d locations, want %d each", sites, locations, hostingSites)
	}
	if diff := compareWithReference(src, doc, err); diff != "" {
		t.Error(diff)
	}
}
