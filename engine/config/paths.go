package config

import (
	"net/url"
	"strings"
)

// Config paths (SPEC §0, §1.2) are kept as slices of segments. The first
// three are always MACHINE, WEBROOT, APPHOST; then the site name, then URL
// segments. Comparison is case-insensitive.

const (
	levelMachine = 0
	levelWebRoot = 1
	levelAppHost = 2
	levelSite    = 3
)

var rootSegments = []string{"MACHINE", "WEBROOT", "APPHOST"}

// cpath is a config path as its segments.
type cpath []string

func (p cpath) String() string { return strings.Join(p, "/") }

// key is the case-insensitive identity of the path.
func (p cpath) key() string { return strings.ToLower(p.String()) }

// hasPrefix reports whether q is an ancestor-or-self of p (q ⊑ p).
func (p cpath) hasPrefix(q cpath) bool {
	if len(q) > len(p) {
		return false
	}
	for i := range q {
		if !strings.EqualFold(p[i], q[i]) {
			return false
		}
	}
	return true
}

func (p cpath) equal(q cpath) bool { return len(p) == len(q) && p.hasPrefix(q) }

// join appends the segments of a relative location path.
func (p cpath) join(rel []string) cpath {
	out := make(cpath, 0, len(p)+len(rel))
	out = append(out, p...)
	return append(out, rel...)
}

// splitConfigPath parses "MACHINE/WEBROOT/APPHOST/Site/a" into segments,
// without validating that the site exists.
func splitConfigPath(s string) (cpath, bool) {
	segs := strings.Split(s, "/")
	for len(segs) > 0 && segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1]
	}
	if len(segs) == 0 {
		return nil, false
	}
	for i, want := range rootSegments {
		if i >= len(segs) {
			break
		}
		if !strings.EqualFold(segs[i], want) {
			return nil, false
		}
		segs[i] = want
	}
	for _, s := range segs {
		if s == "" {
			return nil, false
		}
	}
	return cpath(segs), true
}

// urlSegments splits a URL path into percent-decoded, non-empty segments
// (query and fragment stripped).
func urlSegments(p string) []string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s == "" {
			continue
		}
		if d, err := url.PathUnescape(s); err == nil {
			s = d
		}
		out = append(out, s)
	}
	return out
}

// relSegments splits a location path ("sub/page.aspx", "Site/app") into
// segments; "" and "." give none.
func relSegments(p string) []string {
	p = strings.TrimSpace(p)
	if p == "" || p == "." {
		return nil
	}
	var out []string
	for _, s := range strings.Split(strings.ReplaceAll(p, `\`, "/"), "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// isURLPrefix reports whether the URL path prefix (segments) is a
// segment-boundary prefix of path, case-insensitively.
func isURLPrefix(prefix, path []string) bool {
	if len(prefix) > len(path) {
		return false
	}
	for i := range prefix {
		if !strings.EqualFold(prefix[i], path[i]) {
			return false
		}
	}
	return true
}
