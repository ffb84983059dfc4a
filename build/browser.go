package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// The browser tests and the browser bench drive Debian's Chromium through
// playwright-core (a pinned devDependency); nothing downloads a browser.
const defaultChromium = "/usr/bin/chromium"

// browserTestTimeout bounds the whole `node --test` run; it only stops a
// hung browser from eating CI's time. The tests take ~10 minutes on an idle
// 2-core machine and twice that while other builds share it (a 15-minute
// bound cut runs short there with nothing failed), so the bound leaves
// room for that, well inside CI's 90 minutes.
const browserTestTimeout = 25 * time.Minute

// chromiumPath is IISCONF_CHROMIUM when set, else Debian's /usr/bin/chromium.
func chromiumPath() string {
	if p := os.Getenv("IISCONF_CHROMIUM"); p != "" {
		return p
	}
	return defaultChromium
}

// ensureChromium returns the Chromium to drive, installing Debian's package
// when it is missing and this process may: as root with apt-get (CI's
// case), non-interactively. Anywhere else it says how to install it.
func ensureChromium(stdout, stderr io.Writer) (string, error) {
	p := chromiumPath()
	if fileExists(p) {
		return p, nil
	}
	if os.Getenv("IISCONF_CHROMIUM") != "" {
		return "", fmt.Errorf("IISCONF_CHROMIUM=%s: no such file", p)
	}
	howto := "install Debian's Chromium with `sudo apt-get update && sudo apt-get install -y chromium` " +
		"(or set IISCONF_CHROMIUM to a Chromium or Chrome binary), then run `go run ./build test` again"
	apt, err := exec.LookPath("apt-get")
	if err != nil {
		return "", fmt.Errorf("headless Chromium not found at %s and apt-get is not available: %s", p, howto)
	}
	if os.Geteuid() != 0 {
		return "", fmt.Errorf("headless Chromium not found at %s, and installing it needs root: %s", p, howto)
	}
	fmt.Fprintf(stdout, "chromium: %s is missing; installing Debian's chromium package (apt-get)\n", p)
	env := append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	for _, args := range [][]string{
		{"update"},
		{"install", "-y", "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold", "chromium"},
	} {
		cmd := exec.Command(apt, args...)
		cmd.Env, cmd.Stdin = env, nil
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("apt-get %s: %v (%s)", args[0], err, howto)
		}
	}
	if !fileExists(p) {
		return "", fmt.Errorf("apt-get installed chromium but %s is still missing: %s", p, howto)
	}
	return p, nil
}

// playgroundServer builds dist/ and serves it on a free loopback port, as
// `build serve` does (same handler, same headers). stop shuts it down.
func playgroundServer(root string, stdout, stderr io.Writer) (url string, stop func(), err error) {
	if err := buildPlayground(root, stdout, stderr); err != nil {
		return "", nil, fmt.Errorf("build: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: distHandler(filepath.Join(root, "dist")), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "serve: %v\n", err)
		}
	}()
	stop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		<-done
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// nodeBrowserEnv checks what a browser run needs and returns the
// environment for node: Chromium installed, npm dependencies (the build
// runs npm ci), playwright-core among them.
func nodeBrowserEnv(root string, stdout, stderr io.Writer) ([]string, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("node is not on PATH: the browser tests need Node.js")
	}
	chrome, err := ensureChromium(stdout, stderr)
	if err != nil {
		return nil, err
	}
	if err := ensureNodeModules(root, stdout, stderr); err != nil {
		return nil, err
	}
	if !fileExists(filepath.Join(root, "node_modules", "playwright-core", "package.json")) {
		return nil, fmt.Errorf("node_modules/playwright-core is missing: run `npm ci` (package.json pins it as a devDependency)")
	}
	return append(os.Environ(), "IISCONF_CHROMIUM="+chrome), nil
}

// browserTests is the `build test` step: build dist/, serve it on
// loopback, run every web/test/*.test.mjs with node's test runner in
// headless Chromium, stop the server. Screenshots of each state go to
// build/out/screenshots/.
func browserTests(root string, stdout, stderr io.Writer) error {
	env, err := nodeBrowserEnv(root, stdout, stderr)
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(root, "web", "test", "*.test.mjs"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no browser tests found (web/test/*.test.mjs)")
	}
	sort.Strings(files)
	shots := filepath.Join(root, "build", "out", "screenshots")
	if err := os.RemoveAll(shots); err != nil {
		return err
	}
	url, stop, err := playgroundServer(root, stdout, stderr)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(stdout, "browser tests: %s against %s (Chromium %s); screenshots in %s\n",
		strings.Join(relAll(root, files), " "), url, chromiumPath(), relPath(root, shots))
	ctx, cancel := context.WithTimeout(context.Background(), browserTestTimeout)
	defer cancel()
	// One file at a time: each drives its own Chromium, and the machine
	// has two cores.
	args := append([]string{"--test", "--test-reporter=spec", "--test-concurrency=1"}, relAll(root, files)...)
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir, cmd.Stdin = root, nil
	cmd.Env = append(env, "IISCONF_URL="+url, "IISCONF_SCREENSHOTS="+shots)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("node --test did not finish within %s", browserTestTimeout)
		}
		return fmt.Errorf("node --test: %v", err)
	}
	return nil
}

func relPath(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

func relAll(root string, ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = relPath(root, p)
	}
	return out
}
