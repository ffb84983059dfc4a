package xmltree

import (
	"bytes"
	"encoding/xml"
	"github.com/iisconf/iisconf/engine/testkit"
	"io"
	"os"
	"path/filepath"
	"testing"
)

const benchFile = "applicationhost/microsoft__CSS-Exchange__Diagnostics-HealthChecker-Tests-DataCollection-E19-Exchange-IIS-applicationHost.config"

// benchInputs are the documents every parser benchmark runs on: a real
// 174 KB Exchange applicationHost.config from the corpus (skipped when the
// corpus is absent) and the generated ~8 MB hosting-server file.
func benchInputs(b *testing.B) []struct {
	name string
	src  []byte
} {
	b.Helper()
	var out []struct {
		name string
		src  []byte
	}
	dir, _ := testkit.CorpusDir()
	if src, err := os.ReadFile(filepath.Join(dir, benchFile)); err == nil {
		out = append(out, struct {
			name string
			src  []byte
		}{"exchange174K", src})
	}
	return append(out, struct {
		name string
		src  []byte
	}{"hosting8M", hostingOnce()})
}

// BenchmarkParse builds the full positioned tree. B/inbyte is the memory
// allocated per byte of input.
func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			var ms0, ms1 runtimeMemStats
			ms0.read()
			for b.Loop() {
				if _, err := Parse(in.src, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
			ms1.read()
			b.ReportMetric(float64(ms1.totalAlloc-ms0.totalAlloc)/float64(b.N)/float64(len(in.src)), "B/inbyte")
		})
	}
}

// BenchmarkEncodingXML only tokenises the same bytes with encoding/xml
// (Strict, all tokens), building no tree: the baseline.
func BenchmarkEncodingXML(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			src := bytes.TrimPrefix(in.src, utf8BOM)
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
		})
	}
}
