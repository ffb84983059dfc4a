package jsonx_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/jsonx"
)

type inner struct {
	A string `json:"a"`
	B int    `json:"b,omitempty"`
}

type Embedded struct {
	E      string `json:"e"`
	Shadow string `json:"shadow"`
}

type sample struct {
	Embedded
	Name     string            `json:"name"`
	Shadow   string            `json:"shadow"` // shallower: wins over Embedded.Shadow
	Count    int               `json:"count,omitempty"`
	U        uint64            `json:"u"`
	F        float64           `json:"f"`
	F32      float32           `json:"f32,omitempty"`
	OK       bool              `json:"ok,omitempty"`
	P        *inner            `json:"p,omitempty"`
	Q        *inner            `json:"q"`
	List     []inner           `json:"list"`
	Strs     []string          `json:"strs,omitempty"`
	Map      map[string]int    `json:"map,omitempty"`
	Nested   map[string][]bool `json:"nested"`
	Any      any               `json:"any"`
	Arr      [2]int            `json:"arr"`
	Untagged string
	skipped  string
	Dash     string `json:"-"`
	Named    string `json:",omitempty"`
}

func TestMarshalMatchesEncodingJSON(t *testing.T) {
	values := []any{
		nil, true, 0, -12, uint8(7), 3.25, 1e21, 1e-7, -0.0, float32(0.1), 123456789.0,
		"", "plain", "<a href='x'>&amp;</a>", "tab\tnew\nline\r\x00\x1f\x7f", "\u2028\u2029", "caf\xc3\xa9", "bad\xffutf8", "😀",
		[]int(nil), []int{}, []string{"a", "b"}, map[string]int(nil), map[string]int{"z": 1, "a": 2, "é": 3},
		&inner{A: "x"}, (*inner)(nil), inner{},
		sample{},
		sample{
			Embedded: Embedded{E: "e", Shadow: "deep"}, Name: "n", Shadow: "top", Count: 3, U: math.MaxUint64, F: -1.5, F32: 2.5, OK: true,
			P: &inner{A: "p", B: 1}, List: []inner{{A: "1"}, {}}, Strs: []string{}, Map: map[string]int{"b": 2, "a": 1},
			Nested: map[string][]bool{"x": nil, "y": {true}}, Any: map[string]any{"k": []any{1.0, "s", nil}}, Arr: [2]int{1, 2},
			Untagged: "u", skipped: "no", Dash: "no", Named: "yes",
		},
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("encoding/json %#v: %v", v, err)
		}
		got, err := jsonx.Marshal(v)
		if err != nil {
			t.Errorf("jsonx %#v: %v", v, err)
			continue
		}
		if string(got) != string(want) {
			t.Errorf("Marshal(%#v)\n got %s\nwant %s", v, got, want)
		}
	}
}

func TestMarshalRefuses(t *testing.T) {
	for _, v := range []any{[]byte("x"), make(chan int), func() {}, math.NaN(), map[int]string{1: "a"}, struct {
		X int `json:"x,string"`
	}{}} {
		if _, err := jsonx.Marshal(v); err == nil {
			t.Errorf("Marshal(%T) did not fail", v)
		}
	}
}

type appends struct{ n int }

func (a appends) AppendJSON(b []byte) []byte { return append(b, `{"own":true}`...) }

func TestAppender(t *testing.T) {
	got, err := jsonx.Marshal(struct {
		A appends  `json:"a"`
		P *appends `json:"p"`
	}{})
	if err != nil || string(got) != `{"a":{"own":true},"p":null}` {
		t.Errorf("got %s, %v", got, err)
	}
}

// unmarshalBoth decodes data into fresh values of v's type with both
// packages and compares the values and whether each failed.
func unmarshalBoth(t *testing.T, data string, v any) {
	t.Helper()
	typ := reflect.TypeOf(v)
	want := reflect.New(typ)
	errWant := json.Unmarshal([]byte(data), want.Interface())
	got := reflect.New(typ)
	errGot := jsonx.Unmarshal([]byte(data), got.Interface())
	if (errWant == nil) != (errGot == nil) {
		t.Errorf("Unmarshal(%q) into %s: encoding/json err %v, jsonx err %v", data, typ, errWant, errGot)
		return
	}
	if errWant == nil && !reflect.DeepEqual(got.Interface(), want.Interface()) {
		t.Errorf("Unmarshal(%q) into %s:\n got %#v\nwant %#v", data, typ, got.Elem().Interface(), want.Elem().Interface())
	}
}

func TestUnmarshalMatchesEncodingJSON(t *testing.T) {
	for _, data := range []string{
		`{}`, ` { "name" : "n" , "count" : 3 } `, `{"NAME":"case","Count":1}`, `{"name":"a","name":"b"}`,
		`{"unknown":{"deep":[1,{"x":null}]},"name":"kept"}`, `{"u":18446744073709551615}`, `{"u":-1}`, `{"count":1.5}`,
		`{"count":1e2}`, `{"f":-0.5e-3}`, `{"f32":1e40}`, `{"ok":true,"p":{"a":"x","b":2},"q":null}`, `{"p":null}`,
		`{"list":[{"a":"1"},{}],"strs":[],"map":{"a":1,"b":2},"nested":{"x":null,"y":[true,false]}}`,
		`{"any":{"k":[1,"s",null,true,{"z":-2.5}]}}`, `{"arr":[1]}`, `{"arr":[1,2,3]}`, `{"Untagged":"u","skipped":"x","Dash":"d","Named":"n"}`,
		`{"e":"embedded","shadow":"top"}`, `{"name":"\u00e9\ud83d\ude00\ud800x\n\"\\\/"}`, "{\"name\":\"bad\xffutf8\"}",
		`{"name":1}`, `{"count":"1"}`, `{"list":{}}`, `{"map":[]}`, `{"ok":null,"name":null,"count":null}`,
		`null`, `[]`, `"x"`, ``, ` `, `{`, `{"name"`, `{"name":}`, `{"name":"x",}`, `{"name":"x"}}`, `{"name":"x"} x`,
		`{'name':1}`, `{"name":"\x01"}`, `{"name":"\u12"}`, `{"name":"\q"}`, `{"count":01}`, `{"count":-}`, `{"count":1.}`,
		`{"count":1e}`, `{"ok":tru}`, `{"ok":nul}`, `[1,2`, strings.Repeat("[", 20000) + strings.Repeat("]", 20000),
		`{"any":` + strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100) + `}`,
	} {
		unmarshalBoth(t, data, sample{})
	}
	unmarshalBoth(t, `[1,2,3]`, []int{})
	unmarshalBoth(t, `[]`, []int{})
	unmarshalBoth(t, `null`, []int{})
	unmarshalBoth(t, `{"a":[1],"b":null}`, map[string][]int{})
	unmarshalBoth(t, `[1,"x",null,{"k":false}]`, []any{})
	unmarshalBoth(t, `300`, uint8(0))
	unmarshalBoth(t, `"s"`, (*string)(nil))
}

func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{`{"name":"n","list":[{"a":"x"}],"map":{"k":1},"any":[1,{"x":"y"}]}`, `{"f":1e5,"u":1}`, `[]`, `"\ud800"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		unmarshalBoth(t, data, sample{})
		// What jsonx reads, it writes back as encoding/json would.
		var v sample
		if jsonx.Unmarshal([]byte(data), &v) == nil {
			want, err1 := json.Marshal(v)
			got, err2 := jsonx.Marshal(v)
			if (err1 == nil) != (err2 == nil) || string(got) != string(want) {
				t.Errorf("Marshal after Unmarshal(%q):\n got %s %v\nwant %s %v", data, got, err2, want, err1)
			}
		}
	})
}
