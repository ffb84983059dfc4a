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
	// Sections to report, by full name or an unambiguous short name; empty
	// means every registered section in scope.
	Sections []string
	// Inputs adds the merge stack (every definition considered) to each section.
	Inputs bool
	// NoDefaults leaves out attributes nobody set and elements holding
	// nothing anybody set (appcmd's list config without /config:*): a far
	// smaller model, for interactive use.
	NoDefaults bool
	// Summary gives each section's name and lock state only (no element).
	Summary bool
}

// API summary (implemented in the other files of this package):
//
//	func New(ws *workspace.Workspace) *Engine
//	func (e *Engine) Evaluate(path string, opt EvalOptions) *model.Result
//	func (e *Engine) NormalizePath(p string) (configPath string, err *diag.Diagnostic)
//	func (e *Engine) SiteMap() *model.SiteMap
//	func (e *Engine) ConfigPaths() []string   // every config path the workspace defines
//	func (e *Engine) Check() []diag.Diagnostic // every distinct diagnostic of every defined path
//	func (e *Engine) SectionNames() []string   // registered at APPHOST level, sorted
//	func (e *Engine) ResolveSection(name string) (fullName string, ok bool)
//	func (e *Engine) Schema() *schema.Schema
//	func (e *Engine) Workspace() *workspace.Workspace
