package main

import (
	"bytes"
	"fmt"
	"go/format"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/jsonx"
	"github.com/iisconf/iisconf/wasm/optable"
)

// The wasm ops' JSON codecs. An op's handler is a typed Go function
// (optable.Add); the wasm cannot afford reflection (package reflect alone
// was ~70 KB of the engine wasm's brotli), so each package that registers
// ops gets a generated file, ops_json.go, with a decoder for every
// argument type and an encoder for every result type its handlers use,
// and a codec (optable.Codec) that picks them by the handler's signature.
// They are generated here from the same op tables, by the same reflection
// over the same types, as the TypeScript contract (contract.go), and
// checked by TestContract the same way: the Go and TypeScript sides of an
// op cannot drift apart, and neither can a type and its codec.
//
// The generated code writes and reads what encoding/json would for these
// types (TestMatchesEncodingJSON in package optable): members in field
// order with embedded structs' fields in place, the json tag's name,
// omitempty and "-", nil pointers, slices and maps as null, map keys
// sorted, a key found exactly or else ignoring case. Kinds the ops do not
// use (floats, interfaces, arrays, []byte, unnamed structs, ",string") are
// an error here rather than a guess. If a type change leaves an ops_json.go
// that no longer compiles, delete the file (its package still compiles
// without it, and its ops then answer "no JSON codec") and run the build.

// opCodecFiles generates ops_json.go for every package that registers ops
// in one of the tables.
func opCodecFiles(tables ...*optable.Table) ([]contractFile, error) {
	byPkg := map[string]*codecGen{}
	var order []string
	for _, t := range tables {
		for _, op := range t.Ops() {
			fn := op.Handler()
			pkg := handlerPackage(fn)
			if !strings.HasPrefix(pkg, modulePath+"/") {
				return nil, fmt.Errorf("%s %s: handler in package %q, outside the module", t.Module, op.Name, pkg)
			}
			g := byPkg[pkg]
			if g == nil {
				g = newCodecGen(pkg)
				byPkg[pkg] = g
				order = append(order, pkg)
			}
			if err := g.signature(reflect.TypeOf(fn)); err != nil {
				return nil, fmt.Errorf("%s %s: %v", t.Module, op.Name, err)
			}
		}
	}
	sort.Strings(order)
	var out []contractFile
	for _, pkg := range order {
		data, err := byPkg[pkg].file()
		if err != nil {
			return nil, err
		}
		out = append(out, contractFile{path: strings.TrimPrefix(pkg, modulePath+"/") + "/ops_json.go", data: data})
	}
	return out, nil
}

// handlerPackage is the import path of the package a handler's code is in
// (a method value, a closure or a function), which registered it.
func handlerPackage(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	slash := strings.LastIndexByte(name, '/')
	if dot := strings.IndexByte(name[slash+1:], '.'); dot >= 0 {
		return name[:slash+1+dot]
	}
	return name
}

// codecGen writes one package's ops_json.go.
type codecGen struct {
	pkg     string // import path
	name    string // package name
	imports map[string]string
	sigs    []reflect.Type
	seen    map[reflect.Type]bool
	funcs   map[string]bool // generated: "dec "/"enc " + type
	pending []codecFunc
	body    bytes.Buffer
	names   map[string]reflect.Type // function suffix → type, to catch clashes
}

type codecFunc struct {
	t      reflect.Type
	decode bool
	fields bool // a struct's members without the braces (appendJSONFields…)
}

func newCodecGen(pkg string) *codecGen {
	return &codecGen{pkg: pkg, name: pkg[strings.LastIndexByte(pkg, '/')+1:], imports: map[string]string{},
		seen: map[reflect.Type]bool{}, funcs: map[string]bool{}, names: map[string]reflect.Type{}}
}

var errorType = reflect.TypeFor[error]()

func (g *codecGen) signature(ft reflect.Type) error {
	if ft.Kind() != reflect.Func || ft.NumIn() != 1 || ft.NumOut() != 2 || ft.Out(1) != errorType {
		return fmt.Errorf("handler %v is not a func(A) (R, error)", ft)
	}
	if g.seen[ft] {
		return nil
	}
	g.seen[ft] = true
	g.sigs = append(g.sigs, ft)
	if _, err := g.fn(ft.In(0), true); err != nil {
		return err
	}
	_, err := g.fn(ft.Out(0), false)
	return err
}

// fn names t's decoder or encoder, queueing it to be written.
func (g *codecGen) fn(t reflect.Type, decode bool) (string, error) {
	return g.fnOf(codecFunc{t: t, decode: decode})
}

func (g *codecGen) fnOf(f codecFunc) (string, error) {
	t, decode := f.t, f.decode
	suffix, err := g.suffix(t)
	if err != nil {
		return "", err
	}
	if other, ok := g.names[suffix]; ok && other != t {
		return "", fmt.Errorf("%v and %v would both be %s in the generated codec", other, t, suffix)
	}
	g.names[suffix] = t
	name := "appendJSON" + suffix
	switch {
	case decode:
		name = "decodeJSON" + suffix
	case f.fields:
		name = "appendJSONFields" + suffix
	}
	if !g.funcs[name] {
		g.funcs[name] = true
		g.pending = append(g.pending, f)
	}
	return name, nil
}

// suffix names a type in generated function names: LoadArgs,
// Model_SiteMap, SliceDiag_Diagnostic, PtrModel_SiteMap, String.
func (g *codecGen) suffix(t reflect.Type) (string, error) {
	switch {
	case t.Name() != "" && t.PkgPath() == "":
		return strings.ToUpper(t.Name()[:1]) + t.Name()[1:], nil
	case t.Name() != "":
		if t.PkgPath() == g.pkg {
			return t.Name(), nil
		}
		p := pkgName(t) // Model_SiteMap: a type of this package may be ModelSiteMap
		return strings.ToUpper(p[:1]) + p[1:] + "_" + t.Name(), nil
	}
	var prefix string
	switch t.Kind() {
	case reflect.Pointer:
		prefix = "Ptr"
	case reflect.Slice:
		prefix = "Slice"
	case reflect.Map:
		prefix = "Map"
	default:
		return "", fmt.Errorf("%v: the op codecs do not support unnamed %s types", t, t.Kind())
	}
	s, err := g.suffix(t.Elem())
	return prefix + s, err
}

// pkgName is a named type's package name, as its String() qualifies it.
func pkgName(t reflect.Type) string {
	name, _, _ := strings.Cut(t.String(), ".")
	return strings.TrimLeft(name, "*[]")
}

// expr is t as a Go type expression in the generated package.
func (g *codecGen) expr(t reflect.Type) (string, error) {
	if t.Name() != "" {
		if t.PkgPath() == "" || t.PkgPath() == g.pkg {
			return t.Name(), nil
		}
		name := pkgName(t)
		if other, ok := g.imports[name]; ok && other != t.PkgPath() {
			return "", fmt.Errorf("packages %s and %s are both %s", other, t.PkgPath(), name)
		}
		g.imports[name] = t.PkgPath()
		return name + "." + t.Name(), nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		e, err := g.expr(t.Elem())
		return "*" + e, err
	case reflect.Slice:
		e, err := g.expr(t.Elem())
		return "[]" + e, err
	case reflect.Map:
		k, err := g.expr(t.Key())
		if err != nil {
			return "", err
		}
		e, err := g.expr(t.Elem())
		return "map[" + k + "]" + e, err
	}
	return "", fmt.Errorf("%v: the op codecs do not support unnamed %s types", t, t.Kind())
}

var appenderType = reflect.TypeFor[jsonx.Appender]()

// write writes one queued function.
func (g *codecGen) write(f codecFunc) error {
	t := f.t
	texpr, err := g.expr(t)
	if err != nil {
		return err
	}
	name, _ := g.fnOf(f)
	w := &g.body
	if f.decode {
		fmt.Fprintf(w, "func %s(d *jsonx.Decoder, v *%s) error {\n", name, texpr)
	} else {
		fmt.Fprintf(w, "func %s(b []byte, v *%s) []byte {\n", name, texpr)
	}
	typ := strconv.Quote(t.String())
	if t.Implements(appenderType) {
		if f.decode {
			return fmt.Errorf("%v writes its own JSON (AppendJSON) and has no decoder: it cannot be an op's argument", t)
		}
		if t.Kind() == reflect.Pointer {
			fmt.Fprintf(w, "\tif *v == nil {\n\t\treturn jsonx.AppendNull(b)\n\t}\n")
		}
		fmt.Fprintf(w, "\treturn (*v).AppendJSON(b)\n}\n\n")
		return nil
	}
	elem := func() (string, error) { return g.fn(t.Elem(), f.decode) }
	switch t.Kind() {
	case reflect.String:
		if f.decode {
			fmt.Fprintf(w, "\treturn jsonx.String(d, v, %s)\n", typ)
		} else if t.Name() == "string" && t.PkgPath() == "" {
			fmt.Fprintf(w, "\treturn jsonx.AppendString(b, *v)\n")
		} else {
			fmt.Fprintf(w, "\treturn jsonx.AppendString(b, string(*v))\n")
		}
	case reflect.Bool:
		if f.decode {
			fmt.Fprintf(w, "\treturn jsonx.Bool(d, v, %s)\n", typ)
		} else {
			fmt.Fprintf(w, "\treturn jsonx.AppendBool(b, *v)\n")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f.decode {
			fmt.Fprintf(w, "\treturn jsonx.Int(d, v, %s)\n", typ)
		} else {
			fmt.Fprintf(w, "\treturn jsonx.AppendInt(b, *v)\n")
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if f.decode {
			fmt.Fprintf(w, "\treturn jsonx.Uint(d, v, %s)\n", typ)
		} else {
			fmt.Fprintf(w, "\treturn jsonx.AppendUint(b, *v)\n")
		}
	case reflect.Pointer:
		e, err := elem()
		if err != nil {
			return err
		}
		if f.decode {
			fmt.Fprintf(w, "\treturn jsonx.Ptr(d, v, %s)\n", e)
		} else {
			fmt.Fprintf(w, "\tif *v == nil {\n\t\treturn jsonx.AppendNull(b)\n\t}\n\treturn %s(b, *v)\n", e)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return fmt.Errorf("%v: []byte (base64) is not supported by the op codecs", t)
		}
		e, err := elem()
		if err != nil {
			return err
		}
		if f.decode {
			// The loops are written out rather than generic (jsonx.Slice,
			// AppendSlice): a generic function is compiled again for each
			// element type anyway, and beside the function here.
			el, err := g.expr(t.Elem())
			if err != nil {
				return err
			}
			fmt.Fprintf(w, `	s := (*v)[:0]
	null, err := d.Array(%s, func() error {
		var e %s
		err := %s(d, &e)
		s = append(s, e)
		return err
	})
	switch {
	case null:
		*v = nil
	case s == nil:
		*v = []%s{}
	default:
		*v = s
	}
	return err
`, typ, el, e, el)
		} else {
			fmt.Fprintf(w, `	if *v == nil {
		return jsonx.AppendNull(b)
	}
	b = jsonx.AppendByte(b, '[')
	for i := range *v {
		if i > 0 {
			b = jsonx.AppendByte(b, ',')
		}
		b = %s(b, &(*v)[i])
	}
	return jsonx.AppendByte(b, ']')
`, e)
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("%v: map keys must be strings", t)
		}
		e, err := elem()
		if err != nil {
			return err
		}
		if f.decode {
			fmt.Fprintf(w, "\treturn jsonx.Map(d, v, %s, %s)\n", typ, e)
		} else {
			fmt.Fprintf(w, "\treturn jsonx.AppendMap(b, *v, %s)\n", e)
		}
	case reflect.Struct:
		if !f.decode && !f.fields {
			// Its members are a function of their own, which a struct that
			// embeds it calls too.
			fields, err := g.fnOf(codecFunc{t: t, fields: true})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "\treturn jsonx.AppendByte(%s(jsonx.AppendByte(b, '{'), v), '}')\n", fields)
			break
		}
		if err := g.structBody(t, f.decode); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%v: the op codecs do not support %s", t, t.Kind())
	}
	w.WriteString("}\n\n")
	return nil
}

// structBody writes a struct's decoder or encoder body.
func (g *codecGen) structBody(t reflect.Type, decode bool) error {
	fs, err := jsonFields(t)
	if err != nil {
		return err
	}
	w := &g.body
	if decode {
		if len(fs) == 0 {
			fmt.Fprintf(w, "\treturn d.Object(%q, func(string) error { return d.Skip() })\n", t.String())
			return nil
		}
		names := make([]string, len(fs))
		for i, f := range fs {
			names[i] = strconv.Quote(f.name)
		}
		fmt.Fprintf(w, "\treturn d.Object(%q, func(key string) error {\n\t\tswitch jsonx.Field(key, %s) {\n", t.String(), strings.Join(names, ", "))
		for i, f := range fs {
			fn, err := g.fn(f.typ, true)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "\t\tcase %d:\n", i)
			for _, p := range f.ptrs {
				e, err := g.expr(p.typ.Elem())
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "\t\t\tif v.%s == nil {\n\t\t\t\tv.%s = new(%s)\n\t\t\t}\n", p.path, p.path, e)
			}
			fmt.Fprintf(w, "\t\t\treturn %s(d, &v.%s)\n", fn, f.path)
		}
		w.WriteString("\t\t}\n\t\treturn d.Skip()\n\t})\n")
		return nil
	}
	for i := 0; i < len(fs); {
		// An embedded struct (by value) whose members all stand in its
		// place: its members' function.
		if et, n := g.embeddedWhole(t, fs[i:]); n > 0 {
			fn, err := g.fnOf(codecFunc{t: et, fields: true})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "\tb = %s(b, &v.%s)\n", fn, fs[i].path[:strings.IndexByte(fs[i].path, '.')])
			i += n
			continue
		}
		f := fs[i]
		i++
		var conds []string
		for _, p := range f.ptrs {
			conds = append(conds, "v."+p.path+" != nil")
		}
		key := goString(string(jsonx.AppendString(nil, f.name)) + ":")
		val := "v." + f.path
		var stmt string
		omit := ""
		if f.omitEmpty {
			omit = "Omit"
		}
		switch f.typ.Kind() {
		case reflect.String:
			if f.typ != reflect.TypeFor[string]() {
				val = "string(" + val + ")"
			}
			stmt = fmt.Sprintf("b = jsonx.AppendKeyString%s(b, %s, %s)\n", omit, key, val)
		case reflect.Bool:
			stmt = fmt.Sprintf("b = jsonx.AppendKeyBool%s(b, %s, bool(%s))\n", omit, key, val)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			stmt = fmt.Sprintf("b = jsonx.AppendKeyInt%s(b, %s, int64(%s))\n", omit, key, val)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			stmt = fmt.Sprintf("b = jsonx.AppendKeyUint%s(b, %s, uint64(%s))\n", omit, key, val)
		}
		if f.typ.Implements(appenderType) {
			stmt = ""
		}
		if stmt == "" {
			fn, err := g.fn(f.typ, false)
			if err != nil {
				return err
			}
			if f.omitEmpty {
				switch f.typ.Kind() {
				case reflect.Slice, reflect.Map:
					conds = append(conds, "len("+val+") != 0")
				case reflect.Pointer, reflect.Interface:
					conds = append(conds, val+" != nil")
				case reflect.Struct: // never empty to encoding/json
				default:
					return fmt.Errorf("%v.%s: omitempty on %s", t, f.path, f.typ.Kind())
				}
			}
			stmt = fmt.Sprintf("b = jsonx.AppendKey(b, %s)\nb = %s(b, &%s)\n", key, fn, val)
		}
		if len(conds) == 0 {
			w.WriteString(stmt)
		} else {
			fmt.Fprintf(w, "if %s {\n%s}\n", strings.Join(conds, " && "), stmt)
		}
	}
	w.WriteString("\treturn b\n")
	return nil
}

// embeddedWhole: when fs (members of struct t from one on) starts with
// the members of a struct embedded in t by value, all of them and in
// their order, that struct and how many they are.
func (g *codecGen) embeddedWhole(t reflect.Type, fs []jsonField) (reflect.Type, int) {
	head, _, ok := strings.Cut(fs[0].path, ".")
	if !ok {
		return nil, 0
	}
	sf, _ := t.FieldByName(head)
	if !sf.Anonymous || sf.Type.Kind() != reflect.Struct {
		return nil, 0
	}
	efs, err := jsonFields(sf.Type)
	if err != nil || len(efs) == 0 || len(efs) > len(fs) {
		return nil, 0
	}
	for k, e := range efs {
		if fs[k].name != e.name || fs[k].path != head+"."+e.path {
			return nil, 0
		}
	}
	return sf.Type, len(efs)
}

// goString quotes s for Go source, in backquotes when it can.
func goString(s string) string {
	if !strings.ContainsAny(s, "`\r") && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

func (g *codecGen) file() ([]byte, error) {
	var sw bytes.Buffer
	sw.WriteString("func jsonCodec(fn any, args, out []byte) ([]byte, bool, error) {\n\tswitch fn := fn.(type) {\n")
	for _, ft := range g.sigs {
		a, err := g.expr(ft.In(0))
		if err != nil {
			return nil, err
		}
		r, err := g.expr(ft.Out(0))
		if err != nil {
			return nil, err
		}
		dec, _ := g.fn(ft.In(0), true)
		enc, _ := g.fn(ft.Out(0), false)
		fmt.Fprintf(&sw, "\tcase func(%s) (%s, error):\n\t\tvar in %s\n\t\tif err := optable.Args(args, &in, %s); err != nil {\n\t\t\treturn nil, true, err\n\t\t}\n\t\tr, err := fn(in)\n\t\treturn optable.Result(out, &r, err, %s)\n", a, r, a, dec, enc)
	}
	sw.WriteString("\t}\n\treturn nil, false, nil\n}\n\n")
	for len(g.pending) > 0 {
		f := g.pending[0]
		g.pending = g.pending[1:]
		if err := g.write(f); err != nil {
			return nil, err
		}
	}
	g.imports["jsonx"] = modulePath + "/engine/jsonx"
	if g.pkg != modulePath+"/wasm/optable" {
		g.imports["optable"] = modulePath + "/wasm/optable"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by `go run ./build` (build/opcodec.go) from the op tables; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package %s\n\nimport (\n", g.name)
	var names []string
	for n := range g.imports {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return g.imports[names[i]] < g.imports[names[j]] })
	for _, n := range names {
		p := g.imports[n]
		if p[strings.LastIndexByte(p, '/')+1:] == n {
			fmt.Fprintf(&b, "\t%q\n", p)
		} else {
			fmt.Fprintf(&b, "\t%s %q\n", n, p)
		}
	}
	b.WriteString(")\n\n")
	b.WriteString("// The JSON codec of this package's ops (see optable.Codec).\nfunc init() { opsCodec = jsonCodec }\n\n")
	b.Write(sw.Bytes())
	b.Write(g.body.Bytes())
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%s: generated code does not parse: %v\n%s", g.pkg, err, b.Bytes())
	}
	return src, nil
}

// jsonField is one JSON member of a struct type.
type jsonField struct {
	name      string
	path      string // Go selector from the struct: Diagnostic.ID
	typ       reflect.Type
	omitEmpty bool
	ptrs      []embeddedPtr // embedded pointers on the way, outermost first
}

type embeddedPtr struct {
	path string
	typ  reflect.Type
}

// jsonFields lists a struct's JSON members in encoding/json's order: the
// struct's own fields in declaration order, with an embedded struct's
// fields in its place. Where names collide, the shallower field wins, and
// at equal depth a tagged one; two left equal are both dropped, as
// encoding/json does.
func jsonFields(t reflect.Type) ([]jsonField, error) {
	type cand struct {
		jsonField
		depth  int
		tagged bool
	}
	var all []cand
	var walk func(t reflect.Type, path string, ptrs []embeddedPtr, depth int) error
	walk = func(t reflect.Type, path string, ptrs []embeddedPtr, depth int) error {
		if depth > 10 {
			return fmt.Errorf("embedded structs nested too deeply in %v", t)
		}
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			p := path + sf.Name
			if sf.Anonymous && name == "" {
				et := sf.Type
				inner := ptrs
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
					inner = append(append([]embeddedPtr(nil), ptrs...), embeddedPtr{p, sf.Type})
				}
				if et.Kind() == reflect.Struct {
					if !sf.IsExported() {
						return fmt.Errorf("%v: embedded %s is not exported: the generated codec cannot reach its fields", t, sf.Name)
					}
					if err := walk(et, p+".", inner, depth+1); err != nil {
						return err
					}
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			omit := false
			for o := range strings.SplitSeq(opts, ",") {
				switch o {
				case "omitempty":
					omit = true
				case "":
				default:
					return fmt.Errorf("%v.%s: tag option %s is not supported by the op codecs", t, sf.Name, o)
				}
			}
			if name == "" {
				name = sf.Name
			}
			all = append(all, cand{jsonField{name, p, sf.Type, omit, ptrs}, depth, tag != "" && name != ""})
		}
		return nil
	}
	if err := walk(t, "", nil, 0); err != nil {
		return nil, err
	}
	var out []jsonField
	for i, c := range all {
		keep := true
		for j, o := range all {
			if i == j || o.name != c.name {
				continue
			}
			if o.depth < c.depth || o.depth == c.depth && o.tagged && !c.tagged || o.depth == c.depth && o.tagged == c.tagged {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, c.jsonField)
		}
	}
	return out, nil
}
