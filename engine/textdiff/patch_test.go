package textdiff

import (
	"strings"
	"testing"
)

func TestPatchApply(t *testing.T) {
	crlf := "<configuration>\r\n    <a />\r\n    <b />\r\n</configuration>\r\n"
	for _, tc := range []struct {
		name, text, patch, want, err string
	}{
		{name: "insert before the end, CRLF kept", text: crlf,
			patch: "@@ the end\n     <b />\n+    <c />\n </configuration>\n",
			want:  "<configuration>\r\n    <a />\r\n    <b />\r\n    <c />\r\n</configuration>\r\n"},
		{name: "replace a line, unified numbers ignored", text: "x\ny\nz\n",
			patch: "@@ -1,3 +1,3 @@ caption\n x\n-y\n+Y\n z\n", want: "x\nY\nz\n"},
		{name: "two hunks in order", text: "1\n2\n3\n4\n",
			patch: "@@\n-1\n+one\n@@\n 3\n-4\n+four\n", want: "one\n2\n3\nfour\n"},
		{name: "delete the last line of a file without a final newline", text: "a\nb",
			patch: "@@\n a\n-b\n", want: "a"},
		{name: "empty context line", text: "a\n\nb\n", patch: "@@\n a\n\n-b\n+c\n", want: "a\n\nc\n"},
		{name: "ambiguous", text: "a\nb\na\nb\n", patch: "@@\n a\n-b\n", err: "matches at lines 1 and 3"},
		{name: "absent", text: "a\n", patch: "@@\n-zzz\n", err: "do not occur"},
	} {
		p, err := ParsePatch(tc.patch)
		if err != nil {
			t.Errorf("%s: parse: %v", tc.name, err)
			continue
		}
		got, err := p.Apply(tc.text)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want %q", tc.name, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case got != tc.want:
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestParsePatchRejects(t *testing.T) {
	for _, tc := range []struct{ patch, want string }{
		{" a\n", "starts with an @@ line"},
		{"@@\n a\n", "changes nothing"},
		{"@@\n+a\n", "no context line"},
		{"@@\n*a\n", "starts with ' ', '-' or '+'"},
		{"", "no hunks"},
	} {
		if _, err := ParsePatch(tc.patch); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.patch, err, tc.want)
		}
	}
}

func TestSplicesRoundTrip(t *testing.T) {
	for _, tc := range [][2]string{
		{"a\nb\nc\n", "a\nB\nc\nd\n"},
		{"", "new\n"},
		{"gone\n", ""},
		{"x\r\ny\r\n", "w\r\nx\r\ny\r\nz"},
		{"same\n", "same\n"},
	} {
		sp := Splices(tc[0], tc[1])
		if got := ApplySplices(tc[0], sp); got != tc[1] {
			t.Errorf("%q -> %q: splices %+v give %q", tc[0], tc[1], sp, got)
		}
	}
}

func FuzzPatchApply(f *testing.F) {
	f.Add("a\nb\nc\n", "@@\n a\n-b\n+B\n")
	f.Add("x\r\n", "@@\n-x\n+y\n+z\n")
	f.Fuzz(func(t *testing.T, text, patch string) {
		p, err := ParsePatch(patch)
		if err != nil {
			return
		}
		_, _ = p.Apply(text) // bounded, never panics
	})
}
