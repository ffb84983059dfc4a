package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/wasm/engineops"
	"github.com/iisconf/iisconf/wasm/optable"
	"github.com/iisconf/iisconf/wasm/playground"
	toolops "github.com/iisconf/iisconf/wasm/tools/ops"
)

// The Go↔TypeScript contract. The page talks to two wasm modules through
// their op tables (wasm/engineops, wasm/tools/ops: name → typed handler)
// and keeps a State (wasm/playground); the engine answers with its JSON
// model (engine/model, engine/diag). The TypeScript types of all of it
// are generated here from the Go types, by reflection (the shapes, as
// encoding/json sees them) and from the Go source (doc comments, and the
// values of string enums declared as typed constants), into web/src/gen/.
// `go run ./build` rewrites the files when they changed; TestContract
// fails when the checked-in files differ from what the Go side generates,
// so the two sides cannot drift. The Go side's JSON codecs of the ops
// (ops_json.go in each package that registers ops) are generated from the
// same tables (opcodec.go) and checked the same way.

const modulePath = "github.com/iisconf/iisconf"

// contractFile is one generated file, relative to the repository root.
type contractFile struct {
	path string
	data []byte
}

// tsFileOf says which generated file declares a package's types.
var tsFileOf = map[string]string{
	"engine/model":      "model",
	"engine/diag":       "model",
	"wasm/playground":   "state",
	"wasm/tools/ops":    "tools",
	"wasm/appcmdops":    "tools",
	"engine/metabase":   "tools",
	"engine/poolconfig": "tools",
	"engine/secrets":    "tools",
	"engine/backup":     "tools",
	"engine/complete":   "tools",
	"engine/features":   "tools",
	"engine/compare":    "tools",
	"engine/script":     "tools",
	"engine/errorpage":  "tools",
}

// tsPrefix prefixes the TypeScript names of a package's types, where its
// names would say too little beside the others.
var tsPrefix = map[string]string{
	"engine/metabase":   "Mb",
	"engine/poolconfig": "Pool",
	"engine/secrets":    "Secret",
	"engine/backup":     "Backup",
	"engine/compare":    "Compare",
	"engine/script":     "Script",
}

// tsRename names single types whose Go name would clash or mislead.
var tsRename = map[string]string{
	"engine/complete.Option":        "CompletionOption",
	"engine/complete.Info":          "HoverInfo",
	"engine/complete.Fact":          "HoverFact",
	"engine/complete.Lock":          "HoverLock",
	"wasm/appcmdops.FeaturesResult": "FeaturesChangeResult",
	"engine/diag.ID":                "DiagnosticID",
	"engine/diag.Phase":             "DiagnosticPhase",
	"engine/model.Response":         "HttpResponse",
	"wasm/tools/ops.PoolResult":     "PoolConfigResult",
	"wasm/tools/ops.ScanResult":     "SecretScan",
	"wasm/tools/ops.RedactResult":   "SecretRedaction",
	"wasm/appcmdops.ExecArgs":       "AppCmdExecArgs",
	"wasm/appcmdops.ExecResult":     "AppCmdExecResult",
	"wasm/appcmdops.NameArgs":       "BackupNameArgs",
	"engine/poolconfig.Item":        "PoolRuleItem",
	"wasm/tools/ops.ScriptNote":     "ScriptLangNote",
}

// tsOverride is the TypeScript of types whose JSON encoding is their own
// (a MarshalJSON), not what their Go shape says.
var tsOverride = map[reflect.Type]string{
	reflect.TypeFor[model.Attributes](): "Record<string, Attribute>",
}

// contractFiles generates web/src/gen/*.ts.
func contractFiles(root string) ([]contractFile, error) {
	g := &tsGen{root: root, names: map[reflect.Type]string{}, byName: map[string]reflect.Type{}, decls: map[string][]string{}, uses: map[string]map[string]bool{}, src: map[string]*goSource{}}
	tables := []struct {
		table *optable.Table
		iface string
		doc   string
	}{
		{(&engineops.Adapter{}).Table(), "EngineOps", "The engine wasm's ops (wasm/engineops), answered by the engine worker in order."},
		{toolops.New(nil).Table(), "ToolsOps", "tools.wasm's ops (wasm/tools/ops): the worker starts tools.wasm on the first of them."},
	}
	var ops bytes.Buffer
	for _, t := range tables {
		fmt.Fprintf(&ops, "/** %s */\nexport interface %s {\n", t.doc, t.iface)
		uses := map[string][]string{}
		var resources []string
		for _, op := range t.table.Ops() {
			handler := reflect.TypeOf(op.Handler())
			args, err := g.opType(handler.In(0), "ops")
			if err != nil {
				return nil, fmt.Errorf("%s %s arguments: %v", t.table.Module, op.Name, err)
			}
			res, err := g.opType(handler.Out(0), "ops")
			if err != nil {
				return nil, fmt.Errorf("%s %s result: %v", t.table.Module, op.Name, err)
			}
			fmt.Fprintf(&ops, "  /** %s */\n  %s: { args: %s; result: %s };\n", op.Doc, op.Name, args, res)
			for _, u := range op.Uses {
				if uses[u] == nil {
					resources = append(resources, u)
				}
				uses[u] = append(uses[u], strconv.Quote(op.Name))
			}
		}
		ops.WriteString("}\n\n")
		lower := strings.ToLower(t.iface[:1]) + t.iface[1:]
		fmt.Fprintf(&ops, "/** The op names of %s, in registration order. */\nexport const %s = [%s] as const;\n\n", t.iface, strings.TrimSuffix(lower, "Ops")+"OpNames", quoteAll(t.table.Names()))
		if len(resources) > 0 {
			fmt.Fprintf(&ops, "/** The ops of %s by what they use (optable.Table.Uses). */\nexport const %sOpsUsing = {\n", t.iface, strings.TrimSuffix(lower, "Ops"))
			for _, r := range resources {
				fmt.Fprintf(&ops, "  %s: [%s],\n", tsKey(r), strings.Join(uses[r], ", "))
			}
			ops.WriteString("} as const;\n\n")
		}
	}
	for _, t := range []reflect.Type{reflect.TypeFor[playground.State](), reflect.TypeFor[playground.ChangedFile]()} {
		if _, err := g.ref(t, "state"); err != nil {
			return nil, err
		}
	}
	if err := g.drain(); err != nil {
		return nil, err
	}
	viewFields, err := g.viewFields()
	if err != nil {
		return nil, err
	}
	g.decls["state"] = append(g.decls["state"], viewFields)
	folders, err := frameworkFoldersTS()
	if err != nil {
		return nil, err
	}
	g.decls["model"] = append(g.decls["model"], folders)
	g.decls["ops"] = append([]string{"/** The arguments of an op that takes none. */\nexport type None = Record<string, never>;\n", ops.String()}, g.decls["ops"]...)
	var out []contractFile
	for _, f := range []string{"model", "state", "ops", "tools"} {
		out = append(out, contractFile{path: filepath.Join("web", "src", "gen", f+".ts"), data: g.file(f)})
	}
	codecs, err := opCodecFiles(tables[0].table, tables[1].table)
	if err != nil {
		return nil, err
	}
	return append(out, codecs...), nil
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// writeContract rewrites the generated files that changed; the build's
// first step, so the bundles and the type-check see the current contract.
func writeContract(root string) error {
	files, err := contractFiles(root)
	if err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(root, f.path)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, f.data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// tsGen turns Go types into TypeScript declarations, one per named type,
// each in the file its package belongs to.
type tsGen struct {
	root    string
	names   map[reflect.Type]string    // declared (or being declared) types
	byName  map[string]reflect.Type    // TypeScript name → Go type, to catch clashes
	decls   map[string][]string        // file → declarations, in discovery order
	uses    map[string]map[string]bool // file → names it takes from other files
	pending []reflect.Type
	src     map[string]*goSource // by package path
}

// pkgRel is a type's package path within the module ("engine/model").
func pkgRel(t reflect.Type) string {
	return strings.TrimPrefix(t.PkgPath(), modulePath+"/")
}

func (g *tsGen) fileOf(t reflect.Type) string {
	if f, ok := tsFileOf[pkgRel(t)]; ok {
		return f
	}
	return "ops"
}

func (g *tsGen) tsName(t reflect.Type) string {
	key := pkgRel(t) + "." + t.Name()
	if n, ok := tsRename[key]; ok {
		return n
	}
	if p := tsPrefix[pkgRel(t)]; p != "" && !strings.HasPrefix(t.Name(), p) {
		return p + t.Name()
	}
	return t.Name()
}

// opType is an op's argument or result type as a TypeScript expression.
func (g *tsGen) opType(t reflect.Type, from string) (string, error) {
	if t == reflect.TypeFor[optable.None]() {
		return "None", nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return g.ref(t, from)
}

// ref is the TypeScript expression for t, used in file from.
func (g *tsGen) ref(t reflect.Type, from string) (string, error) {
	if s, ok := tsOverride[t]; ok {
		// The override names other types: make sure they are declared.
		if t == reflect.TypeFor[model.Attributes]() {
			if _, err := g.ref(reflect.TypeFor[model.Attribute](), from); err != nil {
				return "", err
			}
		}
		return s, nil
	}
	if t.Implements(reflect.TypeFor[json.Marshaler]()) || reflect.PointerTo(t).Implements(reflect.TypeFor[json.Marshaler]()) {
		return "", fmt.Errorf("%v encodes itself (MarshalJSON): give its TypeScript in tsOverride", t)
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number", nil
	case reflect.String:
		if t.Name() != "" && t.PkgPath() != "" {
			if vals := g.source(t).consts[t.Name()]; len(vals) > 0 {
				return g.named(t, from)
			}
		}
		return "string", nil
	case reflect.Interface:
		return "unknown", nil
	case reflect.Pointer:
		return g.ref(t.Elem(), from)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "string", nil // base64, as encoding/json writes []byte
		}
		e, err := g.ref(t.Elem(), from)
		if err != nil {
			return "", err
		}
		if strings.ContainsAny(e, "| ") && !strings.HasPrefix(e, "{") && !strings.HasPrefix(e, "Record<") {
			e = "(" + e + ")"
		}
		return e + "[]", nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return "", fmt.Errorf("%v: map keys must be strings", t)
		}
		e, err := g.ref(t.Elem(), from)
		if err != nil {
			return "", err
		}
		return "Record<string, " + e + ">", nil
	case reflect.Struct:
		if t.PkgPath() == "time" && t.Name() == "Time" {
			return "string", nil
		}
		if t.Name() == "" {
			return g.object(t, from, "")
		}
		return g.named(t, from)
	}
	return "", fmt.Errorf("%v: no TypeScript for kind %s", t, t.Kind())
}

// named declares t (once) and returns its TypeScript name.
func (g *tsGen) named(t reflect.Type, from string) (string, error) {
	name, ok := g.names[t]
	if !ok {
		name = g.tsName(t)
		if other, clash := g.byName[name]; clash {
			return "", fmt.Errorf("%v and %v are both %s in TypeScript: add one to tsRename", other, t, name)
		}
		g.names[t] = name
		g.byName[name] = t
		g.pending = append(g.pending, t)
	}
	if f := g.fileOf(t); f != from {
		if g.uses[from] == nil {
			g.uses[from] = map[string]bool{}
		}
		g.uses[from][name] = true
	}
	return name, nil
}

// drain declares every type named so far, and those they name.
func (g *tsGen) drain() error {
	for len(g.pending) > 0 {
		t := g.pending[0]
		g.pending = g.pending[1:]
		file := g.fileOf(t)
		name := g.names[t]
		src := g.source(t)
		doc := jsDoc(src.typeDocs[t.Name()], "")
		var decl string
		if t.Kind() == reflect.String {
			vals := src.consts[t.Name()]
			decl = fmt.Sprintf("%sexport type %s = %s;\n", doc, name, quoteAll(vals))
			decl = strings.ReplaceAll(decl, ", ", " | ")
		} else {
			bases, err := g.bases(t, file)
			if err != nil {
				return err
			}
			var b strings.Builder
			b.WriteString("{\n")
			if err := g.fieldsBeyond(&b, t, file, "  ", len(bases) > 0); err != nil {
				return err
			}
			b.WriteString("}")
			ext := ""
			if len(bases) > 0 {
				ext = "extends " + strings.Join(bases, ", ") + " "
			}
			decl = fmt.Sprintf("%sexport interface %s %s%s\n", doc, name, ext, b.String())
		}
		g.decls[file] = append(g.decls[file], decl)
	}
	return nil
}

// object is a struct's fields as a TypeScript object type, as encoding/json
// writes them: embedded structs flattened, omitempty fields optional, a
// nil pointer without omitempty null.
func (g *tsGen) object(t reflect.Type, from, indent string) (string, error) {
	var b strings.Builder
	b.WriteString("{\n")
	if err := g.fields(&b, t, from, indent+"  ", false); err != nil {
		return "", err
	}
	b.WriteString(indent + "}")
	return b.String(), nil
}

// bases are the TypeScript interfaces a named struct extends: its embedded
// named structs (by value, no JSON name), so that a Go type built on
// another (EditorDiagnostic on diag.Diagnostic) is one shape in TypeScript
// too rather than a copy of its fields. A struct whose own fields shadow an
// embedded one's (encoding/json drops the embedded field) is flattened
// instead, as are embedded pointers (their fields are all optional).
func (g *tsGen) bases(t reflect.Type, from string) ([]string, error) {
	var embedded []reflect.Type
	own := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if isBase(f) {
			embedded = append(embedded, f.Type)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		own[name] = true
	}
	if len(embedded) == 0 {
		return nil, nil
	}
	var names []string
	for _, et := range embedded {
		for _, k := range jsonKeys(et) {
			if own[k] {
				return nil, nil // shadowed: flatten
			}
		}
		n, err := g.ref(et, from)
		if err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, nil
}

// isBase reports whether f is an embedded named struct, by value and
// without a JSON name, that TypeScript can extend.
func isBase(f reflect.StructField) bool {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	_, over := tsOverride[f.Type]
	return f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct && f.IsExported() && !over
}

// jsonKeys are the keys encoding/json writes for struct t, embedded
// structs' keys included.
func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		et := f.Type
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if f.Anonymous && name == "" && et.Kind() == reflect.Struct {
			keys = append(keys, jsonKeys(et)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		keys = append(keys, name)
	}
	return keys
}

// fieldsBeyond writes t's fields, leaving out its embedded bases when
// skipBases (they come through extends).
func (g *tsGen) fieldsBeyond(b *strings.Builder, t reflect.Type, from, indent string, skipBases bool) error {
	return g.walkFields(b, t, from, indent, false, skipBases)
}

func (g *tsGen) fields(b *strings.Builder, t reflect.Type, from, indent string, allOptional bool) error {
	return g.walkFields(b, t, from, indent, allOptional, false)
}

func (g *tsGen) walkFields(b *strings.Builder, t reflect.Type, from, indent string, allOptional, skipBases bool) error {
	src := g.source(t)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if skipBases && isBase(f) {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			ptr := et.Kind() == reflect.Pointer
			if ptr {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if err := g.walkFields(b, et, from, indent, allOptional || ptr, false); err != nil {
					return err
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := allOptional || strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		var typ string
		if ts := f.Tag.Get("ts"); ts != "" {
			typ = ts
		} else {
			var err error
			if typ, err = g.ref(f.Type, from); err != nil {
				return fmt.Errorf("%v.%s: %v", t, f.Name, err)
			}
			if f.Type.Kind() == reflect.Pointer && !optional {
				typ += " | null"
			}
		}
		q := ""
		if optional {
			q = "?"
		}
		if t.Name() != "" {
			b.WriteString(jsDoc(src.fieldDocs[t.Name()+"."+f.Name], indent))
		}
		fmt.Fprintf(b, "%s%s%s: %s;\n", indent, tsKey(name), q, typ)
	}
	return nil
}

func tsKey(name string) string {
	for _, r := range name {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return strconv.Quote(name)
		}
	}
	return name
}

// viewFields lists ViewState's fields and their JSON types, for the page's
// validation of a State read from outside (share.ts validateState).
func (g *tsGen) viewFields() (string, error) {
	t := reflect.TypeFor[playground.ViewState]()
	var parts []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		kind := map[reflect.Kind]string{reflect.String: "string", reflect.Bool: "boolean", reflect.Int: "number"}[f.Type.Kind()]
		if kind == "" {
			return "", fmt.Errorf("ViewState.%s: a view option is a string, a number or a boolean", f.Name)
		}
		parts = append(parts, fmt.Sprintf("%s: %q", tsKey(name), kind))
	}
	return "/** ViewState's options and their JSON types (a State read from outside keeps these only). */\nexport const viewFields = { " + strings.Join(parts, ", ") + " } as const;\n", nil
}

// frameworkFoldersTS is the engine's table of .NET Framework folders
// (config.FrameworkFolders, docs/hierarchy.md#framework-folders), for the
// import's placing of machine.config and root web.config files (zip.ts,
// importplan.ts): their spelling is the engine's rule, not a copy.
func frameworkFoldersTS() (string, error) {
	var rows strings.Builder
	for _, f := range config.FrameworkFolders() {
		row, err := json.Marshal(f)
		if err != nil {
			return "", err
		}
		rows.WriteString("\n  " + string(row) + ",")
	}
	return "/** The .NET Framework Config folders a pool can pick, spelt as the engine reads them (config.FrameworkFolders). */\nexport const frameworkFolders = [" + rows.String() + "\n] as const;\n", nil
}

// file assembles one generated file.
func (g *tsGen) file(f string) []byte {
	var b bytes.Buffer
	b.WriteString("// Generated by `go run ./build` from the Go types (build/contract.go): do not\n// edit. Change the Go side and rebuild; TestContract fails while they differ.\n")
	byFile := map[string][]string{}
	for name := range g.uses[f] {
		src := g.fileOf(g.byName[name])
		byFile[src] = append(byFile[src], name)
	}
	var srcs []string
	for s := range byFile {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		names := byFile[s]
		sort.Strings(names)
		fmt.Fprintf(&b, "import type { %s } from \"./%s\";\n", strings.Join(names, ", "), s)
	}
	for _, d := range g.decls[f] {
		b.WriteString("\n")
		b.WriteString(d)
	}
	return b.Bytes()
}

// jsDoc is a Go comment as a /** */ block.
func jsDoc(text, indent string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	text = strings.ReplaceAll(text, "*/", "*\\/")
	lines := strings.Split(text, "\n")
	if len(lines) == 1 {
		return indent + "/** " + lines[0] + " */\n"
	}
	var b strings.Builder
	b.WriteString(indent + "/**\n")
	for _, l := range lines {
		b.WriteString(strings.TrimRight(indent+" * "+l, " ") + "\n")
	}
	b.WriteString(indent + " */\n")
	return b.String()
}

// goSource is what the generator reads from a package's source: doc
// comments of types and fields, and the values of typed string constants.
type goSource struct {
	typeDocs  map[string]string   // type → doc
	fieldDocs map[string]string   // type.Field → doc (or line comment)
	consts    map[string][]string // type → its string constants' values, in order
}

func (g *tsGen) source(t reflect.Type) *goSource {
	pkg := t.PkgPath()
	if s, ok := g.src[pkg]; ok {
		return s
	}
	s := &goSource{typeDocs: map[string]string{}, fieldDocs: map[string]string{}, consts: map[string][]string{}}
	g.src[pkg] = s
	if !strings.HasPrefix(pkg, modulePath+"/") {
		return s
	}
	dir := filepath.Join(g.root, filepath.FromSlash(strings.TrimPrefix(pkg, modulePath+"/")))
	fset := token.NewFileSet()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			continue
		}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			switch gd.Tok {
			case token.TYPE:
				for _, sp := range gd.Specs {
					ts := sp.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil && len(gd.Specs) == 1 {
						doc = gd.Doc
					}
					s.typeDocs[ts.Name.Name] = docText(doc)
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, f := range st.Fields.List {
						text := docText(f.Doc)
						if text == "" {
							text = docText(f.Comment)
						}
						for _, n := range f.Names {
							s.fieldDocs[ts.Name.Name+"."+n.Name] = text
						}
						if len(f.Names) == 0 { // embedded
							s.fieldDocs[ts.Name.Name+"."+exprName(f.Type)] = text
						}
					}
				}
			case token.CONST:
				var typ string
				for _, sp := range gd.Specs {
					vs := sp.(*ast.ValueSpec)
					if id, ok := vs.Type.(*ast.Ident); ok {
						typ = id.Name
					} else if vs.Type != nil || len(vs.Values) > 0 {
						typ = ""
					}
					for _, v := range vs.Values {
						if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING && typ != "" {
							if val, err := strconv.Unquote(lit.Value); err == nil {
								s.consts[typ] = append(s.consts[typ], val)
							}
						}
					}
				}
			}
		}
	}
	return s
}

func exprName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return exprName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

func docText(c *ast.CommentGroup) string {
	if c == nil {
		return ""
	}
	return strings.TrimSpace(c.Text())
}
