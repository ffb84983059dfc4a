// Package appcmd emulates the output of IIS's appcmd.exe over an engine
// snapshot (docs/appcmd.md): the `list config` XML view of effective
// sections, the one-line `list site|app|vdir|apppool` views with their
// filters, appcmd's command-line grammar and its ERROR ( ... ) texts. It is
// pure: no OS access, no global mutable state.
//
// Every layout decision and the evidence for it sits next to the code it
// governs. The decisions that rest on no public capture are gathered here,
// each implemented in exactly one named place so new evidence changes one
// line; docs/appcmd.md explains each id.
//
// Reads (no confirming capture; best choice):
//   - lineEnd, UNCERTAIN(appcmd-crlf): CRLF after every output line,
//     including the last. appcmd is a Windows console program; public
//     captures lose their line ends.
//   - escapeAttr, UNCERTAIN(appcmd-attr-escaping): &, <, >, " and the
//     control characters TAB, CR, LF are escaped in attribute values; ' is
//     not.
//   - collectionAfterElements, UNCERTAIN(list-config-item-order): in `list
//     config`, collection items follow the child elements. The only capture
//     of a nested element (the DOC `list site /config` sample) prints
//     <bindings> straight after <site> although that site has a root
//     application, so items come last.
//   - sectionsEachWrapped, UNCERTAIN(list-config-all-sections): without
//     /section every section is printed as its own object, each wrapped in
//     its own section groups, in section name order.
//   - unknownSectionText, UNCERTAIN(unknown-section-text): `Unknown config
//     section "x".  Replace with ? for help.` (two spaces, like the Unknown
//     attribute text).
//   - exit codes, UNCERTAIN(appcmd-exit-codes): Win32 code of the failing
//     HRESULT (13, 33, ...); 1168 (ERROR_NOT_FOUND) for objects not found;
//     87 (ERROR_INVALID_PARAMETER) for unknown parameters; 1 when a filter
//     matches nothing.
//   - UNCERTAIN(unknown-filter-property): an unknown filter property in
//     `list site|app|vdir|apppool` is an Unknown attribute error rather
//     than an empty result.
//
// Writes (Exec: set/clear/lock/unlock config, add/set/delete site, app,
// vdir, apppool, add/list/restore/delete backup) edit files through
// engine/xmledit and are validated before they apply; their texts live in
// texts.go. Choices made without a capture, each in one place:
//   - texts.go: UNCERTAIN(set-config-invalid-value) invalidValue's wording
//     for set config; UNCERTAIN(write-refusal-texts) missingParameter,
//     backupExists, badCommit, badCLR, missingSection; UNCERTAIN(cleared-section-path)
//     clearedSection's path; lockedSection (lock's line by analogy with
//     unlock's);
//   - configwrite.go lockedAt, UNCERTAIN(locked-write-line): a LOCKED
//     refusal names the file to be written with Line Number 0;
//   - lockConfig, UNCERTAIN(lock-commit-default): lock/unlock of a path
//     under APPHOST default to /commit:apphost;
//   - write.go itemIndex, UNCERTAIN(new-item-position): new items go after
//     the last directive, @start after the last clear, @N before the N-th
//     local add;
//   - write.go copyInherited, UNCERTAIN(inherited-item-edit): editing an
//     inherited item writes remove + add with the item's explicit
//     attributes;
//   - write.go ensureDefinition, UNCERTAIN(new-definition-placement): new
//     sections join a plain location tag or a top-level group block, new
//     location tags go at the end of file;
//   - UNCERTAIN(write-validation-scope): writes validate only the path
//     written (as IIS does): an add above a level that adds the same key
//     leaves that lower file with DUP_KEY;
//   - UNCERTAIN(history-on-write): configuration history runs once per
//     write on Options.Now and snapshots the new applicationHost.config
//     (backup.Tick).
package appcmd
