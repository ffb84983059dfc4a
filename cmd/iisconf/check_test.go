package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckSARIFShape checks the SARIF 2.1.0 document against the rules of
// the specification that code scanning enforces: version and schema, one
// run with a named driver, every result's ruleId and ruleIndex naming a
// rule of the driver, a level of error|warning|note, a message text, and
// 1-based regions.
func TestCheckSARIFShape(t *testing.T) {
	out, errOut, code := runCLI("check", "-app", filepath.Join("testdata", "check_app"), "-format", "sarif")
	if code != 1 || errOut != "" {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	var doc struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Properties map[string]string `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-2.1.0") || len(doc.Runs) != 1 {
		t.Fatalf("version %q schema %q runs %d", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "iisconf" {
		t.Errorf("driver %q", run.Tool.Driver.Name)
	}
	levels := map[string]int{}
	for _, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s: ruleIndex %d does not name its rule", r.RuleID, r.RuleIndex)
		}
		if r.Message.Text == "" {
			t.Errorf("result %s without a message", r.RuleID)
		}
		levels[r.Level]++
		for _, l := range r.Locations {
			if reg := l.PhysicalLocation.Region; reg != nil && (reg.StartLine < 1 || reg.StartColumn < 0) {
				t.Errorf("result %s: region %+v", r.RuleID, *reg)
			}
			if u := l.PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(u, "testdata/check_app/") {
				t.Errorf("result %s: uri %q is not the repository's file", r.RuleID, u)
			}
		}
		if r.Properties["impact"] == "" {
			t.Errorf("result %s without an impact", r.RuleID)
		}
	}
	// Without -features rewrite: the undeclared <rewrite> and the folder's
	// <modules> fail requests; the duplicate key and the missing
	// configSource only readers meet.
	if levels["error"] != 2 || levels["warning"] != 2 {
		t.Errorf("levels %v, want 2 errors and 2 warnings", levels)
	}
}

func TestGitHubEscapes(t *testing.T) {
	if got := ghData("50%\r\nnext"); got != "50%25%0D%0Anext" {
		t.Errorf("ghData %q", got)
	}
	if got := ghProperty("a:b,c"); got != "a%3Ab%2Cc" {
		t.Errorf("ghProperty %q", got)
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		`C:\inetpub\wwwroot\web.config`: "file:///C:/inetpub/wwwroot/web.config",
		`\\server\share\web.config`:     "file://server/share/web.config",
		"site/my app/web.config":        "site/my%20app/web.config",
		"./web.config":                  "web.config",
		`C:\Program Files\x\web.config`: "file:///C:/Program%20Files/x/web.config",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFeaturesFlag(t *testing.T) {
	if _, errOut, code := runCLI("check", "-features", "rewrite,nope"); code != 2 || !strings.Contains(errOut, `unknown feature "nope"`) {
		t.Errorf("unknown feature: code %d stderr %q", code, errOut)
	}
	// A web.config using <rewrite> is undeclared on the stock server and
	// fine with the feature laid over it.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "web.config"), []byte(`<configuration><system.webServer><rewrite><rules /></rewrite></system.webServer></configuration>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := runCLI("check", "-app", dir); code != 1 {
		t.Errorf("without the feature: code %d, want 1", code)
	}
	if out, _, code := runCLI("check", "-app", dir, "-features", "rewrite"); code != 0 {
		t.Errorf("with the feature: code %d\n%s", code, out)
	}
	// appcmd does not save a change made over laid-over features.
	bundle := filepath.Join(t.TempDir(), "b.txtar")
	if out, _, _ := runCLI("bundle"); os.WriteFile(bundle, []byte(out), 0o644) != nil {
		t.Fatal("write bundle")
	}
	before, _ := os.ReadFile(bundle)
	if _, errOut, code := runCLI("appcmd", "-w", bundle, "-features", "rewrite", "-clock", "2026-01-01T00:00:00", "set", "config", "-section:directoryBrowse", "/enabled:true"); code != 2 || !strings.Contains(errOut, "not saved") {
		t.Errorf("appcmd with -features: code %d stderr %q", code, errOut)
	}
	if after, _ := os.ReadFile(bundle); string(after) != string(before) {
		t.Error("the bundle changed")
	}
	// features install writes the installer's edits into the workspace.
	if _, errOut, code := runCLI("features", "install", "rewrite", "-w", bundle); code != 0 {
		t.Fatalf("features install: code %d %s", code, errOut)
	}
	out, _, _ := runCLI("features", "-w", bundle)
	if !strings.Contains(out, "rewrite          installed") {
		t.Errorf("after install:\n%s", out)
	}
	if _, errOut, code := runCLI("features", "uninstall", "rewrite", "-w", bundle); code != 0 {
		t.Fatalf("features uninstall: code %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(bundle); string(after) != string(before) {
		t.Error("install then uninstall did not give the bundle back byte for byte")
	}
}
