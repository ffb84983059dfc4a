// Package stock holds iisconf's default workspace: the configuration files of
// a fresh Windows Server 2019/2022 IIS 10 install with the common role
// services (Common HTTP Features, Health and Diagnostics, Static and Dynamic
// Compression, the Security role services, Application Development with
// ASP.NET 4.8, ASP, CGI, ISAPI, SSI, WebSocket and Application Initialization,
// Management Tools). The CLI and the browser playground open on it and every
// sample builds on it.
//
// The files are the project's own, written from facts observed on real
// servers (names, values, lists, registrations); see files/README.md for the
// choices made where real servers differ.
package stock

import (
	"embed"

	"github.com/iisconf/iisconf/engine/workspace"
)

//go:embed files/applicationHost.config files/machine.config files/web.config
var files embed.FS

// mustRead returns a copy of an embedded file, so callers may modify the
// slice without affecting later calls. The names are fixed at compile time,
// so a failure is a build defect.
func mustRead(name string) []byte {
	b, err := files.ReadFile("files/" + name)
	if err != nil {
		panic("stock: embedded file missing: " + name)
	}
	return b
}

// AppHostConfig returns the stock applicationHost.config (UTF-8, CRLF).
func AppHostConfig() []byte { return mustRead("applicationHost.config") }

// MachineConfig returns the stock .NET Framework 4.8 machine.config: every
// section declaration of a real one plus the few settings a stock one sets.
func MachineConfig() []byte { return mustRead("machine.config") }

// RootWebConfig returns the stock ASP.NET 4.x root web.config
// (Framework64\v4.0.30319\Config\web.config), reduced to its location-less
// trust settings and a few empty defaults.
func RootWebConfig() []byte { return mustRead("web.config") }

// Workspace returns a fresh workspace holding only the stock
// applicationHost.config at workspace.AppHostPath. machine.config and the
// root web.config are deliberately absent: the engine supplies its built-in
// stand-ins for them when a workspace has none.
func Workspace() *workspace.Workspace {
	w := workspace.New()
	w.Set(workspace.AppHostPath, AppHostConfig())
	return w
}
