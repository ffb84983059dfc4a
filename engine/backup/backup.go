// Package backup is IIS's configuration backups and configuration history over
// a workspace (docs/backups.md#backups, docs/backups.md#configuration-history):
// pure functions that take a workspace and the workspace clock and return a
// changed copy.
//
// Layout inside the workspace:
//   - a backup is the folder C:\Windows\System32\inetsrv\backup\<name>\
//     holding the copies of applicationHost.config, administration.config
//     and redirection.config that existed when it was made (as IIS does);
//   - a history snapshot is <configHistory path>\CFGHISTORY_nnnnnnnnnn\
//     holding applicationHost.config (and administration.config when
//     present, UNCERTAIN(history-administration-config): real folders have
//     it, the docs say one file);
//   - each folder also holds CreatedFile, one line `yyyy-MM-ddTHH:mm:ss`:
//     the creation time on the workspace clock. A workspace has no file
//     times, so this record is iisconf's own; IIS keeps the folder time.
package backup

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/workspace"
)

const (
	// Dir is %windir%\system32\inetsrv\backup (docs/backups.md#backups).
	Dir = `C:\Windows\System32\inetsrv\backup`
	// CreatedFile records a backup's creation time (iisconf's own file).
	CreatedFile = "iisconf-created.txt"
	// HistoryPrefix names history snapshots [DOC]: CFGHISTORY_0000000016.
	HistoryPrefix = "CFGHISTORY_"
	// NameLayout is the default backup name [OBS]: 20260814T183819.
	NameLayout = "20060102T150405"
	timeLayout = "2006-01-02T15:04:05"
)

// configFiles are the files a backup holds, relative to the config folder.
var configFiles = []string{"applicationHost.config", "administration.config", "redirection.config"}

// Backup is one backup or history snapshot.
type Backup struct {
	Name    string
	Folder  string
	Created time.Time // zero when the record is missing
	History bool
	Files   []string // file names in the folder (CreatedFile excluded)
}

// Error is a refused backup operation; Kind lets callers pick their text.
type Error struct {
	Kind string // "exists", "notfound", "invalid"
	Name string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// validName rejects names that cannot be one folder.
func validName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, `\/:*?"<>|`)
}

// Add makes backup name (the clock's yyyyMMddTHHmmss when name is "")
// of the configuration files that exist. It returns the name used.
func Add(ws *workspace.Workspace, name string, now time.Time) (*workspace.Workspace, string, error) {
	if name == "" {
		name = now.Format(NameLayout)
	}
	if !validName(name) {
		return nil, name, &Error{"invalid", name, fmt.Sprintf("invalid backup name %q", name)}
	}
	if _, ok := Find(ws, name); ok {
		return nil, name, &Error{"exists", name, fmt.Sprintf("backup %q already exists", name)}
	}
	out := ws.Clone()
	folder := workspace.Join(Dir, name)
	for _, n := range configFiles {
		if f, ok := ws.Get(workspace.Join(workspace.ConfigDir, n)); ok {
			out.Set(workspace.Join(folder, n), f.Text)
		}
	}
	out.Set(workspace.Join(folder, CreatedFile), []byte(now.Format(timeLayout)+"\n"))
	return out, name, nil
}

// List returns the backups and the history snapshots, sorted by name
// (docs/backups.md#backups, UNCERTAIN(backup-list-order)).
func List(ws *workspace.Workspace) []Backup {
	var out []Backup
	out = append(out, folders(ws, Dir, false)...)
	if hp := historyPath(ws); hp != "" && !strings.EqualFold(hp, Dir) {
		out = append(out, folders(ws, hp, true)...)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// folders lists the sub-folders of dir that hold a backup.
func folders(ws *workspace.Workspace, dir string, history bool) []Backup {
	byName := map[string]*Backup{}
	var names []string
	for _, f := range ws.FilesIn(dir) {
		rel := strings.TrimPrefix(f.Path[len(workspace.Clean(dir)):], `\`)
		name, file, ok := strings.Cut(rel, `\`)
		if !ok || strings.Contains(file, `\`) {
			continue
		}
		if history != strings.HasPrefix(strings.ToUpper(name), HistoryPrefix) {
			continue
		}
		b := byName[strings.ToLower(name)]
		if b == nil {
			b = &Backup{Name: name, Folder: workspace.Join(dir, name), History: history}
			byName[strings.ToLower(name)] = b
			names = append(names, strings.ToLower(name))
		}
		if strings.EqualFold(file, CreatedFile) {
			b.Created, _ = time.Parse(timeLayout, strings.TrimSpace(string(f.Text)))
			continue
		}
		b.Files = append(b.Files, file)
	}
	var out []Backup
	for _, n := range names {
		if b := byName[n]; len(b.Files) > 0 {
			out = append(out, *b)
		}
	}
	return out
}

// Find returns the backup or snapshot called name (case-insensitive).
func Find(ws *workspace.Workspace, name string) (Backup, bool) {
	for _, b := range List(ws) {
		if strings.EqualFold(b.Name, name) {
			return b, true
		}
	}
	return Backup{}, false
}

// Restore copies a backup's files back into the config folder. A backup
// brings back exactly the files it holds: a configuration file it does
// not hold is removed. A history snapshot restores what it holds and
// leaves the rest (docs/backups.md#backups).
func Restore(ws *workspace.Workspace, name string) (*workspace.Workspace, error) {
	b, ok := Find(ws, name)
	if !ok {
		return nil, &Error{"notfound", name, fmt.Sprintf("backup %q not found", name)}
	}
	out := ws.Clone()
	for _, n := range configFiles {
		dst := workspace.Join(workspace.ConfigDir, n)
		if src, ok := ws.Get(workspace.Join(b.Folder, n)); ok {
			out.Set(dst, src.Text)
		} else if !b.History {
			out.Remove(dst)
		}
	}
	return out, nil
}

// Delete removes a backup or snapshot folder.
func Delete(ws *workspace.Workspace, name string) (*workspace.Workspace, error) {
	b, ok := Find(ws, name)
	if !ok {
		return nil, &Error{"notfound", name, fmt.Sprintf("backup %q not found", name)}
	}
	out := ws.Clone()
	for _, f := range ws.FilesIn(b.Folder) {
		out.Remove(f.Path)
	}
	return out, nil
}

// Export writes one backup as a bundle whose files sit at their backup
// paths, so Import on another workspace brings it back unchanged.
func Export(ws *workspace.Workspace, name string) ([]byte, error) {
	b, ok := Find(ws, name)
	if !ok {
		return nil, &Error{"notfound", name, fmt.Sprintf("backup %q not found", name)}
	}
	one := workspace.New()
	for _, f := range ws.FilesIn(b.Folder) {
		one.Set(f.Path, f.Text)
	}
	return one.Bundle()
}

// Import adds the backups of an exported bundle. Files outside the
// backup and history folders are refused, and so is a backup whose name
// is already taken, so an import never overwrites anything.
func Import(ws *workspace.Workspace, bundle []byte) (*workspace.Workspace, []string, error) {
	in, err := workspace.ParseBundle(bundle)
	if err != nil {
		return nil, nil, err
	}
	out := ws.Clone()
	hp := historyPath(ws)
	for _, f := range in.Files() {
		if !workspace.Within(f.Path, Dir) && (hp == "" || !workspace.Within(f.Path, hp)) {
			return nil, nil, &Error{"invalid", "", fmt.Sprintf("%s is not inside a backup folder", f.Path)}
		}
	}
	var names []string
	for _, b := range List(in) {
		if _, ok := Find(ws, b.Name); ok {
			return nil, nil, &Error{"exists", b.Name, fmt.Sprintf("backup %q already exists", b.Name)}
		}
		names = append(names, b.Name)
		for _, f := range in.FilesIn(b.Folder) {
			out.Set(f.Path, f.Text)
		}
	}
	return out, names, nil
}

// HistorySettings is system.applicationHost/configHistory at the server
// level (docs/backups.md#configuration-history).
type HistorySettings struct {
	Enabled      bool
	Path         string // expanded
	MaxHistories int
	Period       time.Duration
}

// Settings reads configHistory from the workspace (defaults when the
// section cannot be read).
func Settings(ws *workspace.Workspace) HistorySettings {
	s := HistorySettings{Enabled: true, Path: ws.Expand(`%SystemDrive%\inetpub\history`), MaxHistories: 10, Period: 2 * time.Minute}
	e := config.New(ws)
	res := e.Evaluate("MACHINE/WEBROOT/APPHOST", config.EvalOptions{Sections: []string{"system.applicationHost/configHistory"}})
	for _, sec := range res.Sections {
		if sec.Element == nil {
			continue
		}
		for _, a := range sec.Element.Attributes {
			if a.Attribute == nil {
				continue
			}
			switch a.Name {
			case "enabled":
				s.Enabled = strings.EqualFold(a.Value, "true")
			case "path":
				s.Path = workspace.Clean(ws.Expand(a.Value))
			case "maxHistories":
				if n, err := strconv.Atoi(a.Value); err == nil {
					s.MaxHistories = n
				}
			case "period":
				if d, ok := parseSpan(a.Value); ok {
					s.Period = d
				}
			}
		}
	}
	return s
}

// parseSpan reads the canonical [d.]hh:mm:ss timeSpan text.
func parseSpan(v string) (time.Duration, bool) {
	days := 0
	if d, rest, ok := strings.Cut(v, "."); ok && !strings.Contains(d, ":") {
		n, err := strconv.Atoi(d)
		if err != nil {
			return 0, false
		}
		days, v = n, rest
	}
	parts := strings.Split(v, ":")
	if len(parts) != 3 {
		return 0, false
	}
	var n [3]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, false
		}
		n[i] = f
	}
	secs := float64(days)*86400 + n[0]*3600 + n[1]*60 + n[2]
	return time.Duration(secs * float64(time.Second)), true
}

// History returns the configuration history snapshots, by name.
func History(ws *workspace.Workspace) []Backup {
	if hp := historyPath(ws); hp != "" {
		return folders(ws, hp, true)
	}
	return nil
}

func historyPath(ws *workspace.Workspace) string { return Settings(ws).Path }

// Tick is one wake-up of the Application Host Helper Service
// (docs/backups.md#configuration-history): when history is enabled, at least
// one period has passed since the newest snapshot, applicationHost.config
// differs from it and is valid, a new CFGHISTORY_<serial+1> is made and the
// lowest serials beyond maxHistories are dropped. It returns the workspace
// unchanged (the same pointer) when nothing was done, and the snapshot's name.
func Tick(ws *workspace.Workspace, now time.Time) (*workspace.Workspace, string) {
	s := Settings(ws)
	if !s.Enabled || s.Path == "" {
		return ws, ""
	}
	host, ok := ws.Get(workspace.AppHostPath)
	if !ok {
		return ws, ""
	}
	snaps := folders(ws, s.Path, true)
	serial := 0
	var newest *Backup
	for i := range snaps {
		n, err := strconv.Atoi(snaps[i].Name[len(HistoryPrefix):])
		if err == nil && n >= serial {
			serial, newest = n, &snaps[i]
		}
	}
	if newest != nil {
		if !newest.Created.IsZero() && now.Sub(newest.Created) < s.Period {
			return ws, ""
		}
		if f, ok := ws.Get(workspace.Join(newest.Folder, "applicationHost.config")); ok && string(f.Text) == string(host.Text) {
			return ws, ""
		}
	}
	if !valid(ws) {
		return ws, ""
	}
	out := ws.Clone()
	name := fmt.Sprintf("%s%010d", HistoryPrefix, serial+1)
	folder := workspace.Join(s.Path, name)
	out.Set(workspace.Join(folder, "applicationHost.config"), host.Text)
	if f, ok := ws.Get(workspace.AdministrationPath); ok {
		out.Set(workspace.Join(folder, "administration.config"), f.Text)
	}
	out.Set(workspace.Join(folder, CreatedFile), []byte(now.Format(timeLayout)+"\n"))
	// Drop the lowest serials past maxHistories.
	all := folders(out, s.Path, true)
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	for len(all) > s.MaxHistories && s.MaxHistories > 0 {
		for _, f := range out.FilesIn(all[0].Folder) {
			out.Remove(f.Path)
		}
		all = all[1:]
	}
	return out, name
}

// valid reports whether applicationHost.config reads without errors at
// the server level (the service does not snapshot invalid files).
func valid(ws *workspace.Workspace) bool {
	res := config.New(ws).Evaluate("MACHINE/WEBROOT/APPHOST", config.EvalOptions{})
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error && strings.EqualFold(d.File, workspace.AppHostPath) {
			return false
		}
	}
	return true
}
