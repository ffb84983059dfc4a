package config

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/textfmt"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// keyInfo is what a collection's keys need, computed once per schema
// collection (Collection.Keys allocates).
type keyInfo struct {
	keys   []*schema.Attribute
	multi  bool // several independent unique keys (sites: name, id)
	nonKey bool // no key attributes at all
}

func (m *merger) keyInfo(c *schema.Collection) *keyInfo {
	if ki, ok := m.keyInfos[c]; ok {
		return ki
	}
	ki := &keyInfo{keys: c.Keys()}
	n := 0
	for _, k := range ki.keys {
		if k.IsUniqueKey {
			n++
		}
	}
	// Each of several unique keys must be unique on its own,
	// UNCERTAIN(several-unique-keys) (docs/collections.md#keys).
	ki.multi = n > 1
	ki.nonKey = len(ki.keys) == 0
	if m.keyInfos == nil {
		m.keyInfos = map[*schema.Collection]*keyInfo{}
	}
	m.keyInfos[c] = ki
	return ki
}

// normKey is a key part as compared: case-folded unless the attribute is
// caseSensitive (docs/collections.md#keys).
func normKey(k *schema.Attribute, v string) string {
	if k.CaseSensitive {
		return v
	}
	return strings.ToLower(v)
}

// keyIndex finds items by key in constant time, so that thousands of sites
// or mime maps merge in linear time, however large the server. It covers the inherited
// items and the current input's additions of one collection, and is kept
// only for collections without allowDuplicates (where each key is unique).
type keyIndex struct {
	whole map[string]*effItem   // the whole key (combined or single)
	parts []map[string]*effItem // per unique key, for multi-key collections
}

// setWhole records its key as compared when the collection has a single
// key. A combined key's whole is worked out only by the index (wholeOf):
// joining it allocates, and the short lists most of them sit in (a site's
// bindings) compare parts instead.
func (ki *keyInfo) setWhole(it *effItem) {
	if !ki.multi && len(ki.keys) == 1 {
		it.whole = ki.wholeKey(it.key)
	}
}

// wholeOf is its whole key (keyInfo.wholeKey) for a collection without
// several unique keys.
func (ki *keyInfo) wholeOf(it *effItem) string {
	if len(ki.keys) == 1 {
		return it.whole
	}
	return ki.wholeKey(it.key)
}

// sameKey reports whether two items of a collection without several
// unique keys have the same key: wholeKey(a) == wholeKey(b), without
// building either.
func (ki *keyInfo) sameKey(a, b *effItem) bool {
	if len(ki.keys) == 1 {
		return a.whole == b.whole
	}
	for i, k := range ki.keys {
		if !keyPartEqual(k, a.key[i], b.key[i]) {
			return false
		}
	}
	return true
}

// keyPartEqual is normKey(k, a) == normKey(k, b) without allocating:
// strings.ToLower maps rune by rune with unicode.ToLower.
func keyPartEqual(k *schema.Attribute, a, b string) bool {
	if k.CaseSensitive || a == b {
		return a == b
	}
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb && unicode.ToLower(ra) != unicode.ToLower(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b == ""
}

func (ki *keyInfo) wholeKey(vals []string) string {
	if len(ki.keys) == 1 {
		return normKey(ki.keys[0], vals[0])
	}
	var b strings.Builder
	for i, k := range ki.keys {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(normKey(k, vals[i]))
	}
	return b.String()
}

// index returns the collection's key index, building it on first use.
// directives is the element holding the directive being applied: its
// children bound how many items this input adds, so the maps are sized
// once instead of growing (and rehashing) through 10,000 sites.
func (eff *effElem) index(ki *keyInfo, cs *collState, directives *xmltree.Node) *keyIndex {
	if x := eff.keyIndex(); x != nil {
		return x
	}
	size := len(eff.items) + len(cs.level)
	if directives != nil {
		size += len(directives.Children)
	}
	x := &keyIndex{}
	if !ki.multi {
		x.whole = make(map[string]*effItem, size)
	} else {
		x.parts = make([]map[string]*effItem, len(ki.keys))
		for i := range x.parts {
			x.parts[i] = make(map[string]*effItem, size)
		}
	}
	eff.rareFields().keys = x
	for _, list := range [][]*effItem{eff.items, cs.level} {
		for _, it := range list {
			x.put(ki, it)
		}
	}
	return x
}

// lookupKeys are the keys the index files it under, worked out once for
// both find and put (a site name has capitals, and each normKey of it is an
// allocation): the whole key, or for several unique keys one per key
// ("" for a part that is not a unique key). They are appended to buf.
func (ki *keyInfo) lookupKeys(it *effItem, buf []string) []string {
	if !ki.multi {
		return append(buf, ki.wholeOf(it))
	}
	for i, k := range ki.keys {
		v := ""
		if k.IsUniqueKey {
			v = normKey(k, it.key[i])
		}
		buf = append(buf, v)
	}
	return buf
}

// put records it unless an earlier item holds its key. Only collections
// with one unique key or a combined key look items up by the whole key;
// sites (name, id) by each unique key.
func (x *keyIndex) put(ki *keyInfo, it *effItem) {
	var buf [4]string
	keys := ki.lookupKeys(it, buf[:0])
	if x.parts == nil {
		if _, ok := x.whole[keys[0]]; !ok {
			x.whole[keys[0]] = it
		}
		return
	}
	for i, p := range x.parts {
		if ki.keys[i].IsUniqueKey {
			if _, ok := p[keys[i]]; !ok {
				p[keys[i]] = it
			}
		}
	}
}

// putNew records it under keys (ki.lookupKeys) after find has shown that
// none is taken, so nothing is looked up twice (10,000 sites make 20,000
// inserts).
func (x *keyIndex) putNew(ki *keyInfo, it *effItem, keys []string) {
	if x.parts == nil {
		x.whole[keys[0]] = it
		return
	}
	for i, p := range x.parts {
		if ki.keys[i].IsUniqueKey {
			p[keys[i]] = it
		}
	}
}

func (x *keyIndex) drop(ki *keyInfo, it *effItem) {
	if x.parts == nil {
		if w := ki.wholeOf(it); x.whole[w] == it {
			delete(x.whole, w)
		}
		return
	}
	for i, p := range x.parts {
		if ki.keys[i].IsUniqueKey && p[normKey(ki.keys[i], it.key[i])] == it {
			delete(p, normKey(ki.keys[i], it.key[i]))
		}
	}
}

// indexMin is the item count from which a collection's duplicate check
// uses a keyIndex: below it comparing keys one by one is cheaper than
// hashing, and a hosting server has tens of thousands of such small
// collections (each site's bindings and applications, each application's
// virtual directories).
const indexMin = 8

// claimKey returns the item whose key clashes with it, or nil after
// recording its key in the index (when the collection has one).
func (eff *effElem) claimKey(ki *keyInfo, cs *collState, it *effItem, directives *xmltree.Node) *effItem {
	if eff.keyIndex() == nil && len(eff.items)+len(cs.level) < indexMin {
		return scanDup(ki, it, eff.items, cs.level)
	}
	x := eff.index(ki, cs, directives)
	var buf [4]string
	keys := ki.lookupKeys(it, buf[:0])
	if d := x.find(ki, keys); d != nil {
		return d
	}
	x.putNew(ki, it, keys)
	return nil
}

// scanDup is keyIndex.find over the inherited items and this input's
// additions, in the order the index would have been filled: the first item
// clashing with it on the whole key or, for several unique keys, on the
// first of them that clashes.
func scanDup(ki *keyInfo, it *effItem, inherited, added []*effItem) *effItem {
	if !ki.multi {
		for _, list := range [2][]*effItem{inherited, added} {
			for _, o := range list {
				if ki.sameKey(o, it) {
					return o
				}
			}
		}
		return nil
	}
	for i, k := range ki.keys {
		if !k.IsUniqueKey {
			continue
		}
		v := normKey(k, it.key[i])
		for _, list := range [2][]*effItem{inherited, added} {
			for _, o := range list {
				if normKey(k, o.key[i]) == v {
					return o
				}
			}
		}
	}
	return nil
}

// find returns an existing item holding one of keys (ki.lookupKeys of
// the item being added), or nil.
func (x *keyIndex) find(ki *keyInfo, keys []string) *effItem {
	if x.parts == nil {
		return x.whole[keys[0]]
	}
	for i, p := range x.parts {
		if ki.keys[i].IsUniqueKey {
			if d := p[keys[i]]; d != nil {
				return d
			}
		}
	}
	return nil
}

// collState is one input's pass over a collection (docs/collections.md#directives): the items
// this input adds are kept apart until the input ends, then appended or
// prepended to what was inherited.
type collState struct {
	level   []*effItem
	cleared bool
}

func (cs *collState) finish(eff *effElem, c *schema.Collection) {
	if len(cs.level) == 0 {
		return
	}
	switch {
	case len(eff.items) == 0:
		// Nothing inherited (every site's applications, every
		// application's virtual directories): the additions are the
		// items, capped so that a later append copies.
		eff.items = cs.level[:len(cs.level):len(cs.level)]
	case c.MergeAppend:
		eff.items = append(eff.items, cs.level...)
	default:
		eff.items = append(append([]*effItem(nil), cs.level...), eff.items...)
	}
	cs.level = nil
}

// directive applies one add/remove/clear element.
func (m *merger) directive(eff *effElem, cs *collState, n *xmltree.Node, in *input) {
	c := eff.sch.Collection
	src := source{in: in, node: n, file: in.contentFile}
	switch {
	case n.Name == c.ClearElement:
		for _, a := range n.Attrs {
			if !IsLockAttribute(a.Name) && !isXMLNSAttr(a.Name) {
				m.report(m.at(diag.AttrUnknown, source{in: in, node: n, attr: &a, file: in.contentFile}, a.Name))
			}
		}
		// V4: clearing is refused while an inherited item is item-locked.
		for _, it := range eff.items {
			if it.lockItem && int(it.depth) < in.depth {
				m.report(m.at(diag.LockViolation, src).WithNote("item '"+it.keyText()+"' locked here", it.el.src.file.path, it.el.src.rng()))
				return
			}
		}
		for _, it := range eff.items {
			eff.addRemoval(removal{key: it.keyText(), directive: n.Name, src: src})
		}
		eff.items = nil
		cs.level = nil
		if eff.rare != nil {
			eff.rare.keys = nil
		}
	case n.Name == c.RemoveElement:
		key, ok := m.removeKey(c, n, in)
		if !ok {
			return
		}
		ki := m.keyInfo(c)
		// With a full key and unique entries, the index says at once
		// whether anything matches; removing a missing key is silent
		// (docs/collections.md#remove-and-clear), and common, so it must not cost a scan.
		if !c.AllowDuplicates && !ki.multi && len(key) == len(ki.keys) && (eff.keyIndex() != nil || len(eff.items)+len(cs.level) >= indexMin) {
			vals := make([]string, len(ki.keys))
			for i, k := range ki.keys {
				vals[i] = key[k.Name]
			}
			if eff.index(ki, cs, n.Parent).whole[ki.wholeKey(vals)] == nil {
				return
			}
		}
		for _, it := range eff.items {
			if it.lockItem && int(it.depth) < in.depth && keyMatches(ki, it, key) {
				m.report(m.at(diag.LockViolation, src).WithNote("item '"+it.keyText()+"' locked here", it.el.src.file.path, it.el.src.rng()))
				return
			}
		}
		// Every matching item goes, all of them under allowDuplicates:
		// UNCERTAIN(remove-all-duplicates) (docs/collections.md#allowduplicates).
		eff.items = m.dropMatching(eff, ki, eff.items, key, n.Name, src, true)
		cs.level = m.dropMatching(eff, ki, cs.level, key, n.Name, src, false)
	default: // an add directive
		m.add(eff, cs, n, in)
	}
}

// add builds an item from an add element and appends it to this input's
// additions unless its key is already present (docs/collections.md#duplicates).
func (m *merger) add(eff *effElem, cs *collState, n *xmltree.Node, in *input) {
	c := eff.sch.Collection
	src := source{in: in, node: n, file: in.contentFile}
	item := m.arena.elem() // zeroed: only the fields that are not zero are set
	item.sch, item.parent, item.src = c.Item, eff, m.arena.source(src)
	it := m.arena.item()
	it.el, it.depth = item, int32(in.depth)
	m.reserveAttrs(item, len(n.Attrs))
	for i := range n.Attrs {
		at := &n.Attrs[i]
		asrc := source{in: in, node: n, attr: at, file: in.contentFile}
		if at.Name == attrLockItem {
			it.lockItem = strings.EqualFold(strings.TrimSpace(at.Value), "true")
			continue
		}
		if IsLockAttribute(at.Name) || isXMLNSAttr(at.Name) {
			continue // lock lists on items have no effect (docs/locks.md#granular-locks)
		}
		as := c.Item.Attribute(at.Name)
		if as == nil {
			if c.AllowUnrecognizedAttributes {
				x := item.rareFields()
				x.extra = append(x.extra, extraAttr{name: at.Name, value: at.Value, src: asrc})
				continue
			}
			m.report(m.at(diag.AttrUnknown, asrc, at.Name))
			continue
		}
		m.setValue(item, as, at, item.src)
	}
	// Children of an item (nested elements and collections) belong to the
	// item alone: items are replaced whole, never merged (docs/collections.md#items-are-whole).
	m.applyChildren(item, n, in)
	m.checkRequired(c.Item, n, in, in.contentFile)
	ki := m.keyInfo(c)
	it.key = itemKey(ki, item, m.arena.keys.make(len(ki.keys)))
	// Worked out now, while only this merge sees the item: merge states
	// share items, and engines may merge on several goroutines.
	ki.setWhole(it)
	// A collection without keys cannot detect duplicates,
	// UNCERTAIN(keyless-collections) (docs/collections.md#remove-and-clear).
	if !c.AllowDuplicates && !ki.nonKey {
		if dup := eff.claimKey(ki, cs, it, n.Parent); dup != nil {
			m.report(m.duplicateDiag(c, n.Name, it, src).WithNote(firstAddedNote(*dup.el.src, src), dup.el.src.file.path, dup.el.src.rng()))
			return
		}
	}
	if cs.level == nil {
		// Room for every directive of the holder: one allocation for
		// 10,000 sites, none of its own for a site's one application.
		cs.level = m.arena.itemLists.make(len(n.Parent.Children))
	}
	cs.level = append(cs.level, it)
}

// applyChildren merges the child elements of a collection item.
func (m *merger) applyChildren(item *effElem, n *xmltree.Node, in *input) {
	sch := item.sch
	var coll *collState
	if sch.Collection != nil {
		coll = &collState{}
	}
	var seen []string // few children per item: a slice beats a map here
	for _, c := range n.Children {
		switch c.Kind {
		case xmltree.TextNode, xmltree.CDataNode:
			if c.Kind == xmltree.CDataNode || strings.TrimSpace(c.Text) != "" {
				m.report(m.at(diag.TextContent, source{in: in, node: c, file: in.contentFile}))
			}
			continue
		case xmltree.ElementNode:
		default:
			continue
		}
		src := source{in: in, node: c, file: in.contentFile}
		if coll != nil && isDirective(sch.Collection, c.Name) {
			m.directive(item, coll, c, in)
			continue
		}
		cs := sch.Element(c.Name)
		if cs == nil {
			m.report(m.at(diag.ElemUnknown, src, c.Name))
			continue
		}
		if contains(seen, c.Name) {
			m.report(m.at(diag.ElemTwice, src, c.Name))
			continue
		}
		seen = append(seen, c.Name)
		m.apply(m.child(item, cs), c, in, false)
	}
	if coll != nil {
		coll.finish(item, sch.Collection)
	}
}

// itemKey appends the item's key values (absent parts take their
// defaults) to key.
func itemKey(ki *keyInfo, item *effElem, key []string) []string {
	for _, k := range ki.keys {
		if a, ok := item.attrs.get(k.Name); ok {
			key = append(key, a.val.Text)
		} else {
			key = append(key, k.Default().Text)
		}
	}
	return key
}

// uniqueKeys reports whether the collection has several independent unique
// keys (sites: name and id), each of which must be unique on its own.
func uniqueKeys(c *schema.Collection) bool {
	n := 0
	for _, k := range c.Keys() {
		if k.IsUniqueKey {
			n++
		}
	}
	return n > 1
}

// removeKey reads the key a remove directive names: the key attributes
// present on it, absent combined-key parts taking defaults (docs/collections.md#remove-and-clear).
func (m *merger) removeKey(c *schema.Collection, n *xmltree.Node, in *input) (map[string]string, bool) {
	key := map[string]string{}
	ok := true
	for i := range n.Attrs {
		at := &n.Attrs[i]
		asrc := source{in: in, node: n, attr: at, file: in.contentFile}
		if IsLockAttribute(at.Name) || isXMLNSAttr(at.Name) {
			continue
		}
		as := c.Item.Attribute(at.Name)
		if as == nil || !as.IsKey() {
			m.report(m.at(diag.AttrUnknown, asrc, at.Name))
			ok = false
			continue
		}
		v, reason := as.Parse(at.Value)
		if reason != "" {
			m.report(m.at(diag.Value, asrc, at.Name, reason))
			ok = false
			continue
		}
		key[at.Name] = v.Text
	}
	if !ok {
		return nil, false
	}
	if len(key) == 0 {
		var names []string
		for _, k := range c.Keys() {
			if k.IsUniqueKey || k.IsCombinedKey {
				names = append(names, k.Name)
			}
		}
		src := source{in: in, node: n, file: in.contentFile}
		if len(names) == 1 {
			m.report(m.at(diag.Required, src, names[0]))
		} else if len(names) > 1 {
			m.report(m.at(diag.RequiredMany, src, strings.Join(names, ",")))
		}
		return nil, false
	}
	if !uniqueKeys(c) {
		for _, k := range c.Keys() {
			if _, ok := key[k.Name]; !ok {
				key[k.Name] = k.Default().Text
			}
		}
	}
	return key, true
}

func keyMatches(ki *keyInfo, it *effItem, key map[string]string) bool {
	for i, k := range ki.keys {
		want, ok := key[k.Name]
		if !ok {
			continue
		}
		if i >= len(it.key) || !k.Equal(it.key[i], want) {
			return false
		}
	}
	return true
}

// firstAddedNote says where the item a duplicate clashes with was added.
// When that is the duplicate's own line, read at an upper level, one
// folder is read at two URLs (an application or virtual directory whose
// physical path is its parent's folder, docs/hierarchy.md): "first added
// here" about the very same line would read as a mistake, so the note
// says which two paths read it.
func firstAddedNote(first, dup source) string {
	if first.in != nil && dup.in != nil && first.file != nil && dup.file != nil && first.file.path == dup.file.path &&
		first.rng() == dup.rng() && !first.in.level.equal(dup.in.level) {
		return textfmt.Sprintf("first added by this same line, read at %s: the same folder is read at both %s and %s (both URLs map to it), so its items are added twice",
			first.in.level, first.in.level, dup.in.level)
	}
	return "first added here"
}

// duplicateDiag words a duplicate-entry error the way IIS does for the
// collection's key shape (docs/collections.md#duplicates, DUP_CKEY, DUP_MKEY).
func (m *merger) duplicateDiag(c *schema.Collection, addName string, it *effItem, src source) diag.Diagnostic {
	keys := c.Keys()
	var names []string
	for _, k := range keys {
		names = append(names, k.Name)
	}
	switch {
	case len(keys) == 1:
		return m.at(diag.DupKey, src, addName, keys[0].Name, it.key[0])
	case uniqueKeys(c):
		return m.at(diag.DupMultiKey, src, addName, strings.Join(names, ", "), strings.Join(it.key, ", "))
	default:
		return m.at(diag.DupCombined, src, addName, strings.Join(names, ", "), strings.Join(it.key, ", "))
	}
}

// dropMatching removes the entries matching key from list (recording the
// removal of inherited ones) and keeps the index in step. The list is
// copied only when something matches.
func (m *merger) dropMatching(eff *effElem, ki *keyInfo, list []*effItem, key map[string]string, directive string, src source, inherited bool) []*effItem {
	first := -1
	for i, it := range list {
		if keyMatches(ki, it, key) {
			first = i
			break
		}
	}
	if first < 0 {
		return list
	}
	keep := append([]*effItem(nil), list[:first]...)
	for _, it := range list[first:] {
		if keyMatches(ki, it, key) {
			if inherited {
				eff.addRemoval(removal{key: it.keyText(), directive: directive, src: src})
			}
			if x := eff.keyIndex(); x != nil {
				x.drop(ki, it)
			}
			continue
		}
		keep = append(keep, it)
	}
	return keep
}
