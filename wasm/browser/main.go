//go:build js && wasm

// Command browser is the engine's js/wasm entry point for the playground's
// Web Worker (web/src/engine/worker.ts). It exposes the engine's op table
// (wasm/engineops) on the global object `iisconf`: one function per op,
// JSON text in and out (optable.Table.Expose).
package main

import (
	"runtime"
	"syscall/js"

	"github.com/iisconf/iisconf/wasm/engineops"
)

func main() {
	a := engineops.New()
	if v := js.Global().Get("__iisconfBuild"); v.Type() == js.TypeString {
		a.Version = v.String()
	}
	// The collector is tuned by the worker, through the environment it
	// starts the program with (GOGC, GOMEMLIMIT: web/src/engine/worker.ts):
	// runtime/debug, which could set them here, pulls fmt, os and time into
	// this wasm, which every first visit downloads.
	a.Table().Expose("iisconf")
	// The worker runs the collector itself when the page has been quiet a
	// while (web/src/engine/worker.ts, quiet): in js/wasm a
	// cycle has no thread of its own and runs inside whichever call
	// allocates past the heap's goal, so left to the runtime it lands in
	// a keystroke's evaluation (~30 ms on the stock server, once in ~60
	// keys). Not an op of the table: the page never asks for it.
	js.Global().Set("__iisconfCollect", js.FuncOf(func(js.Value, []js.Value) any {
		runtime.GC()
		return nil
	}))
	// Tell the worker we are ready; it installed the callback before
	// starting the Go program.
	if f := js.Global().Get("__iisconfReady"); f.Type() == js.TypeFunction {
		f.Invoke(a.Version)
	}
	select {} // keep the Go program alive to serve calls
}
