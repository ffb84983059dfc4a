package schema

import (
	"reflect"
	"strings"
	"testing"
)

const compactSample = `# sample
S system.webServer/sample
 A enabled bool req =true
 A mode enum =Classic
  V Integrated Classic Other:7
 A logFields flags =Date, Time
  V None:0 Date Time ClientIP
 A timeout timeSpan sec inf v=timeSpanRange p=0,60,1 =
 A password string cs enc exp hex min x=Some.Extension
 E limits
  A max uint uk ck
 C add=allow,deny remove=remove clear=clear default=itemDefaults nomerge dups unrec
  A name string uk
  C add=add
   A value string
 E itemDefaults cd
`

func TestParseCompact(t *testing.T) {
	f, err := parseCompact("sample.txt", compactSample)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Sections) != 1 || f.Sections[0].Name != "system.webServer/sample" || f.Sections[0].Root.Name != "sample" {
		t.Fatalf("sections %+v", f.Sections)
	}
	root := f.Sections[0].Root
	want := []*Attribute{
		{Name: "enabled", Type: Bool, Required: true, HasDefault: true, DefaultValue: "true", Source: "sample.txt"},
		{Name: "mode", Type: Enum, HasDefault: true, DefaultValue: "Classic", Source: "sample.txt",
			Values: []EnumValue{{"Integrated", 0}, {"Classic", 1}, {"Other", 7}}},
		{Name: "logFields", Type: Flags, HasDefault: true, DefaultValue: "Date, Time", Source: "sample.txt",
			Values: []EnumValue{{"None", 0}, {"Date", 1}, {"Time", 2}, {"ClientIP", 4}}},
		{Name: "timeout", Type: TimeSpan, TimeSpanFormat: TimeSpanSeconds, AllowInfinite: true, HasDefault: true,
			ValidationType: "timeSpanRange", ValidationParameter: "0,60,1", Source: "sample.txt"},
		{Name: "password", Type: String, CaseSensitive: true, Encrypted: true, Expanded: true, DisplayHex: true,
			TimeSpanFormat: TimeSpanMinutes, Extension: "Some.Extension", Source: "sample.txt"},
	}
	if !reflect.DeepEqual(root.Attributes, want) {
		for i := range want {
			if i < len(root.Attributes) && !reflect.DeepEqual(root.Attributes[i], want[i]) {
				t.Errorf("attribute %d = %+v, want %+v", i, root.Attributes[i], want[i])
			}
		}
		t.Fatalf("attributes differ")
	}
	if max := root.Element("limits").Attribute("max"); max == nil || !max.IsUniqueKey || !max.IsCombinedKey || max.Type != UInt {
		t.Errorf("limits/@max = %+v", max)
	}
	if d := root.Element("itemDefaults"); d == nil || !d.IsCollectionDefault {
		t.Errorf("itemDefaults = %+v", d)
	}
	c := root.Collection
	wantCol := Collection{AddElements: []string{"allow", "deny"}, RemoveElement: "remove", ClearElement: "clear",
		DefaultElement: "itemDefaults", MergeAppend: false, AllowDuplicates: true, AllowUnrecognizedAttributes: true}
	got := *c
	got.Item = nil
	if !reflect.DeepEqual(got, wantCol) {
		t.Errorf("collection %+v, want %+v", got, wantCol)
	}
	if c.Item.Attribute("name") == nil || c.Item.Collection == nil || !c.Item.Collection.MergeAppend ||
		c.Item.Collection.Item.Attribute("value") == nil {
		t.Errorf("collection item %+v", c.Item)
	}
}

func TestParseCompactErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"S a\n A x float", "bad.txt:2: unknown type \"float\""},
		{"S a\n A x bool bogus", "bad.txt:2: unknown attribute token \"bogus\""},
		{" A x bool", "bad.txt:1: indentation 1 has no enclosing element"},
		{"S a\n   A x bool", "bad.txt:2: indentation 3 has no enclosing element"},
		{" S a", "bad.txt:1: section line must not be indented"},
		{"S a\n V One Two", "bad.txt:2: values line does not follow an attribute line"},
		{"S a\n A x enum\n  V One:z", "bad.txt:3: bad value in \"One:z\""},
		{"S a\n E b xx", "bad.txt:2: unknown element flag \"xx\""},
		{"S a\n C add=add bogus", "bad.txt:2: unknown collection token \"bogus\""},
		{"S a\n Q x", "bad.txt:2: unknown keyword 'Q'"},
		{"S a\n Ax", "bad.txt:2: expected a one-letter keyword and a space"},
	}
	for _, c := range cases {
		_, err := parseCompact("bad.txt", c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("parseCompact(%q) error %v, want %s", c.src, err, c.want)
		}
	}
}

// TestBuiltinDataIsCanonical guards the format's promises on the shipped
// data: every default parses as its attribute's type, and no file holds a
// tab, CR or trailing blank (which would change the meaning of a default).
func TestBuiltinDataIsCanonical(t *testing.T) {
	for _, s := range builtinSources {
		if strings.ContainsAny(s.text, "\t\r") {
			t.Errorf("%s holds a tab or CR", s.name)
		}
	}
	var walk func(sec string, e *Element)
	walk = func(sec string, e *Element) {
		for _, a := range e.Attributes {
			if a.HasDefault && !a.Encrypted {
				if _, reason := a.parseType(a.DefaultValue); reason != "" {
					t.Errorf("%s @%s default %q: %s", sec, a.Name, a.DefaultValue, reason)
				}
			}
		}
		for _, c := range e.Elements {
			walk(sec, c)
		}
		if e.Collection != nil {
			walk(sec, e.Collection.Item)
		}
		for _, c := range e.MoreCollections {
			walk(sec, c.Item)
		}
	}
	s := Builtin()
	for _, name := range s.Names() {
		walk(name, s.Section(name).Root)
	}
}

func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		files := loadBuiltinFiles()
		if _, problems := Build(files); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}
