// Command iisconf evaluates IIS configuration offline: the effective
// configuration at a path with the provenance of every value, the
// configuration errors IIS would raise, the workspace as a bundle, and
// appcmd's list views. Run `iisconf help` for usage.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
