package share

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// state builds a state's JSON from files (path, text pairs) and extra
// top-level fields.
func state(files []string, extra string) string {
	var b strings.Builder
	b.WriteString(`{"version":1,"files":[`)
	for i := 0; i+1 < len(files); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		// Written as the playground's JSON.stringify does: U+2028 as is.
		fmt.Fprintf(&b, `{"path":%s,"text":%s}`, appendString(nil, files[i]), appendString(nil, files[i+1]))
	}
	b.WriteString("]" + extra + "}")
	return b.String()
}

func TestLimits(t *testing.T) {
	h := newHandler(NewMemStore())
	many := make([]string, 0, 2*(MaxFiles+1))
	for i := 0; i <= MaxFiles; i++ {
		many = append(many, fmt.Sprintf(`C:\site%d\web.config`, i), "")
	}
	env := map[string]string{}
	for i := 0; i <= MaxEnv; i++ {
		env[fmt.Sprintf("V%d", i)] = "x"
	}
	envJSON, _ := json.Marshal(env)
	view := map[string]string{}
	for i := 0; i <= MaxViewFields; i++ {
		view[fmt.Sprintf("v%d", i)] = "x"
	}
	viewJSON, _ := json.Marshal(view)
	for _, c := range []struct{ name, body, want string }{
		{"file count", state(many, ""), fmt.Sprintf("the state has %d files; the limit is %d", MaxFiles+1, MaxFiles)},
		{"one file", state([]string{`C:\big\web.config`, strings.Repeat("x", MaxFileText+1)}, ""), `C:\big\web.config is 393217 bytes (384.0 KiB); the limit for one file is 384 KiB`},
		{"path", state([]string{`C:\` + strings.Repeat("d", MaxPath), ""}, ""), "files[0]: the path is"},
		{"environment", state(nil, `,"env":`+string(envJSON)), "environment variables; the limit is"},
		{"view", state(nil, `,"view":`+string(viewJSON)), "the view has"},
	} {
		msg := errorBody(t, do(t, h, "POST", "/api/share", c.body), http.StatusRequestEntityTooLarge)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: %q, want %q", c.name, msg, c.want)
		}
	}
	// At the limits, accepted.
	created(t, do(t, h, "POST", "/api/share", state(many[:2*MaxFiles], "")), http.StatusCreated)
	created(t, do(t, h, "POST", "/api/share", state([]string{`C:\big\web.config`, strings.Repeat("x", MaxFileText)}, "")), http.StatusCreated)
}

// TestStoredSizeBounded: text is stored as sent, not escaped into a larger
// form; U+2028 (three bytes) would be six as encoding/json writes it.
func TestStoredSizeBounded(t *testing.T) {
	store := NewMemStore()
	h := newHandler(store)
	text := strings.Repeat("\u2028", 100_000) + "<a>&amp;\"quote\" \\ \t\n\x01\x7f"
	body := state([]string{`C:\a\web.config`, text}, "")
	id, _ := created(t, do(t, h, "POST", "/api/share", body), http.StatusCreated)
	e, _, _ := store.Get(context.Background(), id)
	if len(e.Data) > len(text)+200 {
		t.Errorf("stored %d bytes for %d bytes of text", len(e.Data), len(text))
	}
	var back struct {
		Files []struct{ Text string }
	}
	if err := json.Unmarshal(e.Data, &back); err != nil || len(back.Files) != 1 || back.Files[0].Text != text {
		t.Fatalf("stored state does not decode to the text sent (%v)", err)
	}
	if !strings.Contains(string(e.Data), `\u0001`) || !strings.Contains(string(e.Data), `\"quote\" \\ \t\n`) {
		t.Errorf("escapes: %.300q", e.Data[len(e.Data)-80:])
	}
	// 512 KiB of U+2028 in a request body under the limit fits as stored.
	n := (MaxFileText - 100) / 3
	created(t, do(t, h, "POST", "/api/share", state([]string{`C:\b\web.config`, strings.Repeat("\u2028", n)}, "")), http.StatusCreated)
}

func TestSecretsRefused(t *testing.T) {
	store := NewMemStore()
	h := newHandler(store)
	secret := state([]string{`C:\inetpub\wwwroot\web.config`,
		"<configuration>\n  <connectionStrings>\n    <add name=\"db\" connectionString=\"Server=db;User ID=app;Password=Hunter2!\" />\n  </connectionStrings>\n</configuration>\n"},
		`,"env":{"API_TOKEN":"tok-123"}`)
	w := do(t, h, "POST", "/api/share", secret)
	msg := errorBody(t, w, http.StatusUnprocessableEntity)
	if !strings.Contains(msg, "2 value(s) that look like secrets") {
		t.Errorf("message %q", msg)
	}
	if strings.Contains(w.Body.String(), "Hunter2") || strings.Contains(w.Body.String(), "tok-123") {
		t.Errorf("the refusal gives the secrets away: %s", w.Body)
	}
	var r struct {
		Secrets []struct {
			File, Env, Kind, What string
			Line                  int
		}
		SecretCount int
	}
	json.Unmarshal(w.Body.Bytes(), &r)
	if r.SecretCount != 2 || len(r.Secrets) != 2 || r.Secrets[0].Line != 3 || r.Secrets[0].Kind != "connection-string" ||
		r.Secrets[0].What != "Password in connectionString on <add>" || r.Secrets[1].Env != "API_TOKEN" {
		t.Errorf("listed: %+v", r)
	}
	if store.Len() != 0 {
		t.Fatal("a state with secrets was stored")
	}
	// The user chose to share them: stored.
	created(t, do(t, h, "POST", "/api/share", secret, ShareSecretsHeader, "confirmed"), http.StatusCreated)
	// Anything else in the header is not a confirmation.
	errorBody(t, do(t, h, "POST", "/api/share", secret, ShareSecretsHeader, "yes"), http.StatusUnprocessableEntity)
	// Redacted, it needs no confirmation.
	redacted := strings.Replace(strings.Replace(secret, "Hunter2!", "[redacted]", 1), "tok-123", "[redacted]", 1)
	created(t, do(t, h, "POST", "/api/share", redacted), http.StatusCreated)
}

func TestRateLimit(t *testing.T) {
	store := NewMemStore()
	h := New(store, &CountLimiter{Limit: 3}, "v", Config{Origin: testOrigin, RetryAfter: 60 * time.Second})
	for i := 0; i < 3; i++ {
		created(t, do(t, h, "POST", "/api/share", state([]string{`C:\a`, fmt.Sprint(i)}, ""), "Cf-Connecting-Ip", "203.0.113.1"), http.StatusCreated)
	}
	w := do(t, h, "POST", "/api/share", state([]string{`C:\a`, "3"}, ""), "Cf-Connecting-Ip", "203.0.113.1")
	msg := errorBody(t, w, http.StatusTooManyRequests)
	if w.Header().Get("Retry-After") != "60" || !strings.Contains(msg, "try again in 60 seconds") {
		t.Errorf("429: Retry-After %q, %q", w.Header().Get("Retry-After"), msg)
	}
	// Another client is not held back; reads never are.
	created(t, do(t, h, "POST", "/api/share", state([]string{`C:\a`, "3"}, ""), "Cf-Connecting-Ip", "203.0.113.2"), http.StatusCreated)
	id := ID([]byte(mustCanonical(t, state([]string{`C:\a`, "0"}, ""))))
	if w := do(t, h, "GET", "/api/share/"+id, "", "Cf-Connecting-Ip", "203.0.113.1"); w.Code != 200 {
		t.Errorf("GET after the limit: %d", w.Code)
	}
	if store.Len() != 4 {
		t.Errorf("stored %d", store.Len())
	}
}

func mustCanonical(t *testing.T, body string) string {
	t.Helper()
	c, err := Canonical([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return string(c)
}

func TestExpiry(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	store := NewMemStore()
	store.Now = clock
	h := New(store, nil, "v", Config{Origin: testOrigin, TTL: 90 * 24 * time.Hour, Now: clock})
	w := do(t, h, "POST", "/api/share", sample)
	id, _ := created(t, w, http.StatusCreated)
	var r struct{ Expires string }
	json.Unmarshal(w.Body.Bytes(), &r)
	if r.Expires != "2026-07-30T12:00:00Z" {
		t.Errorf("expires %q", r.Expires)
	}
	if g := do(t, h, "GET", "/api/share/"+id, ""); g.Header().Get("Share-Expires") != "2026-07-30T12:00:00Z" {
		t.Errorf("Share-Expires %q", g.Header().Get("Share-Expires"))
	}

	// Shared again 60 days later: it lives 90 days from then.
	now = now.Add(60 * 24 * time.Hour)
	w = do(t, h, "POST", "/api/share", sample)
	created(t, w, http.StatusOK)
	json.Unmarshal(w.Body.Bytes(), &r)
	if r.Expires != "2026-09-28T12:00:00Z" {
		t.Errorf("expires after sharing again %q", r.Expires)
	}
	now = now.Add(91 * 24 * time.Hour)
	if msg := errorBody(t, do(t, h, "GET", "/api/share/"+id, ""), 404); !strings.Contains(msg, "expired") {
		t.Errorf("expired: %q", msg)
	}

	// A share an operator kept (stored without an expiry) stays kept.
	canon := mustCanonical(t, sample)
	store.Put(context.Background(), ID([]byte(canon)), []byte(canon), time.Time{})
	w = do(t, h, "POST", "/api/share", sample)
	created(t, w, http.StatusOK)
	if strings.Contains(w.Body.String(), "expires") {
		t.Errorf("kept share got an expiry: %s", w.Body)
	}
	now = now.Add(1000 * 24 * time.Hour)
	if g := do(t, h, "GET", "/api/share/"+ID([]byte(canon)), ""); g.Code != 200 || g.Header().Get("Share-Expires") != "" {
		t.Errorf("kept share: %d %q", g.Code, g.Header().Get("Share-Expires"))
	}
	// Taken down: gone.
	store.Delete(ID([]byte(canon)))
	errorBody(t, do(t, h, "GET", "/api/share/"+ID([]byte(canon)), ""), 404)
}

// TestErrorsInOurWords: no error names a Go type, a JSON decoder's
// phrasing or a binding.
func TestErrorsInOurWords(t *testing.T) {
	h := newHandler(NewMemStore())
	for _, body := range []string{
		`[]`, `{"version":1,"files":[[]]}`, `{"version":1,"files":[{"path":["a"],"text":"x"}]}`,
		`{"version":1,"files":[],"env":{"A":["x"]}}`, `{"version":1,"files":[],"view":{"a":[1]}}`,
		`{"version":1,"files":[],"view":{"a":{"b":1}}}`, `{"version":1,"files":[],"path":{}}`,
		`{"version":1,"files":"x"}`, `{"version":{"a":1},"files":[]}`, `{"version":1,"files":[{"path":"a","text":"x","unreadable":1}]}`,
		`{"version":1`, `{"version":1,"files":[]}x`, `{"version":1,"files":[],"env":{"A":"\u0000"},"view":{"x":1e999}}`,
	} {
		w := do(t, h, "POST", "/api/share", body)
		if w.Code/100 != 4 {
			continue
		}
		msg := errorBody(t, w, w.Code)
		for _, bad := range []string{"json:", "Go value", "Go struct", "map[", "RawMessage", "binding", "KV", "unmarshal", "invalid character"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: %q mentions %q", body, msg, bad)
			}
		}
	}
}

// TestPageKnowsTheLimits: the Short link dialog (web/src/dialogs/shortlink.ts)
// says before uploading what this package would refuse; its copies of the
// limits and of the confirmation header must be these.
func TestPageKnowsTheLimits(t *testing.T) {
	page, err := os.ReadFile("../../../web/src/dialogs/shortlink.ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("MAX_SHARE_BYTES = %d * 1024;", MaxBody/1024),
		fmt.Sprintf("MAX_FILE_BYTES = %d * 1024;", MaxFileText/1024),
		fmt.Sprintf("MAX_FILES = %d;", MaxFiles),
		fmt.Sprintf("CONFIRM_HEADER = %q;", ShareSecretsHeader),
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("shortlink.ts lacks %q", want)
		}
	}
}
