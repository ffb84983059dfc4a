package appcmd

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
)

// Error is a failed appcmd command: Text is exactly what appcmd prints
// (on stdout, without the final line end) and Code its process exit code.
//
// Emulator marks iisconf's own refusals (a verb or switch not emulated
// yet): their Text is not appcmd's and belongs on stderr. A listing that
// matched nothing is an Error with empty Text and exit code 1.
type Error struct {
	Text     string
	Code     int
	Emulator bool
}

func (e *Error) Error() string { return e.Text }

// Exit codes, UNCERTAIN(appcmd-exit-codes) (docs/appcmd.md#exit-codes).
const (
	exitNoMatch          = 1  // a listing that matched nothing
	exitInvalidParameter = 87 // ERROR_INVALID_PARAMETER
)

// messageError is appcmd's wrapper for a message from elsewhere (a
// refused backup name), with the exit code given.
func messageError(code int, msg string) *Error {
	return &Error{Text: "ERROR ( message:" + msg + " )", Code: code}
}

// refusal is one of appcmd's own refusals, from the catalogue: printed in
// appcmd's wrapper, exiting with its HRESULT's Win32 code.
func refusal(id diag.ID, args ...any) *Error {
	return diagError(diag.ToolAt(id, "", diag.NoRange, args...))
}

// unknownAttribute is appcmd's answer to a parameter it does not know
// (two spaces before "Replace") [OBS].
func unknownAttribute(name string) *Error {
	return refusal(diag.AppcmdUnknownAttr, name)
}

// unknownSection answers /section:<name> for a section nobody registered.
// UNCERTAIN(unknown-section-text) (docs/appcmd.md#command-line).
func unknownSection(name string) *Error {
	return refusal(diag.AppcmdUnknownSection, name)
}

// notFound is the missing-object error, e.g. `Cannot find SITE object with
// identifier "x".` [OBS].
func notFound(object, id string) *Error {
	return refusal(diag.AppcmdNotFound, object, id)
}

// diagError renders a configuration diagnostic as appcmd prints it; the
// exit code is the Win32 code inside the HRESULT (0x80070021 → 33).
func diagError(d diag.Diagnostic) *Error {
	return &Error{Text: diag.AppCmd(d), Code: win32Code(d.HRESULT)}
}

// win32Code extracts the low 16 bits of a FACILITY_WIN32 HRESULT written
// as "0x8007xxxx"; anything else gives 1.
func win32Code(hresult string) int {
	h, err := strconv.ParseUint(strings.TrimPrefix(hresult, "0x"), 16, 32)
	if err != nil || h>>16 != 0x8007 {
		return 1
	}
	return int(h & 0xffff)
}
