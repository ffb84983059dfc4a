package expect

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// A rule iisconf follows without direct evidence is marked UNCERTAIN(<id>)
// where it is implemented (and in the docs page that explains it). A
// sample that shows such a rule's outcome must say so in its own text:
// `uncertain <id>: iisconf shows X; IIS may show Y.` The engine tags the
// diagnostics such rules produce (diag.Diagnostic.Uncertain), so Run finds
// every one a sample's expectations rely on; a few claims are made in
// prose or commands rather than diagnostics, and textClaims finds those.

var (
	uncertainIDRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// caveatRe is the caveat's form: what iisconf does, then what IIS may
	// do instead.
	caveatRe = regexp.MustCompile(`^iisconf [^;]+; [^;]*\bmay\b[^;]+$`)
)

// caveatForm checks a caveat's sentence.
func caveatForm(text string) error {
	if !caveatRe.MatchString(strings.TrimSpace(text)) {
		return fmt.Errorf("a caveat reads `iisconf shows X; IIS may show Y.` (what iisconf does, a semicolon, what IIS may do)")
	}
	return nil
}

// textClaim is an UNCERTAIN(<id>) rule a sample relies on by what it says or
// runs rather than by a diagnostic it expects.
type textClaim struct {
	id   string
	what string
	// in reports whether a piece of the sample's text (a paragraph, a
	// title, an appcmd line) makes the claim.
	in func(text string) bool
}

var textClaims = []textClaim{{
	id:   "lock-commit-default",
	what: "where appcmd lock/unlock config writes for a site path when /commit is not given",
	in: func(s string) bool {
		l := strings.ToLower(s)
		for _, verb := range []string{"unlock config", "lock config"} {
			for i := strings.Index(l, verb); i >= 0; {
				cmd := l[i:]
				if end := strings.IndexAny(cmd, "\n"); end >= 0 {
					cmd = cmd[:end]
				}
				// A command naming a site path and no /commit relies on
				// the default; one without a path writes the server level.
				if hasSitePath(cmd[len(verb):]) && !strings.Contains(cmd, "/commit:") && !strings.Contains(cmd, "-commit:") {
					return true
				}
				next := strings.Index(l[i+len(verb):], verb)
				if next < 0 {
					break
				}
				i += len(verb) + next
			}
		}
		return false
	},
}}

// hasSitePath reports whether the arguments after "unlock config" start
// with a path (a quoted name or a word that is not a /switch).
func hasSitePath(args string) bool {
	args = strings.TrimSpace(args)
	return args != "" && !strings.HasPrefix(args, "/") && !strings.HasPrefix(args, "-")
}

// texts lists every piece of text the sample shows: its title, prose,
// step titles, step prose and appcmd lines.
func (c *Case) texts() []string {
	out := []string{c.Meta.Title}
	out = append(out, c.Meta.Explanation...)
	for _, s := range c.Steps {
		out = append(out, s.Title)
		out = append(out, s.Explanation...)
		if s.AppCmd != "" {
			out = append(out, "appcmd "+s.AppCmd)
		}
	}
	return out
}

// hasCaveat reports whether the sample carries a caveat for rule id.
func (c *Case) hasCaveat(id string) bool {
	return slices.ContainsFunc(c.Meta.Uncertain, func(cv Caveat) bool { return cv.ID == id })
}

// lintCaveats fails a sample whose text relies on an UNCERTAIN(<id>) rule that
// its caveats do not name.
func (c *Case) lintCaveats() []Failure {
	var out []Failure
	for _, tc := range textClaims {
		if c.hasCaveat(tc.id) {
			continue
		}
		for _, t := range c.texts() {
			if tc.in(t) {
				out = append(out, Failure{File: c.Name, Message: fmt.Sprintf(
					"the text relies on UNCERTAIN(%s) (%s) without saying so: add `uncertain %s: iisconf …; IIS may …` (in %q)", tc.id, tc.what, tc.id, clip(t))})
				break
			}
		}
	}
	return out
}

// UncertainIDs lists the rule ids the sample's caveats name (for a test
// that checks each is a real UNCERTAIN(<id>) marker).
func (c *Case) UncertainIDs() []string {
	var out []string
	for _, cv := range c.Meta.Uncertain {
		out = append(out, cv.ID)
	}
	return out
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
