package optable_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/iisconf/iisconf/engine/jsonx"
	"github.com/iisconf/iisconf/wasm/engineops"
	"github.com/iisconf/iisconf/wasm/optable"
	"github.com/iisconf/iisconf/wasm/tools/ops"
)

// TestMatchesEncodingJSON holds the ops' JSON (package jsonx, which Call
// uses instead of encoding/json) to encoding/json: for every op of both
// wasm modules, random values of its argument and result types encode to
// the same bytes, and an argument's bytes decode to the same value. A
// result that writes its own JSON (model.Result) is left to its own
// test over real results (engine/model).
func TestMatchesEncodingJSON(t *testing.T) {
	tables := []*optable.Table{engineops.New().Table(), ops.New(nil).Table()}
	r := rand.New(rand.NewPCG(1, 2))
	for _, tab := range tables {
		for _, op := range tab.Ops() {
			for k, typ := range []reflect.Type{op.Args(), op.Result()} {
				if typ.Implements(reflect.TypeFor[jsonx.Appender]()) {
					continue
				}
				for i := range 40 {
					v := reflect.New(typ).Elem()
					fill(r, v, 0, i == 0)
					checkSame(t, tab.Module+"."+op.Name, v, k == 0)
				}
			}
		}
	}
}

func checkSame(t *testing.T, what string, v reflect.Value, decode bool) {
	t.Helper()
	want, errWant := json.Marshal(v.Interface())
	got, errGot := jsonx.Marshal(v.Interface())
	if errWant != nil || errGot != nil {
		t.Errorf("%s %s: encoding/json err %v, jsonx err %v", what, v.Type(), errWant, errGot)
		return
	}
	if string(got) != string(want) {
		t.Errorf("%s %s:\n jsonx %s\n  json %s", what, v.Type(), got, want)
		return
	}
	if !decode {
		return
	}
	a, b := reflect.New(v.Type()), reflect.New(v.Type())
	errA := json.Unmarshal(want, a.Interface())
	errB := jsonx.Unmarshal(want, b.Interface())
	if (errA == nil) != (errB == nil) || !reflect.DeepEqual(a.Interface(), b.Interface()) {
		t.Errorf("%s %s: decoding %s:\n jsonx %#v (%v)\n  json %#v (%v)", what, v.Type(), want, b.Elem().Interface(), errB, a.Elem().Interface(), errA)
	}
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
