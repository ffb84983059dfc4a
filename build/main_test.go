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
	if code := run([]string{"bench"}, &out, &errOut); code != 2 || errOut.String() != "not yet implemented: see issue 3\n" {
		t.Errorf("bench: code %d, stderr %q", code, errOut.String())
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
