package diag

import (
	"reflect"
	"strings"
	"testing"
)

const lockedMessage = `This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".`

func lockedInWebConfig() Diagnostic {
	d := placed(Locked, `C:\inetpub\wwwroot\web.config`, 71, 6)
	d.ConfigPath = "MACHINE/WEBROOT/APPHOST/Default Web Site/app"
	d.Section = "system.webServer/handlers"
	return d
}

// webConfigLines is a file whose lines 70–72 are those of the
// docs/diagnostics.md#detailed-error-page example; every other line is "<!-- n
// -->".
func webConfigLines(last int) func(int) (string, bool) {
	return func(n int) (string, bool) {
		switch {
		case n < 1 || n > last:
			return "", false
		case n == 70:
			return `    <modules runAllManagedModulesForAllRequests="true" />`, true
		case n == 71:
			return "    <handlers>\r", true // a CRLF file: the CR must not reach the page
		case n == 72:
			return `      <remove name="UrlRoutingHandler" />`, true
		}
		return "<!-- line -->", true
	}
}

func TestAppCmdLocked(t *testing.T) {
	want := "ERROR ( message:Configuration error\r\n" +
		`Filename: \\?\C:\inetpub\wwwroot\web.config` + "\r\n" +
		"Line Number: 71\r\n" +
		"Description: " + lockedMessage + "\r\n" +
		". )"
	if got := AppCmd(lockedInWebConfig()); got != want {
		t.Fatalf("AppCmd =\n%q\nwant\n%q", got, want)
	}
}

func TestAppCmdUnknownLine(t *testing.T) {
	d := placed(ReadFile, `C:\Windows\System32\inetsrv\config\applicationHost.config`, 0, 0)
	want := "ERROR ( message:Configuration error\r\n" +
		`Filename: \\?\C:\Windows\System32\inetsrv\config\applicationHost.config` + "\r\n" +
		"Line Number: 0\r\n" +
		"Description: Cannot read configuration file\r\n" +
		". )"
	if got := AppCmd(d); got != want {
		t.Fatalf("AppCmd =\n%q\nwant\n%q", got, want)
	}
}

func TestFilelessRenderers(t *testing.T) {
	d := placed(PathUnknown, "", 0, 0, "MACHINE/WEBROOT/APPHOST/Nope")
	if got, want := AppCmd(d), "ERROR ( message:Unrecognized configuration path 'MACHINE/WEBROOT/APPHOST/Nope' )"; got != want {
		t.Errorf("AppCmd = %q, want %q", got, want)
	}
	if got, want := MWA(d), "Filename: \r\nError: Unrecognized configuration path 'MACHINE/WEBROOT/APPHOST/Nope'\r\n\r\n"; got != want {
		t.Errorf("MWA = %q, want %q", got, want)
	}
}

func TestMWALocked(t *testing.T) {
	want := `Filename: \\?\C:\inetpub\wwwroot\web.config` + "\r\nLine number: 71\r\nError: " + lockedMessage + "\r\n\r\n"
	if got := MWA(lockedInWebConfig()); got != want {
		t.Fatalf("MWA =\n%q\nwant\n%q", got, want)
	}
	d := placed(Access, `C:\inetpub\wwwroot\web.config`, 0, 0)
	if got, want := MWA(d), `Filename: \\?\C:\inetpub\wwwroot\web.config`+"\r\nError: Cannot read configuration file due to insufficient permissions\r\n\r\n"; got != want {
		t.Errorf("MWA without line = %q, want %q", got, want)
	}
}

func TestLongPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "",
		`C:\a\web.config`:              `\\?\C:\a\web.config`,
		`\\?\C:\a`:                     `\\?\C:\a`,
		`\\fs01\share\site\web.config`: `\\?\UNC\fs01\share\site\web.config`, // UNCERTAIN(unc-long-path)
	} {
		if got := LongPath(in); got != want {
			t.Errorf("LongPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPageLockedMatchesSpec compares with the
// docs/diagnostics.md#detailed-error-page example byte for byte (with its
// <message> placeholder filled in).
func TestPageLockedMatchesSpec(t *testing.T) {
	p := Page50019(lockedInWebConfig(), "http://localhost:80/app/", `C:\inetpub\wwwroot\app`, webConfigLines(200))
	want := "HTTP Error 500.19 - Internal Server Error\n" +
		"The requested page cannot be accessed because the related configuration data for the page is invalid.\n" +
		"Detailed Error Information:\n" +
		"Module          IIS Web Core\n" +
		"Notification    BeginRequest\n" +
		"Handler         Not yet determined\n" +
		"Error Code      0x80070021\n" +
		"Config Error    " + lockedMessage + "\n" +
		`Config File     \\?\C:\inetpub\wwwroot\web.config` + "\n" +
		"Requested URL   http://localhost:80/app/\n" +
		`Physical Path   C:\inetpub\wwwroot\app` + "\n" +
		"Logon Method    Not yet determined\n" +
		"Logon User      Not yet determined\n" +
		"Config Source:\n" +
		`   70:     <modules runAllManagedModulesForAllRequests="true" />` + "\n" +
		"   71:     <handlers>\n" +
		`   72:       <remove name="UrlRoutingHandler" />` + "\n"
	if got := p.Text(); got != want {
		t.Fatalf("Text =\n%s\nwant\n%s", got, want)
	}
	if p.Status != 500 || p.SubStatus != 19 {
		t.Errorf("status %d.%d", p.Status, p.SubStatus)
	}
	wantSource := []SourceLine{
		{70, `    <modules runAllManagedModulesForAllRequests="true" />`, false},
		{71, "    <handlers>", true},
		{72, `      <remove name="UrlRoutingHandler" />`, false},
	}
	if !reflect.DeepEqual(p.Source, wantSource) {
		t.Errorf("Source = %+v", p.Source)
	}
}

// TestPageFilePhase records the Notification split, UNCERTAIN(page-notification), and the
// excerpt at the first line of a file.
func TestPageFilePhase(t *testing.T) {
	d := placed(SecDup, `C:\inetpub\wwwroot\web.config`, 1, 1, "system.webServer/modules")
	p := Page50019(d, "", "", webConfigLines(3))
	if p.Notification != "Unknown" {
		t.Errorf("Notification = %q, want Unknown", p.Notification)
	}
	text := p.Text()
	wantTail := "Error Code      0x800700b7\n" +
		"Config Error    Config section 'system.webServer/modules' already defined. Sections must only appear once per config file. See the help topic <location> for exceptions\n" +
		`Config File     \\?\C:\inetpub\wwwroot\web.config` + "\n" +
		"Requested URL\n" +
		"Physical Path\n" +
		"Logon Method    Not yet determined\n" +
		"Logon User      Not yet determined\n" +
		"Config Source:\n" +
		"    1: <!-- line -->\n" +
		"    2: <!-- line -->\n"
	if !strings.HasSuffix(text, wantTail) {
		t.Fatalf("Text =\n%s\nwant suffix\n%s", text, wantTail)
	}
}

func TestPageExcerptAtLastLine(t *testing.T) {
	d := lockedInWebConfig()
	d.Line = 72
	p := Page50019(d, "u", "p", webConfigLines(72))
	want := []SourceLine{
		{71, "    <handlers>", false},
		{72, `      <remove name="UrlRoutingHandler" />`, true},
	}
	if !reflect.DeepEqual(p.Source, want) {
		t.Fatalf("Source = %+v, want %+v", p.Source, want)
	}
	if !strings.HasSuffix(p.Text(), "Config Source:\n   71:     <handlers>\n   72:       <remove name=\"UrlRoutingHandler\" />\n") {
		t.Errorf("Text = %s", p.Text())
	}
}

func TestPageNoLine(t *testing.T) {
	d := placed(ReadFile, `C:\Windows\System32\inetsrv\config\applicationHost.config`, 0, 0)
	p := Page50019(d, "http://localhost:80/", `C:\inetpub\wwwroot`, nil)
	if !strings.HasSuffix(p.Text(), "Config Source:\n   -1: \n    0: \n") {
		t.Fatalf("Text = %q", p.Text())
	}
	if want := []SourceLine{{-1, "", false}, {0, "", true}}; !reflect.DeepEqual(p.Source, want) {
		t.Errorf("Source = %+v", p.Source)
	}
	// A line past the end of the text available falls back the same way.
	d.Line = 9
	if got := Page50019(d, "", "", webConfigLines(3)).Source; !reflect.DeepEqual(got, []SourceLine{{-1, "", false}, {0, "", true}}) {
		t.Errorf("Source past end = %+v", got)
	}
}

// TestPageKeepsTrailingSpaces: CFGSEC_POS ends in three spaces that are part
// of IIS's message.
func TestPageKeepsTrailingSpaces(t *testing.T) {
	d := placed(CfgSecPos, `C:\inetpub\wwwroot\web.config`, 5, 3)
	if !strings.Contains(Page50019(d, "", "", nil).Text(), "root <configuration> element   \n") {
		t.Error("trailing spaces of the message were lost")
	}
}
