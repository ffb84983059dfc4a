package optable

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

type sumArgs struct {
	A int `json:"a"`
	B int `json:"b"`
}

type appended struct{}

func (*appended) AppendJSON(b []byte) []byte { return append(b, `{"fast":true}`...) }

func table(panicked *bool) *Table {
	t := New("test")
	t.OnPanic = func() { *panicked = true }
	Add(t, "sum", "adds", func(in sumArgs) (int, error) { return in.A + in.B, nil })
	Add(t, "fail", "fails", func(None) (string, error) { return "", errors.New("no") })
	Add(t, "boom", "panics", func(None) (string, error) { panic("kaput") })
	Add(t, "fast", "appends", func(None) (*appended, error) { return &appended{}, nil })
	return t
}

func TestCall(t *testing.T) {
	var panicked bool
	tab := table(&panicked)
	for _, c := range []struct{ op, args, want, err string }{
		{"sum", `{"a":2,"b":3}`, "5", ""},
		{"sum", ``, "0", ""}, // no arguments: the zero value
		{"sum", `{"a":"x"}`, "", "sum: bad arguments"},
		{"fail", `{}`, "", "no"},
		{"fast", `{}`, `{"fast":true}`, ""},
		{"nope", `{}`, "", `unknown op "nope"`},
		{"boom", `{}`, "", "internal error in boom: kaput"},
	} {
		got, err := tab.Call(c.op, []byte(c.args))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s(%s): err = %v, want %q", c.op, c.args, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s(%s) = %q, %v; want %q", c.op, c.args, got, err, c.want)
		}
	}
	if !panicked {
		t.Error("OnPanic did not run")
	}
}

func TestTypes(t *testing.T) {
	var p bool
	tab := table(&p)
	if got := tab.Names(); !reflect.DeepEqual(got, []string{"sum", "fail", "boom", "fast"}) {
		t.Errorf("Names = %v", got)
	}
	op := tab.Ops()[0]
	if op.Args() != reflect.TypeFor[sumArgs]() || op.Result() != reflect.TypeFor[int]() || op.Doc != "adds" {
		t.Errorf("sum: %v → %v (%q)", op.Args(), op.Result(), op.Doc)
	}
	defer func() {
		if recover() == nil {
			t.Error("a second registration of a name did not panic")
		}
	}()
	Add(tab, "sum", "again", func(None) (int, error) { return 0, nil })
}
