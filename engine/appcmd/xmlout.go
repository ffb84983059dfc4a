package appcmd

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
)

// The XML layout of `list config`, as the DOC capture of
// `appcmd list config "Default Web Site/" /section:asp` shows it
// (MicrosoftDocs/iis-docs, getting-started-with-appcmdexe/samples/
// sample70.aspx; the `list site /config` capture is sample99.xml):
//
//	<system.webServer>
//	  <asp>
//	    <session />
//	    <comPlus />
//	    <cache />
//	    <limits />
//	  </asp>
//	</system.webServer>
//
// - two spaces of indentation per level [DOC];
// - the section wrapped in one element per section group [DOC];
// - every child element printed, even with nothing set (`<cache />`),
//   in schema order (session, comPlus, cache, limits is the schema's
//   order) [DOC];
// - an element with no content closes itself with " />" [DOC];
// - attributes in schema order [INF: the DOC `list site /config` sample
//   prints name then id, the schema order];
// - collection items after the child elements
//   (UNCERTAIN(list-config-item-order), doc.go).

const (
	indentUnit = "  "
	lineEnd    = "\r\n" // UNCERTAIN(appcmd-crlf) (doc.go)
)

// xmlWriter accumulates appcmd's XML text.
type xmlWriter struct {
	b   strings.Builder
	all bool // /config:*: every attribute, not only explicit ones
}

func (w *xmlWriter) line(depth int, s string) {
	w.b.WriteString(strings.Repeat(indentUnit, depth))
	w.b.WriteString(s)
	w.b.WriteString(lineEnd)
}

// section writes one section wrapped in its groups; a section without
// schema (el the zero Element) is its empty section element.
func (w *xmlWriter) section(fullName string, el config.Element) {
	groups := strings.Split(fullName, "/")
	short := groups[len(groups)-1]
	groups = groups[:len(groups)-1]
	for i, g := range groups {
		w.line(i, "<"+g+">")
	}
	if el.Exists() {
		w.element(len(groups), el)
	} else {
		w.line(len(groups), "<"+short+" />")
	}
	for i := len(groups) - 1; i >= 0; i-- {
		w.line(i, "</"+groups[i]+">")
	}
}

// element writes el and everything below it: its child elements in
// schema order, then its collection items.
func (w *xmlWriter) element(depth int, el config.Element) {
	open := "<" + el.Name() + w.attributes(el)
	children, items := el.Children(), el.Items()
	if len(children) == 0 && len(items) == 0 {
		w.line(depth, open+" />")
		return
	}
	w.line(depth, open+">")
	for _, c := range children {
		w.element(depth+1, c)
	}
	for _, item := range items {
		w.element(depth+1, item)
	}
	w.line(depth, "</"+el.Name()+">")
}

// attributes renders ` name="value"` pairs in schema order: explicit ones,
// or all of them with /config:*.
func (w *xmlWriter) attributes(el config.Element) string {
	var b strings.Builder
	for _, v := range el.Values() {
		if !w.all && v.Origin != config.Explicit {
			continue
		}
		b.WriteString(" " + v.Name + `="` + escapeAttr(v.Text) + `"`)
	}
	return b.String()
}

// attrEscaper escapes attribute values. UNCERTAIN(appcmd-attr-escaping)
// (doc.go): the markup
// characters and the quote, plus the white-space controls that an XML
// parser would otherwise normalise to spaces.
var attrEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;",
	"\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;",
)

func escapeAttr(s string) string { return attrEscaper.Replace(s) }
