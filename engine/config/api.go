// Package config is the IIS configuration system: it reads a workspace's
// files, registers sections, maps URLs to folders, resolves locks, merges
// definitions down a config path and explains every value and decision
// (docs/README.md).
//
// An Engine is built for one workspace snapshot and is safe for concurrent
// use by several goroutines once built; it has no package-level state.
package config

// EvalOptions selects what Evaluate reports.
type EvalOptions struct {
	// Sections to report, by full name or an unambiguous short name, in
	// the order asked; empty means every registered section in scope, in
	// the order people read them (listRank, docs/declarations.md#the-order-sections-are-listed-in).
	Sections []string
	// Inputs adds the merge stack (every definition considered) to each section.
	Inputs bool
	// NoDefaults leaves out attributes nobody set and elements holding
	// nothing anybody set (appcmd's list config without /config:*): a far
	// smaller model, for interactive use.
	NoDefaults bool
	// Summary gives each section's name and lock state only (no element).
	Summary bool
	// Elements, when not nil, names the sections (full or short names)
	// whose elements (and inputs) are built as the other options ask;
	// every other section is reported as with Summary. The playground
	// sends the sections it draws: a keystroke then costs a summary
	// instead of every element, most of which it would not draw.
	Elements []string
	// Stamps gives every section its stamp (model.Section.Stamp): a new
	// one whenever what the section's model is built from changed.
	Stamps bool
	// Known are stamps the caller holds as this evaluation would build
	// them (its element present exactly when this one would have it);
	// such a section is reported as {name, stamp, same} without being
	// encoded again. The playground sends what it holds from the last
	// keystroke: an edit changes a few sections, and encoding, sending
	// and parsing the other hundred and fifty was most of a keystroke's
	// engine time in WebAssembly.
	Known []uint64
}

// API summary (implemented in the other files of this package). The typed
// questions come first; packages above config ask those. Evaluate and
// SiteMap encode the same answers as the JSON model (engine/model) for the
// edges that print or send it: the CLI's -json and the wasm adapters.
//
//	func New(ws *workspace.Workspace) *Engine
//	func (e *Engine) Update(ws *workspace.Workspace) *Engine // the next version, re-using the cache
//	func Next(prev *Engine, ws *workspace.Workspace) *Engine   // prev's Update, or New without prev
//	func (e *Engine) NormalizePath(p string) (configPath string, err *diag.Diagnostic)
//	func (e *Engine) Section(path, name string) (Section, *diag.Diagnostic) // effective element, values with provenance, lock decision
//	func (e *Engine) Problems(path string, sections ...string) []diag.Diagnostic
//	func (e *Engine) FileProblem(file string) *diag.Diagnostic // unreadable or malformed, read or not
//	func (e *Engine) AppHostFile() string                      // applicationHost.config in effect (shared configuration)
//	func (e *Engine) Mapping(path string) (*Mapping, *diag.Diagnostic)
//	func (e *Engine) Chain(path string) ([]Level, *diag.Diagnostic)
//	func (e *Engine) WithCLR(version string) *Engine // appcmd's /clr: (ParseCLR)
//	func (e *Engine) FrameworkDirs() []string        // the .NET Config folders the paths read
//	func (e *Engine) SectionsAt(path string) ([]string, *diag.Diagnostic)
//	func (e *Engine) InListOrder(path string, names []string) []string // as Evaluate lists sections
//	func (e *Engine) DefinitionAllowed(section, level, target string) (bool, *diag.Diagnostic)
//	func (e *Engine) Sites() []Site
//	func (e *Engine) Pools() []Pool
//	func (e *Engine) ConfigPaths() []string   // every config path the workspace defines
//	func (e *Engine) Check() []diag.Diagnostic // every distinct diagnostic of every defined path
//	func (e *Engine) SectionNames() []string   // registered at APPHOST level, sorted
//	func (e *Engine) ResolveSection(name string) (fullName string, ok bool)
//	func (e *Engine) Schema() *schema.Schema
//	func (e *Engine) Workspace() *workspace.Workspace
//
//	func (e *Engine) Evaluate(path string, opt EvalOptions) *model.Result // the JSON model
//	func (e *Engine) SiteMap() *model.SiteMap                           // the JSON model
//
// Rules other packages must apply exactly as the engine does:
//
//	func ReadLocationTag(n *xmltree.Node) LocationTag // a <location>'s path key, override mode, inheritance
//	func LocationKey(path string) (key string, ok bool)
//	func IsLockAttribute(name string) bool
