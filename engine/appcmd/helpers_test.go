package appcmd

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// shopSite is a second site added to the stock server: stopped, two
// bindings, an application with its own pool and a nested vdir.
const shopSite = `            <site name="Shop" id="2" serverAutoStart="false">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="C:\shop" />
                    <virtualDirectory path="/img" physicalPath="D:\images" />
                </application>
                <application path="/app1" applicationPool="ShopPool">
                    <virtualDirectory path="/" physicalPath="C:\shop\app1" />
                    <virtualDirectory path="/vdir1" physicalPath="C:\shop\vdir1" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8081:" />
                    <binding protocol="https" bindingInformation="*:8443:" />
                </bindings>
            </site>
            <siteDefaults>`

const shopPool = `            <add name="ShopPool" managedRuntimeVersion="" autoStart="false">
                <processModel identityType="NetworkService" />
            </add>
            <applicationPoolDefaults managedRuntimeVersion="v4.0">`

// engineWith returns an engine over the stock server with the Shop site
// and pool added and the given extra files.
func engineWith(t *testing.T, files map[string]string) *config.Engine {
	t.Helper()
	w := stock.Workspace()
	host := string(stock.AppHostConfig())
	for old, repl := range map[string]string{"            <siteDefaults>": shopSite, `            <applicationPoolDefaults managedRuntimeVersion="v4.0">`: shopPool} {
		if !strings.Contains(host, old) {
			t.Fatalf("stock applicationHost.config no longer contains %q", old)
		}
		host = strings.Replace(host, old, strings.ReplaceAll(repl, "\n", "\r\n"), 1)
	}
	w.Set(workspace.AppHostPath, []byte(host))
	for p, text := range files {
		w.Set(p, []byte(text))
	}
	return config.New(w)
}

// crlf joins lines the way appcmd prints them.
func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }
