package secrets

import (
	"testing"

	"github.com/iisconf/iisconf/engine/xmltree"
)

// FuzzScan: any input is scanned without panicking; the findings lie in
// the text, in order, without overlapping; redacting them leaves nothing
// to find; and a well-formed file stays well-formed. The input is also
// tried as a name: the quick filter never rules out a secret name.
func FuzzScan(f *testing.F) {
	for _, c := range secretCases {
		f.Add([]byte(c.text))
	}
	for _, c := range cleanCases {
		f.Add([]byte(c.text))
	}
	f.Add([]byte("<a><!-- <b password='x'> <!-- y=1 --> </a>"))
	f.Add([]byte("Password=\"x;y\" https://u:p@h/?sig=s&amp;token=t -----BEGIN PRIVATE KEY-----z"))
	f.Fuzz(func(t *testing.T, text []byte) {
		if isSecretName(string(text)) && !mayBeSecretName(text) {
			t.Fatalf("mayBeSecretName rules out the secret name %q", text)
		}
		src, _ := utf8Text(text)
		fs := ScanText("f", text, nil)
		end := 0
		for _, x := range fs {
			if x.Start < end || x.End <= x.Start || x.End > len(src) || x.Line < 1 || x.EndLine < x.Line {
				t.Fatalf("bad finding %+v after offset %d of %d", x, end, len(src))
			}
			end = x.End
		}
		red := RedactText(text, fs)
		if again := ScanText("f", red, nil); len(again) != 0 {
			rs, _ := utf8Text(red)
			t.Fatalf("redacted %q still has %q (%+v)", red, rs[again[0].Start:again[0].End], again[0])
		}
		if _, err := xmltree.Parse(text, xmltree.Limits{}); err == nil {
			if _, err := xmltree.Parse(red, xmltree.Limits{}); err != nil {
				t.Fatalf("redaction broke well-formed XML: %v\n%q", err, red)
			}
		}
	})
}
