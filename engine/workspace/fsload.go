package workspace

import (
	"strings"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// A directory can mirror a machine's drives: top-level folders named with
// one letter are drives ("C/inetpub/wwwroot/web.config" is
// C:\inetpub\wwwroot\web.config) and "UNC/server/share/..." is
// \\server\share\.... The engine never touches the OS, so loading takes an
// fs.FS and writing back hands the CLI a list of TreeFile to write.
//
// The directory form carries file texts only: the environment and the
// unreadable flags have no place in it (use a bundle to keep them).

// MaxLoadFileSize bounds what LoadFS reads: configuration files are small,
// and a huge file is almost certainly a mistake (a log or a backup) that
// would stall the browser.
const MaxLoadFileSize = 64 << 20

// uncFolder is the top-level folder that holds UNC shares.
const uncFolder = "UNC"

// TreeFile is one file of a drive-mirroring directory, by slash-separated
// path relative to the directory root.
type TreeFile struct {
	RelPath string // "C/inetpub/wwwroot/web.config"
	Text    []byte
}

func isDriveFolder(name string) bool {
	return len(name) == 1 && (name[0]|0x20 >= 'a' && name[0]|0x20 <= 'z')
}

// windowsPathOf maps a slash-separated relative path to a Windows file
// path; ok is false when the path is not inside a drive or UNC share.
func windowsPathOf(rel string) (string, bool) {
	parts := strings.Split(rel, "/")
	switch {
	case len(parts) >= 2 && isDriveFolder(parts[0]):
		return Clean(strings.ToUpper(parts[0]) + `:\` + strings.Join(parts[1:], `\`)), true
	case len(parts) >= 4 && parts[0] == uncFolder:
		return Clean(`\\` + strings.Join(parts[1:], `\`)), true
	}
	return "", false
}

// treePathOf is the inverse of windowsPathOf.
func treePathOf(p string) (string, bool) {
	p = Clean(p)
	if !isFilePath(p) {
		return "", false
	}
	if strings.HasPrefix(p, `\\`) {
		return uncFolder + "/" + strings.ReplaceAll(p[2:], `\`, "/"), true
	}
	return strings.ToUpper(p[:1]) + "/" + strings.ReplaceAll(p[3:], `\`, "/"), true
}

// Tree returns the workspace as a drive-mirroring directory listing, in
// Files() order. Only files with a drive or UNC path can be mirrored;
// ParseBundle and LoadFS admit no others, but Set does — use TreeChecked
// to be told about such files instead of losing them.
func (w *Workspace) Tree() []TreeFile {
	out, _ := w.TreeChecked()
	return out
}

// TreeChecked is Tree plus an error naming every file whose path cannot
// be mirrored (the returned list then holds the others).
func (w *Workspace) TreeChecked() ([]TreeFile, error) {
	var out []TreeFile
	var bad []string
	for _, f := range w.Files() {
		rel, ok := treePathOf(f.Path)
		if !ok {
			bad = append(bad, f.Path)
			continue
		}
		out = append(out, TreeFile{RelPath: rel, Text: f.Text})
	}
	if len(bad) > 0 {
		return out, textfmt.Errorf("cannot mirror as a directory (not a drive or UNC file path): %s", strings.Join(bad, ", "))
	}
	return out, nil
}
