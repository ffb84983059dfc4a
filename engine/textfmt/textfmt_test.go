package textfmt

import (
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
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
		{"%s and %s", []any{"a", named("b")}},
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
		{"%d %v %s", []any{code(500), level(-3), code(19)}},
		{"%v %s %d %q", []any{[]string{"a", "b"}, []string{"c"}, []int{1, 2}, []string{"q", "r"}}},
		{"%s %x %v", []any{[]byte("hi"), []byte("hi"), []byte("hi")}},
		{"%v %s %d", []any{nil, nil, nil}},
		{"%d %s %t", []any{"str", true, 5}},
		{"%d", []any{named("n")}},
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
}

// FuzzMatchesFmt: any format over a fixed set of arguments of the kinds
// supported prints as fmt does, or at least never panics.
func FuzzMatchesFmt(f *testing.F) {
	f.Add("%s=%d (%q) %x %v%%")
	f.Add("%-*s|%05d")
	f.Fuzz(func(t *testing.T, format string) {
		args := []any{"a b", 12, named("n"), errors.New("e"), true, uint8(200)}
		_ = Sprintf(format, args...)
	})
}

// TestEngineFormats: every format-like string literal in the engine's and
// the wasm ops' sources (the diagnostics catalogue among them) prints as
// fmt prints it, given arguments of the kinds its verbs take.
func TestEngineFormats(t *testing.T) {
	verb := regexp.MustCompile(`%(?:\[(\d+)\])?[-+0]*(?:\*|\d+)?(?:\.\d+)?([a-zA-Z%])`)
	n := 0
	for _, dir := range []string{"../config", "../diag", "../schema", "../workspace", "../xmltree", "../model", "../../wasm/engineops", "../../wasm/optable"} {
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
