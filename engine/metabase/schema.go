package metabase

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// PropDef is what the schema says about one metabase property: its
// identifier, data type, whether it inherits, and its flag bits when the
// DWORD is a set of flags.
type PropDef struct {
	Name     string    `json:"name"`
	ID       int       `json:"id"`
	Type     string    `json:"type"` // DWORD, STRING, EXPANDSZ, MULTISZ, BINARY
	Inherit  bool      `json:"inherit"`
	Flags    []FlagDef `json:"flags,omitempty"`
	Evidence string    `json:"evidence"`
}

// FlagDef is one bit of a flag property.
type FlagDef struct {
	Name  string `json:"name"`
	Value uint32 `json:"value"`
}

// IsFlags reports a flag property: one DWORD holding named bits, which
// inherits and is replaced as a unit (docs/metabase.md).
func (d *PropDef) IsFlags() bool { return len(d.Flags) > 0 }

// IsList reports a list property (MULTISZ): replaced whole where set.
func (d *PropDef) IsList() bool { return d.Type == "MULTISZ" }

// Schema is the property table the parser and the inheritance use.
type Schema struct {
	props  map[string]*PropDef // by lower-case name
	Source string              // "built-in" or the MBSchema.xml file name
}

// Lookup finds a property by name (case-insensitively: the metabase
// compares property names without case).
func (s *Schema) Lookup(name string) *PropDef { return s.props[strings.ToLower(name)] }

// Evidence tags of the built-in table.
const (
	evRef = "[OBS] IIS 6 metabase property reference (ID, attributes) and iiscnfg.h (ID, flag values)"
	evInf = "[INF] ID from iiscnfg.h; INHERIT attribute UNCERTAIN(metabase-inherit-flag)"
)

func flags(pairs ...any) []FlagDef {
	var out []FlagDef
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, FlagDef{Name: pairs[i].(string), Value: uint32(pairs[i+1].(int))})
	}
	return out
}

// builtinProps are the common properties (docs/metabase.md): IDs and flag values
// from iiscnfg.h (MD_* constants), data types and INHERIT from the IIS 6
// metabase property reference. Properties whose INHERIT attribute we could
// not confirm carry evInf; change one line here when evidence arrives.
var builtinProps = []PropDef{
	{Name: "KeyType", ID: 1002, Type: "STRING", Evidence: evRef},
	{Name: "ConnectionTimeout", ID: 1013, Type: "DWORD", Inherit: true, Evidence: evInf},
	{Name: "MaxConnections", ID: 1014, Type: "DWORD", Inherit: true, Evidence: evInf},
	{Name: "ServerComment", ID: 1015, Type: "STRING", Inherit: true, Evidence: evRef},
	{Name: "ServerAutoStart", ID: 1017, Type: "DWORD", Inherit: true, Evidence: evInf},
	{Name: "ServerBindings", ID: 1023, Type: "MULTISZ", Evidence: evInf},
	{Name: "SecureBindings", ID: 2021, Type: "MULTISZ", Evidence: evInf},
	{Name: "AppFriendlyName", ID: 2102, Type: "STRING", Evidence: evInf},
	{Name: "AppRoot", ID: 2103, Type: "STRING", Evidence: evInf},
	{Name: "AppIsolated", ID: 2104, Type: "DWORD", Evidence: evInf},
	{Name: "Path", ID: 3001, Type: "EXPANDSZ", Evidence: evInf},
	{Name: "UNCUserName", ID: 3002, Type: "STRING", Evidence: evInf},
	{Name: "UNCPassword", ID: 3003, Type: "STRING", Evidence: evInf},
	{Name: "LogType", ID: 4000, Type: "DWORD", Inherit: true, Evidence: evInf},
	{Name: "LogFileDirectory", ID: 4001, Type: "EXPANDSZ", Inherit: true, Evidence: evInf},
	{Name: "AuthFlags", ID: 6000, Type: "DWORD", Inherit: true, Evidence: evRef,
		Flags: flags("AuthAnonymous", 0x1, "AuthBasic", 0x2, "AuthNTLM", 0x4, "AuthMD5", 0x10, "AuthPassport", 0x40)},
	{Name: "Realm", ID: 6001, Type: "STRING", Inherit: true, Evidence: evInf},
	{Name: "HttpExpires", ID: 6002, Type: "STRING", Inherit: true, Evidence: evInf},
	{Name: "HttpCustomHeaders", ID: 6004, Type: "MULTISZ", Inherit: true, Evidence: evInf},
	{Name: "DirBrowseFlags", ID: 6005, Type: "DWORD", Inherit: true, Evidence: evRef,
		Flags: flags("DirBrowseShowDate", 0x2, "DirBrowseShowTime", 0x4, "DirBrowseShowSize", 0x8, "DirBrowseShowExtension", 0x10,
			"DirBrowseShowLongDate", 0x20, "EnableDefaultDoc", 0x40000000, "EnableDirBrowsing", 0x80000000)},
	{Name: "DefaultDoc", ID: 6006, Type: "STRING", Inherit: true, Evidence: evRef},
	{Name: "HttpErrors", ID: 6008, Type: "MULTISZ", Inherit: true, Evidence: evRef},
	{Name: "DefaultDocFooter", ID: 6009, Type: "STRING", Inherit: true, Evidence: evInf},
	{Name: "EnableDocFooter", ID: 6010, Type: "DWORD", Inherit: true, Evidence: evInf},
	{Name: "HttpRedirect", ID: 6011, Type: "STRING", Inherit: true, Evidence: evInf},
	{Name: "ScriptMaps", ID: 6014, Type: "MULTISZ", Inherit: true, Evidence: evRef},
	{Name: "MimeMap", ID: 6015, Type: "MULTISZ", Inherit: true, Evidence: evRef},
	{Name: "AccessFlags", ID: 6016, Type: "DWORD", Inherit: true, Evidence: evRef,
		Flags: flags("AccessRead", 0x1, "AccessWrite", 0x2, "AccessExecute", 0x4, "AccessSource", 0x10, "AccessScript", 0x200,
			"AccessNoRemoteWrite", 0x400, "AccessNoRemoteRead", 0x1000, "AccessNoRemoteExecute", 0x2000, "AccessNoRemoteScript", 0x4000,
			"AccessNoPhysicalDir", 0x8000)},
	{Name: "AnonymousUserName", ID: 6020, Type: "STRING", Inherit: true, Evidence: evInf},
	{Name: "AnonymousUserPass", ID: 6021, Type: "STRING", Inherit: true, Evidence: evInf},
	{Name: "DontLog", ID: 6023, Type: "DWORD", Inherit: true, Evidence: evInf},
	{Name: "AdminACL", ID: 6027, Type: "BINARY", Inherit: true, Evidence: evRef},
	{Name: "AccessSSLFlags", ID: 6030, Type: "DWORD", Inherit: true, Evidence: evInf,
		Flags: flags("AccessSSL", 0x8, "AccessSSLNegotiateCert", 0x20, "AccessSSLRequireCert", 0x40, "AccessSSLMapCert", 0x80, "AccessSSL128", 0x100)},
	{Name: "ContentIndexed", ID: 6039, Type: "DWORD", Inherit: true, Evidence: evInf},
	{Name: "AppPoolId", ID: 9101, Type: "STRING", Inherit: true, Evidence: evInf},
	{Name: "HistoryMajorVersionNumber", ID: 9994, Type: "DWORD", Evidence: evInf},
	{Name: "ChangeNumber", ID: 9997, Type: "DWORD", Evidence: evInf},
	{Name: "EnableHistory", ID: 9996, Type: "DWORD", Evidence: evInf},
	{Name: "MaxHistoryFiles", ID: 9995, Type: "DWORD", Evidence: evInf},
	{Name: "EnableEditWhileRunning", ID: 9998, Type: "DWORD", Evidence: evInf},
	{Name: "SessionKey", ID: 9999, Type: "BINARY", Evidence: evInf},
	{Name: "XMLSchemaTimeStamp", ID: 9992, Type: "BINARY", Evidence: evInf},
	{Name: "BINSchemaTimeStamp", ID: 9991, Type: "BINARY", Evidence: evInf},
}

// BuiltinSchema returns the built-in table of common properties.
func BuiltinSchema() *Schema {
	s := &Schema{props: map[string]*PropDef{}, Source: "built-in"}
	for i := range builtinProps {
		d := builtinProps[i]
		s.props[strings.ToLower(d.Name)] = &d
	}
	return s
}

// ParseSchema reads an MBSchema.xml and lays its <Property> definitions
// over the built-in table: a property it defines replaces the built-in
// entry whole. Only InternalName, ID, Type, Attributes and <Flag>
// children are read; the catalog's other tables (collections, tags,
// relations) are not needed for inheritance.
func ParseSchema(file string, data []byte) (*Schema, []diag.Diagnostic) {
	s := BuiltinSchema()
	s.Source = file
	doc, serr := xmltree.Parse(data, xmltree.Limits{})
	if serr != nil {
		return s, resolved([]diag.Diagnostic{syntaxDiag(file, data, serr)}, xmltree.IndexLines(data))
	}
	var diags []diag.Diagnostic
	var walk func(n *xmltree.Node)
	walk = func(n *xmltree.Node) {
		for _, c := range n.Elements() {
			if c.Name != "Property" {
				walk(c)
				continue
			}
			name := attrValue(c, "InternalName")
			if name == "" {
				diags = append(diags, warnAt(file, c.Range(), "schema <Property> without InternalName ignored"))
				continue
			}
			d := &PropDef{Name: name, Type: strings.ToUpper(attrValue(c, "Type")), Evidence: "MBSchema.xml " + file}
			if id, err := strconv.Atoi(attrValue(c, "ID")); err == nil {
				d.ID = id
			}
			for _, a := range splitFlags(attrValue(c, "Attributes")) {
				if strings.EqualFold(a, "INHERIT") {
					d.Inherit = true
				}
			}
			for _, f := range c.Elements() {
				if f.Name != "Flag" {
					continue
				}
				v, err := parseUint(attrValue(f, "Value"))
				if err != nil {
					diags = append(diags, warnAt(file, f.Range(), "flag "+attrValue(f, "InternalName")+" of "+name+" has a bad Value "+strconv.Quote(attrValue(f, "Value"))))
					continue
				}
				d.Flags = append(d.Flags, FlagDef{Name: attrValue(f, "InternalName"), Value: v})
			}
			s.props[strings.ToLower(name)] = d
		}
	}
	if doc.Root != nil {
		walk(doc.Root)
	}
	return s, resolved(diags, doc.Lines())
}

func parseUint(s string) (uint32, error) {
	s = strings.TrimSpace(s)
	base := 10
	if strings.HasPrefix(strings.ToLower(s), "0x") {
		s, base = s[2:], 16
	}
	v, err := strconv.ParseUint(s, base, 32)
	return uint32(v), err
}
