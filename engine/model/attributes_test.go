package model

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestAttributesRoundTrip: attributes marshal as an object in schema
// order through encoding/json (the CLI's -json) and read back the same.
func TestAttributesRoundTrip(t *testing.T) {
	loc := "Default Web Site/app"
	in := Attributes{
		{Name: "zeta", Attribute: &Attribute{Value: "1", Origin: "explicit", File: `C:\x\web.config`, Line: 3, Column: 7, Location: &loc}},
		{Name: "alpha", Attribute: &Attribute{Value: "\"quoted\" <&>", Raw: "x", Origin: "default", Default: "schema", Locked: true}},
		{Name: "empty", Attribute: &Attribute{}},
	}
	data, err := json.Marshal(struct {
		A Attributes `json:"attributes"`
	}{in})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"attributes":{"zeta":{"value":"1","origin":"explicit","file":"C:\\x\\web.config","line":3,"column":7,"locationPath":"Default Web Site/app"},` +
		`"alpha":{"value":"\"quoted\" \u003c\u0026\u003e","raw":"x","origin":"default","defaultFrom":"schema","locked":true},"empty":{"value":"","origin":""}}}`
	if string(data) != want {
		t.Fatalf("marshalled\n%s\nwant\n%s", data, want)
	}
	var out struct {
		A Attributes `json:"attributes"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out.A, in) {
		t.Fatalf("read back %#v", out.A)
	}
	var none Attributes
	if err := json.Unmarshal([]byte("null"), &none); err != nil || none != nil {
		t.Fatalf("null: %v %#v", err, none)
	}
	if err := json.Unmarshal([]byte(`{"a":{"value":1}}`), &none); err == nil {
		t.Fatal("a number as a value was accepted")
	}
}
