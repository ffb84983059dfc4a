package share

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/wasm/playground"
)

// TestStateShape holds the Worker to the page's State (wasm/playground,
// from which web/src/gen/state.ts is generated): a playground.State with
// every field set — filled by reflection, so a field added there is
// covered without editing this test — goes through Parse and Canonical
// and comes back equal. A field the Worker drops (data lost from a short
// link) or refuses (a 400 for a state the page made) fails here. The
// other way, every key of the canonical form is one of the page's.
func TestStateShape(t *testing.T) {
	var want playground.State
	fill(reflect.ValueOf(&want).Elem(), "x")
	want.Version = 1 // the one version there is
	body, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	canon, err := Canonical(body)
	if err != nil {
		t.Fatalf("the page's state is refused: %v\n%s", err, body)
	}
	var got playground.State
	dec := json.NewDecoder(bytes.NewReader(canon))
	dec.DisallowUnknownFields() // the Worker writes only the page's keys
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("canonical form is not a playground.State: %v\n%s", err, canon)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the Worker changes the page's state:\nsent   %s\nstored %s", body, canon)
	}
	// The view is kept as scalars by name (a newer page's fields too):
	// every ViewState field must be one.
	vt := reflect.TypeFor[playground.ViewState]()
	for i := 0; i < vt.NumField(); i++ {
		switch f := vt.Field(i); f.Type.Kind() {
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
		default:
			t.Errorf("ViewState.%s is a %s: the Worker keeps only strings, numbers and booleans in the view", f.Name, f.Type)
		}
	}
}

// The fixtures of this package's tests are states the page could make.
func TestFixturesArePageStates(t *testing.T) {
	for _, body := range []string{sample, viewSample} {
		dec := json.NewDecoder(strings.NewReader(body))
		dec.DisallowUnknownFields()
		var st playground.State
		if err := dec.Decode(&st); err != nil {
			t.Errorf("%s\nis not a playground.State: %v", body, err)
		}
	}
}

// viewSample is a state with every file field and view values of two kinds (also a FuzzCanonical seed).
const viewSample = `{"version":1,"files":[{"path":"a","text":"x","unreadable":true}],"env":{"A":"b"},"path":"p","view":{"panel":"effective","defaults":true}}`

// fill sets every field reachable from v to a non-zero value derived from
// name, so that two fields never hold the same value by accident.
func fill(v reflect.Value, name string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(name)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(len(name)))
	case reflect.Float64:
		v.SetFloat(float64(len(name)) + 0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), name)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), name+"."+v.Type().Field(i).Name)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), fmt.Sprintf("%s[%d]", name, i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, name+".key")
		fill(e, name+".value")
		v.SetMapIndex(k, e)
	default:
		panic(fmt.Sprintf("fill: no value for %s (%s): teach fill and the Worker this kind", name, v.Type()))
	}
}
