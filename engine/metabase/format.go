package metabase

import (
	"fmt"
	"strings"
)

// FormatTree renders the key tree as the CLI prints it: one key a line,
// indented by depth, with its KeyType, line and IIS 7 config path.
func FormatTree(roots []*TreeNode) string {
	var b strings.Builder
	var walk func(n *TreeNode, depth int)
	walk = func(n *TreeNode, depth int) {
		b.WriteString(strings.Repeat("  ", depth) + n.Location)
		if n.Implicit {
			b.WriteString("  (no key element)")
		} else {
			fmt.Fprintf(&b, "  %s, line %d, %d properties", n.KeyType, n.Line, n.Props)
		}
		if n.IIS7Path != "" {
			b.WriteString("  → " + n.IIS7Path)
		}
		b.WriteByte('\n')
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return b.String()
}

// FormatEffective renders a key's effective properties with provenance and
// the IIS 7 equivalents.
func FormatEffective(ek *EffectiveKey) string {
	var b strings.Builder
	kt := ek.KeyType
	if !ek.Exists {
		kt = "no key element: every property is inherited"
	}
	fmt.Fprintf(&b, "%s  (%s)\n", ek.Location, kt)
	if ek.Mapping != nil {
		fmt.Fprintf(&b, "IIS 7 config path: %s", ek.Mapping.ConfigPath)
		if ek.Mapping.Note != "" {
			fmt.Fprintf(&b, "  (%s)", ek.Mapping.Note)
		}
		b.WriteByte('\n')
	}
	b.WriteString("\neffective properties:\n")
	for _, p := range ek.Properties {
		origin := "set here"
		if p.Inherited {
			origin = "inherited from " + p.From
		}
		tags := []string{p.Kind}
		if p.Inherit {
			tags = append(tags, "INHERIT")
		}
		if p.Custom {
			tags = append(tags, "Custom")
		}
		if p.Unknown {
			tags = append(tags, "not in schema")
		}
		fmt.Fprintf(&b, "  %s = ", p.Name)
		switch p.Kind {
		case "flags":
			fmt.Fprintf(&b, "%s (0x%08x)", strings.Join(p.Flags, " | "), *p.Bits)
		case "list":
			fmt.Fprintf(&b, "%d entries", len(p.Values))
		default:
			b.WriteString(`"` + p.Value + `"`)
		}
		fmt.Fprintf(&b, "  [%s; %s, line %d]\n", strings.Join(tags, ", "), origin, p.Line)
		if p.Kind == "list" {
			for _, v := range p.Values {
				b.WriteString("      " + v + "\n")
			}
		}
	}
	if len(ek.Equivalents) > 0 {
		b.WriteString("\napplicationHost.config equivalents:\n")
		for _, e := range ek.Equivalents {
			fmt.Fprintf(&b, "\n  %s (from %s) → %s at %s\n", e.Property, e.From, e.Section, e.ConfigPath)
			if e.Note != "" {
				b.WriteString("  note: " + e.Note + "\n")
			}
			for _, l := range strings.SplitAfter(e.XML, "\n") {
				if l != "" {
					b.WriteString("    " + l)
				}
			}
		}
	}
	return b.String()
}
