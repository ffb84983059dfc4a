package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/wasm/worker/share"
)

// The Cloudflare Worker (wasm/worker, wrangler.toml) is staged under
// build/out/worker:
//
//	gen/     what wrangler uploads as the Worker: entry.mjs (from
//	         wasm/worker: caps uploads at once, then calls worker.mjs),
//	         worker.mjs and runtime.mjs from `go tool workers-assets-gen
//	         -mode=go`, wasm_exec.js (this toolchain's, see
//	         workerWasmExec) and app.wasm (GOOS=js GOARCH=wasm go build
//	         ./wasm/worker)
//	public/  the static assets: a copy of dist/ without the .br/.gz
//	         siblings (Cloudflare compresses by itself) plus a _headers
//	         file with the security headers of build/serve.go and a
//	         404.html for every other path
//
// Staging a copy keeps `wrangler dev` and the Miniflare tests working
// while dist/ is being rebuilt (the build deletes it first).
const (
	workerDir    = "build/out/worker"
	workerGenDir = workerDir + "/gen"
	workerPubDir = workerDir + "/public"
)

func workerCommand(root string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rebuild := fs.Bool("dist", false, "rebuild dist/ even when it exists")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := buildWorker(root, *rebuild, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "build worker: %v\n", err)
		return 1
	}
	return 0
}

// workerSizes is what buildWorker reports.
type workerSizes struct {
	wasm, wasmGzip int
	assets         int // files in public/
}

// buildWorker builds dist/ when it is missing (or when asked), then the
// Worker and its staged assets.
func buildWorker(root string, rebuildDist bool, stdout, stderr io.Writer) (workerSizes, error) {
	var sz workerSizes
	dist := filepath.Join(root, "dist")
	if rebuildDist || !fileExists(filepath.Join(dist, "index.html")) {
		if err := buildPlayground(root, stdout, stderr); err != nil {
			// The size budget is reported after dist/ is written; a
			// playground over budget still deploys.
			if !strings.Contains(err.Error(), "budget") || !fileExists(filepath.Join(dist, "index.html")) {
				return sz, fmt.Errorf("dist: %w", err)
			}
			fmt.Fprintf(stdout, "warning: %v (staging dist/ anyway)\n", err)
		}
	} else {
		fmt.Fprintln(stdout, "using the existing dist/ (-dist rebuilds it)")
	}
	gen := filepath.Join(root, filepath.FromSlash(workerGenDir))
	if err := os.MkdirAll(filepath.Dir(gen), 0o755); err != nil {
		return sz, err
	}
	cmd := exec.Command("go", "tool", "workers-assets-gen", "-mode=go", "-o", gen)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return sz, fmt.Errorf("go tool workers-assets-gen: %v", err)
	}
	wasmExec, err := workerWasmExec()
	if err != nil {
		return sz, err
	}
	if err := os.WriteFile(filepath.Join(gen, "wasm_exec.js"), wasmExec, 0o644); err != nil {
		return sz, err
	}
	entry, err := os.ReadFile(filepath.Join(root, "wasm", "worker", "entry.mjs"))
	if err != nil {
		return sz, err
	}
	if err := os.WriteFile(filepath.Join(gen, "entry.mjs"), entry, 0o644); err != nil {
		return sz, err
	}
	app := filepath.Join(gen, "app.wasm")
	cmd = exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -X main.version="+gitVersion(root), "-o", app, "./wasm/worker")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return sz, fmt.Errorf("go build ./wasm/worker: %v", err)
	}
	data, err := os.ReadFile(app)
	if err != nil {
		return sz, err
	}
	sz.wasm, sz.wasmGzip = len(data), gzipSize(data)
	if sz.assets, err = stageAssets(dist, filepath.Join(root, filepath.FromSlash(workerPubDir))); err != nil {
		return sz, fmt.Errorf("staging assets: %v", err)
	}
	fmt.Fprintf(stdout, "worker: %s/app.wasm %d bytes (%d gzip); %d static assets in %s\n",
		workerGenDir, sz.wasm, sz.wasmGzip, sz.assets, workerPubDir)
	return sz, nil
}

// workerWasmExec is the wasm_exec.js of the Go that builds app.wasm,
// changed as syumai/workers' copy is: Go.run takes the Worker's runtime
// context and the program's globalThis answers "context" with it (the
// workers package reads env, ctx and bindings from there). It fails when
// the toolchain's file no longer has the lines the change rests on.
func workerWasmExec() ([]byte, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, err
	}
	s := string(src)
	for _, e := range []struct{ old, new string }{
		{"async run(instance) {", "async run(instance, context) {"},
		{"\t\t\tthis._values = [ // JS values that Go currently has references to, indexed by reference id\n",
			"\t\t\tconst globalProxy = new Proxy(globalThis, {\n\t\t\t\tget(target, prop) {\n\t\t\t\t\tif (prop === 'context') {\n\t\t\t\t\t\treturn context;\n\t\t\t\t\t}\n\t\t\t\t\treturn Reflect.get(target, prop, target);\n\t\t\t\t}\n\t\t\t})\n" +
				"\t\t\tthis._values = [ // JS values that Go currently has references to, indexed by reference id\n"},
		{"\t\t\t\tglobalThis,\n\t\t\t\tthis,\n", "\t\t\t\tglobalProxy,\n\t\t\t\tthis,\n"},
		{"[globalThis, 5],", "[globalProxy, 5],"},
	} {
		if strings.Count(s, e.old) != 1 {
			return nil, fmt.Errorf("wasm_exec.js: expected exactly one %q; has the toolchain's file changed?", strings.TrimSpace(e.old))
		}
		s = strings.Replace(s, e.old, e.new, 1)
	}
	return []byte(s), nil
}

// stageAssets copies dist into pub (emptied first) without precompressed
// siblings and writes pub/_headers. It returns the number of files.
func stageAssets(dist, pub string) (int, error) {
	if err := os.RemoveAll(pub); err != nil {
		return 0, err
	}
	var names []string
	err := filepath.WalkDir(dist, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dist, p)
		if d.IsDir() || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if filepath.ToSlash(rel) == "index.html" {
			if data, err = markWorkerPage(data); err != nil {
				return err
			}
		}
		dst := filepath.Join(pub, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		names = append(names, filepath.ToSlash(rel))
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		return 0, err
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("%s is empty", dist)
	}
	sort.Strings(names)
	if err := os.WriteFile(filepath.Join(pub, "404.html"), []byte(notFoundPage), 0o644); err != nil {
		return 0, err
	}
	return len(names) + 1, os.WriteFile(filepath.Join(pub, "_headers"), assetHeaders(names), 0o644)
}

// workerPageMarker tells the playground's page that the Worker serves it,
// so its short-link API is there (web/src/shortlink.ts). Served by anything
// else (go run ./build serve, a static host), the page has no marker and
// asks nothing of an API that is not there.
const workerPageMarker = `<meta name="iisconf-share-api" content="/api/">`

// markWorkerPage adds workerPageMarker to the page's head.
func markWorkerPage(html []byte) ([]byte, error) {
	i := bytes.Index(html, []byte("</head>"))
	if i < 0 {
		return nil, fmt.Errorf("index.html has no </head> for the Worker's marker")
	}
	return append(append(append([]byte{}, html[:i]...), workerPageMarker...), html[i:]...), nil
}

// notFoundPage is public/404.html: wrangler.toml's not_found_handling =
// "404-page" answers every path that is neither an asset nor the Worker's
// (run_worker_first) with it, without starting the Go Worker.
const notFoundPage = `<!doctype html>
<html lang=en>
<meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1">
<title>Not found — iisconf</title>
<h1>Not found</h1>
<p>There is nothing at this address. <a href="/">Open the iisconf playground</a>.</p>
`

// assetHeaders is the _headers file of Workers static assets: the
// headers distHandler (serve.go) sets, for the responses the Worker's
// code never sees, plus HSTS (the Worker's own responses carry the same,
// from package share). Hashed names are cached for good.
func assetHeaders(names []string) []byte {
	var b bytes.Buffer
	rule := func(path string, lines ...string) {
		b.WriteString(path + "\n")
		for _, l := range lines {
			b.WriteString("  " + l + "\n")
		}
	}
	rule("/*",
		"Content-Security-Policy: "+cspPage,
		"X-Content-Type-Options: nosniff",
		"Referrer-Policy: no-referrer",
		"Cross-Origin-Opener-Policy: same-origin",
		"Cross-Origin-Embedder-Policy: "+coep,
		"Permissions-Policy: "+share.PermissionsPolicy,
		"Strict-Transport-Security: "+share.HSTS)
	for _, p := range []string{"/embed", "/embed.html"} {
		rule(p, "! Content-Security-Policy", "Content-Security-Policy: "+cspEmbed)
	}
	for _, n := range names {
		if hashedName.MatchString(n) {
			rule("/"+n, "Cache-Control: public, max-age=31536000, immutable")
		}
	}
	return b.Bytes()
}

func gzipSize(data []byte) int {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Len()
}
