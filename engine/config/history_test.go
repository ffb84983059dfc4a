package config_test

import (
	"encoding/json"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
)

// An answer depends on the workspace, the path and the options, never on
// the questions an engine was asked before: every answer of an engine that
// has been asked the same path in other spellings (and other paths) first
// is byte for byte a fresh engine's. The engine's caches ignore the path's
// case; what they hold must not carry one spelling into another's answer
// (a value's target, a diagnostic's path).
func TestAnswersDoNotDependOnHistory(t *testing.T) {
	ws := stockPlusThree()
	paths := []string{
		"Default Web Site/shop",
		"default web site/SHOP/catalog/item",
		"DEFAULT WEB SITE/Shop/Catalog",
		"Default Web Site/shop/catalog/item",
		benchDeep,
		"default web site/shop/CATALOG/item",
		"Default Web Site/nowhere/Deeper",
		"default web site/NOWHERE/deeper",
	}
	opts := []config.EvalOptions{{}, {Inputs: true}, {Summary: true}}
	answer := func(e *config.Engine, p string, o config.EvalOptions) string {
		b, err := json.Marshal(e.Evaluate(p, o))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, o := range opts {
		fresh := map[string]string{}
		for _, p := range paths {
			fresh[p] = answer(config.New(ws), p, o)
		}
		// One engine asked every path, forwards and then backwards.
		e := config.New(ws)
		for round := 0; round < 2; round++ {
			for i := range paths {
				p := paths[i]
				if round == 1 {
					p = paths[len(paths)-1-i]
				}
				if got := answer(e, p, o); got != fresh[p] {
					t.Fatalf("%q %+v (round %d): the answer differs from a fresh engine's", p, o, round)
				}
			}
		}
	}
}
