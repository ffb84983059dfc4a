package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The engine embeds its fixed texts (the schema facts, the stock server's
// files) with //go:embed into string variables. The embed package that
// directive needs imports io/fs, which imports time, and with time come its
// and internal/godebug's initialisation: ~33 KB of the engine wasm's brotli,
// for texts that are plain strings. So the wasm builds compile those files
// through an overlay (go build -overlay) in which each such variable is a
// string literal of the same file's bytes, and "embed" is not imported;
// the CLI and the tests compile the files as written. Only string
// variables are rewritten: anything else embedded is an error here, not a
// silent change.

var (
	embedImport = regexp.MustCompile(`(?m)^\s*_ "embed".*\n`)
	embedVar    = regexp.MustCompile(`(?m)^[ \t]*//go:embed[ \t]+(\S+)[ \t]*\n([ \t]*)((?:var[ \t]+)?)(\w+)[ \t]+string[ \t]*$`)
	embedAny    = regexp.MustCompile(`(?m)^[ \t]*//go:embed`)
)

// embedAsLiterals returns src (a Go file in dir) with every //go:embed
// string variable turned into a string literal of its file.
func embedAsLiterals(dir, src string) (string, error) {
	var err error
	out := embedVar.ReplaceAllStringFunc(src, func(m string) string {
		g := embedVar.FindStringSubmatch(m)
		data, e := os.ReadFile(filepath.Join(dir, filepath.FromSlash(g[1])))
		if e != nil && err == nil {
			err = e
		}
		return g[2] + g[3] + g[4] + " = " + strconv.Quote(string(data))
	})
	if err != nil {
		return "", err
	}
	if embedAny.MatchString(out) {
		return "", fmt.Errorf("a //go:embed that is not a string variable")
	}
	return embedImport.ReplaceAllString(out, ""), nil
}

// embedOverlay writes, into tmp, the overlay of every non-test Go file
// under the given folders of root that imports "embed", and returns the
// overlay file's path for go build -overlay.
func embedOverlay(root, tmp string, folders ...string) (string, error) {
	replace := map[string]string{}
	for _, f := range folders {
		err := filepath.WalkDir(filepath.Join(root, f), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil || !embedImport.Match(src) {
				return err
			}
			out, err := embedAsLiterals(filepath.Dir(path), string(src))
			if err != nil {
				return fmt.Errorf("%s: %v", path, err)
			}
			name := filepath.Join(tmp, fmt.Sprintf("embed%d.go", len(replace)))
			if err := os.WriteFile(name, []byte(out), 0o644); err != nil {
				return err
			}
			abs, err := filepath.Abs(path)
			replace[abs] = name
			return err
		})
		if err != nil {
			return "", err
		}
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	name := filepath.Join(tmp, "overlay.json")
	return name, os.WriteFile(name, data, 0o644)
}
