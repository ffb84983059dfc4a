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
	_ "embed" // the stock files
	"strings"

	"github.com/iisconf/iisconf/engine/workspace"
)

// The files are embedded as strings rather than an embed.FS: the FS's
// code (and io/fs with it) would cost the playground's download ~4 KB
// brotli for three fixed names.
var (
	//go:embed files/applicationHost.config
	appHostText string
	//go:embed files/machine.config
	machineText string
	//go:embed files/web.config
	rootWebText string
)

// AppHostConfig returns the stock applicationHost.config (UTF-8, CRLF). Each
// accessor returns a copy, so callers may modify the slice without
// affecting later calls.
func AppHostConfig() []byte { return []byte(appHostText) }

// MachineConfig returns the stock .NET Framework 4.8 machine.config: every
// section declaration of a real one plus the few settings a stock one sets.
func MachineConfig() []byte { return []byte(machineText) }

// RootWebConfig returns the stock ASP.NET 4.x root web.config
// (Framework64\v4.0.30319\Config\web.config), reduced to its location-less
// trust settings and a few empty defaults.
func RootWebConfig() []byte { return []byte(rootWebText) }

// MachineConfigV2 returns the stand-in .NET Framework 2.0 machine.config
// (v2.0.50727, as on a server with the .NET 3.5 feature): MachineConfig
// without the declarations .NET 4 added, its types of version 2.0.0.0
// (3.0.0.0 for WCF). It is derived rather than stored, so that the two
// stand-ins cannot drift apart and the playground's download stays small.
func MachineConfigV2() []byte { return toV2(MachineConfig()) }

// RootWebConfigV2 returns the stand-in ASP.NET 2.0 root web.config
// (v2.0.50727\CONFIG\web.config): RootWebConfig without the two sections
// .NET 2.0 does not declare.
func RootWebConfigV2() []byte { return toV2(RootWebConfig()) }

// addedIn4 reports whether a section, group or element name is one .NET 4
// added: the caching, AJAX and XAML hosting groups, four WCF sections and
// two ASP.NET ones.
func addedIn4(name string) bool {
	switch name {
	case "system.runtime.caching", "system.web.extensions", "system.xaml.hosting",
		"protocolMapping", "standardEndpoints", "routing", "tracking",
		"fullTrustAssemblies", "partialTrustVisibleAssemblies":
		return true
	}
	return false
}

// toV2 turns a .NET 4 stand-in into the .NET 2.0 one: a line declaring or
// holding something addedIn4 goes (a section group with everything up to
// its end tag), and the versions in types go back to 2.0.0.0, or 3.0.0.0
// for the WCF assemblies .NET 3.0 installed into the 2.0 folder.
func toV2(v4 []byte) []byte {
	var out strings.Builder
	skip := "" // the end tag of a dropped section group, with its indentation
	for _, line := range strings.SplitAfter(string(v4), "\n") {
		text := strings.TrimLeft(line, " ")
		if skip != "" {
			if strings.HasPrefix(line, skip) {
				skip = ""
			}
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(text, "<"), " ")
		if strings.HasPrefix(name, "section") {
			_, name, _ = strings.Cut(text, `name="`)
			name, _, _ = strings.Cut(name, `"`)
		}
		if addedIn4(name) {
			if strings.HasPrefix(text, "<sectionGroup") {
				skip = line[:len(line)-len(text)] + "</sectionGroup>"
			}
			continue
		}
		out.WriteString(line)
	}
	v2 := out.String()
	// Split and Join replace as strings.ReplaceAll does, without
	// strings.Replace's code in the engine wasm (see workspace.Clean).
	replaceAll := func(s, old, new string) string { return strings.Join(strings.Split(s, old), new) }
	for _, wcf := range []string{", System.ServiceModel, ", ", System.Runtime.Serialization, ", ", SMDiagnostics, "} {
		v2 = replaceAll(v2, wcf+"Version=4.0.0.0", wcf+"Version=3.0.0.0")
	}
	return []byte(replaceAll(v2, "Version=4.0.0.0", "Version=2.0.0.0"))
}

// Workspace returns a fresh workspace holding only the stock
// applicationHost.config at workspace.AppHostPath. machine.config and the
// root web.config are deliberately absent: the engine supplies its built-in
// stand-ins for them when a workspace has none.
func Workspace() *workspace.Workspace {
	w := workspace.New()
	w.Set(workspace.AppHostPath, AppHostConfig())
	return w
}
