package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// wsFlags are the workspace flags every subcommand shares.
type wsFlags struct {
	path  string
	stock bool
}

// newFlagSet makes a subcommand's flag set with the -w and -stock flags
// every subcommand shares; errors and -h go to stderr.
func newFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *wsFlags) {
	fs := flag.NewFlagSet("iisconf "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	wf := &wsFlags{}
	fs.StringVar(&wf.path, "w", "", "workspace: a txtar bundle file or a drive-mirroring directory (default: the stock IIS 10 server)")
	fs.BoolVar(&wf.stock, "stock", false, "lay the -w files over the built-in stock IIS 10 server (how samples and reproductions are written)")
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
// environment overrides.
func loadWorkspace(wf *wsFlags) (*workspace.Workspace, error) {
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
		var be *workspace.BundleError
		if errors.As(err, &be) && be.Name == "" {
			// Name the file the user gave rather than "bundle".
			be2 := *be
			be2.Name = path
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
