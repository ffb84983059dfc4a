package diag

// The tools' part of the catalogue: problems of iisconf's own tools (the
// IIS 6 metabase reader, backups and site transfers, appcmd's refusals of
// a command), raised with ToolAt. It is a map of its own so that a program
// without the tools (the playground's engine wasm) links none of its texts:
// the linker drops an unreferenced map, and only ToolAt refers to it.
var toolCatalogue = map[ID]Entry{
	// The IIS 6 metabase reader's own problems (engine/metabase).
	MBXML:       {MBXML, 0, PhaseFile, "not well-formed XML: %s", false},
	MBStructure: {MBStructure, 0, PhaseFile, "%s", false},
	MBProperty:  {MBProperty, 0, PhaseFile, "%s", true},
	MBHistory:   {MBHistory, 0, PhaseFile, "%s", true},
	// Refused backup, history and site transfer operations (engine/backup).
	// The site transfer texts are composed in siteexport.go (several quote
	// appcmd).
	BackupName:     {BackupName, 0, PhaseWrite, "invalid backup name %q", false},
	BackupExists:   {BackupExists, 0, PhaseWrite, "backup %q already exists", false},
	BackupNotFound: {BackupNotFound, 0, PhaseWrite, "backup %q not found", false},
	BackupOutside:  {BackupOutside, 0, PhaseWrite, "%s is not inside a backup folder", false},
	SiteInvalid:    {SiteInvalid, 0, PhaseWrite, "%s", false},
	SiteNotFound:   {SiteNotFound, 0, PhaseWrite, `ERROR ( message:Cannot find SITE object with identifier "%s". )`, false},
	SiteExists:     {SiteExists, 0, PhaseWrite, "%s", false},
	// appcmd's texts; the evidence of each is in engine/appcmd (errors.go,
	// texts.go) beside the function that raises it. The HRESULTs carry the
	// exit codes: ERROR_INVALID_PARAMETER (87), ERROR_NOT_FOUND (1168),
	// ERROR_INVALID_DATA (13), ERROR_ALREADY_EXISTS (183).
	AppcmdUnknownAttr:    {AppcmdUnknownAttr, 0x80070057, PhaseWrite, `Unknown attribute "%s".  Replace with -? for help.`, false},
	AppcmdUnknownSection: {AppcmdUnknownSection, 0x80070057, PhaseWrite, `Unknown config section "%s".  Replace with ? for help.`, false},
	AppcmdNotFound:       {AppcmdNotFound, 0x80070490, PhaseWrite, `Cannot find %s object with identifier "%s".`, false},
	AppcmdInvalidValue:   {AppcmdInvalidValue, 0x8007000d, PhaseWrite, `Unknown attribute "%s".. Reason: %s`, false},
	AppcmdBadIndexer:     {AppcmdBadIndexer, 0x80070057, PhaseWrite, "Malformed collection indexer; format is [@position,name='value',name2='value2',...].  The @position specifier is optional, and be '@start', '@end', or '@N' where N is a numeric index into the collection.", false},
	AppcmdNoElement:      {AppcmdNoElement, 0x80070490, PhaseWrite, "Cannot find requested collection element.", false},
	AppcmdDuplicateAdd:   {AppcmdDuplicateAdd, 0x800700b7, PhaseWrite, "New %s object missing required attributes. %s\r\n.", false},
	AppcmdDuplicateChild: {AppcmdDuplicateChild, 0x800700b7, PhaseWrite, `Failed to add duplicate collection element "%s".`, false},
	AppcmdMissingParam:   {AppcmdMissingParam, 0x80070057, PhaseWrite, `Cannot add %s object: missing required attribute "%s".`, false},
	AppcmdBackupExists:   {AppcmdBackupExists, 0x800700b7, PhaseWrite, `Cannot add BACKUP object "%s": a backup with this name already exists.`, false},
	AppcmdBadCommit:      {AppcmdBadCommit, 0x80070057, PhaseWrite, `The commit path "%s" is not valid for configuration path "%s".`, false},
	AppcmdNoSection:      {AppcmdNoSection, 0x80070057, PhaseWrite, `The /section parameter is required.`, false},
}

// ToolAt is At for the tools' entries.
func ToolAt(id ID, file string, r Range, args ...any) Diagnostic {
	e, ok := toolCatalogue[id]
	if !ok {
		panic("diag: unknown tool id " + string(id))
	}
	return build(e, file, r, args)
}
