package config

import (
	"strings"

	"github.com/iisconf/iisconf/engine/sortx"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/textfmt"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Which .NET Framework folder a path reads its machine.config and root
// web.config from (docs/hierarchy.md#framework-folders). This file is the
// one place the rule lives.
//
// A request is read by the worker process of the application pool that
// serves it, and that process reads the files of the .NET Framework
// version and bitness the pool runs: managedRuntimeVersion v4.0 →
// v4.0.30319, v2.0 → v2.0.50727; enable32BitAppOnWin64="true" → the
// Framework folder, otherwise Framework64. Every level of the chain
// (applicationHost.config and the web.config files included) is read on top
// of that pair, so one web.config can be valid for a v2.0 pool and broken
// for a v4.0 one.

const (
	frameworkV4 = "v4.0.30319"
	frameworkV2 = "v2.0.50727"
)

// fwFolder is one framework folder: a version and a bitness.
type fwFolder struct {
	version string // frameworkV4 or frameworkV2
	bits32  bool   // Framework rather than Framework64
}

// serverFolder is what the server level reads: WAS, appcmd and IIS
// Manager are 64-bit processes, and no pool is there to pick a version.
// UNCERTAIN(server-level-framework): we found no statement of which version
// the configuration system reads there without appcmd's /clr:; v4.0 is the
// version of the stock pools and the only one a Windows Server 2019/2022
// has unless .NET 3.5 is added.
func serverFolder() fwFolder { return fwFolder{version: frameworkV4} }

// dir is the folder's Config directory, spelt as the .NET installers
// create it (CONFIG for 2.0, Config for 4.0).
func (f fwFolder) dir() string {
	arch, cfg := `\Framework64\`, `\Config`
	if f.bits32 {
		arch = `\Framework\`
	}
	if f.version == frameworkV2 {
		cfg = `\CONFIG`
	}
	return workspace.FrameworkRoot + arch + f.version + cfg
}

// index numbers the four folders, for the engine's array of top files.
func (f fwFolder) index() int {
	i := 0
	if f.version == frameworkV2 {
		i = 2
	}
	if f.bits32 {
		i++
	}
	return i
}

// label is the folder as people name it: Framework64\v4.0.30319.
func (f fwFolder) label() string {
	if f.bits32 {
		return `Framework\` + f.version
	}
	return `Framework64\` + f.version
}

// standIns are the built-in files read when the workspace lacks the
// folder's machine.config or root web.config: the v2.0 pair for v2.0, the
// v4.0 pair otherwise. The 32-bit and 64-bit files of one version declare
// the same sections, so the bitness shares them.
func (f fwFolder) standIns() (machine, rootWeb func() []byte) {
	if f.version == frameworkV2 {
		return stock.MachineConfigV2, stock.RootWebConfigV2
	}
	return stock.MachineConfig, stock.RootWebConfig
}

// versionName is the version as managedRuntimeVersion writes it.
func versionName(version string) string {
	if version == frameworkV2 {
		return "v2.0"
	}
	return "v4.0"
}

// FrameworkFolder is one .NET Framework Config folder the engine reads,
// as FrameworkFolders lists them for programs that place files (the
// playground's import, through a table build/contract.go generates), so
// that the folders' spelling has one home.
type FrameworkFolder struct {
	Dir     string `json:"dir"`     // the Config folder, spelt as the .NET installers create it
	Version string `json:"version"` // the folder's version: v4.0.30319 or v2.0.50727
	Runtime string `json:"runtime"` // the managedRuntimeVersion that picks it: v4.0 or v2.0
	Bits32  bool   `json:"bits32"`  // the 32-bit Framework folder rather than Framework64
	Server  bool   `json:"server"`  // the server level reads it
}

// FrameworkFolders lists the four folders a pool can pick.
func FrameworkFolders() []FrameworkFolder {
	var out []FrameworkFolder
	for _, v := range []string{frameworkV4, frameworkV2} {
		for _, bits32 := range []bool{false, true} {
			f := fwFolder{version: v, bits32: bits32}
			out = append(out, FrameworkFolder{Dir: f.dir(), Version: v, Runtime: versionName(v), Bits32: bits32, Server: f == serverFolder()})
		}
	}
	return out
}

// Framework is the .NET Framework folder a path reads its machine.config
// and root web.config from, and what decided it.
type Framework struct {
	Dir     string // the Config folder
	Version string // folder version: v4.0.30319 or v2.0.50727
	Bits32  bool   // the 32-bit Framework folder rather than Framework64
	// Pool is the application pool whose managedRuntimeVersion and
	// enable32BitAppOnWin64 decided; "" at the server level (and for an
	// application whose pool does not exist).
	Pool string
	Why  string // one sentence
	// Uncertain is the id of the uncertain rule the choice rests on, if
	// any (docs/hierarchy.md#framework-folders).
	Uncertain string

	folder fwFolder
}

// MachineConfig is the folder's machine.config.
func (f Framework) MachineConfig() string { return workspace.Join(f.Dir, "machine.config") }

// RootWebConfig is the folder's root web.config.
func (f Framework) RootWebConfig() string { return workspace.Join(f.Dir, "web.config") }

// ParseCLR reads the version appcmd's /clr: names ("2", "2.0", "v2.0",
// "4", "4.0", "v4.0", or a folder version) as a framework folder version;
// ok is false for anything else.
func ParseCLR(v string) (version string, ok bool) {
	switch strings.TrimPrefix(strings.ToLower(strings.TrimSpace(v)), "v") {
	case "2", "2.0", "2.0.50727":
		return frameworkV2, true
	case "4", "4.0", "4.0.30319":
		return frameworkV4, true
	}
	return "", false
}

// WithCLR is the engine as appcmd's /clr:<version> reads the workspace:
// the server level reads that version's files, and so does every path
// below a site, in its pool's bitness (UNCERTAIN(appcmd-clr-site-path): we
// do not know whether appcmd looks at the pool at all for a site path; the
// pool's folder is what a request there reads). version is ParseCLR's.
// The engine shares the receiver's cache.
func (e *Engine) WithCLR(version string) *Engine {
	x := newEngine(e.ws, e.c)
	x.clr = version
	return x
}

// Why a folder was picked, as one format per case; %[1]s is the pool,
// %[2]s its managedRuntimeVersion, %[3]s its process, %[4]s the folder's
// version as managedRuntimeVersion writes it.
const (
	whyServer    = "the server level is read by WAS and the administration tools, not by an application pool: iisconf reads the 64-bit .NET v4.0 folder"
	whyCLR       = "appcmd's /clr: picks .NET %[4]s, and appcmd.exe is a 64-bit process"
	whyNoPool    = "the application names no application pool, so none decides: iisconf reads the server level's folder"
	whyMissing   = `application pool "%[1]s" does not exist, so none decides: iisconf reads the server level's folder`
	whyPool      = `application pool "%[1]s" has managedRuntimeVersion="%[2]s" and runs in %[3]s`
	whyPoolCLR   = `appcmd's /clr: picks .NET %[4]s, in the bitness of application pool "%[1]s" (%[3]s)`
	whyNoManaged = `application pool "%[1]s" runs no managed code (managedRuntimeVersion="") in %[3]s: iisconf reads the .NET v4.0 folder of that bitness`
	whyUnknown   = `application pool "%[1]s" names managedRuntimeVersion="%[2]s", a version iisconf does not model, in %[3]s: iisconf reads the .NET v4.0 folder of that bitness`
)

// frameworkFor is the one rule: what a path served by application a (nil
// at the server level) reads, pl being the settings of a's pool (nil when
// no pool has that name).
func (e *Engine) frameworkFor(a *app, pl *pool) Framework {
	f := serverFolder()
	why, uncertain := whyServer, "server-level-framework"
	name, runtime, process := "", "", "a 64-bit worker process"
	switch {
	case pl != nil:
		name, runtime, f.bits32 = pl.name, pl.runtime, pl.enable32Bit
		if pl.enable32Bit {
			process = `a 32-bit worker process (enable32BitAppOnWin64="true")`
		}
		rv := strings.ToLower(strings.TrimSpace(pl.runtime))
		why, uncertain = whyPool, ""
		switch {
		case e.clr != "":
			f.version, why, uncertain = e.clr, whyPoolCLR, "appcmd-clr-site-path"
		case rv == "v2" || strings.HasPrefix(rv, "v2."):
			f.version = frameworkV2
		case rv == "v4" || strings.HasPrefix(rv, "v4."):
		case rv == "":
			// No Managed Code: the worker process loads no CLR, yet the
			// configuration system still reads the .NET files (system.web
			// stays declared). UNCERTAIN(no-managed-code-framework): which
			// version's files; we read v4.0, the only one a stock server has.
			why, uncertain = whyNoManaged, "no-managed-code-framework"
		default:
			// UNCERTAIN(unknown-runtime-version): a version other than v2.0
			// and v4.0 (v1.1, a typo) fails the pool's start on a real
			// server; for the configuration its requests would read we take
			// v4.0.
			why, uncertain = whyUnknown, "unknown-runtime-version"
		}
	case e.clr != "":
		f.version, why, uncertain = e.clr, whyCLR, ""
	case a != nil && a.pool == "":
		why = whyNoPool
	case a != nil:
		why = whyMissing
	}
	named := name
	if a != nil && pl == nil {
		named = a.pool // for whyMissing
	}
	if strings.Contains(why, "%") {
		// Only formats with verbs: Sprintf would append %!(EXTRA …) to one
		// without (whyServer, whyNoPool).
		why = textfmt.Sprintf(why, named, runtime, process, versionName(f.version))
	}
	return Framework{Dir: f.dir(), Version: f.version, Bits32: f.bits32, Pool: name,
		Why: why, Uncertain: uncertain, folder: f}
}

// frameworkNote is the chain's note at MACHINE (machine) or WEBROOT: which
// folder and why at MACHINE, and at either level whether the file is the
// built-in stand-in.
func frameworkNote(fw Framework, pf *parsedFile, machine bool) string {
	note := ""
	if machine {
		note = fw.folder.label() + ": " + fw.Why
	}
	if pf.builtin {
		if note != "" {
			note += "; "
		}
		note += "the workspace has no such file: iisconf reads its built-in stand-in for .NET " + versionName(fw.Version)
	}
	return note
}

// FrameworkDirs lists the .NET Framework Config folders the workspace's
// paths read, sorted: the server level's and every application pool's
// (what `iisconf collect` takes from a server).
func (e *Engine) FrameworkDirs() []string {
	seen := map[string]bool{}
	var out []string
	add := func(fw Framework) {
		if !seen[fw.Dir] {
			seen[fw.Dir] = true
			out = append(out, fw.Dir)
		}
	}
	add(e.frameworkFor(nil, nil))
	for _, pl := range e.siteMapOf().pools {
		add(e.frameworkFor(&app{pool: pl.name}, pl))
	}
	sortx.Strings(out)
	return out
}

// StandIn is the built-in text the engine reads for the machine.config or
// root web.config at path (in any of the four framework folders) when the
// workspace lacks that file; ok is false for every other path. The
// playground shows it read-only and can make it a workspace file.
func StandIn(path string) (text []byte, ok bool) {
	key := workspace.Key(path)
	for _, f := range []fwFolder{{version: frameworkV4}, {version: frameworkV4, bits32: true}, {version: frameworkV2}, {version: frameworkV2, bits32: true}} {
		machine, rootWeb := f.standIns()
		switch key {
		case workspace.Key(workspace.Join(f.dir(), "machine.config")):
			return machine(), true
		case workspace.Key(workspace.Join(f.dir(), "web.config")):
			return rootWeb(), true
		}
	}
	return nil, false
}
