package main

import (
	"fmt"
	"io"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0
	exitFound = 1 // check found an error
	exitUsage = 2 // bad flags, unreadable workspace, bad bundle
)

const usage = `iisconf evaluates IIS 7+ configuration offline.

Usage:
  iisconf eval   [-w BUNDLE|DIR [-stock]] [-path PATH] [-section NAME] [-json] [-inputs]
  iisconf check  [-w BUNDLE|DIR [-stock]] [-app DIR] [-format text|json|sarif|github]
  iisconf bundle [-w BUNDLE|DIR [-stock]]
  iisconf appcmd [-w BUNDLE|DIR [-stock]] [-dry-run] [-clock T] <verb> <object> [ID] [/param:value ...]
  iisconf backup export [-w BUNDLE|DIR [-stock]] -name NAME [-o FILE]
  iisconf backup import [-w BUNDLE|DIR [-stock]] -f FILE [-dry-run]
  iisconf site export   [-w BUNDLE|DIR [-stock]] -site NAME [-o FILE]
  iisconf site import   [-w BUNDLE|DIR [-stock]] -f FILE [-dry-run]
  iisconf pool-config [-w BUNDLE|DIR [-stock]] -pool NAME [-rules] [-json]
  iisconf diff   [-w A [-stock]] [-w2 B] -path P [-path2 Q] [-section S] [-json|-xml]
  iisconf collect [-root DIR] [-no-redact] [-history] [-depth N] -o FILE
  iisconf script [-stock] [-from A] -to B [-lang appcmd|powershell|csharp] [-verify]
  iisconf metabase -f MetaBase.xml [-schema MBSchema.xml] [-key /LM/W3SVC/1/ROOT] [-history DIR] [-json]
  iisconf features [list] [-w BUNDLE|DIR [-stock]] [-v] [-json]
  iisconf features install|uninstall NAME[,NAME...] [-w BUNDLE|DIR [-stock]] [-dry-run]
  iisconf help

-w names a txtar bundle or a directory mirroring drive letters (C/inetpub/...);
without it iisconf reads the built-in stock IIS 10 server. -stock lays the -w
files over the stock server, so a reproduction needs only the files it changes.
-features rewrite,ancm,... (every subcommand that reads a workspace) installs
server features over it first, in memory; iisconf features lists them.
`

// run executes one command line and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "eval":
		return runEval(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "bundle":
		return runBundle(rest, stdout, stderr)
	case "appcmd":
		return runAppCmd(rest, stdout, stderr)
	case "backup":
		return runBackupCmd(rest, stdout, stderr)
	case "site":
		return runSiteCmd(rest, stdout, stderr)
	case "pool-config":
		return runPoolConfig(rest, stdout, stderr)
	case "diff":
		return runDiff(rest, stdout, stderr)
	case "collect":
		return runCollect(rest, stdout, stderr)
	case "script":
		return runScript(rest, stdout, stderr)
	case "metabase":
		return runMetabase(rest, stdout, stderr)
	case "features":
		return runFeatures(rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "iisconf: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}
