// Package features models what is installed on an IIS server beyond the
// stock one: the optional modules and role services (URL Rewrite, ARR, the
// ASP.NET Core Module, WebDAV, ...) and exactly what each one's installer
// adds to the configuration — its schema file in the schema folder, its
// <configSections> declarations, and its entries at the server level
// (globalModules, modules, handlers, ...). Install and Uninstall make those
// edits to a workspace, the way the installer and the uninstaller would, as
// minimal text edits (appcmd's write path for section content, engine/xmledit
// for declarations), so comments and layout survive.
//
// The CLI lays features over the stock server with -features; the
// playground's Server features dialog makes the same edits. See
// docs/features.md.
package features

// Feature is one optional part of IIS.
type Feature struct {
	ID      string // short name for -features, e.g. "rewrite"
	Name    string // what the installer calls it
	Summary string // one sentence: what it is for
	Kind    string // "role service" (Windows Server Manager) or "download" (an MSI)
	// Stock is true when the stock server (engine/stock) already has it.
	Stock bool
	// Requires lists features that must be installed first (ARR needs URL
	// Rewrite); Install adds them.
	Requires []string
	// Schemas are built-in schema files (engine/schema/builtin) the
	// installer drops into the schema folder, written there as IIS XML
	// under the same base name (rewrite_schema.txt → rewrite_schema.xml).
	Schemas []string
	// DeclaredIn is the file that receives the declarations: "" for
	// applicationHost.config, "administration.config" for IIS Manager's.
	DeclaredIn string
	// Sections are the <section> declarations the installer adds.
	Sections []Section
	// Edits are the server-level configuration entries it adds.
	Edits []Edit
	// Evidence says where these facts were observed.
	Evidence string
}

// Section is one <section> declaration: full name and the two attributes
// that matter ("" = the default, Everywhere / Allow).
type Section struct {
	Name                string
	AllowDefinition     string
	OverrideModeDefault string
}

// Edit is one server-level change to a section's content, committed to
// applicationHost.config: either an item added to a collection (Item, key
// attribute first) or attributes set on an element (Set).
type Edit struct {
	Section string
	// Path is the dotted appcmd path of the element holding the collection
	// or the attributes; "" is the section element itself.
	Path  string
	Item  [][2]string
	Start bool // add the item at the start of the collection (handlers)
	Set   [][2]string
}

// Catalog is every feature iisconf knows, in the order they are listed.
// Facts come from real applicationHost.config files of servers that had the
// feature installed (the shared corpus) and from the installers' own
// scripts; Evidence names them.
var Catalog = []Feature{
	{
		ID: "rewrite", Name: "URL Rewrite 2.1", Kind: "download",
		Summary: "rewrite and redirect rules (<rewrite> in web.config), rewrite maps and outbound rules",
		Schemas: []string{"rewrite_schema.txt"},
		Sections: []Section{
			{"system.webServer/rewrite/globalRules", "AppHostOnly", "Deny"},
			{"system.webServer/rewrite/rules", "", "Allow"},
			{"system.webServer/rewrite/outboundRules", "", "Allow"},
			{"system.webServer/rewrite/providers", "", "Allow"},
			{"system.webServer/rewrite/rewriteMaps", "", "Allow"},
			{"system.webServer/rewrite/allowedServerVariables", "", "Deny"},
		},
		Edits: []Edit{
			globalModule("RewriteModule", `%SystemRoot%\system32\inetsrv\rewrite.dll`, ""),
			module("RewriteModule"),
		},
		Evidence: "applicationHost.config of servers with URL Rewrite (corpus: mattgillard/iis-reverse-proxy, collinsauve/AspNetCoreTest)",
	},
	{
		ID: "arr", Name: "Application Request Routing 3.0", Kind: "download",
		Summary:  "reverse proxy, load balancing across server farms (<webFarms>) and disk caching",
		Requires: []string{"rewrite"},
		Schemas:  []string{"arr_schema.txt"},
		Sections: []Section{
			{"system.webServer/proxy", "AppHostOnly", "Deny"},
			{"system.webServer/diskCache", "AppHostOnly", "Deny"},
			{"webFarms", "AppHostOnly", "Deny"},
		},
		Edits: []Edit{
			globalModule("ApplicationRequestRouting", `%ProgramFiles%\IIS\Application Request Routing\requestRouter.dll`, ""),
			module("ApplicationRequestRouting"),
		},
		Evidence: "applicationHost.config of a reverse proxy with ARR (corpus: mattgillard/iis-reverse-proxy)",
	},
	{
		ID: "ancm", Name: "ASP.NET Core Module V2", Kind: "download",
		Summary: "hosts ASP.NET Core applications (<aspNetCore> in the web.config dotnet publish writes); installed by the .NET Hosting Bundle",
		Schemas: []string{"aspnetcore_schema_v2.txt"},
		Sections: []Section{
			{"system.webServer/aspNetCore", "", "Allow"},
		},
		Edits: []Edit{
			globalModule("AspNetCoreModuleV2", `%ProgramFiles%\IIS\Asp.Net Core Module\V2\aspnetcorev2.dll`, ""),
			module("AspNetCoreModuleV2"),
		},
		Evidence: "applicationHost.config of a server with the Hosting Bundle (corpus: collinsauve/AspNetCoreTest)",
	},
	{
		ID: "httpplatform", Name: "HttpPlatformHandler 1.2", Kind: "download",
		Summary: "starts and forwards to any HTTP listener process (<httpPlatform>): Java, Node.js, Python",
		Schemas: []string{"httpplatform_schema.txt"},
		Sections: []Section{
			{"system.webServer/httpPlatform", "", "Allow"},
		},
		Edits: []Edit{
			globalModule("httpPlatformHandler", `%SystemRoot%\system32\inetsrv\httpPlatformHandler.dll`, ""),
			module("httpPlatformHandler"),
		},
		Evidence: "applicationHost.config of a server with HttpPlatformHandler (corpus: collinsauve/AspNetCoreTest)",
	},
	{
		ID: "iisnode", Name: "iisnode", Kind: "download",
		Summary: "hosts Node.js applications in IIS (<iisnode> and an iisnode handler in web.config)",
		Schemas: []string{"iisnode_schema.txt"},
		Sections: []Section{
			{"system.webServer/iisnode", "", ""},
		},
		Edits: []Edit{
			globalModule("iisnode", `C:\Program Files\iisnode\iisnode.dll`, "bitness64"),
			module("iisnode"),
		},
		Evidence: "iisnode's installer: addiisnodesection.js adds the section with no attributes; customactions.wxi runs appcmd install module /name:iisnode /image:\"[iisnoderootdir]iisnode.dll\" /preCondition:bitness64 (tjanczuk/iisnode, src/setup/iisnode-msi)",
	},
	{
		ID: "advancedlogging", Name: "Advanced Logging 1.0", Kind: "download",
		Summary: "custom log definitions and fields (<advancedLogging>), including an <advancedLogging> element in <siteDefaults> and <site>",
		Schemas: []string{"advancedlogging_schema.txt"},
		Sections: []Section{
			{"system.applicationHost/advancedLogging", "AppHostOnly", "Deny"},
			{"system.webServer/advancedLogging/server", "", "Deny"},
			{"system.webServer/advancedLogging/client", "", "Deny"},
		},
		Edits: []Edit{
			globalModule("ClientLoggingHandler", `%ProgramFiles%\IIS\Advanced Logging\ClientLoggingHandler.dll`, ""),
			globalModule("AdvancedLoggingModule", `%ProgramFiles%\IIS\Advanced Logging\AdvancedLoggingModule.dll`, ""),
			module("ClientLoggingHandler"),
			module("AdvancedLoggingModule"),
		},
		Evidence: "applicationHost.config of an IIS 10 server with Advanced Logging (corpus: Nordstrom/epg-interview-sysadmin); the installer's default field list and log definition are not reproduced",
	},
	{
		ID: "webdav", Name: "WebDAV Publishing", Kind: "role service",
		Summary: "authoring over HTTP (PROPFIND, PUT, LOCK, ...): the WebDAV module, handler and default stores; the <webdav> sections are declared on every IIS 10 server",
		Edits: []Edit{
			globalModule("WebDAVModule", `%windir%\System32\inetsrv\webdav.dll`, ""),
			module("WebDAVModule"),
			{Section: "system.webServer/handlers", Start: true, Item: [][2]string{{"name", "WebDAV"}, {"path", "*"}, {"verb", "PROPFIND,PROPPATCH,MKCOL,PUT,COPY,DELETE,MOVE,LOCK,UNLOCK"}, {"modules", "WebDAVModule"}, {"resourceType", "Unspecified"}, {"requireAccess", "None"}}},
			{Section: "system.webServer/security/isapiCgiRestriction", Item: [][2]string{{"path", `%windir%\system32\inetsrv\webdav.dll`}, {"allowed", "true"}, {"groupId", "WEBDAV"}, {"description", "WebDAV"}}},
			{Section: "system.webServer/webdav/globalSettings", Path: "propertyStores", Item: [][2]string{{"name", "webdav_simple_prop"}, {"image", `%windir%\system32\inetsrv\webdav_simple_prop.dll`}, {"image32", `%windir%\syswow64\inetsrv\webdav_simple_prop.dll`}}},
			{Section: "system.webServer/webdav/globalSettings", Path: "lockStores", Item: [][2]string{{"name", "webdav_simple_lock"}, {"image", `%windir%\system32\inetsrv\webdav_simple_lock.dll`}, {"image32", `%windir%\syswow64\inetsrv\webdav_simple_lock.dll`}}},
			{Section: "system.webServer/webdav/authoring", Path: "locks", Set: [][2]string{{"enabled", "true"}, {"lockStore", "webdav_simple_lock"}}},
		},
		Evidence: "applicationHost.config of an IIS 10 server with WebDAV Publishing (corpus: RedHatSE/windowcontainertest)",
	},
	{
		ID: "ftp", Name: "FTP Server", Kind: "role service",
		Summary: "the FTP service's providers and request filtering; the <system.ftpServer> sections are declared on every IIS 10 server",
		Edits: []Edit{
			{Section: "system.ftpServer/providerDefinitions", Item: [][2]string{{"name", "IisManagerAuth"}, {"type", "Microsoft.Web.FtpServer.Security.IisManagerAuthenticationProvider,Microsoft.Web.FtpServer,version=7.5.0.0,Culture=neutral,PublicKeyToken=31bf3856ad364e35"}}},
			{Section: "system.ftpServer/providerDefinitions", Item: [][2]string{{"name", "AspNetAuth"}, {"type", "Microsoft.Web.FtpServer.Security.AspNetFtpMembershipProvider,Microsoft.Web.FtpServer,version=7.5.0.0,Culture=neutral,PublicKeyToken=31bf3856ad364e35"}}},
			{Section: "system.ftpServer/security/requestFiltering", Path: "hiddenSegments", Item: [][2]string{{"segment", "_vti_bin"}}},
		},
		Evidence: "applicationHost.config of an IIS 10 server (corpus: RedHatSE/windowcontainertest)",
	},
	{
		ID: "appinit", Name: "Application Initialization", Kind: "role service", Stock: true,
		Summary: "warms applications up before the first request (<applicationInitialization>, declared on every IIS 10 server)",
		Edits: []Edit{
			globalModule("ApplicationInitializationModule", `%windir%\System32\inetsrv\warmup.dll`, ""),
			lockedModule("ApplicationInitializationModule"),
		},
		Evidence: "the stock IIS 10 server (engine/stock); IIS 10 servers without the role service still declare the section (corpus: KranzA/windows-powershell-scripts)",
	},
	{
		ID: "ipsecurity", Name: "IP and Domain Restrictions", Kind: "role service", Stock: true,
		Summary: "allows or denies clients by address or domain (<ipSecurity>) and dynamically by request rate (<dynamicIpSecurity>); both sections are declared on every IIS 10 server",
		Edits: []Edit{
			globalModule("IpRestrictionModule", `%windir%\System32\inetsrv\iprestr.dll`, ""),
			globalModule("DynamicIpRestrictionModule", `%windir%\System32\inetsrv\diprestr.dll`, ""),
			lockedModule("IpRestrictionModule"),
			lockedModule("DynamicIpRestrictionModule"),
		},
		Evidence: "the stock IIS 10 server (engine/stock); IIS 10 servers without the role service still declare both sections (corpus: dorik84/Web-Server-IIS, mattgillard/iis-reverse-proxy)",
	},
	{
		ID: "winrm", Name: "WinRM IIS Extension", Kind: "role service",
		Summary: "Windows Remote Management over IIS (<system.management.wsmanagement.config>), as Exchange's PowerShell virtual directory uses it; its schema is not known to iisconf, so the section is read without one",
		Sections: []Section{
			{"system.webServer/system.management.wsmanagement.config", "", "Allow"},
		},
		Edits: []Edit{
			globalModule("WSMan", `C:\Windows\system32\wsmsvc.dll`, ""),
		},
		Evidence: "applicationHost.config of Exchange 2016 and 2019 servers (corpus: microsoft/CSS-Exchange HealthChecker test data)",
	},
	{
		ID: "dbmanager", Name: "Database Manager", Kind: "download",
		Summary:    "IIS Manager's database manager (<dbManager>), declared in administration.config as Web Deploy and IIS Express install it",
		Schemas:    []string{"dbmanager_schema.txt"},
		DeclaredIn: "administration.config",
		Sections: []Section{
			{"system.webServer/management/dbManager", "MachineToWebRoot", ""},
		},
		Evidence: "administration.config of IIS Express and of Jexus Manager's tests (corpus: kayone/SharpNZB, jexuswebserver/JexusManager)",
	},
}

func globalModule(name, image, preCondition string) Edit {
	item := [][2]string{{"name", name}, {"image", image}}
	if preCondition != "" {
		item = append(item, [2]string{"preCondition", preCondition})
	}
	return Edit{Section: "system.webServer/globalModules", Item: item}
}

// module enables a native module for every site: installers add it to the
// server-level <modules> without lockItem (appcmd install module does).
func module(name string) Edit {
	return Edit{Section: "system.webServer/modules", Item: [][2]string{{"name", name}}}
}

// lockedModule is a Windows role service's module: Windows adds it with
// lockItem="true" so that no web.config can remove it.
func lockedModule(name string) Edit {
	return Edit{Section: "system.webServer/modules", Item: [][2]string{{"name", name}, {"lockItem", "true"}}}
}

// Lookup returns the feature with the given ID (case-insensitive).
func Lookup(id string) (*Feature, bool) {
	for i := range Catalog {
		if equalFold(Catalog[i].ID, id) {
			return &Catalog[i], true
		}
	}
	return nil, false
}
