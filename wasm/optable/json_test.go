package optable_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/jsonx"
	"github.com/iisconf/iisconf/wasm/engineops"
	"github.com/iisconf/iisconf/wasm/optable"
	"github.com/iisconf/iisconf/wasm/tools/ops"
)

// TestMatchesEncodingJSON holds the ops' JSON (the codecs build/opcodec.go
// generates, which Call uses instead of encoding/json) to encoding/json:
// for every op of both wasm modules, a stand-in handler of the op's
// signature is given random arguments as encoding/json writes them, and
// must receive the value encoding/json reads from them; it answers a
// random result, which must come out as encoding/json writes it. A result
// that writes its own JSON (model.Result) is left to its own test over
// real results (engine/model).
func TestMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tab := range tables() {
		for _, op := range tab.Ops() {
			ft := reflect.TypeOf(op.Handler())
			for i := range 40 {
				arg := reflect.New(ft.In(0)).Elem()
				fill(r, arg, 0, i == 0)
				res := reflect.New(ft.Out(0)).Elem()
				fill(r, res, 0, i == 0)
				checkOp(t, tab, op.Name, ft, arg, res)
			}
		}
	}
}

func tables() []*optable.Table {
	return []*optable.Table{engineops.New().Table(), ops.New(nil).Table()}
}

// stand reports the argument a stand-in of signature ft received, and
// answers res.
func stand(ft reflect.Type, res reflect.Value, got *reflect.Value) any {
	return reflect.MakeFunc(ft, func(in []reflect.Value) []reflect.Value {
		*got = in[0]
		return []reflect.Value{res, reflect.Zero(ft.Out(1))}
	}).Interface()
}

func checkOp(t *testing.T, tab *optable.Table, name string, ft reflect.Type, arg, res reflect.Value) {
	t.Helper()
	in, err := json.Marshal(arg.Interface())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var got reflect.Value
	out, err := tab.Invoke(name, stand(ft, res, &got), in)
	if err != nil {
		t.Errorf("%s(%s): %v", name, in, err)
		return
	}
	want := reflect.New(ft.In(0))
	if err := json.Unmarshal(in, want.Interface()); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !reflect.DeepEqual(got.Interface(), want.Elem().Interface()) {
		t.Errorf("%s: decoding %s:\n codec %#v\n  json %#v", name, in, got.Interface(), want.Elem().Interface())
	}
	if ft.Out(0).Implements(reflect.TypeFor[jsonx.Appender]()) {
		return
	}
	wantOut, err := json.Marshal(res.Interface())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if out != string(wantOut) {
		t.Errorf("%s %v:\n codec %s\n  json %s", name, ft.Out(0), out, wantOut)
	}
}

// decodeBoth gives data to every op of the tables as its arguments and
// compares what the handler receives, and whether the op failed, with
// encoding/json's reading of data into the argument type.
func decodeBoth(t *testing.T, data string) {
	t.Helper()
	for _, tab := range tables() {
		for _, op := range tab.Ops() {
			ft := reflect.TypeOf(op.Handler())
			var got reflect.Value
			_, errGot := tab.Invoke(op.Name, stand(ft, reflect.New(ft.Out(0)).Elem(), &got), []byte(data))
			want := reflect.New(ft.In(0))
			errWant := json.Unmarshal([]byte(data), want.Interface())
			if strings.TrimSpace(data) == "" {
				errWant = nil // no arguments: the zero value
			}
			if (errWant == nil) != (errGot == nil) {
				t.Errorf("%s(%q): encoding/json err %v, codec err %v", op.Name, data, errWant, errGot)
				continue
			}
			if errWant == nil && !reflect.DeepEqual(got.Interface(), want.Elem().Interface()) {
				t.Errorf("%s(%q):\n codec %#v\n  json %#v", op.Name, data, got.Interface(), want.Elem().Interface())
			}
		}
	}
}

// TestDecodeMatchesEncodingJSON: well-formed and malformed arguments, read
// by every op's codec as encoding/json reads them.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	for _, data := range []string{
		`{}`, ` { "path" : "p" , "text" : "t" } `, `{"PATH":"case","Files":[]}`, `{"path":"a","path":"b"}`,
		`{"unknown":{"deep":[1,{"x":null}]},"path":"kept"}`, `{"rounds":18446744073709551615}`, `{"rounds":-1}`, `{"rounds":1.5}`,
		`{"rounds":1e2}`, `{"rounds":-0.5e-3}`, `{"check":true,"edits":[{"path":"x","text":"y"},{}]}`, `{"edits":null}`,
		`{"files":[{"path":"1"},{}],"env":{"a":"1","b":"2"},"sections":[],"elements":["x"]}`, `{"env":{"a":null}}`,
		`{"keep":[1,2,3]}`, `{"keep":[1,"x"]}`, `{"other":{"files":[]}}`, `{"other":null}`, `{"files":null,"env":null}`,
		`{"path":"\u00e9\ud83d\ude00\ud800x\n\"\\\/"}`, "{\"path\":\"bad\xffutf8\"}",
		`{"path":1}`, `{"rounds":"1"}`, `{"files":{}}`, `{"env":[]}`, `{"check":null,"path":null,"rounds":null}`,
		`null`, `[]`, `"x"`, ``, ` `, `{`, `{"path"`, `{"path":}`, `{"path":"x",}`, `{"path":"x"}}`, `{"path":"x"} x`,
		`{'path':1}`, `{"path":"\x01"}`, `{"path":"\u12"}`, `{"path":"\q"}`, `{"rounds":01}`, `{"rounds":-}`, `{"rounds":1.}`,
		`{"rounds":1e}`, `{"check":tru}`, `{"check":nul}`, `[1,2`, `{"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`,
		`{"files":[{"unreadable":true,"path":"C:\\x"}],"edits":[{"removed":true}]}`,
	} {
		decodeBoth(t, data)
	}
}

func FuzzOpArgs(f *testing.F) {
	for _, s := range []string{`{"path":"n","files":[{"path":"x"}],"env":{"k":"v"},"edits":[{"text":"y"}]}`, `{"rounds":1e5,"keep":[1]}`, `[]`, `"\ud800"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		decodeBoth(t, data)
	})
}

var letters = []rune("aZ09 <>&\"\\\n\t\u00e9\u2028😀/.-_")

// fill sets v to a random value; zero leaves every value empty (the
// omitempty and null cases).
func fill(r *rand.Rand, v reflect.Value, depth int, zero bool) {
	if zero || depth > 6 || !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(r.IntN(2000) - 1000))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(r.IntN(2000)))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(r.IntN(2000)-1000) / 8)
	case reflect.String:
		n := r.IntN(8)
		s := make([]rune, n)
		for i := range s {
			s[i] = letters[r.IntN(len(letters))]
		}
		v.SetString(string(s))
	case reflect.Pointer:
		if r.IntN(4) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(r, v.Elem(), depth+1, false)
		}
	case reflect.Slice:
		switch r.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + r.IntN(3)
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(r, v.Index(i), depth+1, false)
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(r, v.Index(i), depth+1, false)
		}
	case reflect.Map:
		switch r.IntN(4) {
		case 0:
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			v.Set(reflect.MakeMap(v.Type()))
			for range 1 + r.IntN(3) {
				k := reflect.New(v.Type().Key()).Elem()
				fill(r, k, depth+1, false)
				e := reflect.New(v.Type().Elem()).Elem()
				fill(r, e, depth+1, false)
				v.SetMapIndex(k, e)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth+1, r.IntN(5) == 0)
			}
		}
	case reflect.Interface:
		if r.IntN(2) == 0 {
			v.Set(reflect.ValueOf("any"))
		}
	}
}
