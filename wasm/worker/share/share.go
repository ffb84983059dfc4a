// Package share is the HTTP API of the playground's Cloudflare Worker:
// short share links for a workspace state. It is a plain net/http handler
// over a small Store and Limiter, so it builds and is tested natively; the
// js/wasm main in wasm/worker wires it to workers.Serve, Workers KV and
// the rate-limiting binding.
//
// Routes (every other path is a JSON 404):
//
//	GET  /api/health      {"ok":true,"service":"iisconf","version":...}
//	POST /api/share       state JSON -> 201 (or 200 when already stored) {"id","url","expires"}
//	GET  /api/share/{id}  the stored state JSON, or 404
//	GET  /s/{id}          302 to /?share={id}, which the playground opens
//
// A share's id is derived from its canonical JSON (the same state always
// gets the same id), stored entries are never rewritten with other
// content, and they expire after Config.TTL unless an operator kept them.
// There is deliberately no route that lists or deletes shares, and no CORS.
package share

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iisconf/iisconf/engine/secrets"
)

// Service names this API in /api/health; the playground checks it before
// offering short links, so a 200 from some other server is not mistaken
// for the Worker.
const Service = "iisconf"

// ShareSecretsHeader is how a client says the user saw the secrets the
// playground found and chose to share them anyway. Without it, a state
// that still holds one is refused (422) with the list.
const ShareSecretsHeader = "Iisconf-Share-Secrets"

// idLen is the length of an id: base32 of the canonical JSON's SHA-256,
// truncated to 100 bits (unguessable, and still short).
const idLen = 20

var idPattern = regexp.MustCompile(`^[a-z2-7]{20}$`)

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Entry is a stored share.
type Entry struct {
	Data []byte
	// Expires is when the store drops it; zero for a share an operator
	// kept (stored without an expiry).
	Expires time.Time
}

// Store keeps shares by id. Implementations: MemStore (tests, local
// runs) and the Workers KV store of wasm/worker. There is no List or
// Delete on purpose: an operator takes a share down with wrangler (README).
type Store interface {
	// Get returns the entry under id; ok is false when there is none.
	Get(ctx context.Context, id string) (e Entry, ok bool, err error)
	// Put stores data under id until expires (zero: for good).
	Put(ctx context.Context, id string, data []byte, expires time.Time) error
}

// Limiter counts writes per client (the rate-limiting binding in the
// Worker). Allow reports whether the client may write now.
type Limiter interface {
	Allow(ctx context.Context, client string) (bool, error)
}

// Config is the operator's part of the Handler (wrangler.toml [vars]).
type Config struct {
	// Origin is the playground's public origin ("https://iisconf.example"):
	// returned links are built from it, never from the request's Host, and
	// writes may come from pages of it (or of the origin the request was
	// addressed to).
	Origin string
	// TTL is how long a share lives after its last upload; zero keeps
	// shares for good.
	TTL time.Duration
	// RetryAfter is what a client refused by the Limiter is told to wait:
	// the limiter's period.
	RetryAfter time.Duration
	// Now is the clock (time.Now when nil), for tests.
	Now func() time.Time
}

// CSP of the API's own responses: JSON only, nothing may load or frame it.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// Headers that every response carries, the Worker's and the static
// assets' alike (build/worker.go writes the same into _headers).
const (
	HSTS              = "max-age=31536000; includeSubDomains"
	PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=()"
)

// Handler serves the API.
type Handler struct {
	Store   Store
	Limiter Limiter // nil: writes are not limited (local runs)
	Version string  // the build version /api/health reports
	Config  Config
}

// New returns the API handler over store.
func New(store Store, limiter Limiter, version string, cfg Config) *Handler {
	return &Handler{Store: store, Limiter: limiter, Version: version, Config: cfg}
}

func (h *Handler) now() time.Time {
	if h.Config.Now != nil {
		return h.Config.Now()
	}
	return time.Now()
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", apiCSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Strict-Transport-Security", HSTS)
	hd.Set("Permissions-Policy", PermissionsPolicy)

	p := r.URL.Path
	switch {
	case p == "/api/health":
		if !allow(w, r, http.MethodGet, http.MethodHead) {
			return
		}
		hd.Set("Cache-Control", "no-store")
		writeJSON(w, r, http.StatusOK, map[string]any{"ok": true, "service": Service, "version": h.Version})
	case p == "/api/share":
		if !allow(w, r, http.MethodPost) {
			return
		}
		h.create(w, r)
	case strings.HasPrefix(p, "/api/share/"):
		if !allow(w, r, http.MethodGet, http.MethodHead) {
			return
		}
		h.get(w, r, strings.TrimPrefix(p, "/api/share/"))
	case strings.HasPrefix(p, "/s/"):
		if !allow(w, r, http.MethodGet, http.MethodHead) {
			return
		}
		id := strings.TrimPrefix(p, "/s/")
		if !idPattern.MatchString(id) {
			fail(w, r, http.StatusNotFound, "no such share")
			return
		}
		// The page's assets are addressed relative to "/", so the link
		// lands there; the playground fetches the share by its id.
		hd.Set("Cache-Control", "no-store")
		hd.Set("Location", "/?share="+id)
		w.WriteHeader(http.StatusFound)
	default:
		fail(w, r, http.StatusNotFound, "not found")
	}
}

// allow answers 405 (with Allow) unless r's method is one of methods.
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	fail(w, r, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; use "+strings.Join(methods, " or "))
	return false
}

// notFound is what a missing share says: it may never have existed, or
// it expired, or an operator took it down; the page cannot tell which.
const notFound = "no such share: the link is wrong, or the share expired or was taken down"

func (h *Handler) get(w http.ResponseWriter, r *http.Request, id string) {
	if !idPattern.MatchString(id) {
		fail(w, r, http.StatusNotFound, "no such share")
		return
	}
	e, ok, err := h.Store.Get(r.Context(), id)
	if err != nil {
		storeFailed(w, r, "reading "+id, err)
		return
	}
	if !ok {
		fail(w, r, http.StatusNotFound, notFound)
		return
	}
	hd := w.Header()
	etag := `"` + id + `"`
	hd.Set("ETag", etag)
	// An id names its content forever, but a share can expire or be taken
	// down: browsers keep it a day, shared caches not at all.
	hd.Set("Cache-Control", "private, max-age=86400")
	if !e.Expires.IsZero() {
		hd.Set("Share-Expires", e.Expires.UTC().Format(time.RFC3339))
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", "application/json; charset=utf-8")
	writeBody(w, r, http.StatusOK, e.Data)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	// Writes come only from the playground's own pages: a cross-site
	// page can neither send JSON without a preflight (which is never
	// answered: no CORS) nor pass this check with a form post.
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		fail(w, r, http.StatusForbidden, "cross-origin writes are not allowed")
		return
	}
	if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, h.Config.Origin) && !sameOrigin(o, requestOrigin(r)) {
		fail(w, r, http.StatusForbidden, "cross-origin writes are not allowed")
		return
	}
	if h.Config.Origin == "" {
		log.Printf("share: ORIGIN is not set in wrangler.toml [vars]; refusing writes")
		fail(w, r, http.StatusServiceUnavailable, "this share server is not configured with its public address; shares cannot be created")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		fail(w, r, http.StatusUnsupportedMediaType, "send the state as Content-Type: application/json")
		return
	}
	if r.ContentLength > MaxBody {
		fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the state is %s; the limit is %s", kib(int(r.ContentLength)), kib(MaxBody)))
		return
	}
	ctx := r.Context()
	if h.Limiter != nil {
		ok, err := h.Limiter.Allow(ctx, clientKey(r))
		if err != nil {
			log.Printf("share: rate limiter: %v", err)
			fail(w, r, http.StatusServiceUnavailable, "shares cannot be created right now; try again later")
			return
		}
		if !ok {
			secs := int(h.Config.RetryAfter / time.Second)
			if secs < 1 {
				secs = 60
			}
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			fail(w, r, http.StatusTooManyRequests, fmt.Sprintf("too many shares from your address in a short time; try again in %d seconds", secs))
			return
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the state is over the limit of %s", kib(MaxBody)))
			return
		}
		fail(w, r, http.StatusBadRequest, "the request body could not be read")
		return
	}
	st, err := Parse(body)
	if err != nil {
		status := http.StatusBadRequest
		var le *LimitError
		if errors.As(err, &le) {
			status = http.StatusRequestEntityTooLarge
		}
		fail(w, r, status, err.Error())
		return
	}
	canon := st.Canonical()
	if len(canon) > MaxStored {
		fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the state is %s as stored; the limit is %s", kib(len(canon)), kib(MaxStored)))
		return
	}
	if r.Header.Get(ShareSecretsHeader) != "confirmed" {
		if found := st.Secrets(); len(found) > 0 {
			refuseSecrets(w, r, found)
			return
		}
	}
	id := ID(canon)
	old, exists, err := h.Store.Get(ctx, id)
	if err != nil {
		storeFailed(w, r, "reading "+id, err)
		return
	}
	status := http.StatusCreated
	expires := old.Expires
	switch {
	case exists && !bytes.Equal(old.Data, canon):
		// Entries are immutable; two states with one id would be a
		// SHA-256 collision in 100 bits. Refuse rather than overwrite.
		fail(w, r, http.StatusConflict, "a different share already has this id")
		return
	case exists && old.Expires.IsZero():
		// Kept by an operator: left as it is.
		status = http.StatusOK
	default:
		// New, or shared again: it lives TTL from now.
		if exists {
			status = http.StatusOK
		}
		expires = time.Time{}
		if h.Config.TTL > 0 {
			expires = h.now().Add(h.Config.TTL).Truncate(time.Second)
		}
		if err := h.Store.Put(ctx, id, canon, expires); err != nil {
			storeFailed(w, r, "writing "+id, err)
			return
		}
		back, ok, err := h.Store.Get(ctx, id)
		if err != nil || !ok || !bytes.Equal(back.Data, canon) {
			fail(w, r, http.StatusServiceUnavailable, "the share could not be verified after writing it; try again")
			return
		}
	}
	w.Header().Set("Location", "/api/share/"+id)
	out := map[string]any{"id": id, "url": strings.TrimRight(h.Config.Origin, "/") + "/s/" + id}
	if !expires.IsZero() {
		out["expires"] = expires.UTC().Format(time.RFC3339)
	}
	writeJSON(w, r, status, out)
}

// maxListed bounds the secrets a refusal lists.
const maxListed = 100

// refuseSecrets answers 422 with what was found, never the secrets
// themselves: where they are and what kind they are.
func refuseSecrets(w http.ResponseWriter, r *http.Request, found []secrets.Finding) {
	n := len(found)
	if len(found) > maxListed {
		found = found[:maxListed]
	}
	msg := fmt.Sprintf("the workspace holds %d value(s) that look like secrets (passwords, keys, connection-string credentials); redact them, or confirm that you mean to share them", n)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusUnprocessableEntity, map[string]any{
		"error": msg, "status": http.StatusUnprocessableEntity, "secrets": found, "secretCount": n,
	})
}

// clientKey is who the rate limit counts: the client's address as
// Cloudflare gives it (CF-Connecting-IP, which clients cannot set there).
func clientKey(r *http.Request) string {
	if ip := r.Header.Get("Cf-Connecting-Ip"); ip != "" {
		return ip
	}
	if r.RemoteAddr != "" {
		return r.RemoteAddr
	}
	return "unknown"
}

// requestOrigin is the scheme and host the request was addressed to (the
// Worker sees the full URL), so a page served from another of the
// Worker's hostnames (workers.dev) can write too.
func requestOrigin(r *http.Request) string {
	if r.URL.Scheme == "" || r.URL.Host == "" {
		return ""
	}
	return r.URL.Scheme + "://" + r.URL.Host
}

// sameOrigin compares two origins by scheme, host and port.
func sameOrigin(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil || ua.Host == "" {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(hostPort(ua), hostPort(ub))
}

// hostPort is u's host with its port, the scheme's default made explicit.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u.Host + ":443"
	case "http":
		return u.Host + ":80"
	}
	return u.Host
}

// storeFailed logs a store error for the operator and tells the client in
// our words.
func storeFailed(w http.ResponseWriter, r *http.Request, what string, err error) {
	log.Printf("share: store: %s: %v", what, err)
	fail(w, r, http.StatusServiceUnavailable, "the share store is unavailable; try again later")
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // maps of strings, numbers, bools and findings always encode
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	writeBody(w, r, status, b.Bytes())
}

// writeBody sends status and body; a HEAD response gets neither the body
// nor a Content-Length (syumai/workers would promise the runtime that
// many bytes in a fixed-length stream and then send none: a 500).
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	if r.Method == http.MethodHead {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// fail writes {"error": msg, "status": status}.
func fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, status, map[string]any{"error": msg, "status": status})
}

// ID is the content address of a canonical state.
func ID(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return idEncoding.EncodeToString(sum[:])[:idLen]
}

// ValidID reports whether s has the form of an id.
func ValidID(s string) bool { return idPattern.MatchString(s) }
