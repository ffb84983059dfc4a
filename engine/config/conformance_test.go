package config_test

// The conformance suite: every test vector of SPEC §1–§8 and §12 as a small
// txtar workspace under testdata/conformance, with its expectations written
// in the archive comment. The workspace part is an ordinary bundle (the
// format of workspace.ParseBundle, including @env and @unreadable); the
// comment holds the expectations, one per line:
//
//	# prose                                       ('#' lines are ignored)
//	base stock                                    start from stock.Workspace() and overlay the files
//	absent <file>                                 remove a file from the workspace (after the overlay)
//	eval <config path>                            the following expectations are about this path
//	locked <section> = true|false                 Section.IsLocked
//	overridemode <section> = Allow|Deny           Section.OverrideModeEffective
//	encrypted <section> = true|false              Section.Encrypted
//	value <section> <element path> = <text>       Attribute.Value (may be empty)
//	expanded <section> <element path> = <text>    Attribute.Expanded (Value when Expanded is empty)
//	origin <section> <element path> = explicit <file>:<line> | default [<defaultFrom>]
//	items <section> <element path> = k1 | k2      collection keys in order (combined keys joined by ',')
//	count <section> <element path> = <n>          number of collection items
//	diag <ID> <HRESULT|-> <file>:<line>|- <message to end of line, byte-exact>
//	nodiag                                        no error-severity diagnostic at this path
//	onlydiags                                     every error diagnostic at this path is listed by a diag line of this eval
//	mapping site=… siteid=… app=… pool=… vdir=… url=… raw=… physical=… nophysical=true
//	checkdiag <same as diag>                      Engine.Check() reports it (independent of eval)
//
// Element paths: "." is the section element; otherwise '/'-separated child
// element names and "#N" (0-based index into the effective collection of the
// element reached so far), then "@attr" for value/expanded/origin.
//
// TestConformanceCasesParse checks only that the cases are well-formed (and
// that their diag texts fit the catalogue templates), so it never depends on
// the engine's behaviour; TestConformance runs them.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

const conformanceDir = "testdata/conformance"

// caseTimeout bounds one engine call: bad input must never hang the engine.
const caseTimeout = 20 * time.Second

// confCase is one parsed case file.
type confCase struct {
	file       string // path of the .txtar, for messages
	base       string // "" or "stock"
	absent     []*expectation
	blocks     []*evalBlock
	checkDiags []*expectation
	bundle     []byte              // the archive from its first header on
	files      map[string][]string // Key(path) -> lines of the case's own files
}

// evalBlock is an `eval` line and the expectations under it.
type evalBlock struct {
	path string
	line int
	text string
	exps []*expectation
	only *expectation // the onlydiags line, if any
}

// expectation is one parsed expectation line.
type expectation struct {
	line    int
	text    string
	kind    string
	section string
	segs    []pathSeg
	attr    string
	want    string // value, count, bool, mode; keys joined by " | " for items
	// origin
	originDefault bool
	originFrom    string // optional defaultFrom
	pos           position
	// diag / checkdiag
	d diagWant
	// mapping
	mapping [][2]string
	// absent
	path string
}

type pathSeg struct {
	name  string
	index int // -1 for a name segment
}

type position struct {
	file string // "" for "-"
	line int
}

type diagWant struct {
	id      string
	hresult string // "" for "-"
	pos     position
	message string
}

func (p position) String() string {
	if p.file == "" {
		return "-"
	}
	return fmt.Sprintf("%s:%d", p.file, p.line)
}

func (w diagWant) String() string {
	h := w.hresult
	if h == "" {
		h = "-"
	}
	return fmt.Sprintf("%s %s %s %s", w.id, h, w.pos, w.message)
}

func (w diagWant) matches(d diag.Diagnostic) bool {
	if string(d.ID) != w.id || !strings.EqualFold(d.HRESULT, w.hresult) || d.Message != w.message {
		return false
	}
	if w.pos.file == "" {
		return d.File == "" && d.Line == 0
	}
	return workspace.Key(d.File) == workspace.Key(w.pos.file) && d.Line == w.pos.line
}

func formatDiag(d diag.Diagnostic) string {
	h := d.HRESULT
	if h == "" {
		h = "-"
	}
	pos := "-"
	if d.File != "" || d.Line != 0 {
		pos = fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	return fmt.Sprintf("%s %s %s %s [%s]", d.ID, h, pos, d.Message, d.Severity)
}

var (
	xmlNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)
	sectionRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*(/[A-Za-z_][A-Za-z0-9_.\-]*)*$`)
	hresultRe = regexp.MustCompile(`^0x[0-9a-fA-F]{8}$`)
	posRe     = regexp.MustCompile(`^(.+?):(\d+)(?: |$)`)
	mappingRe = regexp.MustCompile(`(?:^| )(site|siteid|app|pool|vdir|url|raw|physical|nophysical)=`)
	diagIDRe  = regexp.MustCompile(`^[A-Z_]+$`)
)

// parseCase reads one case file. Every problem is reported with the case
// file and line, so a malformed expectation fails loudly.
func parseCase(path string, data []byte) (*confCase, error) {
	c := &confCase{file: path, files: map[string][]string{}}
	comment := workspace.BundleComment(data)
	c.bundle = data[len(comment):]
	if err := c.indexFiles(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	lines := strings.Split(comment, "\n")
	var cur *evalBlock
	for i, raw := range lines {
		n := i + 1
		raw = strings.TrimSuffix(raw, "\r")
		text := strings.TrimSpace(raw)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s: %s", path, n, raw, fmt.Sprintf(format, args...))
		}
		kw, rest, _ := strings.Cut(text, " ")
		rest = strings.TrimSpace(rest)
		if kw != "diag" && kw != "checkdiag" && raw != strings.TrimLeft(raw, " \t") {
			return nil, fail("expectation lines start in column 1")
		}
		switch kw {
		case "base":
			if cur != nil || c.base != "" || rest != "stock" {
				return nil, fail("`base stock` must appear once, before the first eval")
			}
			c.base = rest
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
			msgPart := strings.TrimPrefix(raw, "checkdiag ")
			if err := parseDiag(msgPart, &e.d); err != nil {
				return nil, fail("%v", err)
			}
			c.checkDiags = append(c.checkDiags, e)
			continue
		}
		if cur == nil {
			return nil, fail("expectation before the first eval line")
		}
		e := &expectation{line: n, text: raw, kind: kw}
		switch kw {
		case "nodiag", "onlydiags":
			if rest != "" {
				return nil, fail("%s takes no arguments", kw)
			}
			if kw == "onlydiags" {
				if cur.only != nil {
					return nil, fail("onlydiags twice in one eval")
				}
				cur.only = e
			}
		case "diag":
			if err := parseDiag(strings.TrimPrefix(raw, "diag "), &e.d); err != nil {
				return nil, fail("%v", err)
			}
		case "mapping":
			m, err := parseMapping(rest)
			if err != nil {
				return nil, fail("%v", err)
			}
			e.mapping = m
		case "locked", "encrypted", "overridemode":
			sec, want, ok := strings.Cut(rest, " = ")
			if !ok || !sectionRe.MatchString(sec) {
				return nil, fail("want `%s <section> = <value>`", kw)
			}
			e.section, e.want = sec, strings.TrimSpace(want)
			switch kw {
			case "overridemode":
				if e.want != "Allow" && e.want != "Deny" {
					return nil, fail("overridemode is Allow or Deny")
				}
			default:
				if e.want != "true" && e.want != "false" {
					return nil, fail("%s is true or false", kw)
				}
			}
		case "value", "expanded", "origin", "items", "count":
			lhs, want, ok := strings.Cut(rest, " =")
			if !ok || (want != "" && want[0] != ' ') {
				return nil, fail("want `%s <section> <element path> = <value>`", kw)
			}
			want = strings.TrimPrefix(want, " ")
			sec, ep, ok := strings.Cut(strings.TrimSpace(lhs), " ")
			if !ok || !sectionRe.MatchString(sec) {
				return nil, fail("want `%s <section> <element path> = <value>`", kw)
			}
			segs, attr, err := parseElementPath(strings.TrimSpace(ep))
			if err != nil {
				return nil, fail("%v", err)
			}
			needAttr := kw == "value" || kw == "expanded" || kw == "origin"
			if needAttr != (attr != "") {
				if needAttr {
					return nil, fail("%s needs an element path ending in @attribute", kw)
				}
				return nil, fail("%s names an element, not an attribute", kw)
			}
			e.section, e.segs, e.attr, e.want = sec, segs, attr, want
			switch kw {
			case "count":
				if _, err := strconv.Atoi(want); err != nil {
					return nil, fail("count needs a number")
				}
			case "origin":
				if err := parseOrigin(want, e); err != nil {
					return nil, fail("%v", err)
				}
			case "items":
				e.want = normaliseItems(want)
			}
		default:
			return nil, fail("unknown expectation %q", kw)
		}
		cur.exps = append(cur.exps, e)
	}
	if len(c.files) == 0 && c.base != "stock" {
		return nil, fmt.Errorf("%s: no files: a case without `base stock` needs at least one -- <path> -- section", path)
	}
	if len(c.blocks) == 0 && len(c.checkDiags) == 0 {
		return nil, fmt.Errorf("%s: no eval or checkdiag line: the case asserts nothing", path)
	}
	for _, b := range c.blocks {
		if len(b.exps) == 0 {
			return nil, fmt.Errorf("%s:%d: %s: eval with no expectations", path, b.line, b.text)
		}
	}
	return c, nil
}

// indexFiles parses the bundle part once (it must be a valid bundle) and
// keeps the lines of each file for the positional checks of the parse test.
func (c *confCase) indexFiles() error {
	ws, err := workspace.ParseBundle(c.bundle)
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

func loadCases(t *testing.T) []*confCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(conformanceDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no cases in %s", conformanceDir)
	}
	sort.Strings(paths)
	var cases []*confCase
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseCase(p, data)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		cases = append(cases, c)
	}
	return cases
}

// TestConformanceCasesParse checks the cases themselves: expectations are
// well-formed, diag lines fit the catalogue (id, HRESULT, message template),
// and every file:line they cite exists in the case and holds markup (so a
// miscounted line is caught before the engine is blamed).
func TestConformanceCasesParse(t *testing.T) {
	for _, c := range loadCases(t) {
		checkPositions(t, c)
	}
}

func checkPositions(t *testing.T, c *confCase) {
	t.Helper()
	var all []*expectation
	all = append(all, c.checkDiags...)
	for _, b := range c.blocks {
		all = append(all, b.exps...)
	}
	for _, e := range all {
		var pos position
		switch e.kind {
		case "diag", "checkdiag":
			pos = e.d.pos
			if err := fitsCatalogue(e.d); err != nil {
				t.Errorf("%s:%d: %s: %v", c.file, e.line, e.text, err)
			}
		case "origin":
			pos = e.pos
		default:
			continue
		}
		if pos.file == "" || pos.line == 0 {
			continue
		}
		lines, ok := c.files[workspace.Key(pos.file)]
		if !ok {
			if c.base == "stock" && workspace.Key(pos.file) == workspace.Key(workspace.AppHostPath) {
				continue // a line of the stock file
			}
			t.Errorf("%s:%d: %s: file %s is not part of the case", c.file, e.line, e.text, pos.file)
			continue
		}
		if pos.line > len(lines) || !strings.Contains(lines[pos.line-1], "<") {
			t.Errorf("%s:%d: %s: line %d of %s holds no markup", c.file, e.line, e.text, pos.line, pos.file)
		}
	}
}

// fitsCatalogue checks a diag expectation against the catalogue: the id
// exists, the HRESULT is the entry's, and the message fits its template.
func fitsCatalogue(w diagWant) error {
	entry, ok := diag.Lookup(diag.ID(w.id))
	if !ok {
		return fmt.Errorf("unknown diagnostic id %s", w.id)
	}
	want := ""
	if entry.HRESULT != 0 {
		want = fmt.Sprintf("0x%08x", entry.HRESULT)
	}
	if w.hresult != want {
		return fmt.Errorf("HRESULT %q, catalogue says %q", w.hresult, want)
	}
	parts := strings.Split(entry.Format, "%s")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(strings.ReplaceAll(parts[i], "%%", "%"))
	}
	re := regexp.MustCompile(`^` + strings.Join(parts, `(.*)`) + `$`)
	if !re.MatchString(w.message) {
		return fmt.Errorf("message does not fit the %s template %q (mind double and trailing spaces)", w.id, entry.Format)
	}
	return nil
}

// buildWorkspace makes the case's workspace: the stock server or an empty
// one, with the case's bundle laid over it.
func buildWorkspace(c *confCase) (*workspace.Workspace, error) {
	overlay, err := workspace.ParseBundle(c.bundle)
	if err != nil {
		return nil, err
	}
	ws := overlay
	if c.base == "stock" {
		ws = stock.Workspace().Clone()
		for _, kv := range overlay.Env() {
			ws.SetEnv(kv[0], kv[1])
		}
		for _, f := range overlay.Files() {
			ws.Set(f.Path, f.Text)
			if f.Unreadable {
				ws.SetUnreadable(f.Path, true)
			}
		}
	}
	for _, a := range c.absent {
		ws.Remove(a.path)
	}
	return ws, nil
}

// guarded runs f with a time limit and turns a panic into an error.
func guarded(what string, f func()) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%s panicked: %v", what, r)
			}
		}()
		f()
		done <- nil
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(caseTimeout):
		return fmt.Errorf("%s did not return within %v", what, caseTimeout)
	}
}

func TestConformance(t *testing.T) {
	for _, c := range loadCases(t) {
		c := c
		t.Run(strings.TrimSuffix(filepath.Base(c.file), ".txtar"), func(t *testing.T) {
			runCase(t, c)
		})
	}
}

func runCase(t *testing.T, c *confCase) {
	ws, err := buildWorkspace(c)
	if err != nil {
		t.Fatalf("%s: workspace: %v", c.file, err)
	}
	var eng *config.Engine
	if err := guarded("config.New", func() { eng = config.New(ws) }); err != nil {
		t.Fatalf("%s: %v", c.file, err)
	}
	sch := eng.Schema()
	if sch == nil {
		sch = schema.Builtin()
	}
	for _, b := range c.blocks {
		var res *model.Result
		if err := guarded("Evaluate("+b.path+")", func() { res = eng.Evaluate(b.path, config.EvalOptions{}) }); err != nil {
			t.Errorf("%s:%d: %s: %v", c.file, b.line, b.text, err)
			continue
		}
		if res == nil {
			t.Errorf("%s:%d: %s: Evaluate returned nil", c.file, b.line, b.text)
			continue
		}
		r := &resultChecker{t: t, c: c, b: b, res: res, schema: sch}
		for _, e := range b.exps {
			r.check(e)
		}
		r.checkOnly()
	}
	if len(c.checkDiags) > 0 {
		var ds []diag.Diagnostic
		if err := guarded("Check()", func() { ds = eng.Check() }); err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		for _, e := range c.checkDiags {
			if !anyMatch(e.d, ds) {
				t.Errorf("%s:%d: %s: Check() does not report it; it reports:%s", c.file, e.line, e.text, listDiags(ds))
			}
		}
	}
}

type resultChecker struct {
	t      *testing.T
	c      *confCase
	b      *evalBlock
	res    *model.Result
	schema *schema.Schema
}

func (r *resultChecker) fail(e *expectation, format string, args ...any) {
	r.t.Helper()
	r.t.Errorf("%s:%d: %s  [eval %s]\n\t%s", r.c.file, e.line, e.text, r.b.path, fmt.Sprintf(format, args...))
}

func anyMatch(w diagWant, ds []diag.Diagnostic) bool {
	for _, d := range ds {
		if w.matches(d) {
			return true
		}
	}
	return false
}

func listDiags(ds []diag.Diagnostic) string {
	if len(ds) == 0 {
		return " (none)"
	}
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\n\t\t")
		b.WriteString(formatDiag(d))
	}
	return b.String()
}

func errorDiags(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

func (r *resultChecker) section(e *expectation) *model.Section {
	for i := range r.res.Sections {
		if r.res.Sections[i].Name == e.section {
			return &r.res.Sections[i]
		}
	}
	r.fail(e, "section %s is not in the result (diagnostics:%s)", e.section, listDiags(r.res.Diagnostics))
	return nil
}

// walk follows an element path through the effective element and, in
// step, through the schema (for the keys of items).
func (r *resultChecker) walk(e *expectation, s *model.Section) (*model.Element, *schema.Element) {
	el := s.Element
	var se *schema.Element
	if ss := r.schema.Section(e.section); ss != nil {
		se = ss.Root
	}
	where := "."
	for _, seg := range e.segs {
		if el == nil {
			r.fail(e, "no element at %s", where)
			return nil, nil
		}
		if seg.index < 0 {
			where += "/" + seg.name
			el = el.Elements[seg.name]
			if se != nil {
				se = se.Element(seg.name)
			}
			continue
		}
		where += fmt.Sprintf("/#%d", seg.index)
		if seg.index >= len(el.Collection) {
			r.fail(e, "%s: the collection has %d items (%s)", where, len(el.Collection), r.keysOf(el, se))
			return nil, nil
		}
		el = el.Collection[seg.index]
		if se != nil {
			if se.Collection != nil {
				se = se.Collection.Item
			} else {
				se = nil
			}
		}
	}
	if el == nil {
		r.fail(e, "no element at %s", where)
		return nil, nil
	}
	return el, se
}

// keysOf renders a collection's items by their schema keys.
func (r *resultChecker) keysOf(el *model.Element, se *schema.Element) string {
	var names []string
	if se != nil && se.Collection != nil {
		for _, k := range se.Collection.Keys() {
			names = append(names, k.Name)
		}
		if len(names) == 0 && len(se.Collection.Item.Attributes) > 0 {
			names = append(names, se.Collection.Item.Attributes[0].Name)
		}
	}
	items := make([]string, 0, len(el.Collection))
	for _, it := range el.Collection {
		var vals []string
		for _, n := range names {
			v := ""
			if a := it.Attributes.Get(n); a != nil {
				v = a.Value
			}
			vals = append(vals, v)
		}
		if len(names) == 0 {
			vals = append(vals, "<"+it.Name+">")
		}
		items = append(items, strings.Join(vals, ","))
	}
	return strings.Join(items, " | ")
}

func (r *resultChecker) check(e *expectation) {
	r.t.Helper()
	switch e.kind {
	case "nodiag":
		if errs := errorDiags(r.res.Diagnostics); len(errs) > 0 {
			r.fail(e, "want no errors, got:%s", listDiags(errs))
		}
	case "onlydiags":
		// checked after every diag line of the block (checkOnly)
	case "diag":
		if !anyMatch(e.d, r.res.Diagnostics) {
			r.fail(e, "not reported; diagnostics at this path:%s", listDiags(r.res.Diagnostics))
		}
	case "mapping":
		r.checkMapping(e)
	case "locked", "encrypted", "overridemode":
		s := r.section(e)
		if s == nil {
			return
		}
		got := ""
		switch e.kind {
		case "locked":
			got = strconv.FormatBool(s.IsLocked)
		case "encrypted":
			got = strconv.FormatBool(s.Encrypted)
		case "overridemode":
			got = s.OverrideModeEffective
		}
		if got != e.want {
			r.fail(e, "got %s", got)
		}
	case "value", "expanded", "origin":
		s := r.section(e)
		if s == nil {
			return
		}
		el, _ := r.walk(e, s)
		if el == nil {
			return
		}
		a := el.Attributes.Get(e.attr)
		if a == nil {
			var names []string
			for _, na := range el.Attributes {
				names = append(names, na.Name)
			}
			r.fail(e, "element has no attribute %s (has %s)", e.attr, strings.Join(names, ", "))
			return
		}
		r.checkAttribute(e, a)
	case "items", "count":
		s := r.section(e)
		if s == nil {
			return
		}
		el, se := r.walk(e, s)
		if el == nil {
			return
		}
		if e.kind == "count" {
			if got := strconv.Itoa(len(el.Collection)); got != e.want {
				r.fail(e, "got %s items (%s)", got, r.keysOf(el, se))
			}
			return
		}
		if se == nil || se.Collection == nil {
			r.fail(e, "the schema has no collection at this element path")
			return
		}
		if got := r.keysOf(el, se); got != e.want {
			r.fail(e, "got   %s\n\twant  %s", got, e.want)
		}
	default:
		r.fail(e, "internal: unhandled kind %s", e.kind)
	}
}

func (r *resultChecker) checkAttribute(e *expectation, a *model.Attribute) {
	r.t.Helper()
	switch e.kind {
	case "value":
		if a.Value != e.want {
			r.fail(e, "got %q (origin %s %s:%d)", a.Value, a.Origin, a.File, a.Line)
		}
	case "expanded":
		got := a.Expanded
		if got == "" {
			got = a.Value
		}
		if got != e.want {
			r.fail(e, "got %q", got)
		}
	case "origin":
		if e.originDefault {
			if a.Origin != "default" || (e.originFrom != "" && a.Default != e.originFrom) {
				r.fail(e, "got origin %s (defaultFrom %q, %s:%d, value %q)", a.Origin, a.Default, a.File, a.Line, a.Value)
			}
			return
		}
		if a.Origin != "explicit" || workspace.Key(a.File) != workspace.Key(e.pos.file) || a.Line != e.pos.line {
			r.fail(e, "got origin %s %s:%d (value %q)", a.Origin, a.File, a.Line, a.Value)
		}
	}
}

func (r *resultChecker) checkMapping(e *expectation) {
	r.t.Helper()
	m := r.res.Mapping
	if m == nil {
		r.fail(e, "the result has no mapping (diagnostics:%s)", listDiags(r.res.Diagnostics))
		return
	}
	for _, kv := range e.mapping {
		var got string
		switch kv[0] {
		case "site":
			got = m.Site
		case "siteid":
			got = strconv.FormatInt(m.SiteID, 10)
		case "app":
			got = m.AppPath
		case "pool":
			got = m.AppPool
		case "vdir":
			got = m.VdirPath
		case "url":
			got = m.URLPath
		case "raw":
			got = m.PhysicalPath
		case "physical":
			got = m.PhysicalPathExp
		case "nophysical":
			got = strconv.FormatBool(m.NoPhysicalPath)
		}
		if got != kv[1] {
			r.fail(e, "%s: got %q, want %q", kv[0], got, kv[1])
		}
	}
}

// checkOnly enforces onlydiags: every error diagnostic at the path must be
// matched by one of the block's diag lines.
func (r *resultChecker) checkOnly() {
	if r.b.only == nil {
		return
	}
	var extra []diag.Diagnostic
	for _, d := range errorDiags(r.res.Diagnostics) {
		matched := false
		for _, e := range r.b.exps {
			if e.kind == "diag" && e.d.matches(d) {
				matched = true
				break
			}
		}
		if !matched {
			extra = append(extra, d)
		}
	}
	if len(extra) > 0 {
		r.fail(r.b.only, "unexpected errors:%s", listDiags(extra))
	}
}
