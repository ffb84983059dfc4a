package config

import (
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
)

// The httpErrors section's own rule: while allowAbsolutePathsWhenDelegated
// is false (its default, and the stock server locks it), a definition in a
// web.config may not point at files by absolute physical path. The IIS
// configuration reference says of the attribute: "When set to false, only
// paths that are relative to the site root are allowed", and servers that
// break the rule answer 500.19, 0x8007000d, with the text diag.AbsPath
// holds. Definitions in applicationHost.config (location tags included) are
// not delegated and may use any path.
//
// UNCERTAIN(abs-path-check): the reference names no attribute. We check the
// paths IIS reads as files: an <error> row's path when its responseMode is
// File (ExecuteURL and Redirect take URLs), its prefixLanguageFilePath (a
// folder; a captured 500.19 quotes a folder path), and defaultPath while
// defaultResponseMode is File. A path counts as absolute when, after
// environment expansion, it starts with a drive ("C:") or a UNC prefix; a
// path rooted without a drive ("\errors\404.htm") is not reported. The
// message quotes the value as written.
const (
	httpErrorsSection     = "system.webServer/httpErrors"
	attrAllowAbsolutePath = "allowAbsolutePathsWhenDelegated"
)

// checkAbsolutePaths reports the absolute paths one applied definition of
// httpErrors brought in. It runs after the definition is merged: the
// effective allowAbsolutePathsWhenDelegated is then known, and rows or
// attributes refused by a lock or a duplicate key were never added.
func (e *Engine) checkAbsolutePaths(st *mergeState, m *merger, in *input) {
	if m.section != httpErrorsSection || in.depth <= levelAppHost || st.root == nil {
		return
	}
	root := st.root
	if a, ok := root.attrs.get(attrAllowAbsolutePath); ok && a.val.Num == 1 {
		return
	}
	report := func(a *effAttr) {
		if a == nil || !e.isAbsolutePhysical(a.raw()) {
			return
		}
		m.report(m.at(diag.AbsPath, a.source(), a.raw()))
	}
	if mode := effectiveText(root, "defaultResponseMode"); mode == "" || mode == "File" {
		report(setBy(root, "defaultPath", in))
	}
	for _, it := range root.items {
		if it.el.src == nil || it.el.src.in != in {
			continue
		}
		if mode := effectiveText(it.el, "responseMode"); mode == "" || mode == "File" {
			report(setBy(it.el, "path", in))
		}
		report(setBy(it.el, "prefixLanguageFilePath", in))
	}
}

// setBy is the attribute name of el when input in set it, else nil.
func setBy(el *effElem, name string, in *input) *effAttr {
	a, ok := el.attrs.get(name)
	if !ok || a.from == nil || a.from.in != in {
		return nil
	}
	return a
}

// effectiveText is an attribute's explicit text, "" when it is not set
// (the schema default then applies).
func effectiveText(el *effElem, name string) string {
	if a, ok := el.attrs.get(name); ok {
		return a.val.Text
	}
	return ""
}

// isAbsolutePhysical reports whether a file path, expanded, names a drive
// or a UNC share.
func (e *Engine) isAbsolutePhysical(p string) bool {
	p = strings.TrimSpace(e.ws.Expand(p))
	if strings.HasPrefix(p, `\\`) || strings.HasPrefix(p, "//") {
		return true
	}
	return len(p) >= 2 && p[1] == ':' && ('a' <= p[0]|0x20 && p[0]|0x20 <= 'z')
}
