package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// releaseTargets are the systems `go run ./build release` builds the CLI
// for: Windows servers (where a customer runs `iisconf collect`), and the
// engineers' Linux and macOS machines, each on x86-64 and ARM64.
var releaseTargets = []struct{ goos, goarch string }{
	{"windows", "amd64"}, {"windows", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
}

// releaseCommand builds iisconf for every release target into
// build/out/release/<version>/ (iisconf-<os>-<arch>[.exe]), statically
// (CGO off) and reproducibly (-trimpath, no build id), and writes
// SHA256SUMS beside them in the format `sha256sum -c` reads.
func releaseCommand(root string, stdout, stderr io.Writer) int {
	version := describe(root)
	dir := filepath.Join(root, "build", "out", "release", version)
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 1
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 1
	}
	var names []string
	for _, t := range releaseTargets {
		name := "iisconf-" + t.goos + "-" + t.goarch
		if t.goos == "windows" {
			name += ".exe"
		}
		cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", filepath.Join(dir, name), "./cmd/iisconf")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS="+t.goos, "GOARCH="+t.goarch, "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(stderr, "build: %s/%s: %v\n", t.goos, t.goarch, err)
			return 1
		}
		names = append(names, name)
	}
	sort.Strings(names)
	var sums strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 1
		}
		h := sha256.Sum256(data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), n)
		fmt.Fprintf(stdout, "%-28s %9d bytes  sha256 %s\n", n, len(data), hex.EncodeToString(h[:]))
	}
	if err := os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(sums.String()), 0o644); err != nil {
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "built %d binaries and SHA256SUMS in %s\n", len(names), dir)
	return 0
}

// describe names the release: the commit (with -dirty for local
// changes), as the playground's build labels dist/.
func describe(root string) string {
	out, err := exec.Command("git", "-C", root, "describe", "--always", "--dirty", "--abbrev=12").Output()
	if err != nil {
		return "unversioned"
	}
	return strings.TrimSpace(string(out))
}

// windowsBuilds builds and vets the CLI for Windows on x86-64 and ARM64,
// the systems `iisconf collect` runs on (it cannot run here: its logic is
// tested on this system through -root, on the same code paths).
func windowsBuilds(root string, stdout, stderr io.Writer) error {
	for _, arch := range []string{"amd64", "arm64"} {
		env := append(os.Environ(), "GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0")
		for _, args := range [][]string{{"vet", "./cmd/...", "./engine/..."}, {"build", "-o", os.DevNull, "./cmd/iisconf"}} {
			cmd := exec.Command("go", args...)
			cmd.Dir = root
			cmd.Env = env
			cmd.Stdout, cmd.Stderr = stdout, stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("windows/%s go %s: %w", arch, args[0], err)
			}
		}
	}
	return nil
}
