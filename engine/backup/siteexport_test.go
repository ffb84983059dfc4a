package backup

import (
	"github.com/iisconf/iisconf/engine/testkit"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

const (
	shopPool = "            <add name=\"ShopPool\" managedPipelineMode=\"Classic\" />\r\n"
	shopSite = "            <site name=\"Shop\" id=\"2\">\r\n" +
		"                <!-- the shop, kept byte for byte -->\r\n" +
		"                <application path=\"/\" applicationPool='ShopPool'>\r\n" +
		"                    <virtualDirectory path=\"/\" physicalPath=\"C:\\sites\\shop\" />\r\n" +
		"                </application>\r\n" +
		"                <application path=\"/blog\">\r\n" +
		"                    <virtualDirectory path=\"/\" physicalPath=\"%SystemDrive%\\sites\\blog\" />\r\n" +
		"                </application>\r\n" +
		"                <bindings>\r\n" +
		"                    <binding protocol=\"http\" bindingInformation=\"*:8080:\" />\r\n" +
		"                </bindings>\r\n" +
		"            </site>\r\n"
	shopLocation = "    <location path=\"Shop/blog\"   overrideMode=\"Allow\">\r\n" +
		"        <system.webServer>\r\n" +
		"            <directoryBrowse enabled=\"true\" />\r\n" +
		"        </system.webServer>\r\n" +
		"    </location>\r\n"
	// A site whose name starts like Shop's: not below it.
	shoppingLocation = "    <location path=\"Shopping\">\r\n" +
		"        <system.webServer />\r\n" +
		"    </location>\r\n"
)

// withShop is the stock applicationHost.config with the Shop site, its
// pool and location tags inserted where an import puts them, plus extra
// after them.
func withShop(t *testing.T, extraLocation string) string {
	t.Helper()
	f, _ := stock.Workspace().Get(workspace.AppHostPath)
	s := string(f.Text)
	for _, r := range [][2]string{
		{"            <applicationPoolDefaults ", shopPool},
		{"            <siteDefaults>", shopSite},
		{"</configuration>", shopLocation + extraLocation},
	} {
		i := strings.Index(s, r[0])
		if i < 0 {
			t.Fatalf("stock applicationHost.config has no %q", r[0])
		}
		s = s[:i] + r[1] + s[i:]
	}
	return s
}

func shopWorkspace(t *testing.T) *workspace.Workspace {
	ws := stock.Workspace()
	ws.Set(workspace.AppHostPath, []byte(withShop(t, shoppingLocation)))
	ws.Set(`C:\sites\shop\web.config`, []byte("<configuration>\n  <appSettings configSource=\"settings\\app.config\" />\n</configuration>\n"))
	ws.Set(`C:\sites\shop\settings\app.config`, []byte("<appSettings>\n  <add key=\"k\" value=\"v\" />\n</appSettings>\n"))
	ws.Set(`C:\sites\shop\sub\web.config`, []byte("<configuration />\n"))
	ws.Set(`C:\sites\shop\readme.txt`, []byte("not configuration\n"))
	ws.Set(`C:\sites\blog\web.config`, []byte("<configuration>\r\n</configuration>\r\n"))
	ws.Set(`C:\sites\other\web.config`, []byte("<configuration />\n"))
	return ws
}

// The export holds the site, its pools and its location tags byte for
// byte, and the web.config and configSource files of its folders only.
func TestExportSite(t *testing.T) {
	data, err := ExportSite(config.New(shopWorkspace(t)), "shop")
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "site_export_shop.txtar"), string(data))
	if _, err := ExportSite(config.New(shopWorkspace(t)), "Nope"); err == nil || err.Error() != `ERROR ( message:Cannot find SITE object with identifier "Nope". )` {
		t.Errorf("missing site: %v", err)
	}
}

// Importing into the stock server rebuilds exactly the source's
// applicationHost.config (less the location tag of another site): every
// piece lands where the source had it, byte for byte.
func TestImportSiteRoundTrip(t *testing.T) {
	data, err := ExportSite(config.New(shopWorkspace(t)), "Shop")
	if err != nil {
		t.Fatal(err)
	}
	got, report, err := ImportSite(config.New(stock.Workspace()), data)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "site_import_shop.txt"), strings.Join(report, "\n")+"\n")
	host, _ := got.Get(workspace.AppHostPath)
	if want := withShop(t, ""); string(host.Text) != want {
		t.Errorf("applicationHost.config after import differs from the source's:\n%s", host.Text)
	}
	for _, p := range []string{`C:\sites\shop\web.config`, `C:\sites\shop\settings\app.config`, `C:\sites\shop\sub\web.config`, `C:\sites\blog\web.config`} {
		src, _ := shopWorkspace(t).Get(p)
		if f, ok := got.Get(p); !ok || string(f.Text) != string(src.Text) {
			t.Errorf("%s not imported byte for byte", p)
		}
	}
	for _, p := range []string{`C:\sites\shop\readme.txt`, `C:\sites\other\web.config`} {
		if _, ok := got.Get(p); ok {
			t.Errorf("%s was exported but is not configuration of the site", p)
		}
	}
	// The imported site serves: its application maps to its folder.
	if ids := siteIDs(got); ids != "Default Web Site=1,Shop=2" {
		t.Errorf("sites %s", ids)
	}
}

func siteIDs(ws *workspace.Workspace) string {
	var out []string
	for _, s := range config.New(ws).SiteMap().Sites {
		out = append(out, s.Name+"="+strconv.FormatInt(s.ID, 10))
	}
	return strings.Join(out, ",")
}

// A taken id moves to the next free one; a taken name refuses the import
// with appcmd's duplicate-entry error; so does a file with other content.
func TestImportSiteConflicts(t *testing.T) {
	data, err := ExportSite(config.New(shopWorkspace(t)), "Shop")
	if err != nil {
		t.Fatal(err)
	}
	ws := stock.Workspace()
	f, _ := ws.Get(workspace.AppHostPath)
	ws.Set(workspace.AppHostPath, []byte(strings.Replace(string(f.Text), "            <siteDefaults>",
		"            <site name=\"Other\" id=\"2\">\r\n                <application path=\"/\">\r\n                    <virtualDirectory path=\"/\" physicalPath=\"C:\\other\" />\r\n                </application>\r\n            </site>\r\n            <siteDefaults>", 1)))
	ws.Set(`C:\sites\shop\sub\web.config`, []byte("<configuration />\n"))
	got, report, err := ImportSite(config.New(ws), data)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("testdata", "site_import_conflict_id.txt"), strings.Join(report, "\n")+"\n")
	if ids := siteIDs(got); ids != "Default Web Site=1,Other=2,Shop=3" {
		t.Errorf("sites %s", ids)
	}

	_, _, err = ImportSite(config.New(shopWorkspace(t)), data)
	if err == nil {
		t.Fatal("importing a site over its own name succeeded")
	}
	testkit.Golden(t, filepath.Join("testdata", "site_import_conflict_name.txt"), err.Error())

	ws = stock.Workspace()
	ws.Set(`C:\sites\blog\web.config`, []byte("<configuration><!-- mine --></configuration>\n"))
	if _, _, err := ImportSite(config.New(ws), data); err == nil || err.Error() != `C:\sites\blog\web.config already exists with other content; a site import overwrites nothing` {
		t.Errorf("file conflict: %v", err)
	}
	if _, _, err := ImportSite(config.New(ws), []byte("-- C:\\x\\web.config --\n<configuration />\n")); err == nil || !strings.HasPrefix(err.Error(), "not a site export") {
		t.Errorf("not a site export: %v", err)
	}
	for frag, want := range map[string]string{
		"<configuration><system.applicationHost><sites /></system.applicationHost></configuration>":                                             "not a site export: the fragment defines no site",
		"<configuration><system.applicationHost><sites><site name=\"A\" /><site name=\"B\" /></sites></system.applicationHost></configuration>": "not a site export: the fragment defines more than one site",
		"<configuration><system.applicationHost><sites><site id=\"4\" /></sites></system.applicationHost></configuration>":                      "not a site export: the site has no name",
	} {
		bundle := "-- " + workspace.AppHostPath + " --\n" + frag + "\n"
		if _, _, err := ImportSite(config.New(stock.Workspace()), []byte(bundle)); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", frag, err, want)
		}
	}
}

// Which location tags are the site's is the engine's reading of the tag:
// one whose path the engine refuses (a leading '/', LOC_PATH_START)
// targets nothing and stays behind; the site's name in another case is
// the site.
func TestExportSiteLocationsByTheEngineRule(t *testing.T) {
	ws := shopWorkspace(t)
	ws.Set(workspace.AppHostPath, []byte(withShop(t, "    <location path=\"/Shop\">\r\n        <system.webServer />\r\n    </location>\r\n"+
		"    <location path=\"SHOP/sub\">\r\n        <system.webServer />\r\n    </location>\r\n")))
	data, err := ExportSite(config.New(ws), "Shop")
	if err != nil {
		t.Fatal(err)
	}
	if text := string(data); strings.Contains(text, `path="/Shop"`) || !strings.Contains(text, `path="SHOP/sub"`) || !strings.Contains(text, `path="Shop/blog"`) {
		t.Errorf("location tags exported:\n%s", text)
	}
}

// Under shared configuration the site is read from, and imported into,
// the share's applicationHost.config, the one the engine reads; the
// local file is left alone.
func TestSiteExportSharedConfiguration(t *testing.T) {
	const share = `\\fileserver\iisconfig\applicationHost.config`
	redirect := []byte(`<configuration><configSections><section name="configurationRedirection" /></configSections><configurationRedirection enabled="true" path="\\fileserver\iisconfig" /></configuration>`)
	src := shopWorkspace(t)
	shop, _ := src.Get(workspace.AppHostPath)
	src.Set(share, shop.Text)
	stockHost, _ := stock.Workspace().Get(workspace.AppHostPath)
	src.Set(workspace.AppHostPath, stockHost.Text)
	src.Set(workspace.RedirectionPath, redirect)
	data, err := ExportSite(config.New(src), "Shop")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ExportSite(config.New(shopWorkspace(t)), "Shop")
	if string(data) != string(want) {
		t.Errorf("export under shared configuration differs:\n%s", data)
	}

	dst := stock.Workspace()
	dst.Set(share, stockHost.Text)
	dst.Set(workspace.RedirectionPath, redirect)
	got, _, err := ImportSite(config.New(dst), data)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := got.Get(share); string(f.Text) != withShop(t, "") {
		t.Errorf("the share's applicationHost.config after import:\n%s", f.Text)
	}
	if f, _ := got.Get(workspace.AppHostPath); string(f.Text) != string(stockHost.Text) {
		t.Error("the local applicationHost.config, which the engine does not read, was changed")
	}
	if ids := siteIDs(got); ids != "Default Web Site=1,Shop=2" {
		t.Errorf("sites %s", ids)
	}
}
