package expect

import (
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// Workspace makes the case's workspace: the stock server (with `base
// stock`) or an empty one, with the case's bundle laid over it and its
// `absent` files removed. Each call returns a fresh workspace.
func (c *Case) Workspace() (*workspace.Workspace, error) {
	overlay, err := workspace.ParseBundle(c.Bundle)
	if err != nil {
		return nil, err
	}
	ws := overlay
	if c.Base == "stock" {
		ws = stock.Workspace().Clone()
		for _, kv := range overlay.Env() {
			ws.SetEnv(kv[0], kv[1])
		}
		for _, f := range overlay.Files() {
			ws.Set(f.Path, f.Text)
			if f.Unreadable {
				ws.SetUnreadable(f.Path, true)
			}
		}
	}
	for _, a := range c.absent {
		ws.Remove(a.path)
	}
	return ws, nil
}
