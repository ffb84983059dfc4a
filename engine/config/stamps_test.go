package config

import (
	"encoding/json"
	"testing"

	"github.com/iisconf/iisconf/engine/model"
)

// The playground keeps the sections of its last answer and names their
// stamps (EvalOptions.Known); the engine answers those it would build the
// same as {name, stamp, same}. Laying the held sections over such an
// answer must give exactly the answer without Known, for every edit the
// page can make: in a file that defines the section, in one that does not,
// a lock, a declaration, a broken file, and back.
func TestKnownStampsGiveTheFullAnswer(t *testing.T) {
	ws := incrementalWorkspace()
	eng := New(ws)
	const path = "Default Web Site/app/sub"
	site := `C:\inetpub\wwwroot\web.config`
	edits := []string{
		incSite, // the first answer: nothing held yet
		incSite, // unchanged text: every section the same
		replaceOnce(incSite, `home.html`, `index.htm`),
		replaceOnce(incSite, `<directoryBrowse enabled="true" />`, ``),
		replaceOnce(incSite, `<location path="." inheritInChildApplications="false">`, `<location path="app" overrideMode="Deny">`),
		replaceOnce(incSite, `<configuration>`, `<configuration><configSections><section name="mine" /></configSections><mine a="1" />`),
		replaceOnce(incSite, `</configuration>`, ``), // not well-formed
		incSite,
	}
	for _, mode := range []EvalOptions{
		{NoDefaults: true},
		{NoDefaults: true, Elements: []string{"system.webServer/defaultDocument", "appSettings"}},
		{Summary: true},
		{},
	} {
		held := map[string]model.Section{}
		for i, text := range edits {
			ws.Set(site, []byte(text))
			eng = eng.Update(ws)
			opt := mode
			opt.Stamps = true
			for _, s := range held {
				opt.Known = append(opt.Known, s.Stamp)
			}
			got := eng.Evaluate(path, opt)
			same := 0
			for k, s := range got.Sections {
				if s.Stamp == 0 {
					t.Fatalf("edit %d: section %s has no stamp", i, s.Name)
				}
				if s.Same {
					h, ok := held[s.Name]
					if !ok || h.Stamp != s.Stamp {
						t.Fatalf("edit %d: %s answered same for a stamp not held", i, s.Name)
					}
					got.Sections[k] = h
					same++
				}
			}
			want := eng.Evaluate(path, mode)
			if a, b := withoutStamps(t, got), withoutStamps(t, want); a != b {
				t.Fatalf("edit %d (%+v): the held sections laid over the answer differ from the full answer", i, mode)
			}
			if i == 1 && same != len(got.Sections) {
				t.Errorf("unchanged files: %d of %d sections answered same", same, len(got.Sections))
			}
			if i == 2 && (same == 0 || same == len(got.Sections)) {
				t.Errorf("one value edited: %d of %d sections answered same, want all but a few", same, len(got.Sections))
			}
			held = map[string]model.Section{}
			for _, s := range got.Sections {
				held[s.Name] = s
			}
		}
	}
}

func withoutStamps(t *testing.T, r *model.Result) string {
	t.Helper()
	c := *r
	c.Sections = append([]model.Section(nil), r.Sections...)
	for i := range c.Sections {
		c.Sections[i].Stamp = 0
	}
	b, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
