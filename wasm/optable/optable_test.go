package optable

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/jsonx"
)

type sumArgs struct {
	A int `json:"a"`
	B int `json:"b"`
}

type appended struct{}

func (*appended) AppendJSON(b []byte) []byte { return append(b, `{"fast":true}`...) }

// testCodec is this test's codec, written as build/opcodec.go generates
// them.
func testCodec(fn any, args, out []byte) ([]byte, bool, error) {
	none := func(d *jsonx.Decoder, v *None) error {
		return d.Object("optable.None", func(string) error { return d.Skip() })
	}
	str := func(b []byte, v *string) []byte { return jsonx.AppendString(b, *v) }
	switch fn := fn.(type) {
	case func(sumArgs) (int, error):
		var in sumArgs
		err := Args(args, &in, func(d *jsonx.Decoder, v *sumArgs) error {
			return d.Object("optable.sumArgs", func(key string) error {
				switch jsonx.Field(key, "a", "b") {
				case 0:
					return jsonx.Int(d, &v.A, "int")
				case 1:
					return jsonx.Int(d, &v.B, "int")
				}
				return d.Skip()
			})
		})
		if err != nil {
			return nil, true, err
		}
		r, err := fn(in)
		return Result(out, &r, err, func(b []byte, v *int) []byte { return jsonx.AppendInt(b, *v) })
	case func(None) (string, error):
		var in None
		if err := Args(args, &in, none); err != nil {
			return nil, true, err
		}
		r, err := fn(in)
		return Result(out, &r, err, str)
	case func(None) (*appended, error):
		var in None
		if err := Args(args, &in, none); err != nil {
			return nil, true, err
		}
		r, err := fn(in)
		return Result(out, &r, err, func(b []byte, v **appended) []byte { return (*v).AppendJSON(b) })
	}
	return nil, false, nil
}

func table(panicked *bool) *Table {
	t := New("test")
	t.AddCodec(testCodec)
	t.OnPanic = func() { *panicked = true }
	Add(t, "sum", "adds", func(in sumArgs) (int, error) { return in.A + in.B, nil })
	Add(t, "fail", "fails", func(None) (string, error) { return "", errors.New("no") })
	Add(t, "boom", "panics", func(None) (string, error) { panic("kaput") })
	Add(t, "fast", "appends", func(None) (*appended, error) { return &appended{}, nil })
	Add(t, "nocodec", "has none", func(None) (bool, error) { return true, nil })
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
		{"nocodec", `{}`, "", `nocodec: no JSON codec`},
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
	if got := tab.Names(); !reflect.DeepEqual(got, []string{"sum", "fail", "boom", "fast", "nocodec"}) {
		t.Errorf("Names = %v", got)
	}
	op := tab.Ops()[0]
	if h := reflect.TypeOf(op.Handler()); h != reflect.TypeFor[func(sumArgs) (int, error)]() || op.Doc != "adds" {
		t.Errorf("sum: %v (%q)", h, op.Doc)
	}
	defer func() {
		if recover() == nil {
			t.Error("a second registration of a name did not panic")
		}
	}()
	Add(tab, "sum", "again", func(None) (int, error) { return 0, nil })
}
