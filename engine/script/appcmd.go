package script

import (
	"strings"
)

// Well-known levels of the configuration hierarchy.
const (
	machineLevel = "MACHINE"
	webrootLevel = "MACHINE/WEBROOT"
	apphostLevel = "MACHINE/WEBROOT/APPHOST"
)

// AppCmd renders the plan as appcmd command lines, one command per line,
// in the form the Configuration Editor's Generate Script shows:
//
//	appcmd.exe set config "Default Web Site" -section:system.webServer/defaultDocument /+"files.[value='home.html']" /commit:apphost
//
// Each line runs as `iisconf appcmd -w WS <line>` (the emulator drops the
// leading appcmd.exe) and in a Windows command prompt. Operations appcmd
// cannot express (a value holding both quote characters inside a
// collection indexer, an item whose add directive is not the
// collection's first) come back as notes.
func AppCmd(p *Plan) (lines []string, notes []Note) {
	for _, s := range p.Steps {
		line, ns := appcmdStep(s)
		notes = append(notes, ns...)
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines, notes
}

func appcmdStep(s Step) (string, []Note) {
	var notes []Note
	noteOp := func(text string) {
		notes = append(notes, Note{Section: s.Section, Path: s.Path, Text: "appcmd: " + text})
	}
	verb := map[StepKind]string{StepSet: "set", StepClearProps: "clear", StepClear: "clear", StepLock: "lock"}[s.Kind]
	if s.Kind == StepLock && s.Mode == "Allow" {
		verb = "unlock"
	}
	parts := []string{"appcmd.exe", verb, "config"}
	if id := appcmdIdentifier(s.Path); id != "" {
		parts = append(parts, cmdQuote(id))
	}
	parts = append(parts, "-section:"+s.Section)
	n := len(parts)
	for _, op := range s.Ops {
		arg, why := appcmdOp(op)
		if why != "" {
			noteOp(why)
			continue
		}
		parts = append(parts, arg)
	}
	if (s.Kind == StepSet || s.Kind == StepClearProps) && len(parts) == n {
		return "", notes
	}
	if c := appcmdCommit(s); c != "" {
		parts = append(parts, "/commit:"+c)
	}
	return strings.Join(parts, " "), notes
}

// appcmdIdentifier is the path argument: site-relative below the server
// level, omitted at the server level (appcmd's default), the config path
// itself above it.
func appcmdIdentifier(path string) string {
	switch {
	case strings.EqualFold(path, apphostLevel):
		return ""
	case len(path) > len(apphostLevel) && strings.EqualFold(path[:len(apphostLevel)+1], apphostLevel+"/"):
		return path[len(apphostLevel)+1:]
	}
	return path
}

// appcmdCommit names the file written: appcmd's keywords where one fits
// (docs/appcmd.md, commit targets), the config path of the level
// otherwise; nothing when it is the path's own file (appcmd's default).
// lock and unlock always say where, since their default depends on the
// path (UNCERTAIN(lock-commit-default)).
func appcmdCommit(s Step) string {
	if strings.EqualFold(s.Commit, s.Path) && s.Kind != StepLock {
		return ""
	}
	switch {
	case strings.EqualFold(s.Commit, apphostLevel):
		return "apphost"
	case strings.EqualFold(s.Commit, webrootLevel):
		return "webroot"
	case strings.EqualFold(s.Commit, machineLevel):
		return "machine"
	case strings.Count(s.Commit, "/") == 3:
		return "site"
	}
	return cmdQuote(s.Commit)
}

// appcmdOp renders one property operation, or says why it cannot.
func appcmdOp(op Op) (string, string) {
	path, why := appcmdPath(op.Path)
	if why != "" {
		return "", why
	}
	join := func(p, name string) string {
		if p == "" {
			return name
		}
		return p + "." + name
	}
	switch op.Kind {
	case OpSetAttr:
		prop := join(path, op.Name)
		if strings.Contains(prop, "[") {
			return cmdQuote("/" + prop + ":" + op.Value), ""
		}
		return "/" + prop + ":" + cmdQuote(op.Value), ""
	case OpClearAttr:
		return "/" + join(path, op.Name), ""
	case OpClearElement:
		return "/" + join(path, op.Name), ""
	case OpClearCollection:
		if path == "" {
			return "/~", ""
		}
		return "/~" + quoteIfNeeded(path), ""
	case OpAddItem, OpRemoveItem:
		if op.Kind == OpAddItem && !op.FirstAdd {
			return "", "cannot add a <" + op.Element + "> item (appcmd adds the collection's first add directive only); use the PowerShell or C# script for it"
		}
		idx, why := indexer(op.Attrs)
		if why != "" {
			return "", why
		}
		sign := "+"
		if op.Kind == OpRemoveItem {
			sign = "-"
		}
		return "/" + sign + cmdQuote(join(path, idx)), ""
	}
	return "", "unknown operation " + string(op.Kind)
}

// appcmdPath writes a property path: child names and item indexers
// joined by dots.
func appcmdPath(segs []Seg) (string, string) {
	var parts []string
	for _, s := range segs {
		if !s.isItem() {
			parts = append(parts, s.Name)
			continue
		}
		idx, why := indexer(s.Keys)
		if why != "" {
			return "", why
		}
		parts = append(parts, idx)
	}
	return strings.Join(parts, "."), ""
}

// indexer writes [name='value',…]. appcmd has no escape inside an
// indexer: a value holding ' is quoted with " instead, and one holding
// both cannot be written.
func indexer(pairs [][2]string) (string, string) {
	var b strings.Builder
	b.WriteByte('[')
	for i, kv := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		q := "'"
		if strings.Contains(kv[1], "'") {
			if strings.Contains(kv[1], `"`) {
				return "", "the value of " + kv[0] + " holds both ' and \", which an appcmd collection indexer cannot quote"
			}
			q = `"`
		}
		b.WriteString(kv[0] + "=" + q + kv[1] + q)
	}
	b.WriteByte(']')
	return b.String(), ""
}

// cmdQuote quotes one argument for the Windows command line the way the C
// runtime splits it (and appcmd.SplitCommandLine does): double quotes
// around it, a quote inside escaped with a backslash, the backslashes
// before any quote doubled. Arguments without spaces, quotes or special
// characters stay bare only when they are simple names.
func cmdQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	bs := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			bs++
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*bs+1))
			b.WriteByte('"')
		default:
			b.WriteString(strings.Repeat(`\`, bs))
			b.WriteByte(c)
		}
		bs = 0
	}
	b.WriteString(strings.Repeat(`\`, 2*bs))
	b.WriteByte('"')
	return b.String()
}

// quoteIfNeeded leaves a plain property path bare (`/~files`, as scripts
// write it) and quotes anything else.
func quoteIfNeeded(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return cmdQuote(s)
		}
	}
	return s
}
