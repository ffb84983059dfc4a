package config_test

// FuzzEvaluate feeds the engine random workspaces. The fuzzer's bytes are
// cut at NUL bytes (never valid in XML, so a mutation rarely moves a cut by
// accident) into up to three files:
//
//	part 0  applicationHost.config (empty: the stock one, so that the
//	        web.config parts are read through a realistic server)
//	part 1  C:\inetpub\wwwroot\web.config      (root of the stock Default Web Site)
//	part 2  C:\inetpub\wwwroot\sub\web.config  (a folder below it)
//
// Each workspace is evaluated at the server level, at every site root
// (and its /sub and /app paths) and checked with Check. The engine must
// never panic or hang, and every diagnostic must be well-formed: an id from
// the catalogue with its HRESULT, a message, and a non-negative position
// when it names a file.
//
// Run: go test ./engine/config -run=^$ -fuzz=FuzzEvaluate -fuzztime=150s
// Crashers are written to testdata/fuzz/FuzzEvaluate and stay as seeds.

import (
	"bytes"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

const (
	fuzzSiteWebConfig = `C:\inetpub\wwwroot\web.config`
	fuzzSubWebConfig  = `C:\inetpub\wwwroot\sub\web.config`
	// fuzzMaxInput keeps each execution fast; big inputs add nothing the
	// corpus tests do not already cover.
	fuzzMaxInput = 64 << 10
	// fuzzMaxSites bounds the site roots evaluated per input.
	fuzzMaxSites = 4
	// fuzzDeadline: one input that takes this long is a hang.
	fuzzDeadline = 20 * time.Second
)

// fuzzAppHost is a small applicationHost.config with two sites, an
// application whose folder is the sub web.config's, a pool, a lock and
// an unlock, so that mutations reach lock resolution and merging.
const fuzzAppHost = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <configSections>
    <sectionGroup name="system.applicationHost">
      <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
      <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
    </sectionGroup>
    <sectionGroup name="system.webServer">
      <section name="defaultDocument" overrideModeDefault="Allow" />
      <section name="handlers" overrideModeDefault="Deny" />
      <section name="staticContent" overrideModeDefault="Allow" />
      <sectionGroup name="security">
        <section name="access" overrideModeDefault="Deny" />
      </sectionGroup>
    </sectionGroup>
  </configSections>
  <system.applicationHost>
    <applicationPools>
      <add name="DefaultAppPool" managedRuntimeVersion="v4.0" />
    </applicationPools>
    <sites>
      <site name="Default Web Site" id="1">
        <application path="/">
          <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
        </application>
        <application path="/app" applicationPool="DefaultAppPool">
          <virtualDirectory path="/" physicalPath="C:\inetpub\wwwroot\sub" />
        </application>
        <bindings><binding protocol="http" bindingInformation="*:80:" /></bindings>
      </site>
      <site name="Other" id="2">
        <application path="/"><virtualDirectory path="/" physicalPath="D:\other" /></application>
      </site>
      <applicationDefaults applicationPool="DefaultAppPool" />
    </sites>
  </system.applicationHost>
  <system.webServer>
    <defaultDocument enabled="true">
      <files><clear /><add value="index.htm" lockItem="true" /></files>
    </defaultDocument>
    <staticContent lockElements="remove">
      <mimeMap fileExtension=".json" mimeType="application/json" />
    </staticContent>
  </system.webServer>
  <location path="Default Web Site" overrideMode="Allow">
    <system.webServer><handlers /></system.webServer>
  </location>
  <location path="Default Web Site/sub" overrideMode="Deny">
    <system.webServer><security><access sslFlags="Ssl" /></security></system.webServer>
  </location>
</configuration>
`

const fuzzSiteWeb = `<?xml version="1.0"?>
<configuration>
  <configSections>
    <section name="custom" overrideModeDefault="Deny" />
  </configSections>
  <appSettings><add key="a" value="1" /></appSettings>
  <system.webServer>
    <defaultDocument><files><add value="home.htm" /></files></defaultDocument>
    <handlers><remove name="x" /><add name="h" path="*.h" verb="*" modules="IsapiModule" /></handlers>
    <staticContent><remove fileExtension=".json" /></staticContent>
  </system.webServer>
  <location path="." inheritInChildApplications="false">
    <system.web><compilation debug="true" /></system.web>
  </location>
  <location path="sub" overrideMode="Deny"><system.webServer><defaultDocument /></system.webServer></location>
</configuration>
`

const fuzzSubWeb = `<configuration>
  <system.webServer>
    <defaultDocument enabled="false"><files><remove value="index.htm" /></files></defaultDocument>
    <handlers><clear /></handlers>
  </system.webServer>
  <appSettings configSource="app.config" />
</configuration>
`

// fuzzSplit cuts the input into at most three parts at NUL bytes; the third
// part keeps any further NULs.
func fuzzSplit(data []byte) [][]byte {
	return bytes.SplitN(data, []byte{0}, 3)
}

func fuzzJoin(parts ...string) []byte {
	return []byte(strings.Join(parts, "\x00"))
}

// fuzzWorkspace builds the workspace of one input.
func fuzzWorkspace(data []byte) *workspace.Workspace {
	parts := fuzzSplit(data)
	ws := workspace.New()
	if len(parts[0]) == 0 {
		ws = stock.Workspace()
	} else {
		ws.Set(workspace.AppHostPath, parts[0])
	}
	if len(parts) > 1 {
		ws.Set(fuzzSiteWebConfig, parts[1])
	}
	if len(parts) > 2 {
		ws.Set(fuzzSubWebConfig, parts[2])
	}
	return ws
}

// fuzzAddCorpusSeeds adds small real files from the shared corpus, when
// present: applicationHost.config fragments as part 0, web.config-like
// files as part 1 over the stock server and as a parent/child pair.
func fuzzAddCorpusSeeds(f *testing.F) {
	dir, ok := testkit.CorpusDir()
	if !ok {
		return
	}
	add := func(glob string, max int, seed func(b []byte)) {
		names, _ := filepath.Glob(filepath.Join(dir, glob))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil || len(b) > max {
				continue
			}
			seed(b)
		}
	}
	add("webconfig/*", 4<<10, func(b []byte) { f.Add(fuzzJoin("", string(b))) })
	add("webconfig/*", 2<<10, func(b []byte) { f.Add(fuzzJoin("", fuzzSiteWeb, string(b))) })
	add("applicationhost/*", 16<<10, func(b []byte) { f.Add(fuzzJoin(string(b))) })
}

func FuzzEvaluate(f *testing.F) {
	f.Add(fuzzJoin(fuzzAppHost, fuzzSiteWeb, fuzzSubWeb))
	f.Add(fuzzJoin("", fuzzSiteWeb, fuzzSubWeb))
	f.Add(fuzzJoin("", "<configuration><system.webServer><handlers><add name=\"a\" path=\"*\" verb=\"*\" /></handlers></system.webServer></configuration>"))
	f.Add(fuzzJoin(fuzzAppHost))
	f.Add(fuzzJoin("<configuration/>"))
	f.Add(fuzzJoin("<configuration><location path=\"Default Web Site\" allowOverride=\"false\" overrideMode=\"Allow\"/></configuration>"))
	f.Add(fuzzJoin("", "<configuration><configSections><section name=\"x\"/><section name=\"x\"/></configSections><x/><x/></configuration>"))
	f.Add(fuzzJoin("", "<configuration><system.webServer><defaultDocument configSource=\"dd.config\"/></system.webServer></configuration>"))
	f.Add(fuzzJoin("", "<configuration><location path=\"sub\"><system.webServer><staticContent><clear/></staticContent></system.webServer></location></configuration>", "<configuration><system.webServer lockItem=\"true\"/></configuration>"))
	f.Add(fuzzJoin("", "<?xml version=\"1.0\"?>\n<configuration>\n  <system.webServer>\n    <httpErrors><error statusCode=\"404\" path=\"x\"/><error statusCode=\"404\" path=\"y\"/></httpErrors>\n  </system.webServer>\n</configuration"))
	fuzzAddCorpusSeeds(f)

	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			return
		}
		ws := fuzzWorkspace(data)
		var bad []string
		err := corpusGuard("FuzzEvaluate", fuzzDeadline, func() {
			e := config.New(ws)
			paths := []string{"MACHINE", "MACHINE/WEBROOT", corpusServerPath}
			for i, s := range e.SiteMap().Sites {
				if i == fuzzMaxSites {
					break
				}
				site := corpusServerPath + "/" + s.Name
				paths = append(paths, site, site+"/sub", site+"/app")
			}
			for _, p := range paths {
				r := e.Evaluate(p, config.EvalOptions{})
				if r == nil {
					bad = append(bad, "Evaluate("+p+") returned nil")
					continue
				}
				for _, d := range r.Diagnostics {
					if msg := corpusCheckDiag(d); msg != "" {
						bad = append(bad, p+": "+msg+": "+corpusFormat(d))
					}
				}
			}
			for _, d := range e.Check() {
				if msg := corpusCheckDiag(d); msg != "" {
					bad = append(bad, "Check: "+msg+": "+corpusFormat(d))
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Error(b)
		}
	})
}
