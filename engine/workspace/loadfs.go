//go:build !js

package workspace

// LoadFS is left out of js/wasm builds: the browser never reads a
// directory (it imports files the user chose), and io/fs would bring the
// time package and its initialisation into the engine wasm every first
// visit downloads.

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/iisconf/iisconf/engine/sortx"
	"github.com/iisconf/iisconf/engine/textfmt"
)

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
			problems = append(problems, textfmt.Sprintf("%s: %v", rel, err))
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
				problems = append(problems, textfmt.Sprintf("%s: top-level folder is neither a drive letter nor %s", rel, uncFolder))
				return fs.SkipDir
			}
			return nil
		}
		winPath, ok := windowsPathOf(rel)
		if !ok {
			problems = append(problems, textfmt.Sprintf("%s: not below a drive folder (C/...) or a UNC share (%s/server/share/...)", rel, uncFolder))
			return nil
		}
		if !d.Type().IsRegular() {
			problems = append(problems, textfmt.Sprintf("%s: not a regular file", rel))
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() > MaxLoadFileSize {
			problems = append(problems, textfmt.Sprintf("%s: %d bytes is larger than the %d-byte limit", rel, info.Size(), MaxLoadFileSize))
			return nil
		}
		text, err := fs.ReadFile(fsys, rel)
		if err != nil {
			problems = append(problems, textfmt.Sprintf("%s: %v", rel, err))
			return nil
		}
		// The size from Info can be stale or absent; the bytes read are not.
		if len(text) > MaxLoadFileSize {
			problems = append(problems, textfmt.Sprintf("%s: %d bytes is larger than the %d-byte limit", rel, len(text), MaxLoadFileSize))
			return nil
		}
		if first, dup := seen[Key(winPath)]; dup {
			problems = append(problems, textfmt.Sprintf("%s: same Windows path as %s (%s; paths compare case-insensitively)", rel, first, winPath))
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
		sortx.Strings(problems)
		return nil, errors.New("load directory: " + strings.Join(problems, "; "))
	}
	return w, nil
}
