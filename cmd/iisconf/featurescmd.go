package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/features"
)

// runFeatures is `iisconf features [list]` (every feature and its state in
// the workspace), `iisconf features install NAME,...` and `iisconf
// features uninstall NAME,...` (the installers' edits, written back to -w
// like appcmd's, or shown with -dry-run).
func runFeatures(args []string, stdout, stderr io.Writer) int {
	verb := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	switch verb {
	case "list":
		return runFeaturesList(args, stdout, stderr)
	case "install", "uninstall":
		return runFeaturesChange(verb, args, stdout, stderr)
	}
	return failUsage(stderr, fmt.Errorf("features: unknown verb %q (list, install, uninstall)", verb))
}

func runFeaturesList(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("features", stderr)
	verbose := fs.Bool("v", false, "also print what each feature's installer adds and where the facts come from")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("features takes no arguments (got %q)", fs.Arg(0)))
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	sts := features.Detect(config.New(w))
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(featuresJSON(sts)); err != nil {
			fmt.Fprintf(stderr, "iisconf: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "%-16s %-10s %s\n", "FEATURE", "STATE", "NAME")
	for _, st := range sts {
		f := st.Feature
		name := f.Name + " (" + f.Kind
		if f.Stock {
			name += ", on the stock server"
		}
		name += ")"
		fmt.Fprintf(stdout, "%-16s %-10s %s\n", f.ID, st.State, name)
		if !*verbose {
			continue
		}
		fmt.Fprintf(stdout, "    %s\n", f.Summary)
		if len(f.Requires) > 0 {
			fmt.Fprintf(stdout, "    requires: %s\n", strings.Join(f.Requires, ", "))
		}
		for _, s := range features.Describe(f) {
			fmt.Fprintf(stdout, "    adds %s\n", s)
		}
		if st.State == features.Partial {
			for _, m := range st.Missing {
				fmt.Fprintf(stdout, "    missing %s\n", m)
			}
		}
		fmt.Fprintf(stdout, "    evidence: %s\n", f.Evidence)
	}
	if !*verbose {
		fmt.Fprintln(stdout, "\nUse -features NAME,... on any subcommand to lay features over the workspace, iisconf features install NAME,... -w DIR|BUNDLE to install them into it, and -v for what each one adds.")
	}
	return exitOK
}

// featureJSON is one feature in `iisconf features -json`.
type featureJSON struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Summary  string   `json:"summary"`
	Stock    bool     `json:"stock"`
	Requires []string `json:"requires,omitempty"`
	State    string   `json:"state"`
	Adds     []string `json:"adds"`
	Missing  []string `json:"missing,omitempty"`
	Evidence string   `json:"evidence"`
}

func featuresJSON(sts []features.Status) []featureJSON {
	out := make([]featureJSON, 0, len(sts))
	for _, st := range sts {
		f := st.Feature
		j := featureJSON{ID: f.ID, Name: f.Name, Kind: f.Kind, Summary: f.Summary, Stock: f.Stock,
			Requires: f.Requires, State: string(st.State), Adds: features.Describe(f), Evidence: f.Evidence}
		if st.State == features.Partial {
			j.Missing = st.Missing
		}
		out = append(out, j)
	}
	return out
}

func runFeaturesChange(verb string, args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("features "+verb, stderr)
	dryRun := fs.Bool("dry-run", false, "print the changes as a unified diff instead of writing them")
	// The feature list may come before or after the flags.
	var pos []string
	for {
		if code, done := parseFlags(fs, args); done {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 1 {
		return failUsage(stderr, fmt.Errorf("features %s takes one argument, the features (e.g. rewrite,ancm)", verb))
	}
	list, err := features.Resolve(pos[0])
	if err != nil {
		return failUsage(stderr, err)
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	change := features.Install
	if verb == "uninstall" {
		change = features.Uninstall
	}
	next, steps, err := change(config.New(w), list)
	if err != nil {
		fmt.Fprintf(stderr, "iisconf: %v\n", err)
		return exitFail
	}
	if len(steps) == 0 {
		fmt.Fprintf(stdout, "nothing to %s: the workspace already %s\n", verb, map[string]string{"install": "has it", "uninstall": "lacks it"}[verb])
		return exitOK
	}
	for _, s := range steps {
		fmt.Fprintln(stdout, s)
	}
	return finishChange(stdout, stderr, wf, w, next, changedFiles(w, next), *dryRun, "features "+verb)
}
