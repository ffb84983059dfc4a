package schema

import (
	"reflect"
	"testing"
)

const xmlSample = `<configSchema>
  <sectionSchema name="system.web/authorization">
    <collection addElement="allow, deny" clearElement="clear" mergeAppend="False">
      <attribute name="users" type="string" isCombinedKey="True" />
      <attribute name="verbs" type="string" isCombinedKey="true" caseSensitive="TRUE" />
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/applicationInitialization">
    <attribute name="removeServerHeader" type="bool" defaultvalue="false" />
    <attribute name="remapManagedRequestsTo" type="string" defaultValue="" />
    <element name="initializationPages">
      <collection addElement="add" mergeElement="true" allowDuplicates="true">
        <attribute name="initializationPage" type="string" required="true" isUniqueKey="true" />
      </collection>
    </element>
    <method name="Start">
      <inputElement><attribute name="x" type="string" /></inputElement>
    </method>
  </sectionSchema>
</configSchema>`

func TestParseXML(t *testing.T) {
	f, problems := ParseXML("sample.xml", []byte(xmlSample))
	if len(problems) > 0 {
		t.Fatalf("problems %v", problems)
	}
	if f.Name != "sample.xml" || len(f.Sections) != 2 {
		t.Fatalf("file %+v", f)
	}
	auth := f.Sections[0]
	if auth.Name != "system.web/authorization" || auth.Root.Name != "authorization" || auth.Line != 2 || auth.Col != 3 || auth.Source != "sample.xml" {
		t.Errorf("section %+v", auth)
	}
	c := auth.Root.Collection
	if !reflect.DeepEqual(c.AddElements, []string{"allow", "deny"}) || c.ClearElement != "clear" || c.RemoveElement != "" || c.MergeAppend {
		t.Errorf("collection %+v", c)
	}
	verbs := c.Item.Attribute("verbs")
	if verbs == nil || !verbs.IsCombinedKey || !verbs.CaseSensitive || verbs.Line != 5 || verbs.Col != 7 {
		t.Errorf("verbs %+v", verbs)
	}
	if keys := c.Keys(); len(keys) != 2 || keys[0].Name != "users" {
		t.Errorf("keys %v", keys)
	}
	init := f.Sections[1].Root
	// lowercase defaultvalue is not defaultValue: ignored, as IIS does.
	if a := init.Attribute("removeServerHeader"); a == nil || a.HasDefault {
		t.Errorf("removeServerHeader %+v", a)
	}
	if a := init.Attribute("remapManagedRequestsTo"); a == nil || !a.HasDefault || a.DefaultValue != "" {
		t.Errorf("remapManagedRequestsTo %+v", a)
	}
	if len(init.Attributes) != 2 || len(init.Elements) != 1 {
		t.Errorf("method content leaked into the section: %+v", init)
	}
	pages := init.Element("initializationPages").Collection
	if !pages.AllowDuplicates || !pages.MergeAppend || pages.Item.Attribute("initializationPage") == nil {
		t.Errorf("initializationPages %+v", pages)
	}
}

func TestParseXMLProblems(t *testing.T) {
	src := `<configSchema>
  <sectionSchema>
  </sectionSchema>
  <sectionSchema name="s">
    <attribute type="string" />
    <attribute name="a" type="float" />
    <attribute name="b" type="bool" required="yes" />
    <attribute name="c" type="timeSpan" timeSpanFormat="hours" />
    <attribute name="d" type="enum"><enum name="One" value="x" /><enum name="Two" value="2" /></attribute>
  </sectionSchema>
</configSchema>`
	f, problems := ParseXML("bad.xml", []byte(src))
	want := []string{
		"bad.xml(2,3): <sectionSchema> without a name",
		"bad.xml(5,5): <attribute> without a name",
		"bad.xml(6,5): attribute 'a' has unknown type 'float'",
		"bad.xml(7,37): 'required' must be true or false, not 'yes'",
		"bad.xml(8,5): attribute 'c' has unknown timeSpanFormat 'hours'",
		`bad.xml(9,37): <enum name="One"> has a value that is not an integer: 'x'`,
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%q\nwant\n%q", got, want)
	}
	s := f.Sections[0].Root
	if len(f.Sections) != 1 || len(s.Attributes) != 3 || s.Attribute("b").Required {
		t.Errorf("kept %+v", s.Attributes)
	}
	if d := s.Attribute("d"); !reflect.DeepEqual(d.Values, []EnumValue{{"Two", 2}}) {
		t.Errorf("enum values %+v", d.Values)
	}
}

func TestParseXMLBadInput(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", ""},
		{"<configSchema>", ""},
		{"<other/>", "bad.xml(1,1): root element is <other>, expected <configSchema>"},
	}
	for _, c := range cases {
		f, problems := ParseXML("bad.xml", []byte(c.src))
		if f == nil || len(f.Sections) != 0 || len(problems) != 1 {
			t.Errorf("ParseXML(%q) = %+v, %v", c.src, f, problems)
			continue
		}
		if c.want != "" && problems[0].Error() != c.want {
			t.Errorf("ParseXML(%q) problem %q, want %q", c.src, problems[0].Error(), c.want)
		}
	}
}
