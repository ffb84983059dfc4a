// Package playground holds the playground's State, the one Go definition
// of what its autosave keeps, its "#v1:" links and short links carry, and
// its files as the wasm ops take and return them. The page's TypeScript
// types are generated from these (web/src/gen/state.ts, `go run ./build`),
// and the Worker's share store validates uploads against them
// (wasm/worker/share).
package playground

// StateVersion is the only State version there is.
const StateVersion = 1

// FileState is a workspace file as the page holds it.
type FileState struct {
	Path string `json:"path"` // absolute Windows path, e.g. C:\inetpub\wwwroot\web.config
	Text string `json:"text"`
	// Unreadable marks a file the engine must treat as present but not
	// readable (a file IIS cannot open: 0x80070005).
	Unreadable bool `json:"unreadable,omitempty"`
}

// State is the page's whole state: what autosave keeps and share links carry.
type State struct {
	Version int               `json:"version" ts:"1"`
	Files   []FileState       `json:"files"`
	Env     map[string]string `json:"env,omitempty"` // overrides of the default environment
	Path    string            `json:"path"`          // config path or URL the user chose
	View    *ViewState        `json:"view,omitempty"`
}

// ViewState is how the page shows the workspace. Every field is a string,
// a number or a boolean, and optional: a link made by a newer page may
// carry fields an older one ignores.
type ViewState struct {
	// Panel is a registered result panel's id (web/src/panels/index.ts);
	// an unknown one shows Effective.
	Panel       string `json:"panel,omitempty"`
	Section     string `json:"section,omitempty"`     // section filter / focus
	Defaults    bool   `json:"defaults,omitempty"`    // show default values in the effective view
	File        string `json:"file,omitempty"`        // file open in the editor
	Sample      string `json:"sample,omitempty"`      // sample name when opened from the gallery
	SampleStep  string `json:"sampleStep,omitempty"`  // the sample's step ("Try it" or fix) whose workspace was loaded
	Pool        string `json:"pool,omitempty"`        // application pool of the pool view
	MetabaseKey string `json:"metabaseKey,omitempty"` // key (Location) chosen in the metabase view
}

// ChangedFile is one file an operation added, changed (Text) or removed
// (Removed, Text empty): what a write sends back, and what the page and
// the engine worker send to catch a copy of the workspace up.
type ChangedFile struct {
	Path       string `json:"path"`
	Text       string `json:"text"`
	Removed    bool   `json:"removed,omitempty"`
	Unreadable bool   `json:"unreadable,omitempty"`
}

// Edit is one file change the page sends the engine: the new text, or the
// file's removal.
type Edit struct {
	Path       string `json:"path"`
	Text       string `json:"text,omitempty"`
	Removed    bool   `json:"removed,omitempty"`
	Unreadable bool   `json:"unreadable,omitempty"`
}
