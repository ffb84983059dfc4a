package main

import (
	"fmt"
	"github.com/iisconf/iisconf/engine/config"
	"io"
	"os"
	"sort"

	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/workspace"
)

// exitRefused is an export or import the engine refused (no such backup
// or site, a name taken, a file that would be overwritten).
const exitRefused = 1

// runBackupCmd is `iisconf backup export|import`: a backup leaves the
// workspace as a bundle file and comes back, into it or another one.
func runBackupCmd(args []string, stdout, stderr io.Writer) int {
	return transfer("backup", args, stdout, stderr, "name", "the backup to export (as `appcmd list backup` names it)",
		backup.Export,
		func(e *config.Engine, data []byte) (*workspace.Workspace, []string, error) {
			out, names, err := backup.Import(e, data)
			var lines []string
			for _, n := range names {
				lines = append(lines, `BACKUP "`+n+`" imported`)
			}
			return out, lines, err
		})
}

// runSiteCmd is `iisconf site export|import`: one site with its
// application pools, its location tags and its folders' web.config files.
func runSiteCmd(args []string, stdout, stderr io.Writer) int {
	return transfer("site", args, stdout, stderr, "site", "the site to export (case-insensitive)", backup.ExportSite, backup.ImportSite)
}

// transfer runs `iisconf <what> export|import`. Export writes the bundle
// to -o (stdout without it); import reads -f, prints one line per thing
// done and writes the changed workspace back to -w, as appcmd does
// (-dry-run: the diff instead).
func transfer(what string, args []string, stdout, stderr io.Writer, idFlag, idHelp string,
	export func(*config.Engine, string) ([]byte, error),
	imp func(*config.Engine, []byte) (*workspace.Workspace, []string, error)) int {
	if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
		fmt.Fprintf(stderr, "usage: iisconf %[1]s export [-w BUNDLE|DIR [-stock]] -%[2]s NAME [-o FILE]\n       iisconf %[1]s import [-w BUNDLE|DIR [-stock]] -f FILE [-dry-run]\n", what, idFlag)
		return exitUsage
	}
	verb := args[0]
	fs, wf := newFlagSet(what+" "+verb, stderr)
	var id, file *string
	var dryRun *bool
	if verb == "export" {
		id = fs.String(idFlag, "", idHelp)
		file = fs.String("o", "", "write the bundle to this file (default: stdout)")
	} else {
		file = fs.String("f", "", "the bundle file to import")
		dryRun = fs.Bool("dry-run", false, "print the changes as a unified diff instead of writing them")
	}
	if code, done := parseFlags(fs, args[1:]); done {
		return code
	}
	if fs.NArg() > 0 {
		return failUsage(stderr, fmt.Errorf("%s %s: unexpected argument %q", what, verb, fs.Arg(0)))
	}
	ws, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	if verb == "export" {
		if *id == "" {
			return failUsage(stderr, fmt.Errorf("%s export: -%s is required", what, idFlag))
		}
		data, err := export(config.New(ws), *id)
		if err != nil {
			fmt.Fprintf(stderr, "iisconf: %s export: %v\n", what, err)
			return exitRefused
		}
		if *file == "" {
			stdout.Write(data)
			return exitOK
		}
		if err := writeAtomic(*file, data); err != nil {
			fmt.Fprintf(stderr, "iisconf: %v\n", err)
			return exitFail
		}
		return exitOK
	}
	if *file == "" {
		return failUsage(stderr, fmt.Errorf("%s import: -f is required", what))
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return failUsage(stderr, err)
	}
	next, lines, err := imp(config.New(ws), data)
	if err != nil {
		fmt.Fprintf(stderr, "iisconf: %s import: %v\n", what, err)
		return exitRefused
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return finishChange(stdout, stderr, wf, ws, next, changedFiles(ws, next), *dryRun, what+" import")
}

// changedFiles lists the paths added, changed or removed, sorted.
func changedFiles(before, after *workspace.Workspace) []string {
	var out []string
	for _, f := range after.Files() {
		if b, ok := before.Get(f.Path); !ok || string(b.Text) != string(f.Text) || b.Unreadable != f.Unreadable {
			out = append(out, f.Path)
		}
	}
	for _, f := range before.Files() {
		if _, ok := after.Get(f.Path); !ok {
			out = append(out, f.Path)
		}
	}
	sort.Slice(out, func(i, j int) bool { return workspace.Key(out[i]) < workspace.Key(out[j]) })
	return out
}
