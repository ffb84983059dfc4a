package model

import (
	"strconv"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/jsonx"
	"github.com/iisconf/iisconf/engine/sortx"
)

// AppendJSON appends the result's JSON encoding to b, byte for byte what
// encoding/json produces for it (TestAppendJSONMatchesEncodingJSON checks
// this over real results). It exists for the playground: encoding/json's
// reflection is slow in WebAssembly (measured: 44 ms of a 58 ms cold
// evaluation under Node), and the page re-evaluates on every keystroke.
//
// Keep it in step with the struct tags: a field added to the model must be
// added here too, or the test fails.
func (r *Result) AppendJSON(b []byte) []byte {
	b = append(b, `{"version":`...)
	b = appendInt(b, int64(r.Version))
	b = appendKey(b, "configPath")
	b = appendString(b, r.ConfigPath)
	if r.Mapping != nil {
		b = appendKey(b, "mapping")
		b = r.Mapping.appendJSON(b)
	}
	b = appendKey(b, "chain")
	b = appendSlice(b, r.Chain, func(b []byte, l Level) []byte { return l.appendJSON(b) })
	b = appendKey(b, "sections")
	b = appendSlice(b, r.Sections, func(b []byte, s Section) []byte { return s.appendJSON(b) })
	b = appendKey(b, "diagnostics")
	b = appendDiagnostics(b, r.Diagnostics)
	if r.Response != nil {
		b = appendKey(b, "response")
		b = r.Response.appendJSON(b)
	}
	if r.Redirection != nil {
		b = appendKey(b, "redirection")
		b = r.Redirection.appendJSON(b)
	}
	return append(b, '}')
}

func (m *Mapping) appendJSON(b []byte) []byte {
	b = append(b, `{"site":`...)
	b = appendString(b, m.Site)
	b = appendKey(b, "siteId")
	b = appendInt(b, m.SiteID)
	b = appendStr(b, "appPath", m.AppPath)
	b = appendStr(b, "appPool", m.AppPool)
	b = appendStr(b, "vdirPath", m.VdirPath)
	b = appendStr(b, "urlPath", m.URLPath)
	b = appendStr(b, "physicalPath", m.PhysicalPath)
	b = appendStr(b, "physicalPathExpanded", m.PhysicalPathExp)
	b = appendBoolOmit(b, "noPhysicalPath", m.NoPhysicalPath)
	b = appendStrOmit(b, "framework", m.Framework)
	return append(b, '}')
}

func (l Level) appendJSON(b []byte) []byte {
	b = append(b, `{"configPath":`...)
	b = appendString(b, l.ConfigPath)
	b = appendStrOmit(b, "file", l.File)
	b = appendStrOmit(b, "candidate", l.Candidate)
	b = appendBoolOmit(b, "builtin", l.Builtin)
	b = appendStrOmit(b, "skipped", l.Skipped)
	b = appendStrOmit(b, "note", l.Note)
	return append(b, '}')
}

func (s Section) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, s.Name)
	b = appendStr(b, "overrideModeEffective", s.OverrideModeEffective)
	b = appendKey(b, "isLocked")
	b = strconv.AppendBool(b, s.IsLocked)
	if s.LockReason != nil {
		b = appendKey(b, "lockReason")
		b = append(b, `{"summary":`...)
		b = appendString(b, s.LockReason.Summary)
		b = appendKey(b, "steps")
		b = appendSlice(b, s.LockReason.Steps, func(b []byte, x Source) []byte { return x.appendJSON(b) })
		b = append(b, '}')
	}
	b = appendBoolOmit(b, "noSchema", s.NoSchema)
	b = appendBoolOmit(b, "encrypted", s.Encrypted)
	if s.Declaration != nil {
		b = appendKey(b, "declaration")
		b = s.Declaration.appendJSON(b)
	}
	b = appendStrOmit(b, "allowDefinition", s.AllowDefinition)
	b = appendStrOmit(b, "overrideModeDefault", s.OverrideModeDefault)
	b = appendKey(b, "element")
	b = s.Element.appendJSON(b)
	if len(s.Inputs) > 0 {
		b = appendKey(b, "inputs")
		b = appendSlice(b, s.Inputs, func(b []byte, in Input) []byte {
			b = in.Source.appendFields(append(b, '{'))
			b = appendKey(b, "applied")
			b = strconv.AppendBool(b, in.Applied)
			b = appendStrOmit(b, "why", in.Why)
			return append(b, '}')
		})
	}
	if s.Stamp != 0 {
		b = appendKey(b, "stamp")
		b = strconv.AppendUint(b, s.Stamp, 10)
	}
	b = appendBoolOmit(b, "same", s.Same)
	return append(b, '}')
}

func (s Source) appendJSON(b []byte) []byte {
	return append(s.appendFields(append(b, '{')), '}')
}

// appendFields writes the fields without braces: Input embeds Source.
func (s Source) appendFields(b []byte) []byte {
	b = append(b, `"file":`...)
	b = appendString(b, s.File)
	b = appendKey(b, "line")
	b = appendInt(b, int64(s.Line))
	b = appendIntOmit(b, "column", s.Column)
	if s.LocationPath != nil {
		b = appendStr(b, "locationPath", *s.LocationPath)
	}
	b = appendIntOmit(b, "locationLine", s.LocationLine)
	b = appendStrOmit(b, "target", s.Target)
	b = appendStrOmit(b, "level", s.Level)
	b = appendStrOmit(b, "note", s.Note)
	return b
}

func (e *Element) appendJSON(b []byte) []byte {
	if e == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"name":`...)
	b = appendString(b, e.Name)
	b = appendKey(b, "attributes")
	if e.Attributes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '{')
		for i, a := range e.Attributes {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, a.Name)
			b = append(b, ':')
			b = a.Attribute.appendJSON(b)
		}
		b = append(b, '}')
	}
	b = appendKey(b, "elements")
	if e.Elements == nil {
		b = append(b, "null"...)
	} else {
		// encoding/json writes map keys sorted.
		keys := make([]string, 0, len(e.Elements))
		for k := range e.Elements {
			keys = append(keys, k)
		}
		sortx.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = e.Elements[k].appendJSON(b)
		}
		b = append(b, '}')
	}
	if len(e.Order) > 0 {
		b = appendKey(b, "elementOrder")
		b = appendSlice(b, e.Order, appendString)
	}
	b = appendKey(b, "collection")
	b = appendSlice(b, e.Collection, func(b []byte, x *Element) []byte { return x.appendJSON(b) })
	if e.Source != nil {
		b = appendKey(b, "source")
		b = e.Source.appendJSON(b)
	}
	if e.Locks != nil {
		b = appendKey(b, "locks")
		b = e.Locks.appendJSON(b)
	}
	if len(e.Removed) > 0 {
		b = appendKey(b, "removed")
		b = appendSlice(b, e.Removed, func(b []byte, r Removal) []byte {
			b = append(b, `{"key":`...)
			b = appendString(b, r.Key)
			b = appendStr(b, "directive", r.Directive)
			b = appendKey(b, "source")
			b = r.Source.appendJSON(b)
			return append(b, '}')
		})
	}
	return append(b, '}')
}

func (l *Locks) appendJSON(b []byte) []byte {
	b = append(b, '{')
	n := len(b)
	if len(l.Attributes) > 0 {
		b = appendKey(b, "attributes")
		b = appendSlice(b, l.Attributes, appendString)
	}
	if len(l.Elements) > 0 {
		b = appendKey(b, "elements")
		b = appendSlice(b, l.Elements, appendString)
	}
	b = appendBoolOmit(b, "item", l.Item)
	if len(l.Sources) > 0 {
		b = appendKey(b, "sources")
		b = appendSlice(b, l.Sources, func(b []byte, s Source) []byte { return s.appendJSON(b) })
	}
	if len(b) > n && b[n] == ',' {
		b = append(b[:n], b[n+1:]...) // no leading comma inside the braces
	}
	return append(b, '}')
}

func (a *Attribute) appendJSON(b []byte) []byte {
	if a == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"value":`...)
	b = appendString(b, a.Value)
	b = appendStrOmit(b, "raw", a.Raw)
	b = appendStrOmit(b, "expanded", a.Expanded)
	b = appendStr(b, "origin", a.Origin)
	b = appendStrOmit(b, "defaultFrom", a.Default)
	b = appendStrOmit(b, "file", a.File)
	b = appendIntOmit(b, "line", a.Line)
	b = appendIntOmit(b, "column", a.Column)
	if a.Location != nil {
		b = appendStr(b, "locationPath", *a.Location)
	}
	b = appendStrOmit(b, "target", a.Target)
	b = appendBoolOmit(b, "locked", a.Locked)
	b = appendBoolOmit(b, "encrypted", a.Encrypted)
	return append(b, '}')
}

func (r *Response) appendJSON(b []byte) []byte {
	b = append(b, `{"status":`...)
	b = appendInt(b, int64(r.Status))
	b = appendKey(b, "subStatus")
	b = appendInt(b, int64(r.SubStatus))
	if r.Diagnostic != nil {
		b = appendKey(b, "diagnostic")
		b = appendDiagnostic(b, *r.Diagnostic)
	}
	if p := r.Page; p != nil {
		b = appendKey(b, "page")
		b = append(b, `{"status":`...)
		b = appendInt(b, int64(p.Status))
		b = appendKey(b, "subStatus")
		b = appendInt(b, int64(p.SubStatus))
		b = appendStr(b, "module", p.Module)
		b = appendStr(b, "notification", p.Notification)
		b = appendStr(b, "handler", p.Handler)
		b = appendStr(b, "errorCode", p.ErrorCode)
		b = appendStr(b, "configError", p.ConfigError)
		b = appendStr(b, "configFile", p.ConfigFile)
		b = appendStr(b, "requestedUrl", p.RequestedURL)
		b = appendStr(b, "physicalPath", p.PhysicalPath)
		b = appendStr(b, "logonMethod", p.LogonMethod)
		b = appendStr(b, "logonUser", p.LogonUser)
		b = appendKey(b, "source")
		b = appendSlice(b, p.Source, func(b []byte, l diag.SourceLine) []byte {
			b = append(b, `{"number":`...)
			b = appendInt(b, int64(l.Number))
			b = appendStr(b, "text", l.Text)
			b = appendBoolOmit(b, "error", l.Error)
			return append(b, '}')
		})
		b = append(b, '}')
	}
	b = appendStr(b, "text", r.Text)
	return append(b, '}')
}

func (r *Redirection) appendJSON(b []byte) []byte {
	b = append(b, `{"file":`...)
	b = appendString(b, r.File)
	b = appendKey(b, "line")
	b = appendInt(b, int64(r.Line))
	b = appendKey(b, "enabled")
	b = strconv.AppendBool(b, r.Enabled)
	b = appendStr(b, "path", r.Path)
	b = appendStrOmit(b, "userName", r.UserName)
	b = appendStrOmit(b, "password", r.Password)
	b = appendStr(b, "appHost", r.AppHost)
	return append(b, '}')
}

func appendDiagnostics(b []byte, ds []diag.Diagnostic) []byte {
	return appendSlice(b, ds, appendDiagnostic)
}

func appendDiagnostic(b []byte, d diag.Diagnostic) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(d.ID))
	b = appendStr(b, "severity", string(d.Severity))
	b = appendStr(b, "hresult", d.HRESULT)
	b = appendStr(b, "message", d.Message)
	b = appendStr(b, "file", d.File)
	b = appendRange(b, d.Range)
	b = appendKey(b, "line")
	b = appendInt(b, int64(d.Line))
	b = appendKey(b, "column")
	b = appendInt(b, int64(d.Column))
	b = appendIntOmit(b, "endLine", d.EndLine)
	b = appendIntOmit(b, "endColumn", d.EndColumn)
	b = appendStrOmit(b, "configPath", d.ConfigPath)
	b = appendStrOmit(b, "section", d.Section)
	b = appendStr(b, "phase", string(d.Phase))
	if len(d.Notes) > 0 {
		b = appendKey(b, "notes")
		b = appendSlice(b, d.Notes, func(b []byte, n diag.Note) []byte {
			b = append(b, `{"message":`...)
			b = appendString(b, n.Message)
			b = appendStrOmit(b, "file", n.File)
			b = appendRange(b, n.Range)
			b = appendIntOmit(b, "line", n.Line)
			b = appendIntOmit(b, "column", n.Column)
			return append(b, '}')
		})
	}
	b = appendStrOmit(b, "uncertain", d.Uncertain)
	return append(b, '}')
}

// appendRange writes a diagnostic's "range" member (none when nil).
func appendRange(b []byte, r *diag.Range) []byte {
	if r == nil {
		return b
	}
	b = append(appendKey(b, "range"), `{"offset":`...)
	b = append(appendInt(b, int64(r.Offset)), `,"length":`...)
	return append(appendInt(b, int64(r.Length)), '}')
}

// appendSlice writes a JSON array, or null for a nil slice, as
// encoding/json does.
func appendSlice[T any](b []byte, xs []T, each func([]byte, T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, x)
	}
	return append(b, ']')
}

// Not inlined: written for nearly every field, and an inlined copy at each
// of its callers costs the engine wasm more than the call costs the
// encoder (README: "What each size change saved").
//
//go:noinline
func appendKey(b []byte, k string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

// Not inlined, as appendKey.
//
//go:noinline
func appendStr(b []byte, k, v string) []byte { return appendString(appendKey(b, k), v) }

// Not inlined, as appendKey.
//
//go:noinline
func appendStrOmit(b []byte, k, v string) []byte {
	if v == "" {
		return b
	}
	return appendStr(b, k, v)
}

// Not inlined, as appendKey.
//
//go:noinline
func appendIntOmit(b []byte, k string, v int) []byte {
	if v == 0 {
		return b
	}
	return strconv.AppendInt(appendKey(b, k), int64(v), 10)
}

// Not inlined, as appendKey.
//
//go:noinline
func appendBoolOmit(b []byte, k string, v bool) []byte {
	if !v {
		return b
	}
	return append(appendKey(b, k), "true"...)
}

// appendInt writes v in decimal. Not inlined, as appendKey (nor is
// strconv.AppendInt then, whose small-number path is copied into each
// caller).
//
//go:noinline
func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// appendString quotes s as encoding/json does (one rule: jsonx).
func appendString(b []byte, s string) []byte { return jsonx.AppendString(b, s) }
