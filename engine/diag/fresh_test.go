package diag

import "testing"

func TestNewErrors(t *testing.T) {
	locked := placed(Locked, `C:\inetpub\wwwroot\web.config`, 4, 9)
	moved := locked
	moved.Line, moved.File = 7, `c:\INETPUB\wwwroot\web.config` // same error, moved by an edit
	warn := placed(NoSchema, `C:\x\web.config`, 1, 1, "custom")
	dup := placed(AttrUnknown, `C:\x\web.config`, 3, 5, "bogus")
	if got := NewErrors([]Diagnostic{locked, warn}, []Diagnostic{moved, warn}); len(got) != 0 {
		t.Errorf("a moved error and a warning are not new: %+v", got)
	}
	if got := NewErrors([]Diagnostic{locked}, []Diagnostic{moved, locked, dup}); len(got) != 2 || got[0].ID != Locked || got[1].ID != AttrUnknown {
		t.Errorf("a second copy and a new error are new: %+v", got)
	}
}

// placed is a diagnostic as a layer hands it out: resolved to line and
// column (0, 0: no place).
func placed(id ID, file string, line, col int, args ...any) Diagnostic {
	d := At(id, file, NoRange, args...)
	d.Line, d.Column = line, col
	return d
}
