package appcmd

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmledit"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// tx is one write command: the files it edits (through xmledit, never
// re-serialised) over a clone of the workspace. Nothing reaches the
// clone until the edits are complete and validated.
type tx struct {
	eng   *config.Engine
	ws    *workspace.Workspace // the clone that receives the result
	after *config.Engine       // the engine over ws once finish validated it (nil before, or when nothing changed)
	files map[string]*xmledit.File
	paths map[string]string // Key → path as first given
	order []string          // Keys in first-opened order
}

func newTx(e *config.Engine) *tx {
	return &tx{eng: e, ws: e.Workspace().Clone(), files: map[string]*xmledit.File{}, paths: map[string]string{}}
}

// open returns the file at path for editing; a file absent from the
// workspace starts as IIS's empty web.config.
func (t *tx) open(path string) (*xmledit.File, *Error) {
	k := workspace.Key(path)
	if f := t.files[k]; f != nil {
		return f, nil
	}
	src := xmledit.NewConfiguration()
	if wf, ok := t.ws.Get(path); ok {
		src = wf.Text
		// An unreadable or malformed file fails the write with the
		// problem the engine reports reading it (the file is opened
		// before this command edits it).
		if d := t.eng.FileProblem(path); d != nil {
			return nil, diagError(*d)
		}
	}
	f, err := xmledit.Open(src)
	if err != nil {
		return nil, editErr(err)
	}
	t.files[k] = f
	t.paths[k] = path
	t.order = append(t.order, k)
	return f, nil
}

// flush writes every edited file whose text changed into the clone and
// returns their paths.
func (t *tx) flush() []string {
	var changed []string
	for _, k := range t.order {
		p := t.paths[k]
		text := t.files[k].Bytes()
		if old, ok := t.ws.Get(p); ok && string(old.Text) == string(text) {
			continue
		}
		t.ws.Set(p, text)
		changed = append(changed, p)
	}
	return changed
}

// validate compares the diagnostics at each path before and after the
// write: a write may not add an error (a lock violation, a duplicate key,
// a missing required attribute the engine sees in the new text). The
// first new error is what the command fails with. Diagnostics compare by
// what they say, not where: edits move lines.
func (t *tx) validate(after *config.Engine, paths, sections []string) *Error {
	for _, p := range paths {
		fresh := diag.NewErrors(t.eng.Problems(p, sections...), after.Problems(p, sections...))
		if d, ok := firstError(fresh); ok {
			return diagError(d)
		}
	}
	return nil
}

// locator finds a node in the current parse; edits re-run it because
// every edit reparses.
type locator func(doc *xmltree.Document) *xmltree.Node

// sectionUnder finds the section element below parent through its
// section groups (several blocks of one group are all searched).
func sectionUnder(parent *xmltree.Node, parts []string) *xmltree.Node {
	for _, c := range parent.Elements() {
		if c.Name != parts[0] {
			continue
		}
		if len(parts) == 1 {
			return c
		}
		if n := sectionUnder(c, parts[1:]); n != nil {
			return n
		}
	}
	return nil
}

// plainLocation reports whether a new section may join this location tag
// without changing its meaning: no override mode and inheritance on, as
// the engine reads the tag.
func plainLocation(n *xmltree.Node) bool {
	t := config.ReadLocationTag(n)
	return t.Mode == "" && t.InheritInChildApplications
}

// definition is where a file defines a section for a target.
type definition struct {
	section  *xmltree.Node
	location *xmltree.Node // nil at top level
}

// findDefinitions lists the definitions of section for location path loc
// ("" = the file's own level: top level or location "" / ".") in
// document order.
func findDefinitions(doc *xmltree.Document, section, loc string) []definition {
	parts := strings.Split(section, "/")
	key, _ := config.LocationKey(loc)
	var out []definition
	for _, c := range doc.Root.Elements() {
		if c.Name == "location" {
			// The tags the engine reads for the same target: a tag whose
			// path the engine refuses targets nothing.
			if t := config.ReadLocationTag(c); !t.Valid || t.Key != key {
				continue
			}
			if n := sectionUnder(c, parts); n != nil {
				out = append(out, definition{n, c})
			}
			continue
		}
		if key == "" && c.Name == parts[0] {
			n := c
			if len(parts) > 1 {
				n = sectionUnder(c, parts[1:])
			}
			if n != nil {
				out = append(out, definition{n, nil})
			}
		}
	}
	return out
}

// defLocator finds the definition a write edits: with mode "" the first
// existing definition of any mode (an existing definition is edited in
// place, docs/appcmd.md#config-writes); with "Allow"/"Deny" the one inside a location tag of
// that mode.
func defLocator(section, loc, mode string) locator {
	return func(doc *xmltree.Document) *xmltree.Node {
		for _, d := range findDefinitions(doc, section, loc) {
			if mode == "" || (d.location != nil && config.ReadLocationTag(d.location).Mode == mode) {
				return d.section
			}
		}
		return nil
	}
}

// ensureDefinition makes sure the file defines section for loc (with the
// given location mode when not "") and returns its locator. A new
// section goes into an existing compatible location tag or group block,
// else into a new one: location tags at the end of the file, top-level
// groups before the first location tag (where IIS keeps them).
func ensureDefinition(f *xmledit.File, section, loc, mode string) (locator, *Error) {
	l := defLocator(section, loc, mode)
	if l(f.Doc) != nil {
		return l, nil
	}
	parts := strings.Split(section, "/")
	root := f.Doc.Root
	var container *xmltree.Node
	if loc == "" && mode == "" {
		container = root
	} else {
		key, _ := config.LocationKey(loc)
		for _, c := range root.Elements() {
			if c.Name != "location" {
				continue
			}
			t := config.ReadLocationTag(c)
			if !t.Valid || t.Key != key {
				continue
			}
			if (mode == "" && plainLocation(c)) || (mode != "" && t.Mode == mode) {
				container = c
				break
			}
		}
	}
	build := func(parts []string) *xmledit.Element {
		el := &xmledit.Element{Name: parts[len(parts)-1]}
		for i := len(parts) - 2; i >= 0; i-- {
			el = &xmledit.Element{Name: parts[i], Children: []*xmledit.Element{el}}
		}
		return el
	}
	if container == nil {
		attrs := [][2]string{{"path", loc}}
		if mode != "" {
			attrs = append(attrs, [2]string{"overrideMode", mode})
		}
		loct := &xmledit.Element{Name: "location", Attrs: attrs, Children: []*xmledit.Element{build(parts)}}
		return l, editErr(f.Insert(root, len(root.Elements()), loct))
	}
	// Descend through the groups the container already has.
	parent, i := container, 0
	for i < len(parts)-1 {
		var next *xmltree.Node
		for _, c := range parent.Elements() {
			if c.Name == parts[i] {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		parent, i = next, i+1
	}
	index := len(parent.Elements())
	if parent == root {
		for j, c := range root.Elements() {
			if c.Name == "location" {
				index = j
				break
			}
		}
	}
	return l, editErr(f.Insert(parent, index, build(parts[i:])))
}

// editErr turns an xmledit failure (a bug, never user input) into an
// emulator error.
func editErr(err error) *Error {
	if err == nil {
		return nil
	}
	return &Error{Text: err.Error(), Code: 1, Emulator: true}
}

// removeWithEmptyParents deletes n, then any section group or location
// tag the removal left without element children or comments.
func removeWithEmptyParents(f *xmledit.File, n *xmltree.Node, parent locator) *Error {
	if err := f.Remove(n); err != nil {
		return editErr(err)
	}
	for {
		p := parent(f.Doc)
		if p == nil || p.Parent == nil || p == f.Doc.Root {
			return nil
		}
		for _, c := range p.Children {
			if c.Kind == xmltree.ElementNode || c.Kind == xmltree.CommentNode {
				return nil
			}
		}
		up := p.Parent
		path := nodePath(up)
		if err := f.Remove(p); err != nil {
			return editErr(err)
		}
		parent = func(doc *xmltree.Document) *xmltree.Node { return followPath(doc, path) }
	}
}

// nodePath / followPath address an element by its child indexes from the
// root, valid until an edit changes an ancestor's element children.
func nodePath(n *xmltree.Node) []int {
	var idx []int
	for n.Parent != nil {
		for i, c := range n.Parent.Elements() {
			if c == n {
				idx = append([]int{i}, idx...)
				break
			}
		}
		n = n.Parent
	}
	return idx
}

func followPath(doc *xmltree.Document, idx []int) *xmltree.Node {
	n := doc.Root
	for _, i := range idx {
		kids := n.Elements()
		if i >= len(kids) {
			return nil
		}
		n = kids[i]
	}
	return n
}

// elemTarget is an element property paths start from: its locator, its
// schema and, for config sections, its effective state at the path
// written (to find inherited collection items).
type elemTarget struct {
	f   *xmledit.File
	loc locator
	sch *schema.Element
	eff config.Element // the zero Element when there is no effective view
	// file and path are the file written and the config path its
	// definition targets: an effective item added there is the local
	// directive a `-[…]` deletes.
	file, path string
	// gone holds the effective items an earlier property of the same
	// command removed: a later add of the same key is no duplicate
	// (`/-[k='x'] /+[k='x',…]` replaces an item in one command).
	gone []config.Element
}

// isGone reports whether an earlier property of the command removed it.
func (t *elemTarget) isGone(it config.Element) bool {
	for _, g := range t.gone {
		if g.Same(it) {
			return true
		}
	}
	return false
}

// addedHere reports whether an effective item's add directive is in the
// file and definition this command writes.
func (t *elemTarget) addedHere(it config.Element) bool {
	src, ok := it.Source()
	if !ok || t.file == "" {
		return t.file == ""
	}
	return workspace.Key(src.File) == workspace.Key(t.file) && strings.EqualFold(strings.TrimSuffix(src.Target, "/"), strings.TrimSuffix(t.path, "/"))
}

func childLocator(parent locator, name string) locator {
	return func(doc *xmltree.Document) *xmltree.Node {
		return parent(doc).Element(name)
	}
}

// itemLocator finds the collection item (an add directive) whose
// attributes match every indexer pair, values compared ignoring case as
// IIS compares keys.
func itemLocator(parent locator, coll *schema.Collection, pairs [][2]string) locator {
	return func(doc *xmltree.Document) *xmltree.Node {
		p := parent(doc)
		if p == nil {
			return nil
		}
		for _, c := range p.Elements() {
			if coll.IsAdd(c.Name) && nodeMatches(c, pairs) {
				return c
			}
		}
		return nil
	}
}

func nodeMatches(n *xmltree.Node, pairs [][2]string) bool {
	for _, kv := range pairs {
		a, ok := n.Attr(kv[0])
		if !ok || !strings.EqualFold(a.Value, kv[1]) {
			return false
		}
	}
	return true
}

func effMatches(el config.Element, pairs [][2]string) bool {
	for _, kv := range pairs {
		v, ok := el.Value(kv[0])
		if !ok || !strings.EqualFold(v.Text, kv[1]) {
			return false
		}
	}
	return true
}

// ensureChild makes sure the element at parent has a child element name,
// inserting `<name />` in schema order (after the collection items, where
// IIS writes child elements).
func ensureChild(f *xmledit.File, parent locator, sch *schema.Element, name string) (locator, *Error) {
	l := childLocator(parent, name)
	if l(f.Doc) != nil {
		return l, nil
	}
	p := parent(f.Doc)
	if p == nil {
		return nil, elementNotFound()
	}
	rank := func(n string) int {
		for i, c := range sch.Elements {
			if c.Name == n {
				return i
			}
		}
		return -1
	}
	me := rank(name)
	index := len(p.Elements())
	for i, c := range p.Elements() {
		if r := rank(c.Name); r > me {
			index = i
			break
		}
	}
	return l, editErr(f.Insert(p, index, &xmledit.Element{Name: name}))
}

// itemIndex is where a new item goes among the element children: after
// the last collection directive (IIS writes items before child
// elements); @start after the last clear (an item before a clear would
// be cleared at once); @N before the N-th add.
func itemIndex(p *xmltree.Node, coll *schema.Collection, pos string) int {
	kids := p.Elements()
	isDirective := func(n string) bool {
		return coll.IsAdd(n) || (n != "" && (n == coll.RemoveElement || n == coll.ClearElement))
	}
	lastDir, lastClear := -1, -1
	var adds []int
	for i, c := range kids {
		if isDirective(c.Name) {
			lastDir = i
		}
		if c.Name == coll.ClearElement && coll.ClearElement != "" {
			lastClear = i
		}
		if coll.IsAdd(c.Name) {
			adds = append(adds, i)
		}
	}
	switch pos {
	case "start":
		return lastClear + 1
	case "", "end":
		return lastDir + 1
	}
	n, _ := strconv.Atoi(pos)
	if n >= 0 && n < len(adds) {
		return adds[n]
	}
	return lastDir + 1
}

// checkValue validates one attribute value against the schema and
// returns the text to write: the canonical spelling (docs/schema.md#types: enum names
// written canonically).
func checkValue(sch *schema.Element, allowUnknown bool, name, value, raw string) (string, *Error) {
	if config.IsLockAttribute(name) {
		return value, nil
	}
	a := sch.Attribute(name)
	if a == nil {
		if allowUnknown {
			return value, nil
		}
		return "", unknownAttribute(raw)
	}
	v, reason := a.Parse(value)
	if reason != "" {
		return "", invalidValue(name, reason)
	}
	if a.Type == schema.String {
		return value, nil
	}
	return v.Text, nil
}

// apply carries out one property operation on the target.
func (t *elemTarget) apply(op *propOp) *Error {
	if op.op == '~' {
		return t.clearCollection(op)
	}
	loc, sch, eff := t.loc, t.sch, t.eff
	var coll *schema.Collection
	for i, seg := range op.segs {
		last := i == len(op.segs)-1
		if seg.index {
			coll = sch.Collection
			if coll == nil {
				return unknownAttribute(op.raw)
			}
			if last && op.op == '+' {
				return t.addItem(loc, coll, eff, seg)
			}
			if last && op.op == '-' {
				return t.removeItem(loc, coll, eff, seg)
			}
			if last {
				return unknownAttribute(op.raw)
			}
			il := itemLocator(loc, coll, seg.pairs)
			var effItem config.Element
			for _, it := range eff.Items() {
				if !t.isGone(it) && effMatches(it, seg.pairs) {
					effItem = it
					break
				}
			}
			if il(t.f.Doc) == nil {
				if !effItem.Exists() || coll.RemoveElement == "" {
					return elementNotFound()
				}
				if err := t.copyInherited(loc, coll, effItem); err != nil {
					return err
				}
				il = itemLocator(loc, coll, keyPairs(effItem))
			}
			loc, sch, eff = il, coll.Item, effItem
			continue
		}
		if last {
			if op.op != 0 {
				return malformedIndexer()
			}
			if !op.has {
				return unknownAttribute(op.raw)
			}
			allowUnknown := coll != nil && coll.AllowUnrecognizedAttributes && sch == coll.Item
			val, err := checkValue(sch, allowUnknown, seg.name, op.value, op.raw)
			if err != nil {
				return err
			}
			n := loc(t.f.Doc)
			if n == nil {
				return elementNotFound()
			}
			return editErr(t.f.SetAttr(n, seg.name, val))
		}
		child := sch.Element(seg.name)
		if child == nil {
			return unknownAttribute(op.raw)
		}
		l, err := ensureChild(t.f, loc, sch, seg.name)
		if err != nil {
			return err
		}
		loc, sch, coll = l, child, nil
		eff, _ = eff.Child(seg.name)
	}
	return nil
}

// keyPairs are an effective item's key attributes as indexer pairs: its
// key as the engine matches items (config.Element.Key), so a remove
// directive written from them drops the very item the engine would.
func keyPairs(it config.Element) [][2]string {
	key := it.Key()
	out := make([][2]string, len(key))
	for i, k := range key {
		out[i] = [2]string{k.Attribute.Name, k.Value}
	}
	return out
}

// copyInherited makes an inherited item editable at this level: items
// cannot be changed in place below the level that added them
// (docs/collections.md#items-are-whole), so the write removes it and adds
// it again with its explicit attributes. UNCERTAIN(inherited-item-edit):
// what MWA writes for an edited inherited item is not captured.
func (t *elemTarget) copyInherited(loc locator, coll *schema.Collection, it config.Element) *Error {
	p := loc(t.f.Doc)
	if p == nil {
		return elementNotFound()
	}
	keys := keyPairs(it)
	idx := itemIndex(p, coll, "end")
	if err := t.f.Insert(p, idx, &xmledit.Element{Name: coll.RemoveElement, Attrs: keys}); err != nil {
		return editErr(err)
	}
	var attrs [][2]string
	for _, v := range it.Values() {
		if v.Origin == config.Explicit {
			attrs = append(attrs, [2]string{v.Name, v.Text})
		}
	}
	p = loc(t.f.Doc)
	return editErr(t.f.Insert(p, itemIndex(p, coll, "end"), &xmledit.Element{Name: it.Name(), Attrs: attrs}))
}

// addItem is `+[...]`: a duplicate of an item already in force (inherited
// ones included) is refused with appcmd's text before anything is
// written.
func (t *elemTarget) addItem(loc locator, coll *schema.Collection, eff config.Element, seg propSeg) *Error {
	addName := coll.AddElements[0]
	var attrs [][2]string
	for _, kv := range seg.pairs {
		val, err := checkValue(coll.Item, coll.AllowUnrecognizedAttributes, kv[0], kv[1], kv[0])
		if err != nil {
			return err
		}
		attrs = append(attrs, [2]string{kv[0], val})
	}
	if dup := duplicateText(coll, addName, attrs, eff, loc(t.f.Doc), t.isGone); dup != "" {
		return duplicateAdd(addName, dup)
	}
	p := loc(t.f.Doc)
	if p == nil {
		return elementNotFound()
	}
	return editErr(t.f.Insert(p, itemIndex(p, coll, seg.pos), &xmledit.Element{Name: addName, Attrs: attrs}))
}

// duplicateText returns the DUP_* message when the new item's key equals
// an item in force (effective items, or the local adds when there is no
// effective view), else "".
func duplicateText(coll *schema.Collection, addName string, attrs [][2]string, eff config.Element, local *xmltree.Node, gone func(config.Element) bool) string {
	keys := coll.Keys()
	if len(keys) == 0 || coll.AllowDuplicates {
		return ""
	}
	val := func(k *schema.Attribute) string {
		for _, kv := range attrs {
			if kv[0] == k.Name {
				return kv[1]
			}
		}
		return k.Default().Text
	}
	var existing []func(string) (string, bool)
	if eff.Exists() {
		for _, it := range eff.Items() {
			if gone(it) {
				continue
			}
			existing = append(existing, func(n string) (string, bool) {
				v, ok := it.Value(n)
				return v.Text, ok
			})
		}
	} else if local != nil {
		for _, c := range local.Elements() {
			if !coll.IsAdd(c.Name) {
				continue
			}
			c := c
			existing = append(existing, func(n string) (string, bool) {
				a, ok := c.Attr(n)
				if !ok {
					return "", false
				}
				return a.Value, true
			})
		}
	}
	unique := 0
	for _, k := range keys {
		if k.IsUniqueKey {
			unique++
		}
	}
	for _, get := range existing {
		if unique > 0 {
			// Each unique key stands alone (docs/collections.md#keys).
			for _, k := range keys {
				if v, ok := get(k.Name); ok && k.IsUniqueKey && k.Equal(v, val(k)) {
					if unique == 1 {
						return diag.At(diag.DupKey, "", diag.NoRange, addName, k.Name, val(k)).Message
					}
					var names, vals []string
					for _, k2 := range keys {
						if k2.IsUniqueKey {
							names = append(names, k2.Name)
							vals = append(vals, val(k2))
						}
					}
					return diag.At(diag.DupMultiKey, "", diag.NoRange, addName, strings.Join(names, ", "), strings.Join(vals, ", ")).Message
				}
			}
			continue
		}
		all := true
		for _, k := range keys {
			v, ok := get(k.Name)
			if !ok {
				v = k.Default().Text
			}
			if !k.Equal(v, val(k)) {
				all = false
				break
			}
		}
		if all {
			var names, vals []string
			for _, k := range keys {
				names = append(names, k.Name)
				vals = append(vals, val(k))
			}
			return diag.At(diag.DupCombined, "", diag.NoRange, addName, strings.Join(names, ", "), strings.Join(vals, ", ")).Message
		}
	}
	return ""
}

// removeItem is `-[...]`: an item added at this level is deleted; one
// inherited from above gets a remove directive; anything else is appcmd's
// not-found error.
func (t *elemTarget) removeItem(loc locator, coll *schema.Collection, eff config.Element, seg propSeg) *Error {
	if n := itemLocator(loc, coll, seg.pairs)(t.f.Doc); n != nil {
		// Only the item this level's directive added is gone: when that
		// directive was a refused duplicate, the inherited item it
		// repeated stays, and a later `-[…]` removes it.
		for _, it := range eff.Items() {
			if !t.isGone(it) && effMatches(it, seg.pairs) && t.addedHere(it) {
				t.gone = append(t.gone, it)
				break
			}
		}
		return editErr(t.f.Remove(n))
	}
	if !eff.Exists() || coll.RemoveElement == "" {
		return elementNotFound()
	}
	for _, it := range eff.Items() {
		if t.isGone(it) {
			continue
		}
		if effMatches(it, seg.pairs) {
			t.gone = append(t.gone, it)
			p := loc(t.f.Doc)
			if p == nil {
				return elementNotFound()
			}
			return editErr(t.f.Insert(p, itemIndex(p, coll, "end"), &xmledit.Element{Name: coll.RemoveElement, Attrs: keyPairs(it)}))
		}
	}
	return elementNotFound()
}

// changedPaths lists the files that differ between two workspaces
// (added, changed or removed), sorted.
func changedPaths(before, after *workspace.Workspace) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range after.Files() {
		seen[workspace.Key(f.Path)] = true
		if old, ok := before.Get(f.Path); !ok || string(old.Text) != string(f.Text) {
			out = append(out, f.Path)
		}
	}
	for _, f := range before.Files() {
		if !seen[workspace.Key(f.Path)] {
			out = append(out, f.Path)
		}
	}
	sort.Slice(out, func(i, j int) bool { return workspace.Key(out[i]) < workspace.Key(out[j]) })
	return out
}

// clearCollection is `/~path`: the collection of the element the path
// names loses every directive this level writes and gains a <clear/>,
// so that nothing inherited remains — what Microsoft.Web.Administration's
// collection Clear() writes, and what scripts run as `appcmd set config
// /section:defaultDocument /~files` before adding their own items
// (docs/appcmd.md). UNCERTAIN(appcmd-clear-root-collection): `/~` alone
// for a collection on the section element itself is our extension of
// that form.
func (t *elemTarget) clearCollection(op *propOp) *Error {
	loc, sch, eff := t.loc, t.sch, t.eff
	for _, seg := range op.segs {
		if seg.index {
			coll := sch.Collection
			if coll == nil {
				return unknownAttribute(op.raw)
			}
			il := itemLocator(loc, coll, seg.pairs)
			if il(t.f.Doc) == nil {
				return elementNotFound()
			}
			var next config.Element
			for _, it := range eff.Items() {
				if effMatches(it, seg.pairs) {
					next = it
					break
				}
			}
			loc, sch, eff = il, coll.Item, next
			continue
		}
		child := sch.Element(seg.name)
		if child == nil {
			return unknownAttribute(op.raw)
		}
		l, err := ensureChild(t.f, loc, sch, seg.name)
		if err != nil {
			return err
		}
		loc, sch = l, child
		eff, _ = eff.Child(seg.name)
	}
	// Nothing inherited remains for the rest of the command either.
	t.gone = append(t.gone, eff.Items()...)
	coll := sch.Collection
	if coll == nil || coll.ClearElement == "" {
		return unknownAttribute(op.raw)
	}
	for {
		p := loc(t.f.Doc)
		if p == nil {
			return elementNotFound()
		}
		var dir *xmltree.Node
		for _, c := range p.Elements() {
			if coll.IsAdd(c.Name) || c.Name == coll.RemoveElement || c.Name == coll.ClearElement {
				dir = c
				break
			}
		}
		if dir == nil {
			break
		}
		if err := t.f.Remove(dir); err != nil {
			return editErr(err)
		}
	}
	return editErr(t.f.Insert(loc(t.f.Doc), 0, &xmledit.Element{Name: coll.ClearElement}))
}
