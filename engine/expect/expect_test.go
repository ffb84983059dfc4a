package expect

import (
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
