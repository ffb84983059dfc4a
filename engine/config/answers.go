package config

import (
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
)

// The typed answers of the engine. Packages above config (appcmd, backup,
// poolconfig, the adapters) ask these questions of the engine they were
// given; the JSON model (engine/model) is an encoding of the same answers,
// made by Evaluate and SiteMap for the edges that print or send it (the
// CLI's -json, the wasm adapters).

// Source is a place in a configuration file, with the location tag that
// encloses it.
type Source struct {
	File         string
	Line, Column int // 1-based; 0 when unknown
	// InLocation is true inside a <location> tag, whose path as written
	// is LocationPath and whose start tag is on LocationLine.
	InLocation   bool
	LocationPath string
	LocationLine int
	Target       string // the config path the definition targets
	Level        string // the config path of the file
}

// Origin says where an effective value comes from.
type Origin uint8

const (
	// Explicit: written in some file on the chain.
	Explicit Origin = iota + 1
	// Default: from a collection-default element (siteDefaults, …) or the
	// schema.
	Default
)

func (o Origin) String() string {
	if o == Explicit {
		return "explicit"
	}
	return "default"
}

// Value is an effective attribute value and its provenance.
type Value struct {
	Name   string
	Text   string       // canonical text
	Parsed schema.Value // the value as its type reads it (schema.Value.Num)
	Raw    string       // as written, for values written somewhere
	Origin Origin
	// DefaultFrom names where a default came from: "schema", or the
	// collection-default element (siteDefaults, applicationPoolDefaults, …).
	DefaultFrom string
	// Source is where the value was written: the explicit value's own
	// attribute, or the collection-default element's. Zero for schema
	// defaults.
	Source    Source
	Expanded  string // environment-expanded text of an expanded attribute, when it differs
	Locked    bool   // locked by lockAttributes at this path
	Encrypted bool   // the schema marks the attribute encrypted
	// Attribute is the schema attribute; nil for an unrecognised attribute
	// a collection with allowUnrecognizedAttributes keeps.
	Attribute *schema.Attribute
}

// Locks are the granular locks in force on an element
// (docs/locks.md#granular-locks): the attributes and child elements a
// lock list locks, with lockAttributes/lockAllAttributesExcept and
// lockElements/lockAllElementsExcept already worked out into names, and
// lockItem.
type Locks struct {
	Attributes []string // locked attribute names, sorted ("*" never appears: expanded)
	Elements   []string // locked child elements and collection directives, sorted
	// Item is lockItem: on a collection item, that item (a lower level may
	// not remove it); on a section element, the whole section below.
	Item bool
	// Sources are the lock attributes that set these locks, each once:
	// those of Attributes in name order, then of Elements, then lockItem's.
	Sources []Source
}

// Any reports whether some lock is in force.
func (l Locks) Any() bool { return len(l.Attributes) > 0 || len(l.Elements) > 0 || l.Item }

// KeyPart is one part of a collection item's key (docs/collections.md#keys):
// a key attribute and the item's value for it.
type KeyPart struct {
	Attribute *schema.Attribute
	// Value is the canonical text; an item that leaves a key attribute
	// out has the schema's default there, as the engine matches it.
	Value string
}

// Compared is the part as keys are compared: case-folded unless the
// attribute is caseSensitive.
func (k KeyPart) Compared() string { return normKey(k.Attribute, k.Value) }

// Removal is an inherited collection item a remove or clear directive
// dropped.
type Removal struct {
	Key       string // the item's key as messages show it ("value", "404,-1")
	Directive string // the directive's element name: remove, clear
	Source    Source // where the directive is
}

// Mapping is how a config path below a site maps onto the site map
// (docs/hierarchy.md#url-mapping): the site, application, virtual directory and physical folder.
type Mapping struct {
	Site                 string
	SiteID               int64
	AppPath, AppPool     string
	VdirPath             string
	URLPath              string
	PhysicalPath         string // as written: the vdir's physicalPath joined with the rest of the URL
	PhysicalPathExpanded string
	NoPhysicalPath       bool // no virtual directory maps the URL (docs/hierarchy.md#application-and-virtual-directory)
	// Framework is the .NET Framework folder the path's machine.config and
	// root web.config come from, as the application's pool picks it
	// (docs/hierarchy.md#framework-folders).
	Framework Framework
}

// Level is one level of a path's chain (MACHINE → … → the path) with the
// file read there.
type Level struct {
	Path      string // config path of the level
	File      string // the file read at this level; "" when none is
	Candidate string // the file looked for (folder levels, a missing applicationHost.config)
	Builtin   bool   // the built-in machine.config or root web.config stood in
	Skipped   string // why Candidate was not read
	// Note says why this file is the one read: the framework folder and
	// what picked it at MACHINE, a built-in stand-in at MACHINE and
	// WEBROOT, shared configuration at APPHOST.
	Note string
}

// Declaration is where and how a section is registered.
type Declaration struct {
	Source              Source
	AllowDefinition     string // canonical keyword
	OverrideModeDefault string // Allow or Deny
}

// LockDecision answers "may a web.config at this path define the
// section?" with its reasons (docs/locks.md#section-lock-decision,
// docs/declarations.md#allowdefinition).
type LockDecision struct {
	// Locked: it may not, because Mode is Deny or allowDefinition does
	// not admit the path.
	Locked bool
	// Mode is the effective override mode at the path: Allow or Deny.
	Mode string
	// Conflict: the locking pattern is illegal (a higher level unlocks a
	// narrower path that a lower level locks; docs/locks.md#conflicting-locks).
	Conflict bool
	// AllowedByDefinition: the section's allowDefinition admits the path.
	AllowedByDefinition bool
	// Summary says why, in one sentence.
	Summary string
	// Steps are what decided, in order: the declaration, then each
	// location tag above the path that sets an override mode over it.
	// Empty for a section nobody declared.
	Steps []LockStep
}

// LockStep is one declaration or location tag a lock decision read.
type LockStep struct {
	Source Source
	// Mode is the declaration's overrideModeDefault or the location tag's
	// overrideMode (Allow, Deny or Inherit).
	Mode        string
	Declaration bool // the step is the section's declaration
	Decides     bool // the location tag that decided
}

// Section is one section at one config path.
type Section struct {
	Name        string // full name
	Path        string // normalised config path
	Element     Element
	NoSchema    bool // no schema describes it: its values cannot be read
	Encrypted   bool // a definition is encrypted: its contents are opaque
	Declaration Declaration
	Lock        LockDecision
}

// Site is one <site> of the effective system.applicationHost/sites.
type Site struct {
	Name      string
	ID        int64
	AutoStart bool // serverAutoStart
	Bindings  []Binding
	Apps      []App // document order
	Source    Source
}

// Binding is one <binding>.
type Binding struct {
	Protocol    string
	Information string // bindingInformation: "ip:port:host"
}

// App is one <application>.
type App struct {
	Path             string // "/", "/app1"
	Pool             string // applicationPool
	EnabledProtocols string
	Vdirs            []Vdir // document order
	Source           Source
}

// Vdir is one <virtualDirectory>.
type Vdir struct {
	Path                 string // relative to the application: "/", "/img"
	PhysicalPath         string // as written
	PhysicalPathExpanded string
	AllowSubDirConfig    bool
	Source               Source
}

// Pool is one application pool of system.applicationHost/applicationPools.
type Pool struct {
	Name                        string
	RuntimeVersion              string // managedRuntimeVersion
	PipelineMode                string // managedPipelineMode
	AutoStart                   bool
	Enable32Bit                 bool // enable32BitAppOnWin64
	EnableConfigurationOverride bool
	Source                      Source
}

// undeclaredAt is the answer for a section name no registry in scope at
// the chain's path knows, as Evaluate reports it.
func undeclaredAt(name string, ch *chain) *diag.Diagnostic {
	d := diag.At(diag.Undeclared, "", diag.NoRange, name)
	d.Section, d.ConfigPath, d.Phase = name, ch.path.String(), diag.PhaseSection
	return &d
}
