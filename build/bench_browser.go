package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/iisconf/iisconf/engine/hostgen"
)

// browserBenchResult is what web/test/lib/bench.mjs writes: samples in
// bytes and milliseconds.
type browserBenchResult struct {
	Runs        int           `json:"runs"`
	First       []visitSample `json:"first"` // first visits on loopback
	Slow        []visitSample `json:"slow"`  // first visits over throttledLink
	Link        []visitSample `json:"link"`  // first visits opening a share link
	KeystrokeMs []float64     `json:"keystrokeMs"`
	// Per keystroke: the panels were drawn in the keystroke's own frame.
	KeystrokeOwnFrame []bool `json:"keystrokeOwnFrame"`
	// Keystroke → its own frame (the typed character), ms.
	KeystrokeKeyFrameMs []float64 `json:"keystrokeKeyFrameMs"`
	// The same typing into an empty page's textarea: keydown → next frame.
	EmptyPageFloorMs []float64    `json:"emptyPageFloorMs"`
	Served           []servedPath `json:"served"` // the first loopback visit, by path
	Hosting          *struct {
		ImportToResultMs  float64    `json:"importToResultMs"`
		Files             int        `json:"files"`
		LoadTasks         []longTask `json:"loadTasks"`
		KeystrokeMs       []float64  `json:"keystrokeMs"`
		KeystrokeOwnFrame []bool     `json:"keystrokeOwnFrame"`
		TypeTasks         []longTask `json:"typeTasks"`
	} `json:"hosting"`
}

// ownFrameRow prints how many keystrokes had their panels drawn in their
// own frame (the frame that shows the typed character), as a share.
func ownFrameRow(w io.Writer, what string, own []bool) {
	if len(own) == 0 {
		return
	}
	n := 0
	for _, o := range own {
		if o {
			n++
		}
	}
	fmt.Fprintf(w, "%s\t%.0f%%\t-\t%d of %d keys\n", what, 100*float64(n)/float64(len(own)), n, len(own))
}

// visitSample is one first visit: its marks after navigation and the bytes
// the server sent up to each (every client of the page counted).
type visitSample struct {
	FirstResultMs          float64 `json:"firstResultMs"`
	EngineReadyMs          float64 `json:"engineReadyMs"`
	BytesBeforeFirstResult float64 `json:"bytesBeforeFirstResult"`
	BytesBeforeEngineReady float64 `json:"bytesBeforeEngineReady"`
	BytesTotal             float64 `json:"bytesTotal"`
}

type servedPath struct {
	Path              string  `json:"path"`
	Bytes             int     `json:"bytes"`
	BeforeFirstResult int     `json:"beforeFirstResult"`
	FirstAt           float64 `json:"firstAt"`
}

func field(vs []visitSample, f func(visitSample) float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = f(v)
	}
	return out
}

type longTask struct {
	Start    float64 `json:"start"`
	Duration float64 `json:"duration"`
}

// browserBench measures the playground in headless Chromium on loopback:
// first-load transfer, engine ready and first result after navigation
// (runs first visits each), keystroke-to-panels latency on the stock
// server, and a 10,000-site workspace imported and typed into, with the
// longest main-thread task. It prints a table; targets are reported, never
// asserted.
func browserBench(root string, runs int, stdout, stderr io.Writer) error {
	env, err := nodeBrowserEnv(root, stdout, stderr)
	if err != nil {
		return err
	}
	dir := filepath.Join(root, "build", "out", "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The hosting server of the engine bench (hostgen.Hosting), as the
	// bundle a user would import.
	bundle, err := hostgen.Workspace(hostgen.Hosting).Bundle()
	if err != nil {
		return fmt.Errorf("hosting bundle: %v", err)
	}
	hosting := filepath.Join(dir, "hosting-10000-sites.txtar")
	if err := os.WriteFile(hosting, bundle, 0o644); err != nil {
		return err
	}
	if err := buildPlayground(root, io.Discard, stderr); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	dist := filepath.Join(root, "dist")
	fast, err := startBenchServer(dist, link{}, stderr)
	if err != nil {
		return err
	}
	defer fast.stop()
	slow, err := startBenchServer(dist, throttledLink, stderr)
	if err != nil {
		return err
	}
	defer slow.stop()
	outFile := filepath.Join(dir, "browser.json")
	os.Remove(outFile)
	fmt.Fprintf(stderr, "bench: browser: %s (and %s over %s), Chromium %s, %d first visits, hosting bundle %.1f MB\n",
		fast.url, slow.url, throttledLink, chromiumPath(), runs, float64(len(bundle))/1e6)
	cmd := exec.Command("node", filepath.Join("web", "test", "lib", "bench.mjs"))
	cmd.Dir, cmd.Stdin = root, nil
	cmd.Env = append(env, "IISCONF_BENCH=1", "IISCONF_URL="+fast.url, "IISCONF_BENCH_CONTROL="+fast.control,
		"IISCONF_BENCH_SLOW_URL="+slow.url, "IISCONF_BENCH_SLOW_CONTROL="+slow.control,
		"IISCONF_BENCH_RUNS="+strconv.Itoa(runs), "IISCONF_BENCH_HOSTING="+hosting, "IISCONF_BENCH_OUT="+outFile)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("node web/test/lib/bench.mjs: %v", err)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		return err
	}
	var r browserBenchResult
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("%s: %v", outFile, err)
	}
	engineBr := 0
	if m, _ := filepath.Glob(filepath.Join(dist, "engine.*.wasm.br")); len(m) == 1 {
		if fi, err := os.Stat(m[0]); err == nil {
			engineBr = int(fi.Size())
		}
	}
	printBrowserTable(stdout, &r, len(bundle), engineBr)
	return nil
}

// percentile is the nearest-rank percentile (p in 0..100) of xs.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	k := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(k, 0), len(s)-1)]
}

func longest(ts []longTask) float64 {
	m := 0.0
	for _, t := range ts {
		m = max(m, t.Duration)
	}
	return m
}

func verdict(v, target float64) string {
	if v > target {
		return "OVER"
	}
	return "ok"
}

// Targets of the browser table.
const (
	firstLoadBytesTarget = 1.2e6   // bytes sent before the first result
	firstResultTarget    = 300     // ms, first visit, loopback
	linkResultTarget     = 800     // ms, first visit opening a share link
	slowResultTarget     = 1000    // ms, first visit over throttledLink
	keystrokeTarget      = 16      // ms p95, stock server (one frame at 60 Hz)
	hostingKeyTarget     = 25      // ms p95, 10,000 sites
	longTaskTarget       = 100     // ms
	engineWasmTarget     = 800_000 // bytes, engine.wasm brotli
)

func printBrowserTable(w io.Writer, r *browserBenchResult, bundleBytes, engineBr int) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	ms := func(x float64) string { return fmt.Sprintf("%.0f ms", x) }
	mb := func(x float64) string { return fmt.Sprintf("%.3f MB", x/1e6) }
	row := func(what string, xs []float64, unit func(float64) string, target string, limit float64, p95 bool) {
		if len(xs) == 0 {
			return
		}
		m, p := median(xs), percentile(xs, 95)
		v := m
		if p95 {
			v = p
		}
		t := "-"
		if limit > 0 {
			t = target + " " + verdict(v, limit)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", what, unit(m), unit(p), t)
	}
	firstResult := func(v visitSample) float64 { return v.FirstResultMs }
	engineReady := func(v visitSample) float64 { return v.EngineReadyMs }
	beforeFirst := func(v visitSample) float64 { return v.BytesBeforeFirstResult }
	beforeReady := func(v visitSample) float64 { return v.BytesBeforeEngineReady }
	total := func(v visitSample) float64 { return v.BytesTotal }
	fmt.Fprintf(tw, "browser workload (headless Chromium; bytes as the server sent them)\tmedian\tp95\ttarget\n")
	n := len(r.First)
	row(fmt.Sprintf("first visit: bytes sent before the first result (%d visits)", n), field(r.First, beforeFirst), mb, "≤ 1.2 MB", firstLoadBytesTarget, false)
	row("first visit: bytes sent before the engine was ready", field(r.First, beforeReady), mb, "", 0, false)
	row("first visit: bytes sent in all (the service worker's precache included)", field(r.First, total), mb, "", 0, false)
	row("first visit: first result drawn after navigation", field(r.First, firstResult), ms, fmt.Sprintf("≤ %d ms", firstResultTarget), firstResultTarget, false)
	row("first visit: engine ready after navigation", field(r.First, engineReady), ms, "", 0, false)
	if len(r.First) > 0 && len(r.Served) > 0 {
		// What the first result does not need comes after it (the first
		// loopback visit, whose paths the server logged).
		fr := r.First[0].FirstResultMs
		for _, p := range r.Served {
			switch {
			case p.Path == "/sw.js":
				fmt.Fprintf(tw, "first visit: the service worker (its precache) first asked after navigation\t%s\t-\tafter the first result (%s) %s\n",
					ms(p.FirstAt), ms(fr), map[bool]string{true: "ok", false: "OVER"}[p.FirstAt > fr])
			case strings.HasPrefix(p.Path, "/tools.") && strings.HasSuffix(p.Path, ".wasm"):
				fmt.Fprintf(tw, "first visit: tools.wasm bytes sent before the first result (first asked at %s, idle precache)\t%d B\t-\t0 B %s\n",
					ms(p.FirstAt), p.BeforeFirstResult, verdict(float64(p.BeforeFirstResult), 0))
			}
		}
	}
	if engineBr > 0 {
		fmt.Fprintf(tw, "engine.wasm (brotli, as served)\t%.1f KB\t-\t≤ %d KB %s\n", float64(engineBr)/1e3, engineWasmTarget/1000, verdict(float64(engineBr), engineWasmTarget))
	}
	row(fmt.Sprintf("link visit: its own state drawn after navigation (%d visits)", len(r.Link)), field(r.Link, firstResult), ms, fmt.Sprintf("≤ %d ms", linkResultTarget), linkResultTarget, false)
	row(fmt.Sprintf("throttled first visit (%s): first result", throttledLink), field(r.Slow, firstResult), ms, fmt.Sprintf("≤ %d ms", slowResultTarget), slowResultTarget, false)
	row("throttled first visit: engine ready", field(r.Slow, engineReady), ms, "", 0, false)
	row("throttled first visit: bytes sent before the first result", field(r.Slow, beforeFirst), mb, "≤ 1.2 MB", firstLoadBytesTarget, false)
	row(fmt.Sprintf("stock: keystroke → panels drawn (%d keys)", len(r.KeystrokeMs)), r.KeystrokeMs, ms, fmt.Sprintf("p95 ≤ %d ms", keystrokeTarget), keystrokeTarget, true)
	ownFrameRow(tw, "stock: panels drawn in the keystroke's own frame", r.KeystrokeOwnFrame)
	row("stock: keystroke → its own frame (the typed character drawn)", r.KeystrokeKeyFrameMs, ms, "", 0, false)
	row("empty page, typed alike: keydown → next frame (the floor)", r.EmptyPageFloorMs, ms, "", 0, false)
	if h := r.Hosting; h != nil {
		fmt.Fprintf(tw, "10k sites (%.1f MB bundle, %d files): import → first result\t%s\t-\t-\n", float64(bundleBytes)/1e6, h.Files, ms(h.ImportToResultMs))
		lt := longest(h.LoadTasks)
		fmt.Fprintf(tw, "10k sites: longest main-thread task while loading (%d tasks > 50 ms)\t%s\t-\t≤ %d ms %s\n", len(h.LoadTasks), ms(lt), longTaskTarget, verdict(lt, longTaskTarget))
		row(fmt.Sprintf("10k sites: keystroke → panels drawn (%d keys)", len(h.KeystrokeMs)), h.KeystrokeMs, ms, fmt.Sprintf("p95 ≤ %d ms", hostingKeyTarget), hostingKeyTarget, true)
		ownFrameRow(tw, "10k sites: panels drawn in the keystroke's own frame", h.KeystrokeOwnFrame)
		tt := longest(h.TypeTasks)
		fmt.Fprintf(tw, "10k sites: longest main-thread task while typing (%d tasks > 50 ms)\t%s\t-\t≤ %d ms %s\n", len(h.TypeTasks), ms(tt), longTaskTarget, verdict(tt, longTaskTarget))
	}
	tw.Flush()
	if len(r.Served) > 0 {
		fmt.Fprintf(w, "\nwhat the server sent on the first loopback visit, in order (bytes before the first result / in all):\n")
		for _, p := range r.Served {
			fmt.Fprintf(w, "  %7.0f ms  %-40s %9d / %d\n", p.FirstAt, p.Path, p.BeforeFirstResult, p.Bytes)
		}
	}
}
