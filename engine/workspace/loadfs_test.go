//go:build !js

package workspace

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"C/Windows/System32/inetsrv/config/applicationHost.config": {Data: []byte("<configuration/>\r\n")},
		"C/inetpub/wwwroot/web.config":                             {Data: []byte("<configuration/>")},
		"d/sites/app/web.config":                                   {Data: []byte("d")},
		"UNC/fs01/content/web.config":                              {Data: []byte("u")},
		"C/empty":                                                  {Mode: 0o755 | 1<<31}, // a directory
	}
	w, err := LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, f := range w.Files() {
		got = append(got, [2]string{f.Path, string(f.Text)})
	}
	want := [][2]string{
		{`\\fs01\content\web.config`, "u"},
		{`C:\inetpub\wwwroot\web.config`, "<configuration/>"},
		{`C:\Windows\System32\inetsrv\config\applicationHost.config`, "<configuration/>\r\n"},
		{`D:\sites\app\web.config`, "d"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("files = %q\nwant %q", got, want)
	}

	tree := w.Tree()
	var rels []string
	for _, tf := range tree {
		rels = append(rels, tf.RelPath)
	}
	wantRels := []string{"UNC/fs01/content/web.config", "C/inetpub/wwwroot/web.config", "C/Windows/System32/inetsrv/config/applicationHost.config", "D/sites/app/web.config"}
	if !reflect.DeepEqual(rels, wantRels) {
		t.Fatalf("tree = %q\nwant %q", rels, wantRels)
	}

	// Tree → MapFS → LoadFS gives the same files back.
	back := fstest.MapFS{}
	for _, tf := range tree {
		back[tf.RelPath] = &fstest.MapFile{Data: tf.Text}
	}
	w2, err := LoadFS(back)
	if err != nil {
		t.Fatal(err)
	}
	assertSameWorkspace(t, w, w2)
}

func TestLoadFSReportsEverything(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md":               {Data: []byte("x")},
		"docs/a.txt":              {Data: []byte("x")},
		"UNC/server/loose.txt":    {Data: []byte("x")},
		"C/big.config":            {Data: make([]byte, MaxLoadFileSize+1)},
		"C/a/web.config":          {Data: []byte("x")},
		"c/A/Web.config":          {Data: []byte("y")},
		"C/link":                  {Data: []byte("x"), Mode: 1 << 27}, // symlink
		"C/inetpub/ok/web.config": {Data: []byte("fine")},
	}
	_, err := LoadFS(fsys)
	if err == nil {
		t.Fatal("no error")
	}
	want := "load directory: " + strings.Join([]string{
		"C/big.config: 67108865 bytes is larger than the 67108864-byte limit",
		"C/link: not a regular file",
		"README.md: not below a drive folder (C/...) or a UNC share (UNC/server/share/...)",
		"UNC/server/loose.txt: not below a drive folder (C/...) or a UNC share (UNC/server/share/...)",
		`c/A/Web.config: same Windows path as C/a/web.config (C:\A\Web.config; paths compare case-insensitively)`,
		"docs: top-level folder is neither a drive letter nor UNC",
	}, "; ")
	if err.Error() != want {
		t.Fatalf("err =\n%s\nwant\n%s", err, want)
	}
}

func TestTreeCheckedRefusesRelative(t *testing.T) {
	w := New()
	w.Set(`C:\a\web.config`, []byte("x"))
	w.Set(`rel\web.config`, []byte("y"))
	tree, err := w.TreeChecked()
	if want := `cannot mirror as a directory (not a drive or UNC file path): rel\web.config`; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if len(tree) != 1 || tree[0].RelPath != "C/a/web.config" {
		t.Fatalf("tree = %+v", tree)
	}
	if got := w.Tree(); len(got) != 1 {
		t.Fatalf("Tree = %+v", got)
	}
}
