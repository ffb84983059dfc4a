// Package appcmdops holds the playground's worker ops for appcmd
// writes, backups, configuration history and site export. They are pure
// functions of a workspace: each returns its JSON-ready answer and, when
// it changed files, the new workspace, which the caller makes current.
//
// Plain Go, so the ops are tested natively. tools.wasm serves them
// (wasm/tools/ops/appcmd.go, on a bundle of the engine's workspace), not
// the engine wasm: the write side of engine/appcmd weighs ~120 KB brotli, which
// the engine wasm's first-load budget has no room for.
package appcmdops

import (
	"encoding/json"
	"fmt"
	"github.com/iisconf/iisconf/engine/config"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Names are the ops Call answers.
var Names = []string{"appcmdExec", "backups", "backupDiff", "backupRestore", "exportSite", "features", "featuresChange"}

// ChangedFile is one file an op added, changed (Text) or removed.
type ChangedFile struct {
	Path       string `json:"path"`
	Text       string `json:"text"`
	Removed    bool   `json:"removed,omitempty"`
	Unreadable bool   `json:"unreadable,omitempty"`
}

// ExecResult mirrors appcmd-protocol.ts AppCmdExecResult.
type ExecResult struct {
	Output   string        `json:"output"`
	ExitCode int           `json:"exitCode"`
	Emulator bool          `json:"emulator,omitempty"`
	Changed  []string      `json:"changed"`
	Files    []ChangedFile `json:"files"`
	History  string        `json:"history,omitempty"` // the CFGHISTORY snapshot the change made
}

// BackupInfo mirrors appcmd-protocol.ts BackupInfo.
type BackupInfo struct {
	Name    string   `json:"name"`
	Folder  string   `json:"folder"`
	Created string   `json:"created,omitempty"` // yyyy-MM-ddTHH:mm:ss on the workspace clock
	History bool     `json:"history"`
	Files   []string `json:"files"`
}

func decode(op string, args []byte, v any) error {
	if strings.TrimSpace(string(args)) == "" {
		args = []byte("{}")
	}
	if err := json.Unmarshal(args, v); err != nil {
		return fmt.Errorf("%s: bad arguments: %v", op, err)
	}
	return nil
}

// Call runs op on ws. handled is false for an op not in Names; next is
// the changed workspace (nil when nothing changed). A refusal the user
// should see (a missing backup, a taken name) is part of the result, not
// an error; err is for bad arguments.
func Call(ws *workspace.Workspace, op string, args []byte) (result any, next *workspace.Workspace, handled bool, err error) {
	switch op {
	case "appcmdExec":
		var in struct {
			Line string `json:"line"`
			Now  string `json:"now"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, nil, true, err
		}
		now, err := ParseNow(in.Now)
		if err != nil {
			return nil, nil, true, fmt.Errorf("appcmdExec: %v", err)
		}
		r, next := Exec(ws, appcmd.CommandLine(in.Line), now)
		return r, next, true, nil
	case "backups":
		return Backups(ws), nil, true, nil
	case "backupDiff":
		var in struct {
			Name string `json:"name"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, nil, true, err
		}
		files, err := backup.Diff(config.New(ws), in.Name)
		if err != nil {
			return map[string]string{"error": err.Error()}, nil, true, nil
		}
		return map[string]any{"name": in.Name, "files": files}, nil, true, nil
	case "backupRestore":
		var in struct {
			Name string `json:"name"`
			Now  string `json:"now"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, nil, true, err
		}
		now, err := ParseNow(in.Now)
		if err != nil {
			return nil, nil, true, fmt.Errorf("backupRestore: %v", err)
		}
		// Through appcmd, so the answer is `appcmd restore backup`'s.
		r, next := Exec(ws, []string{"restore", "backup", in.Name}, now)
		return r, next, true, nil
	case "features":
		return Features(ws), nil, true, nil
	case "featuresChange":
		var in struct {
			Install   []string `json:"install"`
			Uninstall []string `json:"uninstall"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, nil, true, err
		}
		r, next := FeaturesChange(ws, in.Install, in.Uninstall)
		return r, next, true, nil
	case "exportSite":
		var in struct {
			Site string `json:"site"`
		}
		if err := decode(op, args, &in); err != nil {
			return nil, nil, true, err
		}
		data, err := backup.ExportSite(config.New(ws), in.Site)
		if err != nil {
			return map[string]string{"error": err.Error()}, nil, true, nil
		}
		return map[string]string{"text": string(data)}, nil, true, nil
	}
	return nil, nil, false, nil
}

// ParseNow reads the page's clock: RFC 3339 (Date.toISOString), or a
// local yyyy-MM-ddTHH:mm:ss (what the page sends, so backup names and
// history times read in the user's time zone). Empty is the system time.
func ParseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now().Truncate(time.Second), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.Truncate(time.Second), nil
	}
	t, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("now %q: want RFC 3339 or yyyy-MM-ddTHH:mm:ss", s)
	}
	return t, nil
}

// Exec runs one appcmd command; next is the changed workspace (nil when
// the command changed nothing or failed).
func Exec(ws *workspace.Workspace, args []string, now time.Time) (ExecResult, *workspace.Workspace) {
	o := appcmd.Exec(ws, args, appcmd.Options{Now: now})
	if o.Err != nil {
		r := ExecResult{ExitCode: o.Err.Code, Emulator: o.Err.Emulator, Changed: []string{}, Files: []ChangedFile{}}
		if o.Err.Text != "" {
			r.Output = o.Err.Text + "\r\n"
		}
		return r, nil
	}
	r := ExecResult{Output: o.Output, History: o.History}
	r.Changed, r.Files = Diff(ws, o.Workspace)
	if len(r.Files) == 0 {
		return r, nil
	}
	return r, o.Workspace
}

// Backups lists the backups and history snapshots.
func Backups(ws *workspace.Workspace) []BackupInfo {
	out := []BackupInfo{}
	for _, b := range backup.List(config.New(ws)) {
		bi := BackupInfo{Name: b.Name, Folder: b.Folder, History: b.History, Files: b.Files}
		if !b.Created.IsZero() {
			bi.Created = b.Created.Format("2006-01-02T15:04:05")
		}
		out = append(out, bi)
	}
	return out
}

// Diff lists the files that differ between two workspaces, changed and
// added ones with their text, in path order, then removed ones.
func Diff(before, after *workspace.Workspace) ([]string, []ChangedFile) {
	changed, files := []string{}, []ChangedFile{}
	if before == after {
		return changed, files
	}
	for _, f := range after.Files() {
		if old, ok := before.Get(f.Path); !ok || string(old.Text) != string(f.Text) || old.Unreadable != f.Unreadable {
			files = append(files, ChangedFile{Path: f.Path, Text: string(f.Text), Unreadable: f.Unreadable})
		}
	}
	for _, f := range before.Files() {
		if _, ok := after.Get(f.Path); !ok {
			files = append(files, ChangedFile{Path: f.Path, Removed: true})
		}
	}
	for _, f := range files {
		changed = append(changed, f.Path)
	}
	return changed, files
}
