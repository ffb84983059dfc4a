package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Exit codes of check (documented in the README): exitFound when an error
// fails requests; exitReaderOnly when every error is one only a reader of
// the section meets.
const exitReaderOnly = 3

// runCheck evaluates every config path of the workspace and reports each
// distinct diagnostic once, errors that fail requests first.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("check", stderr)
	format := fs.String("format", "text", "output format: text, json, sarif (SARIF 2.1.0 for code scanning) or github (workflow annotations)")
	app := fs.String("app", "", "check this folder (a repository's or a publish output's web.config files) as the root of a site")
	site := fs.String("site", "Default Web Site", "with -app: the site whose root folder the application becomes")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("check takes no arguments (got %q)", fs.Arg(0)))
	}
	render, ok := checkFormats[*format]
	if !ok {
		return failUsage(stderr, fmt.Errorf("-format %q: want text, json, sarif or github", *format))
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	paths := pathMapper(wf)
	if *app != "" {
		root, err := siteRoot(w, *site)
		if err != nil {
			return failUsage(stderr, err)
		}
		n, err := placeApp(w, *app, root)
		if err != nil {
			return failUsage(stderr, err)
		}
		if n == 0 {
			return failUsage(stderr, fmt.Errorf("-app %s: no .config file in the folder", *app))
		}
		paths = appPaths(*app, root, paths)
	}
	report := newCheckReport(config.New(w).Check(), paths)
	if err := render(stdout, report); err != nil {
		fmt.Fprintf(stderr, "iisconf: %v\n", err)
		return exitUsage
	}
	switch {
	case report.counts[config.ImpactRequest] > 0:
		return exitFound
	case report.counts[config.ImpactReader] > 0:
		return exitReaderOnly
	}
	return exitOK
}

// checkReport is the diagnostics of a check, classified, with the path
// each file has where the user keeps it.
type checkReport struct {
	items  []checkItem
	counts map[config.Impact]int
}

type checkItem struct {
	d      diag.Diagnostic
	impact config.Impact
	path   string // the file as the user knows it ("" when the diagnostic has none)
}

// impactOrder is the order of the groups: what breaks the site first.
var impactOrder = []config.Impact{config.ImpactRequest, config.ImpactReader, config.ImpactNone}

func newCheckReport(ds []diag.Diagnostic, paths func(string) string) *checkReport {
	r := &checkReport{counts: map[config.Impact]int{}}
	for _, imp := range impactOrder {
		for _, d := range ds {
			if config.ImpactOf(d) != imp {
				continue
			}
			it := checkItem{d: d, impact: imp}
			if d.File != "" {
				it.path = paths(d.File)
			}
			r.items = append(r.items, it)
			r.counts[imp]++
		}
	}
	return r
}

// pathMapper turns a workspace path into the path of the file the user
// has: inside a -w directory, the file under its drive folder; otherwise
// (a bundle, the stock server) the Windows path itself.
func pathMapper(wf *wsFlags) func(string) string {
	if wf.path == "" {
		return func(p string) string { return p }
	}
	if info, err := os.Stat(wf.path); err != nil || !info.IsDir() {
		return func(p string) string { return p }
	}
	dir := wf.path
	return func(p string) string {
		rel, ok := relPath(p)
		if !ok {
			return p
		}
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if _, err := os.Stat(full); err != nil {
			return p // a stock file -stock supplied, not one of the user's
		}
		return filepath.ToSlash(full)
	}
}

// siteRoot is the expanded physical path of a site's root virtual
// directory.
func siteRoot(w *workspace.Workspace, name string) (string, error) {
	for _, s := range config.New(w).SiteMap().Sites {
		if !strings.EqualFold(s.Name, name) {
			continue
		}
		for _, a := range s.Apps {
			if a.Path != "/" {
				continue
			}
			for _, v := range a.Vdirs {
				if v.Path == "/" {
					return v.PhysicalPathExp, nil
				}
			}
		}
		return "", fmt.Errorf("-app: site %q has no root virtual directory", name)
	}
	return "", fmt.Errorf("-app: no site %q in the workspace (-site names another)", name)
}

// appLimits bound what -app reads: configuration files are small, and a
// repository may hold large trees the check has no use for.
const (
	appMaxFiles    = 10000
	appMaxFileSize = 16 << 20
)

// appSkipDirs are folders -app never enters.
var appSkipDirs = map[string]bool{".git": true, "node_modules": true, ".vs": true}

// placeApp copies every .config file below dir (web.config files and the
// files their configSource attributes name) into the workspace under the
// site's root folder, keeping the folder structure, and returns how many.
func placeApp(w *workspace.Workspace, dir, root string) (int, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return 0, fmt.Errorf("-app: %w", err)
	}
	if !info.IsDir() {
		return 0, fmt.Errorf("-app %s: not a folder", dir)
	}
	n := 0
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && appSkipDirs[strings.ToLower(d.Name())] {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(strings.ToLower(d.Name()), ".config") {
			return nil
		}
		fi, err := d.Info()
		if err != nil || fi.Size() > appMaxFileSize {
			return err
		}
		if n++; n > appMaxFiles {
			return fmt.Errorf("more than %d .config files", appMaxFiles)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		w.Set(workspace.Join(root, strings.Split(filepath.ToSlash(rel), "/")...), data)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("-app %s: %w", dir, err)
	}
	return n, nil
}

// appPaths maps files under the site root back to the -app folder.
func appPaths(dir, root string, other func(string) string) func(string) string {
	prefix := strings.TrimRight(workspace.Clean(root), `\`) + `\`
	return func(p string) string {
		cp := workspace.Clean(p)
		if len(cp) <= len(prefix) || !strings.EqualFold(cp[:len(prefix)], prefix) {
			return other(p)
		}
		rel := strings.ReplaceAll(cp[len(prefix):], `\`, "/")
		return filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(rel)))
	}
}
