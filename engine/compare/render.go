package compare

import (
	"fmt"
	"strings"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/textdiff"
)

// Text renders the report for people: the two sides, then each differing
// section with both values and where each came from, then the
// diagnostics only one side has.
func (r *Report) Text() string {
	var b strings.Builder
	side := func(tag string, s SideInfo) {
		fmt.Fprintf(&b, "%s %s", tag, s.ConfigPath)
		if s.Label != "" {
			fmt.Fprintf(&b, "  [%s]", s.Label)
		}
		b.WriteByte('\n')
		if s.Error != nil {
			fmt.Fprintf(&b, "       cannot evaluate: %s\n", s.Error.Message)
		}
	}
	side("left: ", r.Left)
	side("right:", r.Right)
	if r.Left.Error != nil || r.Right.Error != nil {
		return b.String()
	}
	if m := mappingText(r.Left, r.Right); m != "" {
		b.WriteString(m)
	}
	// Value changes first, section by section; then the sections whose
	// lock decision alone differs, and those in scope on one side only,
	// one line each (between two levels of one server most sections
	// differ only in where they may be defined).
	var lockOnly, oneSide []SectionDiff
	for _, s := range r.Sections {
		switch {
		case s.Presence != "both":
			oneSide = append(oneSide, s)
			continue
		case len(s.Changes) == 0:
			lockOnly = append(lockOnly, s)
			continue
		}
		fmt.Fprintf(&b, "\nsection %s\n", s.Name)
		if s.Lock != nil {
			b.WriteString("  lock decision\n")
			fmt.Fprintf(&b, "    left:  %s\n", lockText(s.Lock.Left))
			fmt.Fprintf(&b, "    right: %s\n", lockText(s.Lock.Right))
		}
		for _, c := range s.Changes {
			writeChange(&b, c)
		}
	}
	if len(lockOnly) > 0 {
		fmt.Fprintf(&b, "\nlock decisions that differ (%d sections)\n", len(lockOnly))
		for _, s := range lockOnly {
			fmt.Fprintf(&b, "  %s\n    left:  %s\n    right: %s\n", s.Name, lockText(s.Lock.Left), lockText(s.Lock.Right))
		}
	}
	if len(oneSide) > 0 {
		fmt.Fprintf(&b, "\nsections in scope on one side only (%d)\n", len(oneSide))
		for _, s := range oneSide {
			fmt.Fprintf(&b, "  %s  only %s\n", s.Name, s.Presence)
		}
	}
	b.WriteByte('\n')
	writeDiags(&b, "left", r.OnlyLeft)
	writeDiags(&b, "right", r.OnlyRight)
	fmt.Fprintf(&b, "%d sections compared, %d differ.\n", r.Compared, len(r.Sections))
	return b.String()
}

// mappingText says where the sides' physical folders and application
// pools differ.
func mappingText(l, r SideInfo) string {
	phys := func(s SideInfo) string {
		switch m := s.Mapping; {
		case m == nil:
			return "(server level)"
		case m.NoPhysicalPath:
			return "none (no virtual directory matches)"
		default:
			return m.PhysicalPathExp
		}
	}
	pool := func(s SideInfo) string {
		if s.Mapping == nil {
			return ""
		}
		return s.Mapping.AppPool
	}
	var b strings.Builder
	if phys(l) != phys(r) {
		fmt.Fprintf(&b, "physical path: %s | %s\n", phys(l), phys(r))
	}
	if pool(l) != pool(r) {
		fmt.Fprintf(&b, "application pool: %s | %s\n", pool(l), pool(r))
	}
	return b.String()
}

func lockText(s LockState) string {
	t := "may be defined here"
	if s.IsLocked {
		t = "locked for web.config files here"
	}
	t += " (overrideMode " + s.OverrideMode + ")"
	if s.Summary != "" {
		t += ": " + s.Summary
	}
	return t
}

func writeChange(b *strings.Builder, c Change) {
	switch c.Kind {
	case KindValue, KindSource:
		label := ""
		if c.Kind == KindSource {
			label = "  same value, set elsewhere"
		}
		fmt.Fprintf(b, "  %s%s\n", c.Path, label)
		fmt.Fprintf(b, "    left:  %s\n", valueText(c.Left))
		fmt.Fprintf(b, "    right: %s\n", valueText(c.Right))
	case KindOnlyLeft, KindOnlyRight:
		which, v := "left", c.Left
		if c.Kind == KindOnlyRight {
			which, v = "right", c.Right
		}
		fmt.Fprintf(b, "  %s  only %s", c.Path, which)
		if v != nil {
			fmt.Fprintf(b, ": %s", valueText(v))
		}
		b.WriteByte('\n')
	case KindOrder:
		fmt.Fprintf(b, "  %s  same items, different order\n", c.Path)
		fmt.Fprintf(b, "    left:  %s\n", strings.Join(c.LeftOrder, " "))
		fmt.Fprintf(b, "    right: %s\n", strings.Join(c.RightOrder, " "))
	case KindLocks:
		fmt.Fprintf(b, "  %s  granular locks differ\n", c.Path)
		fmt.Fprintf(b, "    left:  %s\n", listOrNone(c.LeftLocks))
		fmt.Fprintf(b, "    right: %s\n", listOrNone(c.RightLocks))
	}
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}

// valueText is a value with its provenance: `"true"  (C:\…\web.config:4)`,
// `"false"  (default from schema)`.
func valueText(v *Value) string {
	if v == nil {
		return "(absent)"
	}
	q := `"` + v.Value + `"`
	if v.Origin == "item" {
		q = v.Value
	}
	switch {
	case v.File != "":
		where := v.File
		if v.Line > 0 {
			where += fmt.Sprintf(":%d", v.Line)
		}
		if v.Location != nil {
			where += fmt.Sprintf(", <location path=%q>", *v.Location)
		}
		return q + "  (" + where + ")"
	case v.Origin == "default":
		from := v.Default
		if from == "" {
			from = "schema"
		}
		return q + "  (default from " + from + ")"
	}
	return q
}

func writeDiags(b *strings.Builder, which string, ds []diag.Diagnostic) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(b, "diagnostics only %s:\n", which)
	for _, d := range ds {
		where := d.File
		if d.Line > 0 {
			where += fmt.Sprintf(":%d", d.Line)
		}
		fmt.Fprintf(b, "  %s %s %s: %s\n", d.Severity, d.ID, where, d.Message)
	}
	b.WriteByte('\n')
}

// UnifiedXML is a unified diff of each differing section as appcmd's
// `list config /config:*` prints it on either side (LF line ends), so a
// reader sees the change in the shape IIS tools show configuration.
func (r *Report) UnifiedXML() string {
	var b strings.Builder
	for _, s := range r.Sections {
		var lt, rt string
		if s.left != nil {
			lt = lf(appcmd.SectionXML(*s.left, true))
		}
		if s.right != nil {
			rt = lf(appcmd.SectionXML(*s.right, true))
		}
		if lt == rt {
			continue // only provenance differs: nothing to show in XML
		}
		d := textdiff.Unified(s.Name, []byte(lt), s.left != nil, []byte(rt), s.right != nil)
		// Name the sides rather than a/ and b/.
		lines := strings.SplitN(d, "\n", 3)
		if len(lines) == 3 {
			lname, rname := r.Left.header(s.Name), r.Right.header(s.Name)
			if s.left == nil {
				lname = "/dev/null"
			}
			if s.right == nil {
				rname = "/dev/null"
			}
			d = "--- " + lname + "\n+++ " + rname + "\n" + lines[2]
		}
		b.WriteString(d)
	}
	return b.String()
}

func (s SideInfo) header(section string) string {
	h := s.ConfigPath + " " + section
	if s.Label != "" {
		h = s.Label + ": " + h
	}
	return h
}

func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
