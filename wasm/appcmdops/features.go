package appcmdops

import (
	"strings"

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

// Features lists every feature with its state in ws.
func Features(ws *workspace.Workspace) []FeatureInfo {
	var out []FeatureInfo
	for _, st := range features.Detect(ws) {
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
func FeaturesChange(ws *workspace.Workspace, install, uninstall []string) (FeaturesResult, *workspace.Workspace) {
	r := FeaturesResult{Steps: []string{}, Changed: []string{}, Files: []playground.ChangedFile{}}
	fail := func(err error) (FeaturesResult, *workspace.Workspace) {
		r.Error = err.Error()
		r.Features = Features(ws)
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
	next := ws
	if len(un) > 0 {
		var steps []string
		if next, steps, err = features.Uninstall(next, un); err != nil {
			return fail(err)
		}
		r.Steps = append(r.Steps, steps...)
	}
	if len(in) > 0 {
		var steps []string
		if next, steps, err = features.Install(next, in); err != nil {
			return fail(err)
		}
		r.Steps = append(r.Steps, steps...)
	}
	r.Changed, r.Files = Diff(ws, next)
	r.Features = Features(next)
	if len(r.Files) == 0 {
		return r, nil
	}
	return r, next
}
