package main

import (
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/iisconf/iisconf/wasm/worker/share"
)

// The Content-Security-Policy of every response. Scripts only from our
// origin and no inline script; 'wasm-unsafe-eval' is the narrow grant
// WebAssembly compilation needs (it does not allow eval). Styles allow
// 'unsafe-inline' because CodeMirror injects its theme as <style>
// elements. Only /embed may be framed by other sites (docs pages embed
// it); the playground itself may not, against clickjacking.
const (
	cspBase = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
		"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; manifest-src 'self'"
	cspPage  = cspBase + "; frame-ancestors 'self'"
	cspEmbed = cspBase + "; frame-ancestors *"
)

// With Cross-Origin-Opener-Policy: same-origin, this makes the page cross-
// origin isolated, so it may share memory with its engine worker: the
// worker writes each evaluation's answer into a SharedArrayBuffer the page
// reads inside the keystroke's frame (web/src/engine/answerbuffer.ts).
// require-corp only lets the page load what is same-origin or says it may
// be embedded; everything the playground loads is its own (cspBase allows
// nothing else). A page that is not isolated (an embed in another site's
// iframe) works as before, with the answers as messages.
const coep = "require-corp"

func serveCommand(root string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "listen address")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := buildPlayground(root, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 1
	}
	host := *addr
	if strings.HasPrefix(host, ":") {
		host = "localhost" + host
	}
	fmt.Fprintf(stdout, "serving dist/ on http://%s\n", host)
	srv := &http.Server{Addr: *addr, Handler: distHandler(filepath.Join(root, "dist")), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	return 0
}

// distHandler serves a built dist/ as production should: precompressed
// variants chosen by Accept-Encoding, immutable caching for hashed names,
// revalidation for the rest, security headers on every response.
func distHandler(dist string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		switch name {
		case "":
			name = "index.html"
		case "embed":
			name = "embed.html"
		}
		h.Set("Content-Security-Policy", cspPage)
		if name == "embed.html" {
			h.Set("Content-Security-Policy", cspEmbed)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Embedder-Policy", coep)
		h.Set("Permissions-Policy", share.PermissionsPolicy)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Precompressed siblings are an implementation detail, and dot
		// files are never content.
		if strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") || strings.Contains("/"+name, "/.") {
			http.NotFound(w, r)
			return
		}
		file := filepath.Join(dist, filepath.FromSlash(name))
		info, err := os.Stat(file)
		if err != nil || info.IsDir() {
			http.NotFound(w, r)
			return
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".wasm":
			ctype = "application/wasm" // instantiateStreaming insists on it
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		case ".webmanifest":
			ctype = "application/manifest+json"
		}
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		if hashedName.MatchString(name) {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		h.Add("Vary", "Accept-Encoding")
		for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
			if !acceptsEncoding(r.Header.Get("Accept-Encoding"), enc.token) {
				continue
			}
			if ci, err := os.Stat(file + enc.ext); err == nil && !ci.IsDir() {
				file, info = file+enc.ext, ci
				h.Set("Content-Encoding", enc.token)
				break
			}
		}
		f, err := os.Open(file)
		if err != nil {
			http.Error(w, "cannot read file", http.StatusInternalServerError)
			return
		}
		defer f.Close()
		http.ServeContent(w, r, name, info.ModTime(), f)
	})
}

// acceptsEncoding reports whether an Accept-Encoding header allows token
// (q=0 refuses it; "*" accepts anything not named).
func acceptsEncoding(header, token string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		refused := false
		for _, p := range fields[1:] {
			p = strings.ReplaceAll(strings.TrimSpace(p), " ", "")
			if p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000" {
				refused = true
			}
		}
		switch name {
		case token:
			return !refused
		case "*":
			star = !refused
		}
	}
	return star
}
