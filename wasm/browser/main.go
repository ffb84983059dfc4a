//go:build js && wasm

// Command browser is the engine's js/wasm entry point for the playground's
// Web Worker (web/src/engine/worker.ts). It exposes the engine's op table
// (wasm/engineops) on the global object `iisconf`: one function per op,
// JSON text in and out (optable.Table.Expose).
package main

import (
	"runtime/debug"
	"syscall/js"

	"github.com/iisconf/iisconf/wasm/engineops"
)

// gcPercent and memoryLimit tune the collector for the playground (see main).
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

func main() {
	a := engineops.New()
	if v := js.Global().Get("__iisconfBuild"); v.Type() == js.TypeString {
		a.Version = v.String()
	}
	// The engine re-evaluates on every keystroke; in wasm the collector
	// runs on the one thread those evaluations run on, so a cycle lands
	// inside a keystroke's budget. Collect less often (heap may grow to 5x
	// the live data), bounded by a soft limit so a hosting server's
	// workspace still collects as the default would near it.
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryLimit)
	a.Table().Expose("iisconf")
	// Tell the worker we are ready; it installed the callback before
	// starting the Go program.
	if f := js.Global().Get("__iisconfReady"); f.Type() == js.TypeFunction {
		f.Invoke(a.Version)
	}
	select {} // keep the Go program alive to serve calls
}
