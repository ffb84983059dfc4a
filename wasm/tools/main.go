//go:build js && wasm

// Command tools is the playground's second wasm, tools.wasm: the ops few
// visits need (package ops: pool view, metabase mode, the secret scanner,
// appcmd's writes and backups, server features, the editor's completion
// and hover), loaded by the engine worker on first use so the engine wasm
// of every first visit stays within its budget. It exposes its op table
// as globalThis.iisconfTools, like wasm/browser, and calls
// __iisconfToolsReady.
package main

import (
	"fmt"
	"syscall/js"

	"github.com/iisconf/iisconf/wasm/tools/ops"
)

func main() {
	ops.New(callEngine).Table().Expose("iisconfTools")
	if f := js.Global().Get("__iisconfToolsReady"); f.Type() == js.TypeFunction {
		f.Invoke()
	}
	select {}
}

// callEngine runs an op of the engine wasm (wasm/browser), whose functions
// the worker installed on globalThis.iisconf: a synchronous call into the
// other Go instance of the same worker, which is idle while this one runs.
func callEngine(op, args string) (string, error) {
	engine := js.Global().Get("iisconf")
	if engine.Type() != js.TypeObject || engine.Get(op).Type() != js.TypeFunction {
		return "", fmt.Errorf("the engine has no op %q", op)
	}
	out := engine.Call(op, args)
	if out.Type() == js.TypeString {
		return out.String(), nil
	}
	return "", fmt.Errorf("%s", out.Get("message").String())
}
