package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// The first answer is the one a first visit asks for: the page's default
// path, the stock files, a result for that path with its elements.
func TestFirstAnswer(t *testing.T) {
	ts, err := os.ReadFile(filepath.Join("..", "web", "src", "app", "workspace.ts"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`export const DEFAULT_PATH = "([^"]*)"`).FindSubmatch(ts)
	if m == nil || string(m[1]) != firstPath {
		t.Fatalf("web/src/app/workspace.ts DEFAULT_PATH is not %q (firstPath): %q", firstPath, m)
	}
	data, err := firstAnswerJSON("test-build")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Build, Path string
		Stock       struct {
			Files []struct{ Path, Text string }
		}
		Result struct {
			ConfigPath string
			Sections   []struct {
				Name    string
				Element *struct{ Name string }
			}
		}
		FileDiagnostics map[string][]any
		SiteMap         struct{ Sites []struct{ Name string } }
	}
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if a.Build != "test-build" || a.Path != firstPath || a.Result.ConfigPath != "MACHINE/WEBROOT/APPHOST/Default Web Site" {
		t.Errorf("build %q, path %q, configPath %q", a.Build, a.Path, a.Result.ConfigPath)
	}
	if len(a.Stock.Files) == 0 || len(a.SiteMap.Sites) == 0 || a.FileDiagnostics == nil {
		t.Errorf("%d stock files, %d sites, file diagnostics %v", len(a.Stock.Files), len(a.SiteMap.Sites), a.FileDiagnostics)
	}
	withElement := 0
	for _, s := range a.Result.Sections {
		if s.Element != nil {
			withElement++
		}
	}
	if len(a.Result.Sections) < 100 || withElement != len(a.Result.Sections) {
		t.Errorf("%d sections, %d with their element: a first visit draws every element", len(a.Result.Sections), withElement)
	}
}
