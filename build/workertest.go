package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// workerTestTimeout bounds the Worker's integration tests (about 25 s).
const workerTestTimeout = 10 * time.Minute

// workerTests is the `build test` step of the Cloudflare Worker: build it
// (and dist/ when stale), then run wasm/worker/test/*.test.mjs under
// `node --test`: the share API through Miniflare's KV and static assets
// (wrangler 4.86.0's workerd, offline), and the short-link browser test
// in headless Chromium against that local Worker. The handler's own Go
// tests run in the "go test" steps.
func workerTests(root string, stdout, stderr io.Writer) error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node is not on PATH: the Worker tests need Node.js")
	}
	if err := ensureNodeModules(root, stdout, stderr); err != nil {
		return err
	}
	if !fileExists(filepath.Join(root, "node_modules", "wrangler", "package.json")) {
		return fmt.Errorf("node_modules/wrangler is missing: run npm ci")
	}
	stale, err := distStale(root)
	if err != nil {
		return err
	}
	if _, err := buildWorker(root, stale, stdout, stderr); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(root, "wasm", "worker", "test", "*.test.mjs"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no tests in wasm/worker/test (%v)", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), workerTestTimeout)
	defer cancel()
	// One file at a time: the cost measurement should not share the
	// machine with a browser.
	cmd := exec.CommandContext(ctx, "node", append([]string{"--test", "--test-concurrency=1"}, files...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CLOUDFLARE_CF_FETCH_ENABLED=false", "WRANGLER_SEND_METRICS=false")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("node --test wasm/worker/test: timed out after %s", workerTestTimeout)
		}
		return fmt.Errorf("node --test wasm/worker/test: %v", err)
	}
	return nil
}

// distStale reports whether dist/ is missing or older than a source of
// the playground (web/, the engine, its wasm adapter, the samples).
func distStale(root string) (bool, error) {
	info, err := os.Stat(filepath.Join(root, "dist", "assets.json"))
	if err != nil {
		return true, nil
	}
	built := info.ModTime()
	stale := false
	for _, dir := range []string{"web", "engine", "samples", filepath.Join("wasm", "browser")} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || stale {
				return err
			}
			if d.IsDir() && (d.Name() == "test" || strings.HasPrefix(d.Name(), ".")) && dir == "web" {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				if fi, err := d.Info(); err == nil && fi.ModTime().After(built) {
					stale = true
				}
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return false, err
		}
	}
	return stale, nil
}
