package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFindFuzzTargets(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/x_test.go", "package a\n\nfunc FuzzB(f *testing.F) {}\nfunc FuzzA(f *testing.F) {}\nfunc fuzzNot(f *testing.F) {}\n// func FuzzComment(f *testing.F)\n")
	write("b/c/y_test.go", "package c\nfunc FuzzC(ff *testing.F) {\n}\n")
	write("b/z.go", "package b\nfunc FuzzNotATest(f *testing.F) {}\n")
	write("testdata/t_test.go", "package t\nfunc FuzzIgnored(f *testing.F) {}\n")
	write(".hidden/h_test.go", "package h\nfunc FuzzHidden(f *testing.F) {}\n")
	got, err := findFuzzTargets(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []fuzzTarget{{"./a", "FuzzA"}, {"./a", "FuzzB"}, {"./b/c", "FuzzC"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRunCommands(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"bench", "-nope"}, &out, &errOut); code != 2 || !bytes.Contains(errOut.Bytes(), []byte("unknown flag -nope")) {
		t.Errorf("bench -nope: code %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"build", "extra"}, &out, &errOut); code != 2 || !bytes.Contains(errOut.Bytes(), []byte("serve")) {
		t.Errorf("build extra: code %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"nope"}, &out, &errOut); code != 2 || !bytes.Contains(errOut.Bytes(), []byte(`unknown command "nope"`)) {
		t.Errorf("nope: code %d, stderr %q", code, errOut.String())
	}
}

func TestBenchTable(t *testing.T) {
	native := map[string][]float64{
		"BenchmarkStockEvaluateWarm":       {300e3, 500e3, 400e3},
		"BenchmarkHostingLoad":             {200e6},
		"BenchmarkTdewolffLexer/hosting8M": {20e6},
		"BenchmarkParse/hosting8M":         {40e6},
	}
	wasm := map[string][]float64{"BenchmarkStockEvaluateWarm": {1.2e6}}
	// The ratio is that of the rounds run side by side, not of the medians.
	ratios := map[string][]float64{"BenchmarkStockEvaluateWarm": {2.9, 3.0, 3.5}}
	var out bytes.Buffer
	printBenchTable(&out, native, wasm, ratios, 3)
	for _, want := range []string{
		"0.400 ms",
		"≤ 1 ms ok",
		"≤ 2 ms (not run)",
		"1.200 ms",
		"3.0x",
		"full load / lexer: 10.00x (target ≤ 4x) OVER; our parse / lexer: 2.00x",
	} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestIsFuzzDeadlineFlake(t *testing.T) {
	flake := "fuzz: elapsed: 6s, execs: 10659 (0/sec), new interesting: 8 (total: 424)\n--- FAIL: FuzzParse (6.47s)\n    context deadline exceeded\nFAIL\n"
	if !isFuzzDeadlineFlake(flake) {
		t.Errorf("bare deadline error not recognised as the coordinator race")
	}
	finding := "--- FAIL: FuzzParse (0.31s)\n    --- FAIL: FuzzParse (0.00s)\n        fuzz_test.go:66: differs\n    Failing input written to testdata/fuzz/FuzzParse/1a2b\n    context deadline exceeded\n"
	if isFuzzDeadlineFlake(finding) {
		t.Errorf("a run that wrote a failing input was taken for a flake")
	}
	if isFuzzDeadlineFlake("--- FAIL: FuzzX\n    fuzzing process hung or terminated unexpectedly: exit status 2\n") {
		t.Errorf("a hung worker was taken for a flake")
	}
}

// TestMarkWorkerPage: the Worker's copy of index.html tells the page its
// short-link API is there; dist/ (served statically) has no such marker.
func TestMarkWorkerPage(t *testing.T) {
	got, err := markWorkerPage([]byte("<html><head><title>x</title></head><body></body></html>"))
	if err != nil || string(got) != `<html><head><title>x</title>`+workerPageMarker+`</head><body></body></html>` {
		t.Fatalf("%s %v", got, err)
	}
	if _, err := markWorkerPage([]byte("<html>")); err == nil {
		t.Error("a page without </head> was marked")
	}
	page, err := os.ReadFile(filepath.Join("..", "web", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("iisconf-share-api")) {
		t.Error("web/index.html carries the Worker's marker itself")
	}
}
