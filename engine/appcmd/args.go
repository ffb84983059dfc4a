package appcmd

import "strings"

// Command is a parsed appcmd command line (docs/appcmd.md#command-line):
// `appcmd <verb> <object> [<identifier>] [/<param>:<value> …]`.
type Command struct {
	Verb       string   // lower-cased ("list")
	Object     string   // lower-cased and singular ("sites" → "site")
	Identifier string   // first positional argument after the object; "" when absent
	Extra      []string // further positional arguments (appcmd rejects them)
	Params     []Param
}

// Param is one `/name:value` (or `-name:value`) argument.
type Param struct {
	Name     string // without the prefix and the "!" escape
	Value    string // after the first ":", surrounding quotes removed
	HasValue bool   // a ":" followed the name
	Escaped  bool   // written `/!name:value`: never a general switch
}

// Param returns the last parameter called name (case-insensitive), the
// way appcmd lets a later repetition win.
func (c *Command) Param(name string) (Param, bool) {
	for i := len(c.Params) - 1; i >= 0; i-- {
		if strings.EqualFold(c.Params[i].Name, name) {
			return c.Params[i], true
		}
	}
	return Param{}, false
}

// objectAliases maps the object names appcmd accepts, plural forms
// included [DOC], to the singular.
var objectAliases = map[string]string{
	"site": "site", "sites": "site",
	"app": "app", "apps": "app",
	"vdir": "vdir", "vdirs": "vdir",
	"apppool": "apppool", "apppools": "apppool",
	"config": "config", "configs": "config",
	"backup": "backup", "backups": "backup",
	"wp": "wp", "wps": "wp",
	"request": "request", "requests": "request",
	"module": "module", "modules": "module",
	"trace": "trace", "traces": "trace",
}

// ParseArgs splits already tokenised arguments (as a shell or
// SplitCommandLine delivers them) into a Command. It never fails: which
// parameters are valid depends on the verb and object, and is checked
// when the command runs.
func ParseArgs(args []string) *Command {
	c := &Command{}
	positional := 0
	for _, a := range args {
		if p, ok := parseParam(a); ok {
			c.Params = append(c.Params, p)
			continue
		}
		switch positional {
		case 0:
			c.Verb = strings.ToLower(a)
		case 1:
			c.Object = strings.ToLower(a)
			if s, ok := objectAliases[c.Object]; ok {
				c.Object = s
			}
		case 2:
			c.Identifier = unquote(a)
		default:
			c.Extra = append(c.Extra, a)
		}
		positional++
	}
	return c
}

// parseParam recognises `/name[:value]`, `-name[:value]` and the `!`
// escape; a lone "-" is appcmd's short form of /in.
func parseParam(a string) (Param, bool) {
	if a == "-" {
		return Param{Name: "in"}, true
	}
	if len(a) < 2 || (a[0] != '/' && a[0] != '-') {
		return Param{}, false
	}
	body := a[1:]
	var p Param
	if strings.HasPrefix(body, "!") {
		p.Escaped = true
		body = body[1:]
	}
	name, value, hasValue := strings.Cut(body, ":")
	p.Name, p.Value, p.HasValue = name, unquote(value), hasValue
	return p, true
}

// unquote removes one pair of surrounding double quotes, which survive
// when a caller passes `/site.name:"X"` without a shell in between.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// SplitCommandLine tokenises a command line the way the Microsoft C
// runtime does for appcmd.exe: white space separates arguments, double
// quotes group and are removed wherever they appear, 2n backslashes before
// a quote give n backslashes and a grouping quote, 2n+1 give n backslashes
// and a literal quote; other backslashes are literal (so Windows paths
// survive).
func SplitCommandLine(line string) []string {
	var args []string
	var cur strings.Builder
	inQuotes, inArg := false, false
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case ch == '\\':
			n := 0
			for i < len(line) && line[i] == '\\' {
				n++
				i++
			}
			if i < len(line) && line[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
				} else {
					inQuotes = !inQuotes
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
				i--
			}
			inArg = true
		case ch == '"':
			inQuotes = !inQuotes
			inArg = true
		case (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') && !inQuotes:
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteByte(ch)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}

// CommandLine splits a command line as pasted from a server: a leading
// "appcmd" (or a path ending in appcmd / appcmd.exe) is dropped, so
// `%windir%\system32\inetsrv\appcmd.exe list site` runs as `list site`.
func CommandLine(line string) []string {
	args := SplitCommandLine(line)
	if len(args) > 0 {
		first := strings.ToLower(args[0])
		first = first[strings.LastIndexAny(first, `\/`)+1:]
		if first == "appcmd" || first == "appcmd.exe" {
			args = args[1:]
		}
	}
	return args
}
