package errorpage

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/diag"
)

func TestParsePageRoundTrip(t *testing.T) {
	d := diag.At(diag.Locked, `C:\inetpub\wwwroot\web.config`, diag.NoRange)
	d.Line, d.Column = 5, 10 // as the engine resolves it
	lines := map[int]string{4: "    <authentication>", 5: `      <windowsAuthentication enabled="true" />`, 6: "    </authentication>"}
	page := diag.Page50019(d, "http://localhost:80/", `C:\inetpub\wwwroot`, func(n int) (string, bool) { s, ok := lines[n]; return s, ok })
	p := Parse(page.Text())
	if p.Status != 500 || p.SubStatus != 19 || p.ErrorCode != "0x80070021" || p.ConfigFile != `C:\inetpub\wwwroot\web.config` ||
		p.RequestedURL != "http://localhost:80/" || p.PhysicalPath != `C:\inetpub\wwwroot` || p.Line != 5 || p.ConfigError != strings.TrimSpace(d.Message) {
		t.Fatalf("parsed %+v", p)
	}
	if len(p.Missing) != 0 || len(p.Source) != 3 || p.Source[1].Text != `      <windowsAuthentication enabled="true" />` {
		t.Errorf("found %v missing %v source %+v", p.Found, p.Missing, p.Source)
	}
}

// A browser copies the table cell by cell (label and value on separate
// lines, or separated by a tab), an older page adds rows we ignore.
func TestParsePageBrowserCopies(t *testing.T) {
	tabbed := "HTTP Error 500.19 - Internal Server Error\n" +
		"The requested page cannot be accessed because the related configuration data for the page is invalid.\n" +
		"Detailed Error Information:\n" +
		"Module\t   IIS Web Core\n" +
		"Notification\t   BeginRequest\n" +
		"Handler\t   Not yet determined\n" +
		"Error Code\t   0x8007000D\n" +
		"Config Error\t   Configuration file is not well-formed XML\n" +
		"Config File\t   \\\\?\\D:\\Sites\\Shop\\web.config\n" +
		"Requested URL\t   http://shop.example.com:80/cart\n" +
		"Physical Path\t   D:\\Sites\\Shop\\cart\n" +
		"Logon Method\t   Not yet determined\n" +
		"Logon User\t   Not yet determined\n" +
		"Failed Request Tracing Log Directory\t   C:\\inetpub\\logs\\FailedReqLogFiles\n" +
		"Config Source:\n" +
		"   11:   <system.web>\n" +
		"   12:     <compilation debug=\"true\" targetFramework=\"4.8\">\n" +
		"   13:   </system.web>\n\n" +
		"More Information:\nThis error occurs when there is a problem reading the configuration file.\n"
	p := Parse(tabbed)
	if p.ErrorCode != "0x8007000d" || p.ConfigFile != `D:\Sites\Shop\web.config` || p.Line != 12 || p.RequestedURL != "http://shop.example.com:80/cart" {
		t.Errorf("tabbed: %+v", p)
	}
	cells := "Error Code\n\n0x80070021\nConfig Error\nThis configuration section cannot be used at this path.\nConfig File\n\\\\?\\UNC\\files\\share\\web.config\nConfig Source:\n   -1: \n    0: \n"
	p = Parse(cells)
	if p.ErrorCode != "0x80070021" || p.ConfigFile != `\\files\share\web.config` || p.Line != 0 || len(p.Source) != 2 {
		t.Errorf("cells: %+v", p)
	}
	if !reflect.DeepEqual(p.Missing, []string{"Requested URL", "Physical Path"}) {
		t.Errorf("missing %v", p.Missing)
	}
}

func TestParsePagePartialAndJunk(t *testing.T) {
	p := Parse("we get Error Code 0x80070021 sometimes")
	if p.ErrorCode != "" || len(p.Found) != 0 {
		t.Errorf("a sentence is not a page: %+v", p)
	}
	p = Parse("Error Code: 0x80070021")
	if p.ErrorCode != "0x80070021" || !reflect.DeepEqual(p.Found, []string{"Error Code"}) {
		t.Errorf("one row: %+v", p)
	}
	p = Parse(strings.Repeat("Config Source:\n", 1000) + "\x00\xff")
	if p.Line != 0 || len(p.Found) != 0 {
		t.Errorf("junk: %+v", p)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("Error Code 0x80070021\nConfig File \\\\?\\C:\\x\\web.config\nConfig Source:\n 1: <a>\n")
	f.Fuzz(func(t *testing.T, s string) {
		p := Parse(s)
		if p.Line < 0 {
			t.Fatalf("negative line %d", p.Line)
		}
	})
}
