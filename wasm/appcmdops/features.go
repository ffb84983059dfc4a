package appcmdops

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/features"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/playground"
)

// FeatureInfo is one server feature and its state in the workspace, for the Server features dialog.
type FeatureInfo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Summary  string   `json:"summary"`
	Stock    bool     `json:"stock"`
	Requires []string `json:"requires"`
	State    string   `json:"state"` // installed | partial | absent
	Adds     []string `json:"adds"`
	Missing  []string `json:"missing"`
	Evidence string   `json:"evidence"`
}

// FeaturesResult is what featuresChange did: the installers' and uninstallers' steps taken, the files they changed, and
// every feature's state afterwards.
type FeaturesResult struct {
	Steps    []string                 `json:"steps"`
	Changed  []string                 `json:"changed"`
	Files    []playground.ChangedFile `json:"files"`
	Features []FeatureInfo            `json:"features"`
	Error    string                   `json:"error,omitempty"`
}

// Features lists every feature with its state in the workspace e reads.
func Features(e *config.Engine) []FeatureInfo {
	var out []FeatureInfo
	for _, st := range features.Detect(e) {
		f := st.Feature
		fi := FeatureInfo{ID: f.ID, Name: f.Name, Kind: f.Kind, Summary: f.Summary, Stock: f.Stock,
			Requires: append([]string{}, f.Requires...), State: string(st.State),
			Adds: features.Describe(f), Missing: append([]string{}, st.Missing...), Evidence: f.Evidence}
		out = append(out, fi)
	}
	return out
}

// FeaturesChange uninstalls then installs features (IDs); next is the
// changed workspace (nil when nothing changed). A refusal (an unknown id,
// an installer that cannot edit a broken applicationHost.config) is an
// answer with Error set, the workspace unchanged.
func FeaturesChange(e *config.Engine, install, uninstall []string) (FeaturesResult, *workspace.Workspace) {
	ws := e.Workspace()
	r := FeaturesResult{Steps: []string{}, Changed: []string{}, Files: []playground.ChangedFile{}}
	fail := func(err error) (FeaturesResult, *workspace.Workspace) {
		r.Error = err.Error()
		r.Features = Features(e)
		return r, nil
	}
	// Install brings what a feature requires (features.Resolve); uninstall
	// takes the features that require it (features.Uninstall).
	resolve := func(ids []string) ([]*features.Feature, error) {
		if len(ids) == 0 {
			return nil, nil
		}
		return features.Resolve(strings.Join(ids, ","))
	}
	un, err := resolve(uninstall)
	if err != nil {
		return fail(err)
	}
	in, err := resolve(install)
	if err != nil {
		return fail(err)
	}
	// One engine throughout: each change reads the workspace the one
	// before left through e's Update.
	next := ws
	if len(un) > 0 {
		var steps []string
		if next, steps, err = features.Uninstall(e, un); err != nil {
			return fail(err)
		}
		r.Steps = append(r.Steps, steps...)
		e = e.Update(next)
	}
	if len(in) > 0 {
		var steps []string
		if next, steps, err = features.Install(e, in); err != nil {
			return fail(err)
		}
		r.Steps = append(r.Steps, steps...)
		e = e.Update(next)
	}
	r.Changed, r.Files = Diff(ws, next)
	r.Features = Features(e)
	if len(r.Files) == 0 {
		return r, nil
	}
	return r, next
}
