package compare

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
)

// The walk of one section present on both sides: its effective elements
// side by side, attribute by attribute, child by child and item by item.

// walker collects the changes of one section, depth first in schema
// order.
type walker struct {
	changes []Change
}

func (w *walker) add(c Change) { w.changes = append(w.changes, c) }

// element compares two effective elements at property path prefix. The
// zero Element (the section has no schema on that side) holds nothing:
// what the other side holds is on that side only.
func (w *walker) element(prefix string, l, r config.Element) {
	if l.Exists() && l.Same(r) && prefix == "" {
		// One effective section element read by two paths of one engine
		// (a merge state both share): nothing below it can differ.
		return
	}
	w.attributes(prefix, l, r)
	w.locks(prefix, l, r)
	lc, rc := l.Children(), r.Children()
	pairUp(len(lc), len(rc), func(i int) string { return lc[i].Name() }, func(j int) string { return rc[j].Name() }, func(name string, i, j int) {
		p := join(prefix, name)
		switch {
		case i < 0:
			w.add(Change{Path: p, Kind: KindOnlyRight})
		case j < 0:
			w.add(Change{Path: p, Kind: KindOnlyLeft})
		default:
			w.element(p, lc[i], rc[j])
		}
	})
	w.collection(prefix, l, r)
}

// pairUp pairs two named lists by name, in the left's order and then the
// right's names the left lacks: f gets each name with its index on each
// side, -1 on the side that lacks it (the first of a repeated name
// counts). Both sides nearly always follow one schema, so equal lists
// pair by position without a map.
func pairUp(nl, nr int, lname, rname func(int) string, f func(name string, i, j int)) {
	if nl == nr {
		aligned := true
		for i := 0; i < nl && aligned; i++ {
			aligned = lname(i) == rname(i)
		}
		if aligned {
			for i := 0; i < nl; i++ {
				f(lname(i), i, i)
			}
			return
		}
	}
	li, ri := make(map[string]int, nl), make(map[string]int, nr)
	for j := nr - 1; j >= 0; j-- {
		ri[rname(j)] = j
	}
	for i := nl - 1; i >= 0; i-- {
		li[lname(i)] = i
	}
	for i := 0; i < nl; i++ {
		if n := lname(i); li[n] == i {
			j, ok := ri[n]
			if !ok {
				j = -1
			}
			f(n, i, j)
		}
	}
	for j := 0; j < nr; j++ {
		if n := rname(j); ri[n] == j {
			if _, ok := li[n]; !ok {
				f(n, -1, j)
			}
		}
	}
}

func (w *walker) attributes(prefix string, l, r config.Element) {
	lv, rv := l.Values(), r.Values()
	pairUp(len(lv), len(rv), func(i int) string { return lv[i].Name }, func(j int) string { return rv[j].Name }, func(n string, i, j int) {
		// The path is joined only for a change: most attributes have none.
		switch {
		case i < 0:
			w.add(Change{Path: join(prefix, n), Kind: KindOnlyRight, Right: valueOf(&rv[j])})
		case j < 0:
			w.add(Change{Path: join(prefix, n), Kind: KindOnlyLeft, Left: valueOf(&lv[i])})
		case lv[i].Text != rv[j].Text:
			w.add(Change{Path: join(prefix, n), Kind: KindValue, Left: valueOf(&lv[i]), Right: valueOf(&rv[j])})
		case !sameSource(&lv[i], &rv[j]):
			w.add(Change{Path: join(prefix, n), Kind: KindSource, Left: valueOf(&lv[i]), Right: valueOf(&rv[j])})
		}
	})
}

func (w *walker) locks(prefix string, l, r config.Element) {
	ll, rl := lockList(l.Locks()), lockList(r.Locks())
	if strings.Join(ll, ",") != strings.Join(rl, ",") {
		p := prefix
		if p == "" {
			p = "."
		}
		w.add(Change{Path: p, Kind: KindLocks, LeftLocks: ll, RightLocks: rl})
	}
}

// lockList flattens granular locks for comparison: "attribute:x",
// "element:y", "item".
func lockList(l config.Locks) []string {
	var out []string
	for _, a := range l.Attributes {
		out = append(out, "attribute:"+a)
	}
	for _, e := range l.Elements {
		out = append(out, "element:"+e)
	}
	if l.Item {
		out = append(out, "item")
	}
	sort.Strings(out)
	return out
}

// collection matches the items of l and r by their keys (by position
// when the collection has no key or allows duplicates), reports items
// present on one side only, compares matched items, then their order.
func (w *walker) collection(prefix string, lh, rh config.Element) {
	l, r := lh.Items(), rh.Items()
	if len(l) == 0 && len(r) == 0 {
		return
	}
	lk, ld := itemKeys(lh, l)
	rk, rd := itemKeys(rh, r)
	rIndex := map[string]int{}
	for i, k := range rk {
		rIndex[k] = i
	}
	lIndex := map[string]int{}
	for i, k := range lk {
		lIndex[k] = i
	}
	var commonL, commonR []string
	for i, k := range lk {
		p := prefix + itemPath(prefix, ld[i])
		j, ok := rIndex[k]
		if !ok {
			w.add(Change{Path: p, Kind: KindOnlyLeft, Left: itemValue(l[i])})
			continue
		}
		commonL = append(commonL, ld[i])
		w.element(p, l[i], r[j])
	}
	for j, k := range rk {
		if i, ok := lIndex[k]; !ok {
			w.add(Change{Path: prefix + itemPath(prefix, rd[j]), Kind: KindOnlyRight, Right: itemValue(r[j])})
		} else {
			commonR = append(commonR, ld[i])
		}
	}
	if strings.Join(commonL, "\x00") != strings.Join(commonR, "\x00") {
		p := prefix
		if p == "" {
			p = "."
		}
		w.add(Change{Path: p, Kind: KindOrder, LeftOrder: commonL, RightOrder: commonR})
	}
}

// itemPath joins an indexer to a property path the way appcmd writes it:
// "[k='v']" at the section root, "files.[k='v']" below.
func itemPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return "." + key
}

// itemKeys names each item of holder "[k='v',…]" by its key as the
// engine matches items (config.Element.Key); without keys (or with
// duplicates allowed) by position "[@i]". A repeated key (a broken
// collection) gets its position appended so that every item keeps a
// distinct name. It returns the names items match by (key parts as the
// engine compares them) and the names as written.
func itemKeys(holder config.Element, items []config.Element) (match, display []string) {
	byKey := false
	if sch := holder.Schema(); sch != nil && sch.Collection != nil {
		byKey = !sch.Collection.AllowDuplicates
	}
	match = make([]string, len(items))
	display = make([]string, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		var key []config.KeyPart
		if byKey {
			key = it.Key()
		}
		m, d := "", ""
		if len(key) > 0 {
			m, d = indexer(key, config.KeyPart.Compared), indexer(key, func(k config.KeyPart) string { return k.Value })
		} else {
			m = "[@" + strconv.Itoa(i) + "]"
			d = m
		}
		if seen[m] {
			m = m[:len(m)-1] + ",@" + strconv.Itoa(i) + "]"
			d = d[:len(d)-1] + ",@" + strconv.Itoa(i) + "]"
		}
		seen[m] = true
		match[i], display[i] = m, d
	}
	return match, display
}

// indexer writes a key as appcmd's indexer "[k='v',…]", each part's
// value as text gives it.
func indexer(key []config.KeyPart, text func(config.KeyPart) string) string {
	var b strings.Builder
	b.WriteByte('[')
	for j, k := range key {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k.Attribute.Name)
		b.WriteString("='")
		b.WriteString(text(k))
		b.WriteByte('\'')
	}
	b.WriteByte(']')
	return b.String()
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// valueOf is an effective value with where it came from.
func valueOf(v *config.Value) *Value {
	out := &Value{Value: v.Text, Origin: v.Origin.String(), Default: v.DefaultFrom}
	if s := v.Source; s.File != "" {
		out.File, out.Line, out.Location = s.File, s.Line, locationOf(s)
	}
	return out
}

// locationOf is the <location path> around a source as written, nil
// outside any location tag.
func locationOf(s config.Source) *string {
	if !s.InLocation {
		return nil
	}
	p := s.LocationPath
	return &p
}

// itemValue describes a collection item by the directive that added it.
func itemValue(it config.Element) *Value {
	v := &Value{Value: itemText(it), Origin: "item"}
	if s, ok := it.Source(); ok {
		v.File, v.Line, v.Location = s.File, s.Line, locationOf(s)
	}
	return v
}

// itemText is an item's explicit attributes as name='value' pairs.
func itemText(it config.Element) string {
	var parts []string
	for _, v := range it.Values() {
		if v.Origin == config.Explicit {
			parts = append(parts, v.Name+"='"+v.Text+"'")
		}
	}
	return strings.Join(parts, ",")
}

// sameSource reports whether two values with the same text come from the
// same place: the same origin and, for explicit values, the same file and
// location tag.
func sameSource(a, b *config.Value) bool {
	if a.Origin != b.Origin || a.DefaultFrom != b.DefaultFrom {
		return false
	}
	if a.Origin != config.Explicit {
		return true
	}
	// The line is left out: one file defines a section once per location
	// path, so file and location name the definition, and an edit above
	// it (before and after, two workspaces) moves its line without
	// moving the value anywhere else.
	return strings.EqualFold(a.Source.File, b.Source.File) && locText(a.Source) == locText(b.Source)
}

// locText is the location path a value reports (valueOf): "\x00" for none.
func locText(s config.Source) string {
	if s.File == "" || !s.InLocation {
		return "\x00"
	}
	return s.LocationPath
}
