package main

import (
	"bytes"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
)

// lockedWebConfig is the classic 500.19: a site web.config sets
// windowsAuthentication, which applicationHost.config declares
// overrideModeDefault="Deny".
const lockedWebConfig = "<configuration>\r\n  <system.webServer>\r\n    <security>\r\n      <authentication>\r\n        <windowsAuthentication enabled=\"true\" />\r\n      </authentication>\r\n    </security>\r\n  </system.webServer>\r\n</configuration>\r\n"

// lockedBundle writes the stock server plus the locked web.config as a
// bundle file and returns its path.
func lockedBundle(t *testing.T) string {
	t.Helper()
	w := stock.Workspace()
	w.Set(`C:\inetpub\wwwroot\web.config`, []byte(lockedWebConfig))
	data, err := w.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "locked.txtar")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCLI(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func TestGolden(t *testing.T) {
	small := filepath.Join("testdata", "small.txtar")
	locked := lockedBundle(t)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"eval json", []string{"eval", "-w", small, "-path", "Site", "-section", "defaultDocument", "-json"}, 0, "eval_small.json"},
		{"eval text", []string{"eval", "-w", small, "-path", "Site", "-section", "defaultDocument", "-inputs"}, 0, "eval_small.txt"},
		{"eval locked", []string{"eval", "-w", locked, "-path", "Default Web Site", "-section", "windowsAuthentication"}, 0, "eval_locked.txt"},
		{"check locked", []string{"check", "-w", locked}, 1, "check_locked.txt"},
		{"check app text", []string{"check", "-app", filepath.Join("testdata", "check_app")}, 1, "check_app.txt"},
		{"check app json", []string{"check", "-app", filepath.Join("testdata", "check_app"), "-features", "rewrite", "-format", "json"}, 1, "check_app.json"},
		{"check app sarif", []string{"check", "-app", filepath.Join("testdata", "check_app"), "-features", "rewrite", "-format", "sarif"}, 1, "check_app.sarif"},
		{"check app github", []string{"check", "-app", filepath.Join("testdata", "check_app"), "-features", "rewrite", "-format", "github"}, 1, "check_app_github.txt"},
		{"check reader only", []string{"check", "-app", filepath.Join("testdata", "check_app_reader")}, 3, "check_app_reader.txt"},
		{"check clean", []string{"check"}, 0, "check_stock.txt"},
		{"features", []string{"features"}, 0, "features.txt"},
		{"features json", []string{"features", "-json"}, 0, "features.json"},
		{"features install dry-run", []string{"features", "install", "ancm", "-dry-run"}, 0, "features_install_ancm.txt"},
		{"appcmd list site", []string{"appcmd", "list", "site"}, 0, "appcmd_list_site.txt"},
		{"appcmd list apps", []string{"appcmd", "list", "apps"}, 0, "appcmd_list_app.txt"},
		{"appcmd list vdir", []string{"appcmd", "list", "vdir"}, 0, "appcmd_list_vdir.txt"},
		{"appcmd list apppools", []string{"appcmd", "list", "apppools"}, 0, "appcmd_list_apppool.txt"},
		{"appcmd list config", []string{"appcmd", "list", "config", "Default Web Site/", "-section:asp"}, 0, "appcmd_list_config_asp.txt"},
		{"appcmd list config locked", []string{"appcmd", "-w", locked, "list", "config", "Default Web Site", "/section:windowsAuthentication"}, 33, "appcmd_list_config_locked.txt"},
		{"appcmd not found", []string{"appcmd", "list", "site", "x"}, 1168, "appcmd_list_site_x.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if errOut != "" {
				t.Errorf("unexpected stderr %q", errOut)
			}
			testkit.Golden(t, filepath.Join("testdata", tc.golden), out)
		})
	}
}

// The stock server's bundle is what the workspace package writes, and
// reading it back with -w prints the same bytes.
func TestBundleRoundTrip(t *testing.T) {
	out, errOut, code := runCLI("bundle")
	want, err := stock.Workspace().Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || errOut != "" || out != string(want) {
		t.Fatalf("bundle: code %d, stderr %q, output equal to stock bundle: %v", code, errOut, out == string(want))
	}
	p := filepath.Join(t.TempDir(), "stock.txtar")
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	again, errOut, code := runCLI("bundle", "-w", p)
	if code != 0 || errOut != "" || again != out {
		t.Fatalf("second round: code %d, stderr %q, same bytes %v", code, errOut, again == out)
	}
}

// A drive-mirroring directory reads like the equivalent bundle.
func TestWorkspaceDirectory(t *testing.T) {
	dir := t.TempDir()
	w := stock.Workspace()
	w.Set(`C:\inetpub\wwwroot\web.config`, []byte(lockedWebConfig))
	for _, f := range w.Tree() {
		p := filepath.Join(dir, filepath.FromSlash(f.RelPath))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fromDir, _, codeDir := runCLI("check", "-w", dir)
	fromBundle, _, codeBundle := runCLI("check", "-w", lockedBundle(t))
	// check names the user's file where it is: in the directory.
	onDisk := filepath.ToSlash(filepath.Join(dir, "C", "inetpub", "wwwroot", "web.config"))
	if !strings.Contains(fromDir, onDisk+":5:9:") {
		t.Errorf("check -w DIR does not name %s:\n%s", onDisk, fromDir)
	}
	fromDir = strings.ReplaceAll(fromDir, onDisk, `C:\inetpub\wwwroot\web.config`)
	if fromDir != fromBundle || codeDir != codeBundle || codeDir != 1 {
		t.Errorf("directory and bundle disagree:\n%s (code %d)\n%s (code %d)", fromDir, codeDir, fromBundle, codeBundle)
	}
}

func TestUsageErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.txtar")
	if err := os.WriteFile(bad, []byte("-- relative\\web.config --\n<configuration />\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args    []string
		code    int
		wantErr string
	}{
		{[]string{}, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `iisconf: unknown command "frobnicate"`},
		{[]string{"eval", "-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"eval", "-w", "/does/not/exist"}, 2, "iisconf: -w /does/not/exist: stat /does/not/exist: no such file or directory"},
		{[]string{"check", "-w", bad}, 2, "iisconf: " + bad + `(1,4): file path "relative\\web.config" is not absolute`},
		{[]string{"eval", "stray"}, 2, `eval takes no arguments (got "stray")`},
		{[]string{"appcmd", "search", "config"}, 2, "iisconf: appcmd: appcmd search CONFIG is not emulated"},
	} {
		out, errOut, code := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.wantErr) || out != "" {
			t.Errorf("%q: code %d, stdout %q, stderr %q; want code %d and stderr containing %q", tc.args, code, out, errOut, tc.code, tc.wantErr)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}} {
		out, errOut, code := runCLI(args...)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "iisconf evaluates IIS 7+ configuration offline.") {
			t.Errorf("%q: code %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	_, errOut, code := runCLI("eval", "-h")
	if code != 0 || !strings.Contains(errOut, "-section") {
		t.Errorf("eval -h: code %d, stderr %q", code, errOut)
	}
}

// TestStockOverlay: -stock lays a bundle holding only a web.config over the
// stock server, as reproductions are written; without it the bundle has no
// applicationHost.config and IIS cannot read its configuration.
func TestStockOverlay(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "repro.txtar")
	bundle := "-- C:\\inetpub\\wwwroot\\web.config --\n<configuration>\n  <system.webServer>\n    <security><authentication><windowsAuthentication enabled=\"true\" /></authentication></security>\n  </system.webServer>\n</configuration>\n"
	if err := os.WriteFile(path, []byte(bundle), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI("check", "-stock", "-w", path)
	if code != 1 || !strings.Contains(out, "Filename: \\\\?\\C:\\inetpub\\wwwroot\\web.config\nLine Number: 3\n") || !strings.Contains(out, "This configuration section cannot be used at this path.") {
		t.Errorf("-stock: code %d, output:\n%s", code, out)
	}
	out, _, code = runCLI("check", "-w", path)
	if code != 1 || !strings.Contains(out, "Description: Cannot read configuration file") {
		t.Errorf("without -stock: code %d, output:\n%s", code, out)
	}
}

// TestPoolConfigAndMetabaseGolden: the pool-config and metabase commands
// on the stock server and the project's metabase sample.
func TestPoolConfigAndMetabaseGolden(t *testing.T) {
	mb := filepath.Join("..", "..", "samples", "metabase", "MetaBase.xml")
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"poolconfig_stock.txt", []string{"pool-config", "-pool", "DefaultAppPool", "-rules"}, 0},
		{"metabase_tree.txt", []string{"metabase", "-f", mb}, 0},
		{"metabase_key.txt", []string{"metabase", "-f", mb, "-key", "/LM/W3SVC/1/ROOT/orders/downloads"}, 0},
		{"metabase_key.json", []string{"metabase", "-f", mb, "-key", "/LM/W3SVC/1", "-json"}, 0},
	}
	for _, c := range cases {
		out, errOut, code := runCLI(c.args...)
		if code != c.code || errOut != "" {
			t.Errorf("%v: code %d, stderr %q", c.args, code, errOut)
		}
		testkit.Golden(t, filepath.Join("testdata", c.name), out)
	}
	_, errOut, code := runCLI("pool-config", "-pool", "Nope")
	if code != exitUsage || errOut != "iisconf: application pool \"Nope\" does not exist; the pools are: DefaultAppPool, .NET v4.5 Classic, .NET v4.5\n" {
		t.Errorf("unknown pool: %d %q", code, errOut)
	}
	_, errOut, code = runCLI("pool-config")
	if code != exitUsage || errOut != "iisconf: pool-config: -pool NAME is required\n" {
		t.Errorf("no pool: %d %q", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "MetaBase.xml")
	if err := os.WriteFile(bad, []byte("<configuration>\n<MBProperty>\n<IIsWebServer Location=\"/LM/W3SVC/1\">\n</configuration>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI("metabase", "-f", bad)
	if code != exitFound || out != "" || errOut != "MetaBase.xml(4,1): error: not well-formed XML: element <IIsWebServer> (opened at line 3) closed by </configuration>\n" {
		t.Errorf("malformed: %d %q %q", code, out, errOut)
	}
}
