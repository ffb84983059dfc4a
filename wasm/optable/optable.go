// Package optable is the one way a wasm module of the playground declares
// its operations: a Table of name → handler, each handler a typed Go
// function, registered once with Add (as tdewolff/minify's M.Add registers
// a minifier per media type). The module's js/wasm entry point exposes
// every op of its table to the engine worker; the build reads the same
// tables to write the TypeScript contract (web/src/gen/ops.ts), so an op's
// name, arguments and result cannot drift between Go and the page.
//
// An op takes its arguments as JSON text and answers JSON text; Call never
// panics (a panic is an error naming the op) and accepts an empty argument
// string for an op without arguments. The JSON goes through codecs
// generated for the handlers' types (see Codec), not through reflection:
// package reflect alone was ~70 KB of the engine wasm's brotli.
package optable

import (
	"bytes"
	"runtime"
	"strings"

	"github.com/iisconf/iisconf/engine/jsonx"
	"github.com/iisconf/iisconf/engine/textfmt"
)

// Op is one registered operation.
type Op struct {
	Name string
	// Doc says what the op does, for the generated TypeScript.
	Doc string
	// Uses names the module's resources the op needs (see Table.Uses).
	Uses []string
	fn   any // the handler, a func(A) (R, error)
}

// Handler is the op's handler, a func(A) (R, error): A is the Go type of
// its JSON argument (None for an op without), R of its result. The build
// reads the types from it (the TypeScript contract, the codecs).
func (o *Op) Handler() any { return o.fn }

// None is the argument type of an op that takes none ({}).
type None struct{}

// Table is one wasm module's operations, in registration order.
type Table struct {
	// Module names the table in errors and the generated contract.
	Module string
	ops    []*Op
	byName map[string]*Op
	// OnPanic runs after a handler panicked, before Call returns the
	// error (the engine drops its half-built caches there).
	OnPanic func()
	codecs  []Codec
}

// A Codec runs a handler on JSON arguments and appends its JSON result to
// out: a type switch over the handler signatures of one package's ops,
// each case a call of the handler between Args and Result with that
// signature's decoder and encoder. It
// answers ok false for a handler it does not know. Codecs are generated
// by `go run ./build` (build/opcodec.go) from the op tables, into the
// package that registers the ops (ops_json.go), which adds it with
// Table.AddCodec. See Args for what each case is.
type Codec func(fn any, args, out []byte) (result []byte, ok bool, err error)

// AddCodec adds a package's codec (see Codec) to the table.
func (t *Table) AddCodec(c Codec) {
	if c != nil {
		t.codecs = append(t.codecs, c)
	}
}

// Args decodes an op's arguments into in with dec (blank arguments leave
// in as it is, the zero value), and Result appends the handler's result
// to out with enc unless the handler failed: one case of a generated
// Codec is
//
//	case func(A) (R, error):
//		var in A
//		if err := optable.Args(args, &in, decodeJSONA); err != nil {
//			return nil, true, err
//		}
//		r, err := fn(in)
//		return optable.Result(out, &r, err, appendJSONR)
//
// Their type parameters are pointers, which all share one instantiation
// (one GC shape): a value type parameter would copy both functions into
// the wasm once per handler signature.
func Args[P any](args []byte, in P, dec func(*jsonx.Decoder, P) error) error {
	d := argsDecoder(args)
	if d == nil {
		return nil
	}
	err := dec(d, in)
	if err == nil {
		err = d.End()
	}
	if err != nil {
		return badArguments{err}
	}
	return nil
}

// Result: see Args.
func Result[P any](out []byte, r P, err error, enc func([]byte, P) []byte) ([]byte, bool, error) {
	if err != nil {
		return nil, true, err
	}
	return enc(out, r), true, nil
}

// argsDecoder reads an op's arguments; nil when there are none (blank).
func argsDecoder(args []byte) *jsonx.Decoder {
	if len(bytes.TrimSpace(args)) == 0 {
		return nil
	}
	return jsonx.NewDecoder(args)
}

// badArguments is arguments the op's codec could not read.
type badArguments struct{ err error }

func (e badArguments) Error() string { return e.err.Error() }

// New returns an empty table for a module.
func New(module string) *Table {
	return &Table{Module: module, byName: map[string]*Op{}}
}

// Add registers fn as the op name. It panics when the name is taken: a
// table is built once, at start, and a clash is a programming error.
//
// Add is generic for the compiler's sake only (a handler of the wrong
// shape does not compile); the handler is kept as it is, and Call gives it
// to the table's codecs.
func Add[A, R any](t *Table, name, doc string, fn func(A) (R, error)) {
	t.add(name, doc, fn)
}

func (t *Table) add(name, doc string, fn any) {
	if _, dup := t.byName[name]; dup {
		panic(textfmt.Sprintf("optable: %s: op %q registered twice", t.Module, name))
	}
	op := &Op{Name: name, Doc: doc, fn: fn}
	t.ops = append(t.ops, op)
	t.byName[name] = op
}

// Ops lists the ops in registration order.
func (t *Table) Ops() []*Op { return t.ops }

// Names lists the op names in registration order.
func (t *Table) Names() []string {
	out := make([]string, len(t.ops))
	for i, op := range t.ops {
		out[i] = op.Name
	}
	return out
}

// Has reports whether the table has the op.
func (t *Table) Has(name string) bool { return t.byName[name] != nil }

// Call runs an op on its JSON arguments and returns its JSON result.
func (t *Table) Call(name string, args []byte) (result string, err error) {
	op := t.byName[name]
	if op == nil {
		return "", textfmt.Errorf("unknown op %q", name)
	}
	return t.Invoke(name, op.fn, args)
}

// Invoke runs fn, a handler of one of the table's signatures, as Call runs
// the op name's (the codecs' tests give it stand-ins of every handler).
func (t *Table) Invoke(name string, fn any, args []byte) (result string, err error) {
	defer func() {
		if r := recover(); r != nil {
			if t.OnPanic != nil {
				t.OnPanic()
			}
			result = ""
			err = textfmt.Errorf("internal error in %s: %v\n%s", name, r, firstLines(stack(), 12))
		}
	}()
	// JSON goes through the generated codecs (see Codec): the same bytes
	// and values as encoding/json, without its weight or reflection's in
	// the wasm. A result that writes its own JSON (the evaluation model,
	// the hot path) does so.
	for _, c := range t.codecs {
		out, ok, err := c(fn, args, make([]byte, 0, 4<<10))
		if !ok {
			continue
		}
		if bad, isBad := err.(badArguments); isBad {
			return "", textfmt.Errorf("%s: bad arguments: %v", name, bad.err)
		}
		if err != nil {
			return "", err
		}
		return string(out), nil
	}
	return "", textfmt.Errorf("%s: no JSON codec for its handler's types (run go run ./build)", name)
}

// firstLines keeps the head of a stack trace: enough for a bug report
// without shipping kilobytes of runtime frames to the page.
// stack is the calling goroutine's stack, as runtime/debug.Stack gives it
// (which would pull fmt and os into the engine wasm).
func stack() []byte {
	buf := make([]byte, 4096)
	for {
		n := runtime.Stack(buf, false)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

func firstLines(stack []byte, n int) string {
	s := strings.Split(string(stack), "\n")
	if len(s) > n {
		s = s[:n]
	}
	return strings.Join(s, "\n")
}

// Uses records that the named ops use a resource of the module (tools'
// copy of the workspace, which the worker syncs before such an op). It
// panics on a name the table lacks.
func (t *Table) Uses(resource string, names ...string) {
	for _, n := range names {
		op := t.byName[n]
		if op == nil {
			panic(textfmt.Sprintf("optable: %s: Uses of unknown op %q", t.Module, n))
		}
		op.Uses = append(op.Uses, resource)
	}
}
