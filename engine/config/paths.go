package config

import (
	"strings"
)

// Config paths (docs/hierarchy.md#config-paths) are kept as slices of segments. The first
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

// String is the path as IIS writes it. Not inlined: its ~20 callers
// mostly label diagnostics, and an inlined copy at each costs the engine
// wasm code and inlining-table entries (README: "What each size change
// saved").
//
//go:noinline
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
	if p == "/" || p == "" {
		return nil // most applications and virtual directories
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s == "" {
			continue
		}
		if d, ok := percentDecode(s); ok {
			s = d
		}
		out = append(out, s)
	}
	return out
}

// relSegments splits a location path ("sub/page.aspx", "Site/app") into
// segments; "" and "." give none. Empty and "." segments are skipped, so
// "Site//app" targets "Site/app": UNCERTAIN(location-path-empty-segments),
// no IIS evidence either way.
func relSegments(p string) []string {
	p = strings.TrimSpace(p)
	if p == "" || p == "." {
		return nil
	}
	if strings.IndexByte(p, '/') < 0 && strings.IndexByte(p, '\\') < 0 {
		return []string{p} // one segment ("Site1"): a hosting server's usual path
	}
	// One pass counts the segments so that the slice is made once: a
	// hosting server has a location tag per site.
	n := 0
	forEachSegment(p, func(string) { n++ })
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	forEachSegment(p, func(s string) { out = append(out, s) })
	return out
}

// forEachSegment calls f with each segment of p between '/' or '\\',
// skipping empty and "." segments.
func forEachSegment(p string, f func(string)) {
	start := 0
	for i := 0; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' && p[i] != '\\' {
			continue
		}
		if s := p[start:i]; s != "" && s != "." {
			f(s)
		}
		start = i + 1
	}
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

// percentDecode decodes %XX escapes (URL path rules: '+' stays '+'). A
// malformed escape leaves the segment as written, as IIS would not match it
// anyway. Hand-written rather than net/url: that package and what it pulls
// in cost the playground's wasm about 40 KB compressed.
func percentDecode(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return s, false
		}
		b = append(b, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
		i += 2
	}
	return string(b), true
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// splitRequestURL splits "scheme://host[:port]/path?query#fragment" into
// the parts binding selection needs (docs/hierarchy.md#site-by-binding): the scheme lower-
// cased, the host without brackets for IPv6, the port (80/443 by default)
// and the raw path.
func splitRequestURL(s string) (scheme, host, port, path string, ok bool) {
	i := strings.Index(s, "://")
	if i <= 0 {
		return "", "", "", "", false
	}
	scheme = strings.ToLower(s[:i])
	rest := s[i+3:]
	if j := strings.IndexAny(rest, "?#"); j >= 0 {
		rest = rest[:j]
	}
	authority, path := rest, "/"
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		authority, path = rest[:j], rest[j:]
	}
	if k := strings.LastIndexByte(authority, '@'); k >= 0 {
		authority = authority[k+1:] // user info plays no part
	}
	host = authority
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return "", "", "", "", false
		}
		host = authority[1:end]
		if rest := authority[end+1:]; strings.HasPrefix(rest, ":") {
			port = rest[1:]
		} else if rest != "" {
			return "", "", "", "", false
		}
	} else if k := strings.LastIndexByte(authority, ':'); k >= 0 {
		host, port = authority[:k], authority[k+1:]
	}
	if host == "" {
		return "", "", "", "", false
	}
	for _, c := range port {
		if c < '0' || c > '9' {
			return "", "", "", "", false
		}
	}
	if port == "" {
		port = "80"
		if scheme == "https" {
			port = "443"
		}
	}
	return scheme, host, port, path, true
}
