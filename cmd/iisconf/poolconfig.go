package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/poolconfig"
)

// runPoolConfig prints the applicationHost.config a worker process of one
// application pool reads (docs/poolview.md#filtering-rules): the file on stdout, the filtering
// rules on stderr (or after the file with -rules, or all as -json).
func runPoolConfig(args []string, stdout, stderr io.Writer) int {
	fs, wf := newFlagSet("pool-config", stderr)
	pool := fs.String("pool", "", "the application pool (case-insensitive)")
	rules := fs.Bool("rules", false, "print the rules on stdout after the file instead of on stderr")
	asJSON := fs.Bool("json", false, "print the file, the rules and the removed line ranges as JSON")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if *pool == "" {
		return failUsage(stderr, errors.New("pool-config: -pool NAME is required"))
	}
	ws, err := loadWorkspace(wf)
	if err != nil {
		return failUsage(stderr, err)
	}
	r, err := poolconfig.FilterWorkspace(config.New(ws), *pool)
	if err != nil {
		return failUsage(stderr, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // keep the XML text readable
		if err := enc.Encode(r); err != nil {
			return failUsage(stderr, err)
		}
		return exitOK
	}
	fmt.Fprint(stdout, r.Text)
	report := poolconfig.FormatRules(r.Pool, r.Rules)
	if *rules {
		fmt.Fprint(stdout, "\n"+report)
	} else {
		fmt.Fprint(stderr, report)
	}
	return exitOK
}
