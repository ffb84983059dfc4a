package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// compressed holds a file's precompressed variants.
type compressed struct{ gz, br []byte }

// compressCached returns the gzip and brotli forms of data, from
// cacheDir when this exact content was compressed before: brotli at
// quality 11 takes ~15 s on the wasm, which would dominate every build
// although the wasm rarely changes.
func compressCached(cacheDir string, data []byte) (compressed, error) {
	sum := sha256.Sum256(data)
	key := filepath.Join(cacheDir, hex.EncodeToString(sum[:]))
	gz, errG := os.ReadFile(key + ".gz")
	br, errB := os.ReadFile(key + ".br")
	if errG == nil && errB == nil {
		return compressed{gz, br}, nil
	}
	var c compressed
	var err error
	if c.gz, err = gzipBytes(data); err != nil {
		return c, err
	}
	if c.br, err = brotliBytes(data); err != nil {
		return c, err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err == nil {
		// A failed cache write only costs time next build.
		_ = os.WriteFile(key+".gz", c.gz, 0o644)
		_ = os.WriteFile(key+".br", c.br, 0o644)
	}
	return c, nil
}

func gzipBytes(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// brotliBytes uses the largest window (16 MB): the wasm is ~5 MB and
// repeats itself across its whole length; the default 4 MB window costs
// measurable bytes on it. Browsers decode any window up to 16 MB.
func brotliBytes(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: 11, LGWin: 24})
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
