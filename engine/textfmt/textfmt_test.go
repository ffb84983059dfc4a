package textfmt

import (
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

type named string
type code uint32
type level int

type str struct{ s string }

func (s str) String() string { return "<" + s.s + ">" }

// TestMatchesFmt holds Sprintf to fmt.Sprintf over the verbs, flags and
// argument kinds the engine's messages use, and the bad cases.
func TestMatchesFmt(t *testing.T) {
	cases := []struct {
		format string
		args   []any
	}{
		{"plain text", nil},
		{"%[2]s then %[1]s, %[3]s and %[2]q", []any{"a", "b", "c", "d"}},
		{"pool %[1]s (%[3]s), .NET %[4]s", []any{"p", "v", "64-bit", "v4.0"}},
		{"%[1]s %s", []any{"x", "y"}},
		{"100%% sure", nil},
		{"%s and %s", []any{"a", "b"}},
		{"%q is %d", []any{`C:\x "y"`, 42}},
		{"%v|%v|%v|%v", []any{errors.New("boom"), str{"x"}, true, 3.25}},
		{"%+v", []any{errors.New("boom")}},
		{"%s %q %x %X", []any{str{"a"}, str{"b"}, str{"c"}, errors.New("d")}},
		{"0x%08x %04X %02X %x", []any{uint32(0x8007000d), 0xab, byte(7), -255}},
		{"U+%04X", []any{rune(0x1F)}},
		{"%5d|%-5d|%05d|%+d|%.3d|%5.3d", []any{42, 42, -42, 7, 5, -5}},
		{"%-*s|%*s|", []any{17, "Module", 6, "ab"}},
		{"%.3s|%.2q|%10s|%-10s|%010s", []any{"héllo", "hello", "right", "left", "zero"}},
		{"%t %v", []any{false, true}},
		{"%c%c", []any{'é', 65}},
		{"%q", []any{'x'}},
		{"%d %v %s", []any{uint32(500), -3, uint16(19)}},
		{"%v %s %d %q", []any{[]string{"a", "b"}, []string{"c"}, []int{1, 2}, []string{"q", "r"}}},
		{"%s %x %v", []any{[]byte("hi"), []byte("hi"), []byte("hi")}},
		{"%v %s %d", []any{nil, nil, nil}},
		{"%d %s %t", []any{"str", true, 5}},
		{"%d", []any{"n"}},
		{"%s", []any{1.5}},
		{"missing %s %d", []any{"one"}},
		{"extra %s", []any{"one", 2, "three"}},
		{"trailing %", nil},
		{"%z", []any{3}},
		{"%v %v", []any{uint64(1 << 63), int64(-1 << 63)}},
		{"%v", []any{float32(0.1)}},
	}
	for _, c := range cases {
		want := fmt.Sprintf(c.format, c.args...)
		if got := Sprintf(c.format, c.args...); got != want {
			t.Errorf("Sprintf(%q, %#v) = %q, fmt says %q", c.format, c.args, got, want)
		}
	}
	if got, want := Errorf("bad %q", "x").Error(), fmt.Errorf("bad %q", "x").Error(); got != want {
		t.Errorf("Errorf = %q, want %q", got, want)
	}
	// A named type without a String method is not known (see the package
	// comment), and says so rather than printing as something else.
	if got := Sprintf("%d %v %s|%d", code(500), level(-3), named("n"), struct{}{}); got != "%!d(?=?) %!v(?=?) %!s(?=?)|%!d(?=?)" {
		t.Errorf("named types: %q", got)
	}
}

// formatDirs are the packages of the engine wasm (wasm/browser) that format
// messages, whose sources the tests below read.
var formatDirs = []string{"../config", "../diag", "../schema", "../workspace", "../xmltree", "../model", "../stock", "../jsonx", "../../wasm/engineops", "../../wasm/optable", "../../wasm/playground"}

// TestFormatArguments: no call in formatDirs gives a textfmt format (or
// any function taking ...any, which the engine's message helpers pass on
// to textfmt) an argument of a named type that textfmt cannot know
// without reflection: one that is not an error, has no String method and
// is not one of the plain types the package comment lists.
func TestFormatArguments(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the engine's packages")
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil).(types.ImporterFrom)
	errorType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	stringer := types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, "String",
		types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", types.Typ[types.String])), false))}, nil).Complete()
	known := func(typ types.Type) bool {
		if types.Implements(typ, errorType) || types.Implements(typ, stringer) {
			return true
		}
		switch u := types.Unalias(typ).(type) {
		case *types.Basic:
			return true
		case *types.Interface:
			return true // dynamic: checked where the value is made
		case *types.Slice:
			if b, ok := types.Unalias(u.Elem()).(*types.Basic); ok {
				return b.Kind() == types.Byte || b.Kind() == types.String || b.Kind() == types.Int
			}
			_, isIface := types.Unalias(u.Elem()).(*types.Interface)
			return isIface
		}
		return false
	}
	calls := 0
	for _, dir := range formatDirs {
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pkgs {
			var files []*ast.File
			for _, f := range p.Files {
				if isJSOnly(f) {
					continue // js/wasm only: type-checked natively it would not compile
				}
				files = append(files, f)
			}
			info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
			abs, _ := filepath.Abs(dir)
			conf := types.Config{Importer: imp}
			if _, err := conf.Check(abs, fset, files, info); err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			for _, f := range files {
				ast.Inspect(f, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok || call.Ellipsis.IsValid() || info.Types[call.Fun].IsBuiltin() {
						return true
					}
					sig, ok := types.Unalias(info.Types[call.Fun].Type).(*types.Signature)
					if !ok || !sig.Variadic() {
						return true
					}
					last := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice)
					if it, ok := types.Unalias(last.Elem()).Underlying().(*types.Interface); !ok || !it.Empty() {
						return true
					}
					calls++
					for _, a := range call.Args[min(sig.Params().Len()-1, len(call.Args)):] {
						if typ := info.Types[a].Type; typ != nil && !known(typ) {
							t.Errorf("%s: an argument of type %s: textfmt cannot print it without reflection; give the type a String method or convert it", fset.Position(a.Pos()), typ)
						}
					}
					return true
				})
			}
		}
	}
	if calls < 100 {
		t.Fatalf("only %d calls found: the sources moved?", calls)
	}
}

// isJSOnly reports a file built for js/wasm only (//go:build js && wasm).
func isJSOnly(f *ast.File) bool {
	for _, c := range f.Comments {
		for _, l := range c.List {
			if strings.HasPrefix(l.Text, "//go:build") && strings.Contains(l.Text, "js") && !strings.Contains(l.Text, "!js") {
				return true
			}
		}
	}
	return false
}

// FuzzMatchesFmt: any format over a fixed set of arguments never panics,
// and prints as fmt does when every argument is of a kind textfmt knows
// without reflection and the format has no flag textfmt leaves out.
func FuzzMatchesFmt(f *testing.F) {
	f.Add("%s=%d (%q) %x %v%%")
	f.Add("%-*s|%05d")
	f.Add("%[0]*d")     // an index before the first argument (found by this fuzz)
	f.Add("%[1]*[0]d")  // a good index, then a bad one
	f.Add("%99999999d") // a width over fmt's limit
	f.Fuzz(func(t *testing.T, format string) {
		args := []any{"a b", 12, named("n"), errors.New("e"), true, uint8(200)}
		_ = Sprintf(format, args...)
		if strings.ContainsAny(format, "# ") || strings.IndexFunc(format, unsupportedLetter) >= 0 ||
			strings.Contains(format, "+") && strings.Contains(format, "q") {
			return // flags textfmt leaves out (%+q among them); a letter that may be a verb it leaves out
		}
		known := []any{"a b", 12, true, uint8(200), -3, "x"}
		if got, want := Sprintf(format, known...), fmt.Sprintf(format, known...); got != want {
			if len(got)+len(want) > 400 {
				t.Errorf("Sprintf(%q): %d bytes, fmt gives %d", format, len(got), len(want))
			} else {
				t.Errorf("Sprintf(%q) = %q, fmt gives %q", format, got, want)
			}
		}
	})
}

// unsupportedLetter: an ASCII letter that is not one of textfmt's verbs.
func unsupportedLetter(r rune) bool {
	return ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') && !strings.ContainsRune("svdqxXtc", r)
}

// TestEngineFormats: every format-like string literal in the engine's and
// the wasm ops' sources (the diagnostics catalogue among them) prints as
// fmt prints it, given arguments of the kinds its verbs take.
func TestEngineFormats(t *testing.T) {
	verb := regexp.MustCompile(`%(?:\[(\d+)\])?[-+0]*(?:\*|\d+)?(?:\.\d+)?([a-zA-Z%])`)
	n := 0
	for _, dir := range formatDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, format := range stringLiterals(src) {
				if !verb.MatchString(format) || strings.Contains(format, "% ") {
					continue // no verb, or text with a percent sign (%NAME% tokens)
				}
				var args []any
				for k, m := range verb.FindAllStringSubmatch(format, -1) {
					if m[1] != "" {
						continue // an explicit index re-uses an argument
					}
					switch m[2] {
					case "d", "x", "X", "c":
						args = append(args, 40+k)
					case "t":
						args = append(args, k%2 == 0)
					case "%":
					default:
						args = append(args, fmt.Sprintf("arg%d", k))
					}
					if strings.Contains(m[0], "*") {
						args = append(args[:len(args)-1], 12, args[len(args)-1])
					}
				}
				if max := maxIndex(verb, format); max > len(args) {
					for len(args) < max {
						args = append(args, fmt.Sprintf("arg%d", len(args)))
					}
				}
				n++
				if got, want := Sprintf(format, args...), fmt.Sprintf(format, args...); got != want {
					t.Errorf("%s: %q\n got %q\nwant %q", f, format, got, want)
				}
			}
		}
	}
	t.Logf("%d formats compared", n)
	if n < 100 {
		t.Fatalf("only %d formats found: the sources moved?", n)
	}
}

// stringLiterals returns the Go source's string literals, unquoted.
func stringLiterals(src []byte) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.STRING {
			if v, err := strconv.Unquote(lit); err == nil {
				out = append(out, v)
			}
		}
	}
}

func maxIndex(verb *regexp.Regexp, format string) int {
	max := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if k, err := strconv.Atoi(m[1]); err == nil && k > max {
			max = k
		}
	}
	return max
}
