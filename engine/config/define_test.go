package config_test

import (
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
)

func TestDefinitionAllowed(t *testing.T) {
	e := config.New(stock.Workspace())
	for _, tc := range []struct {
		section, level, target string
		ok                     bool
		id                     string
	}{
		// Locked by default for web.config files (overrideModeDefault="Deny").
		{"system.webServer/security/authentication/windowsAuthentication", "Default Web Site", "Default Web Site", false, "LOCKED"},
		// applicationHost.config may always define it, for any path (P1, P5).
		{"system.webServer/security/authentication/windowsAuthentication", "", "Default Web Site", true, ""},
		{"system.webServer/defaultDocument", "Default Web Site", "Default Web Site/sub", true, ""},
		// modules is unlocked by the stock <location path="" overrideMode="Allow">.
		{"system.webServer/modules", "Default Web Site", "Default Web Site", true, ""},
		// ... but is MachineToApplication: not in a plain folder's web.config
		{"system.webServer/modules", "Default Web Site/sub", "Default Web Site/sub", false, "LOCKED"},
		// ... while the application root's web.config may target the folder
		// with a location tag: IIS's own sections are judged at the level
		// of the file (UNCERTAIN(allowdef-location-level)) ...
		{"system.webServer/modules", "Default Web Site", "Default Web Site/sub", true, ""},
		// ... and ASP.NET's at the location's target.
		{"system.web/authentication", "Default Web Site", "Default Web Site/sub", false, "LOCKED"},
		// AppHostOnly.
		{"system.applicationHost/sites", "Default Web Site", "Default Web Site", false, "LOCKED"},
		{"system.webServer/nosuchsection", "Default Web Site", "Default Web Site", false, "UNDECLARED"},
		{"system.webServer/defaultDocument", "Nope", "Nope", false, "PATH_UNK"},
	} {
		ok, d := e.DefinitionAllowed(tc.section, tc.level, tc.target)
		if ok != tc.ok || (d == nil) != (tc.id == "") || (d != nil && string(d.ID) != tc.id) {
			t.Errorf("DefinitionAllowed(%s, %q, %q) = %v, %+v; want %v %s", tc.section, tc.level, tc.target, ok, d, tc.ok, tc.id)
		}
	}
}
