package engineops

import (
	"strconv"

	"github.com/iisconf/iisconf/engine/config"
)

// WarmArgs are warm's arguments: the path the page shows and the sections
// it draws, as a keystroke's evaluation would ask them.
type WarmArgs struct {
	Path     string   `json:"path"`
	Elements []string `json:"elements,omitempty"`
	Rounds   int      `json:"rounds,omitempty"` // keystrokes to play (1 to 8; default 2)
	// Check also checks every path once (what fileDiagnostics runs when
	// typing pauses).
	Check bool `json:"check,omitempty"`
}

// WarmResult says how many keystrokes were played.
type WarmResult struct {
	Rounds int `json:"rounds"`
}

// warm plays a few keystrokes in the web.config of the path on a scratch
// engine: a changed file re-read, the engine updated, the path evaluated
// with the sections the page draws, the answer written as JSON. The
// workspace and the engine the page sees are untouched (Update leaves its
// receiver valid). It exists because of how browsers run WebAssembly:
// each function is compiled the first time it runs, in quick baseline
// code, and optimized only after it has run a while, so the first
// keystrokes after a load were several times slower than the later ones
// (the page calls warm when idle, before the user types).
func (a *Adapter) warm(in WarmArgs) (WarmResult, error) {
	rounds := min(max(in.Rounds, 1), 8)
	if in.Rounds == 0 {
		rounds = 2
	}
	target := a.folderOf(in.Path).WebConfig
	if target == "" {
		return WarmResult{}, nil // no folder at this path: nothing a keystroke would change
	}
	base := "<configuration>\n</configuration>\n"
	if f, ok := a.ws.Get(target); ok {
		base = string(f.Text)
	}
	ws := a.ws.Clone()
	eng := a.eng
	opt := config.EvalOptions{NoDefaults: true, Elements: in.Elements}
	var buf []byte
	for i := range rounds {
		// A comment after the root element: well-formed whatever the
		// file holds, and a different text each round, so it is parsed.
		ws.Set(target, []byte(base+"<!-- "+strconv.Itoa(i)+" -->"))
		eng = eng.Update(ws)
		buf = eng.Evaluate(in.Path, opt).AppendJSON(buf[:0])
		if in.Check && i == 0 {
			eng.Check()
		}
	}
	return WarmResult{Rounds: rounds}, nil
}
