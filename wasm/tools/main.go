//go:build js && wasm

// Command tools is the playground's second wasm, tools.wasm: the ops few
// visits need (pool view, metabase mode; package ops), loaded by the engine
// worker on first use so the engine wasm of every first visit stays within
// its budget. It registers globalThis.iisconfTools.<op>(argsJSON) → JSON
// string | Error, like wasm/browser, and calls __iisconfToolsReady.
package main

import (
	"fmt"
	"runtime/debug"
	"syscall/js"

	"github.com/iisconf/iisconf/wasm/tools/ops"
)

func main() {
	obj := js.Global().Get("Object").New()
	errorCtor := js.Global().Get("Error")
	assistant := ops.NewAssistant(callEngine)
	for _, op := range append(append([]string(nil), ops.Names...), ops.AssistNames...) {
		obj.Set(op, js.FuncOf(func(this js.Value, args []js.Value) (res any) {
			defer func() {
				if r := recover(); r != nil {
					res = errorCtor.New(fmt.Sprintf("internal error in %s: %v\n%s", op, r, debug.Stack()))
				}
			}()
			in := "{}"
			if len(args) > 0 && args[0].Type() == js.TypeString {
				in = args[0].String()
			}
			call := ops.Call
			if op == "complete" || op == "hover" {
				call = assistant.Call
			}
			out, err := call(op, []byte(in))
			if err != nil {
				return errorCtor.New(err.Error())
			}
			return out
		}))
	}
	js.Global().Set("iisconfTools", obj)
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
