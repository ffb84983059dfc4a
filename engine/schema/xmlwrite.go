package schema

import (
	"strconv"
	"strings"
)

// XML renders the file in IIS's schema format (<configSchema> with one
// <sectionSchema> per section), the form a schema file takes in the schema
// folder. It writes facts only: no comments, attributes in IIS's order,
// defaults omitted (mergeAppend="true", required="false", ...). ParseXML
// reads the result back to an equal File, so a feature installed into a
// workspace can carry its schema as a real schema file.
func (f *File) XML() []byte {
	var b strings.Builder
	b.WriteString("<configSchema>\r\n")
	for _, s := range f.Sections {
		b.WriteString(`    <sectionSchema name="` + xmlAttr(s.Name) + `"`)
		writeElementBody(&b, s.Root, "    ", "sectionSchema")
	}
	b.WriteString("</configSchema>\r\n")
	return []byte(b.String())
}

// writeElementBody writes the rest of an element's start tag (after its
// own attributes), its children and its end tag; tag is the element's XML
// name.
func writeElementBody(b *strings.Builder, el *Element, ind, tag string) {
	if len(el.Attributes) == 0 && len(el.Elements) == 0 && el.Collection == nil && len(el.MoreCollections) == 0 {
		b.WriteString(" />\r\n")
		return
	}
	b.WriteString(">\r\n")
	in := ind + "    "
	for _, a := range el.Attributes {
		writeAttribute(b, a, in)
	}
	for _, c := range el.Elements {
		b.WriteString(in + `<element name="` + xmlAttr(c.Name) + `"`)
		if c.IsCollectionDefault {
			b.WriteString(` isCollectionDefault="true"`)
		}
		writeElementBody(b, c, in, "element")
	}
	if el.Collection != nil {
		writeCollection(b, el.Collection, in)
	}
	for _, c := range el.MoreCollections {
		writeCollection(b, c, in)
	}
	b.WriteString(ind + "</" + tag + ">\r\n")
}

func writeCollection(b *strings.Builder, c *Collection, ind string) {
	b.WriteString(ind + "<collection")
	if len(c.AddElements) > 0 {
		b.WriteString(` addElement="` + xmlAttr(strings.Join(c.AddElements, ",")) + `"`)
	}
	for _, kv := range [][2]string{{"removeElement", c.RemoveElement}, {"clearElement", c.ClearElement}, {"defaultElement", c.DefaultElement}} {
		if kv[1] != "" {
			b.WriteString(" " + kv[0] + `="` + xmlAttr(kv[1]) + `"`)
		}
	}
	if !c.MergeAppend {
		b.WriteString(` mergeAppend="false"`)
	}
	if c.AllowDuplicates {
		b.WriteString(` allowDuplicates="true"`)
	}
	if c.AllowUnrecognizedAttributes {
		b.WriteString(` allowUnrecognizedAttributes="true"`)
	}
	writeElementBody(b, c.Item, ind, "collection")
}

func writeAttribute(b *strings.Builder, a *Attribute, ind string) {
	b.WriteString(ind + `<attribute name="` + xmlAttr(a.Name) + `" type="` + typeName(a.Type) + `"`)
	for _, f := range []struct {
		name string
		on   bool
	}{
		{"required", a.Required}, {"isUniqueKey", a.IsUniqueKey}, {"isCombinedKey", a.IsCombinedKey},
		{"caseSensitive", a.CaseSensitive}, {"encrypted", a.Encrypted}, {"expanded", a.Expanded},
		{"allowInfinite", a.AllowInfinite}, {"displayHex", a.DisplayHex},
	} {
		if f.on {
			b.WriteString(" " + f.name + `="true"`)
		}
	}
	switch a.TimeSpanFormat {
	case TimeSpanSeconds:
		b.WriteString(` timeSpanFormat="seconds"`)
	case TimeSpanMinutes:
		b.WriteString(` timeSpanFormat="minutes"`)
	}
	for _, kv := range [][2]string{{"validationType", a.ValidationType}, {"validationParameter", a.ValidationParameter}, {"extension", a.Extension}} {
		if kv[1] != "" {
			b.WriteString(" " + kv[0] + `="` + xmlAttr(kv[1]) + `"`)
		}
	}
	if a.HasDefault {
		b.WriteString(` defaultValue="` + xmlAttr(a.DefaultValue) + `"`)
	}
	if len(a.Values) == 0 {
		b.WriteString(" />\r\n")
		return
	}
	b.WriteString(">\r\n")
	kind := "enum"
	if a.Type == Flags {
		kind = "flag"
	}
	for _, v := range a.Values {
		b.WriteString(ind + "    <" + kind + ` name="` + xmlAttr(v.Name) + `" value="` + strconv.FormatInt(v.Value, 10) + "\" />\r\n")
	}
	b.WriteString(ind + "</attribute>\r\n")
}

// typeName is the IIS name of a type (the inverse of typeByName).
func typeName(t Type) string {
	for name, tt := range typeByName {
		if tt == t {
			return name
		}
	}
	return "string"
}

// xmlAttr escapes a value for a double-quoted XML attribute.
func xmlAttr(s string) string {
	if !strings.ContainsAny(s, "&<>\"\r\n\t") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\r':
			b.WriteString("&#13;")
		case '\n':
			b.WriteString("&#10;")
		case '\t':
			b.WriteString("&#9;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
