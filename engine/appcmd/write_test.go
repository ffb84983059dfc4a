package appcmd

import (
	"fmt"
	"github.com/iisconf/iisconf/engine/testkit"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/textdiff"
	"github.com/iisconf/iisconf/engine/workspace"
)

// testClock is the workspace clock of every write test.
var testClock = time.Date(2026, 8, 14, 18, 38, 19, 0, time.UTC)

const webConfigWithComment = "<?xml version=\"1.0\"?>\n<configuration>\n  <!-- keep me -->\n  <system.webServer>\n    <directoryBrowse   enabled='false' showFlags=\"Date\" />\n  </system.webServer>\n</configuration>\n"

// writeCases are the golden tests: a workspace (the stock server plus
// files), commands run in order, and the golden file holding every
// command's output (or error and exit code) followed by the exact change
// it made to each file.
var writeCases = []struct {
	name  string
	files map[string]string
	cmds  []string
}{
	{"set_attr_apphost", nil, []string{`set config /section:asp /enableParentPaths:true`}},
	{"set_child_element", nil, []string{`set config /section:asp /session.timeout:00:30:00 /limits.maxRequestEntityAllowed:1000`}},
	{"set_commit_url_locked", nil, []string{`set config "Default Web Site" /section:asp /enableParentPaths:true`}},
	{"set_commit_apphost", nil, []string{`set config "Default Web Site" /section:asp /enableParentPaths:true /commit:apphost`}},
	{"set_commit_site", nil, []string{`set config "Default Web Site/sub/dir" /section:directoryBrowse /enabled:true /commit:site`}},
	{"set_commit_app", map[string]string{}, []string{`add app /site.name:"Default Web Site" /path:/app1 /physicalPath:C:\app1`, `set config "Default Web Site/app1/x" /section:directoryBrowse /enabled:true /commit:app`}},
	{"set_commit_explicit", nil, []string{`set config "Default Web Site/sub" /section:directoryBrowse /enabled:true /commit:"MACHINE/WEBROOT/APPHOST/Default Web Site"`}},
	{"set_commit_webroot_builtin", nil, []string{`set config /section:system.web/trace /enabled:true /commit:webroot`}},
	// The root web.config and machine.config as real files, with CRLF line
	// ends (as on a server) that the edit must keep.
	{"set_commit_webroot", map[string]string{rootWebConfigPath: crlf(string(stock.RootWebConfig()))}, []string{
		`set config /section:system.web/trace /enabled:true /commit:webroot`,
		`set config "Default Web Site" /section:system.web/customErrors /mode:Off /commit:webroot`,
	}},
	{"set_commit_machine", map[string]string{machineConfigPath: crlf(string(stock.MachineConfig()))}, []string{
		`set config /section:system.web/compilation /debug:true /commit:machine`,
		`set config /section:appSettings /+[key='env',value='prod'] /commit:machine`,
	}},
	// /commit:webroot writes the root web.config of the .NET Framework
	// folder the path's pool reads: v2.0, 32-bit, or a built-in stand-in
	// that cannot be written.
	{"set_commit_webroot_by_pool", map[string]string{
		workspace.FrameworkRoot + `\Framework64\v2.0.50727\CONFIG\web.config`: crlf(string(stock.RootWebConfigV2())),
		workspace.FrameworkRoot + `\Framework\v4.0.30319\Config\web.config`:   crlf(string(stock.RootWebConfig())),
	}, []string{
		`add apppool /name:Legacy /managedRuntimeVersion:v2.0`,
		`add apppool /name:Wow /enable32BitAppOnWin64:true`,
		`add site /name:Old /bindings:http/*:81: /physicalPath:C:\old`,
		`set app "Old/" /applicationPool:Legacy`,
		`add site /name:Wow /bindings:http/*:82: /physicalPath:C:\wow`,
		`set app "Wow/" /applicationPool:Wow`,
		`set config "Old" /section:appSettings /+[key='clr',value='v2-64'] /commit:webroot`,
		`set config "Wow" /section:appSettings /+[key='clr',value='v4-32'] /commit:webroot`,
		`set config "Default Web Site" /section:appSettings /+[key='clr',value='v4-64'] /commit:webroot`,
	}},
	// /clr: picks the version the command reads and writes.
	{"set_commit_clr", map[string]string{
		workspace.FrameworkRoot + `\Framework64\v2.0.50727\CONFIG\web.config`: crlf(string(stock.RootWebConfigV2())),
	}, []string{
		`set config /clr:2 /section:appSettings /+[key='clr',value='2'] /commit:webroot`,
		`set config /clr:v2.0 "Default Web Site" /section:appSettings /+[key='site',value='2'] /commit:webroot`,
		`set config /clr:5 /section:appSettings /+[key='clr',value='5'] /commit:webroot`,
		`set config /clr:4.0 /section:appSettings /+[key='clr',value='4'] /commit:webroot`,
	}},
	{"set_commit_bad", nil, []string{`set config "Default Web Site" /section:directoryBrowse /enabled:true /commit:"MACHINE/WEBROOT/APPHOST/Other"`}},
	{"set_url_web_config_preserved", map[string]string{siteWebConfig: webConfigWithComment}, []string{`set config "Default Web Site" /section:directoryBrowse /enabled:true /showFlags:"Date, Time"`}},
	{"collection_add_end_start_n", nil, []string{
		`set config /section:defaultDocument /+files.[value='z.html']`,
		`set config /section:defaultDocument /+files.[@start,value='a.html']`,
		`set config /section:defaultDocument /+files.[@2,value='two.html']`,
	}},
	{"collection_add_duplicate", nil, []string{`set config "Default Web Site" /section:defaultDocument /+files.[value='Default.htm']`}},
	// /~ clears a collection: local directives go, a <clear/> comes, and
	// nothing inherited counts as a duplicate for the rest of the command.
	{"collection_clear", map[string]string{siteWebConfig: "<configuration>\n  <system.webServer>\n    <defaultDocument>\n      <files>\n        <add value=\"a.htm\" />\n      </files>\n    </defaultDocument>\n  </system.webServer>\n</configuration>\n"}, []string{
		`set config "Default Web Site" /section:defaultDocument /~files /+files.[value='Default.htm'] /+files.[value='a.htm']`,
		`set config "Default Web Site" /section:staticContent /~ /+[fileExtension='.htm',mimeType='text/html']`,
		`set config "Default Web Site" /section:directoryBrowse /~`,
	}},
	// An item removed by an earlier property of the same command is no
	// duplicate for a later add of its key (replace in one command).
	{"collection_replace_in_one_command", nil, []string{
		`set config "Default Web Site" /section:staticContent /-[fileExtension='.json'] "/+[fileExtension='.json',mimeType='application/json; charset=utf-8']"`,
	}},
	{"collection_remove_local_and_inherited", nil, []string{
		`set config "Default Web Site" /section:defaultDocument /+files.[value='home.html']`,
		`set config "Default Web Site" /section:defaultDocument /-files.[value='home.html']`,
		`set config "Default Web Site" /section:defaultDocument /-files.[value='iisstart.htm']`,
		`set config "Default Web Site" /section:defaultDocument /-files.[value='missing.htm']`,
	}},
	// A local add that repeats an inherited key is a duplicate that does not count:
	// deleting it leaves the inherited item, which a second `-` in the
	// same command then hides with a remove directive.
	{"collection_remove_duplicate_then_inherited", map[string]string{siteWebConfig: "<configuration>\n  <system.webServer>\n    <defaultDocument>\n      <files>\n        <add value=\"Default.htm\" />\n      </files>\n    </defaultDocument>\n  </system.webServer>\n</configuration>\n"}, []string{
		`set config "Default Web Site" /section:defaultDocument /-files.[value='Default.htm'] /-files.[value='Default.htm']`,
	}},
	{"collection_edit_item", nil, []string{
		`set config /section:staticContent "/[fileExtension='.css'].mimeType:text/css; charset=utf-8"`,
		`set config "Default Web Site" /section:staticContent /[fileExtension='.css'].mimeType:text/plain`,
	}},
	{"malformed_indexer", nil, []string{`set config /section:defaultDocument /+files.[value]`}},
	{"invalid_value_unknown_attr", nil, []string{`set config /section:directoryBrowse /enabled:maybe`, `set config /section:directoryBrowse /nope:1`, `set config /section:nope /a:1`}},
	{"granular_lock_violation", nil, []string{`set config "Default Web Site" /section:staticContent /isDocFooterFileName:true`}},
	{"clear_config", map[string]string{siteWebConfig: webConfigWithComment}, []string{`clear config "Default Web Site" /section:directoryBrowse`, `clear config /section:caching /enableKernelCache`}},
	// A lock list comes off the element as set config put it there.
	{"clear_lock_list", map[string]string{siteWebConfig: "<configuration>\n  <system.webServer>\n    <directoryBrowse enabled=\"false\" lockAttributes=\"enabled\" />\n  </system.webServer>\n</configuration>\n"}, []string{
		`set config "Default Web Site" /section:directoryBrowse /lockAllAttributesExcept:showFlags`,
		`clear config "Default Web Site" /section:directoryBrowse /lockAttributes`,
	}},
	{"lock_unlock", nil, []string{`lock config /section:asp`, `unlock config /section:asp`, `unlock config "Default Web Site" /section:handlers`, `lock config "Default Web Site" /section:handlers`}},
	{"site_app_vdir_pool", nil, []string{
		`add apppool /name:MyPool /managedPipelineMode:Classic /processModel.identityType:NetworkService`,
		`add apppool /name:MyPool`,
		`add site /name:MySite /bindings:http/*:81:,https/*:443: /physicalPath:C:\my`,
		`add app /site.name:MySite /path:/app1 /physicalPath:C:\my\app1 /applicationPool:MyPool`,
		`add app /site.name:MySite /path:/app1`,
		`add vdir /app.name:MySite/app1 /path:/v1 /physicalPath:C:\v1`,
		`set site MySite /serverAutoStart:false /+bindings.[protocol='net.tcp',bindingInformation='808:*']`,
		`set apppool MyPool /processModel.identityType:Foo`,
		`set app MySite/app1 /applicationPool:DefaultAppPool`,
		`delete vdir MySite/app1/v1`,
		`delete app MySite/app1`,
		`delete site MySite`,
		`delete apppool MyPool`,
		`delete site Nope`,
	}},
}

const (
	rootWebConfigPath = workspace.FrameworkConfigDir + `\web.config`
	machineConfigPath = workspace.FrameworkConfigDir + `\machine.config`
)

func TestWriteGolden(t *testing.T) {
	for _, tc := range writeCases {
		t.Run(tc.name, func(t *testing.T) {
			ws := stock.Workspace()
			for p, text := range tc.files {
				ws.Set(p, []byte(text))
			}
			var b strings.Builder
			now := testClock
			for _, line := range tc.cmds {
				o := Exec(ws, SplitCommandLine(line), Options{Now: now})
				now = now.Add(time.Hour)
				fmt.Fprintf(&b, "$ appcmd %s\n", line)
				if o.Err != nil {
					fmt.Fprintf(&b, "exit %d emulator=%v\n%s\n", o.Err.Code, o.Err.Emulator, o.Err.Text)
					if len(o.Changed) != 0 || o.Workspace != ws {
						t.Errorf("%s: failed but changed %v", line, o.Changed)
					}
					continue
				}
				b.WriteString(o.Output)
				for _, p := range o.Changed {
					b.WriteString(changeText(ws, o.Workspace, p))
				}
				assertReparses(t, ws, o.Workspace, line)
				ws = o.Workspace
			}
			testkit.Golden(t, filepath.Join("testdata", "write", tc.name+".txt"), b.String())
		})
	}
}

// assertReparses checks the round-trip promise: every file a write
// touched parses, and the workspace has no error the old one lacked.
func assertReparses(t *testing.T, before, after *workspace.Workspace, line string) {
	t.Helper()
	if fresh := diag.NewErrors(config.New(before).Check(), config.New(after).Check()); len(fresh) > 0 {
		t.Errorf("%s: new diagnostic %s", line, fresh[0].Message)
	}
}

// changeText shows one file's change exactly: the lines between the
// common prefix and suffix, with one line of context, line ends made
// visible (⏎ for CR) so CRLF is asserted too. History snapshot copies
// are shown by name only.
func changeText(before, after *workspace.Workspace, p string) string {
	var a, b string
	if f, ok := before.Get(p); ok {
		a = string(f.Text)
	}
	f, ok := after.Get(p)
	if !ok {
		return "== " + p + " (removed)\n"
	}
	b = string(f.Text)
	if strings.Contains(p, `\history\`) || strings.Contains(p, `\backup\`) {
		if strings.HasSuffix(p, "iisconf-created.txt") {
			return "== " + p + ": " + b
		}
		host, _ := after.Get(workspace.AppHostPath)
		same := host != nil && string(host.Text) == b
		return fmt.Sprintf("== %s (%d bytes, equals applicationHost.config: %v)\n", p, len(b), same)
	}
	al, bl := textdiff.SplitLines(a), textdiff.SplitLines(b)
	i := 0
	for i < len(al) && i < len(bl) && al[i] == bl[i] {
		i++
	}
	j := 0
	for j < len(al)-i && j < len(bl)-i && al[len(al)-1-j] == bl[len(bl)-1-j] {
		j++
	}
	var out strings.Builder
	fmt.Fprintf(&out, "== %s @%d\n", p, i+1)
	vis := func(s string) string { return strings.ReplaceAll(s, "\r", "⏎") }
	if i > 0 {
		out.WriteString(" " + vis(al[i-1]))
	}
	for _, l := range al[i : len(al)-j] {
		out.WriteString("-" + vis(l))
	}
	for _, l := range bl[i : len(bl)-j] {
		out.WriteString("+" + vis(l))
	}
	if j > 0 {
		out.WriteString(" " + vis(al[len(al)-j]))
	}
	s := out.String()
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
