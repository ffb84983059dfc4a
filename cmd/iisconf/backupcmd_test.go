package main

import (
	"bytes"
	"github.com/iisconf/iisconf/engine/testkit"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// cli runs one of the subcommands of backupcmd.go directly (run.go's
// dispatch reaches them as `backup` and `site`).
func cli(t *testing.T, f func([]string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := f(args, &out, &errb)
	return code, out.String(), errb.String()
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A backup made on one workspace is exported to a file and imported into
// another, which then lists and restores it.
func TestBackupExportImport(t *testing.T) {
	dir := t.TempDir()
	src, dst, file := filepath.Join(dir, "src.txtar"), filepath.Join(dir, "dst.txtar"), filepath.Join(dir, "b1.txtar")
	os.WriteFile(src, []byte("source\n"), 0o644)
	os.WriteFile(dst, []byte("target\n"), 0o644)
	if code, _, errs := appcmdCLI(t, "-w", src, "-stock", "-clock", "2026-08-14T18:38:19", "add", "backup", "B1"); code != 0 {
		t.Fatalf("add backup: %d %s", code, errs)
	}
	code, out, errs := cli(t, runBackupCmd, "export", "-w", src, "-stock", "-name", "b1")
	if code != 0 || errs != "" {
		t.Fatalf("export to stdout: %d %s", code, errs)
	}
	testkit.Golden(t, filepath.Join("testdata", "backup_export_b1.txtar"), out)
	if code, out, errs := cli(t, runBackupCmd, "export", "-w", src, "-stock", "-name", "B1", "-o", file); code != 0 || out != "" || errs != "" {
		t.Fatalf("export -o: %d %q %q", code, out, errs)
	}
	if readFile(t, file) != out {
		t.Error("-o wrote something else than stdout shows")
	}
	code, out, errs = cli(t, runBackupCmd, "import", "-w", dst, "-stock", "-f", file)
	if code != 0 || errs != "" || out != "BACKUP \"B1\" imported\n" {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if code, out, _ := appcmdCLI(t, "-w", dst, "-stock", "list", "backup"); code != 0 || out != "BACKUP \"B1\"\r\n" {
		t.Errorf("list backup after import: %d %q", code, out)
	}
	// A second import would overwrite: refused, nothing written.
	before := readFile(t, dst)
	code, _, errs = cli(t, runBackupCmd, "import", "-w", dst, "-stock", "-f", file)
	if code != exitRefused || errs != "iisconf: backup import: backup \"B1\" already exists\n" || readFile(t, dst) != before {
		t.Errorf("re-import: %d %q", code, errs)
	}
	code, _, errs = cli(t, runBackupCmd, "export", "-w", src, "-stock", "-name", "nope")
	if code != exitRefused || errs != "iisconf: backup export: backup \"nope\" not found\n" {
		t.Errorf("missing backup: %d %q", code, errs)
	}
	if code, _, _ := cli(t, runBackupCmd, "export", "-w", src, "-stock"); code != exitUsage {
		t.Errorf("export without -name: %d", code)
	}
	if code, _, _ := cli(t, runBackupCmd, "list"); code != exitUsage {
		t.Errorf("unknown verb: %d", code)
	}
}

// shopBundle writes a full workspace with a second site, Shop, whose
// folders hold a web.config and a configSource file.
func shopBundle(t *testing.T, dir string) string {
	t.Helper()
	ws := stock.Workspace()
	f, _ := ws.Get(workspace.AppHostPath)
	host := strings.Replace(string(f.Text), "            <siteDefaults>",
		"            <site name=\"Shop\" id=\"1\">\r\n"+
			"                <application path=\"/\" applicationPool=\"ShopPool\">\r\n"+
			"                    <virtualDirectory path=\"/\" physicalPath=\"C:\\sites\\shop\" />\r\n"+
			"                </application>\r\n"+
			"            </site>\r\n            <siteDefaults>", 1)
	host = strings.Replace(host, "<site name=\"Default Web Site\" id=\"1\">", "<site name=\"Default Web Site\" id=\"7\">", 1)
	host = strings.Replace(host, "            <applicationPoolDefaults ", "            <add name=\"ShopPool\" />\r\n            <applicationPoolDefaults ", 1)
	host = strings.Replace(host, "</configuration>", "    <location path=\"Shop\">\r\n        <system.webServer>\r\n            <directoryBrowse enabled=\"true\" />\r\n        </system.webServer>\r\n    </location>\r\n</configuration>", 1)
	ws.Set(workspace.AppHostPath, []byte(host))
	ws.Set(`C:\sites\shop\web.config`, []byte("<configuration>\n  <connectionStrings configSource=\"cs.config\" />\n</configuration>\n"))
	ws.Set(`C:\sites\shop\cs.config`, []byte("<connectionStrings />\n"))
	data, err := ws.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "shop.txtar")
	os.WriteFile(p, data, 0o644)
	return p
}

// A site goes from one server to the stock one: its id (taken there)
// becomes the next free one, its pool, location tag and files come along,
// and the target then lists it.
func TestSiteExportImport(t *testing.T) {
	dir := t.TempDir()
	src := shopBundle(t, dir)
	file, dst := filepath.Join(dir, "shop-site.txtar"), filepath.Join(dir, "dst.txtar")
	os.WriteFile(dst, []byte("target\n"), 0o644)
	code, out, errs := cli(t, runSiteCmd, "export", "-w", src, "-site", "shop")
	if code != 0 || errs != "" {
		t.Fatalf("export: %d %s", code, errs)
	}
	testkit.Golden(t, filepath.Join("testdata", "site_export_shop.txtar"), out)
	if code, _, errs := cli(t, runSiteCmd, "export", "-w", src, "-site", "Shop", "-o", file); code != 0 || readFile(t, file) != out {
		t.Fatalf("export -o: %d %s", code, errs)
	}
	code, out, errs = cli(t, runSiteCmd, "import", "-w", dst, "-stock", "-f", file, "-dry-run")
	if code != 0 || errs != "" || readFile(t, dst) != "target\n" {
		t.Fatalf("dry run: %d %s", code, errs)
	}
	testkit.Golden(t, filepath.Join("testdata", "site_import_shop_dryrun.txt"), out)
	code, out, errs = cli(t, runSiteCmd, "import", "-w", dst, "-stock", "-f", file)
	if code != 0 || errs != "" {
		t.Fatalf("import: %d %s", code, errs)
	}
	testkit.Golden(t, filepath.Join("testdata", "site_import_shop.txt"), out)
	if code, out, _ := appcmdCLI(t, "-w", dst, "-stock", "list", "site"); code != 0 ||
		out != "SITE \"Default Web Site\" (id:1,bindings:http/*:80:,state:Started)\r\nSITE \"Shop\" (id:2,bindings:,state:Started)\r\n" {
		t.Errorf("list site after import: %d %q", code, out)
	}
	// Importing it again: the name is taken.
	code, _, errs = cli(t, runSiteCmd, "import", "-w", dst, "-stock", "-f", file)
	if code != exitRefused || !strings.Contains(errs, "Cannot add duplicate collection entry of type 'site' with unique key attributes 'name, id' respectively set to 'Shop, 3'") {
		t.Errorf("re-import: %d %q", code, errs)
	}
	code, _, errs = cli(t, runSiteCmd, "export", "-w", src, "-site", "Nope")
	if code != exitRefused || errs != "iisconf: site export: ERROR ( message:Cannot find SITE object with identifier \"Nope\". )\n" {
		t.Errorf("missing site: %d %q", code, errs)
	}
}

// The commands are reachable from the command line, not only as functions.
func TestBackupAndSiteCommandsDispatch(t *testing.T) {
	for _, cmd := range []string{"backup", "site"} {
		var out, errs strings.Builder
		if code := run([]string{cmd}, &out, &errs); code != exitUsage || !strings.Contains(errs.String(), "iisconf "+cmd+" export") {
			t.Errorf("iisconf %s: code %d, stderr %q; want its usage", cmd, code, errs.String())
		}
	}
	var out, errs strings.Builder
	if code := run([]string{"site", "export", "-site", "Default Web Site"}, &out, &errs); code != exitOK || !strings.Contains(out.String(), "Default Web Site") {
		t.Errorf("iisconf site export (stock): code %d, stderr %q", code, errs.String())
	}
}
