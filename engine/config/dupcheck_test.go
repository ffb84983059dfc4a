package config

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/iisconf/iisconf/engine/schema"
)

// TestShortCollectionsFindTheSameDuplicate: a collection below indexMin
// items finds duplicates by comparing keys one by one (scanDup), a longer
// one through its keyIndex. Both must name the same clashing item — the
// one the "first added here" note points at — for the three key shapes:
// one unique key, a combined key and several unique keys (sites).
func TestShortCollectionsFindTheSameDuplicate(t *testing.T) {
	sch := schema.Builtin()
	shapes := []struct {
		section string
		path    []string // child elements down to the collection
	}{
		{"system.webServer/defaultDocument", []string{"files"}}, // value
		{"system.webServer/httpErrors", nil},                    // statusCode + subStatusCode
		{"system.applicationHost/sites", nil},                   // name, id
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sh := range shapes {
		el := sch.Section(sh.section).Root
		for _, name := range sh.path {
			el = el.Element(name)
		}
		m := &merger{}
		ki := m.keyInfo(el.Collection)
		for round := 0; round < 3000; round++ {
			// Few distinct values, so that clashes on one key part or
			// another are common.
			mk := func() *effItem {
				it := &effItem{}
				for range ki.keys {
					// Both cases of a letter, so that comparing
					// parts must fold case as the index does.
					it.key = append(it.key, fmt.Sprint([]string{"V", "v"}[rng.IntN(2)], rng.IntN(3)))
				}
				ki.setWhole(it)
				return it
			}
			var inherited, added []*effItem
			for n := rng.IntN(indexMin); n > 0; n-- {
				inherited = append(inherited, mk())
			}
			for n := rng.IntN(indexMin - len(inherited)); n > 0; n-- {
				added = append(added, mk())
			}
			it := mk()
			got := scanDup(ki, it, inherited, added)
			eff := &effElem{items: inherited}
			want := eff.index(ki, &collState{level: added}, nil).find(ki, ki.lookupKeys(it, nil))
			if got != want {
				t.Fatalf("%s: key %v among %v + %v: scan found %v, index %v", sh.section, it.key, keys(inherited), keys(added), got, want)
			}
		}
	}
}

func keys(list []*effItem) [][]string {
	var out [][]string
	for _, it := range list {
		out = append(out, it.key)
	}
	return out
}
