package diag

import (
	"strings"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// Renderers turn one Diagnostic into the text an IIS tool prints
// (docs/diagnostics.md#detailed-error-page and the two sections after it).
// Every layout choice that rests on guesswork is a named constant or a
// small function here, marked UNCERTAIN(<id>) as the docs page lists it,
// so new evidence changes one line.

// appcmdBreak separates the lines of appcmd's configuration-error wrapper.
// UNCERTAIN(appcmd-line-breaks): some captures show a blank line between the lines (CRLF
// doubled by the console capture, most likely); we emit single CRLFs.
const appcmdBreak = "\r\n"

// mwaBreak separates the lines of an MWA exception message [OBS].
const mwaBreak = "\r\n"

// LongPath returns the path as IIS prints it in diagnostics, with the
// Win32 extended-length prefix: `\\?\C:\x`. A UNC path takes the form
// Windows defines for extended UNC paths, `\\?\UNC\server\share\x`
// (UNCERTAIN(unc-long-path): no capture of a UNC web.config error seen; [INF] from the
// Win32 path rules). An empty path stays empty.
func LongPath(p string) string {
	switch {
	case p == "":
		return ""
	case strings.HasPrefix(p, `\\?\`):
		return p
	case strings.HasPrefix(p, `\\`):
		return `\\?\UNC\` + p[2:]
	}
	return `\\?\` + p
}

// AppCmd renders a diagnostic as appcmd prints it on stdout. A diagnostic
// tied to a file gets the configuration-error wrapper; "Line Number: 0" is
// printed when the line is unknown, as appcmd does for unreadable files
// [OBS NuGetGallery#4127]. Without a file it is the bare message.
func AppCmd(d Diagnostic) string {
	if d.File == "" {
		return "ERROR ( message:" + d.Message + " )"
	}
	return "ERROR ( message:Configuration error" + appcmdBreak +
		"Filename: " + LongPath(d.File) + appcmdBreak +
		textfmt.Sprintf("Line Number: %d", d.Line) + appcmdBreak +
		"Description: " + d.Message + appcmdBreak +
		". )"
}

// MWA renders a diagnostic as the Message of the exception
// Microsoft.Web.Administration throws: the Line number line is left out
// when the line is unknown, and Filename is empty for API-level errors.
func MWA(d Diagnostic) string {
	var b strings.Builder
	b.WriteString("Filename: " + LongPath(d.File) + mwaBreak)
	if d.Line > 0 {
		b.WriteString(textfmt.Sprintf("Line number: %d%s", d.Line, mwaBreak))
	}
	b.WriteString("Error: " + d.Message + mwaBreak + mwaBreak)
	return b.String()
}

// SourceLine is one line of the 500.19 page's Config Source excerpt.
type SourceLine struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
	Error  bool   `json:"error,omitempty"` // the line the diagnostic points at (IIS highlights it)
}

// Page is the content of the IIS detailed error page for a configuration
// error (HTTP 500.19).
type Page struct {
	Status       int          `json:"status"`
	SubStatus    int          `json:"subStatus"`
	Module       string       `json:"module"`
	Notification string       `json:"notification"`
	Handler      string       `json:"handler"`
	ErrorCode    string       `json:"errorCode"`
	ConfigError  string       `json:"configError"`
	ConfigFile   string       `json:"configFile"`
	RequestedURL string       `json:"requestedUrl"`
	PhysicalPath string       `json:"physicalPath"`
	LogonMethod  string       `json:"logonMethod"`
	LogonUser    string       `json:"logonUser"`
	Source       []SourceLine `json:"source"`
}

// The fixed values of a 500.19 page: configuration is read before any
// handler or authentication is chosen [OBS].
const (
	pageModule       = "IIS Web Core"
	pageUndetermined = "Not yet determined"
)

// notificationFor names the pipeline event IIS reports. Captures show
// BeginRequest for locked sections and Unknown for unreadable files and
// duplicate sections [OBS], so the split follows the phase.
// UNCERTAIN(page-notification): the
// exact boundary (e.g. undeclared sections, which are file-phase here).
func notificationFor(p Phase) string {
	if p == PhaseSection {
		return "BeginRequest"
	}
	return "Unknown"
}

// Page50019 builds the 500.19 page a request gets for d. lineText returns
// the text of a line of d.File (1-based, without its line end) and false
// past the end of the file; it may be nil when the text is not available.
func Page50019(d Diagnostic, requestedURL, physicalPath string, lineText func(line int) (string, bool)) Page {
	return Page{
		Status:       500,
		SubStatus:    19,
		Module:       pageModule,
		Notification: notificationFor(d.Phase),
		Handler:      pageUndetermined,
		ErrorCode:    d.HRESULT,
		ConfigError:  d.Message,
		ConfigFile:   LongPath(d.File),
		RequestedURL: requestedURL,
		PhysicalPath: physicalPath,
		LogonMethod:  pageUndetermined,
		LogonUser:    pageUndetermined,
		Source:       sourceExcerpt(d.Line, lineText),
	}
}

// sourceExcerpt picks the Config Source lines: the error line with one
// line before and one after [OBS]. When no line is known (or its text is
// unavailable) IIS prints an empty line -1 and a highlighted empty line 0
// [OBS elastic/apm-agent-dotnet CI logs, aspnet/KestrelHttpServer#1346].
// UNCERTAIN(page-excerpt-edges): at line 1 we leave out the non-existent line 0 (IIS might
// print it empty, as it does -1), and at the last line there is nothing
// after it to show.
func sourceExcerpt(line int, lineText func(int) (string, bool)) []SourceLine {
	text := func(n int) (string, bool) {
		if lineText == nil || n < 1 {
			return "", false
		}
		t, ok := lineText(n)
		return strings.TrimRight(t, "\r\n"), ok
	}
	errText, ok := text(line)
	if line < 1 || !ok {
		return []SourceLine{{Number: -1}, {Number: 0, Error: true}}
	}
	var out []SourceLine
	if t, ok := text(line - 1); ok {
		out = append(out, SourceLine{Number: line - 1, Text: t})
	}
	out = append(out, SourceLine{Number: line, Text: errText, Error: true})
	if t, ok := text(line + 1); ok {
		out = append(out, SourceLine{Number: line + 1, Text: t})
	}
	return out
}

// pageFieldWidth is the column where field values start in Text.
const pageFieldWidth = 16

// Text lays the page out as plain text (docs/diagnostics.md#detailed-error-page): the title, the
// "Detailed Error Information" table with values in column 17, then the
// Config Source lines as IIS prints them, the number right-aligned in five
// columns followed by ": " and the text (so "   -1: " keeps its trailing
// space, as captures show). Every line ends in "\n"; a field with an empty
// value is just its name, without padding.
func (p Page) Text() string {
	var b strings.Builder
	b.WriteString(textfmt.Sprintf("HTTP Error %d.%d - Internal Server Error\n", p.Status, p.SubStatus))
	b.WriteString("The requested page cannot be accessed because the related configuration data for the page is invalid.\n")
	b.WriteString("Detailed Error Information:\n")
	for _, f := range [][2]string{
		{"Module", p.Module},
		{"Notification", p.Notification},
		{"Handler", p.Handler},
		{"Error Code", p.ErrorCode},
		{"Config Error", p.ConfigError},
		{"Config File", p.ConfigFile},
		{"Requested URL", p.RequestedURL},
		{"Physical Path", p.PhysicalPath},
		{"Logon Method", p.LogonMethod},
		{"Logon User", p.LogonUser},
	} {
		if f[1] == "" {
			b.WriteString(f[0] + "\n")
			continue
		}
		// Values are written verbatim: some IIS messages end in spaces.
		b.WriteString(textfmt.Sprintf("%-*s%s\n", pageFieldWidth, f[0], f[1]))
	}
	b.WriteString("Config Source:\n")
	for _, s := range p.Source {
		b.WriteString(textfmt.Sprintf("%5d: %s\n", s.Number, s.Text))
	}
	return b.String()
}
