// Command build is the project's build, test and benchmark driver:
// `go run ./build test` is the single test command (README, .ci/run).
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: go run ./build <command>

commands:
  test    gofmt, go vet, go test and a short fuzz smoke over every Fuzz target
  build   build the playground (not yet implemented: see issue 3)
  serve   serve the playground locally (not yet implemented: see issue 3)
  bench   run the benchmarks (not yet implemented: see issue 3)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "test":
		root, err := moduleRoot()
		if err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 1
		}
		return runTests(root, stdout, stderr)
	case "build", "serve", "bench":
		fmt.Fprintln(stderr, "not yet implemented: see issue 3")
		return 2
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "build: unknown command %q\n\n%s", args[0], usage)
	return 2
}
