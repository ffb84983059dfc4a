package appcmd

import (
	"fmt"

	"github.com/iisconf/iisconf/engine/diag"
)

// The texts the write verbs print, in one place (docs/appcmd.md). Each
// carries its evidence; the UNCERTAIN(<id>) ones are listed in doc.go too, so new
// evidence changes one line here.

// The refusal texts live in the diagnostic catalogue (engine/diag, ids
// APPCMD_*), each with the HRESULT whose Win32 code is the exit code; the
// functions here raise them and carry their evidence.

// objectAdded, objectChanged and objectDeleted are the success lines of
// add/set/delete [DOC]: `SITE object "MySite" added`.
func objectAdded(kind, id string) string   { return kind + ` object "` + id + `" added` }
func objectChanged(kind, id string) string { return kind + ` object "` + id + `" changed` }
func objectDeleted(kind, id string) string { return kind + ` object "` + id + `" deleted` } // INF

// appliedChanges is `set config`'s line [OBS].
func appliedChanges(section, path, commit string) string {
	return fmt.Sprintf(`Applied configuration changes to section "%s" for "%s" at configuration commit path "%s"`, section, path, commit)
}

// clearedSection is `clear config`'s line [OBS]; the path printed is the
// commit path. UNCERTAIN(cleared-section-path): IIS might print the config
// path instead; they differ only with /commit (docs/appcmd.md#config-writes).
func clearedSection(section, commit string) string {
	return fmt.Sprintf(`Cleared section "%s" at configuration path "%s"`, section, commit)
}

// lockedSection / unlockedSection are the lock verbs' lines, with the
// final period [OBS unlock; INF lock].
func lockedSection(section, path string) string {
	return fmt.Sprintf(`Locked section "%s" at configuration path "%s".`, section, path)
}
func unlockedSection(section, path string) string {
	return fmt.Sprintf(`Unlocked section "%s" at configuration path "%s".`, section, path)
}

// restoredBackup is `restore backup`'s line [DOC].
func restoredBackup(name string) string {
	return fmt.Sprintf(`Restored configuration from backup "%s"`, name)
}

// invalidValue is appcmd's answer to a value the schema rejects [OBS for
// set apppool: `Unknown attribute "identityType".. Reason: Enum must be
// one of …`]; the name is the property's last segment.
// UNCERTAIN(set-config-invalid-value): that
// `set config` words it the same way.
func invalidValue(leaf, reason string) *Error {
	return refusal(diag.AppcmdInvalidValue, leaf, reason)
}

// malformedIndexer is the bad-indexer text [OBS], byte for byte.
func malformedIndexer() *Error {
	return refusal(diag.AppcmdBadIndexer)
}

// elementNotFound is `-[key='v']` of a missing item [OBS].
func elementNotFound() *Error {
	return refusal(diag.AppcmdNoElement)
}

// duplicateAdd is `+[...]` of an existing key [OBS]: appcmd prefixes the
// duplicate text with "New <add element> object missing required
// attributes. " and ends it with CRLF before the closing ". )".
func duplicateAdd(addElement, dupText string) *Error {
	return refusal(diag.AppcmdDuplicateAdd, addElement, dupText)
}

// duplicateChild is add app/vdir of an existing path [OBS].
func duplicateChild(path string) *Error {
	return refusal(diag.AppcmdDuplicateChild, path)
}

// missingParameter answers an add without a required identity parameter
// (/name, /site.name, /path, /app.name). UNCERTAIN(write-refusal-texts):
// appcmd's own
// wording is not captured; it follows the MWA "missing required
// attributes" shape.
func missingParameter(kind, name string) *Error {
	return refusal(diag.AppcmdMissingParam, kind, name)
}

// backupExists answers `add backup` with a name in use.
// UNCERTAIN(write-refusal-texts).
func backupExists(name string) *Error {
	return refusal(diag.AppcmdBackupExists, name)
}

// badCommit answers a /commit: value that names no level above the path
// written. UNCERTAIN(write-refusal-texts): appcmd's is not captured.
func badCommit(value, path string) *Error {
	return refusal(diag.AppcmdBadCommit, value, path)
}

// badCLR answers a /clr: value that names no .NET Framework version the
// emulator knows (2 or 4). UNCERTAIN(write-refusal-texts).
func badCLR(value string) *Error {
	return messageError(exitInvalidParameter, fmt.Sprintf(`The /clr value "%s" is not a .NET Framework version: use 2.0 or 4.0.`, value))
}

// missingSection answers a config write without /section.
// UNCERTAIN(write-refusal-texts).
func missingSection() *Error {
	return refusal(diag.AppcmdNoSection)
}
