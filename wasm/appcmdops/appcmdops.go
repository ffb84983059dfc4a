// Package appcmdops holds the playground's ops for appcmd writes,
// backups, configuration history, site export and server features. They read and write the
// workspace a Store holds, and a write answers with the files it changed
// (never the whole workspace): the page lays those over its own copy.
//
// Plain Go, so the ops are tested natively. tools.wasm serves them
// (wasm/tools/ops), not the engine wasm: the write side of engine/appcmd
// weighs ~120 KB brotli, which the engine wasm's first-load budget has no
// room for.
package appcmdops

import (
	"fmt"
	"time"

	"github.com/iisconf/iisconf/engine/appcmd"
	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/optable"
	"github.com/iisconf/iisconf/wasm/playground"
)

// Store holds the workspace the ops read and write: in tools.wasm, its
// copy of the engine's, which the worker keeps in step (syncWorkspace).
type Store struct {
	WS  *workspace.Workspace
	eng *config.Engine // the last engine Engine gave
}

// Engine reads the store's workspace as it is now: the previous call's
// engine brought up to date by Update, which re-reads only the files
// changed since (by a write or a sync), rather than a cold engine per op.
func (s *Store) Engine() *config.Engine {
	s.eng = config.Next(s.eng, s.WS)
	return s.eng
}

// opsCodec reads the ops' arguments and writes their results: set by
// ops_json.go, which `go run ./build` generates from the tools table (see
// optable.Codec).
var opsCodec optable.Codec

// Register adds the ops to t; they work on s's workspace and a write
// makes its result current.
func Register(t *optable.Table, s *Store) {
	t.AddCodec(opsCodec)
	optable.Add(t, "appcmdExec", "Runs one appcmd command line on the workspace; a write answers with the files it changed.", func(in ExecArgs) (ExecResult, error) {
		now, err := ParseNow(in.Now)
		if err != nil {
			return ExecResult{}, fmt.Errorf("appcmdExec: %v", err)
		}
		return s.exec(appcmd.CommandLine(in.Line), now), nil
	})
	optable.Add(t, "backups", "The backups (appcmd add backup) and configuration history snapshots.", func(optable.None) ([]BackupInfo, error) {
		return Backups(s.Engine()), nil
	})
	optable.Add(t, "backupDiff", "What restoring a backup or snapshot would change, file by file.", func(in NameArgs) (BackupDiffResult, error) {
		files, err := backup.Diff(s.Engine(), in.Name)
		if err != nil {
			return BackupDiffResult{Error: err.Error()}, nil
		}
		return BackupDiffResult{Name: in.Name, Files: files}, nil
	})
	optable.Add(t, "backupRestore", "Restores a backup or snapshot, as appcmd restore backup does.", func(in ExecArgs) (ExecResult, error) {
		now, err := ParseNow(in.Now)
		if err != nil {
			return ExecResult{}, fmt.Errorf("backupRestore: %v", err)
		}
		// Through appcmd, so the answer is `appcmd restore backup`'s.
		return s.exec([]string{"restore", "backup", in.Name}, now), nil
	})
	optable.Add(t, "features", "Every server feature with its state in the workspace (the Server features dialog).", func(optable.None) ([]FeatureInfo, error) {
		return Features(s.Engine()), nil
	})
	optable.Add(t, "featuresChange", "Uninstalls then installs features as their installers do; answers with the files changed and every feature's state.", func(in FeaturesArgs) (FeaturesResult, error) {
		r, next := FeaturesChange(s.Engine(), in.Install, in.Uninstall)
		if next != nil {
			s.WS = next
		}
		return r, nil
	})
	optable.Add(t, "exportSite", "A site, its pools, location tags and web.config files as a site bundle.", func(in SiteArgs) (ExportSiteResult, error) {
		data, err := backup.ExportSite(s.Engine(), in.Site)
		if err != nil {
			return ExportSiteResult{Error: err.Error()}, nil
		}
		return ExportSiteResult{Text: string(data)}, nil
	})
}

// exec runs a command and makes the changed workspace current.
func (s *Store) exec(args []string, now time.Time) ExecResult {
	r, next := Exec(s.Engine(), args, now)
	if next != nil {
		s.WS = next
	}
	return r
}

// ExecArgs are appcmdExec's (Line) and backupRestore's (Name) arguments;
// Now is the workspace clock (backup names, history times).
type ExecArgs struct {
	Line string `json:"line,omitempty"`
	Name string `json:"name,omitempty"`
	Now  string `json:"now"`
}

// FeaturesArgs are featuresChange's: feature IDs to install and to uninstall.
type FeaturesArgs struct {
	Install   []string `json:"install,omitempty"`
	Uninstall []string `json:"uninstall,omitempty"`
}

// NameArgs name a backup or snapshot.
type NameArgs struct {
	Name string `json:"name"`
}

// SiteArgs name a site.
type SiteArgs struct {
	Site string `json:"site"`
}

// ExecResult is what appcmd printed and what it changed.
type ExecResult struct {
	Output   string                   `json:"output"` // appcmd's stdout (CRLF line ends), or its ERROR ( ... ) text
	ExitCode int                      `json:"exitCode"`
	Emulator bool                     `json:"emulator,omitempty"` // iisconf's own refusal (a verb not emulated), not appcmd's text
	Changed  []string                 `json:"changed"`            // paths of the changed files, in workspace order
	Files    []playground.ChangedFile `json:"files"`              // the changed files, to apply to the page's copy
	History  string                   `json:"history,omitempty"`  // the CFGHISTORY snapshot the change made
}

// BackupInfo is one backup or configuration history snapshot.
type BackupInfo struct {
	Name    string   `json:"name"`
	Folder  string   `json:"folder"`
	Created string   `json:"created,omitempty"` // yyyy-MM-ddTHH:mm:ss on the workspace clock
	History bool     `json:"history"`           // a CFGHISTORY snapshot rather than a backup
	Files   []string `json:"files"`             // the file names it holds
}

// BackupDiffResult is what restoring would do, per configuration file, or
// why it cannot be told.
type BackupDiffResult struct {
	Name  string            `json:"name,omitempty"`
	Files []backup.FileDiff `json:"files,omitempty"`
	Error string            `json:"error,omitempty"`
}

// ExportSiteResult is a site bundle, or why there is none.
type ExportSiteResult struct {
	Text  string `json:"text,omitempty"`
	Error string `json:"error,omitempty"`
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

// Exec runs one appcmd command on the workspace e reads; next is the
// changed workspace (nil when the command changed nothing or failed).
func Exec(e *config.Engine, args []string, now time.Time) (ExecResult, *workspace.Workspace) {
	ws := e.Workspace()
	o := appcmd.ExecOn(e, args, appcmd.Options{Now: now})
	if o.Err != nil {
		r := ExecResult{ExitCode: o.Err.Code, Emulator: o.Err.Emulator, Changed: []string{}, Files: []playground.ChangedFile{}}
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

// Backups lists the backups and history snapshots of the workspace e reads.
func Backups(e *config.Engine) []BackupInfo {
	out := []BackupInfo{}
	for _, b := range backup.List(e) {
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
func Diff(before, after *workspace.Workspace) ([]string, []playground.ChangedFile) {
	changed, files := []string{}, []playground.ChangedFile{}
	if before == after {
		return changed, files
	}
	for _, f := range after.Files() {
		if old, ok := before.Get(f.Path); !ok || string(old.Text) != string(f.Text) || old.Unreadable != f.Unreadable {
			files = append(files, playground.ChangedFile{Path: f.Path, Text: string(f.Text), Unreadable: f.Unreadable})
		}
	}
	for _, f := range before.Files() {
		if _, ok := after.Get(f.Path); !ok {
			files = append(files, playground.ChangedFile{Path: f.Path, Removed: true})
		}
	}
	for _, f := range files {
		changed = append(changed, f.Path)
	}
	return changed, files
}
