package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDiffGolden(t *testing.T) {
	before := filepath.Join("testdata", "diff_before.txtar")
	after := filepath.Join("testdata", "diff_after.txtar")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"two workspaces", []string{"diff", "-stock", "-w", before, "-w2", after, "-path", "Default Web Site"}, 1, "diff_workspaces.txt"},
		{"two workspaces xml", []string{"diff", "-stock", "-w", before, "-w2", after, "-path", "Default Web Site", "-xml"}, 1, "diff_workspaces_xml.txt"},
		{"two workspaces json", []string{"diff", "-stock", "-w", before, "-w2", after, "-path", "Default Web Site", "-section", "defaultDocument", "-json"}, 1, "diff_workspaces.json"},
		{"two paths", []string{"diff", "-stock", "-w", after, "-path", "Default Web Site", "-path2", "Default Web Site/downloads", "-section", "directoryBrowse"}, 1, "diff_paths.txt"},
		{"same", []string{"diff", "-stock", "-w", after, "-w2", after, "-path", "Default Web Site/downloads"}, 0, "diff_same.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(tc.args...)
			if code != tc.code || errOut != "" {
				t.Errorf("exit code %d (want %d), stderr %q", code, tc.code, errOut)
			}
			golden(t, tc.golden, out)
		})
	}
}

func TestDiffUsage(t *testing.T) {
	for _, args := range [][]string{
		{"diff", "-path", "Default Web Site"},           // one side only
		{"diff", "-path2", "x", "-json", "-xml"},        // exclusive formats
		{"diff", "-w2", "no-such-file.txtar"},           // unreadable workspace
		{"diff", "-path2", "Default Web Site", "extra"}, // stray argument
	} {
		_, errOut, code := runCLI(args...)
		if code != exitUsage || !strings.HasPrefix(errOut, "iisconf: ") {
			t.Errorf("%q: code %d, stderr %q", args, code, errOut)
		}
	}
	out, _, code := runCLI("diff", "-path", "Default Web Site", "-path2", "No Such Site")
	if code != exitUsage || !strings.Contains(out, "cannot evaluate") {
		t.Errorf("unknown path: code %d\n%s", code, out)
	}
}
