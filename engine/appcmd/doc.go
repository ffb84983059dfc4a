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
package appcmd
