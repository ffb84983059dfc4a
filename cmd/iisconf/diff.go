package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/iisconf/iisconf/engine/compare"
	"github.com/iisconf/iisconf/engine/config"
)

// runDiff compares two effective configurations: two paths of one
// workspace (-path and -path2), or one path in two workspaces (-w and
// -w2). Exit 0 when nothing but provenance differs, 1 when something
// does (as diff(1) does), 2 for usage errors.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("diff", stderr)
	w2 := fs.String("w2", "", "second workspace (bundle or directory): compare -path in -w and -w2")
	path := fs.String("path", "MACHINE/WEBROOT/APPHOST", `config path, "Site/app/dir" or URL on the left`)
	path2 := fs.String("path2", "", "path on the right (default: -path)")
	section := fs.String("section", "", "compare only this section (full or unambiguous short name)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	asXML := fs.Bool("xml", false, "print a unified diff of each differing section as appcmd list config /config:* shows it")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("diff takes no arguments (got %q); use -path and -path2", fs.Arg(0)))
	}
	if *w2 == "" && *path2 == "" {
		return failUsage(stderr, errors.New("diff needs two sides: -path2 (a second path in the same workspace) or -w2 (a second workspace)"))
	}
	if *asJSON && *asXML {
		return failUsage(stderr, errors.New("-json and -xml are exclusive"))
	}
	left, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	leftEngine := config.New(left)
	rightEngine := leftEngine
	rightLabel := workspaceLabel(wf.path)
	if *w2 != "" {
		right, err := loadWorkspace(&wsFlags{path: *w2, stock: wf.stock})
		if err != nil {
			return failUsage(stderr, err)
		}
		rightEngine = config.New(right)
		rightLabel = workspaceLabel(*w2)
	}
	p2 := *path2
	if p2 == "" {
		p2 = *path
	}
	opt := compare.Options{}
	if *section != "" {
		opt.Sections = []string{*section}
	}
	rep := compare.Paths(
		compare.Side{Engine: leftEngine, Path: *path, Label: workspaceLabel(wf.path)},
		compare.Side{Engine: rightEngine, Path: p2, Label: rightLabel},
		opt)
	switch {
	case *asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "iisconf: %v\n", err)
			return exitUsage
		}
	case *asXML:
		fmt.Fprint(stdout, rep.UnifiedXML())
	default:
		fmt.Fprint(stdout, rep.Text())
	}
	if rep.Left.Error != nil || rep.Right.Error != nil {
		return exitUsage
	}
	if len(rep.Sections) > 0 || len(rep.OnlyLeft) > 0 || len(rep.OnlyRight) > 0 {
		return exitFound
	}
	return exitOK
}

// workspaceLabel names a workspace for people: its file or directory, or
// the built-in stock server.
func workspaceLabel(path string) string {
	if path == "" {
		return "stock"
	}
	return path
}
