package main

import (
	"fmt"
	"github.com/iisconf/iisconf/engine/config"
	"io"
	"strings"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/model"
)

// writeResult prints an evaluation for people: where the path maps, the
// files read, then per section the appcmd-style XML, who decides the
// lock, and where each explicit value was set; diagnostics last.
func writeResult(w io.Writer, e *config.Engine, r *model.Result) {
	fmt.Fprintf(w, "config path: %s\n", r.ConfigPath)
	if m := r.Mapping; m != nil {
		fmt.Fprintf(w, "mapping: site %q (id %d), application %q (pool %s), virtual directory %q, URL %q\n",
			m.Site, m.SiteID, m.AppPath, m.AppPool, m.VdirPath, m.URLPath)
		if m.Framework != "" {
			// Which pool setting picked it: the chain's note at MACHINE.
			fmt.Fprintf(w, "framework: %s\n", m.Framework)
		}
		if m.NoPhysicalPath {
			fmt.Fprintln(w, "physical path: none (no virtual directory matches)")
		} else {
			fmt.Fprintf(w, "physical path: %s", m.PhysicalPath)
			if m.PhysicalPathExp != m.PhysicalPath {
				fmt.Fprintf(w, " (%s)", m.PhysicalPathExp)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w, "chain:")
	for _, l := range r.Chain {
		fmt.Fprintf(w, "  %s: %s\n", l.ConfigPath, levelText(l))
		if l.Note != "" {
			fmt.Fprintf(w, "    note: %s\n", l.Note)
		}
	}
	for i := range r.Sections {
		writeSection(w, e, r.ConfigPath, &r.Sections[i])
	}
	fmt.Fprintln(w)
	if len(r.Diagnostics) == 0 {
		fmt.Fprintln(w, "diagnostics: none")
		return
	}
	fmt.Fprintln(w, "diagnostics:")
	for _, d := range r.Diagnostics {
		fmt.Fprintf(w, "  %s %s %s: %s\n", d.Severity, d.ID, place(d.File, d.Line, d.Column), d.Message)
		for _, n := range d.Notes {
			fmt.Fprintf(w, "    note %s: %s\n", place(n.File, n.Line, n.Column), n.Message)
		}
	}
}

func levelText(l model.Level) string {
	switch {
	case l.File != "" && l.Builtin:
		return l.File + " (built-in stand-in)"
	case l.File != "":
		return l.File
	case l.Candidate != "" && l.Skipped != "":
		return "no file read (" + l.Candidate + ": " + l.Skipped + ")"
	case l.Candidate != "":
		return "no file read (" + l.Candidate + ")"
	}
	return "no file"
}

func writeSection(w io.Writer, e *config.Engine, path string, s *model.Section) {
	fmt.Fprintf(w, "\nsection %s\n", s.Name)
	lock := "may be defined at this path"
	if s.IsLocked {
		lock = "locked: a web.config at this path may not define it"
	}
	fmt.Fprintf(w, "  lock: %s (overrideMode %s)", lock, s.OverrideModeEffective)
	if s.LockReason != nil && s.LockReason.Summary != "" {
		fmt.Fprintf(w, "; %s", s.LockReason.Summary)
	}
	fmt.Fprintln(w)
	if s.NoSchema {
		fmt.Fprintln(w, "  no schema: values cannot be read")
	}
	if s.Encrypted {
		fmt.Fprintln(w, "  encrypted: contents opaque")
	}
	// The XML view is appcmd's `list config` layout, from the engine's
	// typed answer for the same section.
	sec, _ := e.Section(path, s.Name)
	xml := strings.ReplaceAll(appcmd.SectionXML(sec, false), "\r\n", "\n")
	for _, line := range strings.SplitAfter(strings.TrimSuffix(xml, "\n"), "\n") {
		fmt.Fprint(w, "  "+line)
	}
	fmt.Fprintln(w)
	if s.Element != nil {
		var vals []string
		explicitValues(s.Element, "", &vals)
		for _, v := range vals {
			fmt.Fprintln(w, "  "+v)
		}
	}
	for _, in := range s.Inputs {
		state := "applied"
		if !in.Applied {
			state = "not applied: " + in.Why
		}
		loc := ""
		if in.LocationPath != nil {
			loc = fmt.Sprintf(" <location path=%q>", *in.LocationPath)
		}
		fmt.Fprintf(w, "  input %s%s -> %s: %s\n", place(in.File, in.Line, in.Column), loc, in.Target, state)
	}
}

// explicitValues lists "path = value  (file:line)" for every explicit
// attribute, collection items numbered in effective order.
func explicitValues(el *model.Element, prefix string, out *[]string) {
	for _, a := range el.Attributes {
		if a.Attribute == nil || a.Origin != "explicit" {
			continue
		}
		*out = append(*out, fmt.Sprintf("%s%s = %q  (%s)", prefix, a.Name, a.Value, place(a.File, a.Line, 0)))
	}
	for _, name := range el.Order {
		if c := el.Elements[name]; c != nil {
			explicitValues(c, prefix+name+".", out)
		}
	}
	for i, item := range el.Collection {
		explicitValues(item, fmt.Sprintf("%s%s[%d].", prefix, item.Name, i), out)
	}
}

// place formats file:line:column, leaving out what is unknown.
func place(file string, line, col int) string {
	if file == "" {
		file = "(no file)"
	}
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}
