package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	mjson "github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
)

// firstLoadBudget is the most the playground's first visit may transfer:
// the brotli sizes of index.html and everything it loads, the engine
// wasm included (the page starts the worker at once).
const firstLoadBudget = 1_200_000

// The front end's conventions, which the build relies on:
//
//   - web/src/main.ts (the page), web/src/early.ts (the page's first
//     script: it starts the engine worker for a link or an autosave),
//     web/src/embed.ts (the /embed route), web/src/sw.ts (the service
//     worker) and web/src/engine/worker.ts are the TypeScript entry
//     points; CSS they import comes out beside them as src/main.css,
//     src/embed.css.
//   - main.ts is bundled as an ES module with code splitting: what it
//     import()s is a separate chunk, loaded on first use and not part of
//     the first load; the code the page runs at once is one chunk the
//     entry imports (preloaded by <link rel=modulepreload>; see
//     bundleModules). Its pages load it with <script type="module">. The other entries are classic scripts
//     (IIFE): index.html loads early.js with a plain <script> at the top
//     of <head>, so it runs before the page's modules; embed.js keeps a
//     stable URL for documentation hosted elsewhere, which loads it with a
//     plain <script defer>.
//   - HTML files in web/ name their scripts and styles by source path,
//     e.g. <script type="module" src="src/main.ts"> or <link rel="stylesheet"
//     href="styles/app.css">; the build rewrites every src/href that names
//     something it produced to the hashed output name. Inline scripts are
//     refused: the Content-Security-Policy blocks them.
//   - Every other file in web/ outside src/ is copied; CSS, SVG and JSON
//     are minified; CSS url(...) references are rewritten like HTML ones.
//   - The bundles see these defines (strings): __IISCONF_WORKER_URL__ and
//     __IISCONF_WASM_URL__ (page: early.ts starts both for a link visit),
//     __IISCONF_WASM_URL__, __IISCONF_WASM_EXEC_URL__,
//     __IISCONF_SAMPLES_URL__ (worker), __IISCONF_PRECACHE__ (a JSON array
//     of every URL to cache) and __IISCONF_BUILD__ (service worker).
//
// Until web/src/main.ts exists, build/testdata holds a minimal page that
// proves the pipeline end to end.

// neverHashed keeps stable URLs for what people and browsers address by
// name: the pages, the service worker (its URL is its identity) and the
// asset list it reads.
var neverHashed = map[string]bool{"index.html": true, "embed.html": true, "docs.html": true, "sw.js": true, "assets.json": true, "favicon.ico": true, "robots.txt": true, "manifest.webmanifest": true}

// hashedName matches the content-hashed names the build writes (name.<hex>.ext,
// and esbuild's name-<base32>.ext for the split page bundle); serve
// marks them immutable.
var hashedName = regexp.MustCompile(`(\.[0-9a-f]{10}|-[A-Z2-7]{8})\.[a-z0-9]+$`)

// asset is one output file of dist/.
type asset struct {
	name string // slash path relative to dist/
	data []byte
	c    compressed
}

type builder struct {
	root, dist, pageRoot string
	stdout, stderr       io.Writer
	version              string
	min                  *minify.M
	assets               map[string]*asset // by output name
	refs                 map[string]string // source reference (relative to pageRoot) -> output name
	// Of the ES module bundle (bundleModules): the chunks each output
	// imports statically (loaded with it) and dynamically (on first use).
	staticImports, dynamicImports map[string][]string
	modules                       map[string]bool // outputs that are ES modules
	// Go's wasm_exec.js, minified: the start of worker.js (buildWorker),
	// not a file of its own.
	wasmExec string
}

// buildPlayground writes dist/ and prints the size report; it fails when
// the first load is over budget.
func buildPlayground(root string, stdout, stderr io.Writer) error {
	start := time.Now()
	if err := ensureNodeModules(root, stdout, stderr); err != nil {
		return err
	}
	b := &builder{
		root: root, dist: filepath.Join(root, "dist"), stdout: stdout, stderr: stderr,
		version: gitVersion(root), assets: map[string]*asset{}, refs: map[string]string{},
		staticImports: map[string][]string{}, dynamicImports: map[string][]string{}, modules: map[string]bool{},
	}
	b.pageRoot = filepath.Join(root, "web")
	if !fileExists(filepath.Join(root, "web", "src", "main.ts")) {
		b.pageRoot = filepath.Join(root, "build", "testdata", "page")
		fmt.Fprintln(stdout, "web/src/main.ts not found: building the pipeline test page from build/testdata/page")
	}
	b.min = minify.New()
	b.min.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepDefaultAttrVals: true})
	b.min.AddFunc("text/css", css.Minify)
	b.min.AddFunc("image/svg+xml", svg.Minify)
	b.min.AddFunc("application/json", mjson.Minify)

	steps := []struct {
		name string
		fn   func() error
	}{
		{"contract", func() error { return writeContract(root) }},
		{"wasm", b.buildWasm},
		{"samples", b.buildSamples},
		{"first answer", b.buildFirstAnswer},
		{"static files", b.buildStatic},
		{"worker", b.buildWorker},
		{"pages", b.buildPages},
		{"html", b.buildHTML},
		{"service worker", b.buildServiceWorker},
		{"compress", b.compress},
		{"write", b.write},
	}
	for _, s := range steps {
		t := time.Now()
		if err := s.fn(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(stdout, "  %-15s %s\n", s.name, time.Since(t).Round(time.Millisecond))
	}
	err := b.report()
	fmt.Fprintf(stdout, "built dist/ (%s) in %s\n", b.version, time.Since(start).Round(time.Millisecond))
	return err
}

// add records an output; hashed unless its name must stay stable.
func (b *builder) add(name string, data []byte) string {
	if !neverHashed[name] {
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		name = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
	}
	b.assets[name] = &asset{name: name, data: data}
	return name
}

func (b *builder) goEnv(key string) (string, error) {
	out, err := exec.Command("go", "env", key).Output()
	return strings.TrimSpace(string(out)), err
}

// playgroundWasmEnv is the environment of the playground's wasm builds
// (engine.wasm, tools.wasm), of the js/wasm side of `go run ./build bench`
// and of the wasm packages' tests: js/wasm with the collector Go had before
// 1.26 (GOEXPERIMENT=nogreenteagc). Go 1.26's "green tea" collector scans
// memory a span at a time to use many cores well; the engine runs in one
// thread, where it measured no faster (interleaved, optimized code: a warm
// stock evaluation, an edit and re-evaluation and the 10,000-site load
// within ±9% either way, see README "What each size change saved"), and
// its code cost 10 KB of engine.wasm's brotli. Go means to drop the
// opt-out in a later release; this line goes with it.
func playgroundWasmEnv() []string {
	return append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=nogreenteagc")
}

// buildWasm compiles wasm/browser small: -trimpath and -s -w (no symbol
// table, no DWARF). The wasm_exec.js worker.js starts with must come from
// the same GOROOT: its imports change between Go releases.
func (b *builder) buildWasm() error {
	tmp, err := os.MkdirTemp("", "iisconf-wasm")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// engine.wasm is the engine every visit loads; tools.wasm (pool view,
	// metabase mode) is fetched by the worker on first use. Built side by side.
	wasms := []struct{ name, pkg string }{{"engine.wasm", "./wasm/browser"}, {"tools.wasm", "./wasm/tools"}}
	overlay, err := embedOverlay(b.root, tmp, "engine", "wasm")
	if err != nil {
		return err
	}
	errs := make([]error, len(wasms))
	var wg sync.WaitGroup
	for i, w := range wasms {
		wg.Add(1)
		go func(i int, name, pkg string) {
			defer wg.Done()
			cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-overlay="+overlay, "-o", filepath.Join(tmp, name), pkg)
			cmd.Dir = b.root
			cmd.Env = playgroundWasmEnv()
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				errs[i] = fmt.Errorf("go build %s: %v\n%s", pkg, err, out.Bytes())
			}
		}(i, w.name, w.pkg)
	}
	wg.Wait()
	for i, w := range wasms {
		if errs[i] != nil {
			return errs[i]
		}
		data, err := os.ReadFile(filepath.Join(tmp, w.name))
		if err != nil {
			return err
		}
		b.refs[w.name] = b.add(w.name, data)
	}
	goroot, err := b.goEnv("GOROOT")
	if err != nil {
		return err
	}
	src, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	res := api.Transform(string(src), api.TransformOptions{
		Loader: api.LoaderJS, Target: api.ES2020,
		MinifyWhitespace: true, MinifySyntax: true, MinifyIdentifiers: true,
	})
	if len(res.Errors) > 0 {
		return esbuildError(res.Errors)
	}
	b.wasmExec = string(res.Code)
	return nil
}

func (b *builder) buildSamples() (err error) {
	defer func() {
		if r := recover(); r != nil { // samples.All panics on a bad sample
			err = fmt.Errorf("%v", r)
		}
	}()
	data, err := samplesJSON()
	if err != nil {
		return err
	}
	b.refs["samples.json"] = b.add("samples.json", data)
	mb, err := metabaseSampleJSON(b.root)
	if err != nil {
		return err
	}
	b.refs["metabase.json"] = b.add("metabase.json", mb)
	return nil
}

// buildStatic copies pageRoot's files outside src/: minified by type,
// hashed unless neverHashed. CSS is done last so its url()s can be
// rewritten; HTML waits for the bundles (buildHTML).
func (b *builder) buildStatic() error {
	var css []string
	err := filepath.WalkDir(b.pageRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(b.pageRoot, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "src" || rel == "test" || strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if devOnly(rel) {
			return nil // documentation and tooling of web/, never served
		}
		switch strings.ToLower(path.Ext(rel)) {
		case ".html", ".ts":
			return nil
		case ".css":
			css = append(css, rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if mt := minifiable(rel); mt != "" {
			if data, err = b.min.Bytes(mt, data); err != nil {
				return fmt.Errorf("%s: %v", rel, err)
			}
		}
		b.refs[rel] = b.add(rel, data)
		return nil
	})
	if err != nil {
		return err
	}
	for _, rel := range css {
		data, err := os.ReadFile(filepath.Join(b.pageRoot, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		data = b.rewriteCSS(path.Dir(rel), data)
		if data, err = b.min.Bytes("text/css", data); err != nil {
			return fmt.Errorf("%s: %v", rel, err)
		}
		b.refs[rel] = b.add(rel, data)
	}
	return nil
}

func minifiable(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".svg":
		return "image/svg+xml"
	case ".json", ".webmanifest":
		return "application/json"
	}
	return ""
}

var cssURL = regexp.MustCompile(`url\(\s*(['"]?)([^'")]+)(['"]?)\s*\)`)

// rewriteCSS points url(...) references at hashed outputs. Output names
// are relative to dist/ and CSS files keep their folder, so a reference
// is rewritten relative to the stylesheet's own folder.
func (b *builder) rewriteCSS(dir string, data []byte) []byte {
	return cssURL.ReplaceAllFunc(data, func(m []byte) []byte {
		g := cssURL.FindSubmatch(m)
		ref := string(g[2])
		if out, ok := b.refs[path.Clean(path.Join(dir, ref))]; ok {
			rel, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(out))
			if err == nil {
				return []byte("url(" + string(g[1]) + filepath.ToSlash(rel) + string(g[3]) + ")")
			}
		}
		return m
	})
}

// esbuildOptions are what every bundle of the page shares: minified for
// the browsers the page supports, kept in memory (the builder hashes and
// compresses each output itself), licence comments dropped.
func (b *builder) esbuildOptions(points []api.EntryPoint, define map[string]string) api.BuildOptions {
	return api.BuildOptions{
		EntryPointsAdvanced: points,
		Bundle:              true,
		Write:               false,
		Outdir:              b.dist,
		AbsWorkingDir:       b.root,
		Platform:            api.PlatformBrowser,
		Target:              api.ES2020,
		MinifyWhitespace:    true,
		MinifySyntax:        true,
		MinifyIdentifiers:   true,
		Define:              define,
		LegalComments:       api.LegalCommentsNone,
		Loader:              map[string]api.Loader{".svg": api.LoaderText, ".woff2": api.LoaderFile},
		LogLevel:            api.LogLevelSilent,
	}
}

// bundle runs esbuild over one or more entry points (absolute paths) and
// records each output under the given names.
func (b *builder) bundle(entries map[string]string, define map[string]string, banner ...string) error {
	var points []api.EntryPoint
	for out, in := range entries {
		points = append(points, api.EntryPoint{InputPath: in, OutputPath: out})
	}
	sort.Slice(points, func(i, j int) bool { return points[i].OutputPath < points[j].OutputPath })
	opts := b.esbuildOptions(points, define)
	opts.Format = api.FormatIIFE
	if len(banner) > 0 {
		opts.Banner = map[string]string{"js": strings.Join(banner, "\n")}
	}
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		return esbuildError(res.Errors)
	}
	b.warn(res.Warnings)
	for _, f := range res.OutputFiles {
		rel, err := filepath.Rel(b.dist, f.Path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := b.add(rel, f.Contents)
		// A bundle is referenced by its source (src/main.ts) and an
		// imported stylesheet by the entry's name with .css.
		stem := strings.TrimSuffix(rel, path.Ext(rel))
		if src, ok := entries[stem]; ok {
			srcRel, _ := filepath.Rel(b.pageRoot, src)
			srcRel = filepath.ToSlash(srcRel)
			if path.Ext(rel) == ".css" {
				srcRel = strings.TrimSuffix(srcRel, ".ts") + ".css"
			}
			b.refs[srcRel] = name
		}
		b.refs[rel] = name
	}
	return nil
}

func esbuildError(msgs []api.Message) error {
	return fmt.Errorf("\n%s", strings.Join(api.FormatMessages(msgs, api.FormatMessagesOptions{Kind: api.ErrorMessage}), ""))
}

func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// buildWorker bundles the engine's Web Worker with Go's wasm_exec.js at its
// start: one script to fetch and compile before the worker can ask for
// the wasm, where a separate wasm_exec.js was a second request made by a
// synchronous importScripts (the worker waited ~20–50 ms for it in link
// visits, more when the page's own requests held the connections).
func (b *builder) buildWorker() error {
	return b.bundle(map[string]string{"worker": filepath.Join(b.root, "web", "src", "engine", "worker.ts")}, map[string]string{
		"__IISCONF_WASM_URL__":       jsString(b.refs["engine.wasm"]),
		"__IISCONF_TOOLS_WASM_URL__": jsString(b.refs["tools.wasm"]),
		"__IISCONF_SAMPLES_URL__":    jsString(b.refs["samples.json"]),
		"__IISCONF_BUILD__":          jsString(b.version),
	}, b.wasmExec)
}

func (b *builder) buildPages() error {
	entries := map[string]string{}
	for _, name := range []string{"main", "early", "embed", "docs"} {
		p := filepath.Join(b.pageRoot, "src", name+".ts")
		if b.pageRoot != filepath.Join(b.root, "web") {
			p = filepath.Join(b.pageRoot, name+".ts")
		}
		if fileExists(p) {
			entries[name] = p
		}
	}
	define := map[string]string{
		"__IISCONF_WORKER_URL__":   jsString(b.refs["worker.js"]),
		"__IISCONF_WASM_URL__":     jsString(b.refs["engine.wasm"]),
		"__IISCONF_SAMPLES_URL__":  jsString(b.refs["samples.json"]),
		"__IISCONF_METABASE_URL__": jsString(b.refs["metabase.json"]),
		"__IISCONF_FIRST_URL__":    jsString(b.refs["first.json"]),
	}
	if main, ok := entries["main"]; ok {
		delete(entries, "main")
		if err := b.bundleModules("main", main, define); err != nil {
			return err
		}
	}
	if err := b.bundle(entries, define); err != nil {
		return err
	}
	// embed.js at a stable URL, for documentation written elsewhere:
	// <script src="https://…/embed.js" defer>. The hashed copy stays what
	// the site's own pages load (immutable caching); this one is served
	// no-cache, so it always names the current build's worker and wasm.
	if name, ok := b.refs["embed.js"]; ok {
		b.assets["embed.js"] = &asset{name: "embed.js", data: b.assets[name].data}
	}
	return nil
}

// bundleModules bundles one entry point as ES modules with code splitting.
// esbuild names every output by its content hash and writes the chunks'
// names into the modules that import them, so they are recorded as they
// are (not renamed by add). The metafile says which chunks each output
// imports statically and which through import().
//
// The page's own modules come out as one chunk. esbuild puts each module in
// the chunk of the set of entry points that reach it (the page, and every
// import() target), so code the page shares with different lazy chunks was
// split into as many small chunks as there were sets: eleven files for a
// first visit, which HTTP/1.1's six connections per host fetched in three
// rounds before the page could run. So the build bundles twice: the first
// pass finds the import() targets among the page's own sources, and the
// second makes each of them import the page's entry as well (lazyEntries).
// Every module the page loads is then reached by the same set, and lands in
// one chunk; the entry itself is a one-line module importing it. A lazy
// chunk is only ever loaded after the page has run, so its import of the
// page's chunk is the module already evaluated, never a second copy.
func (b *builder) bundleModules(name, src string, define map[string]string) error {
	res, meta, err := b.splitBuild(name, src, define, nil)
	if err != nil {
		return err
	}
	lazy, both := lazyEntries(meta, src, b.root)
	// A module the page imports both statically and with import() is an
	// entry point of its own, whose modules stay a separate chunk.
	for _, m := range both {
		fmt.Fprintf(b.stderr, "build: warning: %s is imported by the page both statically and with import(): its modules load as a chunk of their own on every visit; import it statically\n", m)
	}
	if len(lazy) > 0 {
		if res, meta, err = b.splitBuild(name, src, define, lazy); err != nil {
			return err
		}
	}
	b.warn(res.Warnings)
	rel := func(p string) (string, error) {
		r, err := filepath.Rel(b.dist, filepath.Join(b.root, filepath.FromSlash(p)))
		return filepath.ToSlash(r), err
	}
	srcRel, _ := filepath.Rel(b.pageRoot, src)
	srcRel = filepath.ToSlash(srcRel)
	// The metafile names entry points relative to the working directory;
	// the chunks import() loads are entry points of their own too.
	fromRoot, _ := filepath.Rel(b.root, src)
	fromRoot = filepath.ToSlash(fromRoot)
	// A lazy entry imports the page's entry (above), and so esbuild gives
	// it a CSS bundle of its own: a copy of the page's stylesheet, which
	// nothing links (the page links its entry's; a chunk loaded by import()
	// brings no CSS with it) and the service worker would precache once per
	// lazy chunk. They are left out; one that is not such a copy is CSS a
	// lazy module imported, which would never be applied: a warning.
	mainCSS, lazyCSS := "", map[string]bool{}
	for _, m := range meta.Outputs {
		if m.CSSBundle == "" {
			continue
		}
		if m.EntryPoint == fromRoot {
			mainCSS = m.CSSBundle
		} else {
			lazyCSS[m.CSSBundle] = true
		}
	}
	cssOf := map[string][]byte{}
	for _, f := range res.OutputFiles {
		if r, err := filepath.Rel(b.root, f.Path); err == nil {
			cssOf[filepath.ToSlash(r)] = f.Contents
		}
	}
	for c := range lazyCSS {
		if !bytes.Equal(cssOf[c], cssOf[mainCSS]) {
			fmt.Fprintf(b.stderr, "build: warning: %s is CSS a lazily loaded module imports: a chunk loaded by import() brings no CSS with it, so it is never applied; adopt it from the module (ui/sheet.ts) instead\n", c)
		}
	}
	for out, m := range meta.Outputs {
		if lazyCSS[out] {
			continue
		}
		o, err := rel(out)
		if err != nil {
			return err
		}
		if path.Ext(o) == ".js" {
			b.modules[o] = true
		}
		for _, imp := range m.Imports {
			if imp.External {
				continue
			}
			to, err := rel(imp.Path)
			if err != nil {
				return err
			}
			switch imp.Kind {
			case "import-statement":
				b.staticImports[o] = append(b.staticImports[o], to)
			case "dynamic-import":
				b.dynamicImports[o] = append(b.dynamicImports[o], to)
			}
		}
		if m.EntryPoint == fromRoot && path.Ext(o) == ".js" {
			b.refs[srcRel] = o
			if m.CSSBundle != "" {
				css, err := rel(m.CSSBundle)
				if err != nil {
					return err
				}
				b.refs[strings.TrimSuffix(srcRel, ".ts")+".css"] = css
			}
		}
	}
	for _, f := range res.OutputFiles {
		o, err := filepath.Rel(b.dist, f.Path)
		if err != nil {
			return err
		}
		o = filepath.ToSlash(o)
		if r, err := filepath.Rel(b.root, f.Path); err == nil && lazyCSS[filepath.ToSlash(r)] {
			continue
		}
		if !hashedName.MatchString(o) {
			return fmt.Errorf("esbuild wrote %s, which is not a hashed name", o)
		}
		b.assets[o] = &asset{name: o, data: f.Contents}
		b.refs[o] = o
	}
	return nil
}

// splitMeta is what the build reads of esbuild's metafile for a split bundle.
type splitMeta struct {
	Inputs  map[string]struct{}
	Outputs map[string]struct {
		Imports []struct {
			Path, Kind string
			External   bool
		}
		EntryPoint string
		CSSBundle  string
		Inputs     map[string]struct{}
	}
}

// splitBuild runs esbuild over the page's entry with code splitting. lazy
// (absolute paths) are the modules that import the entry too (bundleModules).
func (b *builder) splitBuild(name, src string, define map[string]string, lazy map[string]bool) (api.BuildResult, splitMeta, error) {
	opts := b.esbuildOptions([]api.EntryPoint{{InputPath: src, OutputPath: name}}, define)
	opts.Format = api.FormatESModule
	opts.Splitting = true
	opts.EntryNames = "[name]-[hash]"
	opts.ChunkNames = "[name]-[hash]"
	opts.Metafile = true
	// Class fields as written (every browser with the page's other
	// requirements has them), not through esbuild's __publicField helper,
	// which was a chunk of its own, one more request before the page ran.
	opts.Supported = map[string]bool{"class-field": true}
	if len(lazy) > 0 {
		opts.Plugins = []api.Plugin{importsEntry(src, lazy)}
	}
	var meta splitMeta
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		return res, meta, esbuildError(res.Errors)
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return res, meta, fmt.Errorf("esbuild metafile: %v", err)
	}
	return res, meta, nil
}

// lazyEntries are the import() targets among the page's own sources (not
// node_modules, which share nothing with the page's code), as absolute
// paths: the entry points of a split build other than src, less any module
// the page also imports statically (importing the entry from there would
// be a cycle).
func lazyEntries(meta splitMeta, src, root string) (lazy map[string]bool, both []string) {
	fromRoot := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	static := map[string]bool{}
	seen := map[string]bool{}
	var walk func(out string)
	walk = func(out string) {
		if seen[out] {
			return
		}
		seen[out] = true
		for in := range meta.Outputs[out].Inputs {
			static[fromRoot(in)] = true
		}
		for _, imp := range meta.Outputs[out].Imports {
			if imp.Kind == "import-statement" && !imp.External {
				walk(imp.Path)
			}
		}
	}
	for out, o := range meta.Outputs {
		if o.EntryPoint != "" && fromRoot(o.EntryPoint) == src {
			walk(out)
		}
	}
	lazy = map[string]bool{}
	for _, o := range meta.Outputs {
		p := fromRoot(o.EntryPoint)
		switch {
		case o.EntryPoint == "" || p == src || strings.Contains(o.EntryPoint, "node_modules/"):
		case static[p]:
			both = append(both, o.EntryPoint)
		default:
			lazy[p] = true
		}
	}
	sort.Strings(both)
	return lazy, both
}

// importsEntry is an esbuild plugin that puts `import "<entry>"` at the top
// of each lazy module as esbuild reads it (bundleModules says why).
func importsEntry(entry string, lazy map[string]bool) api.Plugin {
	return api.Plugin{Name: "lazy-imports-entry", Setup: func(pb api.PluginBuild) {
		pb.OnLoad(api.OnLoadOptions{Filter: `\.[jt]s$`}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			if !lazy[a.Path] {
				return api.OnLoadResult{}, nil
			}
			src, err := os.ReadFile(a.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			text := "import " + jsString(entry) + ";\n" + string(src)
			loader := api.LoaderTS
			if strings.HasSuffix(a.Path, ".js") {
				loader = api.LoaderJS
			}
			return api.OnLoadResult{Contents: &text, Loader: loader, ResolveDir: filepath.Dir(a.Path)}, nil
		})
	}}
}

// preloads is every chunk an ES module output needs before it runs (its
// static imports, transitively), for <link rel=modulepreload>.
func (b *builder) preloads(out string) []string {
	seen := map[string]bool{}
	var list []string
	var walk func(string)
	walk = func(o string) {
		for _, c := range b.staticImports[o] {
			if !seen[c] {
				seen[c] = true
				list = append(list, c)
				walk(c)
			}
		}
	}
	walk(out)
	return list
}

func (b *builder) warn(ws []api.Message) {
	for _, w := range ws {
		fmt.Fprint(b.stderr, strings.Join(api.FormatMessages([]api.Message{w}, api.FormatMessagesOptions{Kind: api.WarningMessage}), ""))
	}
}

var (
	htmlRef      = regexp.MustCompile(`(?i)\b(src|href)\s*=\s*("([^"]*)"|'([^']*)')`)
	inlineScript = regexp.MustCompile(`(?is)<script\b([^>]*)>\s*\S`)
)

// buildHTML rewrites each page's references to hashed outputs, refuses
// inline scripts (the CSP would block them in production while a lax dev
// server let them run) and minifies.
func (b *builder) buildHTML() error {
	return filepath.WalkDir(b.pageRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".html") {
			if d != nil && d.IsDir() && d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(b.pageRoot, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range inlineScript.FindAllSubmatch(data, -1) {
			if !bytes.Contains(bytes.ToLower(m[1]), []byte("src")) && !bytes.Contains(bytes.ToLower(m[1]), []byte("application/json")) {
				return fmt.Errorf("%s: inline <script>: the Content-Security-Policy forbids it; move it to a .ts entry", rel)
			}
		}
		var missing []string
		data = htmlRef.ReplaceAllFunc(data, func(m []byte) []byte {
			g := htmlRef.FindSubmatch(m)
			ref := string(g[3]) + string(g[4])
			if ref == "" || strings.Contains(ref, ":") || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "//") {
				return m
			}
			key := path.Clean(path.Join(path.Dir(rel), strings.TrimPrefix(ref, "/")))
			out, ok := b.refs[key]
			if !ok {
				if strings.HasSuffix(ref, ".ts") {
					missing = append(missing, ref)
				}
				return m
			}
			return []byte(string(g[1]) + `="` + out + `"`)
		})
		if len(missing) > 0 {
			return fmt.Errorf("%s references %s, which is not an entry point the build knows", rel, strings.Join(missing, ", "))
		}
		if data, err = b.moduleScripts(rel, data); err != nil {
			return err
		}
		if data, err = b.min.Bytes("text/html", data); err != nil {
			return fmt.Errorf("%s: %v", rel, err)
		}
		b.add(rel, data)
		return nil
	})
}

var scriptTag = regexp.MustCompile(`(?is)<script\b[^>]*>`)

// moduleScripts checks that a page loads ES module outputs with
// type="module" (a classic script would fail on their import statements)
// and puts a <link rel="modulepreload"> before each for the chunks it
// imports, so they download beside it instead of after it.
func (b *builder) moduleScripts(rel string, data []byte) ([]byte, error) {
	var err error
	out := scriptTag.ReplaceAllFunc(data, func(tag []byte) []byte {
		m := htmlRef.FindSubmatch(tag)
		if m == nil || !bytes.EqualFold(m[1], []byte("src")) {
			return tag
		}
		src := strings.TrimPrefix(string(m[3])+string(m[4]), "/")
		if !b.modules[src] {
			return tag
		}
		if !regexp.MustCompile(`(?i)\btype\s*=\s*["']?module\b`).Match(tag) {
			err = fmt.Errorf("%s loads %s, an ES module, without type=\"module\"", rel, src)
			return tag
		}
		var links []byte
		for _, c := range b.preloads(src) {
			links = append(links, `<link rel="modulepreload" href="`+c+`">`+"\n"...)
		}
		return append(links, tag...)
	})
	return out, err
}

// buildServiceWorker writes assets.json (every URL worth caching) and,
// when web/src/sw.ts exists, bundles it with the same list compiled in,
// so a new build changes sw.js's bytes and browsers install the update.
func (b *builder) buildServiceWorker() error {
	var urls []string
	for name := range b.assets {
		if !strings.HasSuffix(name, ".map") {
			urls = append(urls, name)
		}
	}
	urls = append(urls, "assets.json")
	sort.Strings(urls)
	list, _ := json.Marshal(urls)
	manifest, _ := json.Marshal(map[string]any{"build": b.version, "assets": urls})
	b.add("assets.json", manifest)
	sw := filepath.Join(b.root, "web", "src", "sw.ts")
	if !fileExists(sw) {
		return nil
	}
	return b.bundle(map[string]string{"sw": sw}, map[string]string{
		"__IISCONF_PRECACHE__": jsString(string(list)),
		"__IISCONF_BUILD__":    jsString(b.version),
	})
}

// compress makes the .gz and .br siblings, files in parallel.
func (b *builder) compress() error {
	cache := filepath.Join(b.root, "build", "out", "compress-cache")
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, a := range b.assets {
		if !compressible(a.name) {
			continue
		}
		wg.Add(1)
		go func(a *asset) {
			defer wg.Done()
			c, err := compressCached(cache, a.data)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = fmt.Errorf("%s: %v", a.name, err)
			}
			a.c = c
		}(a)
	}
	wg.Wait()
	return first
}

func compressible(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".js", ".css", ".svg", ".json", ".wasm", ".webmanifest", ".txt", ".map", ".ico":
		return true
	}
	return false
}

// write replaces dist/ with the new build.
func (b *builder) write() error {
	if err := os.RemoveAll(b.dist); err != nil {
		return err
	}
	for _, a := range b.assets {
		p := filepath.Join(b.dist, filepath.FromSlash(a.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, a.data, 0o644); err != nil {
			return err
		}
		if a.c.br != nil {
			if err := os.WriteFile(p+".br", a.c.br, 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(p+".gz", a.c.gz, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstLoad is what a first visit to index.html transfers: the page, what
// it references, and, transitively, every output whose name appears in a
// loaded script or stylesheet (the worker, with wasm_exec.js in it, and the
// wasm are found that way). samples.json is fetched when the gallery opens and the
// service worker's precache runs after the page is up; neither counts,
// nor do metabase.json and tools.wasm (fetched when the metabase sample,
// the pool view or metabase mode is first used), nor the chunks the page
// import()s on first use (dialogs, lazy panels).
func (b *builder) firstLoad() []string {
	seen := map[string]bool{}
	var order []string
	var visit func(name string)
	visit = func(name string) {
		a := b.assets[name]
		if a == nil || seen[name] || name == "sw.js" || name == "assets.json" || name == b.refs["samples.json"] || name == b.refs["metabase.json"] || name == b.refs["tools.wasm"] {
			return
		}
		seen[name] = true
		order = append(order, name)
		text := string(a.data)
		if name == "index.html" {
			for _, m := range htmlRef.FindAllStringSubmatch(text, -1) {
				visit(strings.TrimPrefix(m[3]+m[4], "/"))
			}
			// Minified HTML may drop attribute quotes.
			for _, m := range regexp.MustCompile(`(?i)\b(?:src|href)=([^\s">]+)`).FindAllStringSubmatch(text, -1) {
				visit(strings.TrimPrefix(m[1], "/"))
			}
			return
		}
		if ext := path.Ext(name); ext != ".js" && ext != ".css" {
			return
		}
		// A chunk the page import()s on first use is not part of it.
		lazy := map[string]bool{}
		for _, c := range b.dynamicImports[name] {
			lazy[c] = true
		}
		for _, c := range b.staticImports[name] {
			delete(lazy, c)
		}
		for other := range b.assets {
			if other != name && !lazy[other] && strings.Contains(text, path.Base(other)) {
				visit(other)
			}
		}
	}
	visit("index.html")
	sort.Strings(order)
	return order
}

// report prints raw/gzip/brotli sizes per file and the first-load total,
// and fails over budget.
func (b *builder) report() error {
	names := make([]string, 0, len(b.assets))
	for n := range b.assets {
		names = append(names, n)
	}
	sort.Strings(names)
	first := map[string]bool{}
	for _, n := range b.firstLoad() {
		first[n] = true
	}
	var fRaw, fGz, fBr int
	fmt.Fprintf(b.stdout, "\n%-40s %10s %10s %10s\n", "dist/ (* = first load)", "raw", "gzip", "brotli")
	for _, n := range names {
		a := b.assets[n]
		gz, br := len(a.data), len(a.data)
		if a.c.br != nil {
			gz, br = len(a.c.gz), len(a.c.br)
		}
		mark := " "
		if first[n] {
			mark = "*"
			fRaw, fGz, fBr = fRaw+len(a.data), fGz+gz, fBr+br
		}
		fmt.Fprintf(b.stdout, "%s %-38s %10d %10d %10d\n", mark, n, len(a.data), gz, br)
	}
	fmt.Fprintf(b.stdout, "%-40s %10d %10d %10d  (budget %d brotli)\n", "first load", fRaw, fGz, fBr, firstLoadBudget)
	if fBr > firstLoadBudget {
		return fmt.Errorf("first load is %d bytes brotli, over the %d budget", fBr, firstLoadBudget)
	}
	return nil
}

// gitVersion names the build: the commit, marked -dirty when tracked files
// have changed. GOFLAGS here carries -buildvcs=false, so the wasm gets it
// through worker.js (see wasm/browser's version).
func gitVersion(root string) string {
	cmd := exec.Command("git", "rev-parse", "--short=12", "HEAD")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "dev"
	}
	v := strings.TrimSpace(string(out))
	st := exec.Command("git", "status", "--porcelain", "--untracked-files=no")
	st.Dir = root
	if s, err := st.Output(); err == nil && len(bytes.TrimSpace(s)) > 0 {
		v += "-dirty"
	}
	return v
}

// devOnly names files under web/ that belong to its development (notes,
// test scripts, compiler settings) rather than to the site: shipping them
// would publish them with the playground.
func devOnly(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".md", ".mjs", ".map":
		return true
	}
	base := path.Base(rel)
	return strings.HasPrefix(base, "tsconfig") && strings.HasSuffix(base, ".json")
}
