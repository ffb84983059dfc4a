package script

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// definition compares one definition before (l) and after (r) the change
// and returns its steps, sorted into removals, edits and locks (see
// orderSteps).
func (b *builder) definition(l, r *definition) (clears, sets, locks []Step) {
	d := r
	if d == nil {
		d = l
	}
	step := func(kind StepKind) Step {
		loc := ""
		if !strings.EqualFold(d.target, d.commit) {
			loc = d.target[len(d.commit)+1:]
		}
		return Step{Kind: kind, Section: d.section, Path: d.target, Commit: d.commit, Location: loc}
	}
	if l != nil && r != nil && nodeText(l.node) == nodeText(r.node) && l.mode == r.mode && l.iica == r.iica {
		return nil, nil, nil
	}
	// A location tag for a path that does not exist (a deleted site)
	// has no effect, and tools refuse to write one: it is left out.
	if l != nil && stale(b.from, l) {
		b.note(Note{File: l.file, Section: l.section, Path: l.target, Text: "before the change, the location path names nothing on the server (a deleted site?): it has no effect and is not scripted"})
		l = nil
	}
	if r != nil && stale(b.to, r) {
		b.note(Note{File: r.file, Section: r.section, Path: r.target, Text: "the location path names nothing on the server (a deleted site?): it has no effect, tools refuse to write it, and it is not scripted"})
		r = nil
	}
	if l == nil && r == nil {
		return nil, nil, nil
	}
	d = r
	if d == nil {
		d = l
	}
	for i, x := range []*definition{l, r} {
		if x == nil {
			continue
		}
		e := b.from
		if i == 1 {
			e = b.to
		}
		if why := b.unscriptable(e, x); why != "" {
			b.note(Note{File: x.file, Section: x.section, Path: x.target, Text: why})
			return nil, nil, nil
		}
	}
	if r == nil {
		if isEmpty(l.node) && l.mode == "" {
			return nil, nil, nil // an empty definition changes nothing
		}
		return []Step{step(StepClear)}, nil, nil
	}
	sch := b.sectionSchema(r.section)
	if l != nil && l.iica != r.iica {
		b.note(Note{File: r.file, Section: r.section, Path: r.target,
			Text: `inheritInChildApplications changes from "` + orDefault(l.iica) + `" to "` + orDefault(r.iica) + `": no IIS tool writes it; edit the <location> tag by hand`})
	} else if l == nil && r.iica == "false" {
		b.note(Note{File: r.file, Section: r.section, Path: r.target,
			Text: `the definition sits in <location inheritInChildApplications="false">: no IIS tool writes that attribute; add it by hand`})
	}
	removesNothing := b.removesNothing(r)
	var createNotes []string
	create := func() []Step {
		df := &differ{removesNothing: removesNothing}
		df.create(sch, r.node, nil, true)
		createNotes = df.notes
		return df.steps(step)
	}
	lockStep := func() Step {
		s := step(StepLock)
		s.Mode = r.mode
		return s
	}
	if l == nil || (l.mode != r.mode && r.mode == "") {
		// New definition, or one whose location tag loses its override
		// mode (no tool sets "inherit"): written afresh.
		if l != nil {
			clears = append(clears, step(StepClear))
		}
		sets = create()
		if r.mode == "Allow" {
			sets = append([]Step{lockStep()}, sets...)
		} else if r.mode == "Deny" {
			locks = append(locks, lockStep())
		}
		b.notes(r, createNotes)
		return clears, sets, locks
	}
	df := &differ{removesNothing: removesNothing}
	if !df.element(sch, l.node, r.node, nil) {
		clears = append(clears, step(StepClear))
		sets = create()
		if r.mode != "" {
			// The definition is written afresh, so its mode is too.
			l = &definition{}
		}
	} else {
		sets = df.steps(step)
	}
	b.notes(r, df.notes)
	b.notes(r, createNotes)
	if l.mode != r.mode {
		if r.mode == "Allow" {
			sets = append([]Step{lockStep()}, sets...)
		} else {
			locks = append(locks, lockStep())
		}
	}
	return clears, sets, locks
}

func (b *builder) notes(d *definition, texts []string) {
	for _, t := range texts {
		b.note(Note{File: d.file, Section: d.section, Path: d.target, Text: t})
	}
}

// removesNothing answers, for the definition after the change, whether
// a remove directive removed an item: the engine traces every removal
// to the directive that made it.
func (b *builder) removesNothing(d *definition) func(path []Seg, n *xmltree.Node) bool {
	var el config.Element
	done := false
	return func(path []Seg, n *xmltree.Node) bool {
		if !done {
			done = true
			if sec, err := b.to.Section(d.target, d.section); err == nil && sec.Name == d.section {
				el = sec.Element
			}
		}
		cur := el
		for _, s := range path {
			if !cur.Exists() {
				return false
			}
			if !s.isItem() {
				cur, _ = cur.Child(s.Name)
				continue
			}
			var next config.Element
			for _, it := range cur.Items() {
				if itemMatches(it, s.Keys) {
					next = it
					break
				}
			}
			cur = next
		}
		if !cur.Exists() {
			return false // cannot tell: keep the directive
		}
		for _, it := range cur.Items() {
			src, ok := it.Source()
			if itemMatches(it, keyPairsOf(n)) && (!ok || !strings.EqualFold(src.File, d.file) || src.Line < int(n.Start.Line)) {
				return false // still there from above: the remove failed (a lock), which is not nothing
			}
		}
		for _, r := range cur.Removed() {
			if strings.EqualFold(r.Source.File, d.file) && r.Source.Line == int(n.Start.Line) {
				return false
			}
		}
		return true
	}
}

func keyPairsOf(n *xmltree.Node) [][2]string { return attrPairs(n) }

func itemMatches(it config.Element, keys [][2]string) bool {
	for _, kv := range keys {
		v, ok := it.Value(kv[0])
		if !ok || !strings.EqualFold(v.Text, kv[1]) {
			return false
		}
	}
	return true
}

// stale reports a definition whose target path the engine cannot
// resolve: a location tag naming a site the server does not have.
func stale(e *config.Engine, d *definition) bool {
	if d.target == d.commit {
		return false
	}
	_, err := e.NormalizePath(d.target)
	return err != nil
}

func orDefault(s string) string {
	if s == "" {
		return "true"
	}
	return s
}

// unscriptable says why a definition cannot be written by a tool, or "".
func (b *builder) unscriptable(e *config.Engine, d *definition) string {
	if b.sectionSchema(d.section) == nil {
		return "the section has no schema on the server, so no IIS tool can write it; edit the file by hand"
	}
	if full, ok := e.ResolveSection(d.section); !ok || full != d.section {
		return "the section is not declared in <configSections>, so no IIS tool can read or write it; edit the file by hand"
	}
	if _, ok := d.node.Attr("configSource"); ok {
		return "the section is kept in a configSource file; copy that file and edit the section's configSource attribute by hand"
	}
	if _, ok := d.node.Attr("configProtectionProvider"); ok {
		return "the section is encrypted; encrypt it on the server (aspnet_regiis -pe) after setting its values"
	}
	return ""
}

func (b *builder) sectionSchema(name string) *schema.Element {
	if s := b.to.Schema().Section(name); s != nil {
		return s.Root
	}
	if s := b.from.Schema().Section(name); s != nil {
		return s.Root
	}
	return nil
}

func nodeText(n *xmltree.Node) string {
	var b strings.Builder
	writeNode(&b, n)
	return b.String()
}

// writeNode serialises the parts of an element that carry configuration
// (names, attributes, element children), so that formatting and comments
// do not count as a change.
func writeNode(b *strings.Builder, n *xmltree.Node) {
	b.WriteString("<" + n.Name)
	for _, a := range n.Attrs {
		b.WriteString(" " + a.Name + "=\"" + a.Value + "\"")
	}
	b.WriteString(">")
	for c := range n.ElementChildren() {
		writeNode(b, c)
	}
	b.WriteString("</>")
}

func isEmpty(n *xmltree.Node) bool {
	return len(n.Attrs) == 0 && !hasElements(n)
}

// differ accumulates the property operations of one definition.
type differ struct {
	ops   []Op
	notes []string
	// removesNothing reports that a <remove/> of the target definition
	// removes no item there: a tool refuses to remove what is not in
	// the collection, and leaving it out changes nothing.
	removesNothing func(path []Seg, n *xmltree.Node) bool
}

func (df *differ) sub() *differ { return &differ{removesNothing: df.removesNothing} }

// steps groups consecutive operations into commands: attribute and
// element removals are one kind of command (appcmd's clear config),
// everything else another (set config).
func (df *differ) steps(mk func(StepKind) Step) []Step {
	var out []Step
	for _, op := range df.ops {
		kind := StepSet
		if op.Kind == OpClearAttr || op.Kind == OpClearElement {
			kind = StepClearProps
		}
		if len(out) == 0 || out[len(out)-1].Kind != kind {
			out = append(out, mk(kind))
		}
		out[len(out)-1].Ops = append(out[len(out)-1].Ops, op)
	}
	return out
}

func withSeg(path []Seg, s Seg) []Seg {
	out := make([]Seg, len(path), len(path)+1)
	copy(out, path)
	return append(out, s)
}

func hasItem(path []Seg) bool {
	for _, s := range path {
		if s.isItem() {
			return true
		}
	}
	return false
}

// create writes the content of n from nothing: its attributes (when
// attrs), child elements and collection directives.
func (df *differ) create(sch *schema.Element, n *xmltree.Node, path []Seg, attrs bool) {
	if attrs {
		for _, a := range n.Attrs {
			if isXMLNS(a.Name) {
				continue
			}
			df.ops = append(df.ops, Op{Kind: OpSetAttr, Path: path, Name: a.Name, Value: a.Value, Type: typeOf(sch, a.Name)})
		}
	}
	var coll *schema.Collection
	if sch != nil {
		coll = sch.Collection
	}
	for c := range n.ElementChildren() {
		if coll != nil && isDirective(coll, c.Name) {
			continue
		}
		var csch *schema.Element
		if sch != nil {
			csch = sch.Element(c.Name)
		}
		df.create(csch, c, withSeg(path, Seg{Name: c.Name}), true)
	}
	if coll != nil {
		for _, dir := range directives(coll, n) {
			df.createDirective(coll, dir.node, path)
		}
	}
}

func (df *differ) createDirective(coll *schema.Collection, n *xmltree.Node, path []Seg) {
	switch {
	case n.Name == coll.ClearElement:
		df.ops = append(df.ops, Op{Kind: OpClearCollection, Path: path})
	case n.Name == coll.RemoveElement:
		if df.removesNothing != nil && df.removesNothing(path, n) {
			df.notes = append(df.notes, "a <"+n.Name+"> of an item that is not in the collection is left out: it changes nothing, and tools refuse it")
			return
		}
		df.ops = append(df.ops, Op{Kind: OpRemoveItem, Path: path, Attrs: attrPairs(n)})
	default:
		attrs := attrPairs(n)
		df.ops = append(df.ops, Op{Kind: OpAddItem, Path: path, Attrs: attrs, Keys: keyPairs(coll, n), Types: typesOf(coll.Item, attrs), Element: n.Name,
			FirstAdd: len(coll.AddElements) > 0 && coll.AddElements[0] == n.Name})
		df.create(coll.Item, n, withSeg(path, itemSeg(coll, n)), false)
	}
}

// element turns element a into element b. It reports false when a tool
// cannot make the change in place (an attribute or child element deleted
// inside a collection item, a <clear/> taken back), so that the caller
// rewrites the enclosing element instead.
func (df *differ) element(sch *schema.Element, a, b *xmltree.Node, path []Seg) bool {
	if nodeText(a) == nodeText(b) {
		return true
	}
	for _, ba := range b.Attrs {
		if isXMLNS(ba.Name) {
			continue
		}
		aa, ok := a.Attr(ba.Name)
		if ok && sameValue(sch, ba.Name, aa.Value, ba.Value) {
			continue
		}
		df.ops = append(df.ops, Op{Kind: OpSetAttr, Path: path, Name: ba.Name, Value: ba.Value, Type: typeOf(sch, ba.Name)})
	}
	for _, aa := range a.Attrs {
		if _, ok := b.Attr(aa.Name); ok || isXMLNS(aa.Name) {
			continue
		}
		if hasItem(path) {
			return false
		}
		if sch != nil && typeOf(sch, aa.Name) != "lock" && sch.Attribute(aa.Name) == nil {
			// No tool removes an attribute the schema does not know
			// (appcmd refuses `/-name`): the element is written afresh.
			return false
		}
		df.ops = append(df.ops, Op{Kind: OpClearAttr, Path: path, Name: aa.Name})
	}
	var coll *schema.Collection
	if sch != nil {
		coll = sch.Collection
	}
	for _, name := range childNames(coll, a, b) {
		ca, cb := a.Element(name), b.Element(name)
		var csch *schema.Element
		if sch != nil {
			csch = sch.Element(name)
		}
		cp := withSeg(path, Seg{Name: name})
		switch {
		case ca == nil:
			df.create(csch, cb, cp, true)
		case cb == nil:
			if hasItem(path) {
				return false
			}
			df.ops = append(df.ops, Op{Kind: OpClearElement, Path: path, Name: name})
		default:
			sub := df.sub()
			if sub.element(csch, ca, cb, cp) {
				df.ops = append(df.ops, sub.ops...)
				df.notes = append(df.notes, sub.notes...)
				continue
			}
			if hasItem(path) {
				return false
			}
			// Rewrite the child element: remove it, write it afresh.
			df.ops = append(df.ops, Op{Kind: OpClearElement, Path: path, Name: name})
			df.create(csch, cb, cp, true)
		}
	}
	if coll != nil {
		return df.collection(coll, a, b, path)
	}
	return true
}

// childNames lists the child elements (not collection directives) of a
// and b, in b's order then a's.
func childNames(coll *schema.Collection, a, b *xmltree.Node) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range []*xmltree.Node{b, a} {
		for c := range n.ElementChildren() {
			if coll != nil && isDirective(coll, c.Name) {
				continue
			}
			if !seen[c.Name] {
				seen[c.Name] = true
				out = append(out, c.Name)
			}
		}
	}
	return out
}

// directive is one add, remove or clear element of a collection.
type directive struct {
	node *xmltree.Node
	kind byte   // 'a', 'r', 'c'
	key  string // identity within the collection
}

func isDirective(coll *schema.Collection, name string) bool {
	return coll.IsAdd(name) || (name != "" && (name == coll.RemoveElement || name == coll.ClearElement))
}

func directives(coll *schema.Collection, n *xmltree.Node) []directive {
	var out []directive
	if n == nil {
		return out
	}
	for c := range n.ElementChildren() {
		switch {
		case c.Name == coll.ClearElement && coll.ClearElement != "":
			out = append(out, directive{node: c, kind: 'c'})
		case c.Name == coll.RemoveElement && coll.RemoveElement != "":
			out = append(out, directive{node: c, kind: 'r', key: pairsKey(keyPairs(coll, c))})
		case coll.IsAdd(c.Name):
			out = append(out, directive{node: c, kind: 'a', key: c.Name + pairsKey(keyPairs(coll, c))})
		}
	}
	return out
}

func lastClear(ds []directive) int {
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].kind == 'c' {
			return i
		}
	}
	return -1
}

func sameDirectives(a, b []directive) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].kind != b[i].kind || nodeText(a[i].node) != nodeText(b[i].node) {
			return false
		}
	}
	return true
}

// collection turns a's directives into b's. Tools can append items,
// delete items added at this level, edit them in place, add remove
// directives and clear the collection; they cannot take back a <remove/>
// or a <clear/>, or insert in the middle (UNCERTAIN(appcmd-item-position):
// appcmd's @N counts from an origin we have not seen confirmed, so the
// plan never uses it).
func (df *differ) collection(coll *schema.Collection, a, b *xmltree.Node, path []Seg) bool {
	ad, bd := directives(coll, a), directives(coll, b)
	if sameDirectives(ad, bd) {
		return true
	}
	if k := lastClear(bd); k >= 0 {
		if j := lastClear(ad); j >= 0 && sameDirectives(ad[j:], bd[k:]) {
			return true // only what the clear discards differs
		}
		df.ops = append(df.ops, Op{Kind: OpClearCollection, Path: path})
		for _, dir := range bd[k+1:] {
			df.createDirective(coll, dir.node, path)
		}
		return true
	}
	if lastClear(ad) >= 0 {
		return false
	}
	inB := map[string]int{}
	for i, d := range bd {
		inB[string(d.kind)+d.key] = i
	}
	removesOnly := true // a holds no remove directive that b drops
	hasRemoves := false
	var kept []directive
	var deleted []directive
	for _, d := range ad {
		_, ok := inB[string(d.kind)+d.key]
		switch {
		case ok:
			kept = append(kept, d)
		case d.kind == 'r':
			removesOnly = false
		default:
			deleted = append(deleted, d)
		}
		if d.kind == 'r' {
			hasRemoves = true
		}
	}
	if !removesOnly {
		return false
	}
	// b must be the kept directives in their order, then new ones.
	inPlace := len(kept) <= len(bd)
	for i := 0; inPlace && i < len(kept); i++ {
		if string(bd[i].kind)+bd[i].key != string(kept[i].kind)+kept[i].key {
			inPlace = false
		}
	}
	if inPlace {
		sub := df.sub()
		for _, d := range deleted {
			sub.ops = append(sub.ops, Op{Kind: OpRemoveItem, Path: path, Attrs: keyPairs(coll, d.node), Element: d.node.Name})
		}
		ok := true
		for i, d := range kept {
			if d.kind != 'a' {
				continue
			}
			if !sub.element(coll.Item, d.node, bd[i].node, withSeg(path, itemSeg(coll, d.node))) {
				ok = false
				break
			}
		}
		if ok {
			for _, d := range bd[len(kept):] {
				sub.createDirective(coll, d.node, path)
			}
			df.ops = append(df.ops, sub.ops...)
			df.notes = append(df.notes, sub.notes...)
			return true
		}
	}
	if hasRemoves {
		return false
	}
	// Items added here only: delete them all and add b's in order.
	for _, d := range ad {
		df.ops = append(df.ops, Op{Kind: OpRemoveItem, Path: path, Attrs: keyPairs(coll, d.node), Element: d.node.Name})
	}
	for _, d := range bd {
		df.createDirective(coll, d.node, path)
	}
	return true
}

// keyPairs are the attributes that identify an item: its key attributes
// when the collection has keys (and no duplicates), else every attribute.
func keyPairs(coll *schema.Collection, n *xmltree.Node) [][2]string {
	var out [][2]string
	if !coll.AllowDuplicates {
		for _, k := range coll.Keys() {
			if a, ok := n.Attr(k.Name); ok {
				out = append(out, [2]string{k.Name, a.Value})
			}
		}
	}
	if len(out) == 0 {
		out = attrPairs(n)
	}
	return out
}

func itemSeg(coll *schema.Collection, n *xmltree.Node) Seg {
	return Seg{Keys: keyPairs(coll, n), Element: n.Name}
}

// typeOf names an attribute's type for the typed languages (see Op.Type).
func typeOf(sch *schema.Element, name string) string {
	if config.IsLockAttribute(name) {
		return "lock"
	}
	if sch == nil {
		return "string"
	}
	a := sch.Attribute(name)
	if a == nil {
		return "string"
	}
	switch a.Type {
	case schema.Bool:
		return "bool"
	case schema.UInt, schema.Int, schema.Int64:
		if a.AllowInfinite {
			return "string"
		}
		return "int"
	case schema.TimeSpan:
		if a.TimeSpanFormat == schema.TimeSpanString {
			return "timeSpan"
		}
		return "int"
	}
	return "string"
}

func typesOf(sch *schema.Element, pairs [][2]string) []string {
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = typeOf(sch, p[0])
	}
	return out
}

func pairsKey(ps [][2]string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p[0] + "=" + strings.ToLower(p[1]) + ";")
	}
	return b.String()
}

func attrPairs(n *xmltree.Node) [][2]string {
	out := [][2]string{}
	for _, a := range n.Attrs {
		if isXMLNS(a.Name) {
			continue
		}
		out = append(out, [2]string{a.Name, a.Value})
	}
	return out
}

func isXMLNS(name string) bool {
	return name == "xmlns" || strings.HasPrefix(name, "xmlns:")
}

// sameValue compares two values of an attribute as the schema reads them
// (True and true are the same boolean); text that does not parse
// compares as written.
func sameValue(sch *schema.Element, name, a, b string) bool {
	if a == b {
		return true
	}
	if sch == nil {
		return false
	}
	as := sch.Attribute(name)
	if as == nil || as.Type == schema.String {
		return false
	}
	av, ra := as.Parse(a)
	bv, rb := as.Parse(b)
	return ra == "" && rb == "" && av.Text == bv.Text
}
