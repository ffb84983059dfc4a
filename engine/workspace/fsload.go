package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
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

// LoadFS reads a drive-mirroring directory into a new workspace with the
// default environment. Nothing is skipped silently: entries outside the
// drive and UNC folders, files that are not regular, files larger than
// MaxLoadFileSize and paths that collide case-insensitively are all
// reported together in one error.
func LoadFS(fsys fs.FS) (*Workspace, error) {
	w := New()
	var problems []string
	seen := map[string]string{} // Key(windows path) -> rel path
	err := fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", rel, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			if !strings.Contains(rel, "/") && !isDriveFolder(rel) && rel != uncFolder {
				problems = append(problems, fmt.Sprintf("%s: top-level folder is neither a drive letter nor %s", rel, uncFolder))
				return fs.SkipDir
			}
			return nil
		}
		winPath, ok := windowsPathOf(rel)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: not below a drive folder (C/...) or a UNC share (%s/server/share/...)", rel, uncFolder))
			return nil
		}
		if !d.Type().IsRegular() {
			problems = append(problems, fmt.Sprintf("%s: not a regular file", rel))
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() > MaxLoadFileSize {
			problems = append(problems, fmt.Sprintf("%s: %d bytes is larger than the %d-byte limit", rel, info.Size(), MaxLoadFileSize))
			return nil
		}
		text, err := fs.ReadFile(fsys, rel)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", rel, err))
			return nil
		}
		// The size from Info can be stale or absent; the bytes read are not.
		if len(text) > MaxLoadFileSize {
			problems = append(problems, fmt.Sprintf("%s: %d bytes is larger than the %d-byte limit", rel, len(text), MaxLoadFileSize))
			return nil
		}
		if first, dup := seen[Key(winPath)]; dup {
			problems = append(problems, fmt.Sprintf("%s: same Windows path as %s (%s; paths compare case-insensitively)", rel, first, winPath))
			return nil
		}
		seen[Key(winPath)] = rel
		w.Set(winPath, text)
		return nil
	})
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, errors.New("load directory: " + strings.Join(problems, "; "))
	}
	return w, nil
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
		return out, fmt.Errorf("cannot mirror as a directory (not a drive or UNC file path): %s", strings.Join(bad, ", "))
	}
	return out, nil
}
