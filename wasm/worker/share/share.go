// Package share is the HTTP API of the playground's Cloudflare Worker:
// short share links for a workspace state. It is a plain net/http handler
// over a small Store interface, so it builds and is tested natively; the
// js/wasm main in wasm/worker wires it to workers.Serve and Workers KV.
//
// Routes (every other path is a JSON 404):
//
//	GET  /api/health      {"ok":true,"service":"iisconf","version":...}
//	POST /api/share       state JSON -> 201 (or 200 when already stored) {"id","url"}
//	GET  /api/share/{id}  the stored state JSON, or 404
//	GET  /s/{id}          302 to /?share={id}, which the playground opens
//
// A share's id is derived from its canonical JSON (the same state always
// gets the same id) and stored entries are never rewritten. There is
// deliberately no route that lists or deletes shares, and no CORS.
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
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// MaxBody is the largest state POST /api/share accepts, in bytes.
const MaxBody = 512 << 10

// Service names this API in /api/health; the playground checks it before
// offering short links, so a 200 from some other server is not mistaken
// for the Worker.
const Service = "iisconf"

// idLen is the length of an id: base32 of the canonical JSON's SHA-256,
// truncated to 100 bits (unguessable, and still short).
const idLen = 20

var idPattern = regexp.MustCompile(`^[a-z2-7]{20}$`)

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Store keeps shares by id. Implementations: MemStore (tests, local
// runs) and the Workers KV store of wasm/worker. There is no List or
// Delete on purpose.
type Store interface {
	// Get returns the value under id; ok is false when there is none.
	Get(ctx context.Context, id string) (data []byte, ok bool, err error)
	// Put stores data under id.
	Put(ctx context.Context, id string, data []byte) error
}

// CSP of the API's own responses: JSON only, nothing may load or frame it.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// Handler serves the API.
type Handler struct {
	Store   Store
	Version string // the build version /api/health reports
}

// New returns the API handler over store.
func New(store Store, version string) *Handler {
	return &Handler{Store: store, Version: version}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", apiCSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")

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

func (h *Handler) get(w http.ResponseWriter, r *http.Request, id string) {
	if !idPattern.MatchString(id) {
		fail(w, r, http.StatusNotFound, "no such share")
		return
	}
	data, ok, err := h.Store.Get(r.Context(), id)
	if err != nil {
		fail(w, r, http.StatusServiceUnavailable, "the share store is unavailable: "+err.Error())
		return
	}
	if !ok {
		fail(w, r, http.StatusNotFound, "no such share")
		return
	}
	hd := w.Header()
	etag := `"` + id + `"`
	hd.Set("ETag", etag)
	// An id names its content forever.
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", "application/json; charset=utf-8")
	writeBody(w, r, http.StatusOK, data)
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
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			fail(w, r, http.StatusForbidden, "cross-origin writes are not allowed")
			return
		}
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		fail(w, r, http.StatusUnsupportedMediaType, "send the state as Content-Type: application/json")
		return
	}
	if r.ContentLength > MaxBody {
		fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the state is %d bytes; the limit is %d", r.ContentLength, MaxBody))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the state is over the limit of %d bytes", MaxBody))
			return
		}
		fail(w, r, http.StatusBadRequest, "cannot read the request body: "+err.Error())
		return
	}
	canon, err := Canonical(body)
	if err != nil {
		fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	id := ID(canon)
	ctx := r.Context()
	old, exists, err := h.Store.Get(ctx, id)
	if err != nil {
		fail(w, r, http.StatusServiceUnavailable, "the share store is unavailable: "+err.Error())
		return
	}
	status := http.StatusOK
	switch {
	case exists && !bytes.Equal(old, canon):
		// Entries are immutable; two states with one id would be a
		// SHA-256 collision in 100 bits. Refuse rather than overwrite.
		fail(w, r, http.StatusConflict, "a different share already has this id")
		return
	case !exists:
		if err := h.Store.Put(ctx, id, canon); err != nil {
			fail(w, r, http.StatusServiceUnavailable, "cannot store the share: "+err.Error())
			return
		}
		back, ok, err := h.Store.Get(ctx, id)
		if err != nil || !ok || !bytes.Equal(back, canon) {
			fail(w, r, http.StatusServiceUnavailable, "the share could not be verified after writing it; try again")
			return
		}
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/share/"+id)
	writeJSON(w, r, status, map[string]string{"id": id, "url": origin(r) + "/s/" + id})
}

// origin is the scheme and host the request was addressed to.
func origin(r *http.Request) string {
	scheme := r.URL.Scheme
	if scheme == "" {
		scheme = "http"
		if r.TLS != nil {
			scheme = "https"
		}
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	return scheme + "://" + host
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // maps of strings and bools always encode
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
