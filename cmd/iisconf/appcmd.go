package main

import (
	"fmt"
	"io"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/config"
)

// runAppCmd emulates appcmd.exe: its output is byte-for-byte appcmd's,
// CRLF line ends included, and the exit code is appcmd's (the operating
// system keeps only its low 8 bits).
func runAppCmd(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("appcmd", stderr)
	// Flags end at the verb, so appcmd's own -section:x style reaches it.
	if code, done := parseFlags(fs, args); done {
		return code
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	out, aerr := appcmd.Run(config.New(w), fs.Args())
	if aerr != nil {
		if aerr.Emulator {
			return failUsage(stderr, fmt.Errorf("appcmd: %s", aerr.Text))
		}
		if aerr.Text != "" {
			fmt.Fprint(stdout, aerr.Text+"\r\n")
		}
		return aerr.Code
	}
	fmt.Fprint(stdout, out)
	return exitOK
}
