//go:build js && wasm

// Command worker is the playground's Cloudflare Worker: the share API of
// package share over Workers KV, served with github.com/syumai/workers.
// The static playground (dist/) is served by Workers static assets and
// never reaches this program; see wrangler.toml and build/worker.go.
package main

import (
	"github.com/iisconf/iisconf/wasm/worker/share"
	"github.com/syumai/workers"
)

// version is the build's version, set by `go run ./build worker` with
// -ldflags "-X main.version=...".
var version = "dev"

// kvBinding is the KV namespace binding of wrangler.toml.
const kvBinding = "SHARES"

func main() {
	workers.Serve(share.New(kvStore{binding: kvBinding}, version))
}
