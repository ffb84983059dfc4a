package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/iisconf/iisconf/engine/jsonx"
	"github.com/iisconf/iisconf/wasm/engineops"
)

// firstPath is the config path a first visit opens (web/src/app/workspace.ts
// DEFAULT_PATH).
const firstPath = "Default Web Site"

// firstAnswerJSON is the stock server's opening answer: what a first visit
// asks the engine before it can draw anything (the stock files, the
// evaluation of firstPath with every element and without defaults, the
// site map, every file's diagnostics), computed here natively by the very
// ops the engine wasm runs (wasm/engineops), so the bytes are the ones the
// wasm would answer. The build ships it as first.<hash>.json, which
// index.html preloads: a first visit draws its first result from it while
// the engine is still downloading (web/src/app/first.ts), and the engine,
// once ready, holds the same files and takes over.
//
// build names the build, so the page can tell the answer belongs to the
// engine it starts (it always does: both come from this build).
func firstAnswerJSON(build string) ([]byte, error) {
	a := engineops.New()
	call := func(op string, args any) (string, error) {
		in, err := json.Marshal(args) // the arguments only: the answers are the wasm ops' own bytes
		if err != nil {
			return "", err
		}
		out, err := a.Call(op, string(in))
		if err != nil {
			return "", fmt.Errorf("%s: %v", op, err)
		}
		return out, nil
	}
	// The calls a first visit makes, in its order (app.ts start and the
	// scheduler's first complete refresh).
	files, err := call("loadStock", struct{}{})
	if err != nil {
		return nil, err
	}
	result, err := call("evaluate", engineops.EvaluateArgs{Path: firstPath, NoDefaults: true})
	if err != nil {
		return nil, err
	}
	diags, err := call("fileDiagnostics", struct{}{})
	if err != nil {
		return nil, err
	}
	siteMap, err := call("siteMap", struct{}{})
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`{"build":`)
	b.Write(jsonx.AppendString(nil, build))
	b.WriteString(`,"path":`)
	b.Write(jsonx.AppendString(nil, firstPath))
	b.WriteString(`,"stock":`)
	b.WriteString(files)
	b.WriteString(`,"result":`)
	b.WriteString(result)
	b.WriteString(`,"fileDiagnostics":`)
	b.WriteString(diags)
	b.WriteString(`,"siteMap":`)
	b.WriteString(siteMap)
	b.WriteString("}")
	return []byte(b.String()), nil
}

func (b *builder) buildFirstAnswer() error {
	data, err := firstAnswerJSON(b.version)
	if err != nil {
		return fmt.Errorf("the first answer: %v", err)
	}
	b.refs["first.json"] = b.add("first.json", data)
	return nil
}
