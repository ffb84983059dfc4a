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
	"text/tabwriter"

	"github.com/iisconf/iisconf/engine/hostgen"
)

// browserBenchResult is what web/test/lib/bench.mjs writes: samples in
// bytes and milliseconds.
type browserBenchResult struct {
	Runs          int       `json:"runs"`
	TransferBytes []float64 `json:"transferBytes"`
	EngineReadyMs []float64 `json:"engineReadyMs"`
	FirstResultMs []float64 `json:"firstResultMs"`
	KeystrokeMs   []float64 `json:"keystrokeMs"`
	Resources     [][2]any  `json:"resources"`
	Hosting       *struct {
		ImportToResultMs float64    `json:"importToResultMs"`
		Files            int        `json:"files"`
		LoadTasks        []longTask `json:"loadTasks"`
		KeystrokeMs      []float64  `json:"keystrokeMs"`
		TypeTasks        []longTask `json:"typeTasks"`
	} `json:"hosting"`
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
	url, stop, err := playgroundServer(root, io.Discard, stderr)
	if err != nil {
		return err
	}
	defer stop()
	outFile := filepath.Join(dir, "browser.json")
	os.Remove(outFile)
	fmt.Fprintf(stderr, "bench: browser: %s, Chromium %s, %d first visits, hosting bundle %.1f MB\n", url, chromiumPath(), runs, float64(len(bundle))/1e6)
	cmd := exec.Command("node", filepath.Join("web", "test", "lib", "bench.mjs"))
	cmd.Dir, cmd.Stdin = root, nil
	cmd.Env = append(env, "IISCONF_BENCH=1", "IISCONF_URL="+url, "IISCONF_BENCH_RUNS="+strconv.Itoa(runs),
		"IISCONF_BENCH_HOSTING="+hosting, "IISCONF_BENCH_OUT="+outFile)
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
	printBrowserTable(stdout, &r, len(bundle))
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

func printBrowserTable(w io.Writer, r *browserBenchResult, bundleBytes int) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	ms := func(x float64) string { return fmt.Sprintf("%.0f ms", x) }
	fmt.Fprintf(tw, "browser workload (headless Chromium, loopback)\tmedian\tp95\ttarget\n")
	tb := median(r.TransferBytes)
	fmt.Fprintf(tw, "first load: compressed bytes fetched (%d first visits)\t%.3f MB\t%.3f MB\t≤ 1.2 MB %s\n", len(r.TransferBytes), tb/1e6, percentile(r.TransferBytes, 95)/1e6, verdict(tb, 1.2e6))
	fmt.Fprintf(tw, "first load: engine ready after navigation\t%s\t%s\t-\n", ms(median(r.EngineReadyMs)), ms(percentile(r.EngineReadyMs, 95)))
	fr := median(r.FirstResultMs)
	fmt.Fprintf(tw, "first load: first result drawn after navigation\t%s\t%s\t≤ 1000 ms %s\n", ms(fr), ms(percentile(r.FirstResultMs, 95)), verdict(fr, 1000))
	kp := percentile(r.KeystrokeMs, 95)
	fmt.Fprintf(tw, "stock: keystroke → panels drawn (%d keys)\t%s\t%s\tp95 ≤ 50 ms %s\n", len(r.KeystrokeMs), ms(median(r.KeystrokeMs)), ms(kp), verdict(kp, 50))
	if h := r.Hosting; h != nil {
		fmt.Fprintf(tw, "10k sites (%.1f MB bundle, %d files): import → first result\t%s\t-\t-\n", float64(bundleBytes)/1e6, h.Files, ms(h.ImportToResultMs))
		lt := longest(h.LoadTasks)
		fmt.Fprintf(tw, "10k sites: longest main-thread task while loading (%d tasks > 50 ms)\t%s\t-\t≤ 100 ms %s\n", len(h.LoadTasks), ms(lt), verdict(lt, 100))
		hk := percentile(h.KeystrokeMs, 95)
		fmt.Fprintf(tw, "10k sites: keystroke → panels drawn (%d keys)\t%s\t%s\t-\n", len(h.KeystrokeMs), ms(median(h.KeystrokeMs)), ms(hk))
		tt := longest(h.TypeTasks)
		fmt.Fprintf(tw, "10k sites: longest main-thread task while typing (%d tasks > 50 ms)\t%s\t-\t≤ 100 ms %s\n", len(h.TypeTasks), ms(tt), verdict(tt, 100))
	}
	tw.Flush()
}
