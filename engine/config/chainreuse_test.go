package config_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
)

// An engine keeps the chain of the last path evaluated for the next
// evaluation of that path (evaluationChain). Whatever the order of the
// questions, the casing of the path, the options or the goroutines asking,
// every answer is byte for byte what an engine asked the same questions
// without re-using a chain answers (one asked another path in between:
// its kept chain is never the one wanted). That answers do not depend on
// what was asked before at all is TestAnswersDoNotDependOnHistory.
func TestReusedChainAnswersAsABuiltOne(t *testing.T) {
	ws := stockPlusThree()
	paths := []string{
		benchDeep,
		benchDeep,
		"default web site/SHOP/catalog/item",
		"default web site/SHOP/catalog/item",
		"Default Web Site/shop",
		benchDeep,
		"",
		"",
		"MACHINE/WEBROOT",
		"Default Web Site/nowhere/deeper",
		"No Such Site/x",
		"No Such Site/x",
		benchDeep,
		benchDeep,
	}
	opts := []config.EvalOptions{{}, {Inputs: true}, {Sections: []string{"defaultDocument", "appSettings"}}, {Summary: true}}
	answer := func(e *config.Engine, p string, o config.EvalOptions) string {
		b, err := json.Marshal(e.Evaluate(p, o))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	e, ref := config.New(ws), config.New(ws)
	for round := 0; round < 2; round++ {
		for _, p := range paths {
			for _, o := range opts {
				ref.Evaluate("MACHINE", config.EvalOptions{Sections: []string{"appSettings"}})
				if got, want := answer(e, p, o), answer(ref, p, o); got != want {
					t.Fatalf("round %d, %q %+v: the answer differs from an engine's that built the chain afresh", round, p, o)
				}
			}
		}
	}
	// Stamps: the same engine answers the same stamps for the same path, asked again.
	if a, b := answer(e, benchDeep, config.EvalOptions{Stamps: true}), answer(e, benchDeep, config.EvalOptions{Stamps: true}); a != b {
		t.Fatal("stamps changed between two evaluations of one path")
	}

	// Goroutines asking one engine at once (run with -race).
	want := answer(config.New(ws), benchDeep, config.EvalOptions{})
	shared := config.New(ws)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				p := benchDeep
				if (g+i)%3 == 0 {
					p = "Default Web Site/shop"
				}
				got := answer(shared, p, config.EvalOptions{})
				if p == benchDeep && got != want {
					errs <- "a concurrent evaluation differs from a fresh engine's"
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Fatal(msg)
	}
}
