package schema

import (
	"fmt"
	"github.com/iisconf/iisconf/engine/testkit"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// corpusSchemaDir holds the reference IIS schema files (test input only,
// never shipped). IISCONF_CORPUS overrides the corpus root.
func corpusSchemaDir(t testing.TB) string {
	dir := filepath.Join(testkit.Corpus(t), "schema")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return dir
}

// referenceFiles maps each built-in file to the IIS 10 era reference it
// was derived from.
var referenceFiles = []struct{ builtin, reference string }{
	{"IIS_schema.txt", "lextm__iis_schema__iis10__IIS_schema.xml"},
	{"ASPNET_schema.txt", "RedHatSE__windowcontainertest__config-Schema-ASPNET_schema.xml"},
	{"FX_schema.txt", "lextm__iisexpress_schema__iisexpress10__FX_schema.xml"},
	{"rewrite_schema.txt", "kiba518__WinFormIISExpressHost__IISExpress-config-schema-rewrite_schema.xml"},
	{"arr_schema.txt", "lextm__iis_schema__oob__arr_schema.xml"},
	{"webfarm_schema.txt", "lextm__iis_schema__oob__webfarm.xml"},
	{"aspnetcore_schema_v2.txt", "lextm__iis_schema__oob__aspnetcore_schema_v2.xml"},
	{"httpplatform_schema.txt", "jexuswebserver__JexusManager__Tests-schema-httpplatform_schema.xml"},
	{"WebDAV_schema.txt", "RedHatSE__windowcontainertest__config-Schema-WebDAV_schema.xml"},
	{"FTP_schema.txt", "lextm__iis_schema__iis8.5__Ftp_schema.xml"},
	{"rscaext.txt", "RedHatSE__windowcontainertest__config-Schema-rscaext.xml"},
	{"iisnode_schema.txt", "tjanczuk__iisnode__src-config-iisnode_schema.xml"},
	{"dbmanager_schema.txt", "lextm__iisexpress_schema__iisexpress7__dbmanager_schema.xml"},
}

// subsetReferenceFiles are built-in files that carry only part of their
// reference: each fact they hold must match it exactly.
var subsetReferenceFiles = []struct{ builtin, reference string }{
	{"NetFx45_IIS_schema_update.txt", "lextm__iis_schema__iis7.0__NetFx45_IIS_schema_update.xml"},
}

func TestBuiltinMatchesReference(t *testing.T) {
	dir := corpusSchemaDir(t)
	builtin := make(map[string]*File)
	for _, f := range BuiltinFiles() {
		builtin[f.Name] = f
	}
	if len(builtin) != len(referenceFiles)+len(subsetReferenceFiles) {
		t.Errorf("%d built-in files, %d references", len(builtin), len(referenceFiles)+len(subsetReferenceFiles))
	}
	for _, rf := range subsetReferenceFiles {
		src, err := os.ReadFile(filepath.Join(dir, rf.reference))
		if err != nil {
			t.Errorf("%s: %v", rf.reference, err)
			continue
		}
		ref, _ := ParseXML(rf.reference, src)
		got := builtin[rf.builtin]
		if got == nil {
			t.Errorf("no built-in file %s", rf.builtin)
			continue
		}
		refByName := map[string]*Section{}
		for _, s := range ref.Sections {
			refByName[s.Name] = s
		}
		for _, gs := range got.Sections {
			rs := refByName[gs.Name]
			if rs == nil {
				t.Errorf("%s: section %s not in %s", rf.builtin, gs.Name, rf.reference)
				continue
			}
			for _, ga := range gs.Root.Attributes {
				ra := rs.Root.Attribute(ga.Name)
				if ra == nil {
					t.Errorf("%s: %s/@%s not in %s", rf.builtin, gs.Name, ga.Name, rf.reference)
					continue
				}
				for _, field := range attributeDiff(ra, ga) {
					t.Errorf("%s %s/@%s: %s", rf.builtin, gs.Name, ga.Name, field)
				}
			}
		}
	}
	for _, rf := range referenceFiles {
		src, err := os.ReadFile(filepath.Join(dir, rf.reference))
		if err != nil {
			t.Errorf("%s: %v", rf.reference, err)
			continue
		}
		ref, problems := ParseXML(rf.reference, src)
		for _, p := range problems {
			t.Errorf("reference problem: %v", p)
		}
		got := builtin[rf.builtin]
		if got == nil {
			t.Errorf("no built-in file %s", rf.builtin)
			continue
		}
		for _, d := range diffFiles(ref, got) {
			t.Errorf("%s vs %s: %s", rf.builtin, rf.reference, d)
		}
	}
}

// diffFiles lists every disagreement between two schema files, section by
// section, naming the section, element path and attribute.
func diffFiles(want, got *File) []string {
	var out []string
	wantNames, gotNames := sectionNames(want), sectionNames(got)
	if !reflect.DeepEqual(wantNames, gotNames) {
		out = append(out, fmt.Sprintf("sections differ:\n  want %v\n  got  %v", wantNames, gotNames))
	}
	gotByName := make(map[string]*Section)
	for _, s := range got.Sections {
		gotByName[s.Name] = s
	}
	for _, w := range want.Sections {
		if g := gotByName[w.Name]; g != nil {
			diffElements(w.Name, w.Root, g.Root, &out)
		}
	}
	return out
}

func sectionNames(f *File) []string {
	var names []string
	for _, s := range f.Sections {
		names = append(names, s.Name)
	}
	return names
}

func diffElements(where string, want, got *Element, out *[]string) {
	if want.Name != got.Name || want.IsCollectionDefault != got.IsCollectionDefault {
		*out = append(*out, fmt.Sprintf("%s: element %q/%v, want %q/%v", where, got.Name, got.IsCollectionDefault, want.Name, want.IsCollectionDefault))
	}
	if a, b := attributeNames(want), attributeNames(got); !reflect.DeepEqual(a, b) {
		*out = append(*out, fmt.Sprintf("%s: attributes %v, want %v", where, b, a))
	}
	for _, w := range want.Attributes {
		if g := got.Attribute(w.Name); g != nil {
			for _, field := range attributeDiff(w, g) {
				*out = append(*out, fmt.Sprintf("%s @%s: %s", where, w.Name, field))
			}
		}
	}
	if a, b := elementNames(want), elementNames(got); !reflect.DeepEqual(a, b) {
		*out = append(*out, fmt.Sprintf("%s: elements %v, want %v", where, b, a))
	}
	for _, w := range want.Elements {
		if g := got.Element(w.Name); g != nil {
			diffElements(where+"/"+w.Name, w, g, out)
		}
	}
	wantCols := append([]*Collection{want.Collection}, want.MoreCollections...)
	gotCols := append([]*Collection{got.Collection}, got.MoreCollections...)
	if len(wantCols) != len(gotCols) {
		*out = append(*out, fmt.Sprintf("%s: %d collections, want %d", where, len(gotCols), len(wantCols)))
		return
	}
	for i := range wantCols {
		diffCollections(fmt.Sprintf("%s/collection[%d]", where, i), wantCols[i], gotCols[i], out)
	}
}

func diffCollections(where string, want, got *Collection, out *[]string) {
	switch {
	case want == nil && got == nil:
		return
	case want == nil || got == nil:
		*out = append(*out, fmt.Sprintf("%s: collection present %v, want %v", where, got != nil, want != nil))
		return
	}
	w, g := *want, *got
	w.Item, g.Item = nil, nil
	if !reflect.DeepEqual(w, g) {
		*out = append(*out, fmt.Sprintf("%s: directives %+v, want %+v", where, g, w))
	}
	diffElements(where, want.Item, got.Item, out)
}

// attributeDiff names each schema field on which two attributes disagree;
// where they come from (Source, Line, Col) does not count.
func attributeDiff(want, got *Attribute) []string {
	w, g := reflect.ValueOf(*want), reflect.ValueOf(*got)
	var fields []string
	for i := 0; i < w.NumField(); i++ {
		name := w.Type().Field(i).Name
		switch name {
		case "Source", "Line", "Col":
			continue
		}
		if !reflect.DeepEqual(w.Field(i).Interface(), g.Field(i).Interface()) {
			fields = append(fields, fmt.Sprintf("%s = %v, want %v", name, g.Field(i).Interface(), w.Field(i).Interface()))
		}
	}
	return fields
}

func attributeNames(e *Element) []string {
	var names []string
	for _, a := range e.Attributes {
		names = append(names, a.Name)
	}
	return names
}

func elementNames(e *Element) []string {
	var names []string
	for _, c := range e.Elements {
		names = append(names, c.Name)
	}
	return names
}

// TestCorpusSchemaFilesParse reads every schema file of the corpus: none
// may panic, and the well-formed IIS ones must parse without problems.
func TestCorpusSchemaFilesParse(t *testing.T) {
	dir := corpusSchemaDir(t)
	paths, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus schema files: %v", err)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, problems := ParseXML(filepath.Base(p), src)
		if f == nil {
			t.Errorf("%s: nil file", p)
			continue
		}
		isIISSchema := !strings.Contains(p, "iisnode") && !strings.Contains(p, "BackupManager") && !strings.Contains(p, "deploymentAuthorization")
		if isIISSchema && (len(problems) > 0 || len(f.Sections) == 0) {
			t.Errorf("%s: %d sections, problems %v", filepath.Base(p), len(f.Sections), problems)
		}
		if _, buildProblems := Build([]*File{f}); isIISSchema && len(buildProblems) > 0 {
			t.Errorf("%s: build problems %v", filepath.Base(p), buildProblems)
		}
	}
}

// TestIISSchemaVariants logs how the other IIS 10 copy (RedHatSE, Windows
// Server 2019 era) differs from the reference our IIS_schema.txt follows.
// It documents, it does not fail: run with -v to read the list.
func TestIISSchemaVariants(t *testing.T) {
	dir := corpusSchemaDir(t)
	read := func(name string) *File {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f, _ := ParseXML(name, src)
		return f
	}
	ours := read("lextm__iis_schema__iis10__IIS_schema.xml")
	other := read("RedHatSE__windowcontainertest__config-Schema-IIS_schema.xml")
	for _, d := range diffFiles(other, ours) {
		t.Logf("lextm iis10 vs RedHatSE (want = RedHatSE): %s", d)
	}
}
