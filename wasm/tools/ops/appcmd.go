package ops

import (
	"encoding/json"
	"fmt"

	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/appcmdops"
)

// AppCmdNames are the ops of wasm/appcmdops that tools.wasm serves when
// they are kept out of the engine wasm (its first-load budget has no room
// for appcmd's write side, ~120 KB brotli).
var AppCmdNames = appcmdops.Names

// AppCmd runs one of AppCmdNames on the workspace the worker sends as a
// bundle (args.bundle, taken from the engine's `bundle` op, as poolConfig
// does). Its answer is the op's result; the page takes result.files into
// its own copy and loads the workspace again, engine included.
func AppCmd(op string, args []byte) (string, error) {
	var in struct {
		Bundle string `json:"bundle"`
	}
	if err := json.Unmarshal(args, &in); err != nil {
		return "", fmt.Errorf("%s: bad arguments: %v", op, err)
	}
	ws, err := workspace.ParseBundle([]byte(in.Bundle))
	if err != nil {
		return "", fmt.Errorf("%s: the workspace could not be read: %v", op, err)
	}
	v, _, handled, err := appcmdops.Call(ws, op, args)
	if !handled {
		return "", fmt.Errorf("unknown op %q", op)
	}
	if err != nil {
		return "", err
	}
	out, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%s: encoding the result: %v", op, err)
	}
	return string(out), nil
}
