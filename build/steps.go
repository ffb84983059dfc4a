package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// fuzzTime is how long each Fuzz target runs in the smoke step: enough to
// shake out a crash in a parser's first paths, short enough for every run.
const fuzzTime = "5s"

// step is one check of `build test`; run returns an error on failure.
type step struct {
	name string
	run  func() error
}

// runTests runs every step in order, even after a failure, so one run
// reports everything, and ends with "N passed, M failed".
func runTests(root string, stdout, stderr io.Writer) int {
	steps := []step{
		{"gofmt", func() error { return checkGofmt(root, stdout) }},
		{"go vet", func() error { return goCmd(root, stdout, stderr, "vet", "./...") }},
		{"go test", func() error { return goCmd(root, stdout, stderr, "test", "./...") }},
		{"go vet + test js/wasm (node)", func() error { return wasmTests(root, stdout, stderr) }},
		{"go vet + build windows/amd64, windows/arm64", func() error { return windowsBuilds(root, stdout, stderr) }},
		{"typecheck web/ (tsc --noEmit)", func() error { return typecheck(root, stdout, stderr) }},
		{"browser tests (headless Chromium, web/test)", func() error { return browserTests(root, stdout, stderr) }},
		{"worker (Miniflare + browser)", func() error { return workerTests(root, stdout, stderr) }},
	}
	targets, err := findFuzzTargets(root)
	if err != nil {
		steps = append(steps, step{"find fuzz targets", func() error { return err }})
	}
	for _, t := range targets {
		steps = append(steps, step{"fuzz " + t.pkg + " " + t.name, func() error {
			return fuzzSmoke(root, stdout, stderr, t)
		}})
	}
	passed, failed := 0, 0
	for _, s := range steps {
		fmt.Fprintf(stdout, "== %s\n", s.name)
		start := time.Now()
		if err := s.run(); err != nil {
			failed++
			fmt.Fprintf(stdout, "FAIL %s (%s): %v\n", s.name, time.Since(start).Round(time.Millisecond), err)
			continue
		}
		passed++
		fmt.Fprintf(stdout, "ok   %s (%s)\n", s.name, time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

// fuzzRetryCount is the count-based budget of the retry after a deadline
// flake: `-fuzztime=Nx` has no wall-clock deadline, so it cannot hit the race.
const fuzzRetryCount = "2000x"

// fuzzSmoke runs one target for fuzzTime. Go's fuzzing coordinator can fail a
// time-bounded run with a bare "context deadline exceeded" when a worker is
// mid-call at the deadline on a loaded machine (golang/go#75804, fixed in
// Go 1.27): nothing was found and no input was written. Such a run is
// retried once with a count-based budget instead, which has no deadline; a
// run that wrote a failing input always fails.
func fuzzSmoke(root string, stdout, stderr io.Writer, t fuzzTarget) error {
	run := func(fuzztime string) (string, error) {
		var buf bytes.Buffer
		err := goCmd(root, io.MultiWriter(stdout, &buf), io.MultiWriter(stderr, &buf),
			"test", "-run=^$", "-fuzz=^"+t.name+"$", "-fuzztime="+fuzztime, t.pkg)
		return buf.String(), err
	}
	out, err := run(fuzzTime)
	if err == nil || !isFuzzDeadlineFlake(out) {
		return err
	}
	fmt.Fprintf(stdout, "-- %s: coordinator deadline race with no failing input; retrying with -fuzztime=%s\n", t.name, fuzzRetryCount)
	_, err = run(fuzzRetryCount)
	return err
}

// isFuzzDeadlineFlake reports whether a failed fuzz run's output is the
// coordinator's bare deadline error rather than a finding: a finding always
// says where its failing input was written.
func isFuzzDeadlineFlake(out string) bool {
	return strings.Contains(out, "context deadline exceeded") &&
		!strings.Contains(out, "Failing input written to") &&
		!strings.Contains(out, "panic:")
}

// typecheck runs the TypeScript compiler (strict, no output) over web/src
// twice: the pages with the DOM library (web/tsconfig.json) and the
// service worker and the engine's Web Worker with the WebWorker library
// (web/tsconfig.worker.json), since one program cannot have both globals.
// esbuild strips types without checking them, so this is where a wrong
// type stops the build.
func typecheck(root string, stdout, stderr io.Writer) error {
	if err := ensureNodeModules(root, stdout, stderr); err != nil {
		return err
	}
	tsc := filepath.Join(root, "node_modules", "typescript", "bin", "tsc")
	if !fileExists(tsc) {
		return fmt.Errorf("node_modules/typescript is missing: run `npm ci` (package.json pins it as a devDependency)")
	}
	for _, config := range []string{"tsconfig.json", "tsconfig.worker.json"} {
		cmd := exec.Command("node", tsc, "-p", filepath.Join("web", config), "--noEmit")
		cmd.Dir = root
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("tsc -p web/%s: %v", config, err)
		}
	}
	return nil
}

// goCmd runs the go tool in the module root with output passed through.
func goCmd(root string, stdout, stderr io.Writer, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd.Run()
}

// wasmTests vets and tests the js/wasm packages (wasm/...), which the
// host's `./...` skips because of their build constraints. The tests run
// under Node through go_js_wasm_exec, the runner Go ships in
// GOROOT/lib/wasm (Go 1.24+; it was misc/wasm before).
func wasmTests(root string, stdout, stderr io.Writer) error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node is not on PATH: the js/wasm tests need Node.js")
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return err
	}
	runner := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "go_js_wasm_exec")
	if !fileExists(runner) {
		return fmt.Errorf("%s not found", runner)
	}
	env := playgroundWasmEnv()
	for _, args := range [][]string{{"vet", "./wasm/..."}, {"test", "-exec=" + runner, "./wasm/..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = root, env
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("GOOS=js GOARCH=wasm go %s: %v", args[0], err)
		}
	}
	return nil
}

// checkGofmt fails when any tracked Go file is not gofmt-formatted.
// "Tracked" means known to git when the tree is a git checkout (new files
// not yet added included, ignored ones not), else every .go file.
func checkGofmt(root string, stdout io.Writer) error {
	files, err := goFiles(root)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return nil
	}
	cmd := exec.Command(gofmtPath(), append([]string{"-l"}, files...)...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("gofmt: %v\n%s", err, out.String())
	}
	if s := strings.TrimSpace(out.String()); s != "" {
		fmt.Fprintln(stdout, s)
		return fmt.Errorf("files need gofmt -w")
	}
	return nil
}

// goFiles lists the module's Go files relative to root.
func goFiles(root string) ([]string, error) {
	cmd := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "*.go")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		var files []string
		for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if f != "" && fileExists(filepath.Join(root, f)) {
				files = append(files, f)
			}
		}
		return files, nil
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") && p != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
