package workspace

import (
	"errors"
	"github.com/iisconf/iisconf/engine/diag"
	"reflect"
	"strings"
	"testing"
)

const sampleBundle = "A comment line.\n" +
	"-- C:/inetpub/wwwroot/web.config --\n" +
	"<configuration>\r\n  <system.webServer />\r\n</configuration>\r\n" +
	"-- C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config --\n" +
	"<configuration/>\n" +
	"-- \\\\fs01\\content\\site\\web.config --\n" +
	"-- @env --\n" +
	"SITE_ROOT=D:\\sites\n" +
	"\n" +
	"SystemDrive=D:\n" +
	"-- @unreadable --\n" +
	"c:\\inetpub\\wwwroot\\WEB.config\n"

func TestParseBundle(t *testing.T) {
	w, err := ParseBundle([]byte(sampleBundle))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range w.Files() {
		paths = append(paths, f.Path)
	}
	// Files() sorts by lower-cased path, so `\\` (0x5C) comes before `c`.
	want := []string{`\\fs01\content\site\web.config`, `C:\inetpub\wwwroot\web.config`, `C:\Windows\System32\inetsrv\config\applicationHost.config`}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("paths = %q, want %q", paths, want)
	}
	f, _ := w.Get(`C:\inetpub\wwwroot\web.config`)
	if got, want := string(f.Text), "<configuration>\r\n  <system.webServer />\r\n</configuration>\r\n"; got != want {
		t.Errorf("CRLF text = %q, want %q", got, want)
	}
	if !f.Unreadable {
		t.Error("web.config not marked unreadable")
	}
	if unc, _ := w.Get(`\\fs01\content\site\web.config`); len(unc.Text) != 0 || unc.Unreadable {
		t.Errorf("empty UNC file = %q unreadable=%v", unc.Text, unc.Unreadable)
	}
	if v, _ := w.Getenv("site_root"); v != `D:\sites` {
		t.Errorf("SITE_ROOT = %q", v)
	}
	if v, _ := w.Getenv("SystemDrive"); v != `D:` {
		t.Errorf("SystemDrive = %q", v)
	}
	if v, _ := w.Getenv("windir"); v != `C:\Windows` {
		t.Errorf("default windir lost: %q", v)
	}
	if got := BundleComment([]byte(sampleBundle)); got != "A comment line.\n" {
		t.Errorf("comment = %q", got)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	w, err := ParseBundle([]byte(sampleBundle))
	if err != nil {
		t.Fatal(err)
	}
	out, err := w.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	want := "-- \\\\fs01\\content\\site\\web.config --\n" +
		"-- C:\\inetpub\\wwwroot\\web.config --\n" +
		"<configuration>\r\n  <system.webServer />\r\n</configuration>\r\n" +
		"-- C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config --\n" +
		"<configuration/>\n" +
		"-- @env --\n" +
		"SITE_ROOT=D:\\sites\n" +
		"SystemDrive=D:\n" +
		"-- @unreadable --\n" +
		"C:\\inetpub\\wwwroot\\web.config\n"
	if string(out) != want {
		t.Fatalf("Bundle =\n%q\nwant\n%q", out, want)
	}
	w2, err := ParseBundle(out)
	if err != nil {
		t.Fatal(err)
	}
	assertSameWorkspace(t, w, w2)
	again, err := w2.Bundle()
	if err != nil || string(again) != string(out) {
		t.Fatalf("second Bundle differs (err %v):\n%q", err, again)
	}
}

func assertSameWorkspace(t *testing.T, a, b *Workspace) {
	t.Helper()
	fa, fb := a.Files(), b.Files()
	if len(fa) != len(fb) {
		t.Fatalf("file count %d vs %d", len(fa), len(fb))
	}
	for i := range fa {
		if fa[i].Path != fb[i].Path || string(fa[i].Text) != string(fb[i].Text) || fa[i].Unreadable != fb[i].Unreadable {
			t.Errorf("file %d: %q %q %v vs %q %q %v", i, fa[i].Path, fa[i].Text, fa[i].Unreadable, fb[i].Path, fb[i].Text, fb[i].Unreadable)
		}
	}
	if !reflect.DeepEqual(a.Env(), b.Env()) {
		t.Errorf("env differs:\n%q\n%q", a.Env(), b.Env())
	}
}

func TestBundleCRLFHeaders(t *testing.T) {
	data := "-- C:\\a\\web.config --\r\n<a/>\r\n-- @env --\r\nX=1\r\n"
	w, err := ParseBundle([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := w.Get(`C:\a\web.config`)
	if string(f.Text) != "<a/>\r\n" {
		t.Errorf("text = %q", f.Text)
	}
	if v, _ := w.Getenv("X"); v != "1" {
		t.Errorf("X = %q (CR must not reach the value)", v)
	}
}

func TestBundleAddsFinalNewline(t *testing.T) {
	w := New()
	w.Set(`C:\a\web.config`, []byte("<a/>"))
	w.Set(`C:\b\web.config`, nil)
	out, err := w.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if want := "-- C:\\a\\web.config --\n<a/>\n-- C:\\b\\web.config --\n"; string(out) != want {
		t.Fatalf("Bundle = %q, want %q", out, want)
	}
}

func TestBundleRefusesHeaderLikeLine(t *testing.T) {
	w := New()
	w.Set(`C:\a\web.config`, []byte("<a>\r\n<!--\r\n-- not a header --\r\n-->\r\n</a>"))
	_, err := w.Bundle()
	want := `C:\a\web.config(3,1): line "-- not a header --" looks like a bundle header; the file cannot be bundled`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

func TestBundleRefusesLineBreakInPath(t *testing.T) {
	w := New()
	w.Set("C:\\a\r\nb\\web.config", []byte("x\n"))
	_, err := w.Bundle()
	if want := `C:\a\r\nb\web.config(1,1): path contains a line break and cannot be a bundle header`; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

func TestBundleRefusesRelativePath(t *testing.T) {
	w := New()
	w.Set(`inetpub\web.config`, []byte("x\n"))
	_, err := w.Bundle()
	if want := `inetpub\web.config(1,1): path is not an absolute drive or UNC file path and cannot be bundled`; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

func TestBundleEnvOnlyDifferences(t *testing.T) {
	w := New()
	w.SetEnv("windir", `C:\Windows`) // same as default: not written
	w.SetEnv("WINDIR", `C:\Windows`) // same value, other spelling: written so Env() round-trips
	out, err := w.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if want := "-- @env --\nWINDIR=C:\\Windows\n"; string(out) != want {
		t.Fatalf("Bundle = %q, want %q", out, want)
	}
	w2, err := ParseBundle(out)
	if err != nil {
		t.Fatal(err)
	}
	assertSameWorkspace(t, w, w2)

	if out, _ := New().Bundle(); len(out) != 0 {
		t.Errorf("empty workspace bundles to %q", out)
	}
}

func TestParseBundleErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"relative", "comment\n-- inetpub/web.config --\n", `bundle(2,4): file path "inetpub/web.config" is not absolute (expected a drive path like C:\dir\file or a UNC path like \\server\share\file)`},
		{"drive root", "-- C:\\ --\n", `bundle(1,4): file path "C:\\" is not absolute (expected a drive path like C:\dir\file or a UNC path like \\server\share\file)`},
		{"unc without share", "-- \\\\server\\x --\n", `bundle(1,4): file path "\\\\server\\x" is not absolute (expected a drive path like C:\dir\file or a UNC path like \\server\share\file)`},
		{"duplicate", "-- C:\\a\\web.config --\nx\n-- c:/A/Web.Config --\n", `bundle(3,4): duplicate file c:\A\Web.Config (first at line 1; paths compare case-insensitively)`},
		{"empty name", "-- C:\\a --\n--    --\n", `bundle(2,1): header names no file`},
		{"unknown meta", "-- @flags --\n", `bundle(1,4): unknown metadata section @flags (known: @env, @unreadable)`},
		{"duplicate meta", "-- @env --\nA=1\n-- @env --\n", `bundle(3,1): duplicate @env section (first at line 1)`},
		{"env syntax", "-- C:\\a\\b --\n-- @env --\nA=1\n\nnot a pair\n", `bundle(5,1): @env line "not a pair" is not NAME=VALUE`},
		{"env twice", "-- @env --\nA=1\na=2\n", `bundle(3,1): variable a set twice (first at line 2; names compare case-insensitively)`},
		{"unreadable missing", "-- C:\\a\\b --\n-- @unreadable --\nC:\\a\\c\n", `bundle(3,1): @unreadable names C:\a\c, which is not a file of the bundle`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := ParseBundle([]byte(tc.data))
			if err == nil {
				t.Fatalf("no error; files %v", w.Files())
			}
			if err.Error() != tc.want {
				t.Errorf("err = %s\nwant  %s", err, tc.want)
			}
			var be *diag.Diagnostic
			if !errors.As(err, &be) || be.ID != diag.Bundle {
				t.Errorf("error is %T, not a BUNDLE *diag.Diagnostic", err)
			}
		})
	}
}

func TestParseBundleNoHeaders(t *testing.T) {
	w, err := ParseBundle([]byte("just a comment\n-- not closed\n"))
	if err != nil || len(w.Files()) != 0 {
		t.Fatalf("w=%v err=%v", w.Files(), err)
	}
	if got := BundleComment([]byte("just a comment\n")); got != "just a comment\n" {
		t.Errorf("comment = %q", got)
	}
}

func TestParseBundleCopiesText(t *testing.T) {
	data := []byte("-- C:\\a\\b --\nabc\n")
	w, err := ParseBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	copy(data[len(data)-4:], "XYZ")
	if f, _ := w.Get(`C:\a\b`); string(f.Text) != "abc\n" {
		t.Errorf("text aliased the input: %q", f.Text)
	}
}

func FuzzParseBundle(f *testing.F) {
	f.Add([]byte(sampleBundle))
	f.Add([]byte("-- C:\\a --\r\n\r\n-- @env --\n=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := ParseBundle(data)
		if err != nil {
			return
		}
		out, err := w.Bundle()
		if err != nil {
			if !strings.Contains(err.Error(), "cannot") && !strings.Contains(err.Error(), "line break") {
				t.Fatalf("unexpected Bundle error %v", err)
			}
			return
		}
		w2, err := ParseBundle(out)
		if err != nil {
			t.Fatalf("re-parse of %q: %v", out, err)
		}
		if len(w2.Files()) != len(w.Files()) {
			t.Fatalf("file count changed")
		}
	})
}
