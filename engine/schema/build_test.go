package schema

import (
	"reflect"
	"testing"
)

func mustXML(t *testing.T, name, src string) *File {
	t.Helper()
	f, problems := ParseXML(name, []byte(src))
	if len(problems) > 0 {
		t.Fatalf("%s: %v", name, problems)
	}
	return f
}

func TestBuildUnion(t *testing.T) {
	base := mustXML(t, "base.xml", `<configSchema>
  <sectionSchema name="system.webServer/x">
    <attribute name="a" type="bool" defaultValue="true" />
    <element name="e"><attribute name="e1" type="uint" /></element>
  </sectionSchema>
  <sectionSchema name="system.webServer/only">
    <attribute name="o" type="string" />
  </sectionSchema>
</configSchema>`)
	ext := mustXML(t, "ext.xml", `<configSchema>
  <sectionSchema name="system.webServer/x">
    <attribute name="b" type="string" />
    <element name="e"><attribute name="e2" type="int" /></element>
    <element name="f"><collection addElement="add"><attribute name="k" type="string" isUniqueKey="true" /></collection></element>
  </sectionSchema>
</configSchema>`)
	s, problems := Build([]*File{base, ext})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if !reflect.DeepEqual(s.Names(), []string{"system.webServer/only", "system.webServer/x"}) {
		t.Errorf("names %v", s.Names())
	}
	x := s.Section("system.webServer/x")
	if x.Source != "base.xml, ext.xml" {
		t.Errorf("source %q", x.Source)
	}
	if got := attributeNames(x.Root); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("attributes %v", got)
	}
	if got := attributeNames(x.Root.Element("e")); !reflect.DeepEqual(got, []string{"e1", "e2"}) {
		t.Errorf("e attributes %v", got)
	}
	if x.Root.Attribute("b").Source != "ext.xml" {
		t.Errorf("b source %q", x.Root.Attribute("b").Source)
	}
	if f := x.Root.Element("f"); f == nil || f.Collection == nil || len(f.Collection.Keys()) != 1 {
		t.Errorf("f %+v", f)
	}
	// The inputs are untouched.
	if len(base.Sections[0].Root.Attributes) != 1 || len(base.Sections[0].Root.Element("e").Attributes) != 1 {
		t.Errorf("Build modified its input: %+v", base.Sections[0].Root)
	}
	if s.Section("system.webServer/only") != base.Sections[1] {
		t.Errorf("a section defined once should be shared, not copied")
	}
}

// TestBuildDuplicateAttribute records the choice UNCERTAIN(schema-duplicate-attribute) of
// duplicateAttributeReplaces (true): a later file's definition replaces the
// earlier one silently, as real servers' NetFx40/45 update files need.
func TestBuildDuplicateAttribute(t *testing.T) {
	a := mustXML(t, "a.xml", `<configSchema><sectionSchema name="s"><element name="e">
  <attribute name="n" type="uint" defaultValue="1" /></element></sectionSchema></configSchema>`)
	b := mustXML(t, "b.xml", `<configSchema><sectionSchema name="s"><element name="e">
  <attribute name="n" type="string" /></element></sectionSchema></configSchema>`)
	s, problems := Build([]*File{a, b})
	if len(problems) != 0 {
		t.Errorf("problems %v, want none", problems)
	}
	if n := s.Section("s").Root.Element("e").Attribute("n"); n.Type != String || n.Source != "b.xml" {
		t.Errorf("kept %+v, want b.xml's string definition", n)
	}
}

func TestWithUserFilesReplacesAndExtends(t *testing.T) {
	// A user IIS_schema.xml replaces the built-in IIS_schema.txt entirely.
	iis := mustXML(t, `C:\Windows\System32\inetsrv\config\schema\iis_SCHEMA.xml`, `<configSchema>
  <sectionSchema name="system.webServer/defaultDocument">
    <attribute name="enabled" type="bool" defaultValue="false" />
  </sectionSchema>
</configSchema>`)
	// Any other user file extends.
	ext := mustXML(t, "contoso_schema.xml", `<configSchema>
  <sectionSchema name="system.web/httpRuntime">
    <attribute name="contosoTuning" type="string" />
  </sectionSchema>
  <sectionSchema name="contoso/settings">
    <attribute name="color" type="string" />
  </sectionSchema>
</configSchema>`)
	s, problems := WithUserFiles([]*File{iis, ext})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	dd := s.Section("system.webServer/defaultDocument")
	if dd.Source != iis.Name || dd.Root.Attribute("enabled").DefaultValue != "false" || dd.Root.Element("files") != nil {
		t.Errorf("defaultDocument not replaced: %+v", dd)
	}
	if s.Section("system.webServer/urlCompression") != nil {
		t.Errorf("built-in IIS_schema sections survived the replacement")
	}
	// Extension files still add to sections IIS_schema used to define.
	if sites := s.Section("system.applicationHost/sites"); sites == nil || sites.Source != "FTP_schema.txt, rscaext.txt" {
		t.Errorf("sites %+v", sites)
	}
	rt := s.Section("system.web/httpRuntime")
	if rt.Source != "ASPNET_schema.txt, NetFx45_IIS_schema_update.txt, contoso_schema.xml" || rt.Root.Attribute("contosoTuning") == nil || rt.Root.Attribute("maxUrlLength") == nil {
		t.Errorf("httpRuntime not extended: %q", rt.Source)
	}
	if s.Section("contoso/settings") == nil || s.Section("system.webServer/rewrite/rules") == nil {
		t.Errorf("user section or other built-in section missing")
	}
	// The shared built-in schema is unchanged.
	if Builtin().Section("system.web/httpRuntime").Root.Attribute("contosoTuning") != nil {
		t.Errorf("WithUserFiles changed the built-in schema")
	}
	if Builtin().Section("system.applicationHost/sites") == nil {
		t.Errorf("built-in schema lost a section")
	}
}

func TestWithUserFilesDuplicate(t *testing.T) {
	ext := mustXML(t, "mine.xml", `<configSchema>
  <sectionSchema name="system.webServer/defaultDocument">
    <attribute name="enabled" type="bool" />
  </sectionSchema>
</configSchema>`)
	s, problems := WithUserFiles([]*File{ext})
	if len(problems) != 0 {
		t.Errorf("problems %v", problems)
	}
	if a := s.Section("system.webServer/defaultDocument").Root.Attribute("enabled"); a.Source != "mine.xml" || a.HasDefault {
		t.Errorf("enabled not replaced by the user file: %+v", a)
	}
}

func TestSchemaFileKey(t *testing.T) {
	for in, want := range map[string]string{
		"IIS_schema.txt": "iis_schema", `C:\x\IIS_Schema.XML`: "iis_schema", "a/b/rscaext.xml": "rscaext", "noext": "noext",
	} {
		if got := schemaFileKey(in); got != want {
			t.Errorf("schemaFileKey(%q) = %q, want %q", in, got, want)
		}
	}
}
