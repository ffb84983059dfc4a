package backup

import (
	"github.com/iisconf/iisconf/engine/diag"

	"github.com/iisconf/iisconf/engine/config"

	"github.com/iisconf/iisconf/engine/textdiff"
	"github.com/iisconf/iisconf/engine/workspace"
)

// FileDiff is what restoring a backup would do to one configuration
// file: Diff is a unified diff from the current file (a/) to the
// backup's copy (b/), empty when they are equal.
type FileDiff struct {
	Path    string `json:"path"`              // the configuration file, e.g. ...\config\applicationHost.config
	Current bool   `json:"current"`           // the file exists now
	Backup  bool   `json:"backup"`            // the backup holds a copy
	Diff    string `json:"diff"`              // "" when restoring leaves the file as it is
	Removes bool   `json:"removes,omitempty"` // restoring deletes the file (a backup without it)
}

// Diff compares a backup or history snapshot with the current
// configuration files, one entry per file Restore would consider (the
// files of a history snapshot only; a backup's absent files are removed
// by a restore, so they are listed too when they exist now).
func Diff(e *config.Engine, name string) ([]FileDiff, error) {
	ws := e.Workspace()
	b, ok := Find(e, name)
	if !ok {
		return nil, refused(diag.BackupNotFound, name)
	}
	var out []FileDiff
	for _, n := range configFiles {
		cur := workspace.Join(workspace.ConfigDir, n)
		now, hasNow := ws.Get(cur)
		then, hasThen := ws.Get(workspace.Join(b.Folder, n))
		if !hasThen && (b.History || !hasNow) {
			continue
		}
		d := FileDiff{Path: cur, Current: hasNow, Backup: hasThen, Removes: !hasThen}
		var a, c []byte
		if hasNow {
			a = now.Text
		}
		if hasThen {
			c = then.Text
		}
		if !hasNow || !hasThen || string(a) != string(c) {
			d.Diff = textdiff.Unified(cur, a, hasNow, c, hasThen)
		}
		out = append(out, d)
	}
	return out, nil
}
