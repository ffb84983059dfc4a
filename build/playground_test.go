package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestHashedName(t *testing.T) {
	for name, want := range map[string]bool{
		"main.26206cd593.js":   true, // the build's own hash
		"worker.8bd3d18914.js": true,
		"main-5NPO6YK4.js":     true, // esbuild's, the split page bundle
		"chunk-A4ARS2PR.js":    true,
		"main-LTNBICW4.css":    true,
		"index.html":           false,
		"embed.js":             false, // the stable URL
		"sw.js":                false,
		"main-lowercase.js":    false,
		"main-ABCDEFG1.js":     false, // 1 is not base32
	} {
		if got := hashedName.MatchString(name); got != want {
			t.Errorf("hashedName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDevOnly(t *testing.T) {
	for name, want := range map[string]bool{
		"tsconfig.json":        true,
		"tsconfig.worker.json": true,
		"README.md":            true,
		"test/x.test.mjs":      true,
		"manifest.webmanifest": false,
		"favicon.svg":          false,
		"data/config.json":     false,
	} {
		if got := devOnly(name); got != want {
			t.Errorf("devOnly(%q) = %v, want %v", name, got, want)
		}
	}
}

// splitBuilder is a built page whose module imports one chunk statically
// and one through import().
func splitBuilder() *builder {
	b := &builder{
		assets:         map[string]*asset{},
		refs:           map[string]string{},
		staticImports:  map[string][]string{"main-AAAAAAAA.js": {"chunk-BBBBBBBB.js"}, "chunk-BBBBBBBB.js": {"chunk-DDDDDDDD.js"}},
		dynamicImports: map[string][]string{"main-AAAAAAAA.js": {"appcmd-CCCCCCCC.js"}},
		modules:        map[string]bool{"main-AAAAAAAA.js": true, "chunk-BBBBBBBB.js": true, "chunk-DDDDDDDD.js": true, "appcmd-CCCCCCCC.js": true},
	}
	add := func(name, text string) { b.assets[name] = &asset{name: name, data: []byte(text)} }
	add("index.html", `<script type=module src=main-AAAAAAAA.js></script>`)
	add("main-AAAAAAAA.js", `import{a}from"./chunk-BBBBBBBB.js";new Worker("worker.0123456789.js");import("./appcmd-CCCCCCCC.js")`)
	add("chunk-BBBBBBBB.js", `import"./chunk-DDDDDDDD.js";export const a=1`)
	add("chunk-DDDDDDDD.js", `export const d=1`)
	add("appcmd-CCCCCCCC.js", `import{a}from"./chunk-BBBBBBBB.js"`)
	add("worker.0123456789.js", `importScripts("x")`)
	return b
}

func TestFirstLoadLeavesOutImportedOnDemand(t *testing.T) {
	got := splitBuilder().firstLoad()
	want := []string{"chunk-BBBBBBBB.js", "chunk-DDDDDDDD.js", "index.html", "main-AAAAAAAA.js", "worker.0123456789.js"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("firstLoad = %v, want %v", got, want)
	}
}

func TestModuleScripts(t *testing.T) {
	b := splitBuilder()
	out, err := b.moduleScripts("index.html", []byte(`<head><script type="module" src="main-AAAAAAAA.js"></script></head>`))
	if err != nil {
		t.Fatal(err)
	}
	want := `<head><link rel="modulepreload" href="chunk-BBBBBBBB.js">` + "\n" + `<link rel="modulepreload" href="chunk-DDDDDDDD.js">` + "\n" + `<script type="module" src="main-AAAAAAAA.js"></script></head>`
	if string(out) != want {
		t.Errorf("moduleScripts:\n got %s\nwant %s", out, want)
	}
	// A classic script tag cannot load a module: the build says so.
	_, err = b.moduleScripts("index.html", []byte(`<script src="main-AAAAAAAA.js" defer></script>`))
	if err == nil || !strings.Contains(err.Error(), `without type="module"`) {
		t.Errorf("classic script tag for a module: err = %v", err)
	}
}

func TestLazyEntries(t *testing.T) {
	// A page (main.ts) importing a.ts, which is also import()ed from
	// dialog.ts; dialog.ts and a node_modules package are import()ed.
	var meta splitMeta
	if err := json.Unmarshal([]byte(`{"outputs": {
		"dist/main-AAAAAAAA.js": {"entryPoint": "web/src/main.ts", "inputs": {"web/src/main.ts": {}},
			"imports": [{"path": "dist/chunk-BBBBBBBB.js", "kind": "import-statement"}, {"path": "dist/dialog-CCCCCCCC.js", "kind": "dynamic-import"}]},
		"dist/chunk-BBBBBBBB.js": {"inputs": {"web/src/dom.ts": {}}, "imports": [{"path": "dist/chunk-DDDDDDDD.js", "kind": "import-statement"}]},
		"dist/chunk-DDDDDDDD.js": {"inputs": {"web/src/a.ts": {}}},
		"dist/a-EEEEEEEE.js": {"entryPoint": "web/src/a.ts", "imports": [{"path": "dist/chunk-DDDDDDDD.js", "kind": "import-statement"}]},
		"dist/dialog-CCCCCCCC.js": {"entryPoint": "web/src/dialog.ts", "inputs": {"web/src/dialog.ts": {}}},
		"dist/search-FFFFFFFF.js": {"entryPoint": "node_modules/@codemirror/search/dist/index.js", "inputs": {}}
	}}`), &meta); err != nil {
		t.Fatal(err)
	}
	root := filepath.FromSlash("/r")
	lazy, both := lazyEntries(meta, filepath.Join(root, "web", "src", "main.ts"), root)
	if want := map[string]bool{filepath.Join(root, "web", "src", "dialog.ts"): true}; !reflect.DeepEqual(lazy, want) {
		t.Errorf("lazy = %v, want %v", lazy, want)
	}
	if want := []string{"web/src/a.ts"}; !reflect.DeepEqual(both, want) {
		t.Errorf("both = %v, want %v", both, want)
	}
}
