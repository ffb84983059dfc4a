package config

import "strings"

// allowDefinition: where a section may be defined. The keywords come from
// the section's <section> declaration (declare.go); this file holds the one
// rule that turns them into "may this definition stand here?".

// allowDefinitionOK reports whether a section registered with d's
// allowDefinition may be defined at config path p (the path judged, see
// allowDefinitionPlace).
//
// Microsoft's "Deep Dive into IIS Configuration with IIS 7 and IIS 8" names
// the files each value allows: MachineOnly "can be set only in
// applicationHost.config or machine.config"; MachineToRootWeb (spelt
// MachineToWebRoot in real declarations) "either in the files defined above
// for MachineOnly, or in the root web.config file"; MachineToApplication
// "either in the files defined above for MachineToRootWeb, or in the
// web.config file in the application root folder". applicationHost.config
// is therefore a valid place for all three, which is what real servers rely
// on: administration.config, read at the server level beside
// applicationHost.config, declares IIS Manager's sections (management,
// dbManager) MachineToWebRoot and defines them at its top level.
// AppHostOnly is IIS's own keyword for the server level alone
// (docs/declarations.md#allowdefinition).
func (e *Engine) allowDefinitionOK(d *decl, p cpath) bool {
	if d == nil {
		return true
	}
	n := len(p)
	switch d.allowDefinition {
	case "MachineToApplication":
		return n <= levelAppHost+1 || e.isAppRoot(p)
	case "MachineToWebRoot":
		return n <= levelAppHost+1
	case "MachineOnly":
		return n == levelMachine+1 || n == levelAppHost+1
	case "AppHostOnly":
		return n == levelAppHost+1
	}
	return true
}

// allowDefinitionPlace picks the config path a definition is judged at: the
// level of the file holding it (level) or the path its <location> targets
// (target; the same as level outside a location tag).
//
// UNCERTAIN(allowdef-location-level): for IIS's own sections,
// MachineToApplication is judged at the level of the file. The Deep Dive
// says a location tag "is considered to be at that parent level. This is
// important when it comes to locking semantics and what level can specify
// what sections", and defines MachineToApplication by file ("the web.config
// file in the application root folder"); ServiceStack's documented IIS 7
// setup puts <modules> inside <location path="api"> of an application's
// root web.config. No capture of IIS judging such a definition either way
// has been found. ASP.NET judges its own sections (system.web) at the
// location's target: it fails a <location path="sub"> of an application
// root with "It is an error to use a section registered as
// allowDefinition='MachineToApplication' beyond application level" (the
// .NET configuration system's VerifyDefinitionAllowed is given the
// location's path). The other keywords are judged at the target, as
// before, for every section: nothing says otherwise.
func allowDefinitionPlace(section string, d *decl, level, target cpath) cpath {
	if d != nil && d.allowDefinition == "MachineToApplication" && !aspNetSection(section) {
		return level
	}
	return target
}

// aspNetSection reports whether a section is ASP.NET's (the system.web
// group): IIS's core never reads it, ASP.NET applies its own rules to it.
func aspNetSection(section string) bool {
	return strings.HasPrefix(section, "system.web/")
}
