package appcmd

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/model"
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

// section writes one section wrapped in its groups.
func (w *xmlWriter) section(fullName string, el *model.Element) {
	groups := strings.Split(fullName, "/")
	groups = groups[:len(groups)-1]
	for i, g := range groups {
		w.line(i, "<"+g+">")
	}
	w.element(len(groups), el)
	for i := len(groups) - 1; i >= 0; i-- {
		w.line(i, "</"+groups[i]+">")
	}
}

// element writes el and everything below it.
func (w *xmlWriter) element(depth int, el *model.Element) {
	open := "<" + el.Name + w.attributes(el.Attributes)
	children := childElements(el)
	if len(children) == 0 && len(el.Collection) == 0 {
		w.line(depth, open+" />")
		return
	}
	w.line(depth, open+">")
	for _, c := range children {
		w.element(depth+1, c)
	}
	for _, item := range el.Collection {
		w.element(depth+1, item)
	}
	w.line(depth, "</"+el.Name+">")
}

// attributes renders ` name="value"` pairs in schema order: explicit ones,
// or all of them with /config:*.
func (w *xmlWriter) attributes(as model.Attributes) string {
	var b strings.Builder
	for _, a := range as {
		if a.Attribute == nil || (!w.all && a.Origin != "explicit") {
			continue
		}
		b.WriteString(" " + a.Name + `="` + escapeAttr(a.Value) + `"`)
	}
	return b.String()
}

// childElements returns el's child elements in schema order (Order), with
// any not listed there after them by name so nothing is ever dropped.
func childElements(el *model.Element) []*model.Element {
	var out []*model.Element
	seen := map[string]bool{}
	for _, n := range el.Order {
		if c := el.Elements[n]; c != nil && !seen[n] {
			seen[n] = true
			out = append(out, c)
		}
	}
	var rest []string
	for n := range el.Elements {
		if !seen[n] && el.Elements[n] != nil {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	for _, n := range rest {
		out = append(out, el.Elements[n])
	}
	return out
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
