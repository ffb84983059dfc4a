// Package model is the JSON model of an evaluation, shared by the CLI's
// -json output, the browser adapter and the Worker. Fields may be added;
// none may be removed or renamed (README, "JSON model").
package model

import (
	"bytes"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/jsonx"
)

// Version is the model's schema version.
const Version = 1

// Result is the effective configuration at one config path.
type Result struct {
	Version     int               `json:"version"`
	ConfigPath  string            `json:"configPath"`
	Mapping     *Mapping          `json:"mapping,omitempty"`
	Chain       []Level           `json:"chain"`
	Sections    []Section         `json:"sections"` // in the order people read them: IIS's first, those without schema last (docs/declarations.md#the-order-sections-are-listed-in)
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	Response    *Response         `json:"response,omitempty"`
	Redirection *Redirection      `json:"redirection,omitempty"`
}

// Redirection is the shared-configuration setting of redirection.config
// (docs/hierarchy.md#shared-configuration), present when the workspace has that file.
type Redirection struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Enabled  bool   `json:"enabled"`
	Path     string `json:"path"`
	UserName string `json:"userName,omitempty"`
	// Password is never shown in clear: "(encrypted by <provider>)" for an
	// [enc:…:enc] value, "(set, not encrypted)" for a plain one.
	Password string `json:"password,omitempty"`
	AppHost  string `json:"appHost"` // the applicationHost.config in effect
}

// Response is what a request to the path gets from IIS's configuration
// stage (docs/diagnostics.md#which-error-a-request-sees): 200 when the
// configuration is valid, otherwise the 500.19 page of the first error IIS
// meets.
type Response struct {
	Status     int              `json:"status"`
	SubStatus  int              `json:"subStatus"`
	Diagnostic *diag.Diagnostic `json:"diagnostic,omitempty"`
	Page       *diag.Page       `json:"page,omitempty"`
	Text       string           `json:"text"`
}

// Mapping is how the path's URL maps onto the site map (docs/hierarchy.md#url-mapping).
type Mapping struct {
	Site            string `json:"site"`
	SiteID          int64  `json:"siteId"`
	AppPath         string `json:"appPath"`
	AppPool         string `json:"appPool"`
	VdirPath        string `json:"vdirPath"`
	URLPath         string `json:"urlPath"`
	PhysicalPath    string `json:"physicalPath"` // as written (raw vdir physicalPath joined with the remainder)
	PhysicalPathExp string `json:"physicalPathExpanded"`
	NoPhysicalPath  bool   `json:"noPhysicalPath,omitempty"` // no vdir matched (docs/hierarchy.md#application-and-virtual-directory)
	// Framework is the .NET Framework Config folder the path's
	// machine.config and root web.config come from, as the application's
	// pool picks it; the chain's note at MACHINE says why
	// (docs/hierarchy.md#framework-folders).
	Framework string `json:"framework,omitempty"`
}

// Level is one level of the chain MACHINE → … → the path, with the file
// read there (if any) and why a candidate file was not read.
type Level struct {
	ConfigPath string `json:"configPath"`
	File       string `json:"file,omitempty"`      // file read at this level
	Candidate  string `json:"candidate,omitempty"` // web.config path looked for (folder levels)
	Builtin    bool   `json:"builtin,omitempty"`   // the built-in machine.config/root web.config stood in
	Skipped    string `json:"skipped,omitempty"`   // why Candidate was not read (allowSubDirConfig, enableConfigurationOverride, missing)
	Note       string `json:"note,omitempty"`      // why this file is the one read: framework folder, stand-in, shared configuration
}

// Section is one section's effective state at the path.
type Section struct {
	Name                  string      `json:"name"`
	OverrideModeEffective string      `json:"overrideModeEffective"` // Allow|Deny
	IsLocked              bool        `json:"isLocked"`              // a web.config at this path may NOT define the section
	LockReason            *LockReason `json:"lockReason,omitempty"`
	NoSchema              bool        `json:"noSchema,omitempty"`
	Encrypted             bool        `json:"encrypted,omitempty"`
	Declaration           *Source     `json:"declaration,omitempty"`
	AllowDefinition       string      `json:"allowDefinition,omitempty"`
	OverrideModeDefault   string      `json:"overrideModeDefault,omitempty"`
	Element               *Element    `json:"element"`
	Inputs                []Input     `json:"inputs,omitempty"` // definitions merged, in order (the merge stack)
	// Stamp names this answer for the section (EvalOptions.Stamps): the
	// same stamp later means the same section model, element included, for
	// the same options. Same marks a section the caller already holds
	// under that stamp (EvalOptions.Known): only Name and Stamp are set,
	// and the caller uses its own copy.
	Stamp uint64 `json:"stamp,omitempty"`
	Same  bool   `json:"same,omitempty"`
}

// LockReason explains a section-level lock decision: the chain of
// declarations and location tags that produced it (docs/locks.md#section-lock-decision).
type LockReason struct {
	Summary string   `json:"summary"`
	Steps   []Source `json:"steps"`
}

// Input is one definition of the section that took part in the merge.
type Input struct {
	Source
	Applied bool   `json:"applied"`
	Why     string `json:"why,omitempty"` // why not applied (locked, skipped by inheritInChildApplications, …)
}

// Source is a place in a file, with the location tag that encloses it.
type Source struct {
	File         string  `json:"file"`
	Line         int     `json:"line"`
	Column       int     `json:"column,omitempty"`
	LocationPath *string `json:"locationPath,omitempty"` // as written; nil outside any <location>
	LocationLine int     `json:"locationLine,omitempty"`
	Target       string  `json:"target,omitempty"` // config path the definition targets
	Level        string  `json:"level,omitempty"`  // config path of the file
	Note         string  `json:"note,omitempty"`
}

// Element is an effective element: every schema attribute with its value
// and origin, child elements by name, and collection items in order.
type Element struct {
	Name       string              `json:"name"`
	Attributes Attributes          `json:"attributes"`
	Elements   map[string]*Element `json:"elements"`
	Order      []string            `json:"elementOrder,omitempty"` // schema order of Elements
	Collection []*Element          `json:"collection"`
	Source     *Source             `json:"source,omitempty"`  // for collection items: the directive that added it
	Locks      *Locks              `json:"locks,omitempty"`   // granular locks in force on this element
	Removed    []Removal           `json:"removed,omitempty"` // items dropped by remove/clear (trace)
}

// Removal traces an inherited item dropped by a remove or clear directive.
type Removal struct {
	Key       string `json:"key"`
	Directive string `json:"directive"`
	Source    Source `json:"source"`
}

// Locks are the granular locks on an element (docs/locks.md#granular-locks).
type Locks struct {
	Attributes []string `json:"attributes,omitempty"` // locked attribute names ("*" never appears: expanded)
	Elements   []string `json:"elements,omitempty"`   // locked child elements / directives
	Item       bool     `json:"item,omitempty"`       // lockItem on this collection item
	Sources    []Source `json:"sources,omitempty"`
}

// Attribute is an effective attribute value.
type Attribute struct {
	Value     string  `json:"value"`                 // canonical text
	Raw       string  `json:"raw,omitempty"`         // as written, when it differs from Value
	Expanded  string  `json:"expanded,omitempty"`    // environment-expanded, for expanded attributes when it differs
	Origin    string  `json:"origin"`                // explicit|default
	Default   string  `json:"defaultFrom,omitempty"` // for defaults: schema|collectionDefault|siteDefaults|applicationDefaults|virtualDirectoryDefaults|applicationPoolDefaults|type
	File      string  `json:"file,omitempty"`
	Line      int     `json:"line,omitempty"`
	Column    int     `json:"column,omitempty"`
	Location  *string `json:"locationPath,omitempty"`
	Target    string  `json:"target,omitempty"`
	Locked    bool    `json:"locked,omitempty"`
	Encrypted bool    `json:"encrypted,omitempty"`
}

// NamedAttribute keeps schema order, which a map would lose.
type NamedAttribute struct {
	Name string
	*Attribute
}

// Attributes marshals as a JSON object in schema order.
type Attributes []NamedAttribute

// Get returns the named attribute or nil.
func (as Attributes) Get(name string) *Attribute {
	for _, a := range as {
		if a.Name == name {
			return a.Attribute
		}
	}
	return nil
}

// MarshalJSON writes the attributes as an object, keys in schema order
// (the playground's wasm writes results with AppendJSON and reads none:
// jsonx rather than encoding/json keeps encoding/json out of it).
func (as Attributes) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, a := range as {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, a.Name)
		b = append(b, ':')
		b = a.Attribute.appendJSON(b)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads an object back (order as in the text).
func (as *Attributes) UnmarshalJSON(data []byte) error {
	*as = nil
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	return jsonx.Members(data, func(key string, value []byte) error {
		var a Attribute
		if err := jsonx.Decode(value, &a, decodeAttribute); err != nil {
			return err
		}
		*as = append(*as, NamedAttribute{Name: key, Attribute: &a})
		return nil
	})
}

// decodeAttribute reads what Attribute.appendJSON writes (tools.wasm reads
// the engine's results back with encoding/json, which calls
// Attributes.UnmarshalJSON).
func decodeAttribute(d *jsonx.Decoder, a *Attribute) error {
	return d.Object("model.Attribute", func(key string) error {
		str := func(p *string) error { return jsonx.String(d, p, "string") }
		switch jsonx.Field(key, "value", "raw", "expanded", "origin", "defaultFrom", "file", "line", "column", "locationPath", "target", "locked", "encrypted") {
		case 0:
			return str(&a.Value)
		case 1:
			return str(&a.Raw)
		case 2:
			return str(&a.Expanded)
		case 3:
			return str(&a.Origin)
		case 4:
			return str(&a.Default)
		case 5:
			return str(&a.File)
		case 6:
			return jsonx.Int(d, &a.Line, "int")
		case 7:
			return jsonx.Int(d, &a.Column, "int")
		case 8:
			return jsonx.Ptr(d, &a.Location, func(d *jsonx.Decoder, p *string) error { return jsonx.String(d, p, "string") })
		case 9:
			return str(&a.Target)
		case 10:
			return jsonx.Bool(d, &a.Locked, "bool")
		case 11:
			return jsonx.Bool(d, &a.Encrypted, "bool")
		}
		return d.Skip()
	})
}

// SiteMap is the workspace's sites, applications and virtual directories
// and its application pools, with defaults applied (docs/hierarchy.md#defaults-cascade).
type SiteMap struct {
	Sites []Site `json:"sites"`
	Pools []Pool `json:"pools"`
}

// Site is one <site>.
type Site struct {
	Name            string    `json:"name"`
	ID              int64     `json:"id"`
	ServerAutoStart bool      `json:"serverAutoStart"`
	Bindings        []Binding `json:"bindings"`
	Apps            []App     `json:"applications"`
	Source          Source    `json:"source"`
}

// Binding is one <binding>.
type Binding struct {
	Protocol           string `json:"protocol"`
	BindingInformation string `json:"bindingInformation"`
}

// App is one <application>.
type App struct {
	Path             string `json:"path"`
	ApplicationPool  string `json:"applicationPool"`
	EnabledProtocols string `json:"enabledProtocols"`
	Vdirs            []Vdir `json:"virtualDirectories"`
	Source           Source `json:"source"`
}

// Vdir is one <virtualDirectory>.
type Vdir struct {
	Path              string `json:"path"`
	PhysicalPath      string `json:"physicalPath"`
	PhysicalPathExp   string `json:"physicalPathExpanded"`
	AllowSubDirConfig bool   `json:"allowSubDirConfig"`
	Source            Source `json:"source"`
}

// Pool is one application pool.
type Pool struct {
	Name                        string `json:"name"`
	ManagedRuntimeVersion       string `json:"managedRuntimeVersion"`
	ManagedPipelineMode         string `json:"managedPipelineMode"`
	AutoStart                   bool   `json:"autoStart"`
	Enable32BitAppOnWin64       bool   `json:"enable32BitAppOnWin64"`
	EnableConfigurationOverride bool   `json:"enableConfigurationOverride"`
	Source                      Source `json:"source"`
}
