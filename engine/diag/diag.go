// Package diag holds the engine's diagnostics: the catalogue of IIS error
// conditions with their byte-exact messages and HRESULTs (docs/diagnostics.md#catalogue), the
// Diagnostic value every layer produces, and the renderers that turn one
// diagnostic into what IIS tools print (docs/diagnostics.md#detailed-error-page).
//
// Every message template lives in this file, next to its id, so that new
// evidence about IIS's wording changes one line.
package diag

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/sortx"
	"github.com/iisconf/iisconf/engine/textfmt"
)

// ID names a catalogue entry.
type ID string

// Phase says when IIS raises a condition (docs/diagnostics.md#phases).
type Phase string

const (
	PhaseFile    Phase = "file"    // whenever the file is in the loaded chain
	PhaseSection Phase = "section" // when the section is read at a path
	PhaseWrite   Phase = "write"   // tool operations
)

// Severity separates errors IIS raises from our own warnings.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Entry is one catalogue row.
type Entry struct {
	ID      ID
	HRESULT uint32
	Phase   Phase
	Format  string // fmt template; arguments in the order documented per constructor
	Warning bool   // our own advice, not an error IIS raises
}

// The catalogue. Message texts are byte-exact with IIS, including the double
// spaces and trailing spaces some of them carry (docs/diagnostics.md,
// docs/diagnostics.md#catalogue).
const (
	XML           ID = "XML"
	ReadFile      ID = "READ"
	ReadFolder    ID = "READ_FOLDER"
	Access        ID = "ACCESS"
	Root          ID = "ROOT"
	CfgSecPos     ID = "CFGSEC_POS"
	DeclDup       ID = "DECL_DUP"
	DeclAttr      ID = "DECL_ATTR"
	DeclBad       ID = "DECL_BAD"
	Undeclared    ID = "UNDECLARED"
	NoSchema      ID = "NOSCHEMA"
	SecDup        ID = "SEC_DUP"
	LocBothModes  ID = "LOC_BOTH"
	LocPathStart  ID = "LOC_PATH_START"
	LocPathEnd    ID = "LOC_PATH_END"
	LocPathChars  ID = "LOC_PATH_CHARS"
	LocNested     ID = "LOC_NESTED"
	LocMode       ID = "LOC_MODE"
	LocAttr       ID = "LOC_ATTR"
	LocIICA       ID = "LOC_IICA"
	Locked        ID = "LOCKED"
	LockConflict  ID = "LOCK_CONFLICT"
	AllowLoc      ID = "ALLOWLOC"
	AttrUnknown   ID = "ATTR_UNK"
	ElemUnknown   ID = "ELEM_UNK"
	ElemTwice     ID = "ELEM_TWICE"
	TextContent   ID = "TEXT"
	Required      ID = "REQ"
	RequiredMany  ID = "REQ_MANY"
	Value         ID = "VALUE"
	DupKey        ID = "DUP_KEY"
	DupCombined   ID = "DUP_CKEY"
	DupMultiKey   ID = "DUP_MKEY"
	LockViolation ID = "LOCKVIOL"
	LockList      ID = "LOCKLIST"
	ConfigSource  ID = "CFGSRC"
	PathUnknown   ID = "PATH_UNK"
	ProviderUnk   ID = "PROVIDER_UNK"
	Structure     ID = "STRUCTURE" // WAS start-up problems (docs/hierarchy.md#site-structure), warnings
	IICAHere      ID = "IICA_APPHOST"
	Limit         ID = "LIMIT"
	AllowDefNet   ID = "ALLOWDEF_ASPNET"
	// The IIS 6 metabase reader's own problems (engine/metabase): not IIS
	// errors, so without an HRESULT.
	MBXML       ID = "MB_XML"
	MBStructure ID = "MB_STRUCTURE"
	MBProperty  ID = "MB_PROPERTY"
	MBHistory   ID = "MB_HISTORY"
	// A workspace bundle (txtar) that does not read back as a workspace.
	Bundle ID = "BUNDLE"
	// Refused backup, history and site transfer operations
	// (engine/backup): iisconf's own, so without an HRESULT. The site
	// transfer texts are composed in siteexport.go (several quote appcmd).
	BackupName     ID = "BACKUP_NAME"
	BackupExists   ID = "BACKUP_EXISTS"
	BackupNotFound ID = "BACKUP_NOT_FOUND"
	BackupOutside  ID = "BACKUP_OUTSIDE"
	SiteInvalid    ID = "SITE_INVALID"
	SiteNotFound   ID = "SITE_NOT_FOUND"
	SiteExists     ID = "SITE_EXISTS"
	// appcmd's refusals of a command (engine/appcmd): printed as
	// "ERROR ( message:<text> )" (AppCmd), the process exiting with the
	// Win32 code of the HRESULT.
	AppcmdUnknownAttr    ID = "APPCMD_UNKNOWN_ATTR"
	AppcmdUnknownSection ID = "APPCMD_UNKNOWN_SECTION"
	AppcmdNotFound       ID = "APPCMD_NOT_FOUND"
	AppcmdInvalidValue   ID = "APPCMD_INVALID_VALUE"
	AppcmdBadIndexer     ID = "APPCMD_BAD_INDEXER"
	AppcmdNoElement      ID = "APPCMD_NO_ELEMENT"
	AppcmdDuplicateAdd   ID = "APPCMD_DUP_ADD"
	AppcmdDuplicateChild ID = "APPCMD_DUP_CHILD"
	AppcmdMissingParam   ID = "APPCMD_MISSING_PARAM"
	AppcmdBackupExists   ID = "APPCMD_BACKUP_EXISTS"
	AppcmdBadCommit      ID = "APPCMD_BAD_COMMIT"
	AppcmdNoSection      ID = "APPCMD_NO_SECTION"
	AbsPath              ID = "ABS_PATH"
)

const lockedText = `This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".`

// Choices made without a capture (docs/diagnostics.md#catalogue): the
// HRESULTs of UNDECLARED (UNCERTAIN(undeclared-hresult)), CFGSRC
// (UNCERTAIN(configsource-hresult)) and PATH_UNK
// (UNCERTAIN(path-unknown-hresult)), and the texts the table marks .NET.
var catalogue = map[ID]Entry{
	XML:        {XML, 0x8007000d, PhaseFile, "Configuration file is not well-formed XML", false},
	ReadFile:   {ReadFile, 0x80070002, PhaseFile, "Cannot read configuration file", false},
	ReadFolder: {ReadFolder, 0x80070003, PhaseFile, "Cannot read configuration file", false},
	Access:     {Access, 0x80070005, PhaseFile, "Cannot read configuration file due to insufficient permissions", false},
	Root:       {Root, 0x8007000d, PhaseFile, "Configuration file %s does not have root <configuration> tag", false},
	CfgSecPos:  {CfgSecPos, 0x8007000d, PhaseFile, "Only one <configSections> element allowed.  It must be the first child element of the root <configuration> element   ", false},
	DeclDup:    {DeclDup, 0x800700b7, PhaseFile, "There is a duplicate '%s' section defined", false},
	DeclAttr:   {DeclAttr, 0x8007000d, PhaseFile, "Unrecognized attribute '%s'", false},
	DeclBad:    {DeclBad, 0x8007000d, PhaseFile, "%s", false},
	Undeclared: {Undeclared, 0x80070032, PhaseFile, "The configuration section '%s' cannot be read because it is missing a section declaration", false},
	// Reading a schema-less section fails through the API only; the IIS
	// runtime never reads such sections (log4net, most ASP.NET content), so
	// we report it as a warning (docs/declarations.md#sections-without-schema).
	NoSchema:      {NoSchema, 0x80070032, PhaseSection, "The configuration section '%s' cannot be read because it is missing schema", true},
	SecDup:        {SecDup, 0x800700b7, PhaseFile, "Config section '%s' already defined. Sections must only appear once per config file. See the help topic <location> for exceptions", false},
	LocBothModes:  {LocBothModes, 0x8007000d, PhaseFile, "A <location> tag may contain only one of the 'allowOverride' or 'overrideMode' attributes.", false},
	LocPathStart:  {LocPathStart, 0x8007000d, PhaseFile, `<location> path attribute must be a relative virtual path.  It cannot start with any of ' ' '.' '/' or '\\'.`, false},
	LocPathEnd:    {LocPathEnd, 0x8007000d, PhaseFile, `<location> path attribute must be a relative virtual path.  It cannot end with any of ' ' '.' '/' or '\\'.`, false},
	LocPathChars:  {LocPathChars, 0x8007000d, PhaseFile, `<location> path attribute must be a relative virtual path.  It cannot contain any of '?' ':' '\\' '*' '"' '<' '>' or '|'.`, false},
	LocNested:     {LocNested, 0x8007000d, PhaseFile, "<location> sections are allowed only within <configuration> sections.", false},
	LocMode:       {LocMode, 0x8007000d, PhaseFile, "The 'overrideMode' and 'overrideModeDefault' attributes must be one of the following values: Inherited, Allow, Deny.", false},
	LocAttr:       {LocAttr, 0x8007000d, PhaseFile, "Unrecognized attribute '%s'", false},
	LocIICA:       {LocIICA, 0x8007000d, PhaseFile, `InheritInChildApplications cannot be set to "false" if the location path is referring to machine.config or the root web.config.`, false},
	Locked:        {Locked, 0x80070021, PhaseSection, lockedText, false},
	LockConflict:  {LockConflict, 0x80070021, PhaseSection, lockedText, false},
	AllowLoc:      {AllowLoc, 0x8007000d, PhaseFile, `This section is not allowed in <location> elements.  This section has been marked allowLocation="false".`, false},
	AttrUnknown:   {AttrUnknown, 0x8007000d, PhaseSection, "Unrecognized attribute '%s'", false},
	ElemUnknown:   {ElemUnknown, 0x8007000d, PhaseSection, "Unrecognized element '%s'", false},
	ElemTwice:     {ElemTwice, 0x8007000d, PhaseSection, "The element <%s> may only appear once in this section.", false},
	TextContent:   {TextContent, 0x8007000d, PhaseSection, "The configuration section cannot contain a CDATA or text element.", false},
	Required:      {Required, 0x8007000d, PhaseSection, "Missing required attribute '%s'", false},
	RequiredMany:  {RequiredMany, 0x8007000d, PhaseSection, "Missing required attributes '%s'", false},
	Value:         {Value, 0x8007000d, PhaseSection, "The '%s' attribute is invalid.  %s", false},
	DupKey:        {DupKey, 0x800700b7, PhaseSection, "Cannot add duplicate collection entry of type '%s' with unique key attribute '%s' set to '%s'", false},
	DupCombined:   {DupCombined, 0x800700b7, PhaseSection, "Cannot add duplicate collection entry of type '%s' with combined key attributes '%s' respectively set to '%s'", false},
	DupMultiKey:   {DupMultiKey, 0x800700b7, PhaseSection, "Cannot add duplicate collection entry of type '%s' with unique key attributes '%s' respectively set to '%s'", false},
	LockViolation: {LockViolation, 0x80070021, PhaseSection, "Lock violation", false},
	LockList:      {LockList, 0x8007000d, PhaseSection, "%s contains unknown %s '%s'", false},
	ConfigSource:  {ConfigSource, 0x8007000d, PhaseSection, "Specified configSource cannot be parsed", false},
	PathUnknown:   {PathUnknown, 0x80070002, PhaseSection, "Unrecognized configuration path '%s'", false},
	ProviderUnk:   {ProviderUnk, 0x8007000d, PhaseSection, "The protection provider '%s' was not found.", false},
	Structure:     {Structure, 0, PhaseFile, "%s", true},
	IICAHere:      {IICAHere, 0, PhaseFile, `inheritInChildApplications="false" on the server level of applicationHost.config applies to nothing below the site roots`, true},
	// ASP.NET's own text for a MachineToApplication section below an
	// application; shown by ASP.NET, never by IIS (docs/declarations.md#allowdefinition [OBS]).
	AllowDefNet: {AllowDefNet, 0x80004005, PhaseSection, "It is an error to use a section registered as allowDefinition='MachineToApplication' beyond application level.  This error can be caused by a virtual directory not being configured as an application in IIS.", false},
	Limit:       {Limit, 0x8007000d, PhaseFile, "%s", false},
	Bundle:      {Bundle, 0, PhaseFile, "%s", false},
	// An absolute physical path in a delegated httpErrors section while
	// allowAbsolutePathsWhenDelegated is false (the IIS configuration
	// reference: "When set to false, only paths that are relative to the
	// site root are allowed"); the text is the 500.19 page's as users
	// quote it.
	AbsPath: {AbsPath, 0x8007000d, PhaseSection, `Absolute physical path "%s" is not allowed in system.webServer/httpErrors section in web.config file. Use relative path instead.`, false},
}

// uncertainOf names, for the conditions whose message, HRESULT or
// rendering iisconf chose without a confirming capture, the UNCERTAIN(<id>) rule
// that made the choice. New copies it into Diagnostic.Uncertain, so a
// lesson that shows such a diagnostic can be made to say so.
var uncertainOf = map[ID]string{
	// UNCERTAIN(lock-conflict-text): IIS calls the pattern illegal (a
	// higher unlock for a narrower path under a lower lock) but no capture
	// of its error exists; we reuse the lock text (docs/locks.md).
	LockConflict: "lock-conflict-text",
	// UNCERTAIN(lock-violation-page): "Lock violation" is MWA's and
	// appcmd's text; that the 500.19 page shows it, with 0x80070021, is
	// inferred (docs/locks.md).
	LockViolation: "lock-violation-page",
	// UNCERTAIN(undeclared-hresult): an undeclared section is 0x80070032
	// with this text, but real servers often show 0x8007000d with an empty
	// message for an undeclared element that has children.
	Undeclared: "undeclared-hresult",
	// UNCERTAIN(configsource-hresult): every configSource problem gets the
	// one text MWA was seen to give, and its HRESULT is a guess
	// (docs/configsource.md).
	ConfigSource: "configsource-hresult",
	// UNCERTAIN(abs-path-check): which httpErrors attributes IIS checks,
	// and whether its message shows the path as written or expanded.
	AbsPath: "abs-path-check",
	// UNCERTAIN(location-path-rules): the three location path checks are
	// .NET's, texts included; IIS's native parser may judge paths
	// otherwise (docs/locations.md#path-validation).
	LocPathStart: "location-path-rules",
	LocPathEnd:   "location-path-rules",
	LocPathChars: "location-path-rules",
	// UNCERTAIN(location-error-texts): the other location and allowLocation
	// errors carry .NET's texts; IIS's are not captured.
	LocBothModes: "location-error-texts",
	LocNested:    "location-error-texts",
	LocMode:      "location-error-texts",
	AllowLoc:     "location-error-texts",
	// UNCERTAIN(decl-dup-hresult): 0x800700b7 for a section declared twice,
	// by analogy with the other duplicates (docs/declarations.md).
	DeclDup: "decl-dup-hresult",
}

// Lookup returns the catalogue entry for id (the tools' entries included).
func Lookup(id ID) (Entry, bool) {
	if e, ok := catalogue[id]; ok {
		return e, true
	}
	e, ok := toolCatalogue[id]
	return e, ok
}

// Catalogue returns every entry, sorted by id (for documentation and tests).
func Catalogue() []Entry {
	out := make([]Entry, 0, len(catalogue)+len(toolCatalogue))
	for _, e := range catalogue {
		out = append(out, e)
	}
	for _, e := range toolCatalogue {
		out = append(out, e)
	}
	sortx.Slice(len(out), func(i, j int) bool { return out[i].ID < out[j].ID }, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Range is a byte range of a file's text, as esbuild's logger.Range: Offset
// bytes from the start of the text as the workspace holds it (a UTF-8 BOM
// counts), Length bytes long. Line and column are not part of it: they are
// resolved from the offset when a diagnostic is shown (Resolve), as
// go/token resolves a Pos through its file.
type Range struct {
	Offset int `json:"offset"`
	Length int `json:"length"`
}

// NoRange is the place of a diagnostic with no place in its file (an
// unreadable file, an unknown path, a command-line mistake).
var NoRange = Range{Offset: -1}

func (r Range) known() bool { return r.Offset >= 0 }

// rangePtr is r as a diagnostic holds it: nil for NoRange.
func rangePtr(r Range) *Range {
	if !r.known() {
		return nil
	}
	return &r
}

// Note points at a related place ("locked here", "first added here").
type Note struct {
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Range   *Range `json:"range,omitempty"`
	Line    int    `json:"line,omitempty"`   // resolved from Range
	Column  int    `json:"column,omitempty"` // resolved from Range
}

// Diagnostic is one problem: a catalogue entry's message at a byte range
// of a file. Line, Column, EndLine and EndColumn are the range resolved
// (Resolve) by the layer that holds the file's text, when the diagnostic
// leaves it.
type Diagnostic struct {
	ID       ID       `json:"id"`
	Severity Severity `json:"severity"`
	HRESULT  string   `json:"hresult"`
	Message  string   `json:"message"`
	File     string   `json:"file"`
	// Range is where in File; nil when the problem has no place there.
	Range      *Range `json:"range,omitempty"`
	Line       int    `json:"line"`   // 1-based; 0 when there is no place
	Column     int    `json:"column"` // 1-based, in code points
	EndLine    int    `json:"endLine,omitempty"`
	EndColumn  int    `json:"endColumn,omitempty"`  // just after the range
	ConfigPath string `json:"configPath,omitempty"` // the path whose reading raised it (section phase)
	Section    string `json:"section,omitempty"`
	Phase      Phase  `json:"phase"`
	Notes      []Note `json:"notes,omitempty"`
	// Uncertain names the UNCERTAIN(<id>) rule this diagnostic rests on:
	// its text, HRESULT or the condition itself was chosen without a
	// confirming capture. Empty for conditions seen on real servers.
	Uncertain string `json:"uncertain,omitempty"`
}

// At builds a diagnostic from the catalogue at byte range r of file
// (NoRange when it has no place there); args fill the template.
func At(id ID, file string, r Range, args ...any) Diagnostic {
	e, ok := catalogue[id]
	if !ok {
		panic("diag: unknown id " + string(id))
	}
	return build(e, file, r, args)
}

func build(e Entry, file string, r Range, args []any) Diagnostic {
	msg := e.Format
	if len(args) > 0 || strings.Contains(msg, "%") {
		msg = textfmt.Sprintf(e.Format, args...)
	}
	sev := Error
	if e.Warning {
		sev = Warning
	}
	d := Diagnostic{ID: e.ID, Severity: sev, Message: msg, File: file, Range: rangePtr(r), Phase: e.Phase, Uncertain: uncertainOf[e.ID]}
	if e.HRESULT != 0 {
		d.HRESULT = textfmt.Sprintf("0x%08x", e.HRESULT)
	}
	return d
}

// WithNote returns d with a note appended, at byte range r of file
// (NoRange: no place).
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func (d Diagnostic) WithNote(msg, file string, r Range) Diagnostic {
	d.Notes = append(append([]Note(nil), d.Notes...), Note{Message: msg, File: file, Range: rangePtr(r)})
	return d
}

// Positioner resolves a byte offset of a file to its 1-based line and
// column (code points); ok is false for a file it cannot read.
type Positioner func(file string, offset int) (line, col int, ok bool)

// Resolve returns d with its range, and its notes' ranges, resolved to
// lines and columns. Positions already resolved are kept; the notes are
// copied, never written in place (a cached diagnostic may be shared).
func (d Diagnostic) Resolve(pos Positioner) Diagnostic {
	if r := d.Range; r != nil && d.Line == 0 {
		if l, c, ok := pos(d.File, r.Offset); ok {
			d.Line, d.Column = l, c
			d.EndLine, d.EndColumn = l, c
			if r.Length > 0 {
				d.EndLine, d.EndColumn, _ = pos(d.File, r.Offset+r.Length)
			}
		}
	}
	var notes []Note
	for i, n := range d.Notes {
		if n.Range == nil || n.Line != 0 {
			continue
		}
		l, c, ok := pos(n.File, n.Range.Offset)
		if !ok {
			continue
		}
		if notes == nil {
			notes = append([]Note(nil), d.Notes...)
		}
		notes[i].Line, notes[i].Column = l, c
	}
	if notes != nil {
		d.Notes = notes
	}
	return d
}

// ResolveAll resolves every diagnostic of ds in place.
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func ResolveAll(ds []Diagnostic, pos Positioner) {
	for i := range ds {
		ds[i] = ds[i].Resolve(pos)
	}
}

// Error makes a diagnostic an error value, for the layers that return
// error (bundles, backups): "file(line,column): message", or the message
// alone without a file.
func (d *Diagnostic) Error() string { return place(d) + d.Message }

// Line is the one-line form logs print: "file(line,column): severity:
// message". (A function, not a String method: a method would be linked
// into every program that puts a diagnostic in an interface.)
func Line(d Diagnostic) string { return place(&d) + string(d.Severity) + ": " + d.Message }

// place is "file(line,column): ", "file: " without a line, "" without a
// file.
func place(d *Diagnostic) string {
	switch {
	case d.File == "":
		return ""
	case d.Line > 0:
		return d.File + "(" + strconv.Itoa(d.Line) + "," + strconv.Itoa(d.Column) + "): "
	}
	return d.File + ": "
}

// WithUncertain returns d marked as resting on rule UNCERTAIN(<id>) (for
// a condition that is uncertain only in some cases, such as the lock text
// for an allowDefinition violation).
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func (d Diagnostic) WithUncertain(id string) Diagnostic {
	d.Uncertain = id
	return d
}

// Key identifies a diagnostic for de-duplication: the same condition at the
// same place is one problem however many paths read it.
func (d Diagnostic) Key() string {
	place := textfmt.Sprintf("%d:%d", d.Line, d.Column)
	if d.Range != nil { // resolved or not, the range says where
		place = textfmt.Sprintf("@%d+%d", d.Range.Offset, d.Range.Length)
	}
	return string(d.ID) + "|" + string(d.Severity) + "|" + strings.ToLower(d.File) + "|" + place + "|" + d.Section + "|" + d.Message
}

// Sort orders diagnostics by file, line, column (as resolved), offset,
// then id.
func Sort(ds []Diagnostic) {
	sortx.Stable(len(ds), func(i, j int) bool {
		a, b := ds[i], ds[j]
		if fa, fb := strings.ToLower(a.File), strings.ToLower(b.File); fa != fb {
			return fa < fb
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if oa, ob := a.offset(), b.offset(); oa != ob {
			return oa < ob
		}
		return a.ID < b.ID
	}, func(i, j int) { ds[i], ds[j] = ds[j], ds[i] })
}

// offset is where the range starts, -1 without one.
func (d *Diagnostic) offset() int {
	if d.Range == nil {
		return -1
	}
	return d.Range.Offset
}

// InPhase returns d re-labelled with another phase: some catalogue texts
// (an unknown element, a bad value) are raised at file level when they
// occur in declarations or location tags rather than in a section.
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func (d Diagnostic) InPhase(p Phase) Diagnostic {
	d.Phase = p
	return d
}
