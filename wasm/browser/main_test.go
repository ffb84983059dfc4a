//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/iisconf/iisconf/wasm/engineops"
)

// These tests run under Node (`go run ./build test`, step "go vet + test
// js/wasm"). TestJSGlobal goes through the functions main exposes on
// globalThis, the exact surface the worker calls; the ops themselves are
// tested natively in wasm/engineops.
func TestJSGlobal(t *testing.T) {
	engineops.New().Table().Expose("iisconf")
	obj := js.Global().Get("iisconf")
	out := obj.Call("version", "{}")
	if out.Type() != js.TypeString || !strings.Contains(out.String(), `"go":"go1.`) {
		t.Errorf("version: %v", out)
	}
	out = obj.Call("evaluate", `{"path":"Default Web Site","sections":["defaultDocument"]}`)
	if out.Type() != js.TypeString || !strings.Contains(out.String(), `"name":"system.webServer/defaultDocument"`) {
		t.Errorf("evaluate: %.200v", out)
	}
	out = obj.Call("evaluate", "{not json")
	if !out.InstanceOf(js.Global().Get("Error")) || !strings.Contains(out.Get("message").String(), "bad arguments") {
		t.Errorf("a failed op should return an Error, got %v", out)
	}
	if got := obj.Get("samples"); !got.IsUndefined() {
		t.Error("samples should be answered by the worker, not the wasm")
	}
}
