package jsonx_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/jsonx"
)

// The codecs built from these pieces are held to encoding/json over every
// op's types in package optable (TestMatchesEncodingJSON,
// TestDecodeMatchesEncodingJSON, FuzzOpArgs); these tests cover the pieces.

var texts = []string{"", "plain", "<a href='x'>&amp;</a>", "tab\tnew\nline\r\x00\x1f\x7f", "\u2028\u2029", "caf\xc3\xa9", "bad\xffutf8", "😀", `q"b\s/`}

func TestAppendMatchesEncodingJSON(t *testing.T) {
	num := func(b []byte, n *int) []byte { return jsonx.AppendInt(b, *n) }
	for _, s := range texts {
		want, _ := json.Marshal(s)
		if got := jsonx.AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
	for _, c := range []struct {
		v   any
		got []byte
	}{
		{nil, jsonx.AppendNull(nil)},
		{map[string]int(nil), jsonx.AppendMap(nil, map[string]int(nil), num)},
		{map[string]int{"z": 1, "a": -2, "é": 3, "B": 4}, jsonx.AppendMap(nil, map[string]int{"z": 1, "a": -2, "é": 3, "B": 4}, num)},
		{uint64(1<<64 - 1), jsonx.AppendUint(nil, uint64(1<<64-1))},
		{true, jsonx.AppendBool(nil, true)},
		{struct {
			A int  `json:"a"`
			B bool `json:"<b>"`
		}{1, true}, append(jsonx.AppendKey(jsonx.AppendInt(jsonx.AppendKey([]byte("{"), `"a":`), 1), `"\u003cb\u003e":`), "true}"...)},
	} {
		want, _ := json.Marshal(c.v)
		if string(c.got) != string(want) {
			t.Errorf("%#v: got %s, want %s", c.v, c.got, want)
		}
	}
}

// TestDecodePieces reads through the generic readers as a generated
// decoder does, against encoding/json.
func TestDecodePieces(t *testing.T) {
	type pair struct {
		Name  string            `json:"name"`
		Count int8              `json:"count"`
		List  []uint16          `json:"list"`
		Env   map[string]string `json:"env"`
		P     *bool             `json:"p"`
	}
	dec := func(d *jsonx.Decoder, v *pair) error {
		return d.Object("pair", func(key string) error {
			switch jsonx.Field(key, "name", "count", "list", "env", "p") {
			case 0:
				return jsonx.String(d, &v.Name, "string")
			case 1:
				return jsonx.Int(d, &v.Count, "int8")
			case 2:
				s := v.List[:0]
				null, err := d.Array("[]uint16", func() error {
					var n uint16
					err := jsonx.Uint(d, &n, "uint16")
					s = append(s, n)
					return err
				})
				switch {
				case null:
					v.List = nil
				case s == nil:
					v.List = []uint16{}
				default:
					v.List = s
				}
				return err
			case 3:
				return jsonx.Map(d, &v.Env, "map[string]string", func(d *jsonx.Decoder, s *string) error { return jsonx.String(d, s, "string") })
			case 4:
				return jsonx.Ptr(d, &v.P, func(d *jsonx.Decoder, b *bool) error { return jsonx.Bool(d, b, "bool") })
			}
			return d.Skip()
		})
	}
	for _, data := range []string{
		`{"name":"n","count":-128,"list":[0,65535],"env":{"a":"b"},"p":false}`, `{"NAME":"x","Count":1}`, `{"count":128}`,
		`{"list":[-1]}`, `{"list":[65536]}`, `{"list":null}`, `{"list":{}}`, `{"list":[1,"x"]}`, `{"p":null}`, `{"p":true}`, `{"env":null}`, `{"list":[]}`, `{"name":null}`,
		`{"name":"a"`, `{"count":1.0}`, `{"p":"x"}`, `{"x":[1,{"y":[]}],"name":"kept"}`, ` null `, `{} x`, `[1]`,
	} {
		var got, want pair
		errGot := jsonx.Decode([]byte(data), &got, dec)
		errWant := json.Unmarshal([]byte(data), &want)
		if (errGot == nil) != (errWant == nil) {
			t.Errorf("%s: jsonx err %v, encoding/json err %v", data, errGot, errWant)
			continue
		}
		if errGot == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %#v\nwant %#v", data, got, want)
		}
	}
}

func TestMembers(t *testing.T) {
	var keys []string
	err := jsonx.Members([]byte(` {"b":1,"a":[2,{"x":3}],"c":"\u00e9"} `), func(key string, value []byte) error {
		keys = append(keys, key+"="+string(value))
		return nil
	})
	if got := strings.Join(keys, " "); err != nil || got != `b=1 a=[2,{"x":3}] c="\u00e9"` {
		t.Errorf("Members: %s, %v", got, err)
	}
	if jsonx.Members([]byte(`[1]`), func(string, []byte) error { return nil }) == nil {
		t.Error("Members of an array did not fail")
	}
}
