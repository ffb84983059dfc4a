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
// string for an op without arguments.
package optable

import (
	"reflect"
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
	fn   reflect.Value // the handler, a func(A) (R, error)
}

// Args is the Go type of the op's JSON argument (None for an op without).
func (o *Op) Args() reflect.Type { return o.fn.Type().In(0) }

// Result is the Go type of the op's JSON result.
func (o *Op) Result() reflect.Type { return o.fn.Type().Out(0) }

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
}

// New returns an empty table for a module.
func New(module string) *Table {
	return &Table{Module: module, byName: map[string]*Op{}}
}

// Add registers fn as the op name. It panics when the name is taken: a
// table is built once, at start, and a clash is a programming error.
//
// Add is generic for the compiler's sake only (a handler of the wrong
// shape does not compile); Call decodes, calls and encodes through
// reflection, written once: in wasm every generic instantiation would be
// code each visitor downloads.
func Add[A, R any](t *Table, name, doc string, fn func(A) (R, error)) {
	t.add(name, doc, reflect.ValueOf(fn))
}

func (t *Table) add(name, doc string, fn reflect.Value) {
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
	defer func() {
		if r := recover(); r != nil {
			if t.OnPanic != nil {
				t.OnPanic()
			}
			result = ""
			err = textfmt.Errorf("internal error in %s: %v\n%s", name, r, firstLines(stack(), 12))
		}
	}()
	// JSON goes through jsonx, not encoding/json: the same bytes and
	// values, without encoding/json's weight in the wasm (see package
	// jsonx). A result that writes its own JSON (the evaluation model, the
	// hot path) does so.
	in := reflect.New(op.Args())
	if len(strings.TrimSpace(string(args))) > 0 {
		if err := jsonx.Unmarshal(args, in.Interface()); err != nil {
			return "", textfmt.Errorf("%s: bad arguments: %v", name, err)
		}
	}
	ret := op.fn.Call([]reflect.Value{in.Elem()})
	if e := ret[1].Interface(); e != nil {
		return "", e.(error)
	}
	out, err := jsonx.Append(make([]byte, 0, 4<<10), ret[0].Interface())
	if err != nil {
		return "", textfmt.Errorf("%s: encoding the result: %v", name, err)
	}
	return string(out), nil
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
