package main

import (
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
