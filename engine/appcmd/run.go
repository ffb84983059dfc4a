package appcmd

import (
	"strings"

	"github.com/iisconf/iisconf/engine/config"
)

// Run executes an appcmd command line (already tokenised; see
// SplitCommandLine) against the engine's snapshot and returns what appcmd
// prints on stdout. A non-nil *Error is a failed command: its Text is
// appcmd's own output unless Emulator is set, in which case it is
// iisconf's message about something the emulator does not cover yet.
//
// Run covers the read-only verbs: `list config` and `list
// site|app|vdir|apppool` (plural names too) with filters and
// /text:<property>. Writes and backups go through Exec.
func Run(e *config.Engine, args []string) (string, *Error) {
	c := ParseArgs(args)
	if c.Verb == "" || c.Object == "" {
		return "", unsupported("usage: appcmd <verb> <object> [identifier] [/param:value ...]")
	}
	if c.Verb != "list" {
		return "", unsupported("verb " + c.Verb + " changes files: use Exec")
	}
	if len(c.Extra) > 0 {
		return "", unknownAttribute(c.Extra[0])
	}
	e, err := clrEngine(e, c)
	if err != nil {
		return "", err
	}
	switch c.Object {
	case "config":
		return runListConfig(e, c)
	case "site", "app", "vdir", "apppool":
		return runListObjects(e, c)
	}
	return "", unsupported("object " + strings.ToUpper(c.Object) + " is not emulated yet")
}

// unsupported is iisconf's own refusal, never mistaken for appcmd output.
func unsupported(msg string) *Error {
	return &Error{Text: msg, Code: 2, Emulator: true}
}

// generalSwitches are appcmd's switches that are not object properties
// (docs/appcmd.md#command-line); /!name escapes one of them into a property.
var generalSwitches = map[string]bool{
	"?": true, "text": true, "xml": true, "in": true, "config": true,
	"metadata": true, "commit": true, "section": true, "apphostconfig": true,
	"clr": true,
}

// clrEngine applies appcmd's /clr:<version>: the engine the command reads
// and writes through reads that .NET version's machine.config and root
// web.config (docs/hierarchy.md#framework-folders); the switch is taken
// out of the command.
func clrEngine(e *config.Engine, c *Command) (*config.Engine, *Error) {
	kept := c.Params[:0:0]
	for _, p := range c.Params {
		if !isSwitch(p, "clr") {
			kept = append(kept, p)
			continue
		}
		v, ok := config.ParseCLR(p.Value)
		if !ok {
			return nil, badCLR(p.Value)
		}
		e = e.WithCLR(v)
	}
	c.Params = kept
	return e, nil
}

func isSwitch(p Param, name string) bool {
	return !p.Escaped && strings.EqualFold(p.Name, name)
}

func runListConfig(e *config.Engine, c *Command) (string, *Error) {
	var sections []string
	all := false
	for _, p := range c.Params {
		switch {
		case isSwitch(p, "section"):
			if p.Value == "?" {
				return ListSectionNames(e), nil
			}
			sections = append(sections, p.Value)
		case isSwitch(p, "config"):
			all = p.Value == "*"
		case isSwitch(p, "commit"):
			// Meaningless for list; appcmd accepts it
			// (UNCERTAIN(list-accepts-commit), docs/appcmd.md#list-config).
		case !p.Escaped && generalSwitches[strings.ToLower(p.Name)]:
			return "", unsupported("/" + p.Name + " is not emulated yet for list config")
		default:
			return "", unknownAttribute(p.Name)
		}
	}
	return ListConfig(e, c.Identifier, sections, all)
}

func runListObjects(e *config.Engine, c *Command) (string, *Error) {
	filters := map[string]string{}
	textProp := ""
	for _, p := range c.Params {
		switch {
		case isSwitch(p, "text"):
			if p.Value == "*" {
				return "", unsupported("/text:* is not emulated yet")
			}
			textProp = p.Value
		case !p.Escaped && generalSwitches[strings.ToLower(p.Name)]:
			return "", unsupported("/" + p.Name + " is not emulated yet for list " + c.Object)
		default:
			filters[p.Name] = p.Value
		}
	}
	var objs []*object
	var err *Error
	switch c.Object {
	case "site", "app", "vdir":
		var sites, apps, vdirs []*object
		sites, apps, vdirs, err = siteObjects(e)
		objs = map[string][]*object{"site": sites, "app": apps, "vdir": vdirs}[c.Object]
	case "apppool":
		objs, err = poolObjects(e)
	}
	if err != nil {
		return "", err
	}
	kind := strings.ToUpper(c.Object)
	if textProp == "" {
		return listObjects(kind, objs, c.Identifier, filters)
	}
	sel, err := selectObjects(kind, objs, c.Identifier, filters)
	if err != nil {
		return "", err
	}
	// /text:<property> prints just that value per object [DOC].
	var b strings.Builder
	for _, o := range sel {
		v, ok := o.property(textProp)
		if !ok {
			return "", unknownAttribute(textProp)
		}
		b.WriteString(v + lineEnd)
	}
	if len(sel) == 0 {
		return "", &Error{Code: exitNoMatch}
	}
	return b.String(), nil
}
