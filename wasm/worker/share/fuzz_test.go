package share

import (
	"encoding/json"
	"testing"
)

// FuzzCanonical: any body is parsed without panicking; a valid state's
// canonical form is valid JSON, is its own canonical form, and holds the
// same texts as the body (nothing replaced, nothing escaped away).
func FuzzCanonical(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(viewSample))
	f.Add([]byte(`{"version":1,"files":[{"path":"a","text":"\u2028\ud83d\ude00\u0001\"\\"}],"env":{"A":"b"},"view":{"n":1.5,"b":true,"s":"x","z":null}}`))
	f.Add([]byte(`{"version":1,"files":[{"path":"a","text":"\ud800"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		st, err := Parse(body)
		if err != nil {
			return
		}
		canon := st.Canonical()
		if !json.Valid(canon) {
			t.Fatalf("canonical form is not JSON: %q", canon)
		}
		again, err := Canonical(canon)
		if err != nil || string(again) != string(canon) {
			t.Fatalf("not a fixed point: %q -> %q (%v)", canon, again, err)
		}
		var a, b struct {
			Files []struct{ Path, Text string }
			Env   map[string]string
		}
		if json.Unmarshal(body, &a) != nil || json.Unmarshal(canon, &b) != nil || len(a.Files) != len(b.Files) {
			t.Fatalf("files differ: %q vs %q", body, canon)
		}
		for i := range a.Files {
			if a.Files[i] != b.Files[i] {
				t.Fatalf("file %d differs: %q vs %q", i, a.Files[i], b.Files[i])
			}
		}
	})
}
