package config

import (
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
)

// Impact says who meets a diagnostic: whether it breaks the site for its
// visitors or only for someone reading the configuration. `iisconf check`
// sorts and counts errors by it, and sets its exit code from it
// (docs/diagnostics.md#who-meets-an-error).
type Impact string

const (
	// ImpactRequest: IIS fails requests. The 500.19 page (a file-level
	// error of any file on a request's chain, or an error in a section IIS
	// reads for every request, system.webServer/*), or WAS refusing
	// system.applicationHost/* so the sites it describes do not start.
	ImpactRequest Impact = "request"
	// ImpactReader: only a reader of the section meets it — appcmd, IIS
	// Manager, Microsoft.Web.Administration, and ASP.NET for the .NET
	// sections it reads (system.web, appSettings, ...), which IIS's own
	// request pipeline never reads.
	ImpactReader Impact = "reader"
	// ImpactNone: iisconf's own warning; nothing fails.
	ImpactNone Impact = "none"
)

// ImpactOf classifies a diagnostic.
func ImpactOf(d diag.Diagnostic) Impact {
	switch {
	case d.Severity != diag.Error:
		return ImpactNone
	case raisedForRequests(d), strings.HasPrefix(d.Section, groupAppHost):
		return ImpactRequest
	}
	return ImpactReader
}

// raisedForRequests reports whether IIS's request pipeline raises d as a
// 500.19: file-level errors of a file on the chain, and errors in the
// system.webServer sections, which IIS's core reads for every request.
// Sections only ASP.NET reads never produce a 500.19.
func raisedForRequests(d diag.Diagnostic) bool {
	if d.Severity != diag.Error {
		return false
	}
	return d.Phase == diag.PhaseFile || (d.Phase == diag.PhaseSection && strings.HasPrefix(d.Section, groupWebServer))
}

// readByIIS reports whether IIS's own processes read the section on their
// own, whatever a tool asks: WAS reads system.applicationHost/*, the
// request pipeline's modules system.webServer/*, the FTP service
// system.ftpServer/*. Such a section declared without a schema is a
// missing schema file (or a gap in iisconf's), so iisconf warns at its
// definitions; that the module reading it fails then is
// UNCERTAIN(noschema-iis-sections): not observed, the schema ships with
// the module that reads the section (docs/declarations.md#sections-without-schema).
func readByIIS(section string) bool {
	return strings.HasPrefix(section, groupAppHost) || strings.HasPrefix(section, groupWebServer) || strings.HasPrefix(section, groupFTP)
}
