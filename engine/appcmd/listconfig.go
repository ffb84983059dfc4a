package appcmd

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
)

// serverLevel is the path `list config` reads when none is given [DOC:
// "If not specified, it defaults to server level"].
const serverLevel = "MACHINE/WEBROOT/APPHOST"

// ListConfig is `appcmd list config [path] [/section:name…] [/config:*]`:
// the effective sections at path as XML (see xmlout.go), showing the
// attributes set anywhere in the chain, or every attribute when all is
// true. No sections means every section registered at the path. A
// configuration error met while reading is returned instead of any
// output, rendered with the configuration-error wrapper as appcmd does.
func ListConfig(e *config.Engine, path string, sections []string, all bool) (string, *Error) {
	if path == "" {
		path = serverLevel
	}
	probs := e.Problems(path, sections...)
	// A name no registry in the chain knows is a command-line mistake for
	// appcmd, not a configuration error (sections declared in a
	// web.config on the chain resolve at the path, not ResolveSection).
	for _, d := range probs {
		if d.ID == diag.Undeclared && d.File == "" {
			return "", unknownSection(d.Section)
		}
	}
	if d, ok := firstError(probs); ok {
		return "", diagError(d)
	}
	names := sections
	if len(names) == 0 {
		names, _ = e.SectionsAt(path)
	}
	var b strings.Builder
	for _, n := range names {
		sec, d := e.Section(path, n)
		if d != nil {
			return "", diagError(*d)
		}
		b.WriteString(SectionXML(sec, all))
	}
	return b.String(), nil
}

// ListSectionNames is `appcmd list config /section:?`: every registered
// section, one per line (docs/appcmd.md#list-config,
// UNCERTAIN(section-list-format)).
func ListSectionNames(e *config.Engine) string {
	var b strings.Builder
	for _, n := range e.SectionNames() {
		b.WriteString(n + lineEnd)
	}
	return b.String()
}

// firstError picks the error appcmd reports: reading stops at the first
// problem, so a file-level error (which breaks every read of the chain)
// wins over a section-level one; within a phase the engine's file/line
// order decides. Warnings are the emulator's own and never stop appcmd.
func firstError(ds []diag.Diagnostic) (diag.Diagnostic, bool) {
	for _, phase := range []diag.Phase{diag.PhaseFile, diag.PhaseSection} {
		for _, d := range ds {
			if d.Severity == diag.Error && d.Phase == phase {
				return d, true
			}
		}
	}
	for _, d := range ds {
		if d.Severity == diag.Error {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}

// SectionXML renders one section the way `list config` does, wrapped in
// its section groups (CRLF line ends). Other views (the CLI's eval) reuse
// it so there is one XML layout.
func SectionXML(s config.Section, all bool) string {
	w := &xmlWriter{all: all}
	w.section(s.Name, s.Element)
	return w.b.String()
}
