package compare

import (
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
)

// diffDiagnostics returns the diagnostics each side has and the other
// has not. Two diagnostics are the same problem when they say the same
// thing about the same file and section; lines may move and the config
// path reading them differs between two paths.
func diffDiagnostics(l, r []diag.Diagnostic) (onlyL, onlyR []diag.Diagnostic) {
	key := func(d diag.Diagnostic) string {
		return string(d.ID) + "\x00" + d.Message + "\x00" + strings.ToLower(d.File) + "\x00" + d.Section
	}
	count := func(ds []diag.Diagnostic) map[string]int {
		m := map[string]int{}
		for _, d := range ds {
			m[key(d)]++
		}
		return m
	}
	rc := count(r)
	for _, d := range l {
		if k := key(d); rc[k] > 0 {
			rc[k]--
		} else {
			onlyL = append(onlyL, d)
		}
	}
	lc := count(l)
	for _, d := range r {
		if k := key(d); lc[k] > 0 {
			lc[k]--
		} else {
			onlyR = append(onlyR, d)
		}
	}
	return onlyL, onlyR
}

// isDeclaration: problems of section declarations themselves.
func isDeclaration(id diag.ID) bool {
	switch id {
	case diag.DeclDup, diag.DeclAttr, diag.DeclBad, diag.Undeclared, diag.CfgSecPos:
		return true
	}
	return false
}

func keepDiags(ds []diag.Diagnostic, opt Options) []diag.Diagnostic {
	if len(opt.Exclude) == 0 && !opt.Common {
		return ds
	}
	var out []diag.Diagnostic
	for _, d := range ds {
		if opt.excluded(d.Section) || (d.Section == "" && d.ID == diag.Undeclared && opt.excludedName(quoted(d.Message))) || (opt.Common && isDeclaration(d.ID)) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// excludedName reports whether an element name the engine could not
// place (an undeclared section, named without its group) is part of an
// excluded section's name.
func (o Options) excludedName(name string) bool {
	if name == "" {
		return false
	}
	for _, x := range o.Exclude {
		for _, seg := range strings.Split(x, "/") {
			if seg == name {
				return true
			}
		}
	}
	return false
}

// quoted is the first '…'-quoted word of a message.
func quoted(msg string) string {
	i := strings.IndexByte(msg, '\'')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(msg[i+1:], '\'')
	if j < 0 {
		return ""
	}
	return msg[i+1 : i+1+j]
}
