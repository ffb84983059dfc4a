package diag

import (
	"os"
	"strings"
	"testing"
)

// TestUncertainIDsAreMarked: every id uncertainOf gives a diagnostic is an
// UNCERTAIN(<id>) marker in this package's source, where the choice is
// explained, so a lesson's caveat and the code point at one place.
func TestUncertainIDsAreMarked(t *testing.T) {
	src, err := os.ReadFile("diag.go")
	if err != nil {
		t.Fatal(err)
	}
	for id, u := range uncertainOf {
		if !strings.Contains(string(src), "UNCERTAIN("+u+")") {
			t.Errorf("%s: uncertainOf says %q, but diag.go has no UNCERTAIN(%s) marker", id, u, u)
		}
	}
}
