package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func appcmdCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"appcmd"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// A write against a directory writes the changed file back, and only it.
func TestAppCmdWritesDirectory(t *testing.T) {
	dir := t.TempDir()
	web := filepath.Join(dir, "C", "inetpub", "wwwroot", "web.config")
	os.MkdirAll(filepath.Dir(web), 0o755)
	os.WriteFile(web, []byte("<configuration>\n  <!-- mine -->\n</configuration>\n"), 0o644)
	code, out, errs := appcmdCLI(t, "-w", dir, "-stock", "set", "config", "Default Web Site", "/section:directoryBrowse", "/enabled:true")
	if code != 0 || errs != "" {
		t.Fatalf("code %d stderr %q", code, errs)
	}
	if out != "Applied configuration changes to section \"system.webServer/directoryBrowse\" for \"MACHINE/WEBROOT/APPHOST/Default Web Site\" at configuration commit path \"MACHINE/WEBROOT/APPHOST/Default Web Site\"\r\n" {
		t.Errorf("stdout %q", out)
	}
	got, _ := os.ReadFile(web)
	want := "<configuration>\n  <!-- mine -->\n  <system.webServer>\n    <directoryBrowse enabled=\"true\" />\n  </system.webServer>\n</configuration>\n"
	if string(got) != want {
		t.Errorf("web.config\n%q\nwant\n%q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "C", "Windows")); err == nil {
		t.Error("stock files were written into the directory")
	}
}

// A bundle is rewritten in place (with -stock: as an overlay); -dry-run
// prints the diff and leaves it alone; a refused write changes nothing.
func TestAppCmdBundleDryRunAndRefusal(t *testing.T) {
	b := filepath.Join(t.TempDir(), "ws.txtar")
	os.WriteFile(b, []byte("comment\n"), 0o644)
	code, out, _ := appcmdCLI(t, "-w", b, "-stock", "-clock", "2026-08-14T18:38:19", "-dry-run", "add", "apppool", "/name:P1")
	if code != 0 || !strings.HasPrefix(out, "APPPOOL object \"P1\" added\r\n") || !strings.Contains(out, "\n--- a/C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config\n") ||
		!strings.Contains(out, "+            <add name=\"P1\" />\r\n") {
		t.Fatalf("dry run: %d\n%s", code, out)
	}
	if data, _ := os.ReadFile(b); string(data) != "comment\n" {
		t.Fatal("dry run wrote the bundle")
	}
	code, out, _ = appcmdCLI(t, "-w", b, "-stock", "set", "config", "Default Web Site", "/section:asp", "/enableParentPaths:true")
	if code != 33 || !strings.HasPrefix(out, "ERROR ( message:Configuration error\r\n") {
		t.Fatalf("locked write: %d %q", code, out)
	}
	if data, _ := os.ReadFile(b); string(data) != "comment\n" {
		t.Fatal("refused write changed the bundle")
	}
	code, _, errs := appcmdCLI(t, "-w", b, "-stock", "-clock", "2026-08-14T18:38:19", "add", "apppool", "/name:P1")
	if code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	data, _ := os.ReadFile(b)
	s := string(data)
	if !strings.Contains(s, "<add name=\"P1\" />") || !strings.Contains(s, `-- C:\inetpub\history\CFGHISTORY_0000000001\iisconf-created.txt --`) {
		t.Fatalf("bundle after write:\n%.400s", s)
	}
	code, out, _ = appcmdCLI(t, "-w", b, "-stock", "list", "backup")
	if code != 0 || out != "BACKUP \"CFGHISTORY_0000000001\"\r\n" {
		t.Errorf("list backup: %d %q", code, out)
	}
}
