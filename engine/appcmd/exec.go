package appcmd

import (
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Options are the inputs of a command beyond its arguments.
type Options struct {
	// Now is the workspace clock: it names default backups
	// (yyyyMMddTHHmmss) and times configuration history. The engine never
	// reads the system clock, so tests and the browser pass it explicitly.
	// The zero time disables configuration history.
	Now time.Time
}

// Outcome is the result of Exec.
type Outcome struct {
	Output    string               // appcmd's stdout text ("" on failure)
	Err       *Error               // non-nil on failure; nothing was changed then
	Workspace *workspace.Workspace // the workspace after the command (the input when unchanged)
	Changed   []string             // files added, changed or removed, sorted by path
	History   string               // the CFGHISTORY snapshot the change produced, if any
}

// Exec runs any emulated appcmd command against a workspace and returns
// the changed workspace; the input is never modified. It is the entry
// point for callers that write (the CLI, the browser): Run stays the
// read-only form over an engine.
//
// After a change that leaves applicationHost.config valid, the history
// service runs once on the clock (backup.Tick), so configuration history
// follows writes the way AppHostSvc's periodic check would.
func Exec(ws *workspace.Workspace, args []string, opt Options) Outcome {
	o := ExecOn(config.New(ws), args, opt)
	if len(o.Changed) == 0 {
		o.Workspace = ws
	}
	return o
}

// ExecOn is Exec on the workspace an engine reads, for callers that hold
// one (the playground's tools, the feature installers, a replayed script):
// the command reads through e, and the changed workspace is read by e's
// Update, which re-uses every parse and merge the change left — no cold
// engine is built. Outcome.Workspace is e.Workspace() when nothing
// changed.
func ExecOn(e *config.Engine, args []string, opt Options) Outcome {
	ws := e.Workspace()
	c := ParseArgs(args)
	fail := func(err *Error) Outcome { return Outcome{Err: err, Workspace: ws} }
	if len(c.Extra) > 0 && c.Verb != "" {
		return fail(unknownAttribute(c.Extra[0]))
	}
	e, err := clrEngine(e, c)
	if err != nil {
		return fail(err)
	}
	var next *workspace.Workspace
	var after *config.Engine // reads next
	var out string
	switch {
	case c.Object == "backup":
		var err *Error
		out, next, err = runBackup(e, c, opt)
		if err != nil {
			return fail(err)
		}
		after = e
		if next != ws {
			after = e.Update(next)
		}
	case c.Verb == "list":
		text, err := Run(e, args)
		return Outcome{Output: text, Err: err, Workspace: ws}
	default:
		var w *written
		var err *Error
		switch {
		case c.Object == "config" && c.Verb == "set":
			w, err = setConfig(e, c)
		case c.Object == "config" && c.Verb == "clear":
			w, err = clearConfig(e, c)
		case c.Object == "config" && c.Verb == "lock":
			w, err = lockConfig(e, c, "Deny")
		case c.Object == "config" && c.Verb == "unlock":
			w, err = lockConfig(e, c, "Allow")
		case isObject(c.Object) && c.Verb == "add":
			w, err = addObject(e, c)
		case isObject(c.Object) && (c.Verb == "set" || c.Verb == "delete"):
			w, err = setOrDeleteObject(e, c)
		default:
			return fail(unsupported("appcmd " + c.Verb + " " + strings.ToUpper(c.Object) + " is not emulated"))
		}
		if err != nil {
			return fail(err)
		}
		out, next, after = w.out, w.t.ws, w.t.after
		if after == nil { // nothing changed
			after = e
		}
	}
	o := Outcome{Output: out, Workspace: next}
	if !opt.Now.IsZero() && historyDue(ws, next, after) {
		o.Workspace, o.History = backup.Tick(after, opt.Now)
	}
	o.Changed = changedPaths(ws, o.Workspace)
	if len(o.Changed) == 0 {
		o.Workspace = ws
	}
	return o
}

// historyDue reports whether the history service has something to look
// at: applicationHost.config changed now, or snapshots exist (a change
// made within the last period is picked up by a later command). after
// reads the workspace after the command.
func historyDue(before, afterWS *workspace.Workspace, after *config.Engine) bool {
	if len(backup.History(after)) > 0 {
		return true
	}
	for _, p := range changedPaths(before, afterWS) {
		if workspace.Key(p) == workspace.Key(workspace.AppHostPath) {
			return true
		}
	}
	return false
}

func isObject(o string) bool { return o == "site" || o == "app" || o == "vdir" || o == "apppool" }

// runBackup is `add|list|restore|delete backup` (docs/backups.md#backups).
func runBackup(e *config.Engine, c *Command, opt Options) (string, *workspace.Workspace, *Error) {
	ws := e.Workspace()
	for _, p := range c.Params {
		if c.Verb == "restore" && isSwitch(p, "stop") {
			// The emulator has no services to stop; both values restore.
			continue
		}
		return "", nil, unknownAttribute(p.Name)
	}
	switch c.Verb {
	case "add":
		next, name, err := backup.Add(e, c.Identifier, opt.Now)
		if err != nil {
			if d, ok := err.(*diag.Diagnostic); ok && d.ID == diag.BackupExists {
				return "", nil, backupExists(name)
			}
			return "", nil, messageError(exitInvalidParameter, err.Error())
		}
		return objectAdded("BACKUP", name) + lineEnd, next, nil
	case "list":
		var b strings.Builder
		for _, bk := range backup.List(e) {
			if c.Identifier != "" && !strings.EqualFold(bk.Name, c.Identifier) {
				continue
			}
			b.WriteString(`BACKUP "` + bk.Name + `"` + lineEnd)
		}
		if b.Len() == 0 {
			if c.Identifier != "" {
				return "", nil, notFound("BACKUP", c.Identifier)
			}
			return "", nil, &Error{Code: exitNoMatch}
		}
		return b.String(), ws, nil
	case "restore", "delete":
		if c.Identifier == "" {
			return "", nil, notFound("BACKUP", "")
		}
		bk, ok := backup.Find(e, c.Identifier)
		if !ok {
			return "", nil, notFound("BACKUP", c.Identifier)
		}
		if c.Verb == "delete" {
			next, _ := backup.Delete(e, bk.Name)
			return objectDeleted("BACKUP", bk.Name) + lineEnd, next, nil
		}
		next, _ := backup.Restore(e, bk.Name)
		return restoredBackup(bk.Name) + lineEnd, next, nil
	}
	return "", nil, unsupported("appcmd " + c.Verb + " BACKUP is not emulated")
}
