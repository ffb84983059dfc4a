//go:build js && wasm

// Command browser is the engine's js/wasm entry point for the playground's
// Web Worker (web/src/engine/worker.ts). It exposes the engine's op table
// (wasm/engineops) on the global object `iisconf`: one function per op,
// JSON text in and out (optable.Table.Expose).
package main

import (
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
	// Tell the worker we are ready; it installed the callback before
	// starting the Go program.
	if f := js.Global().Get("__iisconfReady"); f.Type() == js.TypeFunction {
		f.Invoke(a.Version)
	}
	select {} // keep the Go program alive to serve calls
}
