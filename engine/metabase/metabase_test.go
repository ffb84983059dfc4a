package metabase_test

import (
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/metabase"
)

// sample is the project's own MetaBase.xml, written from the documented
// structure (docs/metabase.md).
func sample(t *testing.T) *metabase.Metabase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "samples", "metabase", "MetaBase.xml"))
	if err != nil {
		t.Fatal(err)
	}
	m := metabase.Parse("MetaBase.xml", b, nil)
	if len(m.Diagnostics) != 0 {
		t.Fatalf("sample diagnostics: %v", m.Diagnostics)
	}
	return m
}

func prop(t *testing.T, ek *metabase.EffectiveKey, name string) metabase.EffectiveProperty {
	t.Helper()
	for _, p := range ek.Properties {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("%s: no effective %s", ek.Location, name)
	return metabase.EffectiveProperty{}
}

func TestInheritance(t *testing.T) {
	m := sample(t)
	ek := m.Effective("/lm/w3svc/1/root/IMAGES") // metabase paths are case-insensitive
	if ek.Location != "/LM/W3SVC/1/ROOT/images" || ek.KeyType != "IIsWebVirtualDir" {
		t.Errorf("key = %s %s", ek.Location, ek.KeyType)
	}
	cases := []struct{ name, value, from string }{
		{"AccessFlags", "AccessRead", "/LM/W3SVC/1/ROOT/images"},
		{"AuthFlags", "AuthAnonymous | AuthNTLM", "/LM/W3SVC/1/ROOT"},
		{"DefaultDoc", "Default.htm,Default.asp,index.htm,Default.aspx,iisstart.htm", "/LM/W3SVC/1/ROOT"},
		{"ContosoRequestTracing", "1", "/LM/W3SVC"}, // a Custom property with Attributes="INHERIT"
	}
	for _, c := range cases {
		p := prop(t, ek, c.name)
		if p.Value != c.value || p.From != c.from || p.Inherited != (c.from != ek.Location) {
			t.Errorf("%s = %q from %s (inherited %v), want %q from %s", c.name, p.Value, p.From, p.Inherited, c.value, c.from)
		}
	}
	// Non-inheritable properties stay on their key: Path, AppRoot, the
	// ROOT's Custom property without INHERIT.
	for _, p := range m.Effective("/LM/W3SVC/1/ROOT/orders/downloads").Properties {
		switch p.Name {
		case "Path", "AppRoot", "AppFriendlyName", "ContosoSiteTag", "ServerBindings":
			t.Errorf("%s inherited from %s", p.Name, p.From)
		}
	}
	root := m.Effective("/LM/W3SVC/1/ROOT")
	if p := prop(t, root, "ContosoSiteTag"); p.Value != "public & intranet" || !p.Custom {
		t.Errorf("Custom value = %+v", p)
	}
	// A location with no key element inherits everything.
	nk := m.Effective("/LM/W3SVC/1/ROOT/orders/new/sub")
	if nk.Exists || prop(t, nk, "AppPoolId").From != "/LM/W3SVC/1/ROOT/orders" {
		t.Errorf("implicit key: %+v", nk)
	}
}

func TestFlagsAsUnit(t *testing.T) {
	m := sample(t)
	// downloads sets DirBrowseFlags without EnableDefaultDoc: the whole
	// DWORD replaces the inherited one, so default documents are off there.
	p := prop(t, m.Effective("/LM/W3SVC/1/ROOT/orders/downloads"), "DirBrowseFlags")
	if strings.Join(p.Flags, " | ") != "DirBrowseShowDate | DirBrowseShowSize | EnableDirBrowsing" || *p.Bits != 0x8000000a {
		t.Errorf("DirBrowseFlags = %v 0x%x", p.Flags, *p.Bits)
	}
	// orders sets AuthFlags="AuthNTLM": anonymous is not merged in from ROOT.
	a := prop(t, m.Effective("/LM/W3SVC/1/ROOT/orders"), "AuthFlags")
	if strings.Join(a.Flags, ",") != "AuthNTLM" || a.Inherited {
		t.Errorf("AuthFlags = %+v", a)
	}
}

func TestListsReplacedWhole(t *testing.T) {
	m := sample(t)
	p := prop(t, m.Effective("/LM/W3SVC/1/ROOT/images"), "HttpErrors")
	if strings.Join(p.Values, "|") != "404,*,URL,/images/missing.asp" || p.Inherited {
		t.Errorf("images HttpErrors = %v", p.Values)
	}
	q := prop(t, m.Effective("/LM/W3SVC/1/ROOT/orders"), "HttpErrors")
	if len(q.Values) != 5 || q.From != "/LM/W3SVC" || q.Values[4] != "500,100,URL,/iisHelp/common/500-100.asp" {
		t.Errorf("orders HttpErrors = %v from %s", q.Values, q.From)
	}
	b := prop(t, m.Effective("/LM/W3SVC/1"), "ServerBindings")
	if strings.Join(b.Values, "|") != ":80:|192.168.10.5:8080:intranet.contoso.com" {
		t.Errorf("ServerBindings = %q", b.Values)
	}
}

func TestMapping(t *testing.T) {
	m := sample(t)
	cases := map[string]string{
		"/LM/W3SVC":                          "MACHINE/WEBROOT/APPHOST",
		"/LM/W3SVC/1":                        "MACHINE/WEBROOT/APPHOST/Default Web Site",
		"/LM/W3SVC/1/ROOT":                   "MACHINE/WEBROOT/APPHOST/Default Web Site",
		"/LM/W3SVC/1/ROOT/orders/report.asp": "MACHINE/WEBROOT/APPHOST/Default Web Site/orders/report.asp",
		"/LM/W3SVC/2/ROOT":                   "MACHINE/WEBROOT/APPHOST/Extranet",
		"/LM/W3SVC/7/ROOT/x":                 "MACHINE/WEBROOT/APPHOST/Site 7/x",
		"/LM/W3SVC/AppPools/OrdersPool":      "",
		"/LM/MimeMap":                        "",
		".":                                  "",
		"/LM/W3SVC/1/Filters":                "",
	}
	for loc, want := range cases {
		got := ""
		if mp := m.Map(loc); mp != nil {
			got = mp.ConfigPath
		}
		if got != want {
			t.Errorf("Map(%s) = %q, want %q", loc, got, want)
		}
	}
	if n := m.Map("/LM/W3SVC/7/ROOT").Note; n != "UNCERTAIN(metabase-site-name): no ServerComment; named after the site id" {
		t.Errorf("note = %q", n)
	}
}

func TestEquivalentsGolden(t *testing.T) {
	m := sample(t)
	for _, c := range []struct{ key, file string }{
		{"/LM/W3SVC/1/ROOT", "root.txt"},
		{"/LM/W3SVC/1/ROOT/orders/report.asp", "report.txt"},
	} {
		got := metabase.FormatEffective(m.Effective(c.key))
		testkit.Golden(t, filepath.Join("testdata", c.file), got)
	}
	testkit.Golden(t, filepath.Join("testdata", "tree.txt"), metabase.FormatTree(m.Tree()))
}

func TestMalformed(t *testing.T) {
	cases := []struct{ src, want string }{
		{"<configuration>\n<MBProperty>\n<IIsWebServer Location=\"/LM/W3SVC/1\" ServerComment=\"x\">\n</MBProperty>\n</configuration>\n",
			"bad.xml(4,1): error: not well-formed XML: element <IIsWebServer> (opened at line 3) closed by </MBProperty>"},
		{"<metabase/>", "bad.xml(1,1): error: the root element is <metabase>, expected <configuration>"},
		{"<configuration>\n</configuration>", "bad.xml(1,1): error: <configuration> has no <MBProperty> element"},
		{"<configuration><MBProperty>\n  <IIsWebServer ServerComment=\"x\"/>\n</MBProperty></configuration>",
			"bad.xml(2,3): error: key <IIsWebServer> has no Location attribute"},
		{"<configuration><MBProperty>\n<IIsComputer Location=\"/LM\"/>\n<IIsComputer Location=\"/lm/\"/>\n</MBProperty></configuration>",
			"bad.xml(3,1): error: duplicate key /lm/ (first defined at line 2)"},
		{"<configuration><MBProperty>\n<IIsWebServer Location=\"/LM/W3SVC/1\" AuthFlags=\"AuthAnonymous | AuthKerberos\"/>\n</MBProperty></configuration>",
			"bad.xml(2,38): warning: unknown flag \"AuthKerberos\" in AuthFlags"},
		{"<configuration><MBProperty>\n<IIsWebServer Location=\"LM/W3SVC/1\"/>\n</MBProperty></configuration>",
			"bad.xml(2,15): error: Location \"LM/W3SVC/1\" is neither \".\" nor a path starting with /"},
	}
	for _, c := range cases {
		m := metabase.Parse("bad.xml", []byte(c.src), nil)
		var got []string
		for _, d := range m.Diagnostics {
			got = append(got, diag.Line(d))
		}
		if strings.Join(got, "\n") != c.want {
			t.Errorf("got %q\nwant %q", got, c.want)
		}
	}
}

func TestSchemaOverride(t *testing.T) {
	sb, err := os.ReadFile(filepath.Join("..", "..", "samples", "metabase", "MBSchema.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sch, diags := metabase.ParseSchema("MBSchema.xml", sb)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	mb, _ := os.ReadFile(filepath.Join("..", "..", "samples", "metabase", "MetaBase.xml"))
	m := metabase.Parse("MetaBase.xml", mb, sch)
	if len(m.Diagnostics) != 0 {
		t.Fatalf("with the sample schema: %v", m.Diagnostics)
	}
	// The schema makes AppPoolIdentityType (not in the built-in table)
	// INHERIT: the pool key inherits it from AppPools.
	p := prop(t, m.Effective("/LM/W3SVC/AppPools/DefaultAppPool"), "AppPoolIdentityType")
	if p.Value != "2" || p.From != "/LM/W3SVC/AppPools" || p.ID != 9021 {
		t.Errorf("AppPoolIdentityType = %+v", p)
	}
	// With the built-in table alone it is an unknown, non-inherited string.
	for _, q := range sample(t).Effective("/LM/W3SVC/AppPools/DefaultAppPool").Properties {
		if q.Name == "AppPoolIdentityType" {
			t.Errorf("inherited without a schema: %+v", q)
		}
	}
	// A schema that does not know a property reports it.
	m2 := metabase.Parse("m.xml", []byte("<configuration><MBProperty>\n<IIsWebServer Location=\"/LM/W3SVC/1\" Frobnicate=\"1\"/>\n</MBProperty></configuration>"), sch)
	if len(m2.Diagnostics) != 1 || diag.Line(m2.Diagnostics[0]) != "m.xml(2,38): warning: property Frobnicate is not in the schema (a property outside the schema is written as a <Custom> element)" {
		t.Errorf("diagnostics = %v", m2.Diagnostics)
	}
	_, d := metabase.ParseSchema("s.xml", []byte("<MetaData><Property"))
	if len(d) != 1 || d[0].ID != "MB_XML" || d[0].Line != 1 {
		t.Errorf("malformed schema: %v", d)
	}
}

func TestHistory(t *testing.T) {
	if got := metabase.HistoryName("MetaBase", 1, 0); got != "MetaBase_0000000001_0000000000.xml" {
		t.Errorf("HistoryName = %s", got)
	}
	hf, err := metabase.ParseHistoryName("metabase_0000000012_0000000003.XML")
	if err != nil || hf.Kind != "MetaBase" || hf.Major != 12 || hf.Minor != 3 {
		t.Errorf("parse = %+v, %v", hf, err)
	}
	for name, want := range map[string]string{
		"MetaBase_1_0.xml":                   `MetaBase_1_0.xml: version number "1" is not 10 zero-padded digits`,
		"MetaBase_0000000001.xml":            "MetaBase_0000000001.xml: expected two version numbers, <major>_<minor>",
		"MetaBase_0000000001_0000000000.bak": "MetaBase_0000000001_0000000000.bak: a history file name ends in .xml",
		"CFGHISTORY_0000000001":              "CFGHISTORY_0000000001: not a history file (expected MetaBase_<major>_<minor>.xml or MBSchema_<major>_<minor>.xml)",
		"MBSchema_00000000x1_0000000000.xml": `MBSchema_00000000x1_0000000000.xml: version number "00000000x1" is not 10 zero-padded digits`,
	} {
		if _, err := metabase.ParseHistoryName(name); err == nil || err.Error() != want {
			t.Errorf("%s: %v", name, err)
		}
	}
	ents, diags := metabase.ListHistory("History", []string{
		"MetaBase_0000000011_0000000001.xml", "MetaBase_0000000002_0000000000.xml", "MBSchema_0000000011_0000000001.xml",
		"MetaBase_0000000011_0000000000.xml", "MBSchema_0000000011_0000000000.xml", "MBSchema_0000000002_0000000000.xml",
		"MetaBase_0000000010_0000000005.xml", "readme.txt",
	})
	var order []string
	for _, e := range ents {
		order = append(order, metabase.HistoryName("v", e.Major, e.Minor))
	}
	// Ordered by major then minor, numerically.
	if strings.Join(order, " ") != "v_0000000002_0000000000.xml v_0000000010_0000000005.xml v_0000000011_0000000000.xml v_0000000011_0000000001.xml" {
		t.Errorf("order = %v", order)
	}
	var ds []string
	for _, d := range diags {
		ds = append(ds, diag.Line(d))
	}
	want := "History: warning: readme.txt: not a history file (expected MetaBase_<major>_<minor>.xml or MBSchema_<major>_<minor>.xml)\n" +
		"History: warning: MetaBase_0000000010_0000000005.xml has no matching MBSchema_0000000010_0000000005.xml"
	if strings.Join(ds, "\n") != want {
		t.Errorf("diags:\n%s", strings.Join(ds, "\n"))
	}
}
