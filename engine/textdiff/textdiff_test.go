package textdiff

import (
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	for _, tc := range []struct {
		name       string
		a, b       string
		hasA, hasB bool
		want       string
	}{
		{"change in the middle, deletions first", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n", true, true,
			"--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"},
		{"new file", "", "<a/>\n", false, true, "--- /dev/null\n+++ b/f\n@@ -0,0 +1,1 @@\n+<a/>\n"},
		{"removed file", "<a/>\n", "", true, false, "--- a/f\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-<a/>\n"},
		{"CRLF kept, no final newline", "x\r\ny", "x\r\nz", true, true,
			"--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n x\r\n-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n"},
		{"equal", "same\n", "same\n", true, true, "--- a/f\n+++ b/f\n"},
	} {
		if got := Unified("f", []byte(tc.a), tc.hasA, []byte(tc.b), tc.hasB); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// Two files too different to align (over 4,000,000 line pairs) still diff,
// in bounded time: the middle is replaced wholesale.
func TestUnifiedLargeFallback(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 3000; i++ {
		a.WriteString("a\n")
		b.WriteString("b\n")
	}
	got := Unified("f", []byte(a.String()), true, []byte(b.String()), true)
	if !strings.Contains(got, "@@ -1,3000 +1,3000 @@\n-a\n") || strings.Count(got, "\n+b") != 3000 {
		t.Errorf("fallback diff: %.200q", got)
	}
}
