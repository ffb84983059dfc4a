//go:build js && wasm

// Command browser is the engine's js/wasm entry point for the playground's
// Web Worker (web/src/engine/worker.ts). It registers one function per op
// of web/src/engine/protocol.ts on the global object `iisconf`; each takes
// the op's arguments as a JSON string and returns the op's result as a
// JSON string (measured ~3x faster than building JS objects), or a JS
// Error when the op failed. Nothing throws across the boundary.
package main

import (
	"runtime/debug"
	"syscall/js"
)

// gcPercent and memoryLimit tune the collector for the playground (see main).
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

func main() {
	if v := js.Global().Get("__iisconfBuild"); v.Type() == js.TypeString {
		version = v.String()
	}
	// The engine re-evaluates on every keystroke; in wasm the collector
	// runs on the one thread those evaluations run on, so a cycle lands
	// inside a keystroke's budget. Collect less often (heap may grow to 5x
	// the live data), bounded by a soft limit so a hosting server's
	// workspace still collects as the default would near it.
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryLimit)
	register(newAdapter())
	// Tell the worker we are ready; it installed the callback before
	// starting the Go program.
	if f := js.Global().Get("__iisconfReady"); f.Type() == js.TypeFunction {
		f.Invoke(version)
	}
	select {} // keep the Go program alive to serve calls
}

// register installs globalThis.iisconf.<op>(argsJSON) for every op.
func register(a *adapter) {
	obj := js.Global().Get("Object").New()
	errorCtor := js.Global().Get("Error")
	for _, op := range ops {
		obj.Set(op, js.FuncOf(func(this js.Value, args []js.Value) any {
			in := ""
			if len(args) > 0 && args[0].Type() == js.TypeString {
				in = args[0].String()
			}
			out, err := a.call(op, in)
			if err != nil {
				return errorCtor.New(err.Error())
			}
			return out
		}))
	}
	js.Global().Set("iisconf", obj)
}
