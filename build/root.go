package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// moduleRoot walks up from the working directory to the folder holding
// go.mod, so `go run ./build test` works from any sub-directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if fileExists(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found above the working directory")
		}
		dir = parent
	}
}

// gofmtPath finds the gofmt of the go tool in use (the one that
// `go env GOROOT` reports), falling back to gofmt on PATH.
func gofmtPath() string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err == nil {
		if p := filepath.Join(strings.TrimSpace(string(out)), "bin", "gofmt"); fileExists(p) {
			return p
		}
	}
	return "gofmt"
}
