package expect

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/workspace"
)

var (
	xmlNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)
	sectionRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*(/[A-Za-z_][A-Za-z0-9_.\-]*)*$`)
	hresultRe = regexp.MustCompile(`^0x[0-9a-fA-F]{8}$`)
	posRe     = regexp.MustCompile(`^(.+?):(\d+)(?: |$)`)
	mappingRe = regexp.MustCompile(`(?:^| )(site|siteid|app|pool|framework|vdir|url|raw|physical|nophysical)=`)
	diagIDRe  = regexp.MustCompile(`^[A-Z_]+$`)
)

// Parse reads one case file. name is used in messages (the file's path).
// Every problem is reported with the case name and line, so a malformed
// expectation fails loudly instead of being skipped.
func Parse(name string, data []byte) (*Case, error) {
	c := &Case{Name: name, files: map[string][]string{}, Meta: Meta{Lines: map[string]int{}}}
	comment := workspace.BundleComment(data)
	if err := c.readEntries(data[len(comment):], strings.Count(comment, "\n")); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	p := &parser{c: c, state: &c.start, prose: &proseBuilder{}}
	for i, raw := range strings.Split(comment, "\n") {
		if err := p.line(i+1, strings.TrimSuffix(raw, "\r")); err != nil {
			return nil, err
		}
	}
	p.endProse()
	if len(c.files) == 0 && len(c.Patches) == 0 && c.Base != "stock" {
		return nil, fmt.Errorf("%s: no files: a case without `base stock` needs at least one -- <path> -- section", name)
	}
	if c.start.empty() && len(c.Steps) == 0 {
		return nil, fmt.Errorf("%s: no eval or checkdiag line: the case asserts nothing", name)
	}
	for _, x := range append([]*expectations{&c.start}, stepStates(c)...) {
		for _, b := range x.blocks {
			if len(b.exps) == 0 {
				return nil, fmt.Errorf("%s:%d: %s: eval with no expectations", name, b.line, b.text)
			}
		}
	}
	if err := c.attachEdits(); err != nil {
		return nil, err
	}
	if err := c.checkSteps(); err != nil {
		return nil, err
	}
	return c, nil
}

func stepStates(c *Case) []*expectations {
	var out []*expectations
	for _, s := range c.Steps {
		out = append(out, &s.exps)
	}
	return out
}

// parser reads the comment line by line. Lines after a `step` line belong
// to that step: its prose is the step's explanation and its expectations
// are about the workspace after it.
type parser struct {
	c     *Case
	step  *Step         // nil before the first step
	state *expectations // the start's or the current step's
	cur   *evalBlock
	prose *proseBuilder
}

// endProse files the prose gathered so far with the case or the step.
func (p *parser) endProse() {
	p.prose.end()
	expl, evidence := p.prose.result()
	p.prose = &proseBuilder{}
	if evidence != "" {
		p.c.Meta.Evidence = evidence
	}
	if p.step != nil {
		p.step.Explanation = append(p.step.Explanation, expl...)
	} else {
		p.c.Meta.Explanation = append(p.c.Meta.Explanation, expl...)
	}
}

func (p *parser) line(n int, raw string) error {
	c := p.c
	text := strings.TrimSpace(raw)
	if strings.HasPrefix(text, "#") {
		p.prose.line(text)
		return nil
	}
	p.prose.end()
	if text == "" {
		return nil
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s: %s", c.Name, n, raw, fmt.Sprintf(format, args...))
	}
	kw, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	if kw != "diag" && kw != "checkdiag" && raw != strings.TrimLeft(raw, " \t") {
		return fail("expectation lines start in column 1")
	}
	if isMetaKeyword(kw) {
		if err := c.Meta.set(kw, rest, n); err != nil {
			return fail("%v", err)
		}
		return nil
	}
	switch kw {
	case "base":
		if p.cur != nil || p.step != nil || c.Base != "" || rest != "stock" {
			return fail("`base stock` must appear once, before the first eval")
		}
		c.Base = rest
		return nil
	case "absent":
		if p.cur != nil || p.step != nil || rest == "" || !workspace.IsAbs(rest) {
			return fail("`absent <absolute file path>` must appear before the first eval")
		}
		c.absent = append(c.absent, &expectation{line: n, text: raw, kind: kw, path: rest})
		return nil
	case "step":
		s, err := parseStep(rest)
		if err != nil {
			return fail("%v", err)
		}
		if c.Step(s.Name) != nil {
			return fail("step %s defined twice", s.Name)
		}
		p.endProse()
		s.Line = n
		c.Steps = append(c.Steps, s)
		p.step, p.state, p.cur = s, &s.exps, nil
		return nil
	case "clock":
		if p.step == nil || p.step.AppCmd == "" || !p.step.Clock.IsZero() {
			return fail("`clock <RFC 3339 time>` follows a step's appcmd line, once")
		}
		t, err := time.Parse(time.RFC3339, rest)
		if err != nil {
			return fail("clock: %v", err)
		}
		p.step.Clock = t
		return nil
	case "from", "appcmd":
		if p.step == nil || p.cur != nil || len(p.state.other) > 0 || len(p.state.checkDiags) > 0 {
			return fail("`%s` belongs to a step, before its expectations", kw)
		}
		if rest == "" {
			return fail("%s needs a value", kw)
		}
		if kw == "from" {
			if p.step.From != "" {
				return fail("from given twice")
			}
			if c.Step(rest) == nil || rest == p.step.Name {
				return fail("from names an earlier step")
			}
			p.step.From = rest
		} else {
			if p.step.AppCmd != "" {
				return fail("one appcmd command per step")
			}
			p.step.AppCmd = rest
		}
		return nil
	case "eval":
		if rest == "" || strings.Contains(rest, "//") {
			return fail("eval needs a config path (MACHINE/WEBROOT/APPHOST/Site/x) or a site-relative path (Site/x)")
		}
		b := &evalBlock{path: rest, line: n, text: raw}
		if i := strings.Index(rest, " /section:"); i >= 0 {
			b.path, b.section = strings.TrimSpace(rest[:i]), strings.TrimSpace(rest[i+len(" /section:"):])
			if b.section == "" {
				return fail("eval … /section: needs a section name")
			}
		}
		p.cur = b
		p.state.blocks = append(p.state.blocks, p.cur)
		return nil
	case "checkdiag":
		e := &expectation{line: n, text: raw, kind: kw}
		if err := parseDiag(strings.TrimPrefix(raw, "checkdiag "), &e.d); err != nil {
			return fail("%v", err)
		}
		p.state.checkDiags = append(p.state.checkDiags, e)
		return nil
	case "output", "appcmderror", "contains", "lacks", "poolfile", "metabase", "metabasefrom", "metabasepath":
		e, err := parseStateExpectation(kw, rest, raw, n)
		if err != nil {
			return fail("%v", err)
		}
		if (kw == "output" || kw == "appcmderror") && (p.step == nil || p.step.AppCmd == "") {
			return fail("%s belongs to a step with an appcmd command", kw)
		}
		p.state.other = append(p.state.other, e)
		return nil
	}
	if p.cur == nil {
		return fail("expectation before the first eval line")
	}
	e, err := parseExpectation(kw, rest, raw, n)
	if err != nil {
		return fail("%v", err)
	}
	if kw == "onlydiags" {
		if p.cur.only != nil {
			return fail("onlydiags twice in one eval")
		}
		p.cur.only = e
	}
	p.cur.exps = append(p.cur.exps, e)
	return nil
}

var stepNameRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseStep reads `step <name> try|fix <title>`.
func parseStep(rest string) (*Step, error) {
	const usage = "want `step <name> try|fix <title>`"
	name, rest, _ := strings.Cut(rest, " ")
	kind, title, _ := strings.Cut(strings.TrimSpace(rest), " ")
	title = strings.TrimSpace(title)
	switch {
	case !stepNameRe.MatchString(name):
		return nil, fmt.Errorf("%s (a step name is lower-case words joined by '-')", usage)
	case kind != "try" && kind != "fix":
		return nil, fmt.Errorf("%s (kind %q)", usage, kind)
	case title == "":
		return nil, fmt.Errorf("%s (no title)", usage)
	}
	return &Step{Name: name, Kind: kind, Title: title}, nil
}

// checkSteps checks what only the whole file tells: every step changes
// something and asserts something, and its edits name it.
func (c *Case) checkSteps() error {
	for _, s := range c.Steps {
		where := fmt.Sprintf("%s:%d: step %s", c.Name, s.Line, s.Name)
		if len(s.Edits) == 0 && s.AppCmd == "" {
			return fmt.Errorf("%s: changes nothing (no -- %s: <path> -- entry and no appcmd line)", where, s.Name)
		}
		if s.exps.empty() {
			return fmt.Errorf("%s: asserts nothing about the workspace after it", where)
		}
		if len(s.Explanation) == 0 {
			return fmt.Errorf("%s: no prose: say what to do and what happens", where)
		}
	}
	return nil
}

// parseStateExpectation parses the lines about a state's workspace or its
// appcmd command rather than about an eval path.
func parseStateExpectation(kw, rest, raw string, n int) (*expectation, error) {
	e := &expectation{line: n, text: raw, kind: kw}
	switch kw {
	case "output":
		e.want = strings.TrimPrefix(strings.TrimPrefix(raw, "output"), " ")
	case "appcmderror":
		if rest == "" {
			return nil, fmt.Errorf("want `appcmderror <the ERROR line appcmd prints>`")
		}
		e.want = rest
	case "contains", "lacks":
		file, want, ok := strings.Cut(rest, " = ")
		if !ok || !workspace.IsAbs(file) || want == "" {
			return nil, fmt.Errorf("want `%s <absolute file path> = <text>`", kw)
		}
		e.path, e.want = file, want
	case "metabase", "metabasefrom":
		loc, r, ok := strings.Cut(rest, " ")
		prop, want, ok2 := strings.Cut(strings.TrimSpace(r), " = ")
		if !ok || !ok2 || !strings.HasPrefix(loc, "/") || prop == "" || strings.Contains(prop, " ") {
			return nil, fmt.Errorf("want `%s <metabase location> <property> = <value>`", kw)
		}
		e.path, e.attr, e.want = loc, prop, want
	case "metabasepath":
		loc, want, ok := strings.Cut(rest, " = ")
		if !ok || !strings.HasPrefix(loc, "/") {
			return nil, fmt.Errorf("want `metabasepath <metabase location> = <IIS 7 config path>`")
		}
		e.path, e.want = loc, want
	case "poolfile":
		pool, r, ok := strings.Cut(rest, " ")
		verb, want, ok2 := strings.Cut(strings.TrimSpace(r), " = ")
		if !ok || !ok2 || (verb != "contains" && verb != "lacks") || want == "" {
			return nil, fmt.Errorf("want `poolfile <pool> contains|lacks = <text>`")
		}
		e.path, e.attr, e.want = pool, verb, want
	}
	return e, nil
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
	case "response":
		want, ok := strings.CutPrefix(rest, "= ")
		if !ok || !responseRe.MatchString(want) {
			return nil, fmt.Errorf("want `response = 200` or `response = 500.19 <HRESULT>`")
		}
		e.want = strings.ToLower(want)
	case "apphost":
		want, ok := strings.CutPrefix(rest, "= ")
		if !ok || !workspace.IsAbs(want) {
			return nil, fmt.Errorf("want `apphost = <the applicationHost.config in effect>`")
		}
		e.want = want
	case "read", "notread":
		level, want, ok := strings.Cut(rest, " = ")
		if !ok || want == "" || !strings.HasPrefix(level, "MACHINE") {
			return nil, fmt.Errorf("want `%s <config path of a level> = <%s>`", kw, map[string]string{"read": "file read there", "notread": "why its file was not read"}[kw])
		}
		e.path, e.want = level, want
	case "locked", "encrypted", "noschema", "overridemode":
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
	case "value", "expanded", "origin", "items", "count", "lockedattrs", "lockedelems":
		if err := parseElementExpectation(e, rest); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown expectation %q", kw)
	}
	return e, nil
}

var responseRe = regexp.MustCompile(`^(200|500\.19 0x[0-9a-fA-F]{8})$`)

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
	case "lockedattrs", "lockedelems":
		e.want = normaliseNames(want)
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
		return nil, fmt.Errorf("want `mapping key=value ...` with keys site, siteid, app, pool, framework, vdir, url, raw, physical, nophysical")
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

// normaliseNames sorts a comma list of names ("b, a" and "a,b" are one
// set), so lock lists compare however they were written.
func normaliseNames(s string) string {
	var names []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
