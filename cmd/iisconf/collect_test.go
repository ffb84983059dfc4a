package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/testkit"
	"github.com/iisconf/iisconf/engine/workspace"
)

// tree writes files into a drive-mirroring folder: keys are paths
// relative to it ("C/inetpub/wwwroot/web.config"), values their text, or
// "corpus:<file>" for a file of the shared corpus.
func tree(t *testing.T, corpus string, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, text := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if rest, ok := strings.CutPrefix(text, "corpus:"); ok {
			data, err := os.ReadFile(filepath.Join(corpus, filepath.FromSlash(rest)))
			if err != nil {
				t.Fatal(err)
			}
			text = string(data)
		}
		if rest, ok := strings.CutPrefix(text, "dir:"); ok {
			_ = rest
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// secretWebConfig is our own text: the corpus holds no real passwords.
const secretWebConfig = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Shop" connectionString="Server=sql01;Database=Shop;User ID=shop;Password=Tr0ub4dor&amp;3" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="PaymentApiKey" value="sk_live_51Hx9" />
    <add key="Theme" value="blue" />
  </appSettings>
  <system.webServer>
    <defaultDocument>
      <files>
        <add value="home.aspx" />
      </files>
    </defaultDocument>
  </system.webServer>
</configuration>
`

// A full IIS server from the corpus (four sites, pools running 32-bit),
// with real web.config files in its sites, a configSource target, a
// folder deeper than the search goes, a missing site folder and
// configuration history: collect takes what a support engineer needs,
// redacts the secrets and says what it could not read.
func TestCollectServer(t *testing.T) {
	corpus := testkit.Corpus(t)
	cfg := "C/Windows/System32/inetsrv/config/"
	deep := "C/vhosts/redisoncloud.com/http/a/b/c/d/e/f/g/web.config"
	root := tree(t, corpus, map[string]string{
		cfg + "applicationHost.config":                                         "corpus:applicationhost/c1982__IIS-SharedGitConfig__applicationHost.config",
		cfg + "administration.config":                                          "corpus:applicationhost/c1982__IIS-SharedGitConfig__administration.config",
		cfg + "redirection.config":                                             "corpus:applicationhost/c1982__IIS-SharedGitConfig__redirection.config",
		cfg + "schema/IIS_schema.xml":                                          "corpus:schema/lextm__iis_schema__iis10__IIS_schema.xml",
		cfg + "schema/rewrite_schema.xml":                                      "corpus:schema/lextm__iis_schema__iis7.5__rewrite_schema.xml",
		"C/Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config": "corpus:machine/SegarraFacundo__AcademiaFacultad__machine.config",
		"C/Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config":     string(stock.RootWebConfig()),
		"C/Windows/Microsoft.NET/Framework/v4.0.30319/Config/machine.config":   "corpus:machine/ZhangGaoxing__t4-template__machine.config",
		"C/inetpub/wwwroot/web.config":                                         "" + secretWebConfig,
		"C/inetpub/wwwroot/iisstart.htm":                                       "<html></html>",
		"C/vhosts/redisoncloud.com/http/Web.config":                            "corpus:webconfig/smartstore__SmartStoreNET__src-Presentation-SmartStore.Web-Web.config",
		"C/vhosts/redisoncloud.com/http/Config/SessionState.config":            "corpus:webconfig/smartstore__SmartStoreNET__src-Presentation-SmartStore.Web-Config-SessionState.config",
		deep:                                  "<configuration />",
		"C/vhosts/deneme.com/http/web.config": "dir:",
		"C/Windows/System32/inetsrv/backup/Before/applicationHost.config": "corpus:applicationhost/c1982__IIS-SharedGitConfig__applicationHost.config",
		"C/inetpub/history/CFGHISTORY_0000000001/applicationHost.config":  "corpus:applicationhost/c1982__IIS-SharedGitConfig__applicationHost.config",
		"@env": "SystemDrive=C:\nwindir=C:\\Windows\n",
	})
	// A web.config the collecting account may not read (a root test
	// process reads it anyway).
	locked := filepath.Join(root, "C", "vhosts", "deneme.com", "http", "web.config")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o644)
	out := filepath.Join(t.TempDir(), "server.txtar")
	stdout, stderr, code := runCLI("collect", "-root", root, "-history", "-o", out)
	if code != exitFound || stderr != "" {
		t.Fatalf("code %d (want 1: something unreadable), stderr %q\n%s", code, stderr, stdout)
	}
	for _, want := range []string{
		`C:\Windows\System32\inetsrv\config\applicationHost.config  — applicationHost.config`,
		`C:\Windows\System32\inetsrv\config\schema\rewrite_schema.xml  — schema file`,
		`C:\Windows\System32\inetsrv\config\schema\IIS_schema.xml  — Windows' own schema file`,
		`C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Config\machine.config  — .NET Framework v4.0.30319 (Framework64) machine.config`,
		`C:\Windows\Microsoft.NET\Framework64\v4.0.30319\Config\web.config  — the same as the stock server's`,
		`C:\Windows\Microsoft.NET\Framework\v4.0.30319\Config\machine.config  — .NET Framework v4.0.30319 (Framework) machine.config`,
		`C:\vhosts\redisoncloud.com\http\Web.config  — site "redisoncloud.com"`,
		`C:\vhosts\redisoncloud.com\http\Config\SessionState.config  — configSource of <sessionState>`,
		`C:\vhosts\redisoncloud.com\http\Config\ConnectionStrings.config  — configSource of <connectionStrings> in C:\vhosts\redisoncloud.com\http\Web.config: does not exist`,
		`C:\vhosts\ikinci.com\http  — site "ikinci.com", application /, virtual directory /: does not exist`,
		`subfolders deeper than 6 levels below the virtual directory were not searched`,
		`C:\Windows\System32\inetsrv\backup\Before\applicationHost.config  — backup Before`,
		`C:\inetpub\history\CFGHISTORY_0000000001\applicationHost.config  — configuration history CFGHISTORY_0000000001`,
		`redacted: `,
		`C:\inetpub\wwwroot\web.config:4  Password in connectionString`,
		`wrote ` + out,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if os.Geteuid() != 0 && !strings.Contains(stdout, `C:\vhosts\deneme.com\http\web.config  — site "deneme.com", application /, virtual directory /: access denied`) {
		t.Error("an unreadable web.config must be listed as unreadable")
	}
	if t.Failed() {
		t.Log(stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if strings.Contains(text, "Tr0ub4dor") || strings.Contains(text, "sk_live_51Hx9") || !strings.Contains(text, "[redacted]") || !strings.Contains(text, `value="blue"`) {
		t.Error("secrets must be redacted and nothing else")
	}
	if strings.Contains(text, "iisstart") || strings.Contains(text, `-- C:\Windows\System32\inetsrv\config\schema\IIS_schema.xml --`) || strings.Contains(text, `\g\web.config --`) {
		t.Error("the bundle holds files it should have left out")
	}
	ws, err := workspace.ParseBundle(data)
	if err != nil {
		t.Fatalf("the bundle does not read back: %v", err)
	}
	if c := workspace.BundleComment(data); !strings.HasPrefix(c, "Collected by iisconf collect") || !strings.Contains(c, "unreadable: ") {
		t.Errorf("comment: %q", c)
	}
	// The engineer opens it: every site evaluates, and the effective
	// configuration is the server's (read from the mirror) but for the
	// redacted values.
	if err := os.Remove(filepath.Join(root, "@env")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(locked, 0o644)
	for _, site := range []string{"Default Web Site", "redisoncloud.com"} {
		o, e, code := runCLI("diff", "-w", root, "-w2", out, "-path", site, "-json")
		if code == exitUsage {
			t.Fatalf("diff %s: %s%s", site, o, e)
		}
		var rep struct {
			Sections []struct {
				Name    string
				Changes []struct {
					Path, Kind string
					Right      *struct{ Value string }
				}
			}
		}
		if err := json.Unmarshal([]byte(o), &rep); err != nil {
			t.Fatal(err)
		}
		for _, s := range rep.Sections {
			for _, c := range s.Changes {
				if c.Kind == "source" {
					continue
				}
				if c.Right == nil || !strings.Contains(c.Right.Value, "[redacted]") {
					t.Errorf("%s: %s %s differs from the server's: %s %+v", site, s.Name, c.Path, c.Kind, c.Right)
				}
			}
		}
	}
	if _, ok := ws.Get(`C:\inetpub\wwwroot\web.config`); !ok {
		t.Error("the site's web.config is missing")
	}
	if v, _ := ws.Getenv("SystemDrive"); v != "C:" {
		t.Errorf("SystemDrive %q", v)
	}
}

// Shared configuration on a share, and Windows on D:: the
// applicationHost.config in effect is taken from the share, the local
// configuration files land at the paths the workspace reads, and the
// environment says where Windows and the system drive are.
func TestCollectSharedConfigurationOnD(t *testing.T) {
	corpus := testkit.Corpus(t)
	cfg := "D/Windows/System32/inetsrv/config/"
	root := tree(t, corpus, map[string]string{
		cfg + "applicationHost.config": "corpus:applicationhost/c1982__IIS-SharedGitConfig__applicationHost.config",
		cfg + "redirection.config": `<configuration>
    <configSections>
        <section name="configurationRedirection" />
    </configSections>
    <configurationRedirection enabled="true" path="\\fileserver\iisconfig" userName="CONTOSO\iisshare" password="Summer2026!" />
</configuration>
`,
		"UNC/fileserver/iisconfig/applicationHost.config": "corpus:applicationhost/dorik84__Web-Server-IIS__applicationHost.config",
		"UNC/fileserver/iisconfig/administration.config":  "corpus:applicationhost/c1982__IIS-SharedGitConfig__administration.config",
		"D/inetpub/wwwroot/web.config":                    "corpus:webconfig/smartstore__SmartStoreNET__src-Presentation-SmartStore.Web-Config-SessionState.config",
		"@env":                                            "SystemDrive=D:\nwindir=D:\\Windows\nSystemRoot=D:\\Windows\n",
	})
	out := filepath.Join(t.TempDir(), "shared.txtar")
	stdout, stderr, code := runCLI("collect", "-root", root, "-o", out)
	if code == exitUsage || stderr != "" {
		t.Fatalf("code %d, stderr %q\n%s", code, stderr, stdout)
	}
	for _, want := range []string{
		`D:\Windows\System32\inetsrv\config\applicationHost.config (as C:\Windows\System32\inetsrv\config\applicationHost.config)`,
		`\\fileserver\iisconfig\applicationHost.config  — applicationHost.config of the shared configuration`,
		`\\fileserver\iisconfig\administration.config  — administration.config of the shared configuration`,
		`D:\inetpub\wwwroot\web.config  — site "Default Web Site"`,
		`C:\Windows\System32\inetsrv\config\redirection.config:5  password on <configurationRedirection>`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q\n%s", want, stdout)
		}
	}
	data, _ := os.ReadFile(out)
	if strings.Contains(string(data), "Summer2026!") {
		t.Error("the share's password is in the bundle")
	}
	o, _, code := runCLI("eval", "-w", out, "-path", "MACHINE/WEBROOT/APPHOST", "-section", "defaultDocument")
	if code != 0 || !strings.Contains(o, `MACHINE/WEBROOT/APPHOST: \\fileserver\iisconfig\applicationHost.config`) {
		t.Errorf("the collected workspace does not read the shared configuration:\n%s", o)
	}
}

// An application whose folder lies inside its site's folder (the usual
// layout): its web.config is listed as the application's, not as a
// subfolder of the site's, and it is taken once.
func TestCollectApplicationInsideSiteFolder(t *testing.T) {
	corpus := testkit.Corpus(t)
	apphost := strings.Replace(string(stock.AppHostConfig()), "</application>", `</application>
                <application path="/gallery">
                    <virtualDirectory path="/" physicalPath="C:\inetpub\wwwroot\Gallery\" />
                </application>`, 1)
	if !strings.Contains(apphost, "/gallery") {
		t.Fatal("the stock applicationHost.config changed: the application was not added")
	}
	root := tree(t, corpus, map[string]string{
		"C/Windows/System32/inetsrv/config/applicationHost.config": apphost,
		"C/inetpub/wwwroot/web.config":                             "corpus:webconfig/Glimpse__Glimpse__source-Glimpse.WebForms.WingTip.Sample-Web.config",
		"C/inetpub/wwwroot/Gallery/web.config":                     "corpus:webconfig/NuGet__NuGetGallery__src-NuGetGallery-Web.config",
		"C/inetpub/wwwroot/Gallery/Views/web.config":               "<configuration />",
		"@env": "SystemDrive=C:\nwindir=C:\\Windows\n",
	})
	out := filepath.Join(t.TempDir(), "server.txtar")
	stdout, stderr, code := runCLI("collect", "-root", root, "-o", out)
	if code == exitUsage || stderr != "" {
		t.Fatalf("code %d, stderr %q\n%s", code, stderr, stdout)
	}
	for _, want := range []string{
		`C:\inetpub\wwwroot\web.config  — site "Default Web Site", application /, virtual directory /`,
		`C:\inetpub\wwwroot\Gallery\web.config  — site "Default Web Site", application /gallery, virtual directory /`,
		`C:\inetpub\wwwroot\Gallery\Views\web.config  — site "Default Web Site", application /gallery, virtual directory /`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, `Gallery\web.config  —`); n != 1 {
		t.Errorf("the application's web.config is listed %d times\n%s", n, stdout)
	}
}

// -no-redact is the customer's explicit choice: the bundle keeps the
// secrets, and the summary still lists each one, so that they know what
// they are sending; ciphertext is listed as such.
func TestCollectNoRedact(t *testing.T) {
	corpus := testkit.Corpus(t)
	encrypted := `<configuration>
  <connectionStrings configProtectionProvider="RsaProtectedConfigurationProvider">
    <EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" xmlns="http://www.w3.org/2001/04/xmlenc#">
      <CipherData><CipherValue>bm90IGEgcmVhbCBjaXBoZXJ0ZXh0</CipherValue></CipherData>
    </EncryptedData>
  </connectionStrings>
</configuration>
`
	root := tree(t, corpus, map[string]string{
		"C/Windows/System32/inetsrv/config/applicationHost.config": string(stock.AppHostConfig()),
		"C/Windows/System32/inetsrv/config/schema/x.txt":           "",
		"C/inetpub/wwwroot/web.config":                             secretWebConfig,
		"C/inetpub/wwwroot/secure/web.config":                      encrypted,
		"@env":                                                     "SystemDrive=C:\nwindir=C:\\Windows\n",
	})
	for _, noRedact := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "server.txtar")
		args := []string{"collect", "-root", root, "-o", out}
		if noRedact {
			args = append(args, "-no-redact")
		}
		stdout, stderr, code := runCLI(args...)
		if code == exitUsage || stderr != "" {
			t.Fatalf("%v: code %d, stderr %q\n%s", args, code, stderr, stdout)
		}
		data, _ := os.ReadFile(out)
		kept := strings.Contains(string(data), "Tr0ub4dor") && strings.Contains(string(data), "sk_live_51Hx9")
		if kept != noRedact {
			t.Errorf("-no-redact=%v: secrets kept %v", noRedact, kept)
		}
		if !strings.Contains(string(data), "bm90IGEgcmVhbCBjaXBoZXJ0ZXh0") {
			t.Errorf("-no-redact=%v: the ciphertext must stay as it is", noRedact)
		}
		wants := []string{`C:\inetpub\wwwroot\web.config:4  Password in connectionString`, `C:\inetpub\wwwroot\secure\web.config`}
		if noRedact {
			wants = append(wants, "secrets: NOT redacted (-no-redact); 2 found, left in", "Password in connectionString on <add> (left in: -no-redact)")
		} else {
			wants = append(wants, "redacted: 2 secrets, replaced by [redacted]")
		}
		wants = append(wants, "encrypted: 1 value kept as ciphertext", `C:\inetpub\wwwroot\secure\web.config:4  encrypted value (<CipherValue>)`+"\n")
		for _, want := range wants {
			if !strings.Contains(stdout, want) {
				t.Errorf("-no-redact=%v: summary lacks %q\n%s", noRedact, want, stdout)
			}
		}
	}
}

func TestCollectUsage(t *testing.T) {
	for _, args := range [][]string{
		{"collect", "-root", t.TempDir()},                          // no -o
		{"collect", "-root", "/no/such/folder", "-o", "x.txtar"},   // no root
		{"collect", "-root", t.TempDir(), "-o", "x.txtar", "more"}, // stray argument
	} {
		_, errOut, code := runCLI(args...)
		if code != exitUsage || !strings.HasPrefix(errOut, "iisconf: ") {
			t.Errorf("%q: code %d, stderr %q", args, code, errOut)
		}
	}
}
