package appcmd

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
)

// Random sequences of set/add/remove on the stock server: after each
// write the effective configuration shows exactly the intended change,
// and (assertReparses) no file gained a diagnostic.
func TestRandomWritesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	paths := []string{"", "Default Web Site", "Default Web Site/a", "Default Web Site/a/b"}
	ws := stock.Workspace()
	for step := 0; step < 60; step++ {
		path := paths[rng.Intn(len(paths))]
		var line string
		var check func(e *config.Engine) error
		switch rng.Intn(3) {
		case 0:
			v := []string{"true", "false"}[rng.Intn(2)]
			line = fmt.Sprintf(`set config "%s" /section:directoryBrowse /enabled:%s`, path, v)
			check = func(e *config.Engine) error {
				el := effectiveElement(e, mustPath(e, path), "system.webServer/directoryBrowse")
				if got, _ := el.Value("enabled"); got.Text != v {
					return fmt.Errorf("enabled = %s, want %s", got.Text, v)
				}
				return nil
			}
		case 1, 2:
			doc := fmt.Sprintf("d%d.htm", rng.Intn(5))
			// Adding above a level that already adds the item would make
			// the lower file a duplicate, which IIS allows the write to do
			// (it validates only the path written); the generator avoids
			// it so the effective result stays checkable.
			e := config.New(ws)
			op := "-"
			if !hasFile(e, path, doc) {
				op = "+"
				for _, q := range paths {
					if strings.HasPrefix(q, path) && len(q) > len(path) && hasFile(e, q, doc) {
						op = ""
					}
				}
			}
			if op == "" {
				continue
			}
			line = fmt.Sprintf(`set config "%s" /section:defaultDocument /%sfiles.[value='%s']`, path, op, doc)
			check = func(e *config.Engine) error {
				if hasFile(e, path, doc) != (op == "+") {
					return fmt.Errorf("%s after %s", doc, op)
				}
				return nil
			}
		}
		o := Exec(ws, SplitCommandLine(line), Options{})
		if o.Err != nil {
			t.Fatalf("step %d %s: %s", step, line, o.Err.Text)
		}
		assertReparses(t, ws, o.Workspace, line)
		ws = o.Workspace
		if err := check(config.New(ws)); err != nil {
			t.Fatalf("step %d %s: %v", step, line, err)
		}
	}
}

func mustPath(e *config.Engine, p string) string {
	n, _ := e.NormalizePath(p)
	return n
}

func hasFile(e *config.Engine, path, doc string) bool {
	el := effectiveElement(e, mustPath(e, path), "system.webServer/defaultDocument")
	files, _ := el.Child("files")
	for _, it := range files.Items() {
		if v, _ := it.Value("value"); strings.EqualFold(v.Text, doc) {
			return true
		}
	}
	return false
}
