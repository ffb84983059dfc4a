// Command abengine compares builds of an engine package's benchmark, A/B
// interleaved, by CPU time per iteration: on a machine other engineers
// load, wall time (a benchmark's ns/op) measures the scheduler, CPU time
// far less so.
//
//	go test -c -o /tmp/a.test ./engine/config            # native, build A
//	GOOS=js GOARCH=wasm GOEXPERIMENT=nogreenteagc go test -c -o /tmp/a.wasm.test ./engine/config
//	go run ./build/abengine -rounds=3 -bench=BenchmarkStockEvaluateWarm -n=1500 A=/tmp/a.wasm.test B=/tmp/b.wasm.test
//
// Each round runs every binary in turn, twice: -test.benchtime=Nx and
// 2Nx, and takes (cpu(2N) - cpu(N)) / N, so the process's start, the
// benchmark's set-up and V8's compilation of the wasm (which tiers hot
// functions up while the loop runs) cancel out. A binary whose name ends
// in .wasm.test runs under Node with Go's wasm_exec_node.js, by default
// --single-threaded (V8's compiler threads would otherwise add their
// time to the process's). The medians of the rounds are printed last.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	rounds := flag.Int("rounds", 3, "rounds")
	bench := flag.String("bench", "BenchmarkStockEvaluateWarm", "benchmark name")
	n := flag.Int("n", 1000, "iterations N (each round runs N and 2N)")
	dir := flag.String("dir", "engine/config", "the package's folder (tests read their testdata from it)")
	nodeFlags := flag.String("node-flags", "--single-threaded", "V8 flags for js/wasm binaries")
	flag.Parse()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		fail(err)
	}
	wasmExec := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec_node.js")
	type bin struct{ label, path string }
	var bins []bin
	for _, a := range flag.Args() {
		label, path, ok := strings.Cut(a, "=")
		if !ok {
			fail(fmt.Errorf("%q: want LABEL=PATH", a))
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			fail(err)
		}
		bins = append(bins, bin{label, abs})
	}
	cpu := func(b bin, iters int) float64 {
		args := []string{"-test.run=^$", "-test.bench=^" + *bench + "$", fmt.Sprintf("-test.benchtime=%dx", iters)}
		name := b.path
		if strings.HasSuffix(b.path, ".wasm.test") {
			name, args = "node", append(append(strings.Fields(*nodeFlags), "--stack-size=8192", wasmExec, b.path), args...)
		}
		cmd := exec.Command(name, args...)
		cmd.Dir = *dir
		if msg, err := cmd.CombinedOutput(); err != nil {
			fail(fmt.Errorf("%s: %v\n%s", b.label, err, msg))
		}
		st := cmd.ProcessState
		return (st.UserTime() + st.SystemTime()).Seconds()
	}
	res := map[string][]float64{}
	for r := 1; r <= *rounds; r++ {
		for _, b := range bins {
			per := (cpu(b, 2**n) - cpu(b, *n)) / float64(*n) * 1e3
			res[b.label] = append(res[b.label], per)
			fmt.Printf("round %d %s: %.3f ms CPU per iteration\n", r, b.label, per)
		}
	}
	for _, b := range bins {
		xs := append([]float64(nil), res[b.label]...)
		sort.Float64s(xs)
		fmt.Printf("%s: median %.3f ms CPU per iteration of %s (%d rounds)\n", b.label, xs[len(xs)/2], *bench, *rounds)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "abengine:", err)
	os.Exit(1)
}
