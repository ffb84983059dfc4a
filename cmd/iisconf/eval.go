package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/iisconf/iisconf/engine/config"
)

// runEval evaluates one config path. Exit 0 whenever evaluation ran, even
// with diagnostics: they are part of the answer, not a failure of the tool.
func runEval(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("eval", stderr)
	path := fs.String("path", "MACHINE/WEBROOT/APPHOST", `config path, "Site/app/dir" or URL to evaluate`)
	section := fs.String("section", "", "report only this section (full or unambiguous short name); default: every section")
	asJSON := fs.Bool("json", false, "print the JSON model (model.Result) instead of text")
	inputs := fs.Bool("inputs", false, "include the merge stack: every definition each section considered")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("eval takes no arguments (got %q); use -path", fs.Arg(0)))
	}
	w, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	opt := config.EvalOptions{Inputs: *inputs}
	if *section != "" {
		opt.Sections = []string{*section}
	}
	e := config.New(w)
	res := e.Evaluate(*path, opt)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // keep <, > and & readable in messages and values
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "iisconf: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	writeResult(stdout, e, res)
	return exitOK
}
