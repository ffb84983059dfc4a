//go:build js && wasm

// Command worker is the playground's Cloudflare Worker: the share API of
// package share over Workers KV and the rate-limiting binding, served with
// github.com/syumai/workers. The static playground (dist/) is served by
// Workers static assets and never reaches this program; see wrangler.toml
// and build/worker.go.
package main

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/iisconf/iisconf/wasm/worker/share"
	"github.com/syumai/workers"
)

// version is the build's version, set by `go run ./build worker` with
// -ldflags "-X main.version=...".
var version = "dev"

// The bindings and variables of wrangler.toml.
const (
	kvBinding      = "SHARES"       // [[kv_namespaces]]
	limiterBinding = "SHARE_WRITES" // [[ratelimits]]
	originVar      = "ORIGIN"       // [vars]: the playground's public origin
	ttlVar         = "SHARE_TTL_DAYS"
	// limiterPeriod is [ratelimits.simple] period: how long a refused
	// client waits at most (Retry-After). wasm/worker/test checks the two agree.
	limiterPeriod = 60 * time.Second
)

func main() {
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The variables live in the request's runtime context.
		cfg := share.Config{Origin: strings.TrimSpace(envVar(originVar)), RetryAfter: limiterPeriod}
		if days, err := strconv.Atoi(strings.TrimSpace(envVar(ttlVar))); err == nil && days > 0 {
			cfg.TTL = time.Duration(days) * 24 * time.Hour
		}
		share.New(kvStore{binding: kvBinding}, rateLimiter{binding: limiterBinding}, version, cfg).ServeHTTP(w, r)
	}))
}
