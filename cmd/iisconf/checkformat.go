package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
)

// checkFormats are check's output formats.
var checkFormats = map[string]func(io.Writer, *checkReport) error{
	"text":   checkText,
	"json":   checkJSON,
	"sarif":  checkSARIF,
	"github": checkGitHub,
}

// impactHeadings title the text format's groups.
var impactHeadings = map[config.Impact]string{
	config.ImpactRequest: "Errors that fail requests (HTTP 500.19, or sites that do not start):",
	config.ImpactReader:  "Errors only a reader of the section meets (appcmd, IIS Manager, Microsoft.Web.Administration, ASP.NET):",
	config.ImpactNone:    "Warnings (iisconf's own observations; nothing fails):",
}

// impactShort names a diagnostic's impact in one line.
var impactShort = map[config.Impact]string{
	config.ImpactRequest: "fails requests",
	config.ImpactReader:  "only readers of the section meet it",
	config.ImpactNone:    "warning",
}

// checkText prints each group under its heading: a location line (the
// file as the user has it), then the diagnostic in appcmd's format.
func checkText(w io.Writer, r *checkReport) error {
	var last config.Impact
	for i, it := range r.items {
		if i == 0 || it.impact != last {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintln(w, impactHeadings[it.impact])
			last = it.impact
		}
		fmt.Fprintln(w)
		loc := it.path
		if loc == "" {
			loc = "(no file)"
		} else if it.d.Line > 0 {
			loc += fmt.Sprintf(":%d:%d", it.d.Line, it.d.Column)
		}
		head := loc + ": " + string(it.d.ID)
		if it.d.Section != "" {
			head += " " + it.d.Section
		}
		fmt.Fprintln(w, head)
		// appcmd separates its lines with CRLF; a terminal wants LF.
		fmt.Fprintln(w, strings.ReplaceAll(diag.AppCmd(it.d), "\r\n", "\n"))
	}
	if len(r.items) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, checkSummary(r))
	return nil
}

func checkSummary(r *checkReport) string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	return plural(r.counts[config.ImpactRequest], "error fails", "errors fail") + " requests; " +
		plural(r.counts[config.ImpactReader], "error only readers meet", "errors only readers meet") + "; " +
		plural(r.counts[config.ImpactNone], "warning", "warnings") + "."
}

// checkJSON is the report as one JSON object: a summary and the
// diagnostics (the model's Diagnostic, plus impact and path).
func checkJSON(w io.Writer, r *checkReport) error {
	type item struct {
		diag.Diagnostic
		Impact config.Impact `json:"impact"`
		Path   string        `json:"path,omitempty"`
	}
	out := struct {
		Version int `json:"version"`
		Summary struct {
			Request  int `json:"request"`
			Reader   int `json:"reader"`
			Warnings int `json:"warnings"`
		} `json:"summary"`
		Diagnostics []item `json:"diagnostics"`
	}{Version: 1, Diagnostics: []item{}}
	out.Summary.Request = r.counts[config.ImpactRequest]
	out.Summary.Reader = r.counts[config.ImpactReader]
	out.Summary.Warnings = r.counts[config.ImpactNone]
	for _, it := range r.items {
		out.Diagnostics = append(out.Diagnostics, item{Diagnostic: it.d, Impact: it.impact, Path: it.path})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// sarifLevel maps an impact to a SARIF result level.
var sarifLevel = map[config.Impact]string{
	config.ImpactRequest: "error",
	config.ImpactReader:  "warning",
	config.ImpactNone:    "note",
}

// checkSARIF writes SARIF 2.1.0, the format code scanning (GitHub's
// upload-sarif action, among others) reads: one run of the iisconf tool,
// one rule per catalogue id used, one result per diagnostic. Files under
// the repository are relative URIs; the others (the stock server's) are
// file: URIs of their Windows paths.
func checkSARIF(w io.Writer, r *checkReport) error {
	type message struct {
		Text string `json:"text"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	type artifact struct {
		URI string `json:"uri"`
	}
	type physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           *region  `json:"region,omitempty"`
	}
	type location struct {
		ID               *int     `json:"id,omitempty"`
		PhysicalLocation physical `json:"physicalLocation"`
		Message          *message `json:"message,omitempty"`
	}
	type result struct {
		RuleID           string            `json:"ruleId"`
		RuleIndex        int               `json:"ruleIndex"`
		Level            string            `json:"level"`
		Message          message           `json:"message"`
		Locations        []location        `json:"locations,omitempty"`
		RelatedLocations []location        `json:"relatedLocations,omitempty"`
		Properties       map[string]string `json:"properties"`
	}
	type rule struct {
		ID                   string            `json:"id"`
		ShortDescription     message           `json:"shortDescription"`
		DefaultConfiguration map[string]string `json:"defaultConfiguration"`
		Properties           map[string]string `json:"properties,omitempty"`
	}
	phys := func(path string, line, col, endLine, endCol int) physical {
		p := physical{ArtifactLocation: artifact{URI: sarifURI(path)}}
		if line > 0 {
			p.Region = &region{StartLine: line, StartColumn: col}
			if endLine >= line {
				p.Region.EndLine, p.Region.EndColumn = endLine, endCol
			}
		}
		return p
	}
	// Rules: every id used, sorted.
	ids := map[diag.ID]bool{}
	for _, it := range r.items {
		ids[it.d.ID] = true
	}
	var sorted []string
	for id := range ids {
		sorted = append(sorted, string(id))
	}
	sort.Strings(sorted)
	index := map[string]int{}
	rules := []rule{}
	for i, id := range sorted {
		index[id] = i
		ent, _ := diag.Lookup(diag.ID(id))
		level := "error"
		if ent.Warning {
			level = "note"
		}
		ru := rule{ID: id, ShortDescription: message{Text: ruleText(ent.Format)}, DefaultConfiguration: map[string]string{"level": level}}
		if ent.HRESULT != 0 {
			ru.Properties = map[string]string{"hresult": fmt.Sprintf("0x%08x", ent.HRESULT)}
		}
		rules = append(rules, ru)
	}
	results := []result{}
	for _, it := range r.items {
		d := it.d
		res := result{
			RuleID: string(d.ID), RuleIndex: index[string(d.ID)], Level: sarifLevel[it.impact],
			Message:    message{Text: strings.TrimRight(d.Message, " ") + " (" + impactShort[it.impact] + ")"},
			Properties: map[string]string{"impact": string(it.impact), "phase": string(d.Phase)},
		}
		if d.HRESULT != "" {
			res.Properties["hresult"] = d.HRESULT
		}
		if d.Section != "" {
			res.Properties["section"] = d.Section
		}
		if d.ConfigPath != "" {
			res.Properties["configPath"] = d.ConfigPath // the first path that meets it
		}
		if d.Uncertain != "" {
			// The rule rests on a choice docs/ explains as UNCERTAIN(<id>).
			res.Properties["uncertain"] = d.Uncertain
		}
		if it.path != "" {
			res.Locations = []location{{PhysicalLocation: phys(it.path, d.Line, d.Column, d.EndLine, d.EndColumn)}}
		}
		for i, n := range d.Notes {
			if n.File == "" {
				continue
			}
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, location{ID: &id, PhysicalLocation: phys(it.notePath(n.File), n.Line, n.Column, 0, 0), Message: &message{Text: n.Message}})
		}
		results = append(results, res)
	}
	type driver struct {
		Name           string `json:"name"`
		InformationURI string `json:"informationUri"`
		Rules          []rule `json:"rules"`
	}
	type run struct {
		Tool struct {
			Driver driver `json:"driver"`
		} `json:"tool"`
		Results []result `json:"results"`
	}
	doc := struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []run{{Results: results}}}
	doc.Runs[0].Tool.Driver = driver{Name: "iisconf", InformationURI: sarifInformationURI, Rules: rules}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// sarifInformationURI is where the tool's rules are explained: Microsoft's
// description of the configuration system iisconf reimplements.
const sarifInformationURI = "https://learn.microsoft.com/en-us/iis/get-started/planning-your-iis-architecture/deep-dive-into-iis-configuration-with-iis-7-and-iis-8"

// notePath maps a note's file like the diagnostic's own when it is the
// same file; other files keep their workspace path.
func (it checkItem) notePath(file string) string {
	if strings.EqualFold(file, it.d.File) && it.path != "" {
		return it.path
	}
	return file
}

// ruleText turns a catalogue template into a rule description.
var verbRE = regexp.MustCompile(`'?%[sd]'?`)

func ruleText(format string) string {
	t := strings.TrimSpace(verbRE.ReplaceAllString(format, "…"))
	if t == "…" {
		return "iisconf diagnostic"
	}
	return t
}

// sarifURI is a relative URI for a file under the working directory and a
// file: URI for a Windows path.
func sarifURI(p string) string {
	if len(p) >= 2 && p[1] == ':' || strings.HasPrefix(p, `\\`) {
		s := strings.ReplaceAll(p, `\`, "/")
		if strings.HasPrefix(s, "//") {
			// \\server\share\x → file://server/share/x
			host, rest, _ := strings.Cut(s[2:], "/")
			return "file://" + host + (&url.URL{Path: "/" + rest}).EscapedPath()
		}
		return "file:///" + (&url.URL{Path: s}).EscapedPath()
	}
	return (&url.URL{Path: strings.TrimPrefix(p, "./")}).EscapedPath()
}

// githubCommand maps an impact to a workflow annotation command.
var githubCommand = map[config.Impact]string{
	config.ImpactRequest: "error",
	config.ImpactReader:  "warning",
	config.ImpactNone:    "notice",
}

// checkGitHub prints GitHub Actions workflow commands: one annotation per
// diagnostic (error for what fails requests, warning for what only readers
// meet, notice for iisconf's warnings), then the summary as plain text.
func checkGitHub(w io.Writer, r *checkReport) error {
	for _, it := range r.items {
		d := it.d
		var props []string
		if it.path != "" {
			props = append(props, "file="+ghProperty(it.path))
			if d.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Line), fmt.Sprintf("col=%d", d.Column))
				if d.EndLine >= d.Line && d.EndLine > 0 {
					props = append(props, fmt.Sprintf("endLine=%d", d.EndLine), fmt.Sprintf("endColumn=%d", d.EndColumn))
				}
			}
		}
		title := "iisconf " + string(d.ID) + ": " + impactShort[it.impact]
		props = append(props, "title="+ghProperty(title))
		msg := strings.TrimRight(d.Message, " ")
		if d.Section != "" {
			msg += "\nsection: " + d.Section
		}
		if d.HRESULT != "" {
			msg += "\nHRESULT: " + d.HRESULT
		}
		for _, n := range d.Notes {
			msg += "\n" + n.Message
			if n.File != "" && n.Line > 0 {
				msg += fmt.Sprintf(" (%s:%d)", it.notePath(n.File), n.Line)
			}
		}
		fmt.Fprintf(w, "::%s %s::%s\n", githubCommand[it.impact], strings.Join(props, ","), ghData(msg))
	}
	fmt.Fprintln(w, checkSummary(r))
	return nil
}

// ghData escapes a workflow command's message; ghProperty also escapes
// the property separators (GitHub's toolkit: escapeData, escapeProperty).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
