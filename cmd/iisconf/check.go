package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
)

// runCheck evaluates every config path of the workspace and prints each
// distinct diagnostic once in appcmd's format. Exit 1 when any of them is
// an error IIS would raise (our own warnings do not fail the check).
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("check", stderr)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("check takes no arguments (got %q)", fs.Arg(0)))
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	code := exitOK
	for _, d := range config.New(w).Check() {
		// appcmd separates its lines with CRLF; a terminal wants LF.
		fmt.Fprintln(stdout, strings.ReplaceAll(diag.AppCmd(d), "\r\n", "\n"))
		if d.Severity == diag.Error {
			code = exitFound
		}
	}
	return code
}
