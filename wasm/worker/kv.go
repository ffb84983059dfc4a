//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"github.com/iisconf/iisconf/wasm/worker/share"
)

// kvStore is share.Store over a Workers KV namespace. It talks to the
// binding directly rather than through syumai/workers' kv package, whose
// GetString cannot tell a missing key from a value (it returns "<null>")
// and which has no metadata. A share's expiry is kept as the entry's KV
// expiration (KV drops it then) and, readable, in its metadata.
type kvStore struct{ binding string }

func (s kvStore) Get(ctx context.Context, id string) (share.Entry, bool, error) {
	ns, err := binding(s.binding)
	if err != nil {
		return share.Entry{}, false, err
	}
	v, err := await(ctx, ns.Call("getWithMetadata", id, map[string]any{"type": "text"}))
	if err != nil {
		return share.Entry{}, false, err
	}
	value := v.Get("value")
	if value.IsNull() || value.IsUndefined() {
		return share.Entry{}, false, nil
	}
	e := share.Entry{Data: []byte(value.String())}
	if md := v.Get("metadata"); md.Type() == js.TypeObject {
		if exp := md.Get("expires"); exp.Type() == js.TypeNumber {
			e.Expires = time.Unix(int64(exp.Float()), 0)
		}
	}
	return e, true, nil
}

func (s kvStore) Put(ctx context.Context, id string, data []byte, expires time.Time) error {
	ns, err := binding(s.binding)
	if err != nil {
		return err
	}
	opts := map[string]any{}
	if !expires.IsZero() {
		opts["expiration"] = expires.Unix()
		opts["metadata"] = map[string]any{"expires": expires.Unix()}
	}
	_, err = await(ctx, ns.Call("put", id, string(data), opts))
	return err
}

// rateLimiter is share.Limiter over the rate-limiting binding: limit({key})
// answers {success} for one more write by key in the binding's period.
type rateLimiter struct{ binding string }

func (l rateLimiter) Allow(ctx context.Context, client string) (bool, error) {
	rl, err := binding(l.binding)
	if err != nil {
		return false, err
	}
	v, err := await(ctx, rl.Call("limit", map[string]any{"key": "share:" + client}))
	if err != nil {
		return false, err
	}
	return v.Get("success").Truthy(), nil
}

// binding finds a binding in the request's runtime context (the
// "context" global that syumai/workers' wasm_exec.js provides). The errors
// name the binding for the operator's log; clients never see them.
func binding(name string) (js.Value, error) {
	env, err := runtimeEnv()
	if err != nil {
		return js.Value{}, err
	}
	b := env.Get(name)
	if b.IsUndefined() || b.IsNull() {
		return js.Value{}, fmt.Errorf("binding %s is not configured in wrangler.toml", name)
	}
	return b, nil
}

// envVar is a [vars] variable of the request's runtime context, or "".
func envVar(name string) string {
	env, err := runtimeEnv()
	if err != nil {
		return ""
	}
	if v := env.Get(name); v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func runtimeEnv() (js.Value, error) {
	ctx := js.Global().Get("context")
	if ctx.IsUndefined() || ctx.IsNull() {
		return js.Value{}, errors.New("no runtime context")
	}
	return ctx.Get("env"), nil
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
		ch <- result{err: fmt.Errorf("%s", args[0].Call("toString").String())}
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
