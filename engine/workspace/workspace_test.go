package workspace

import (
	"strings"
	"testing"
)

// The engine's parse cache compares *File pointers: a Set of the bytes a
// file already has must keep its identity, or every write that rewrites
// the whole workspace re-parses every file.
func TestSetKeepsUnchangedFile(t *testing.T) {
	w := New()
	p := `C:\site\web.config`
	f := w.Set(p, []byte("<configuration />"))
	v := w.Version()
	if g := w.Set(p, []byte("<configuration />")); g != f {
		t.Fatalf("Set of the same bytes made a new *File")
	}
	if w.Version() != v {
		t.Errorf("Set of the same bytes changed the version: %d → %d", v, w.Version())
	}
	if g, _ := w.Get(p); g != f {
		t.Fatalf("Get returns another *File after an unchanged Set")
	}
	// Other bytes, or another spelling of the path, are a change.
	if g := w.Set(p, []byte("<configuration/>")); g == f || w.Version() == v {
		t.Errorf("Set of other bytes kept the file or the version")
	}
	f = w.Set(p, []byte("<configuration />"))
	if g := w.Set(`C:\site\Web.config`, []byte("<configuration />")); g == f || g.Path != `C:\site\Web.config` {
		t.Errorf("Set under another spelling kept the old *File (path %q)", g.Path)
	}
}

func TestSetKeepsUnreadableFlag(t *testing.T) {
	w := New()
	p := `C:\site\web.config`
	w.Set(p, []byte("a"))
	w.SetUnreadable(p, true)
	f, _ := w.Get(p)
	v := w.Version()
	w.SetUnreadable(p, true)
	if g, _ := w.Get(p); g != f || w.Version() != v {
		t.Errorf("SetUnreadable with the flag already set changed the file")
	}
	if g := w.Set(p, []byte("b")); !g.Unreadable {
		t.Errorf("a new text lost the unreadable flag")
	}
}

func TestReuse(t *testing.T) {
	prev := New()
	a := prev.Set(`C:\a\web.config`, []byte("one"))
	b := prev.Set(`C:\b\web.config`, []byte("two"))
	prev.Set(`C:\c\web.config`, []byte("three"))
	prev.SetUnreadable(`C:\c\web.config`, true)
	c, _ := prev.Get(`C:\c\web.config`)

	next := New()
	next.Set(`C:\a\web.config`, []byte("one"))     // unchanged
	next.Set(`C:\b\web.config`, []byte("changed")) // changed
	next.Set(`C:\c\web.config`, []byte("three"))   // readable now
	next.Set(`C:\d\web.config`, []byte("new"))
	next.Reuse(prev)
	if g, _ := next.Get(`C:\a\web.config`); g != a {
		t.Errorf("unchanged file not reused")
	}
	if g, _ := next.Get(`C:\b\web.config`); g == b || string(g.Text) != "changed" {
		t.Errorf("changed file reused")
	}
	if g, _ := next.Get(`C:\c\web.config`); g == c || g.Unreadable {
		t.Errorf("file whose flag changed reused")
	}
	if fs := next.Files(); len(fs) != 4 || fs[0] != a {
		t.Errorf("Files after Reuse: %d files, first %p (want %p)", len(fs), fs[0], a)
	}
}

func TestQuotePath(t *testing.T) {
	for in, want := range map[string]string{
		`site\web.config`:       `"site\web.config"`,
		`C:\inetpub\web.config`: `"C:\inetpub\web.config"`,
		"a\"b":                  `"a\"b"`,
		"line\nbreak":           `"line\nbreak"`,
		"":                      `""`,
	} {
		if got := QuotePath(in); got != want {
			t.Errorf("QuotePath(%q) = %s, want %s", in, got, want)
		}
	}
}

// backslashed is strings.ReplaceAll(p, "/", `\`), written out.
func TestBackslashed(t *testing.T) {
	for _, p := range []string{"", "/", "a", `C:\a\b`, "C:/a/b", "//server/share/", `mixed/and\both/`, "é/ü"} {
		if got, want := backslashed(p), strings.ReplaceAll(p, "/", `\`); got != want {
			t.Errorf("backslashed(%q) = %q, want %q", p, got, want)
		}
	}
}

// Clean returns a path it finds already clean as it is (isClean), without
// splitting it: that shortcut must agree with the full cleaning.
func TestCleanShortcutAgrees(t *testing.T) {
	for _, p := range []string{
		`C:\`, `C:`, `c:\inetpub\wwwroot\web.config`, `C:\inetpub\\wwwroot`, `C:\inetpub\`, `C:\a\.\b`, `C:\a\..\b`,
		`C:\..`, `..\x`, `.\x`, `x`, `x\y`, `\\server\share\x`, `\x`, `C:/a/b`, `C:x`, `a\..`, "", `.`, `..`, `C:\a.\b..\c...`,
	} {
		if isClean(p) && cleanSlow(p) != p {
			t.Errorf("isClean(%q), but the full cleaning gives %q", p, cleanSlow(p))
		}
	}
}

func FuzzCleanShortcut(f *testing.F) {
	for _, p := range []string{`C:\`, `C:\inetpub\wwwroot\web.config`, `a\..\b`, `\\s\x`, `C:`} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if isClean(p) && cleanSlow(p) != p {
			t.Errorf("isClean(%q), but the full cleaning gives %q", p, cleanSlow(p))
		}
	})
}

// Set of a file that exists keeps Files' memo, with the new file in its
// place (a keystroke does not sort the workspace again); clones that share
// the old memo keep theirs.
func TestFilesAfterSetStaysSorted(t *testing.T) {
	w := New()
	for _, p := range []string{`C:\b\web.config`, `C:\a\web.config`, `C:\c\web.config`, `C:\B\x.config`} {
		w.Set(p, []byte("<configuration />"))
	}
	before := w.Files()
	c := w.Clone()
	w.Set(`C:\A\Web.config`, []byte("<configuration><x/></configuration>"))
	w.SetUnreadable(`C:\c\web.config`, true)
	got := w.Files()
	fresh := &Workspace{files: w.files}
	want := fresh.Files()
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Files()[%d] = %s (%p), want %s (%p)", i, got[i].Path, got[i], want[i].Path, want[i])
		}
	}
	for i, f := range c.Files() {
		if f != before[i] {
			t.Fatalf("the clone's Files()[%d] changed", i)
		}
	}
}
