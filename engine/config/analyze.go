package config

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// fileLevelInfo says where in the hierarchy a file sits.
type fileLevelInfo struct {
	depth int   // level index: 0 machine.config, 1 root web.config, 2 applicationHost.config, 3+ web.config
	level cpath // L(F)
}

// Override modes of a location tag (docs/locks.md#overridemode).
type overrideMode uint8

const (
	modeInherit overrideMode = iota
	modeAllow
	modeDeny
)

func (m overrideMode) String() string {
	switch m {
	case modeAllow:
		return "Allow"
	case modeDeny:
		return "Deny"
	}
	return "Inherit"
}

// locationTag is one <location> element.
type locationTag struct {
	node    *xmltree.Node
	rawPath string   // as written (attribute absent: "")
	hasPath bool     // the path attribute was written
	rel     []string // relative segments; none for the file's own level
	relKey  string   // rel joined with "/" and lower-cased (index keys)
	mode    overrideMode
	iica    bool // inheritInChildApplications
	invalid bool // a path error: the tag targets nothing
}

// definition is one occurrence of a section element in a file (docs/README.md#terms).
type definition struct {
	section string
	decl    *decl
	node    *xmltree.Node
	file    *parsedFile
	loc     *locationTag // nil at top level
	rel     []string     // relative target segments
	dup     bool         // a second definition for the same target (SEC_DUP): ignored
	idx     int          // index in the file's definitions (identity in cache keys)
	ref     string       // analysis id "." idx: the definition in merge-state keys
}

// analysis is the structure of one file read under one registry.
type analysis struct {
	id   uint64 // identity for cache keys
	gen  uint64 // last generation that used it
	file *parsedFile
	info fileLevelInfo
	reg  *registry
	defs []*definition
	// sections counts the definitions of each section, so that a path
	// skips the file's index for sections it never defines.
	sections map[string]int
	// byTarget indexes the definitions by the lower-cased relative target
	// path ("" for the file's own level) and section, so that resolving a
	// path costs a few map look-ups however many location tags the file
	// has (hosting servers have thousands). A target has at most
	// one definition of a section: a second is SEC_DUP and ignored.
	byTarget map[targetKey]*definition
	diags    []diag.Diagnostic // file-phase
	locs     []*locationTag

	// While the file is read: declarations looked up by (group, element
	// name), so that the thousands of location tags of a hosting server
	// neither build full names nor walk the registry chain again, and the
	// definitions' memory.
	declMemo map[declKey]*decl
	defBlock block[definition]
}

type declKey struct{ prefix, name string }

// targetKey indexes definitions by relative target and section: one flat
// map rather than a map per target (hosting servers have thousands).
type targetKey struct {
	rel, section string
}

type analysisKey struct {
	file   *parsedFile
	parent *registry
	depth  int
}

// analyze reads a file's declarations, location tags and section
// definitions. A nil file (absent) gives an empty analysis that still
// carries the registry above.
func (e *Engine) analyze(pf *parsedFile, parent *registry, info fileLevelInfo) *analysis {
	k := analysisKey{file: pf, parent: parent, depth: info.depth}
	c := e.c
	c.mu.Lock()
	if a, ok := c.analyses[k]; ok {
		a.gen = e.gen
		c.mu.Unlock()
		return a
	}
	c.mu.Unlock()
	a := analyzeFile(pf, parent, info)
	a.id, a.gen = c.id(), e.gen
	for _, d := range a.reg.own {
		d.owner = a.id
	}
	// Made once here rather than by every evaluation that reads the
	// definition (a keystroke re-reads every section of the path).
	id := strconv.FormatUint(a.id, 36) + "."
	for _, d := range a.defs {
		d.ref = id + strconv.Itoa(d.idx)
	}
	c.mu.Lock()
	if prev, ok := c.analyses[k]; ok {
		a = prev
	} else {
		c.analyses[k] = a
	}
	c.mu.Unlock()
	return a
}

func analyzeFile(pf *parsedFile, parent *registry, info fileLevelInfo) *analysis {
	a := &analysis{file: pf, info: info, reg: &registry{parent: parent, own: map[string]*decl{}},
		sections: map[string]int{}}
	defer func() { a.declMemo, a.defBlock = nil, block[definition]{} }()
	if pf == nil {
		a.byTarget = map[targetKey]*definition{}
		return a
	}
	if pf.err != nil {
		a.diags = append(a.diags, *pf.err)
		return a
	}
	root := pf.doc.Root
	if root.Name != "configuration" {
		a.diags = append(a.diags, diag.At(diag.Root, pf.path, root.Range(), pf.path))
		return a
	}
	elems := root.Elements()
	// Most top-level elements are location tags holding a section or two.
	a.byTarget = make(map[targetKey]*definition, len(elems))
	a.declMemo = map[declKey]*decl{}
	// <configSections> must be the first element child (docs/declarations.md#configsections).
	for i, n := range elems {
		if n.Name != "configSections" {
			continue
		}
		if i != 0 {
			a.diags = append(a.diags, diag.At(diag.CfgSecPos, pf.path, n.Range()))
			continue
		}
		readDeclarations(n, pf.path, info.depth, a.reg, &a.diags)
	}
	for _, n := range elems {
		switch n.Name {
		case "configSections":
			continue
		case "location":
			loc := a.readLocation(n)
			a.locs = append(a.locs, loc)
			for c := range n.ElementChildren() {
				a.readContent(c, "", loc)
			}
		default:
			a.readContent(n, "", nil)
		}
	}
	return a
}

// readContent classifies an element found under <configuration>, a
// <location> or a section group: a group (recurse), a section (a
// definition), or undeclared (docs/declarations.md#undeclared-sections).
func (a *analysis) readContent(n *xmltree.Node, prefix string, loc *locationTag) {
	pf := a.file
	switch n.Name {
	case "location":
		a.diags = append(a.diags, diag.At(diag.LocNested, pf.path, n.Range()))
		return
	case "configSections":
		if loc != nil || prefix != "" {
			a.diags = append(a.diags, diag.At(diag.Undeclared, pf.path, n.Range(), n.Name))
			return
		}
	}
	d := a.lookup(prefix, n.Name)
	if d == nil {
		a.diags = append(a.diags, diag.At(diag.Undeclared, pf.path, n.Range(), n.Name))
		return
	}
	full := d.name
	if d.group {
		for c := range n.ElementChildren() {
			a.readContent(c, full, loc)
		}
		return
	}
	def := a.defBlock.new()
	*def = definition{section: full, decl: d, node: n, file: pf, loc: loc}
	if loc != nil {
		if loc.invalid {
			return
		}
		def.rel = loc.rel
		if !d.allowLocation {
			a.diags = append(a.diags, diag.At(diag.AllowLoc, pf.path, n.Range()))
			return
		}
	}
	relKey := ""
	if loc != nil {
		relKey = loc.relKey
	}
	tk := targetKey{relKey, full}
	if first, ok := a.byTarget[tk]; ok {
		a.diags = append(a.diags, diag.At(diag.SecDup, pf.path, n.Range(), full).
			WithNote("first defined here", pf.path, first.node.Range()))
		def.dup = true
	} else {
		a.byTarget[tk] = def
		a.sections[full]++
	}
	def.idx = len(a.defs)
	a.defs = append(a.defs, def)
}

// lookup finds the declaration of the element name inside the group
// prefix ("" at the top), remembering the answer for the file's read.
func (a *analysis) lookup(prefix, name string) *decl {
	k := declKey{prefix, name}
	if d, ok := a.declMemo[k]; ok {
		return d
	}
	full := name
	if prefix != "" {
		full = prefix + "/" + name
	}
	d := a.reg.lookup(full)
	a.declMemo[k] = d
	return d
}

// readLocation validates a <location> tag (docs/locations.md).
func (a *analysis) readLocation(n *xmltree.Node) *locationTag {
	pf := a.file
	loc := readLocationTag(n, pf.path, &a.diags)
	// From machine.config or the root web.config a path names a site below
	// APPHOST (docs/locations.md#path, UNCERTAIN(machine-location-names-site)):
	// the target is rewritten there.
	if !loc.invalid && !loc.iica && len(loc.rel) == 0 {
		switch a.info.depth {
		case levelMachine, levelWebRoot:
			a.diags = append(a.diags, diag.At(diag.LocIICA, pf.path, n.Range()))
		case levelAppHost:
			a.diags = append(a.diags, diag.At(diag.IICAHere, pf.path, n.Range()))
		}
	}
	return loc
}

// readLocationTag reads what a <location> element says — its path, its
// override mode (overrideMode, or the legacy allowOverride) and
// inheritInChildApplications — by the one set of rules the engine applies
// and appcmd's writes follow. With diags non-nil, every problem is
// reported into it as a file-phase diagnostic.
func readLocationTag(n *xmltree.Node, file string, diags *[]diag.Diagnostic) *locationTag {
	loc := &locationTag{node: n, iica: true}
	var modeAttr, allowAttr, pathAttr *xmltree.Attr
	for i := range n.Attrs {
		at := &n.Attrs[i]
		switch at.Name {
		case "path":
			loc.rawPath, loc.hasPath, pathAttr = at.Value, true, at
		case "overrideMode":
			modeAttr = at
		case "allowOverride":
			allowAttr = at
		case "inheritInChildApplications":
			switch strings.ToLower(at.Value) {
			case "true":
			case "false":
				loc.iica = false
			default:
				report(diags, diag.At(diag.Value, file, at.Range(), at.Name, badBoolReason).InPhase(diag.PhaseFile))
			}
		default:
			if !isXMLNSAttr(at.Name) {
				report(diags, diag.At(diag.LocAttr, file, at.Range(), at.Name))
			}
		}
	}
	switch {
	case modeAttr != nil && allowAttr != nil:
		report(diags, diag.At(diag.LocBothModes, file, n.Range()))
	case modeAttr != nil:
		// Exact case: UNCERTAIN(overridemode-case), docs/locks.md#overridemode.
		// appcmd's writes follow this reading through ReadLocationTag.
		switch modeAttr.Value {
		case "Allow":
			loc.mode = modeAllow
		case "Deny":
			loc.mode = modeDeny
		case "Inherit":
		default:
			report(diags, diag.At(diag.LocMode, file, modeAttr.Range()))
		}
	case allowAttr != nil:
		switch strings.ToLower(allowAttr.Value) {
		case "true":
			loc.mode = allowOverrideTrue
		case "false":
			loc.mode = modeDeny
		default:
			report(diags, diag.At(diag.Value, file, allowAttr.Range(), "allowOverride", badBoolReason).InPhase(diag.PhaseFile))
		}
	}
	if id, ok := validateLocationPath(loc.rawPath); !ok {
		report(diags, diag.At(id, file, pathAttr.Range()))
		loc.invalid = true
		return loc
	}
	loc.rel = relSegments(loc.rawPath)
	loc.relKey = relKeyOf(loc.rel)
	return loc
}

// LocationTag is what a <location> element says, read by the rules the
// engine applies (readLocationTag), for callers that edit files (appcmd)
// and must find the tags the engine would read.
type LocationTag struct {
	Path string // the path attribute as written ("" when absent)
	// Key is the target's identity relative to the file: the path's
	// segments, lower-cased, joined with '/' ("" for the file's own level,
	// path "" or "."). Two tags with the same Key target the same path.
	Key string
	// Valid is false for a path the engine refuses (LOC_PATH_*): such a
	// tag targets nothing.
	Valid bool
	// Mode is "Allow", "Deny", or "" (Inherit, or a value the engine
	// refuses), from overrideMode or the legacy allowOverride.
	Mode string
	// InheritInChildApplications is false when the tag sets it to false.
	InheritInChildApplications bool
}

// ReadLocationTag reads a <location> element by the engine's rules.
func ReadLocationTag(n *xmltree.Node) LocationTag {
	loc := readLocationTag(n, "", nil)
	t := LocationTag{Path: loc.rawPath, Key: loc.relKey, Valid: !loc.invalid, InheritInChildApplications: loc.iica}
	if loc.mode != modeInherit {
		t.Mode = loc.mode.String()
	}
	return t
}

// LocationKey is the identity of a location path as written (see
// LocationTag.Key); ok is false for a path the engine refuses.
func LocationKey(path string) (key string, ok bool) {
	if _, valid := validateLocationPath(path); !valid {
		return "", false
	}
	return relKeyOf(relSegments(path)), true
}

// relKeyOf is the index key of relative segments: lower-cased (location
// paths compare case-insensitively) and joined with '/'.
func relKeyOf(rel []string) string { return strings.ToLower(strings.Join(rel, "/")) }

// report adds d to diags unless diags is nil (a reader that wants the
// tag, not its problems).
func report(diags *[]diag.Diagnostic, d diag.Diagnostic) {
	if diags != nil {
		*diags = append(*diags, d)
	}
}

// allowOverrideTrue is what legacy allowOverride="true" means. The IIS docs
// map it to Allow; .NET maps it to Inherit (docs/locks.md#allowoverride,
// UNCERTAIN(allowoverride-true)): the two
// differ only when the same file unlocks a narrower path.
const allowOverrideTrue = modeAllow

// validateLocationPath applies the .NET rules adopted for IIS
// (docs/locations.md#path-validation, UNCERTAIN(location-path-rules)).
// Nested tags, both override attributes and the other <location> errors
// use .NET's texts too, UNCERTAIN(location-error-texts).
func validateLocationPath(p string) (diag.ID, bool) {
	if p == "" || p == "." {
		return "", true
	}
	if pathEdgeBad[p[0]] {
		return diag.LocPathStart, false
	}
	if pathEdgeBad[p[len(p)-1]] {
		return diag.LocPathEnd, false
	}
	for i := 0; i < len(p); i++ {
		if pathCharBad[p[i]] {
			return diag.LocPathChars, false
		}
	}
	return "", true
}

// The bytes validateLocationPath refuses at either end of a path and
// anywhere in it, as tables: strings.ContainsAny builds its set on every
// call, and a hosting server has a location tag per site.
var pathEdgeBad, pathCharBad = byteSet(" ./\\"), byteSet("\\?:*\"<>|")

func byteSet(chars string) (t [256]bool) {
	for i := 0; i < len(chars); i++ {
		t[chars[i]] = true
	}
	return t
}

// target is T(d) for a definition read in a file at level L.
func (d *definition) target(level cpath) cpath {
	if len(d.rel) == 0 {
		return level
	}
	if len(level) < levelSite {
		// machine.config / root web.config: the path names a site.
		return cpath(rootSegments).join(d.rel)
	}
	return level.join(d.rel)
}

func (d *definition) mode() overrideMode {
	if d.loc == nil {
		return modeInherit
	}
	return d.loc.mode
}

func (d *definition) iica() bool { return d.loc == nil || d.loc.iica }
