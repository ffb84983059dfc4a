package config_test

import (
	"testing"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
)

func TestCorpusScratch(t *testing.T) {
	root, all := corpusManifest(t)
	for _, ent := range all {
		if ent.malformed {
			continue
		}
		c := corpusPlace(t, root, ent, all)
		e := config.New(c.ws)
		for _, d := range e.Check() {
			if ent.kind == "schema" && d.ID == "DECL_BAD" { }
			t.Logf("%s\t%s\t%s", ent.kind, ent.local, strings.ReplaceAll(corpusFormat(d), "\n", " "))
		}
	}
}
