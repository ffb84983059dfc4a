package config

import "testing"

func TestSplitRequestURL(t *testing.T) {
	for _, tc := range []struct {
		in                       string
		scheme, host, port, path string
		ok                       bool
	}{
		{"http://localhost/app1/sub/page.aspx?x=1#f", "http", "localhost", "80", "/app1/sub/page.aspx", true},
		{"HTTPS://www.contoso.com", "https", "www.contoso.com", "443", "/", true},
		{"http://10.0.0.5:8080/a", "http", "10.0.0.5", "8080", "/a", true},
		{"http://[::1]:81/x", "http", "::1", "81", "/x", true},
		{"http://user:pw@host/p", "http", "host", "80", "/p", true},
		{"http://:80/", "", "", "", "", false},
		{"http://host:8x/", "", "", "", "", false},
		{"http://[::1/", "", "", "", "", false},
	} {
		scheme, host, port, path, ok := splitRequestURL(tc.in)
		if ok != tc.ok || (ok && (scheme != tc.scheme || host != tc.host || port != tc.port || path != tc.path)) {
			t.Errorf("splitRequestURL(%q) = %q %q %q %q %v", tc.in, scheme, host, port, path, ok)
		}
	}
}

func TestPercentDecode(t *testing.T) {
	for in, want := range map[string]string{"a%20b": "a b", "plus+stays": "plus+stays", "%C3%A9t%C3%A9": "été", "bad%2": "bad%2", "bad%zz": "bad%zz"} {
		if got, _ := percentDecode(in); got != want {
			t.Errorf("percentDecode(%q) = %q, want %q", in, got, want)
		}
	}
}
