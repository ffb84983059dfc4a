package diag

import "strings"

// NewErrors returns the errors of after that before does not have, in
// after's order. Diagnostics compare by what they say (id, file, section,
// message), not where: an edit moves lines. Each error of before matches
// one of after, so a second copy of an error is new.
func NewErrors(before, after []Diagnostic) []Diagnostic {
	seen := map[string]int{}
	for _, d := range before {
		if d.Severity == Error {
			seen[identity(d)]++
		}
	}
	var fresh []Diagnostic
	for _, d := range after {
		if d.Severity != Error {
			continue
		}
		if k := identity(d); seen[k] > 0 {
			seen[k]--
			continue
		}
		fresh = append(fresh, d)
	}
	return fresh
}

func identity(d Diagnostic) string {
	return string(d.ID) + "\x00" + strings.ToLower(d.File) + "\x00" + d.Section + "\x00" + d.Message
}
