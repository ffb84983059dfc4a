package schema

import "testing"

// TestXMLRoundTrip: every built-in file written as an IIS schema file reads
// back to the same facts, so a feature's schema file installed into a
// workspace means exactly what the built-in data says.
func TestXMLRoundTrip(t *testing.T) {
	files := append([]*File(nil), BuiltinFiles()...)
	files = append(files, OptionalFiles()...)
	for _, f := range files {
		back, problems := ParseXML(f.Name, f.XML())
		for _, p := range problems {
			t.Errorf("%s: %v", f.Name, p)
		}
		for _, d := range diffFiles(f, back) {
			t.Errorf("%s: %s", f.Name, d)
		}
	}
}

func TestXMLEscapes(t *testing.T) {
	f := &File{Name: "x.xml", Sections: []*Section{{Name: "a/b", Root: &Element{Name: "b", Attributes: []*Attribute{
		{Name: "v", Type: String, HasDefault: true, DefaultValue: "\"<&>\"\t"},
	}}}}}
	back, problems := ParseXML("x.xml", f.XML())
	if len(problems) > 0 || len(back.Sections) != 1 {
		t.Fatalf("%v %v", problems, back.Sections)
	}
	if got := back.Sections[0].Root.Attributes[0].DefaultValue; got != "\"<&>\"\t" {
		t.Errorf("default %q", got)
	}
}
