package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/testkit"
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
			testkit.Golden(t, filepath.Join("testdata", tc.golden), out)
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

func TestScriptGolden(t *testing.T) {
	before := filepath.Join("testdata", "diff_before.txtar")
	after := filepath.Join("testdata", "diff_after.txtar")
	for _, lang := range []string{"appcmd", "powershell", "csharp"} {
		out, errOut, code := runCLI("script", "-stock", "-from", before, "-to", after, "-lang", lang, "-verify")
		if code != exitOK || !strings.Contains(errOut, "the effective configuration matches -to at all 3 config paths") {
			t.Errorf("%s: code %d, stderr %q", lang, code, errOut)
		}
		testkit.Golden(t, filepath.Join("testdata", "script_"+lang+".txt"), out)
	}
}

// Every appcmd line runs as `iisconf appcmd -w WS <line>`, the leading
// appcmd.exe included, and the result is the target.
func TestScriptLinesRunThroughAppcmd(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws.txtar")
	out, _, code := runCLI("bundle", "-stock", "-w", filepath.Join("testdata", "diff_before.txtar"))
	if code != 0 {
		t.Fatal("bundle failed")
	}
	if err := os.WriteFile(ws, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	lines, _, _ := runCLI("script", "-stock", "-from", filepath.Join("testdata", "diff_before.txtar"), "-to", filepath.Join("testdata", "diff_after.txtar"))
	for _, line := range strings.Split(strings.TrimSpace(lines), "\n") {
		args := append([]string{"appcmd", "-w", ws}, appcmd.SplitCommandLine(line)...)
		if o, e, code := runCLI(args...); code != 0 {
			t.Fatalf("%s: code %d\n%s%s", line, code, o, e)
		}
	}
	o, e, code := runCLI("diff", "-w", ws, "-w2", filepath.Join("testdata", "diff_after.txtar"), "-stock", "-path", "Default Web Site/downloads")
	if code != 0 {
		t.Fatalf("replayed workspace differs (code %d):\n%s%s", code, o, e)
	}
}

func TestScriptUsage(t *testing.T) {
	for _, args := range [][]string{
		{"script", "-to", "x.txtar"}, // no -from, no -stock
		{"script", "-stock", "-from", "a", "-to", "b", "-lang", "vbscript"},
		{"script", "-stock"},              // no -to
		{"script", "-w", "x", "-to", "y"}, // -w is not for script
	} {
		_, errOut, code := runCLI(args...)
		if code != exitUsage || !strings.HasPrefix(errOut, "iisconf: ") {
			t.Errorf("%q: code %d, stderr %q", args, code, errOut)
		}
	}
}
