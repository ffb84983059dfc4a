// Package appcmd emulates the output of IIS's appcmd.exe over an engine
// snapshot (SPEC §9): the `list config` XML view of effective sections, the
// one-line `list site|app|vdir|apppool` views with their filters, appcmd's
// command-line grammar and its ERROR ( ... ) texts. It is pure: no OS
// access, no global mutable state.
//
// Every layout decision and the evidence for it sits next to the code it
// governs. The decisions that rest on no public capture are gathered here,
// each implemented in exactly one named place so new evidence changes one
// line:
//
// UNCERTAIN (no confirming capture; best choice):
//   - lineEnd: CRLF after every output line, including the last. appcmd is
//     a Windows console program; public captures lose their line ends.
//   - escapeAttr: &, <, >, " and the control characters TAB, CR, LF are
//     escaped in attribute values; ' is not.
//   - collectionAfterElements: in `list config`, collection items follow
//     the child elements. The only capture of a nested element (the DOC
//     `list site /config` sample) prints <bindings> straight after <site>
//     although that site has a root application, so items come last.
//   - sectionsEachWrapped: without /section every section is printed as
//     its own object, each wrapped in its own section groups, in section
//     name order.
//   - unknownSectionText: `Unknown config section "x".  Replace with ? for
//     help.` (two spaces, like the Unknown attribute text).
//   - exit codes: Win32 code of the failing HRESULT (13, 33, ...); 1168
//     (ERROR_NOT_FOUND) for objects not found; 87 (ERROR_INVALID_PARAMETER)
//     for unknown parameters; 1 when a filter matches nothing.
//   - an unknown filter property in `list site|app|vdir|apppool` is an
//     Unknown attribute error rather than an empty result.
//
// Writes (Exec: set/clear/lock/unlock config, add/set/delete site, app,
// vdir, apppool, add/list/restore/delete backup) edit files through
// engine/xmledit and are validated before they apply; their texts live in
// texts.go. UNCERTAIN write choices, each in one place:
//   - texts.go: invalidValue wording for set config, missingParameter,
//     backupExists, badCommit, missingSection, clearedSection's path,
//     lockedSection (lock's line by analogy with unlock's);
//   - configwrite.go lockedAt: a LOCKED refusal names the file to be
//     written with Line Number 0;
//   - lockConfig: lock/unlock of a path under APPHOST default to
//     /commit:apphost;
//   - write.go itemIndex: new items go after the last directive, @start
//     after the last clear, @N before the N-th local add;
//   - write.go copyInherited: editing an inherited item writes remove +
//     add with the item's explicit attributes;
//   - write.go ensureDefinition: new sections join a plain location tag or
//     a top-level group block, new location tags go at the end of file;
//   - writes validate only the path written (as IIS does): an add above a
//     level that adds the same key leaves that lower file with DUP_KEY;
//   - configuration history runs once per write on Options.Now and
//     snapshots the new applicationHost.config (backup.Tick).
package appcmd
