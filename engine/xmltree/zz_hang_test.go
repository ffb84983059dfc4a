package xmltree

import (
	"os"
	"testing"
	"time"
	"fmt"
)

func FuzzHang(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, path := range corpusFiles(f) {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				os.WriteFile(fmt.Sprintf("/tmp/hang-%d", time.Now().UnixNano()), src, 0644)
				os.Exit(3)
			}
		}()
		doc, err := Parse(src, fuzzLimits)
		os.WriteFile("/tmp/stage", []byte("parsed"), 0644)
		if err == nil {
			checkTree(doc, fuzzLimits)
		}
		os.WriteFile("/tmp/stage", []byte("checked"), 0644)
		compareWithReference(src, doc, err)
		close(done)
	})
}
