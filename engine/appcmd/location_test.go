package appcmd

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// appcmd used to read location tags by rules of its own (paths compared
// after trimming slashes, override modes folded to any case) where the
// engine reads them otherwise. A write then edited a tag the engine
// ignores, or missed the tag the engine reads. These cases pin that a
// write finds exactly the tags the engine reads (config.ReadLocationTag).

// withLocation is the stock server with one more location tag at the end
// of applicationHost.config.
func withLocation(t *testing.T, tag string) *workspace.Workspace {
	t.Helper()
	ws := stock.Workspace()
	f, _ := ws.Get(workspace.AppHostPath)
	text := strings.Replace(string(f.Text), "</configuration>", tag+"\r\n</configuration>", 1)
	ws.Set(workspace.AppHostPath, []byte(text))
	return ws
}

func run(t *testing.T, ws *workspace.Workspace, line string) Outcome {
	t.Helper()
	o := Exec(ws, SplitCommandLine(line), Options{})
	if o.Err != nil {
		t.Fatalf("%s: %s", line, o.Err.Text)
	}
	return o
}

func directoryBrowseEnabled(t *testing.T, ws *workspace.Workspace, path string) string {
	t.Helper()
	sec, d := config.New(ws).Section(path, "system.webServer/directoryBrowse")
	if d != nil {
		t.Fatal(d.Message)
	}
	v, _ := sec.Element.Value("enabled")
	return v.Text
}

// A doubled slash is an empty segment the engine skips (UNCERTAIN(location-
// path-empty-segments)): `Default Web Site//sub` targets `Default Web
// Site/sub`, so the write edits that tag. appcmd's own comparison missed
// it and added a second tag for the same target: SEC_DUP, a refused write.
func TestWriteFindsTagByEnginePath(t *testing.T) {
	ws := withLocation(t, `<location path="Default Web Site//sub"><system.webServer><directoryBrowse enabled="false" /></system.webServer></location>`)
	o := run(t, ws, `set config "Default Web Site/sub" /section:directoryBrowse /enabled:true /commit:apphost`)
	host, _ := o.Workspace.Get(workspace.AppHostPath)
	if strings.Contains(string(host.Text), `path="Default Web Site/sub"`) || !strings.Contains(string(host.Text), `path="Default Web Site//sub"><system.webServer><directoryBrowse enabled="true" />`) {
		t.Errorf("the write did not edit the tag in place:\n%s", host.Text[len(host.Text)-300:])
	}
	if got := directoryBrowseEnabled(t, o.Workspace, "Default Web Site/sub"); got != "true" {
		t.Errorf("enabled = %s after the write", got)
	}
}

// A path the engine refuses (a trailing '/': LOC_PATH_END) targets
// nothing. appcmd trimmed the slash and wrote into that tag, so the write
// "succeeded" and changed nothing the engine reads; now it writes a tag
// the engine reads.
func TestWriteSkipsTagTheEngineRefuses(t *testing.T) {
	ws := withLocation(t, `<location path="Default Web Site/sub/"><system.webServer><directoryBrowse enabled="false" /></system.webServer></location>`)
	o := run(t, ws, `set config "Default Web Site/sub" /section:directoryBrowse /enabled:true /commit:apphost`)
	if got := directoryBrowseEnabled(t, o.Workspace, "Default Web Site/sub"); got != "true" {
		t.Errorf("enabled = %s after the write: it went into the tag the engine ignores", got)
	}
}

// overrideMode compares exactly, as the engine reads it
// (UNCERTAIN(overridemode-case)): "allow" is no mode (and a LOC_MODE
// error), so `unlock config` must not take such a tag for an unlocking
// one. appcmd folded the case, printed "Unlocked" and changed nothing;
// now the definition moves into an overrideMode="Allow" tag.
func TestUnlockIgnoresWrongCaseMode(t *testing.T) {
	const section = "system.webServer/security/authentication/windowsAuthentication"
	ws := withLocation(t, `<location path="Default Web Site" overrideMode="allow"><system.webServer><security><authentication><windowsAuthentication enabled="false" /></authentication></security></system.webServer></location>`)
	if sec, _ := config.New(ws).Section("Default Web Site", section); !sec.Lock.Locked {
		t.Fatalf("the section is not locked before the unlock: %+v", sec.Lock)
	}
	o := run(t, ws, `unlock config "Default Web Site" /section:windowsAuthentication`)
	e := config.New(o.Workspace)
	if sec, _ := e.Section("Default Web Site", section); sec.Lock.Locked {
		t.Errorf("still locked after unlock: %s", sec.Lock.Summary)
	}
	for _, d := range e.Problems("Default Web Site") {
		if d.ID == diag.LocMode {
			t.Errorf("the wrong-case tag is still there: %s", d.Message)
		}
	}
}

// A tag with an override mode is never "plain": a new section written for
// its path goes elsewhere, or it would inherit that mode. The engine's
// reading decides what a mode is, for allowOverride too.
func TestPlainLocationFollowsEngine(t *testing.T) {
	for tag, plain := range map[string]bool{
		`<location path="a" />`:                                    true,
		`<location path="a" overrideMode="Inherit" />`:             true,
		`<location path="a" overrideMode="Allow" />`:               false,
		`<location path="a" allowOverride="false" />`:              false,
		`<location path="a" allowOverride="True" />`:               false,
		`<location path="a" inheritInChildApplications="false" />`: false,
	} {
		doc, err := xmltree.Parse([]byte(tag), xmltree.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got := plainLocation(doc.Root); got != plain {
			t.Errorf("%s: plain = %v, want %v", tag, got, plain)
		}
	}
}
