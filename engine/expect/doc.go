// Package expect is the expectation language of iisconf's txtar cases: the
// conformance suite (engine/config/testdata/conformance) and the samples
// (samples/) both write what the engine must answer in the archive comment
// and run it through the engine with this package.
//
// # The workspace
//
// A case's archive entries build its workspace (see entries.go):
//
//	-- <path> --                a file of the starting state (workspace.ParseBundle,
//	                            with @env and @unreadable)
//	-- patch <path> --          a change to a file of the base (textdiff.Patch: hunks of
//	                            " ", "-" and "+" lines placed by their context)
//	-- <step>: <path> --        step <step> writes the whole file
//	-- <step>: patch <path> --  step <step> patches the file
//	-- <step>: delete <path> -- step <step> deletes it
//
// # The comment
//
// The comment holds one directive a line:
//
//	# prose                                       the explanation (see below)
//	title <text>                                  sample metadata: short title
//	group lesson|reproduction                     sample metadata: lesson or troubleshooting
//	module where|merging|delegation|operations    sample metadata: the course module of a lesson
//	exercises <sample name>                       sample metadata: the lesson a reproduction exercises
//	order <n>                                     sample metadata: position in the course (n >= 1)
//	open <config path>                            sample metadata: the path the playground opens
//	view <panel>                                  sample metadata: effective|locks|diagnostics|merge|500|pool|appcmd|backups|metabase
//	section <full section name>                   sample metadata: the section to focus
//	word <term>: <meaning>                        sample metadata: an entry of the "new words" box
//	uncertain <id>: iisconf shows X; IIS may show Y.
//	                                              the sample relies on rule UNCERTAIN(<id>) and says so
//	base stock                                    start from stock.Workspace() and overlay the files
//	absent <file>                                 remove a file from the workspace (after the overlay)
//	step <name> try|fix <title>                   what follows is about the workspace after this step
//	from <step>                                   (in a step) start from that step's end, not the case's start
//	appcmd <command line>                         (in a step) run it after the step's edits
//	clock <RFC 3339 time>                         (after appcmd) the workspace clock: names default backups, runs configuration history
//	eval <config path>                            the following expectations are about this path
//	eval <config path> /section:<name>            … with only that section read, by name (as appcmd's
//	                                              /section: reads it: a section without schema is NOSCHEMA)
//	locked <section> = true|false                 Section.IsLocked
//	overridemode <section> = Allow|Deny           Section.OverrideModeEffective
//	encrypted <section> = true|false              Section.Encrypted
//	noschema <section> = true|false               Section.NoSchema (no schema describes it)
//	value <section> <element path> = <text>       Attribute.Value (may be empty)
//	expanded <section> <element path> = <text>    Attribute.Expanded (Value when Expanded is empty)
//	origin <section> <element path> = explicit <file>:<line> | default [<defaultFrom>]
//	items <section> <element path> = k1 | k2      collection keys in order (combined keys joined by ',')
//	count <section> <element path> = <n>          number of collection items
//	lockedattrs <section> <element path> = a, b   the element's granular attribute locks (any order)
//	lockedelems <section> <element path> = a, b   the element's granular element locks (any order)
//	diag <ID> <HRESULT|-> <file>:<line>|- <message to end of line, byte-exact>
//	nodiag                                        no error-severity diagnostic at this path
//	onlydiags                                     every error diagnostic at this path is listed by a diag line of this eval
//	response = 200 | 500.19 <HRESULT>             what a request to the path gets
//	mapping site=… siteid=… app=… pool=… framework=… vdir=… url=… raw=… physical=… nophysical=true
//	                                              (framework: the .NET Framework Config folder the path reads)
//	read <level config path> = <file>             the file the chain reads at that level
//	notread <level config path> = <text>          the level's candidate file is skipped, for a reason containing text
//	apphost = <file>                              the applicationHost.config in effect (shared configuration)
//	checkdiag <same as diag>                      Engine.Check() reports it (independent of eval)
//	contains <file> = <text>                      the state's file contains text (line ends ignored)
//	lacks <file> = <text>                         it does not
//	poolfile <pool> contains|lacks = <text>       the copy of applicationHost.config the pool's workers read
//	metabase <location> <property> = <value>      the IIS 6 MetaBase.xml's effective property at a key (list entries joined by " | ")
//	metabasefrom <location> <property> = <key>    the key that property's value comes from
//	metabasepath <location> = <config path>       the key's IIS 7 config path
//	output <text>                                 (in a step with appcmd) the next line of its output; all lines are given
//	appcmderror <text>                            (in a step with appcmd) it fails with this message
//
// Element paths: "." is the section element; otherwise '/'-separated child
// element names and "#N" (0-based index into the effective collection of the
// element reached so far), then "@attr" for value/expanded/origin.
//
// Prose: consecutive "# text" lines form one paragraph; a line holding
// only "#", a blank line or any directive ends it. Paragraphs before the
// first step are the case's explanation, those after a step line that
// step's (what to do and what happens). A paragraph that starts with
// "Evidence:" is kept apart (Meta.Evidence): it cites the docs/ pages and
// Microsoft articles the text relies on.
//
// Steps: every "Try it" and every fix of a sample is a step, so what the
// text promises is checked like the starting state. A step starts from the
// case's starting workspace (or its from step's end), applies its edits,
// then its appcmd command (with no clock unless the step gives one, so no
// configuration history is written), and the expectations
// that follow it are about the result.
//
// Parse checks only the form of a case; Lint checks it against the
// diagnostic catalogue and its own files (never the engine's behaviour),
// and that its text names the UNCERTAIN(<id>) rules it relies on; Run evaluates
// it with the engine. Every failure names the case file and the line of
// the expectation, so a broken case points at itself.
package expect
