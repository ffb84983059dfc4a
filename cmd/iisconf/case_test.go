package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lockedCase is a sample-style case: the locked web.config laid over the
// stock server, and a fix step that patches applicationHost.config.
const lockedCase = "title t\nbase stock\n# A locked section.\neval Default Web Site\nnodiag\n" +
	"step unlock fix Unlock it for the site\n# Unlock it.\neval Default Web Site\nnodiag\n" +
	"-- C:\\inetpub\\wwwroot\\web.config --\n" + lockedWebConfig +
	"-- unlock: patch C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config --\n" +
	"@@\n     </location>\n+    <location path=\"Default Web Site\" overrideMode=\"Allow\">\n+        <system.webServer><security><authentication><windowsAuthentication /></authentication></security></system.webServer>\n+    </location>\n </configuration>\n"

// TestCaseFiles: -w takes a sample or case file as it is written (over the
// stock server, patches applied), and -step gives the workspace after one
// of its steps.
func TestCaseFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "case.txtar")
	if err := os.WriteFile(p, []byte(lockedCase), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, code := runCLI("check", "-w", p); code != 1 || !strings.Contains(out, "This configuration section cannot be used at this path") {
		t.Errorf("check the case: exit %d\n%s", code, out)
	}
	if out, errs, code := runCLI("check", "-w", p, "-step", "unlock"); code != 0 {
		t.Errorf("check after the fix: exit %d\n%s%s", code, out, errs)
	}
	if _, errs, code := runCLI("check", "-w", p, "-step", "nope"); code != exitUsage || !strings.Contains(errs, `no step "nope"`) {
		t.Errorf("an unknown step: exit %d, %q", code, errs)
	}
	if _, errs, code := runCLI("check", "-w", lockedBundle(t), "-step", "unlock"); code != exitUsage || !strings.Contains(errs, "-step needs") {
		t.Errorf("-step on a plain bundle: exit %d, %q", code, errs)
	}
}
