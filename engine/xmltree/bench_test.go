package xmltree

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"testing"
)

const benchFile = corpusDir + "/applicationhost/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-applicationHost.config"

func benchInput(b *testing.B) []byte {
	src, err := os.ReadFile(benchFile)
	if err != nil {
		b.Skipf("benchmark file not present: %v", err)
	}
	return src
}

// BenchmarkParse builds the full positioned tree.
func BenchmarkParse(b *testing.B) {
	src := benchInput(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodingXMLTokens only tokenises the same bytes with
// encoding/xml (Strict, all tokens), building no tree: the baseline.
func BenchmarkEncodingXMLTokens(b *testing.B) {
	src := bytes.TrimPrefix(benchInput(b), utf8BOM)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(src))
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
