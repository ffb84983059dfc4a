package schema

import (
	"path"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/sortx"
)

// File is one schema file: a built-in fact file or a user's IIS XML file.
type File struct {
	Name     string // file name as given, e.g. "IIS_schema.xml"
	Sections []*Section
}

// Problem is something wrong in a schema file, at byte range r of it
// (diag.NoRange for built-in data, which carries no text): the catalogue's
// DECL_BAD text with our message, as a warning. IIS's own reaction to a
// bad schema file is not captured; the server goes on with what it could
// read, and so do we.
func Problem(file string, r diag.Range, msg string) diag.Diagnostic {
	d := diag.At(diag.DeclBad, file, r, msg)
	d.Severity = diag.Warning
	return d
}

// Build combines schema files into a Schema. Sections with the same name
// merge by union (docs/declarations.md#schema-files: an extension file may add attributes and
// elements to an existing section). The inputs are never modified: a
// section defined once is shared, a merged one is a fresh copy.
func Build(files []*File) (*Schema, []diag.Diagnostic) {
	s := &Schema{sections: make(map[string]*Section)}
	var problems []diag.Diagnostic
	owned := make(map[*Section]bool) // merged copies that may be changed in place
	for _, f := range files {
		for _, sec := range f.Sections {
			prev, ok := s.sections[sec.Name]
			if !ok {
				s.sections[sec.Name] = sec
				s.names = append(s.names, sec.Name)
				continue
			}
			if !owned[prev] {
				prev = &Section{Name: prev.Name, Root: cloneElement(prev.Root), Source: prev.Source, Line: prev.Line, Col: prev.Col}
				owned[prev] = true
				s.sections[sec.Name] = prev
			}
			if !sourceListed(prev.Source, sec.Source) {
				prev.Source += ", " + sec.Source
			}
			mergeElement(prev.Root, sec.Root, sec.Name, &problems)
		}
	}
	sortx.Strings(s.names)
	return s, problems
}

// WithUserFiles builds the built-in schema together with user schema files.
// A user file whose base name (extension and folder dropped, compared
// case-insensitively) equals a built-in file's replaces it, so a user's
// IIS_schema.xml stands in for the built-in IIS_schema.txt; every other
// user file extends the schema by union.
func WithUserFiles(user []*File) (*Schema, []diag.Diagnostic) {
	replaced := make(map[string]bool)
	for _, u := range user {
		replaced[schemaFileKey(u.Name)] = true
	}
	var files []*File
	for _, b := range BuiltinFiles() {
		if !replaced[schemaFileKey(b.Name)] {
			files = append(files, b)
		}
	}
	files = append(files, user...)
	return Build(files)
}

// schemaFileKey is the identity of a schema file for replacement: the base
// name without extension, lower-cased. Windows and slash paths both work.
func schemaFileKey(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.TrimSuffix(name, path.Ext(name))
	return strings.ToLower(name)
}

func sourceListed(list, name string) bool {
	for _, s := range strings.Split(list, ", ") {
		if s == name {
			return true
		}
	}
	return false
}

// mergeElement adds src's attributes, elements and collection to dst (a
// private copy). where names the element for problems, e.g.
// "system.webServer/security/authentication/windowsAuthentication/providers".
func mergeElement(dst, src *Element, where string, problems *[]diag.Diagnostic) {
	for _, a := range src.Attributes {
		i := attributeIndex(dst, a.Name)
		switch {
		case i < 0:
			dst.Attributes = append(dst.Attributes, a)
		case duplicateAttributeReplaces:
			dst.Attributes[i] = a
		default:
			*problems = append(*problems, duplicateAttributeProblem(where, dst.Attributes[i], a))
		}
	}
	for _, e := range src.Elements {
		prev := dst.Element(e.Name)
		if prev == nil {
			dst.Elements = append(dst.Elements, cloneElement(e))
			continue
		}
		// prev was cloned with dst, so it is private too.
		if e.IsCollectionDefault {
			prev.IsCollectionDefault = true
		}
		mergeElement(prev, e, where+"/"+e.Name, problems)
	}
	switch {
	case src.Collection == nil:
	case dst.Collection == nil:
		dst.Collection = cloneCollection(src.Collection)
	default:
		mergeCollection(dst.Collection, src.Collection)
		mergeElement(dst.Collection.Item, src.Collection.Item, where+"/[item]", problems)
	}
	if len(dst.MoreCollections) == 0 {
		for _, more := range src.MoreCollections {
			dst.MoreCollections = append(dst.MoreCollections, cloneCollection(more))
		}
	}
}

// mergeCollection fills directives the first definition left unset; the
// first definition's directives win otherwise (INF: an extension adds to a
// section, it does not redefine it).
func mergeCollection(dst, src *Collection) {
	if len(dst.AddElements) == 0 {
		dst.AddElements = src.AddElements
	}
	if dst.RemoveElement == "" {
		dst.RemoveElement = src.RemoveElement
	}
	if dst.ClearElement == "" {
		dst.ClearElement = src.ClearElement
	}
	if dst.DefaultElement == "" {
		dst.DefaultElement = src.DefaultElement
	}
}

// cloneElement copies the element tree (not the attributes, which are
// immutable and shared) so that merging never changes an input file.
func cloneElement(e *Element) *Element {
	c := *e
	c.Attributes = append([]*Attribute(nil), e.Attributes...)
	c.Elements = make([]*Element, len(e.Elements))
	for i, child := range e.Elements {
		c.Elements[i] = cloneElement(child)
	}
	if e.Collection != nil {
		c.Collection = cloneCollection(e.Collection)
	}
	c.MoreCollections = nil
	for _, more := range e.MoreCollections {
		c.MoreCollections = append(c.MoreCollections, cloneCollection(more))
	}
	return &c
}

func cloneCollection(col *Collection) *Collection {
	c := *col
	c.Item = cloneElement(col.Item)
	return &c
}

func attributeIndex(e *Element, name string) int {
	for i, a := range e.Attributes {
		if a.Name == name {
			return i
		}
	}
	return -1
}
