package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/iisconf/iisconf/engine/script"
)

// runScript prints the commands that turn workspace -from into -to:
// appcmd lines (each runnable as `iisconf appcmd -w WS <line>`),
// PowerShell WebAdministration cmdlets, or a C# program over
// Microsoft.Web.Administration. What no tool can write is listed on
// stderr as notes. -verify replays the appcmd script through the
// emulator and compares every path with -to. Exit 0 when the script is
// complete (and verified, with -verify), 1 when something was left to do
// by hand or the replay differs, 2 for usage errors.
func runScript(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("script", stderr)
	from := fs.String("from", "", "workspace before the change (bundle or directory); with -stock laid over the stock server")
	to := fs.String("to", "", "workspace after the change (bundle or directory); with -stock laid over the stock server")
	lang := fs.String("lang", "appcmd", "appcmd, powershell or csharp")
	verify := fs.Bool("verify", false, "replay the appcmd script through the emulator and compare every config path with -to")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("script takes no arguments (got %q)", fs.Arg(0)))
	}
	if wf.path != "" {
		return failUsage(stderr, errors.New("script reads -from and -to, not -w"))
	}
	if *to == "" {
		return failUsage(stderr, errors.New("script needs -to (and -from; without -from the stock server is the starting point when -stock is given)"))
	}
	if *from == "" && !wf.stock {
		return failUsage(stderr, errors.New("script needs -from (or -stock to start from the stock server)"))
	}
	switch *lang {
	case "appcmd", "powershell", "csharp":
	default:
		return failUsage(stderr, fmt.Errorf("-lang %q: want appcmd, powershell or csharp", *lang))
	}
	fromWS, err := loadWorkspace(&wsFlags{path: *from, stock: wf.stock})
	if err != nil {
		return failUsage(stderr, err)
	}
	toWS, err := loadWorkspace(&wsFlags{path: *to, stock: wf.stock})
	if err != nil {
		return failUsage(stderr, err)
	}
	plan := script.Build(fromWS, toWS)
	appcmdLines, appcmdNotes := script.AppCmd(plan)
	notes := append([]script.Note(nil), plan.Notes...)
	switch *lang {
	case "appcmd":
		notes = append(notes, appcmdNotes...)
		writeLines(stdout, appcmdLines)
	case "powershell":
		lines, ns := script.PowerShell(plan)
		notes = append(notes, ns...)
		writeLines(stdout, lines)
	case "csharp":
		text, ns := script.CSharp(plan)
		notes = append(notes, ns...)
		fmt.Fprint(stdout, text)
	}
	code := exitOK
	for _, n := range notes {
		fmt.Fprintf(stderr, "iisconf: not scripted: %s\n", noteText(n))
		code = exitFound
	}
	if *verify {
		v := script.Verify(fromWS, toWS, appcmdLines, notes)
		for _, r := range v.Refused {
			fmt.Fprintf(stderr, "iisconf: verify: line %d refused: %s\n", r.Line, oneLine(r.Message))
		}
		for _, d := range v.Differ {
			fmt.Fprintf(stderr, "iisconf: verify: %s differs: %s\n", d.Path, d.What)
		}
		if v.OK() {
			fmt.Fprintf(stderr, "iisconf: verify: %d appcmd lines replayed; the effective configuration matches -to at all %d config paths\n", v.Lines, v.Paths)
		} else {
			code = exitFound
		}
	}
	return code
}

func writeLines(w io.Writer, lines []string) {
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func noteText(n script.Note) string {
	var where []string
	if n.File != "" {
		where = append(where, n.File)
	}
	if n.Section != "" {
		where = append(where, n.Section)
	}
	if n.Path != "" {
		where = append(where, "at "+n.Path)
	}
	if len(where) == 0 {
		return n.Text
	}
	return strings.Join(where, ", ") + ": " + n.Text
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\r\n", " ")), " ")
}
