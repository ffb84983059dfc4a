package complete

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// caret marks the cursor in the test texts below; it is removed before
// the text goes into the workspace.
const caret = "‸"

const siteWebConfig = `C:\inetpub\wwwroot\web.config`

// fixture is a workspace over the stock server with the given files laid
// over it, and the cursor of the one file holding a caret.
type fixture struct {
	e      *config.Engine
	file   string
	text   []byte
	offset int
}

func setup(t *testing.T, files map[string]string) fixture {
	t.Helper()
	ws := stock.Workspace()
	var fx fixture
	for path, text := range files {
		if i := strings.Index(text, caret); i >= 0 {
			if fx.file != "" {
				t.Fatalf("two carets: %s and %s", fx.file, path)
			}
			text = text[:i] + text[i+len(caret):]
			fx.file, fx.offset, fx.text = path, i, []byte(text)
		}
		ws.Set(path, []byte(text))
	}
	if fx.file == "" {
		t.Fatal("no caret in the files")
	}
	fx.e = config.New(ws)
	return fx
}

// inApphost is the stock applicationHost.config with the caret inserted
// after the first occurrence of anchor.
func inApphost(t *testing.T, anchor string) map[string]string {
	t.Helper()
	text := string(stock.AppHostConfig())
	i := strings.Index(text, anchor)
	if i < 0 {
		t.Fatalf("anchor %q not in the stock applicationHost.config", anchor)
	}
	i += len(anchor)
	return map[string]string{workspace.AppHostPath: text[:i] + caret + text[i:]}
}

func (fx fixture) complete(t testing.TB, path string) *Completion {
	t.Helper()
	return Complete(fx.e, fx.e.Schema(), fx.request(path))
}

func (fx fixture) hover(t testing.TB, path string) *Info {
	t.Helper()
	return Hover(fx.e, fx.e.Schema(), fx.request(path))
}

func (fx fixture) request(path string) Request {
	return Request{File: fx.file, Text: fx.text, Offset: fx.offset, Path: path}
}

func labels(c *Completion) []string {
	var out []string
	for _, o := range c.Options {
		out = append(out, o.Label)
	}
	return out
}

func option(t *testing.T, c *Completion, label string) Option {
	t.Helper()
	for _, o := range c.Options {
		if o.Label == label {
			return o
		}
	}
	t.Fatalf("no option %q among %v", label, labels(c))
	return Option{}
}

func noOption(t *testing.T, c *Completion, label string) {
	t.Helper()
	for _, o := range c.Options {
		if o.Label == label {
			t.Fatalf("option %q offered, should not be: %v", label, labels(c))
		}
	}
}

func fact(t *testing.T, info *Info, label string) string {
	t.Helper()
	if info == nil {
		t.Fatal("no hover info")
	}
	for _, f := range info.Facts {
		if f.Label == label {
			return f.Text
		}
	}
	t.Fatalf("no fact %q in %+v", label, info.Facts)
	return ""
}

func TestSectionNamesInAGroup(t *testing.T) {
	fx := setup(t, map[string]string{siteWebConfig: `<configuration>
  <system.webServer>
    <` + caret + `
  </system.webServer>
</configuration>`})
	c := fx.complete(t, "Default Web Site")
	if c.Context != InStartTag || c.From != fx.offset || c.To != fx.offset {
		t.Fatalf("context %q %d..%d, want start at %d", c.Context, c.From, c.To, fx.offset)
	}
	if o := option(t, c, "defaultDocument"); o.Kind != KindSection || o.Detail != "section" {
		t.Errorf("defaultDocument: %+v", o)
	}
	if o := option(t, c, "security"); o.Kind != KindGroup {
		t.Errorf("security: %+v", o)
	}
	// asp is overrideModeDefault="Deny": offered, marked, ranked last.
	if o := option(t, c, "asp"); o.Detail != "section · locked here" || o.Boost >= 0 {
		t.Errorf("asp: %+v", o)
	}
	if o := option(t, c, "globalModules"); o.Detail != "section · not allowed here (AppHostOnly)" {
		t.Errorf("globalModules: %+v", o)
	}
	noOption(t, c, "authentication") // a group of security, not of system.webServer
	noOption(t, c, "configSections")
}

func TestTopLevelNames(t *testing.T) {
	fx := setup(t, map[string]string{siteWebConfig: "<configuration>\n  <" + caret + "\n</configuration>"})
	c := fx.complete(t, "Default Web Site")
	for _, want := range []string{"configSections", "location", "system.webServer", "system.web", "appSettings", "connectionStrings"} {
		option(t, c, want)
	}
	fx = setup(t, map[string]string{siteWebConfig: caret})
	if got := labels(fx.complete(t, "")); len(got) != 1 || got[0] != "configuration" {
		t.Errorf("empty file: %v", got)
	}
}

func TestPartialNameReplacesWhatIsTyped(t *testing.T) {
	fx := setup(t, map[string]string{siteWebConfig: "<configuration><system.webServer><defaultDoc" + caret + "ument enabled=\"true\" /></system.webServer></configuration>"})
	c := fx.complete(t, "Default Web Site")
	start := strings.Index("<configuration><system.webServer><defaultDoc", "defaultDoc")
	if c.From != start || c.To != start+len("defaultDocument") {
		t.Errorf("range %d..%d, want %d..%d", c.From, c.To, start, start+len("defaultDocument"))
	}
}

func TestCollectionDirectivesAndChildElements(t *testing.T) {
	fx := setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer>
  <defaultDocument>
    ` + caret + `
  </defaultDocument>
  <staticContent><` + `/staticContent>
</system.webServer></configuration>`})
	c := fx.complete(t, "Default Web Site")
	if c.Context != InText {
		t.Fatalf("context %q", c.Context)
	}
	if got := labels(c); strings.Join(got, ",") != "files" {
		t.Errorf("defaultDocument children %v, want [files]", got)
	}
	fx = setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><staticContent><` + caret + `</staticContent></system.webServer></configuration>`})
	c = fx.complete(t, "Default Web Site")
	for _, want := range []string{"mimeMap", "remove", "clear", "clientCache"} {
		option(t, c, want)
	}
	if o := option(t, c, "mimeMap"); o.Kind != KindDirective || !strings.Contains(o.Detail, "key: fileExtension") {
		t.Errorf("mimeMap: %+v", o)
	}
}

func TestAttributeNamesWithTypeAndDefault(t *testing.T) {
	fx := setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><directoryBrowse ` + caret + ` enabled="false" /></system.webServer></configuration>`})
	c := fx.complete(t, "Default Web Site")
	if c.Context != InAttribute {
		t.Fatalf("context %q", c.Context)
	}
	noOption(t, c, "enabled") // already written
	if o := option(t, c, "showFlags"); o.Detail != "flags, default Date, Time, Size, Extension" || !strings.Contains(o.Info, "Values: None, Date, Time, Size, Extension, LongDate") {
		t.Errorf("showFlags: %+v", o)
	}
	option(t, c, "lockAttributes")
	option(t, c, "configSource")
	// A collection item: keys first, lockItem offered, configSource not.
	fx = setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><staticContent><mimeMap ` + caret + ` /></staticContent></system.webServer></configuration>`})
	c = fx.complete(t, "Default Web Site")
	if got := labels(c); got[0] != "fileExtension" || got[1] != "mimeType" {
		t.Errorf("mimeMap attributes start %v, want fileExtension, mimeType", got)
	}
	if o := option(t, c, "fileExtension"); o.Detail != "string, key" {
		t.Errorf("fileExtension: %+v", o)
	}
	option(t, c, "lockItem")
	noOption(t, c, "configSource")
	// remove takes the keys only.
	fx = setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><staticContent><remove ` + caret + `/></staticContent></system.webServer></configuration>`})
	if got := labels(fx.complete(t, "Default Web Site")); strings.Join(got, ",") != "fileExtension" {
		t.Errorf("remove attributes %v", got)
	}
}

func TestValues(t *testing.T) {
	cases := []struct {
		name, tag string
		want      []string
		detail    map[string]string
	}{
		{"bool", `<directoryBrowse enabled="` + caret + `" />`, []string{"true", "false"}, map[string]string{"false": "(default)"}},
		{"enum", `<httpErrors errorMode="D` + caret + `" />`, []string{"DetailedLocalOnly", "Custom", "Detailed"}, map[string]string{"DetailedLocalOnly": "0 (default)", "Detailed": "2"}},
		{"flags list", `<security><access sslFlags="Ssl, ` + caret + `" /></security>`, []string{"None", "SslNegotiateCert", "SslRequireCert", "Ssl128"}, nil},
		{"lockAttributes", `<directoryBrowse lockAttributes="enabled,` + caret + `" />`, []string{"showFlags"}, nil},
		{"lockElements", `<staticContent lockElements="` + caret + `" />`, []string{"mimeMap", "remove", "clear", "clientCache"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fx := setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer>` + tc.tag + `</system.webServer></configuration>`})
			c := fx.complete(t, "Default Web Site")
			if c.Context != InValue {
				t.Fatalf("context %q", c.Context)
			}
			for _, w := range tc.want {
				option(t, c, w)
			}
			for l, d := range tc.detail {
				if o := option(t, c, l); o.Detail != d {
					t.Errorf("%s detail %q, want %q", l, o.Detail, d)
				}
			}
		})
	}
	// A flags list completes the item under the cursor only.
	fx := setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><security><access sslFlags="Ssl, Ssl1` + caret + `" /></security></system.webServer></configuration>`})
	c := fx.complete(t, "Default Web Site")
	if c.From != fx.offset-len("Ssl1") || c.To != fx.offset {
		t.Errorf("flags item range %d..%d, want %d..%d", c.From, c.To, fx.offset-4, fx.offset)
	}
	noOption(t, c, "Ssl")
}

func TestEndTag(t *testing.T) {
	fx := setup(t, map[string]string{siteWebConfig: "<configuration>\n  <system.webServer>\n  </" + caret + "\n</configuration>"})
	c := fx.complete(t, "Default Web Site")
	if c.Context != InEndTag || strings.Join(labels(c), ",") != "system.webServer" {
		t.Errorf("end tag: %q %v", c.Context, labels(c))
	}
}

func TestApphostVocabulary(t *testing.T) {
	// configSections: the declaration elements and their values.
	fx := setup(t, inApphost(t, "<configSections>\r\n"))
	if got := labels(fx.complete(t, "")); strings.Join(got, ",") != "section,sectionGroup,remove,clear" {
		t.Errorf("configSections children %v", got)
	}
	fx = setup(t, map[string]string{workspace.AppHostPath: strings.Replace(string(stock.AppHostConfig()),
		`<section name="asp" overrideModeDefault="Deny" />`, `<section name="asp" overrideModeDefault="Deny" allowDefinition="`+caret+`" />`, 1)})
	c := fx.complete(t, "")
	if got := strings.Join(labels(c), ","); got != "Everywhere,MachineToApplication,MachineToWebRoot,MachineOnly,AppHostOnly" {
		t.Errorf("allowDefinition values %s", got)
	}
	// A location tag: its attributes, and site paths for its path.
	fx = setup(t, inApphost(t, `<location path="" overrideMode="Allow"`))
	c = fx.complete(t, "")
	for _, want := range []string{"inheritInChildApplications", "allowOverride"} {
		option(t, c, want)
	}
	noOption(t, c, "path")
	noOption(t, c, "overrideMode")
	fx = setup(t, inApphost(t, `<location path="`))
	if got := labels(fx.complete(t, "")); strings.Join(got, ",") != "Default Web Site" {
		t.Errorf("location paths %v", got)
	}
	// Inside a location tag in applicationHost.config: sections, no lock marks.
	fx = setup(t, inApphost(t, `<location path="" overrideMode="Allow">`+"\r\n"))
	c = fx.complete(t, "")
	if o := option(t, c, "system.webServer"); o.Kind != KindGroup {
		t.Errorf("system.webServer: %+v", o)
	}
	noOption(t, c, "location")
	noOption(t, c, "configSections")
}

func TestUserSchemaAndOwnDeclarations(t *testing.T) {
	// A section declared in the site's own web.config and described by a
	// user schema file completes like IIS's own.
	schemaFile := `C:\Windows\System32\inetsrv\config\schema\contoso_schema.xml`
	files := map[string]string{
		schemaFile: `<configSchema>
    <sectionSchema name="contoso/widgets">
        <attribute name="mode" type="enum" defaultValue="Off">
            <enum name="Off" value="0" />
            <enum name="On" value="1" />
        </attribute>
        <attribute name="timeout" type="timeSpan" defaultValue="00:01:00" validationType="timeSpanRange" validationParameter="0,3600,1" />
        <collection addElement="widget" clearElement="clear">
            <attribute name="id" type="uint" isUniqueKey="true" />
        </collection>
    </sectionSchema>
</configSchema>`,
		siteWebConfig: `<configuration>
  <configSections>
    <sectionGroup name="contoso">
      <section name="widgets" overrideModeDefault="Deny" />
    </sectionGroup>
  </configSections>
  <contoso>
    <widgets mode="` + caret + `" timeout="00:02:00">
    </widgets>
  </contoso>
</configuration>`,
	}
	fx := setup(t, files)
	c := fx.complete(t, "Default Web Site")
	if got := strings.Join(labels(c), ","); got != "Off,On" {
		t.Errorf("mode values %s", got)
	}
	// Hover on the attribute: type, default, schema file and line.
	info := fx.hover(t, "Default Web Site")
	if fact(t, info, "Type") != "enum" || fact(t, info, "Default") != "Off" || fact(t, info, "Schema") != schemaFile+":3" {
		t.Errorf("mode: %+v", info)
	}
	if v := fact(t, info, "Value"); v != `invalid: Enum must be one of Off, On` {
		t.Errorf("empty mode value: %q", v)
	}
	// The group and section are offered at the top; the section declared
	// here with Deny is not locked for the declaring file.
	text := files[siteWebConfig]
	files[siteWebConfig] = strings.Replace(strings.Replace(text, caret, "", 1), "<contoso>\n", "<contoso>\n    <"+caret, 1)
	fx = setup(t, files)
	c = fx.complete(t, "Default Web Site")
	if o := option(t, c, "widgets"); o.Detail != "section" {
		t.Errorf("widgets in the declaring file: %+v", o)
	}
	// Attributes: the schema's, with the validation in the info.
	files[siteWebConfig] = strings.Replace(strings.Replace(text, caret, "", 1), `<widgets mode="" timeout="00:02:00">`, `<widgets `+caret+`>`, 1)
	fx = setup(t, files)
	c = fx.complete(t, "Default Web Site")
	if o := option(t, c, "timeout"); o.Detail != "timeSpan, default 00:01:00" || o.Info != "Validation: timeSpanRange 0,3600,1." {
		t.Errorf("timeout: %+v", o)
	}
	files[siteWebConfig] = strings.Replace(strings.Replace(text, caret, "", 1), "<widgets mode=\"\" timeout=\"00:02:00\">\n", "<widgets mode=\"\" timeout=\"00:02:00\">\n      <"+caret, 1)
	fx = setup(t, files)
	if got := strings.Join(labels(fx.complete(t, "Default Web Site")), ","); got != "widget,clear" {
		t.Errorf("widgets directives %s", got)
	}
}

func TestHoverSectionLock(t *testing.T) {
	// asp is overrideModeDefault="Deny" in applicationHost.config: a
	// site's web.config may not define it.
	fx := setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><a` + caret + `sp /></system.webServer></configuration>`})
	info := fx.hover(t, "Default Web Site")
	if info == nil || info.Kind != KindSection || info.Section != "system.webServer/asp" {
		t.Fatalf("hover: %+v", info)
	}
	if info.Lock == nil || !info.Lock.Locked || info.Lock.Path != "MACHINE/WEBROOT/APPHOST/Default Web Site" ||
		!strings.HasPrefix(info.Lock.Text, "Locked here: ") || len(info.Lock.By) == 0 || info.Lock.By[0].File != workspace.AppHostPath {
		t.Errorf("lock: %+v", info.Lock)
	}
	if fact(t, info, "overrideModeDefault") != "Deny" || !strings.HasPrefix(fact(t, info, "Declared"), workspace.AppHostPath+":") {
		t.Errorf("facts: %+v", info.Facts)
	}
	// In applicationHost.config itself the section may be defined.
	fx = setup(t, inApphost(t, "<system.webServer>\r\n        <asp"))
	info = fx.hover(t, "")
	if info == nil || info.Lock == nil || info.Lock.Locked || info.Lock.Text != "Declared in this file: it may be defined here." {
		t.Errorf("apphost asp: %+v", info)
	}
}

func TestHoverGranularLock(t *testing.T) {
	// The stock httpErrors locks defaultPath (lockAttributes).
	fx := setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><httpErrors default` + caret + `Path="x" errorMode="Custom" /></system.webServer></configuration>`})
	info := fx.hover(t, "Default Web Site")
	if info == nil || info.Lock == nil || !info.Lock.Locked || len(info.Lock.By) != 1 || info.Lock.By[0].File != workspace.AppHostPath {
		t.Fatalf("defaultPath lock: %+v", info)
	}
	// errorMode is not locked.
	fx = setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><httpErrors defaultPath="x" error` + caret + `Mode="Custom" /></system.webServer></configuration>`})
	if info := fx.hover(t, "Default Web Site"); info == nil || info.Lock != nil {
		t.Errorf("errorMode: %+v", info)
	}
	// In applicationHost.config, the file that locks it, nothing binds it.
	fx = setup(t, inApphost(t, `<httpErrors lockAttributes="allowAbsolutePathsWhenDelegated,defaultPath"`))
	fx.offset -= len(`lockAttributes="allowAbsolutePathsWhenDelegated,defaultPath"`) - 2
	if info := fx.hover(t, ""); info == nil || info.Name != "lockAttributes" || info.Lock != nil {
		t.Errorf("apphost lockAttributes: %+v", info)
	}
}

func TestHoverLocationTarget(t *testing.T) {
	fx := setup(t, map[string]string{siteWebConfig: `<configuration>
  <location path="sub">
    <system.webServer><default` + caret + `Document /></system.webServer>
  </location>
</configuration>`})
	info := fx.hover(t, "Default Web Site")
	if info == nil || info.Lock == nil || info.Lock.Path != "MACHINE/WEBROOT/APPHOST/Default Web Site/sub" || info.Lock.Text != "At MACHINE/WEBROOT/APPHOST/Default Web Site/sub a web.config may define it." {
		t.Errorf("location target: %+v", info)
	}
	fx = setup(t, map[string]string{siteWebConfig: `<configuration><loca` + caret + `tion path="sub"></location></configuration>`})
	if got := fact(t, fx.hover(t, "Default Web Site"), "Applies to"); got != "MACHINE/WEBROOT/APPHOST/Default Web Site/sub" {
		t.Errorf("applies to %q", got)
	}
}

func TestLevelOfAWebConfigNoPathReads(t *testing.T) {
	// The page looks at the server; the web.config is still placed by the
	// site map (Default Web Site's folder, a subfolder).
	fx := setup(t, map[string]string{`C:\inetpub\wwwroot\app\web.config`: `<configuration><system.webServer><a` + caret + `sp /></system.webServer></configuration>`})
	info := fx.hover(t, "")
	if info == nil || info.Lock == nil || info.Lock.Path != "MACHINE/WEBROOT/APPHOST/Default Web Site/app" {
		t.Errorf("level: %+v", info)
	}
}

func TestBrokenInput(t *testing.T) {
	// Unclosed quotes, unfinished tags, stray end tags, comments: always an
	// answer, never a panic.
	texts := []string{
		`<configuration><system.webServer><defaultDocument enabled="tr` + caret,
		`<configuration></system.webServer><` + caret,
		`<configuration><!-- <system.webServer> ` + caret + ` --></configuration>`,
		`<configuration><system.webServer><defaultDocument enabled="true" <` + caret + `</configuration>`,
		`<?xml ` + caret,
		`<` + caret,
		`<configuration><system.webServer><![CDATA[` + caret,
		`<a b=c d ` + caret + `/>`,
	}
	for _, text := range texts {
		fx := setup(t, map[string]string{siteWebConfig: text})
		fx.complete(t, "Default Web Site")
		fx.hover(t, "Default Web Site")
	}
	// Inside a comment: nothing.
	fx := setup(t, map[string]string{siteWebConfig: texts[2]})
	if c := fx.complete(t, ""); len(c.Options) != 0 {
		t.Errorf("comment: %v", labels(c))
	}
	// An unfinished tag is cut short by the next '<'.
	fx = setup(t, map[string]string{siteWebConfig: `<configuration><system.webServer><directoryBrowse ` + caret + "\n<defaultDocument />"})
	option(t, fx.complete(t, ""), "showFlags")
	// A file the workspace does not hold is completed as a site's web.config.
	c := Complete(fx.e, fx.e.Schema(), Request{File: `C:\nope\web.config`, Text: []byte("<configuration><"), Offset: 16})
	option(t, c, "system.webServer")
}

func FuzzScan(f *testing.F) {
	f.Add([]byte(`<configuration><system.webServer><defaultDocument enabled="true" /></system.webServer></configuration>`), 40)
	f.Add([]byte(`<a b="<c d='`), 5)
	f.Add([]byte(`<!--<![CDATA[<?`), 3)
	f.Fuzz(func(t *testing.T, src []byte, offset int) {
		c := scan(src, offset)
		if c.from < 0 || c.to > len(src) || c.from > c.to {
			t.Fatalf("range %d..%d of %d bytes", c.from, c.to, len(src))
		}
		if c.attr >= len(c.attrs) {
			t.Fatalf("attribute %d of %d", c.attr, len(c.attrs))
		}
	})
}

var summaryOpts = config.EvalOptions{Summary: true}

func newEngine(ws *workspace.Workspace) *config.Engine { return config.New(ws) }

// Where nothing may be typed the answer still lists options, none of them:
// the editor reads options.length and must not meet null (it did after a
// "<" typed inside an element the schema does not know).
func TestNoOptionsIsAnEmptyList(t *testing.T) {
	for _, text := range []string{
		"<configuration><noSuchElement><" + caret + "</noSuchElement></configuration>",
		"<configuration><system.webServer><noSuch a=\"" + caret + "\" /></system.webServer></configuration>",
		"<configuration><system.webServer><noSuch " + caret + " /></system.webServer></configuration>",
		"<configuration><!-- " + caret + " --></configuration>",
	} {
		fx := setup(t, map[string]string{siteWebConfig: text})
		c := fx.complete(t, "Default Web Site")
		if c.Options == nil {
			t.Errorf("%q: options are nil, want an empty list", text)
		}
	}
}
