package diag

import "testing"

// A diagnostic carries a byte range; Resolve turns it, and its notes'
// ranges, into lines and columns through the layer's positioner, without
// writing into notes another copy shares.
func TestResolve(t *testing.T) {
	text := "ab\ncdé\nf"
	pos := func(file string, off int) (int, int, bool) {
		if file != "x" {
			return 0, 0, false
		}
		line, col := 1, 1
		for i, r := range text {
			if i >= off {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		return line, col, true
	}
	d := At(Locked, "x", Range{Offset: 3, Length: 4}).WithNote("here", "x", Range{Offset: 7, Length: 1}).WithNote("elsewhere", "y", Range{Offset: 1})
	shared := d.Notes
	r := d.Resolve(pos)
	if r.Line != 2 || r.Column != 1 || r.EndLine != 2 || r.EndColumn != 4 {
		t.Errorf("resolved %d:%d-%d:%d, want 2:1-2:4 (é is one column, two bytes)", r.Line, r.Column, r.EndLine, r.EndColumn)
	}
	if n := r.Notes[0]; n.Line != 2 || n.Column != 4 {
		t.Errorf("note at %d:%d, want 2:4", n.Line, n.Column)
	}
	if r.Notes[1].Line != 0 {
		t.Errorf("a note in a file the positioner does not know was resolved")
	}
	if shared[0].Line != 0 {
		t.Errorf("Resolve wrote into the notes the unresolved copy shares")
	}
	if d.Key() != r.Key() {
		t.Errorf("resolving changed the key: %q vs %q", d.Key(), r.Key())
	}
	none := At(ReadFile, "x", NoRange)
	if none.Range != nil || none.Resolve(pos).Line != 0 {
		t.Errorf("NoRange: %+v", none)
	}
}

func TestDiagnosticError(t *testing.T) {
	d := At(ReadFile, `C:\a.config`, NoRange)
	if got := d.Error(); got != `C:\a.config: Cannot read configuration file` {
		t.Errorf("Error() = %q", got)
	}
	d.Line, d.Column = 3, 4
	if got := d.Error(); got != `C:\a.config(3,4): Cannot read configuration file` {
		t.Errorf("Error() = %q", got)
	}
}
