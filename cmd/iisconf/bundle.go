package main

import (
	"fmt"
	"io"
)

// runBundle prints the workspace as a txtar bundle: the interchange
// format for tests, bug reports and the playground.
func runBundle(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("bundle", stderr)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("bundle takes no arguments (got %q)", fs.Arg(0)))
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	data, err := w.Bundle()
	if err != nil {
		return failUsage(stderr, err)
	}
	stdout.Write(data)
	return exitOK
}
