package expect

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
)

// resultChecker checks the expectations of one eval block against the
// engine's result at that path.
type resultChecker struct {
	c        *Case
	b        *evalBlock
	label    string // "eval <path>", "step <name>, eval <path>"
	res      *model.Result
	schema   *schema.Schema
	caveats  bool // RunOptions.RequireCaveats
	failures []Failure
}

func (r *resultChecker) fail(e *expectation, format string, args ...any) {
	r.failures = append(r.failures, Failure{File: r.c.Name, Line: e.line, Text: e.text, Eval: r.label,
		Message: fmt.Sprintf(format, args...)})
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
			r.fail(e, "%s: the collection has %d items (%s)", where, len(el.Collection), keysOf(el, se))
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
func keysOf(el *model.Element, se *schema.Element) string {
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
	switch e.kind {
	case "nodiag":
		if errs := errorDiags(r.res.Diagnostics); len(errs) > 0 {
			r.fail(e, "want no errors, got:%s", listDiags(errs))
		}
	case "onlydiags":
		// checked after every diag line of the block (checkOnly)
	case "diag":
		d, ok := firstMatch(e.d, r.res.Diagnostics)
		if !ok {
			r.fail(e, "not reported; diagnostics at this path:%s", listDiags(r.res.Diagnostics))
			return
		}
		if r.caveats && d.Uncertain != "" && !r.c.hasCaveat(d.Uncertain) {
			r.fail(e, "this diagnostic comes from a rule iisconf chose without direct evidence, UNCERTAIN(%s): the sample must say so with `uncertain %s: iisconf shows …; IIS may show …`", d.Uncertain, d.Uncertain)
		}
	case "response":
		r.checkResponse(e)
	case "apphost":
		got := ""
		if r.res.Redirection != nil {
			got = r.res.Redirection.AppHost
		}
		if workspace.Key(got) != workspace.Key(e.want) {
			r.fail(e, "the applicationHost.config in effect is %q", got)
		}
	case "read", "notread":
		r.checkLevel(e)
	case "lockedattrs", "lockedelems":
		r.checkLocks(e)
	case "mapping":
		r.checkMapping(e)
	case "locked", "encrypted", "noschema", "overridemode":
		r.checkSectionState(e)
	case "value", "expanded", "origin":
		el, _ := r.element(e)
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
		r.checkCollection(e)
	default:
		r.fail(e, "internal: unhandled kind %s", e.kind)
	}
}

func (r *resultChecker) checkSectionState(e *expectation) {
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
	case "noschema":
		got = strconv.FormatBool(s.NoSchema)
	case "overridemode":
		got = s.OverrideModeEffective
	}
	if got != e.want {
		r.fail(e, "got %s", got)
	}
}

// element finds the expectation's section and walks to its element;
// nil (with a failure recorded) when either is missing.
func (r *resultChecker) element(e *expectation) (*model.Element, *schema.Element) {
	s := r.section(e)
	if s == nil {
		return nil, nil
	}
	return r.walk(e, s)
}

func (r *resultChecker) checkCollection(e *expectation) {
	el, se := r.element(e)
	if el == nil {
		return
	}
	if e.kind == "count" {
		if got := strconv.Itoa(len(el.Collection)); got != e.want {
			r.fail(e, "got %s items (%s)", got, keysOf(el, se))
		}
		return
	}
	if se == nil || se.Collection == nil {
		r.fail(e, "the schema has no collection at this element path")
		return
	}
	if got := keysOf(el, se); got != e.want {
		r.fail(e, "got   %s\n\twant  %s", got, e.want)
	}
}

func (r *resultChecker) checkAttribute(e *expectation, a *model.Attribute) {
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
		case "framework":
			got = m.Framework
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

// checkResponse compares what a request to the path gets: 200, or the
// 500.19 page with the HRESULT of the first error IIS meets.
func (r *resultChecker) checkResponse(e *expectation) {
	resp := r.res.Response
	if resp == nil {
		r.fail(e, "the result has no response")
		return
	}
	got := strconv.Itoa(resp.Status)
	if resp.Status != 200 {
		got += "." + strconv.Itoa(resp.SubStatus)
		if resp.Diagnostic != nil {
			got += " " + strings.ToLower(resp.Diagnostic.HRESULT)
		}
	}
	if got != e.want {
		r.fail(e, "got %s", got)
	}
}

// checkLevel checks one level of the chain: the file read there, or why
// its candidate was not read.
func (r *resultChecker) checkLevel(e *expectation) {
	var seen []string
	for _, lv := range r.res.Chain {
		seen = append(seen, lv.ConfigPath)
		if !strings.EqualFold(lv.ConfigPath, e.path) {
			continue
		}
		if e.kind == "read" {
			if workspace.Key(lv.File) != workspace.Key(e.want) {
				r.fail(e, "read %q (candidate %q, skipped %q)", lv.File, lv.Candidate, lv.Skipped)
			}
			return
		}
		if lv.File != "" || !strings.Contains(lv.Skipped, e.want) {
			r.fail(e, "read %q, skipped %q", lv.File, lv.Skipped)
		}
		return
	}
	r.fail(e, "no level %s on the chain (%s)", e.path, strings.Join(seen, ", "))
}

// checkLocks compares an element's granular locks.
func (r *resultChecker) checkLocks(e *expectation) {
	el, _ := r.element(e)
	if el == nil {
		return
	}
	var names []string
	if el.Locks != nil {
		if e.kind == "lockedattrs" {
			names = el.Locks.Attributes
		} else {
			names = el.Locks.Elements
		}
	}
	if got := normaliseNames(strings.Join(names, ",")); got != e.want {
		r.fail(e, "got %q", got)
	}
}
