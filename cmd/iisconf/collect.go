package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/collect"
	"github.com/iisconf/iisconf/engine/workspace"
)

// runCollect gathers the server's configuration into one bundle file
// (docs/support.md#collect): run by a customer on their Windows server,
// it reads the drives, or with -root a folder mirroring them (C/..., UNC/...).
// It writes -o and nothing else, prints the summary of what it took,
// redacted and could not read, and exits 0 (1 when something could not be
// read, 2 for usage errors).
func runCollect(args []string, stdout, stderr io.Writer) int {
	fs := newCollectFlags(stderr)
	root := fs.String("root", "", "read this folder as the server's drives (C/Windows/..., UNC/server/share/...) instead of the real drives")
	out := fs.String("o", "", "the bundle file to write (required)")
	noRedact := fs.Bool("no-redact", false, "keep passwords, connection strings and keys in the bundle (they are replaced by [redacted] otherwise)")
	history := fs.Bool("history", false, "add the configuration backups and the configuration history snapshots")
	depth := fs.Int("depth", collect.DefaultDepth, "folder levels searched for web.config files below each virtual directory")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("collect takes no arguments (got %q)", fs.Arg(0)))
	}
	if *out == "" {
		return failUsage(stderr, errors.New("collect needs -o FILE, the bundle to write"))
	}
	if *root == "" && runtime.GOOS != "windows" {
		return failUsage(stderr, errors.New("collect reads a Windows server's drives; on this system give -root DIR, a folder mirroring them (C/Windows/System32/inetsrv/config/...)"))
	}
	if *root != "" {
		if st, err := os.Stat(*root); err != nil || !st.IsDir() {
			return failUsage(stderr, fmt.Errorf("-root %s: not a folder", *root))
		}
	}
	src := &driveSource{root: *root}
	ws, sum := collect.Collect(src, collect.Options{NoRedact: *noRedact, History: *history, Depth: *depth})
	host, _ := os.Hostname()
	header := fmt.Sprintf("Collected by iisconf collect on %s at %s. Open it with `iisconf eval -w %s` or the playground's Import.\n", host, time.Now().UTC().Format(time.RFC3339), filepath.Base(*out))
	data, err := collect.Bundle(ws, sum, header)
	if err != nil {
		fmt.Fprintf(stderr, "iisconf: collect: %v\n", err)
		return exitFail
	}
	if err := os.WriteFile(*out, data, 0o600); err != nil {
		fmt.Fprintf(stderr, "iisconf: collect: %v\n", err)
		return exitFail
	}
	fmt.Fprint(stdout, sum.Text())
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, len(data))
	if len(sum.Unreadable) > 0 {
		return exitFound
	}
	return exitOK
}

// newCollectFlags is a flag set without -w and -stock: collect reads a
// server, not a workspace.
func newCollectFlags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("iisconf collect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// driveSource reads the server: the real drives (root ""), or a folder
// mirroring them. Windows paths are matched case-insensitively in the
// mirror, as NTFS does.
type driveSource struct {
	root string
}

func (d *driveSource) local(winPath string) (string, error) {
	p := workspace.Clean(winPath)
	if d.root == "" {
		return p, nil
	}
	var rel []string
	switch {
	case strings.HasPrefix(p, `\\`):
		rel = append([]string{"UNC"}, strings.Split(strings.TrimLeft(p, `\`), `\`)...)
	case len(p) >= 2 && p[1] == ':':
		rel = append([]string{strings.ToUpper(p[:1])}, strings.Split(strings.TrimLeft(p[2:], `\`), `\`)...)
	default:
		return "", fmt.Errorf("%s: not an absolute Windows path", winPath)
	}
	// Each segment as the mirror spells it.
	at := d.root
	for _, seg := range rel {
		if seg == "" {
			continue
		}
		next := filepath.Join(at, seg)
		if _, err := os.Lstat(next); err != nil {
			entries, derr := os.ReadDir(at)
			if derr == nil {
				for _, e := range entries {
					if strings.EqualFold(e.Name(), seg) {
						next = filepath.Join(at, e.Name())
						break
					}
				}
			}
		}
		at = next
	}
	return at, nil
}

func (d *driveSource) ReadFile(path string) ([]byte, error) {
	p, err := d.local(path)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

func (d *driveSource) ReadDir(path string) ([]fs.DirEntry, error) {
	p, err := d.local(path)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(p)
}

// Env is the process environment on the server; with -root, the stock
// server's defaults overridden by the mirror's @env file (NAME=VALUE
// lines), since this machine's environment is not the server's.
func (d *driveSource) Env() map[string]string {
	out := map[string]string{}
	if d.root == "" {
		for _, kv := range os.Environ() {
			if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
				out[k] = v
			}
		}
		return out
	}
	for _, kv := range workspace.DefaultEnv {
		out[kv[0]] = kv[1]
	}
	if data, err := os.ReadFile(filepath.Join(d.root, "@env")); err == nil {
		for _, l := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
			if k, v, ok := strings.Cut(strings.TrimSpace(l), "="); ok && k != "" {
				out[k] = v
			}
		}
	}
	return out
}
