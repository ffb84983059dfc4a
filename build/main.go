// Command build is the project's build, test and benchmark driver:
// `go run ./build test` is the single test command (README, .ci/run).
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: go run ./build [command]

commands:
  build   build the playground into dist/ and report its sizes (the default);
          fails when the first load is over budget
  serve   build, then serve dist/ locally [-addr :8080]
  worker  build the Cloudflare Worker (wasm/worker) and stage dist/ as its
          static assets in build/out/worker [-dist: rebuild dist/ first]
  test    gofmt, go vet, go test (host and js/wasm under Node), the browser
          tests (headless Chromium), the Worker tests (Miniflare) and a
          short fuzz smoke over every Fuzz target
  release build the iisconf CLI for Windows, Linux and macOS (x86-64 and ARM64)
          into build/out/release/<version>/ with SHA256SUMS
  bench   the engine benchmarks natively and as js/wasm under Node, then the
          playground in headless Chromium; tables with medians and ratios
          [-count=N] [-native] [-engine] [-browser]
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		args = []string{"build"}
	}
	cmd := args[0]
	if cmd != "serve" && cmd != "bench" && cmd != "worker" && len(args) != 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch cmd {
	case "test", "build", "serve", "worker", "release":
		root, err := moduleRoot()
		if err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 1
		}
		switch cmd {
		case "test":
			return runTests(root, stdout, stderr)
		case "serve":
			return serveCommand(root, args[1:], stdout, stderr)
		case "worker":
			return workerCommand(root, args[1:], stdout, stderr)
		case "release":
			return releaseCommand(root, stdout, stderr)
		}
		if err := buildPlayground(root, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 1
		}
		return 0
	case "bench":
		root, err := moduleRoot()
		if err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 1
		}
		return benchCommand(root, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "build: unknown command %q\n\n%s", args[0], usage)
	return 2
}
