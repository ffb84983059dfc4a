package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/iisconf/iisconf/engine/diag"
	"io"
	"os"
	"path/filepath"

	"github.com/iisconf/iisconf/engine/metabase"
)

// metabaseJSON is the -json output of the metabase command.
type metabaseJSON struct {
	File        string                 `json:"file"`
	Schema      string                 `json:"schema"`
	Diagnostics []diag.Diagnostic      `json:"diagnostics"`
	Tree        []*metabase.TreeNode   `json:"tree"`
	Key         *metabase.EffectiveKey `json:"key,omitempty"`
	History     *historyJSON           `json:"history,omitempty"`
}

type historyJSON struct {
	Folder      string                  `json:"folder"`
	Entries     []metabase.HistoryEntry `json:"entries"`
	Diagnostics []diag.Diagnostic       `json:"diagnostics"`
}

// runMetabase reads an IIS 6 MetaBase.xml (docs/metabase.md) and prints the key
// tree, or one key's effective properties with their origin and the
// applicationHost.config equivalents. It exits 1 when the files have errors.
func runMetabase(args []string, stdout, stderr io.Writer) int {
	// No -w: the metabase is one file, not a workspace.
	fs := flag.NewFlagSet("iisconf metabase", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", "", "the MetaBase.xml to read (required)")
	schemaFile := fs.String("schema", "", "an MBSchema.xml laid over the built-in property table")
	key := fs.String("key", "", "print this key's effective properties (e.g. /LM/W3SVC/1/ROOT)")
	history := fs.String("history", "", "history folder to list (default: History beside -f, when present)")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if *file == "" {
		return failUsage(stderr, errors.New("metabase: -f MetaBase.xml is required"))
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return failUsage(stderr, err)
	}
	var diags []diag.Diagnostic
	var sch *metabase.Schema
	if *schemaFile != "" {
		sd, err := os.ReadFile(*schemaFile)
		if err != nil {
			return failUsage(stderr, err)
		}
		var sdiags []diag.Diagnostic
		sch, sdiags = metabase.ParseSchema(filepath.Base(*schemaFile), sd)
		diags = append(diags, sdiags...)
	}
	m := metabase.Parse(filepath.Base(*file), data, sch)
	diags = append(diags, m.Diagnostics...)
	out := metabaseJSON{File: m.File, Schema: m.SchemaFile, Diagnostics: diags, Tree: m.Tree()}
	if out.Diagnostics == nil {
		out.Diagnostics = []diag.Diagnostic{}
	}
	if *key != "" {
		out.Key = m.Effective(*key)
	}
	if h, err := readHistory(*history, *file); err != nil {
		return failUsage(stderr, err)
	} else if h != nil {
		out.History = h
	}
	code := exitOK
	for _, d := range out.Diagnostics {
		if d.Severity == "error" {
			code = exitFound
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // keep the XML snippets readable
		if err := enc.Encode(out); err != nil {
			return failUsage(stderr, err)
		}
		return code
	}
	for _, d := range out.Diagnostics {
		fmt.Fprintln(stderr, diag.Line(d))
	}
	if out.Key != nil {
		fmt.Fprint(stdout, metabase.FormatEffective(out.Key))
	} else {
		fmt.Fprint(stdout, metabase.FormatTree(out.Tree))
	}
	if out.History != nil && out.Key == nil {
		fmt.Fprintf(stdout, "\nhistory (%s), oldest first:\n", out.History.Folder)
		for _, e := range out.History.Entries {
			fmt.Fprintf(stdout, "  %d.%d  %s  %s\n", e.Major, e.Minor, orDash(e.MetaBase), orDash(e.MBSchema))
		}
		for _, d := range out.History.Diagnostics {
			fmt.Fprintln(stderr, diag.Line(d))
		}
	}
	return code
}

// readHistory lists the history folder: the one given, else History
// beside the metabase file when it exists, else none.
func readHistory(dir, file string) (*historyJSON, error) {
	explicit := dir != ""
	if !explicit {
		dir = filepath.Join(filepath.Dir(file), "History")
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		if explicit {
			return nil, err
		}
		return nil, nil
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	entries, diags := metabase.ListHistory(filepath.Base(dir), names)
	if diags == nil {
		diags = []diag.Diagnostic{}
	}
	return &historyJSON{Folder: filepath.Base(dir), Entries: entries, Diagnostics: diags}, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
