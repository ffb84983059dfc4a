package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/textdiff"
	"github.com/iisconf/iisconf/engine/workspace"
)

// clockLayout is how -clock is written: the workspace clock that names
// default backups and times configuration history.
const clockLayout = "2006-01-02T15:04:05"

// runAppCmd emulates appcmd.exe: its output is byte-for-byte appcmd's,
// CRLF line ends included, and the exit code is appcmd's (the operating
// system keeps only its low 8 bits). A command that changes files writes
// them back to -w (the directory, or the bundle in place); -dry-run
// prints a unified diff of the changes instead.
func runAppCmd(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("appcmd", stderr)
	dryRun := fs.Bool("dry-run", false, "print the changes as a unified diff instead of writing them")
	clock := fs.String("clock", "", "workspace clock, "+clockLayout+" (default: now); names default backups and times configuration history")
	// Flags end at the verb, so appcmd's own -section:x style reaches it.
	if code, done := parseFlags(fs, args); done {
		return code
	}
	now := time.Now().Truncate(time.Second)
	if *clock != "" {
		t, err := time.ParseInLocation(clockLayout, *clock, time.Local)
		if err != nil {
			return failUsage(stderr, fmt.Errorf("-clock %q: want %s", *clock, clockLayout))
		}
		now = t
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	o := appcmd.Exec(w, dropAppcmd(fs.Args()), appcmd.Options{Now: now})
	if o.Err != nil {
		if o.Err.Emulator {
			return failUsage(stderr, fmt.Errorf("appcmd: %s", o.Err.Text))
		}
		if o.Err.Text != "" {
			fmt.Fprint(stdout, o.Err.Text+"\r\n")
		}
		return o.Err.Code
	}
	fmt.Fprint(stdout, o.Output)
	if len(o.Changed) == 0 {
		return exitOK
	}
	return finishChange(stdout, stderr, wf, w, o.Workspace, o.Changed, *dryRun, "appcmd")
}

// finishChange ends a command that changed the workspace: with -dry-run it
// prints the changed files as unified diffs, else it writes them back to
// -w. Nothing is saved without -w, nor over -features: the features' edits
// are a view, and saving would write them into the user's files along with
// the command's own change.
func finishChange(stdout, stderr io.Writer, wf *wsFlags, before, after *workspace.Workspace, changed []string, dryRun bool, what string) int {
	if dryRun {
		for _, p := range changed {
			fmt.Fprint(stdout, fileDiff(before, after, p))
		}
		return exitOK
	}
	if wf.path == "" {
		fmt.Fprintf(stderr, "iisconf: %s: no -w workspace, so the change was not saved anywhere\n", what)
		return exitOK
	}
	if wf.features != "" {
		fmt.Fprintf(stderr, "iisconf: %s: the change was not saved: -features lays features over the workspace without installing them (use -dry-run to see the change, or iisconf features install to install them into -w)\n", what)
		return exitUsage
	}
	if err := saveWorkspace(wf, after, changed); err != nil {
		fmt.Fprintf(stderr, "iisconf: %v\n", err)
		return exitFail
	}
	return exitOK
}

// exitFail is a write-back failure after appcmd succeeded.
const exitFail = 1

// saveWorkspace writes a changed workspace back where it came from: the
// changed files of a directory (removed ones deleted), or the whole
// bundle rewritten in place (with -stock, only the files that differ
// from the stock server, so the bundle stays an overlay).
func saveWorkspace(wf *wsFlags, ws *workspace.Workspace, changed []string) error {
	info, err := os.Stat(wf.path)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		out := ws
		if wf.stock {
			out = overlay(ws)
		}
		data, err := out.Bundle()
		if err != nil {
			return err
		}
		return writeAtomic(wf.path, data)
	}
	for _, p := range changed {
		rel, ok := relPath(p)
		if !ok {
			return fmt.Errorf("%s cannot be written into a directory workspace", p)
		}
		full := filepath.Join(wf.path, filepath.FromSlash(rel))
		f, ok := ws.Get(p)
		if !ok {
			if err := os.Remove(full); err != nil && !os.IsNotExist(err) {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := writeAtomic(full, f.Text); err != nil {
			return err
		}
	}
	return nil
}

// overlay keeps the files and environment that differ from the stock server.
func overlay(ws *workspace.Workspace) *workspace.Workspace {
	base := stock.Workspace()
	out := workspace.New()
	for _, f := range ws.Files() {
		if b, ok := base.Get(f.Path); ok && string(b.Text) == string(f.Text) && !f.Unreadable {
			continue
		}
		out.Set(f.Path, f.Text)
		if f.Unreadable {
			out.SetUnreadable(f.Path, true)
		}
	}
	for _, kv := range ws.Env() {
		out.SetEnv(kv[0], kv[1])
	}
	return out
}

// relPath maps a workspace path to its place in a drive-mirroring
// directory, the way Tree does.
func relPath(p string) (string, bool) {
	one := workspace.New()
	one.Set(p, nil)
	t, err := one.TreeChecked()
	if err != nil || len(t) != 1 {
		return "", false
	}
	return t[0].RelPath, true
}

// writeAtomic replaces a file through a temporary sibling, so an
// interrupted write never leaves half a configuration file.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".iisconf-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// fileDiff is a unified diff (three lines of context) of one file between
// two workspaces; a missing side is /dev/null.
func fileDiff(before, after *workspace.Workspace, path string) string {
	var a, b []byte
	fa, hasA := before.Get(path)
	if hasA {
		a = fa.Text
	}
	fb, hasB := after.Get(path)
	if hasB {
		b = fb.Text
	}
	return textdiff.Unified(path, a, hasA, b, hasB)
}

// dropAppcmd drops a leading appcmd or appcmd.exe (a path to it too), so
// that a line of a generated or pasted script runs as it is.
func dropAppcmd(args []string) []string {
	if len(args) > 0 {
		first := strings.ToLower(args[0])
		first = first[strings.LastIndexAny(first, `\/`)+1:]
		if first == "appcmd" || first == "appcmd.exe" {
			return args[1:]
		}
	}
	return args
}
