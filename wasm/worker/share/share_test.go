package share

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

const sample = `{"version":1,"files":[{"path":"C:\\inetpub\\wwwroot\\web.config","text":"<configuration />\n"}],` +
	`"env":{"SystemDrive":"C:"},"path":"Default Web Site","view":{"panel":"effective","defaults":false}}`

// testOrigin is the configured public origin of the handlers under test.
const testOrigin = "https://play.example"

func newHandler(store Store) *Handler {
	return New(store, nil, "v", Config{Origin: testOrigin, TTL: 90 * 24 * time.Hour})
}

func do(t *testing.T, h http.Handler, method, target, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	if method == http.MethodPost {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			r.Header.Del(hdr[i])
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	checkHeaders(t, method+" "+target, w)
	return w
}

// checkHeaders asserts what every response carries, and what none may.
func checkHeaders(t *testing.T, what string, w *httptest.ResponseRecorder) {
	t.Helper()
	h := w.Header()
	if got := h.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'none'") || !strings.Contains(got, "frame-ancestors 'none'") {
		t.Errorf("%s: CSP = %q", what, got)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q", what, got)
	}
	if got := h.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("%s: Referrer-Policy = %q", what, got)
	}
	if got := h.Get("Strict-Transport-Security"); got != HSTS {
		t.Errorf("%s: Strict-Transport-Security = %q", what, got)
	}
	if got := h.Get("Permissions-Policy"); got != PermissionsPolicy {
		t.Errorf("%s: Permissions-Policy = %q", what, got)
	}
	for k := range h {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			t.Errorf("%s: CORS header %s", what, k)
		}
	}
}

// errorBody asserts a JSON error body with the response's status.
func errorBody(t *testing.T, w *httptest.ResponseRecorder, status int) string {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var e struct {
		Error  string `json:"error"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" || e.Status != status {
		t.Fatalf("error body %q (%v)", w.Body, err)
	}
	return e.Error
}

func created(t *testing.T, w *httptest.ResponseRecorder, status int) (id, url string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("POST: status %d, want %d; body %s", w.Code, status, w.Body)
	}
	var r struct{ ID, URL string }
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if !ValidID(r.ID) {
		t.Fatalf("id %q", r.ID)
	}
	return r.ID, r.URL
}

func TestHealth(t *testing.T) {
	h := New(NewMemStore(), nil, "abc123", Config{})
	w := do(t, h, "GET", "/api/health", "")
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if got["ok"] != true || got["service"] != "iisconf" || got["version"] != "abc123" {
		t.Errorf("health = %v", got)
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", w.Header().Get("Cache-Control"))
	}
	errorBody(t, do(t, h, "POST", "/api/health", "{}"), 405)
}

func TestRoundTrip(t *testing.T) {
	store := NewMemStore()
	h := newHandler(store)
	// The link is built from the configured origin, whatever the Host.
	id, url := created(t, do(t, h, "POST", "http://evil.example/api/share", sample, "Host", "evil.example"), http.StatusCreated)
	if url != testOrigin+"/s/"+id {
		t.Errorf("url = %q", url)
	}
	w := do(t, h, "GET", "/api/share/"+id, "")
	if w.Code != 200 {
		t.Fatalf("GET: %d %s", w.Code, w.Body)
	}
	want, err := Canonical([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if w.Body.String() != string(want) {
		t.Errorf("GET body\n%s\nwant\n%s", w.Body, want)
	}
	// The canonical form keeps every field of the sample.
	var a, b any
	json.Unmarshal([]byte(sample), &a)
	json.Unmarshal(w.Body.Bytes(), &b)
	if ja, _ := json.Marshal(a); string(ja) != string(mustMarshal(b)) {
		t.Errorf("round trip changed the state:\n%s\n%s", ja, mustMarshal(b))
	}
	if cc := w.Header().Get("Cache-Control"); cc != "private, max-age=86400" {
		t.Errorf("Cache-Control %q", cc)
	}
	if exp := w.Header().Get("Share-Expires"); exp == "" {
		t.Errorf("no Share-Expires")
	}
	if w.Header().Get("ETag") != `"`+id+`"` {
		t.Errorf("ETag %q", w.Header().Get("ETag"))
	}
	if w := do(t, h, "GET", "/api/share/"+id, "", "If-None-Match", `"`+id+`"`); w.Code != 304 {
		t.Errorf("If-None-Match: %d", w.Code)
	}
	// HEAD: no body, and no Content-Length promising one (see writeBody).
	if w := do(t, h, "HEAD", "/api/share/"+id, ""); w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}

	// The same state, formatted and ordered differently, is the same share.
	same := `{ "view": {"defaults": false, "panel": "effective"}, "path": "Default Web Site",
	  "env": {"SystemDrive": "C:"}, "files": [{"text": "<configuration />\n", "path": "C:\\inetpub\\wwwroot\\web.config"}],
	  "version": 1, "unknownField": [1, 2] }`
	id2, _ := created(t, do(t, h, "POST", "/api/share", same), http.StatusOK)
	if id2 != id {
		t.Errorf("same state, different id: %s vs %s", id2, id)
	}
	other, _ := created(t, do(t, h, "POST", "/api/share", strings.Replace(sample, "effective", "locks", 1)), http.StatusCreated)
	if other == id {
		t.Error("a different state got the same id")
	}
	if store.Len() != 2 {
		t.Errorf("store holds %d shares, want 2", store.Len())
	}

	// /s/{id} lands on the playground with the id.
	w = do(t, h, "GET", "/s/"+id, "")
	if w.Code != http.StatusFound || w.Header().Get("Location") != "/?share="+id {
		t.Errorf("/s/: %d Location %q", w.Code, w.Header().Get("Location"))
	}
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func TestNotFound(t *testing.T) {
	h := newHandler(NewMemStore())
	for _, p := range []string{
		"/api/share/" + ID([]byte("nothing stored")), // well-formed, unknown
		"/api/share/nope", "/api/share/", "/api/share/" + strings.Repeat("a", 21),
		"/api/shares", "/api/list", "/api/", "/anything", "/s/NOPE",
	} {
		errorBody(t, do(t, h, "GET", p, ""), 404)
	}
}

func TestMethods(t *testing.T) {
	h := newHandler(NewMemStore())
	id := ID([]byte("x"))
	for _, c := range []struct{ method, path, allow string }{
		{"GET", "/api/share", "POST"},
		{"PUT", "/api/share", "POST"},
		{"DELETE", "/api/share", "POST"},
		{"OPTIONS", "/api/share", "POST"}, // no CORS preflight answer
		{"POST", "/api/share/" + id, "GET, HEAD"},
		{"PUT", "/api/share/" + id, "GET, HEAD"},
		{"DELETE", "/api/share/" + id, "GET, HEAD"},
		{"PATCH", "/api/health", "GET, HEAD"},
		{"POST", "/s/" + id, "GET, HEAD"},
	} {
		w := do(t, h, c.method, c.path, "")
		errorBody(t, w, 405)
		if w.Header().Get("Allow") != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, w.Header().Get("Allow"), c.allow)
		}
	}
}

func TestTooLarge(t *testing.T) {
	store := NewMemStore()
	h := newHandler(store)
	big := `{"version":1,"files":[{"path":"C:\\a.config","text":"` + strings.Repeat("x", MaxBody) + `"}],"path":""}`
	errorBody(t, do(t, h, "POST", "/api/share", big), 413)
	// Without a Content-Length (chunked), the limit still holds.
	r := httptest.NewRequest("POST", "/api/share", io.MultiReader(strings.NewReader(big)))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	errorBody(t, w, 413)
	// Just under the limit, in files under the per-file limit, is accepted.
	file := func(text string) string { return `{"path":"C:\\a.config","text":"` + text + `"}` }
	head, tail := `{"version":1,"files":[`, `],"env":{},"path":"","view":{}}` // already canonical
	pad := MaxBody - len(head+file("")+","+file("")+tail)
	ok := head + file(strings.Repeat("x", pad/2)) + "," + file(strings.Repeat("y", pad-pad/2)) + tail
	if len(ok) != MaxBody {
		t.Fatalf("test body is %d bytes", len(ok))
	}
	created(t, do(t, h, "POST", "/api/share", ok), http.StatusCreated)
	// One byte more as stored is over (the body adds "env" and "view").
	over := strings.Replace(ok, `,"env":{},"path":"","view":{}}`, `,"path":"x"}`, 1)
	if msg := errorBody(t, do(t, h, "POST", "/api/share", over), 413); !strings.Contains(msg, "as stored") {
		t.Errorf("over as stored: %q", msg)
	}
	if store.Len() != 1 {
		t.Errorf("store holds %d", store.Len())
	}
}

func TestMalformed(t *testing.T) {
	store := NewMemStore()
	h := newHandler(store)
	for _, c := range []struct{ body, want string }{
		{`not json`, "not valid JSON (at byte 2)"},
		{`[1,2]`, "not a JSON object"},
		{`null`, "not a JSON object"},
		{`{"version":1,"files":[]} {}`, "data after"},
		{`{"version":1,"files":[]`, "not valid JSON"},
		{`{"files":[]}`, "no version"},
		{`{"version":2,"files":[]}`, "unsupported state version 2"},
		{`{"version":"1","files":[]}`, "version"},
		{`{"version":1.0,"files":[]}`, "unsupported state version"},
		{`{"version":1}`, `no "files"`},
		{`{"version":1,"files":{}}`, `"files"`},
		{`{"version":1,"files":[1]}`, `"files"`},
		{`{"version":1,"files":[{"text":"x"}]}`, `files[0]: "path"`},
		{`{"version":1,"files":[{"path":"","text":"x"}]}`, `files[0]: "path"`},
		{`{"version":1,"files":[{"path":"a","text":3}]}`, `files[0]: "text"`},
		{`{"version":1,"files":[{"path":"a"}]}`, `files[0]: "text"`},
		{`{"version":1,"files":[{"path":"a","text":"","unreadable":"yes"}]}`, "unreadable"},
		{`{"version":1,"files":[],"env":[]}`, `"env"`},
		{`{"version":1,"files":[],"env":{"A":1}}`, `"env"`},
		{`{"version":1,"files":[],"path":7}`, `"path"`},
		{`{"version":1,"files":[],"view":"x"}`, `"view"`},
		{`{"version":1,"files":[],"view":{"panel":{"x":1}}}`, "view.panel"},
		{"{\"version\":1,\"files\":[],\"path\":\"\xff\"}", "UTF-8"},
		{`{"version":1,"files":[{"path":"a","text":"x\ud800y"}]}`, `half of a UTF-16 surrogate pair (\ud800) at byte 43`},
		{`{"version":1,"files":[{"path":"a","text":"\udc00"}]}`, `surrogate pair (\udc00)`},
		{`{"version":1,"files":[{"path":"a","text":"\ud800\u0041"}]}`, `surrogate pair (\ud800)`},
	} {
		msg := errorBody(t, do(t, h, "POST", "/api/share", c.body), 400)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: error %q, want it to mention %q", c.body, msg, c.want)
		}
	}
	if store.Len() != 0 {
		t.Errorf("malformed posts stored %d shares", store.Len())
	}
	// A pair written as escapes is a character, not an error.
	created(t, do(t, h, "POST", "/api/share", `{"version":1,"files":[{"path":"a","text":"\ud83d\ude00 \\ud800"}]}`), http.StatusCreated)
}

func TestWriteGuards(t *testing.T) {
	h := newHandler(NewMemStore())
	errorBody(t, do(t, h, "POST", "/api/share", sample, "Content-Type", "text/plain"), 415)
	errorBody(t, do(t, h, "POST", "/api/share", sample, "Content-Type", ""), 415)
	errorBody(t, do(t, h, "POST", "https://play.example/api/share", sample, "Origin", "https://evil.example"), 403)
	errorBody(t, do(t, h, "POST", "https://play.example/api/share", sample, "Sec-Fetch-Site", "cross-site"), 403)
	// The Origin is compared with its scheme and port, not the host alone.
	errorBody(t, do(t, h, "POST", "https://play.example/api/share", sample, "Origin", "http://play.example"), 403)
	errorBody(t, do(t, h, "POST", "https://play.example/api/share", sample, "Origin", "https://play.example:8443"), 403)
	// A spoofed Host does not make a foreign page same-origin.
	errorBody(t, do(t, h, "POST", "https://play.example/api/share", sample, "Origin", "https://evil.example", "Host", "evil.example"), 403)
	created(t, do(t, h, "POST", "https://play.example/api/share", sample,
		"Origin", "https://play.example", "Sec-Fetch-Site", "same-origin", "Content-Type", "application/json; charset=utf-8"), 201)
	// The configured origin, or the one the request was addressed to
	// (the workers.dev hostname of the same Worker).
	created(t, do(t, h, "POST", "https://iisconf.acme.workers.dev/api/share", sample, "Origin", "https://iisconf.acme.workers.dev:443"), 200)
	created(t, do(t, h, "POST", "http://localhost:8787/api/share", sample, "Origin", "https://play.example"), 200)

	// Without a configured origin no link can be built: writes are refused.
	msg := errorBody(t, do(t, New(NewMemStore(), nil, "v", Config{}), "POST", "/api/share", sample), 503)
	if !strings.Contains(msg, "public address") {
		t.Errorf("unconfigured: %q", msg)
	}
}

// flaky stores writes nowhere, or fails.
type flaky struct {
	MemStore
	dropWrites bool
	getErr     error
}

func (f *flaky) Put(ctx context.Context, id string, data []byte, expires time.Time) error {
	if f.dropWrites {
		return nil
	}
	return f.MemStore.Put(ctx, id, data, expires)
}

func (f *flaky) Get(ctx context.Context, id string) (Entry, bool, error) {
	if f.getErr != nil {
		return Entry{}, false, f.getErr
	}
	return f.MemStore.Get(ctx, id)
}

func TestStoreFailures(t *testing.T) {
	// A write that cannot be read back is not reported as stored.
	f := &flaky{MemStore: *NewMemStore(), dropWrites: true}
	msg := errorBody(t, do(t, newHandler(f), "POST", "/api/share", sample), 503)
	if !strings.Contains(msg, "verified") {
		t.Errorf("error %q", msg)
	}
	// The store's own error (which names the binding) goes to the log,
	// not to the client.
	f = &flaky{MemStore: *NewMemStore(), getErr: errors.New("binding SHARES is not configured in wrangler.toml")}
	for _, w := range []*httptest.ResponseRecorder{
		do(t, newHandler(f), "POST", "/api/share", sample),
		do(t, newHandler(f), "GET", "/api/share/"+ID([]byte("x")), ""),
	} {
		if msg := errorBody(t, w, 503); strings.Contains(msg, "SHARES") || strings.Contains(msg, "binding") {
			t.Errorf("store error leaks: %q", msg)
		}
	}

	// Entries are immutable: a different value under the id is never replaced.
	canon, _ := Canonical([]byte(sample))
	store := NewMemStore()
	store.Put(context.Background(), ID(canon), []byte(`{"other":true}`), time.Time{})
	errorBody(t, do(t, newHandler(store), "POST", "/api/share", sample), 409)
	if got, _, _ := store.Get(context.Background(), ID(canon)); string(got.Data) != `{"other":true}` {
		t.Errorf("entry was overwritten: %s", got.Data)
	}
}

func TestCanonicalStable(t *testing.T) {
	a, err := Canonical([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Canonical(a)
	if err != nil || string(a) != string(b) {
		t.Errorf("canonical form is not a fixed point:\n%s\n%s (%v)", a, b, err)
	}
	// Missing env, path and view come out as their empty values, like the
	// playground's validateState.
	c, err := Canonical([]byte(`{"version":1,"files":[]}`))
	if err != nil || string(c) != `{"version":1,"files":[],"env":{},"path":"","view":{}}` {
		t.Errorf("minimal state: %s (%v)", c, err)
	}
	// HTML-significant characters stay as they are (no \u003c escapes).
	if !strings.Contains(string(a), "<configuration />") {
		t.Errorf("text was escaped: %s", a)
	}
}

// TestEntryHeaders: wasm/worker/entry.mjs answers a busy upload itself,
// before Go starts; its response must carry the headers this package
// sets on every response.
func TestEntryHeaders(t *testing.T) {
	entry, err := os.ReadFile("../entry.mjs")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{apiCSP, HSTS, PermissionsPolicy, "nosniff", "no-referrer"} {
		if !strings.Contains(string(entry), `"`+h+`"`) {
			t.Errorf("entry.mjs lacks %q", h)
		}
	}
}
