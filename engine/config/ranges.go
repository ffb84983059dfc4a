package config

import (
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// Diagnostics carry byte ranges of their files (diag.Range); lines and
// columns are resolved from them when a diagnostic leaves the engine
// (resolve), through the parses the engine already holds.

// syntaxDiag is the XML diagnostic of a file that is not well-formed: at
// the character the parser stopped at, with the parser's own words as a
// note. The parser has already counted the line and column there, and no
// parse of the file remains to resolve them later: they are set now.
func syntaxDiag(path string, text []byte, serr *xmltree.SyntaxError) diag.Diagnostic {
	r := serr.Range(text)
	d := diag.At(diag.XML, path, r).WithNote(serr.Msg, path, r)
	d.Line, d.Column = int(serr.Pos.Line), int(serr.Pos.Col)
	d.EndLine, d.EndColumn = d.Line, d.Column+min(r.Length, 1)
	d.Notes[0].Line, d.Notes[0].Column = d.Line, d.Column
	return d
}

// position resolves an offset of a file the engine has parsed (a
// workspace file or a built-in stand-in) through its parse.
func (e *Engine) position(file string, offset int) (int, int, bool) {
	var pf *parsedFile
	if _, ok := e.ws.Get(file); ok {
		pf = e.file(file)
	} else {
		e.c.mu.Lock()
		pf = e.c.builtins[file]
		e.c.mu.Unlock()
	}
	if pf == nil || pf.doc == nil {
		return 0, 0, false
	}
	p := pf.doc.PosAt(offset)
	return int(p.Line), int(p.Col), true
}

// resolve returns ds with their ranges resolved to lines and columns.
func (e *Engine) resolve(ds []diag.Diagnostic) []diag.Diagnostic {
	diag.ResolveAll(ds, e.position)
	return ds
}

// resolveOne is resolve for one diagnostic (nil stays nil).
func (e *Engine) resolveOne(d *diag.Diagnostic) *diag.Diagnostic {
	if d == nil {
		return nil
	}
	r := d.Resolve(e.position)
	return &r
}
