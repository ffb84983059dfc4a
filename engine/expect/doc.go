// Package expect is the expectation language of iisconf's txtar cases: the
// conformance suite (engine/config/testdata/conformance) and the samples
// (samples/) both write what the engine must answer in the archive comment
// and run it through the engine with this package.
//
// The workspace part of a case is an ordinary bundle (workspace.ParseBundle,
// including @env and @unreadable). The comment holds one directive a line:
//
//	# prose                                       the explanation (see below)
//	title <text>                                  sample metadata: short title
//	group lesson|reproduction                     sample metadata: gallery group
//	order <n>                                     sample metadata: position in the gallery (n >= 1)
//	open <config path>                            sample metadata: the path the playground opens
//	view effective|locks|diagnostics|merge|500    sample metadata: the panel to show
//	section <full section name>                   sample metadata: the section to focus
//	base stock                                    start from stock.Workspace() and overlay the files
//	absent <file>                                 remove a file from the workspace (after the overlay)
//	eval <config path>                            the following expectations are about this path
//	locked <section> = true|false                 Section.IsLocked
//	overridemode <section> = Allow|Deny           Section.OverrideModeEffective
//	encrypted <section> = true|false              Section.Encrypted
//	value <section> <element path> = <text>       Attribute.Value (may be empty)
//	expanded <section> <element path> = <text>    Attribute.Expanded (Value when Expanded is empty)
//	origin <section> <element path> = explicit <file>:<line> | default [<defaultFrom>]
//	items <section> <element path> = k1 | k2      collection keys in order (combined keys joined by ',')
//	count <section> <element path> = <n>          number of collection items
//	diag <ID> <HRESULT|-> <file>:<line>|- <message to end of line, byte-exact>
//	nodiag                                        no error-severity diagnostic at this path
//	onlydiags                                     every error diagnostic at this path is listed by a diag line of this eval
//	mapping site=… siteid=… app=… pool=… vdir=… url=… raw=… physical=… nophysical=true
//	checkdiag <same as diag>                      Engine.Check() reports it (independent of eval)
//
// Element paths: "." is the section element; otherwise '/'-separated child
// element names and "#N" (0-based index into the effective collection of the
// element reached so far), then "@attr" for value/expanded/origin.
//
// Prose: consecutive "# text" lines form one paragraph of the explanation;
// a line holding only "#", a blank line or any directive ends it. A
// paragraph that starts with "Evidence:" is kept apart (Meta.Evidence): it
// cites the docs/ pages the explanation relies on.
//
// Parse checks only the form of a case; Lint checks it against the
// diagnostic catalogue and its own files (never the engine's behaviour);
// Run evaluates it with the engine. Every failure names the case file and
// the line of the expectation, so a broken case points at itself.
package expect
