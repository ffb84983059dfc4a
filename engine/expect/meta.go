package expect

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

func isMetaKeyword(kw string) bool {
	switch kw {
	case "title", "group", "module", "exercises", "order", "open", "view", "section", "word", "uncertain":
		return true
	}
	return false
}

// set records one metadata line. Each keyword but word and uncertain may
// appear once, so a sample cannot silently say two different things about
// itself.
func (m *Meta) set(kw, rest string, line int) error {
	if rest == "" {
		return fmt.Errorf("%s needs a value", kw)
	}
	switch kw {
	case "word":
		term, meaning, ok := strings.Cut(rest, ": ")
		if !ok || strings.TrimSpace(term) == "" || strings.TrimSpace(meaning) == "" {
			return fmt.Errorf("want `word <term>: <what it means>`")
		}
		m.Words = append(m.Words, Word{Term: strings.TrimSpace(term), Meaning: strings.TrimSpace(meaning)})
		return nil
	case "uncertain":
		id, text, ok := strings.Cut(rest, ": ")
		if !ok || !uncertainIDRe.MatchString(id) {
			return fmt.Errorf("want `uncertain <rule id>: iisconf shows X; IIS may show Y.`")
		}
		if err := caveatForm(text); err != nil {
			return err
		}
		m.Uncertain = append(m.Uncertain, Caveat{ID: id, Text: strings.TrimSpace(text), Line: line})
		return nil
	}
	if _, dup := m.Lines[kw]; dup {
		return fmt.Errorf("%s given twice", kw)
	}
	switch kw {
	case "module":
		if !slices.Contains(modules, rest) {
			return fmt.Errorf("module is one of %s", strings.Join(modules, ", "))
		}
		m.Module = rest
	case "exercises":
		if !stepNameRe.MatchString(rest) {
			return fmt.Errorf("exercises names a lesson sample (its file name without .txtar)")
		}
		m.Exercises = rest
	case "title":
		m.Title = rest
	case "group":
		if !slices.Contains(groups, rest) {
			return fmt.Errorf("group is one of %s", strings.Join(groups, ", "))
		}
		m.Group = rest
	case "order":
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			return fmt.Errorf("order needs a positive number")
		}
		m.Order = n
	case "open":
		if strings.Contains(rest, "//") {
			return fmt.Errorf("open needs a config path (MACHINE/WEBROOT/APPHOST/Site/x) or a site-relative path (Site/x)")
		}
		m.Open = rest
	case "view":
		if !slices.Contains(views, rest) {
			return fmt.Errorf("view is one of %s", strings.Join(views, ", "))
		}
		m.View = rest
	case "section":
		if !sectionRe.MatchString(rest) {
			return fmt.Errorf("section needs a full section name (system.webServer/defaultDocument)")
		}
		m.Section = rest
	}
	m.Lines[kw] = line
	return nil
}

// proseBuilder gathers "# text" lines into paragraphs.
type proseBuilder struct {
	cur   []string
	paras []string
}

func (p *proseBuilder) line(text string) {
	body := strings.TrimSpace(strings.TrimPrefix(text, "#"))
	// "Evidence:" always opens its own paragraph, so a trailing citation
	// line is never glued onto the explanation above it.
	if body == "" || strings.HasPrefix(body, "Evidence:") {
		p.end()
	}
	if body != "" {
		p.cur = append(p.cur, body)
	}
}

func (p *proseBuilder) end() {
	if len(p.cur) > 0 {
		p.paras = append(p.paras, strings.Join(p.cur, " "))
		p.cur = nil
	}
}

// result splits the "Evidence:" paragraph (the last one wins) from the
// explanation proper.
func (p *proseBuilder) result() (explanation []string, evidence string) {
	for _, para := range p.paras {
		if rest, ok := strings.CutPrefix(para, "Evidence:"); ok {
			evidence = strings.TrimSpace(rest)
			continue
		}
		explanation = append(explanation, para)
	}
	return explanation, evidence
}
