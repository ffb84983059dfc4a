package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// ensureNodeModules installs the front end's npm dependencies when
// node_modules is missing or older than package-lock.json (the lock is
// what pins them: "npm ci" installs exactly it). Without a lock it falls
// back to "npm install", which writes one. It prints what it does.
func ensureNodeModules(root string, stdout, stderr io.Writer) error {
	if !fileExists(filepath.Join(root, "package.json")) {
		return nil
	}
	nm := filepath.Join(root, "node_modules")
	lock := filepath.Join(root, "package-lock.json")
	nmInfo, nmErr := os.Stat(nm)
	lockInfo, lockErr := os.Stat(lock)
	args := []string{"ci", "--no-audit", "--no-fund"}
	switch {
	case lockErr != nil:
		args = []string{"install", "--no-audit", "--no-fund"}
		fmt.Fprintln(stdout, "npm: no package-lock.json; running npm install (it writes one: commit it)")
	case nmErr != nil:
		fmt.Fprintln(stdout, "npm: node_modules is missing; running npm ci")
	case nmInfo.ModTime().Before(lockInfo.ModTime()):
		fmt.Fprintln(stdout, "npm: node_modules is older than package-lock.json; running npm ci")
	default:
		return nil
	}
	cmd := exec.Command("npm", args...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm %s: %v", args[0], err)
	}
	// npm may leave the folder's time alone when nothing changed; touch it
	// so the next build does not reinstall.
	now := time.Now()
	return os.Chtimes(nm, now, now)
}
