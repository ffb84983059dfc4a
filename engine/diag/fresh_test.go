package diag

import "testing"

func TestNewErrors(t *testing.T) {
	locked := New(Locked, `C:\inetpub\wwwroot\web.config`, 4, 9)
	moved := locked
	moved.Line, moved.File = 7, `c:\INETPUB\wwwroot\web.config` // same error, moved by an edit
	warn := New(NoSchema, `C:\x\web.config`, 1, 1, "custom")
	dup := New(AttrUnknown, `C:\x\web.config`, 3, 5, "bogus")
	if got := NewErrors([]Diagnostic{locked, warn}, []Diagnostic{moved, warn}); len(got) != 0 {
		t.Errorf("a moved error and a warning are not new: %+v", got)
	}
	if got := NewErrors([]Diagnostic{locked}, []Diagnostic{moved, locked, dup}); len(got) != 2 || got[0].ID != Locked || got[1].ID != AttrUnknown {
		t.Errorf("a second copy and a new error are new: %+v", got)
	}
}
