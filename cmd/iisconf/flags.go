package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/iisconf/iisconf/engine/diag"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/expect"
	"github.com/iisconf/iisconf/engine/features"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// wsFlags are the workspace flags every subcommand shares.
type wsFlags struct {
	path     string
	stock    bool
	step     string
	features string
}

// newFlagSet makes a subcommand's flag set with the -w and -stock flags
// every subcommand shares; errors and -h go to stderr.
func newFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *wsFlags) {
	fs := flag.NewFlagSet("iisconf "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	wf := &wsFlags{}
	fs.StringVar(&wf.path, "w", "", "workspace: a txtar bundle file or a drive-mirroring directory (default: the stock IIS 10 server)")
	fs.BoolVar(&wf.stock, "stock", false, "lay the -w files over the built-in stock IIS 10 server (how samples and reproductions are written)")
	fs.StringVar(&wf.step, "step", "", "with -w a sample or conformance case: the workspace after this step (a \"Try it\" or a fix)")
	fs.StringVar(&wf.features, "features", "", "install server features over the workspace, comma-separated (e.g. rewrite,ancm; iisconf features lists them); the files read are not changed")
	return fs, wf
}

// parseFlags parses args; done reports that the caller must return code
// (usage error, or -h which is not an error).
func parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	return exitOK, false
}

// loadWorkspace reads -w (a directory through workspace.LoadFS, a file as
// a txtar bundle, nothing as the stock server) and, with -stock, lays it
// over the stock server: its files replace or add to the stock ones, its
// environment overrides. -features then makes the named features'
// installers' edits (engine/features) in memory.
func loadWorkspace(wf *wsFlags) (*workspace.Workspace, error) {
	w, err := readAndLay(wf)
	if err != nil || wf.features == "" {
		return w, err
	}
	fs, err := features.Resolve(wf.features)
	if err != nil {
		return nil, fmt.Errorf("-features: %w", err)
	}
	w, _, err = features.Install(config.New(w), fs)
	if err != nil {
		return nil, fmt.Errorf("-features: %w", err)
	}
	return w, nil
}

// readAndLay is loadWorkspace before -features.
func readAndLay(wf *wsFlags) (*workspace.Workspace, error) {
	if c, err := readCase(wf.path); c != nil || err != nil {
		if err != nil {
			return nil, err
		}
		return caseWorkspace(c, wf.step)
	}
	if wf.step != "" {
		return nil, fmt.Errorf("-step needs -w to name a sample or case file (a bundle with `base stock`, patches or steps)")
	}
	w, err := readWorkspace(wf.path)
	if err != nil || !wf.stock || wf.path == "" {
		return w, err
	}
	base := stock.Workspace()
	for _, f := range w.Files() {
		base.Set(f.Path, f.Text)
		if f.Unreadable {
			base.SetUnreadable(f.Path, true)
		}
	}
	for _, kv := range w.Env() {
		base.SetEnv(kv[0], kv[1])
	}
	return base, nil
}

func readWorkspace(path string) (*workspace.Workspace, error) {
	if path == "" {
		return stock.Workspace(), nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("-w %s: %w", path, err)
	}
	if info.IsDir() {
		w, err := workspace.LoadFS(os.DirFS(path))
		if err != nil {
			return nil, fmt.Errorf("-w %s: %w", path, err)
		}
		return w, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-w %s: %w", path, err)
	}
	w, err := workspace.ParseBundle(data)
	if err != nil {
		var be *diag.Diagnostic
		if errors.As(err, &be) && be.File == "bundle" {
			// Name the file the user gave rather than "bundle".
			be2 := *be
			be2.File = path
			return nil, &be2
		}
		return nil, fmt.Errorf("-w %s: %w", path, err)
	}
	return w, nil
}

// failUsage prints an error the user can fix and returns exitUsage.
func failUsage(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "iisconf: %v\n", err)
	return exitUsage
}

// readCase reads -w as a sample or conformance case (package expect) when
// it is one: a bundle whose comment says `base stock`, or with patch or
// step entries, which a plain bundle cannot hold. It returns nil, nil for
// anything else.
func readCase(path string) (*expect.Case, error) {
	if path == "" {
		return nil, nil
	}
	info, err := os.Stat(path)
	if err != nil || info.IsDir() {
		return nil, nil // readWorkspace reports it
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil
	}
	if !isCase(data) {
		return nil, nil
	}
	c, err := expect.Parse(path, data)
	if err != nil {
		return nil, fmt.Errorf("-w %w", err)
	}
	return c, nil
}

// isCase tells a case from a plain bundle by its `base stock` line or an
// entry name only cases use.
func isCase(data []byte) bool {
	for _, line := range strings.Split(workspace.BundleComment(data), "\n") {
		if strings.TrimSpace(line) == "base stock" {
			return true
		}
	}
	for _, e := range workspace.BundleEntries(data) {
		if strings.HasPrefix(e.Name, "patch ") || caseStepEntryRe.MatchString(e.Name) {
			return true
		}
	}
	return false
}

var caseStepEntryRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*: `)

// caseWorkspace is a case's starting workspace, or the one after step.
func caseWorkspace(c *expect.Case, step string) (*workspace.Workspace, error) {
	if step == "" {
		return c.Workspace()
	}
	st, err := c.StepWorkspace(step)
	if err != nil {
		return nil, err
	}
	if st.Command != nil && st.Command.Err != nil {
		return nil, fmt.Errorf("step %s: appcmd: %s", step, st.Command.Err.Text)
	}
	return st.Workspace, nil
}
