package schema

import "testing"

// Bad input must never panic or hang: these fuzz targets run their seeds
// in every `go test` and can be run longer with -fuzz.

func FuzzParseXML(f *testing.F) {
	f.Add([]byte(xmlSample))
	f.Add([]byte(`<configSchema><sectionSchema name="a"><collection addElement=","><collection/></collection></sectionSchema></configSchema>`))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, _ := ParseXML("fuzz.xml", src)
		if file == nil {
			t.Fatal("nil file")
		}
		Build([]*File{file, file})
	})
}

func FuzzParseCompact(f *testing.F) {
	f.Add(compactSample)
	f.Fuzz(func(t *testing.T, src string) {
		parseCompact("fuzz.txt", src)
	})
}

func FuzzAttributeParse(f *testing.F) {
	for _, s := range []string{"00:00:30", "-10675199.02:48:05.4775808", "1:2:3:4", "Infinite", "0x7fffffff", "Date, Time", "AnyHttpSoap"} {
		f.Add(s)
	}
	attrs := []*Attribute{
		attr(TimeSpan, infinite, withValidator("timeSpanRange", "0,2592000,60")),
		attr(TimeSpan, seconds, withValidator("timeSpanRange", "1,9223372036854775807,0")),
		attr(Int, hex, infinite, withValidator("integerRange", "-5,5,exclude")),
		attr(UInt, hex), attr(Int64), attr(Bool),
		attr(Enum, pipelineMode), attr(Flags, soapFlags),
		attr(String, withValidator("applicationPath", "")),
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, a := range attrs {
			v, reason := a.Parse(text)
			if reason != "" {
				continue
			}
			// A canonical text parses to itself.
			again, reason2 := a.Parse(v.Text)
			if reason2 != "" || again != v {
				t.Errorf("%v: %q -> %+v -> %+v %q", a.Type, text, v, again, reason2)
			}
		}
	})
}
