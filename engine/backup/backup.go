// Package backup is IIS's configuration backups and configuration history over
// a workspace (docs/backups.md#backups, docs/backups.md#configuration-history):
// pure functions that take the engine reading a workspace (which answers where
// history lives and whether applicationHost.config is valid) and the workspace
// clock, and return a changed copy of the workspace.
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

// refused is a refused operation, as the error the functions return: a
// diagnostic of the catalogue (diag.BackupExists, …), which callers tell
// apart by its ID.
func refused(id diag.ID, args ...any) error {
	d := diag.ToolAt(id, "", diag.NoRange, args...)
	return &d
}

// validName rejects names that cannot be one folder.
func validName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, `\/:*?"<>|`)
}

// Add makes backup name (the clock's yyyyMMddTHHmmss when name is "")
// of the configuration files that exist. It returns the name used.
func Add(e *config.Engine, name string, now time.Time) (*workspace.Workspace, string, error) {
	ws := e.Workspace()
	if name == "" {
		name = now.Format(NameLayout)
	}
	if !validName(name) {
		return nil, name, refused(diag.BackupName, name)
	}
	if _, ok := Find(e, name); ok {
		return nil, name, refused(diag.BackupExists, name)
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
func List(e *config.Engine) []Backup {
	return list(e.Workspace(), Settings(e).Path)
}

// list is List over the files of ws, with history snapshots under hp.
func list(ws *workspace.Workspace, hp string) []Backup {
	var out []Backup
	out = append(out, folders(ws, Dir, false)...)
	if hp != "" && !strings.EqualFold(hp, Dir) {
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
func Find(e *config.Engine, name string) (Backup, bool) {
	return find(List(e), name)
}

func find(bs []Backup, name string) (Backup, bool) {
	for _, b := range bs {
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
func Restore(e *config.Engine, name string) (*workspace.Workspace, error) {
	ws := e.Workspace()
	b, ok := Find(e, name)
	if !ok {
		return nil, refused(diag.BackupNotFound, name)
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
func Delete(e *config.Engine, name string) (*workspace.Workspace, error) {
	ws := e.Workspace()
	b, ok := Find(e, name)
	if !ok {
		return nil, refused(diag.BackupNotFound, name)
	}
	out := ws.Clone()
	for _, f := range ws.FilesIn(b.Folder) {
		out.Remove(f.Path)
	}
	return out, nil
}

// Export writes one backup as a bundle whose files sit at their backup
// paths, so Import on another workspace brings it back unchanged.
func Export(e *config.Engine, name string) ([]byte, error) {
	ws := e.Workspace()
	b, ok := Find(e, name)
	if !ok {
		return nil, refused(diag.BackupNotFound, name)
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
func Import(e *config.Engine, bundle []byte) (*workspace.Workspace, []string, error) {
	in, err := workspace.ParseBundle(bundle)
	if err != nil {
		return nil, nil, err
	}
	ws := e.Workspace()
	out := ws.Clone()
	have := List(e)
	hp := Settings(e).Path
	for _, f := range in.Files() {
		if !workspace.Within(f.Path, Dir) && (hp == "" || !workspace.Within(f.Path, hp)) {
			return nil, nil, refused(diag.BackupOutside, f.Path)
		}
	}
	var names []string
	// The bundle's backups, read with this workspace's history folder: the
	// one its files were just checked against.
	for _, b := range list(in, hp) {
		if _, ok := find(have, b.Name); ok {
			return nil, nil, refused(diag.BackupExists, b.Name)
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

// Settings reads configHistory at the server level (the defaults where
// it cannot be read).
func Settings(e *config.Engine) HistorySettings {
	ws := e.Workspace()
	s := HistorySettings{Enabled: true, Path: ws.Expand(`%SystemDrive%\inetpub\history`), MaxHistories: 10, Period: 2 * time.Minute}
	sec, d := e.Section(serverLevel, "system.applicationHost/configHistory")
	if d != nil || !sec.Element.Exists() {
		return s
	}
	el := sec.Element
	if v, ok := el.Value("enabled"); ok {
		s.Enabled = v.Parsed.Num != 0
	}
	if v, ok := el.Value("path"); ok {
		s.Path = workspace.Clean(ws.Expand(v.Text))
	}
	if v, ok := el.Value("maxHistories"); ok {
		s.MaxHistories = int(v.Parsed.Num)
	}
	if v, ok := el.Value("period"); ok {
		s.Period = time.Duration(v.Parsed.Nanoseconds())
	}
	return s
}

// serverLevel is the config path of applicationHost.config's own level.
const serverLevel = "MACHINE/WEBROOT/APPHOST"

// History returns the configuration history snapshots, by name.
func History(e *config.Engine) []Backup {
	if hp := Settings(e).Path; hp != "" {
		return folders(e.Workspace(), hp, true)
	}
	return nil
}

// Tick is one wake-up of the Application Host Helper Service
// (docs/backups.md#configuration-history): when history is enabled, at least
// one period has passed since the newest snapshot, applicationHost.config
// differs from it and is valid, a new CFGHISTORY_<serial+1> is made and the
// lowest serials beyond maxHistories are dropped. It returns the workspace
// unchanged (the same pointer) when nothing was done, and the snapshot's name.
func Tick(e *config.Engine, now time.Time) (*workspace.Workspace, string) {
	ws := e.Workspace()
	s := Settings(e)
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
	if !valid(e) {
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
func valid(e *config.Engine) bool {
	for _, d := range e.Problems(serverLevel) {
		if d.Severity == diag.Error && workspace.Key(d.File) == workspace.Key(workspace.AppHostPath) {
			return false
		}
	}
	return true
}
