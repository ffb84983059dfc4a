package poolconfig

import (
	"fmt"
	"strings"
)

// FormatRules renders the rules as the CLI prints them: one line per rule
// (id, count, evidence) and one indented line per element it acted on,
// with the element's line in the original file.
func FormatRules(pool string, rules []Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "per-pool view of %s: approximate, the filtering rules are not documented\n", pool)
	for _, r := range rules {
		verb := "removed"
		if r.ID == RuleAncestors {
			verb = "kept"
		}
		if r.ID == RuleCopy {
			fmt.Fprintf(&b, "%s: %s\n    evidence: %s\n", r.ID, r.Summary, r.Evidence)
			continue
		}
		fmt.Fprintf(&b, "%s: %d %s: %s\n    evidence: %s\n", r.ID, r.Count, verb, r.Summary, r.Evidence)
		for _, it := range r.Items {
			fmt.Fprintf(&b, "    line %d: %s %q", it.Line, it.Kind, it.Name)
			if it.Note != "" {
				fmt.Fprintf(&b, " (%s)", it.Note)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}
