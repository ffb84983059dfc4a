package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbedAsLiterals(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("line \"one\"\n`two`\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "package p\n\nimport (\n\t_ \"embed\" // why\n\t\"strings\"\n)\n\nvar (\n\t//go:embed a.txt\n\tgrouped string\n)\n\n//go:embed a.txt\nvar single string\n"
	out, err := embedAsLiterals(dir, src)
	if err != nil {
		t.Fatal(err)
	}
	want := "package p\n\nimport (\n\t\"strings\"\n)\n\nvar (\n\tgrouped = \"line \\\"one\\\"\\n`two`\\n\"\n)\n\nvar single = \"line \\\"one\\\"\\n`two`\\n\"\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	if _, err := embedAsLiterals(dir, "package p\nimport \"embed\"\n//go:embed a.txt\nvar fs embed.FS\n"); err == nil {
		t.Fatal("an embed.FS was rewritten")
	}
}

// TestEngineWasmImports: built as the build builds it (with the embed
// overlay), the engine wasm imports none of the packages that cost its
// download most for what the engine needs of them (see embedoverlay.go,
// package textfmt, the worker's GOGC, and build/opcodec.go for reflect).
func TestEngineWasmImports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	root, _ := filepath.Abs("..")
	overlay, err := embedOverlay(root, t.TempDir(), "engine", "wasm")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-overlay="+overlay, "-deps", "./wasm/browser")
	cmd.Dir = root
	cmd.Env = playgroundWasmEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	for _, p := range []string{"fmt", "os", "time", "io/fs", "embed", "encoding/json", "runtime/debug", "regexp", "reflect"} {
		if deps[p] {
			t.Errorf("the engine wasm imports %s", p)
		}
	}
	if !deps["github.com/iisconf/iisconf/engine/config"] {
		t.Fatalf("go list did not list the engine: %s", out)
	}
}
