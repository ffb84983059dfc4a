package main

import (
	"path/filepath"
	"testing"

	"github.com/iisconf/iisconf/engine/testkit"
)

// TestContract fails when web/src/gen/ is not what the Go side generates:
// an op, its arguments or result, the State or the JSON model changed on
// one side only. `go run ./build` (or UPDATE_GOLDEN=1 go test ./build
// -run TestContract) rewrites the files.
func TestContract(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	files, err := contractFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		testkit.Golden(t, filepath.Join(root, f.path), f.data)
	}
}
