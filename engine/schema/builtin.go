package schema

import (
	_ "embed" // the built-in schema files
	"strings"
	"sync"
)

// The built-in schema: the project's own fact files, one per IIS schema
// file, in the compact format of compact.go. Each is embedded as a string so
// that loading slices it without copying.
var (
	//go:embed builtin/IIS_schema.txt
	builtinIIS string
	//go:embed builtin/ASPNET_schema.txt
	builtinASPNET string
	//go:embed builtin/FX_schema.txt
	builtinFX string
	//go:embed builtin/rewrite_schema.txt
	builtinRewrite string
	//go:embed builtin/arr_schema.txt
	builtinARR string
	//go:embed builtin/webfarm_schema.txt
	builtinWebFarm string
	//go:embed builtin/aspnetcore_schema_v2.txt
	builtinASPNETCore string
	//go:embed builtin/httpplatform_schema.txt
	builtinHTTPPlatform string
	//go:embed builtin/WebDAV_schema.txt
	builtinWebDAV string
	//go:embed builtin/FTP_schema.txt
	builtinFTP string
	//go:embed builtin/rscaext.txt
	builtinRSCA string
	//go:embed builtin/NetFx45_IIS_schema_update.txt
	builtinNetFx45 string
	//go:embed builtin/iisnode_schema.txt
	builtinIISNode string
	//go:embed builtin/dbmanager_schema.txt
	builtinDBManager string
)

// builtinSources lists the built-in files in load order (the order IIS
// would read them does not matter: sections merge by union).
var builtinSources = []struct{ name, text string }{
	{"IIS_schema.txt", builtinIIS},
	{"ASPNET_schema.txt", builtinASPNET},
	{"FX_schema.txt", builtinFX},
	{"rewrite_schema.txt", builtinRewrite},
	{"arr_schema.txt", builtinARR},
	{"webfarm_schema.txt", builtinWebFarm},
	{"aspnetcore_schema_v2.txt", builtinASPNETCore},
	{"httpplatform_schema.txt", builtinHTTPPlatform},
	{"WebDAV_schema.txt", builtinWebDAV},
	{"FTP_schema.txt", builtinFTP},
	{"rscaext.txt", builtinRSCA},
	{"NetFx45_IIS_schema_update.txt", builtinNetFx45},
	{"iisnode_schema.txt", builtinIISNode},
	{"dbmanager_schema.txt", builtinDBManager},
}

// loadBuiltinFiles parses every built-in file. The data is part of the
// program and checked by the package tests, so a failure here is a build
// defect, not bad input: it panics with the file and line.
func loadBuiltinFiles() []*File { return parseSources(builtinSources) }

func parseSources(sources []struct{ name, text string }) []*File {
	files := make([]*File, 0, len(sources))
	for _, s := range sources {
		f, err := parseCompact(s.name, s.text)
		if err != nil {
			panic("schema: corrupt built-in data: " + err.Error())
		}
		files = append(files, f)
	}
	return files
}

// builtinFiles and builtinSchema are computed once; their results are
// immutable, so sharing them is safe.
var (
	builtinFiles  = sync.OnceValue(loadBuiltinFiles)
	builtinSchema = sync.OnceValue(func() *Schema {
		s, problems := Build(builtinFiles())
		if len(problems) > 0 {
			panic("schema: built-in data does not build: " + problems[0].Error())
		}
		return s
	})
)

// BuiltinFiles returns the parsed built-in schema files. Callers must not
// modify them.
func BuiltinFiles() []*File { return builtinFiles() }

// Builtin returns the built-in schema (Build of BuiltinFiles).
func Builtin() *Schema { return builtinSchema() }

// The optional built-in files: facts the engine does not load by default
// because they extend built-in sections, which is only true on a server
// with the extension installed (an Advanced Logging element under
// siteDefaults is an error on a stock server). Installing the feature
// (engine/features) writes the file into the workspace's schema folder as
// IIS XML, where the engine reads it like any schema file
// (docs/features.md#schema-files).
var (
	//go:embed builtin/advancedlogging_schema.txt
	optionalAdvancedLogging string
)

var optionalSources = []struct{ name, text string }{
	{"advancedlogging_schema.txt", optionalAdvancedLogging},
}

var optionalFiles = sync.OnceValue(func() []*File { return parseSources(optionalSources) })

// OptionalFiles returns the parsed optional built-in files (see
// optionalSources). Callers must not modify them.
func OptionalFiles() []*File { return optionalFiles() }

// BuiltinFile returns the built-in or optional file called name (compact
// name, e.g. "rewrite_schema.txt"), or nil.
func BuiltinFile(name string) *File {
	for _, f := range append(BuiltinFiles(), OptionalFiles()...) {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}
