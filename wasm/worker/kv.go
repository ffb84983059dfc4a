//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
)

// kvStore is share.Store over a Workers KV namespace. It talks to the
// binding directly rather than through syumai/workers' kv package, whose
// GetString cannot tell a missing key from a value (it returns "<null>").
type kvStore struct{ binding string }

// namespace finds the binding in the request's runtime context (the
// "context" global that syumai/workers' wasm_exec.js provides).
func (s kvStore) namespace() (js.Value, error) {
	ctx := js.Global().Get("context")
	if ctx.IsUndefined() || ctx.IsNull() {
		return js.Value{}, errors.New("no runtime context")
	}
	ns := ctx.Get("env").Get(s.binding)
	if ns.IsUndefined() || ns.IsNull() {
		return js.Value{}, fmt.Errorf("KV binding %s is not configured", s.binding)
	}
	return ns, nil
}

func (s kvStore) Get(ctx context.Context, id string) ([]byte, bool, error) {
	ns, err := s.namespace()
	if err != nil {
		return nil, false, err
	}
	v, err := await(ctx, ns.Call("get", id, map[string]any{"type": "text"}))
	if err != nil {
		return nil, false, err
	}
	if v.IsNull() || v.IsUndefined() {
		return nil, false, nil
	}
	return []byte(v.String()), true, nil
}

func (s kvStore) Put(ctx context.Context, id string, data []byte) error {
	ns, err := s.namespace()
	if err != nil {
		return err
	}
	_, err = await(ctx, ns.Call("put", id, string(data)))
	return err
}

// await waits for a JavaScript promise.
func await(ctx context.Context, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: fmt.Errorf("KV: %s", args[0].Call("toString").String())}
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return js.Value{}, ctx.Err()
	}
}
