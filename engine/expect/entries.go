package expect

import (
	"fmt"
	"strings"

	"github.com/iisconf/iisconf/engine/textdiff"
	"github.com/iisconf/iisconf/engine/workspace"
)

// readEntries sorts the archive's entries: plain files and @metadata go to
// Bundle, "patch <path>" entries to Patches, "<step>: …" entries to that
// step's edits. The entry names:
//
//	-- <path> --                the starting state: a whole file
//	-- patch <path> --          the starting state: a patch to a base file
//	-- <step>: <path> --        step <step> writes the whole file
//	-- <step>: patch <path> --  step <step> patches the file
//	-- <step>: delete <path> -- step <step> deletes the file (empty body)
//
// Steps are declared in the comment, which is read afterwards, so the step
// edits wait in pending until then (attachEdits). lineOffset is the
// number of lines before data in the case file.
func (c *Case) readEntries(data []byte, lineOffset int) error {
	var plain []byte
	for _, e := range workspace.BundleEntries(data) {
		e.Line += lineOffset
		name := e.Name
		step := ""
		if i := strings.Index(name, ": "); i > 0 && stepNameRe.MatchString(name[:i]) {
			step, name = name[:i], strings.TrimSpace(name[i+2:])
		}
		op := "file"
		for _, o := range []string{"patch", "delete"} {
			if rest, ok := strings.CutPrefix(name, o+" "); ok {
				op, name = o, strings.TrimSpace(rest)
			}
		}
		if step == "" && op == "file" {
			plain = append(plain, e.Raw...)
			continue
		}
		where := fmt.Sprintf("line %d: -- %s --", e.Line, e.Name)
		if !workspace.IsAbs(name) {
			return fmt.Errorf("%s: not an absolute file path: %q", where, name)
		}
		ed := &Edit{Op: op, Path: name, Text: string(e.Body), Line: e.Line}
		switch op {
		case "patch":
			p, err := textdiff.ParsePatch(ed.Text)
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			ed.patch = p
		case "delete":
			if strings.TrimSpace(ed.Text) != "" {
				return fmt.Errorf("%s: a delete entry has no body", where)
			}
			ed.Text = ""
		}
		if step == "" {
			if op == "delete" {
				return fmt.Errorf("%s: the starting state removes a file with an `absent` line", where)
			}
			c.Patches = append(c.Patches, ed)
			continue
		}
		c.pending = append(c.pending, pendingEdit{step, ed})
	}
	c.Bundle = plain
	ws, err := workspace.ParseBundle(plain)
	if err != nil {
		return fmt.Errorf("bundle: %v", err)
	}
	for _, f := range ws.Files() {
		c.files[workspace.Key(f.Path)] = strings.Split(string(f.Text), "\n")
	}
	return nil
}

// pendingEdit is a step edit read before its step's line.
type pendingEdit struct {
	step string
	edit *Edit
}

// attachEdits gives each step its edits, in archive order.
func (c *Case) attachEdits() error {
	for _, pe := range c.pending {
		s := c.Step(pe.step)
		if s == nil {
			return fmt.Errorf("%s:%d: -- %s: … --: no step %q in the comment", c.Name, pe.edit.Line, pe.step, pe.step)
		}
		for _, other := range s.Edits {
			if workspace.Key(other.Path) == workspace.Key(pe.edit.Path) {
				return fmt.Errorf("%s:%d: step %s edits %s twice", c.Name, pe.edit.Line, s.Name, pe.edit.Path)
			}
		}
		s.Edits = append(s.Edits, pe.edit)
	}
	c.pending = nil
	return nil
}
