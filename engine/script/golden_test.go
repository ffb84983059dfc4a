package script_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/script"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/testkit"
	"github.com/iisconf/iisconf/engine/workspace"
)

const siteWebConfig = `C:\inetpub\wwwroot\web.config`

// edit returns the stock server with applicationHost.config changed by
// replacements (old → new, each of which must apply) and files added.
func edit(t *testing.T, replace []string, files map[string]string) *workspace.Workspace {
	t.Helper()
	w := stock.Workspace()
	if len(replace) > 0 {
		f, _ := w.Get(workspace.AppHostPath)
		text := string(f.Text)
		for i := 0; i+1 < len(replace); i += 2 {
			if !strings.Contains(text, replace[i]) {
				t.Fatalf("stock applicationHost.config has no %q", replace[i])
			}
			text = strings.Replace(text, replace[i], replace[i+1], 1)
		}
		w.Set(workspace.AppHostPath, []byte(text))
	}
	for p, s := range files {
		w.Set(p, []byte(s))
	}
	return w
}

// goldenScenarios are the changes whose scripts are kept as golden
// files in the three languages: together they cover attribute set and
// removal, child elements, collection add, remove, clear and in-place
// item edits, nested collections (a new site), location tags, section
// locks and unlocks, granular locks and a definition removed.
func goldenScenarios(t *testing.T) []struct {
	name     string
	from, to *workspace.Workspace
} {
	before := `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <directoryBrowse enabled="true" showFlags="Date, Time" />
        <staticContent>
            <mimeMap fileExtension=".log" mimeType="text/plain" />
        </staticContent>
        <security>
            <requestFiltering>
                <requestLimits maxAllowedContentLength="1048576" />
            </requestFiltering>
        </security>
        <httpErrors errorMode="Detailed" />
    </system.webServer>
</configuration>
`
	after := `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <directoryBrowse showFlags="Date, Time, Size" />
        <staticContent>
            <mimeMap fileExtension=".log" mimeType="text/x-log" />
            <mimeMap fileExtension=".webmanifest" mimeType="application/manifest+json" />
        </staticContent>
        <defaultDocument>
            <files>
                <clear />
                <add value="index.php" />
                <add value="home.html" />
            </files>
        </defaultDocument>
        <httpProtocol>
            <customHeaders>
                <remove name="X-Powered-By" />
                <add name="Strict-Transport-Security" value="max-age=31536000" lockItem="true" />
            </customHeaders>
        </httpProtocol>
        <security>
            <requestFiltering />
        </security>
    </system.webServer>
    <location path="reports">
        <system.webServer>
            <directoryBrowse enabled="true" lockAttributes="enabled" />
        </system.webServer>
    </location>
</configuration>
`
	return []struct {
		name     string
		from, to *workspace.Workspace
	}{
		{"site-web-config", edit(t, nil, map[string]string{siteWebConfig: before}), edit(t, nil, map[string]string{siteWebConfig: after})},
		{"server", stock.Workspace(), edit(t, []string{
			`<add name=".NET v4.5" managedRuntimeVersion="v4.0" />`,
			`<add name=".NET v4.5" managedRuntimeVersion="v4.0" />
            <add name="Shop Pool" managedPipelineMode="Integrated" startMode="AlwaysRunning">
                <processModel identityType="NetworkService" idleTimeout="00:00:00" />
            </add>`,
			`            <siteDefaults>`,
			`            <site name="Shop" id="2" serverAutoStart="true">
                <application path="/" applicationPool="Shop Pool">
                    <virtualDirectory path="/" physicalPath="D:\Sites\Shop" />
                    <virtualDirectory path="/images" physicalPath="\\files\shop\images" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:shop.example.com" />
                    <binding protocol="https" bindingInformation="*:443:shop.example.com" />
                </bindings>
            </site>
            <siteDefaults>`,
			`<logFile logFormat="W3C" directory="%SystemDrive%\inetpub\logs\LogFiles" />`,
			`<logFile logFormat="W3C" directory="D:\Logs" period="Hourly" />`,
			`<directoryBrowse enabled="false" />`,
			`<directoryBrowse enabled="false" showFlags="Date, Size" />`,
			`</configuration>`,
			`    <location path="Shop">
        <system.webServer>
            <security>
                <authentication>
                    <windowsAuthentication enabled="true" />
                    <anonymousAuthentication enabled="false" />
                </authentication>
            </security>
        </system.webServer>
    </location>
    <location path="Default Web Site" overrideMode="Allow">
        <system.webServer>
            <handlers />
        </system.webServer>
    </location>
    <location path="Shop/admin" overrideMode="Deny">
        <system.webServer>
            <directoryBrowse enabled="false" />
        </system.webServer>
    </location>
</configuration>`,
		}, nil)},
	}
}

func TestGoldenScripts(t *testing.T) {
	for _, sc := range goldenScenarios(t) {
		t.Run(sc.name, func(t *testing.T) {
			p := script.Build(sc.from, sc.to)
			lines, an := script.AppCmd(p)
			ps, pn := script.PowerShell(p)
			cs, cn := script.CSharp(p)
			for _, ns := range [][]script.Note{p.Notes, an, pn, cn} {
				for _, n := range ns {
					t.Errorf("note: %+v", n)
				}
			}
			testkit.Golden(t, filepath.Join("testdata", sc.name+".appcmd.txt"), strings.Join(lines, "\n")+"\n")
			testkit.Golden(t, filepath.Join("testdata", sc.name+".ps1"), strings.Join(ps, "\n")+"\n")
			testkit.Golden(t, filepath.Join("testdata", sc.name+".cs"), cs)
			v := script.Verify(sc.from, sc.to, lines, nil)
			for _, r := range v.Refused {
				t.Errorf("line %d refused: %s\n%s", r.Line, r.Command, r.Message)
			}
			for _, d := range v.Differ {
				t.Errorf("%s differs after replay: %s", d.Path, d.What)
			}
		})
	}
}
