package stock

import (
	"fmt"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir holds the reference files the tests check facts against. The
// tests skip when it is absent (the corpus is not shipped with the project).
var corpusDir, _ = testkit.CorpusDir()

// Reference schema files: IIS 10 for IIS sections, the ASP.NET schema for
// system.web, the IIS Express 10 FX schema for the .NET sections.
var schemaFiles = []string{
	"schema/lextm__iis_schema__iis10__IIS_schema.xml",
	"schema/RedHatSE__windowcontainertest__config-Schema-ASPNET_schema.xml",
	"schema/lextm__iisexpress_schema__iisexpress10__FX_schema.xml",
}

// loadSchemas returns every <sectionSchema> of the reference files by name.
// A section defined in several files keeps the first definition.
func loadSchemas() (map[string]*node, error) {
	out := map[string]*node{}
	for _, f := range schemaFiles {
		b, err := os.ReadFile(filepath.Join(corpusDir, f))
		if err != nil {
			return nil, err
		}
		root, err := parseTree(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, s := range root.Children {
			if s.Name != "sectionSchema" {
				continue
			}
			name, _ := s.attr("name")
			if _, dup := out[name]; !dup {
				out[name] = s
			}
		}
	}
	return out, nil
}

// lockAttributes are the configuration system's own attributes, valid on any
// element (lockItem only on collection items, but the tests need not care).
var lockAttributes = map[string]bool{
	"lockAttributes": true, "lockAllAttributesExcept": true,
	"lockElements": true, "lockAllElementsExcept": true, "lockItem": true,
}

// validate checks cfg against its schema element sch (a sectionSchema, an
// element, or a collection for collection items) and returns one message per
// problem, each naming the file line.
func validate(cfg, sch *node, path string) []string {
	var errs []string
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Sprintf("line %d: %s: ", cfg.Line, path)+fmt.Sprintf(format, a...))
	}
	allowUnknown := attrOr(sch, "allowUnrecognizedAttributes", "false") == "true"
	for _, a := range cfg.Attrs {
		name := a.Name.Local
		if a.Name.Space != "" || lockAttributes[name] {
			continue
		}
		as := schemaChild(sch, "attribute", name)
		if as == nil {
			if !allowUnknown {
				bad("attribute %q is not in the schema", name)
			}
			continue
		}
		if msg := checkValue(as, a.Value); msg != "" {
			bad("attribute %s=%q: %s", name, a.Value, msg)
		}
	}
	coll := schemaChild(sch, "collection", "")
	for _, c := range cfg.Children {
		if es := schemaChild(sch, "element", c.Name); es != nil {
			errs = append(errs, validate(c, es, path+"/"+c.Name)...)
			continue
		}
		switch {
		case coll != nil && listHas(attrOr(coll, "addElement", ""), c.Name):
			errs = append(errs, validate(c, coll, path+"/"+c.Name)...)
		case coll != nil && c.Name == attrOr(coll, "clearElement", "\x00"):
			if len(c.Attrs) > 0 || len(c.Children) > 0 {
				errs = append(errs, fmt.Sprintf("line %d: %s/%s: clear takes no content", c.Line, path, c.Name))
			}
		case coll != nil && c.Name == attrOr(coll, "removeElement", "\x00"):
			// remove carries only key attributes; nothing in the stock files uses it.
		default:
			errs = append(errs, fmt.Sprintf("line %d: %s: element <%s> is not in the schema", c.Line, path, c.Name))
		}
	}
	return errs
}

// schemaChild returns the child of sch of the given kind ("attribute",
// "element", "collection") whose name is name ("" matches any name).
func schemaChild(sch *node, kind, name string) *node {
	for _, c := range sch.Children {
		if c.Name != kind {
			continue
		}
		if n, _ := c.attr("name"); name == "" || n == name {
			return c
		}
	}
	return nil
}

func listHas(list, name string) bool {
	for _, s := range strings.Split(list, ",") {
		if strings.TrimSpace(s) == name {
			return true
		}
	}
	return false
}

// checkValue reports why v is not a valid value of attribute schema as, or "".
func checkValue(as *node, v string) string {
	// Enums list <enum> children, flags list <flag> children.
	enumNames := func() map[string]bool {
		m := map[string]bool{}
		for _, e := range as.Children {
			if e.Name == "enum" || e.Name == "flag" {
				n, _ := e.attr("name")
				m[n] = true
			}
		}
		return m
	}
	switch typ, _ := as.attr("type"); typ {
	case "bool":
		if l := strings.ToLower(v); l != "true" && l != "false" {
			return "not a bool"
		}
	case "enum":
		if !enumNames()[v] {
			return "not a declared enum name"
		}
	case "flags":
		names := enumNames()
		for _, f := range strings.Split(v, ",") {
			if !names[strings.TrimSpace(f)] {
				return fmt.Sprintf("flag %q is not declared", strings.TrimSpace(f))
			}
		}
	case "uint", "int", "int64":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "not an integer"
		}
	}
	return ""
}

// TestValidatorCatchesMistakes proves the schema check is not vacuous.
func TestValidatorCatchesMistakes(t *testing.T) {
	needCorpus(t)
	schemas, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := parseTree([]byte("<handlers accessPolicy=\"Read, Bogus\" extra=\"1\">\n<add name=\"x\" path=\"*\" verb=\"*\" resourceType=\"file\" />\n<nope />\n</handlers>"))
	if err != nil {
		t.Fatal(err)
	}
	got := validate(cfg, schemas["system.webServer/handlers"], "system.webServer/handlers")
	want := []string{
		`line 1: system.webServer/handlers: attribute accessPolicy="Read, Bogus": flag "Bogus" is not declared`,
		`line 1: system.webServer/handlers: attribute "extra" is not in the schema`,
		`line 2: system.webServer/handlers/add: attribute resourceType="file": not a declared enum name`,
		`line 3: system.webServer/handlers: element <nope> is not in the schema`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("validate found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
