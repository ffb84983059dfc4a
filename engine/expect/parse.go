package expect

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/workspace"
)

var (
	xmlNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)
	sectionRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*(/[A-Za-z_][A-Za-z0-9_.\-]*)*$`)
	hresultRe = regexp.MustCompile(`^0x[0-9a-fA-F]{8}$`)
	posRe     = regexp.MustCompile(`^(.+?):(\d+)(?: |$)`)
	mappingRe = regexp.MustCompile(`(?:^| )(site|siteid|app|pool|vdir|url|raw|physical|nophysical)=`)
	diagIDRe  = regexp.MustCompile(`^[A-Z_]+$`)
)

// Parse reads one case file. name is used in messages (the file's path).
// Every problem is reported with the case name and line, so a malformed
// expectation fails loudly instead of being skipped.
func Parse(name string, data []byte) (*Case, error) {
	c := &Case{Name: name, files: map[string][]string{}, Meta: Meta{Lines: map[string]int{}}}
	comment := workspace.BundleComment(data)
	c.Bundle = data[len(comment):]
	if err := c.indexFiles(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var cur *evalBlock
	prose := &proseBuilder{}
	for i, raw := range strings.Split(comment, "\n") {
		n := i + 1
		raw = strings.TrimSuffix(raw, "\r")
		text := strings.TrimSpace(raw)
		if strings.HasPrefix(text, "#") {
			prose.line(text)
			continue
		}
		prose.end()
		if text == "" {
			continue
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s: %s", name, n, raw, fmt.Sprintf(format, args...))
		}
		kw, rest, _ := strings.Cut(text, " ")
		rest = strings.TrimSpace(rest)
		if kw != "diag" && kw != "checkdiag" && raw != strings.TrimLeft(raw, " \t") {
			return nil, fail("expectation lines start in column 1")
		}
		if isMetaKeyword(kw) {
			if err := c.Meta.set(kw, rest, n); err != nil {
				return nil, fail("%v", err)
			}
			continue
		}
		switch kw {
		case "base":
			if cur != nil || c.Base != "" || rest != "stock" {
				return nil, fail("`base stock` must appear once, before the first eval")
			}
			c.Base = rest
			continue
		case "absent":
			if cur != nil || rest == "" || !workspace.IsAbs(rest) {
				return nil, fail("`absent <absolute file path>` must appear before the first eval")
			}
			c.absent = append(c.absent, &expectation{line: n, text: raw, kind: kw, path: rest})
			continue
		case "eval":
			if rest == "" || strings.Contains(rest, "//") {
				return nil, fail("eval needs a config path (MACHINE/WEBROOT/APPHOST/Site/x) or a site-relative path (Site/x)")
			}
			cur = &evalBlock{path: rest, line: n, text: raw}
			c.blocks = append(c.blocks, cur)
			continue
		case "checkdiag":
			e := &expectation{line: n, text: raw, kind: kw}
			if err := parseDiag(strings.TrimPrefix(raw, "checkdiag "), &e.d); err != nil {
				return nil, fail("%v", err)
			}
			c.checkDiags = append(c.checkDiags, e)
			continue
		}
		if cur == nil {
			return nil, fail("expectation before the first eval line")
		}
		e, err := parseExpectation(kw, rest, raw, n)
		if err != nil {
			return nil, fail("%v", err)
		}
		if kw == "onlydiags" {
			if cur.only != nil {
				return nil, fail("onlydiags twice in one eval")
			}
			cur.only = e
		}
		cur.exps = append(cur.exps, e)
	}
	prose.end()
	c.Meta.Explanation, c.Meta.Evidence = prose.result()
	if len(c.files) == 0 && c.Base != "stock" {
		return nil, fmt.Errorf("%s: no files: a case without `base stock` needs at least one -- <path> -- section", name)
	}
	if len(c.blocks) == 0 && len(c.checkDiags) == 0 {
		return nil, fmt.Errorf("%s: no eval or checkdiag line: the case asserts nothing", name)
	}
	for _, b := range c.blocks {
		if len(b.exps) == 0 {
			return nil, fmt.Errorf("%s:%d: %s: eval with no expectations", name, b.line, b.text)
		}
	}
	return c, nil
}

// parseExpectation parses one line that belongs to an eval block.
func parseExpectation(kw, rest, raw string, n int) (*expectation, error) {
	e := &expectation{line: n, text: raw, kind: kw}
	switch kw {
	case "nodiag", "onlydiags":
		if rest != "" {
			return nil, fmt.Errorf("%s takes no arguments", kw)
		}
	case "diag":
		if err := parseDiag(strings.TrimPrefix(raw, "diag "), &e.d); err != nil {
			return nil, err
		}
	case "mapping":
		m, err := parseMapping(rest)
		if err != nil {
			return nil, err
		}
		e.mapping = m
	case "locked", "encrypted", "overridemode":
		sec, want, ok := strings.Cut(rest, " = ")
		if !ok || !sectionRe.MatchString(sec) {
			return nil, fmt.Errorf("want `%s <section> = <value>`", kw)
		}
		e.section, e.want = sec, strings.TrimSpace(want)
		switch kw {
		case "overridemode":
			if e.want != "Allow" && e.want != "Deny" {
				return nil, fmt.Errorf("overridemode is Allow or Deny")
			}
		default:
			if e.want != "true" && e.want != "false" {
				return nil, fmt.Errorf("%s is true or false", kw)
			}
		}
	case "value", "expanded", "origin", "items", "count":
		if err := parseElementExpectation(e, rest); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown expectation %q", kw)
	}
	return e, nil
}

// parseElementExpectation parses `<kind> <section> <element path> = <want>`.
func parseElementExpectation(e *expectation, rest string) error {
	kw := e.kind
	lhs, want, ok := strings.Cut(rest, " =")
	if !ok || (want != "" && want[0] != ' ') {
		return fmt.Errorf("want `%s <section> <element path> = <value>`", kw)
	}
	want = strings.TrimPrefix(want, " ")
	sec, ep, ok := strings.Cut(strings.TrimSpace(lhs), " ")
	if !ok || !sectionRe.MatchString(sec) {
		return fmt.Errorf("want `%s <section> <element path> = <value>`", kw)
	}
	segs, attr, err := parseElementPath(strings.TrimSpace(ep))
	if err != nil {
		return err
	}
	needAttr := kw == "value" || kw == "expanded" || kw == "origin"
	if needAttr != (attr != "") {
		if needAttr {
			return fmt.Errorf("%s needs an element path ending in @attribute", kw)
		}
		return fmt.Errorf("%s names an element, not an attribute", kw)
	}
	e.section, e.segs, e.attr, e.want = sec, segs, attr, want
	switch kw {
	case "count":
		if _, err := strconv.Atoi(want); err != nil {
			return fmt.Errorf("count needs a number")
		}
	case "origin":
		return parseOrigin(want, e)
	case "items":
		e.want = normaliseItems(want)
	}
	return nil
}

// indexFiles parses the bundle part once (it must be a valid bundle) and
// keeps the lines of each file for the positional checks of Lint.
func (c *Case) indexFiles() error {
	ws, err := workspace.ParseBundle(c.Bundle)
	if err != nil {
		return fmt.Errorf("bundle: %v", err)
	}
	for _, f := range ws.Files() {
		c.files[workspace.Key(f.Path)] = strings.Split(string(f.Text), "\n")
	}
	return nil
}

func parseDiag(s string, w *diagWant) error {
	const usage = "want `diag <ID> <HRESULT|-> <file>:<line>|- <message>`"
	id, rest, ok := strings.Cut(s, " ")
	if !ok || !diagIDRe.MatchString(id) {
		return fmt.Errorf("%s", usage)
	}
	h, rest, ok := strings.Cut(rest, " ")
	if !ok || (h != "-" && !hresultRe.MatchString(h)) {
		return fmt.Errorf("%s (bad HRESULT %q)", usage, h)
	}
	if h != "-" {
		w.hresult = strings.ToLower(h)
	}
	if strings.HasPrefix(rest, "- ") {
		w.message = rest[2:]
	} else {
		m := posRe.FindStringSubmatch(rest)
		if m == nil || !workspace.IsAbs(m[1]) {
			return fmt.Errorf("%s (bad position)", usage)
		}
		w.pos.file = m[1]
		w.pos.line, _ = strconv.Atoi(m[2])
		w.message = rest[len(m[0]):]
	}
	if w.message == "" {
		return fmt.Errorf("%s (empty message)", usage)
	}
	w.id = id
	return nil
}

func parseMapping(s string) ([][2]string, error) {
	locs := mappingRe.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 || locs[0][0] != 0 {
		return nil, fmt.Errorf("want `mapping key=value ...` with keys site, siteid, app, pool, vdir, url, raw, physical, nophysical")
	}
	var out [][2]string
	seen := map[string]bool{}
	for i, l := range locs {
		key := s[l[2]:l[3]]
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if seen[key] {
			return nil, fmt.Errorf("mapping key %s twice", key)
		}
		seen[key] = true
		out = append(out, [2]string{key, s[l[1]:end]})
	}
	return out, nil
}

func parseElementPath(s string) ([]pathSeg, string, error) {
	path, attr, hasAttr := strings.Cut(s, "@")
	if hasAttr && !xmlNameRe.MatchString(attr) {
		return nil, "", fmt.Errorf("bad attribute name %q", attr)
	}
	if path == "." {
		return nil, attr, nil
	}
	if path == "" {
		return nil, "", fmt.Errorf("empty element path (the section element is written '.')")
	}
	var segs []pathSeg
	for _, p := range strings.Split(path, "/") {
		if strings.HasPrefix(p, "#") {
			n, err := strconv.Atoi(p[1:])
			if err != nil || n < 0 {
				return nil, "", fmt.Errorf("bad collection index %q", p)
			}
			segs = append(segs, pathSeg{index: n})
			continue
		}
		if !xmlNameRe.MatchString(p) {
			return nil, "", fmt.Errorf("bad element name %q in %q", p, s)
		}
		segs = append(segs, pathSeg{name: p, index: -1})
	}
	return segs, attr, nil
}

func parseOrigin(want string, e *expectation) error {
	kind, rest, _ := strings.Cut(want, " ")
	switch kind {
	case "default":
		e.originDefault = true
		e.originFrom = strings.TrimSpace(rest)
		return nil
	case "explicit":
		m := posRe.FindStringSubmatch(rest)
		if m == nil || len(m[0]) != len(rest) || !workspace.IsAbs(m[1]) {
			return fmt.Errorf("want `origin ... = explicit <file>:<line>`")
		}
		e.pos.file = m[1]
		e.pos.line, _ = strconv.Atoi(m[2])
		return nil
	}
	return fmt.Errorf("origin is `explicit <file>:<line>` or `default [<from>]`")
}

func normaliseItems(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	parts := strings.Split(s, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, " | ")
}
