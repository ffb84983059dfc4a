// Package errorpage reads the text of an IIS detailed error page that a
// customer copied from a browser (the 500.19 page engine/diag renders): its
// fields, its Config Source lines and the line of the error. It lives apart
// from engine/diag so that the engine every visitor downloads does not carry
// it: only the playground's "Paste a 500.19" (tools.wasm) reads pages.
package errorpage

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
)

// PastedPage is what Parse understood of the text of a 500.19 page a
// customer copied from a browser: the fields of the "Detailed Error
// Information" table it found, the Config Source lines, and the line the
// error is on when the excerpt tells.
type PastedPage struct {
	Status       int               `json:"status,omitempty"`    // 500 when the title says HTTP Error 500.xx
	SubStatus    int               `json:"subStatus,omitempty"` // 19 for a configuration error
	ErrorCode    string            `json:"errorCode,omitempty"` // 0x80070021, lower-case hex
	ConfigError  string            `json:"configError,omitempty"`
	ConfigFile   string            `json:"configFile,omitempty"` // without the \\?\ prefix
	RequestedURL string            `json:"requestedUrl,omitempty"`
	PhysicalPath string            `json:"physicalPath,omitempty"`
	Source       []diag.SourceLine `json:"source,omitempty"`
	// Line is the line the error is on: the middle of three Config Source
	// lines, the highlighted one when the copy kept no marker but the
	// excerpt's shape tells, 0 when it cannot be told.
	Line int `json:"line,omitempty"`
	// Found names the fields read, in page order, for "what was
	// understood"; Missing the ones a 500.19 page has that were not.
	Found   []string `json:"found"`
	Missing []string `json:"missing"`
}

// pageFields are the table's rows a paste is read for; the others
// (Module, Handler, Logon …) carry nothing a workspace can use.
var pageFields = []string{"Error Code", "Config Error", "Config File", "Requested URL", "Physical Path"}

// otherFields end a field's value when they start a line.
var otherFields = []string{"Module", "Notification", "Handler", "Logon Method", "Logon User", "Failed Request Tracing Log Directory", "Config Source", "More Information", "Most likely causes", "Things you can try", "Links and More Information", "Detailed Error Information"}

var (
	titleRE  = regexp.MustCompile(`HTTP Error (\d{3})\.(\d+)`)
	hresRE   = regexp.MustCompile(`(?i)0x[0-9a-f]{8}`)
	sourceRE = regexp.MustCompile(`^\s*(-?\d+):(?: (.*))?$`)
)

// Parse reads the text of a 500.19 page as browsers copy it: the
// table's label and value on one line (separated by spaces or a tab) or on
// two, the page's title, and the Config Source lines "   70:     <text>".
// Anything else is ignored, so a partial paste (only the table, only the
// error code) gives what it holds.
func Parse(text string) PastedPage {
	p := PastedPage{Found: []string{}, Missing: []string{}}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	if m := titleRE.FindStringSubmatch(text); m != nil {
		p.Status, _ = strconv.Atoi(m[1])
		p.SubStatus, _ = strconv.Atoi(m[2])
	}
	values := map[string]string{}
	inSource := false
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if label, rest, ok := cutLabel(line, "Config Source"); ok {
			inSource = true
			if m := sourceRE.FindStringSubmatch(rest); m != nil {
				p.addSource(m)
			}
			_ = label
			continue
		}
		if inSource {
			if m := sourceRE.FindStringSubmatch(lines[i]); m != nil {
				p.addSource(m)
				continue
			}
			if line == "" {
				continue
			}
			inSource = false
		}
		for _, f := range pageFields {
			if _, ok := values[f]; ok {
				continue
			}
			_, rest, ok := cutLabel(line, f)
			if !ok {
				continue
			}
			if rest == "" {
				// The value on the next non-empty line (a table copied cell by cell).
				for j := i + 1; j < len(lines); j++ {
					if next := strings.TrimSpace(lines[j]); next != "" {
						if !startsWithLabel(next) {
							rest = next
							i = j
						}
						break
					}
				}
			}
			values[f] = rest
			break
		}
	}
	if v := values["Error Code"]; v != "" {
		if m := hresRE.FindString(v); m != "" {
			p.ErrorCode = "0x" + strings.ToLower(m[2:])
		}
	}
	p.ConfigError = values["Config Error"]
	p.ConfigFile = strings.TrimPrefix(strings.TrimPrefix(values["Config File"], `\\?\UNC\`), `\\?\`)
	if strings.HasPrefix(values["Config File"], `\\?\UNC\`) {
		p.ConfigFile = `\\` + p.ConfigFile
	}
	p.RequestedURL = values["Requested URL"]
	p.PhysicalPath = values["Physical Path"]
	p.Line = errorLine(p.Source)
	if p.Status != 0 {
		p.Found = append(p.Found, "title")
	}
	for _, f := range pageFields {
		have := false
		switch f {
		case "Error Code":
			have = p.ErrorCode != ""
		case "Config Error":
			have = p.ConfigError != ""
		case "Config File":
			have = p.ConfigFile != ""
		case "Requested URL":
			have = p.RequestedURL != ""
		case "Physical Path":
			have = p.PhysicalPath != ""
		}
		if have {
			p.Found = append(p.Found, f)
		} else {
			p.Missing = append(p.Missing, f)
		}
	}
	if len(p.Source) > 0 {
		p.Found = append(p.Found, "Config Source")
	} else {
		p.Missing = append(p.Missing, "Config Source")
	}
	return p
}

func (p *PastedPage) addSource(m []string) {
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return
	}
	p.Source = append(p.Source, diag.SourceLine{Number: n, Text: m[2]})
}

// cutLabel matches a table label at the start of a line, followed by the
// end of the line, white space or a colon; rest is the value after it.
func cutLabel(line, label string) (string, string, bool) {
	if len(line) < len(label) || !strings.EqualFold(line[:len(label)], label) {
		return "", "", false
	}
	rest := line[len(label):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' {
		return "", "", false
	}
	rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
	return label, rest, true
}

func startsWithLabel(line string) bool {
	for _, l := range append(append([]string{}, pageFields...), otherFields...) {
		if _, _, ok := cutLabel(line, l); ok {
			return true
		}
	}
	return false
}

// errorLine reads the error's line from the excerpt's shape
// (sourceExcerpt): three lines put it in the middle; "-1" and "0" mean
// no line is known; one line is the line itself; two lines starting at 1
// put it first (nothing before line 1), otherwise last (nothing after
// the end of the file).
func errorLine(src []diag.SourceLine) int {
	switch len(src) {
	case 1:
		return max(src[0].Number, 0)
	case 2:
		if src[0].Number == -1 && src[1].Number == 0 {
			return 0
		}
		if src[0].Number == 1 {
			return 1
		}
		return max(src[1].Number, 0)
	case 3:
		return max(src[1].Number, 0)
	}
	return 0
}
