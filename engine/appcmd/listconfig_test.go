package appcmd

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
)

const siteWebConfig = `C:\inetpub\wwwroot\web.config`

func runOK(t *testing.T, e *config.Engine, line string) string {
	t.Helper()
	got, err := Run(e, SplitCommandLine(line))
	if err != nil {
		t.Fatalf("%s: error %q (code %d)", line, err.Text, err.Code)
	}
	return got
}

// The DOC capture: child elements are printed even when nothing in them
// is set. The stock server sets only the ASP template cache folder.
func TestListConfigPrintsEmptyChildElements(t *testing.T) {
	e := config.New(stock.Workspace())
	got := runOK(t, e, `list config "Default Web Site/" /section:asp`)
	want := crlf(
		`<system.webServer>`,
		`  <asp>`,
		`    <session />`,
		`    <comPlus />`,
		`    <cache diskTemplateCacheDirectory="%SystemDrive%\inetpub\temp\ASP Compiled Templates" />`,
		`    <limits />`,
		`  </asp>`,
		`</system.webServer>`)
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// docs/collections.md#mergeappend: prepend collections put deeper additions first.
func TestListConfigMergedCollection(t *testing.T) {
	e := engineWith(t, map[string]string{siteWebConfig: `<?xml version="1.0"?>
<configuration>
  <system.webServer>
    <defaultDocument>
      <files>
        <add value="home2.html" />
      </files>
    </defaultDocument>
  </system.webServer>
</configuration>
`})
	got := runOK(t, e, `list config "Default Web Site" /section:system.webServer/defaultDocument`)
	want := crlf(
		`<system.webServer>`,
		`  <defaultDocument enabled="true">`,
		`    <files>`,
		`      <add value="home2.html" />`,
		`      <add value="Default.htm" />`,
		`      <add value="Default.asp" />`,
		`      <add value="index.htm" />`,
		`      <add value="index.html" />`,
		`      <add value="iisstart.htm" />`,
		`      <add value="default.aspx" />`,
		`    </files>`,
		`  </defaultDocument>`,
		`</system.webServer>`)
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestListConfigAllAttributesAndEscaping(t *testing.T) {
	e := engineWith(t, map[string]string{siteWebConfig: `<configuration>
  <appSettings>
    <add key="greeting" value="a &lt;b&gt; &amp; &quot;c&quot; 'd'" />
  </appSettings>
</configuration>
`})
	got := runOK(t, e, `list config "Default Web Site" /section:appSettings /config:*`)
	want := crlf(
		`<appSettings file="">`,
		`  <add key="greeting" value="a &lt;b&gt; &amp; &quot;c&quot; 'd'" />`,
		`</appSettings>`)
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	got = runOK(t, e, `list config "Default Web Site" /section:directoryBrowse /config:*`)
	want = crlf(
		`<system.webServer>`,
		`  <directoryBrowse enabled="false" showFlags="Date, Time, Size, Extension" />`,
		`</system.webServer>`)
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// Several sections: each is its own object with its own group wrappers.
func TestListConfigSeveralSections(t *testing.T) {
	e := config.New(stock.Workspace())
	got := runOK(t, e, `list config /section:directoryBrowse /section:system.webServer/security/authentication/anonymousAuthentication`)
	want := crlf(
		`<system.webServer>`,
		`  <directoryBrowse enabled="false" />`,
		`</system.webServer>`,
		`<system.webServer>`,
		`  <security>`,
		`    <authentication>`,
		`      <anonymousAuthentication enabled="true" userName="IUSR" />`,
		`    </authentication>`,
		`  </security>`,
		`</system.webServer>`)
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	all := runOK(t, e, `list config`)
	if !strings.HasPrefix(all, "<") || strings.Count(all, "<system.webServer>\r\n") < 20 {
		t.Errorf("list config without /section printed too little:\n%s", all[:min(len(all), 500)])
	}
}

// The classic 500.19: a site web.config sets a section the server locks.
func TestListConfigLockedSection(t *testing.T) {
	e := config.New(stock.Workspace())
	w := e.Workspace().Clone()
	w.Set(siteWebConfig, []byte("<configuration>\r\n  <system.webServer>\r\n    <security>\r\n      <authentication>\r\n        <windowsAuthentication enabled=\"true\" />\r\n      </authentication>\r\n    </security>\r\n  </system.webServer>\r\n</configuration>\r\n"))
	e = config.New(w)
	_, err := Run(e, SplitCommandLine(`list config "Default Web Site" /section:windowsAuthentication`))
	want := "ERROR ( message:Configuration error\r\n" +
		`Filename: \\?\C:\inetpub\wwwroot\web.config` + "\r\n" +
		"Line Number: 5\r\n" +
		`Description: This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".` + "\r\n" +
		". )"
	if err == nil || err.Text != want || err.Code != 33 {
		t.Fatalf("got %+v\nwant %q (code 33)", err, want)
	}
	// Other sections of the same path still read: the lock is section-level.
	if _, err := Run(e, SplitCommandLine(`list config "Default Web Site" /section:asp`)); err != nil {
		t.Errorf("asp: %q", err.Text)
	}
}

func TestListConfigBrokenFile(t *testing.T) {
	e := engineWith(t, map[string]string{siteWebConfig: "<configuration>\r\n  <system.webServer>\r\n</configuration>\r\n"})
	_, err := Run(e, SplitCommandLine(`list config "Default Web Site" /section:asp`))
	if err == nil || !strings.HasPrefix(err.Text, "ERROR ( message:Configuration error\r\nFilename: \\\\?\\C:\\inetpub\\wwwroot\\web.config\r\nLine Number: ") ||
		!strings.HasSuffix(err.Text, "Description: Configuration file is not well-formed XML\r\n. )") || err.Code != 13 {
		t.Fatalf("got %+v", err)
	}
}

func TestListSectionNames(t *testing.T) {
	e := config.New(stock.Workspace())
	got := runOK(t, e, `list config /section:?`)
	if !strings.Contains(got, "system.webServer/asp\r\n") || !strings.Contains(got, "appSettings\r\n") {
		t.Errorf("section list lacks expected names:\n%s", got)
	}
}
