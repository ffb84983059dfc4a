package expect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `title Folder override
group lesson
order 3
open MACHINE/WEBROOT/APPHOST/Default Web Site/downloads
view merge
section system.webServer/directoryBrowse
base stock
# First paragraph,
# continued.
#
# Second paragraph.
# Evidence: docs/merge.md#attributes-and-elements.
eval MACHINE/WEBROOT/APPHOST/Default Web Site/downloads
nodiag
value system.webServer/directoryBrowse .@enabled = true
eval MACHINE/WEBROOT/APPHOST/Default Web Site
value system.webServer/directoryBrowse .@enabled = true
-- C:\inetpub\wwwroot\downloads\web.config --
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <directoryBrowse enabled="true" />
    </system.webServer>
</configuration>
`

func TestParseMetadataAndProse(t *testing.T) {
	c, err := Parse("s.txtar", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	m := c.Meta
	if m.Title != "Folder override" || m.Group != "lesson" || m.Order != 3 || m.View != "merge" ||
		m.Open != "MACHINE/WEBROOT/APPHOST/Default Web Site/downloads" || m.Section != "system.webServer/directoryBrowse" {
		t.Errorf("metadata: %+v", m)
	}
	want := []string{"First paragraph, continued.", "Second paragraph."}
	if strings.Join(m.Explanation, "\n") != strings.Join(want, "\n") {
		t.Errorf("explanation %q, want %q", m.Explanation, want)
	}
	if m.Evidence != "docs/merge.md#attributes-and-elements." {
		t.Errorf("evidence %q", m.Evidence)
	}
	if !strings.HasPrefix(string(c.Bundle), "-- C:\\inetpub") {
		t.Errorf("bundle starts %q", string(c.Bundle[:20]))
	}
	if got := c.EvalPaths(); len(got) != 2 {
		t.Errorf("eval paths %q", got)
	}
	if got := c.Sections(); len(got) == 0 || got[0] != "system.webServer/directoryBrowse" {
		t.Errorf("sections %q", got)
	}
}

// TestSectionsOfALesson: the inheritance lesson's checks are about the
// three sections its text discusses.
func TestSectionsOfALesson(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "samples", "inheritance-basics.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("inheritance-basics.txtar", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "system.webServer/directoryBrowse system.webServer/defaultDocument system.webServer/staticContent"
	if got := strings.Join(c.Sections(), " "); got != want {
		t.Errorf("sections %q, want %q", got, want)
	}
}

func TestParseRejectsBadMetadata(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"group tutorial", "group is one of"},
		{"view tree", "view is one of"},
		{"order 0", "positive number"},
		{"title Folder override", "title given twice"},
		{"section not a section!", "full section name"},
	} {
		_, err := Parse("s.txtar", []byte(tc.line+"\n"+sample))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "s.txtar:") {
			t.Errorf("%q: got %v, want an error at a line of s.txtar containing %q", tc.line, err, tc.want)
		}
	}
}

// TestRunReportsFailuresWithPosition runs a case with one true and one
// false expectation through the engine: only the false one fails, and its
// message names the case file, line and eval path.
func TestRunReportsFailuresWithPosition(t *testing.T) {
	c, err := Parse("s.txtar", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if fs := c.Lint(); len(fs) != 0 {
		t.Errorf("lint: %v", fs)
	}
	fs := c.Run(RunOptions{})
	if len(fs) != 1 {
		t.Fatalf("want 1 failure, got %d: %v", len(fs), fs)
	}
	got := fs[0].String()
	for _, part := range []string{"s.txtar:17: value system.webServer/directoryBrowse .@enabled = true", "[eval MACHINE/WEBROOT/APPHOST/Default Web Site]", `got "false"`} {
		if !strings.Contains(got, part) {
			t.Errorf("failure %q lacks %q", got, part)
		}
	}
}

func TestLintCatchesMiscountedLine(t *testing.T) {
	data := strings.Replace(sample, "nodiag\n", "origin system.webServer/directoryBrowse .@enabled = explicit C:\\inetpub\\wwwroot\\downloads\\web.config:7\n", 1)
	c, err := Parse("s.txtar", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	fs := c.Lint()
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "line 7") {
		t.Errorf("lint: %v", fs)
	}
}

// stepped is a case with a patch of the stock applicationHost.config, a
// try step that edits a file and a fix step that runs appcmd.
const stepped = `title Locked section
group lesson
module delegation
order 1
open MACHINE/WEBROOT/APPHOST/Default Web Site
view 500
section system.webServer/security/authentication/windowsAuthentication
word lock: a rule that stops lower files from setting something.
base stock
# The site turns on Windows authentication in its web.config, which the
# server locks.
eval MACHINE/WEBROOT/APPHOST/Default Web Site
diag LOCKED 0x80070021 C:\inetpub\wwwroot\web.config:4 This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".
response = 500.19 0x80070021
value system.webServer/defaultDocument files/#1@value = home.html

step remove try Delete the setting
# Delete the site's web.config: the site answers again.
eval MACHINE/WEBROOT/APPHOST/Default Web Site
nodiag
response = 200

step unlock fix Unlock the section for the site
# Unlock it for the site in applicationHost.config.
appcmd unlock config "Default Web Site" /section:windowsAuthentication /commit:apphost
output Unlocked section "system.webServer/security/authentication/windowsAuthentication" at configuration path "MACHINE/WEBROOT/APPHOST/Default Web Site".
contains C:\Windows\System32\inetsrv\config\applicationHost.config = <location path="Default Web Site" overrideMode="Allow">
eval MACHINE/WEBROOT/APPHOST/Default Web Site
nodiag
value system.webServer/security/authentication/windowsAuthentication .@enabled = true
-- C:\inetpub\wwwroot\web.config --
<configuration>
    <system.webServer>
        <security><authentication>
            <windowsAuthentication enabled="true" />
        </authentication></security>
    </system.webServer>
</configuration>
-- patch C:\Windows\System32\inetsrv\config\applicationHost.config --
@@ the stock default documents
                 <add value="Default.htm" />
+                <add value="home.html" />
-- remove: delete C:\inetpub\wwwroot\web.config --
`

func TestStepsRun(t *testing.T) {
	c, err := Parse("s.txtar", []byte(stepped))
	if err != nil {
		t.Fatal(err)
	}
	if c.Meta.Module != "delegation" || len(c.Meta.Words) != 1 || c.Meta.Words[0].Term != "lock" {
		t.Errorf("meta %+v", c.Meta)
	}
	if len(c.Steps) != 2 || c.Steps[0].Kind != "try" || len(c.Steps[0].Edits) != 1 || c.Steps[1].AppCmd == "" {
		t.Fatalf("steps %+v", c.Steps)
	}
	if got := strings.Join(c.Steps[1].Explanation, "|"); got != "Unlock it for the site in applicationHost.config." {
		t.Errorf("step prose %q", got)
	}
	if len(c.Patches) != 1 || strings.Contains(string(c.Bundle), "patch") {
		t.Errorf("patches %d, bundle %q", len(c.Patches), c.Bundle)
	}
	for _, f := range c.Lint() {
		t.Errorf("lint: %s", f)
	}
	for _, f := range c.Run(RunOptions{}) {
		t.Errorf("run: %s", f)
	}
}

// TestStepFailuresNameTheStep breaks one expectation of each step: the
// failures name the step.
func TestStepFailuresNameTheStep(t *testing.T) {
	data := strings.Replace(stepped, "nodiag\nresponse = 200", "nodiag\nresponse = 500.19 0x80070021", 1)
	data = strings.Replace(data, "output Unlocked", "output Locked", 1)
	c, err := Parse("s.txtar", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	fs := c.Run(RunOptions{})
	if len(fs) != 2 {
		t.Fatalf("want 2 failures, got %v", fs)
	}
	if s := fs[0].String(); !strings.Contains(s, "[step remove, eval MACHINE/WEBROOT/APPHOST/Default Web Site]") || !strings.Contains(s, "got 200") {
		t.Errorf("failure %q", s)
	}
	if s := fs[1].String(); !strings.Contains(s, "[step unlock]") || !strings.Contains(s, "output line 1") {
		t.Errorf("failure %q", s)
	}
}

func TestParseRejectsBadSteps(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{"step remove try Delete the setting", "step Remove try Delete", "lower-case words"},
		{"step remove try Delete the setting", "step remove maybe Delete", "kind"},
		{"step remove try Delete the setting", "step unlock try Again", "defined twice"},
		{"-- remove: delete C:\\inetpub\\wwwroot\\web.config --", "-- gone: delete C:\\inetpub\\wwwroot\\web.config --", `no step "gone"`},
		{"# Delete the site's web.config: the site answers again.\n", "", "no prose"},
		{"@@ the stock default documents\n", "", "starts with an @@ line"},
		{"value system.webServer/defaultDocument files/#1@value = home.html\n", "value system.webServer/defaultDocument files/#1@value = home.html\noutput x\n", "belongs to a step with an appcmd"},
	} {
		data := strings.Replace(stepped, tc.from, tc.to, 1)
		if _, err := Parse("s.txtar", []byte(data)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q -> %q: got %v, want %q", tc.from, tc.to, err, tc.want)
		}
	}
}

// TestCaveats: a sample showing a diagnostic of an UNCERTAIN(<id>) rule, or
// quoting appcmd unlock for a site without /commit, must carry the caveat.
func TestCaveats(t *testing.T) {
	data := strings.Replace(stepped, "/commit:apphost", "", 1)
	c, err := Parse("s.txtar", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	fs := c.Lint()
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "UNCERTAIN(lock-commit-default)") {
		t.Errorf("lint without the caveat: %v", fs)
	}
	with := strings.Replace(data, "base stock\n", "base stock\nuncertain lock-commit-default: iisconf writes to applicationHost.config; IIS may write elsewhere.\n", 1)
	if c, err = Parse("s.txtar", []byte(with)); err != nil {
		t.Fatal(err)
	}
	if fs := c.Lint(); len(fs) != 0 {
		t.Errorf("lint with the caveat: %v", fs)
	}
	if _, err := Parse("s.txtar", []byte(strings.Replace(with, "iisconf writes to applicationHost.config; IIS may write elsewhere.", "IIS writes it.", 1))); err == nil || !strings.Contains(err.Error(), "a caveat reads") {
		t.Errorf("a caveat not in the form: %v", err)
	}

	lockviol := `base stock
eval MACHINE/WEBROOT/APPHOST/Default Web Site
diag LOCKVIOL 0x80070021 C:\inetpub\wwwroot\web.config:3 Lock violation
-- C:\inetpub\wwwroot\web.config --
<configuration>
    <system.webServer>
        <httpErrors defaultPath="x.htm" />
    </system.webServer>
</configuration>
`
	if c, err = Parse("v.txtar", []byte(lockviol)); err != nil {
		t.Fatal(err)
	}
	if fs := c.Run(RunOptions{}); len(fs) != 0 {
		t.Errorf("without RequireCaveats: %v", fs)
	}
	fs = c.Run(RunOptions{RequireCaveats: true})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "UNCERTAIN(lock-violation-page)") {
		t.Errorf("with RequireCaveats: %v", fs)
	}
}
