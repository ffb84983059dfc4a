package script

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// CSharp renders the plan as a C# program over Microsoft.Web.Administration
// in the shape the Configuration Editor's Generate Script gives: a
// ServerManager, the Configuration of the file each change is written to
// (GetApplicationHostConfiguration, or GetWebConfiguration for a site's
// web.config), GetSection with the location path, typed attribute values,
// CreateElement/Add, Remove of an element found by its keys, Clear, and
// CommitChanges at the end. Each definition's edits sit in their own
// block so that variable names never clash.
func CSharp(p *Plan) (string, []Note) {
	w := &csWriter{}
	var notes []Note
	for _, s := range p.Steps {
		notes = append(notes, w.step(s)...)
	}
	var b strings.Builder
	b.WriteString("using System;\nusing System.Text;\nusing Microsoft.Web.Administration;\n\n")
	b.WriteString("internal static class Sample {\n\n")
	b.WriteString("    private static void Main() {\n\n")
	b.WriteString("        using (ServerManager serverManager = new ServerManager()) {\n")
	b.WriteString(w.body.String())
	b.WriteString("\n            serverManager.CommitChanges();\n")
	b.WriteString("        }\n")
	b.WriteString("    }\n")
	if w.findUsed {
		b.WriteString(findElementHelper)
	}
	b.WriteString("}\n")
	return b.String(), notes
}

// findElementHelper finds a collection item by element name (null: any)
// and attribute values, compared as IIS compares keys.
const findElementHelper = `
    private static ConfigurationElement FindElement(ConfigurationElementCollection collection, string elementTagName, params string[] keyValues) {
        foreach (ConfigurationElement element in collection) {
            if (elementTagName != null && !String.Equals(element.ElementTagName, elementTagName, StringComparison.OrdinalIgnoreCase)) {
                continue;
            }
            bool matches = true;
            for (int i = 0; i < keyValues.Length; i += 2) {
                object o = element.GetAttributeValue(keyValues[i]);
                string value = o == null ? null : o.ToString();
                if (!String.Equals(value, keyValues[i + 1], StringComparison.OrdinalIgnoreCase)) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                return element;
            }
        }
        return null;
    }
`

type csWriter struct {
	body     strings.Builder
	findUsed bool
	// per block:
	vars  map[string]string // property path → variable
	names map[string]int    // variable name → uses
	lines []string
}

const csIndent = "                "

func (w *csWriter) emit(format string, args ...any) {
	w.lines = append(w.lines, csIndent+fmt.Sprintf(format, args...))
}

// name returns a fresh variable name built from base.
func (w *csWriter) name(base string) string {
	base = lowerFirst(identifier(base))
	n := w.names[base]
	w.names[base] = n + 1
	if n == 0 {
		return base
	}
	return base + strconv.Itoa(n)
}

func (w *csWriter) step(s Step) []Note {
	cfg, why := csConfiguration(s.Commit)
	if why != "" {
		return []Note{{Section: s.Section, Path: s.Path, Text: "C#: " + why}}
	}
	w.vars, w.names, w.lines = map[string]string{}, map[string]int{}, nil
	w.emit("Configuration config = %s;", cfg)
	section := w.name(lastSegment(s.Section) + "Section")
	if s.Location != "" {
		w.emit("ConfigurationSection %s = config.GetSection(%s, %s);", section, csString(s.Section), csString(s.Location))
	} else {
		w.emit("ConfigurationSection %s = config.GetSection(%s);", section, csString(s.Section))
	}
	w.vars[""] = section
	var notes []Note
	switch s.Kind {
	case StepClear:
		// UNCERTAIN(csharp-revert-section): RevertToParent is taken to
		// remove this level's definition, as appcmd's clear config does.
		w.emit("%s.RevertToParent();", section)
	case StepLock:
		w.emit("%s.OverrideMode = OverrideMode.%s;", section, s.Mode)
	default:
		for _, op := range s.Ops {
			w.op(op)
		}
	}
	what := s.Section
	if s.Location != "" {
		what += " for " + s.Location
	}
	fmt.Fprintf(&w.body, "\n            { // %s in %s\n", what, s.Commit)
	for _, l := range w.lines {
		w.body.WriteString(l + "\n")
	}
	w.body.WriteString("            }\n")
	return notes
}

// csConfiguration is the expression that opens the file at a commit
// path, or why none does.
func csConfiguration(commit string) (string, string) {
	switch {
	case strings.EqualFold(commit, apphostLevel):
		return "serverManager.GetApplicationHostConfiguration()", ""
	case strings.EqualFold(commit, webrootLevel):
		// UNCERTAIN(csharp-root-web-config): the WebConfigurationMap
		// overload with no path opens the root web.config.
		return "serverManager.GetWebConfiguration((WebConfigurationMap)null, null)", ""
	case strings.EqualFold(commit, machineLevel):
		return "", "machine.config is not opened through ServerManager; use the appcmd (/commit:machine) or PowerShell script for this change"
	}
	rest := commit[len(apphostLevel)+1:]
	site, vpath, _ := strings.Cut(rest, "/")
	if vpath == "" {
		return "serverManager.GetWebConfiguration(" + csString(site) + ")", ""
	}
	return "serverManager.GetWebConfiguration(" + csString(site) + ", " + csString("/"+vpath) + ")", ""
}

func pathKey(segs []Seg) string {
	var b strings.Builder
	for _, s := range segs {
		if s.isItem() {
			b.WriteString("[" + s.Element + pairsKey(s.Keys) + "]")
		} else {
			b.WriteString("/" + s.Name)
		}
	}
	return b.String()
}

// element returns the variable holding the element at path, declaring
// it (and its ancestors) on first use.
func (w *csWriter) element(path []Seg) string {
	k := pathKey(path)
	if v, ok := w.vars[k]; ok {
		return v
	}
	last := path[len(path)-1]
	var v string
	if !last.isItem() {
		parent := w.element(path[:len(path)-1])
		v = w.name(last.Name + "Element")
		w.emit("ConfigurationElement %s = %s.GetChildElement(%s);", v, parent, csString(last.Name))
	} else {
		coll := w.collection(path[:len(path)-1], last.Element)
		el := last.Element
		if el == "" {
			el = "add"
		}
		v = w.name(el + "Element")
		w.findUsed = true
		w.emit("ConfigurationElement %s = FindElement(%s, %s%s);", v, coll, csString(el), keyArgs(last.Keys))
		w.emit("if (%s == null) throw new InvalidOperationException(\"Element not found!\");", v)
	}
	w.vars[k] = v
	return v
}

// collection returns the variable holding the collection of the element
// a path names: the section's own (empty path), a child element's
// ("files"), or an item's (a site's applications).
func (w *csWriter) collection(path []Seg, item string) string {
	k := pathKey(path) + "#"
	if v, ok := w.vars[k]; ok {
		return v
	}
	var v string
	switch {
	case len(path) == 0:
		v = w.name(lastSegment(w.sectionName()) + "Collection")
		w.emit("ConfigurationElementCollection %s = %s.GetCollection();", v, w.vars[""])
	case !path[len(path)-1].isItem():
		name := path[len(path)-1].Name
		parent := w.element(path[:len(path)-1])
		v = w.name(name + "Collection")
		w.emit("ConfigurationElementCollection %s = %s.GetCollection(%s);", v, parent, csString(name))
	default:
		el := w.element(path)
		if item == "" {
			item = strings.TrimSuffix(el, "Element")
		}
		v = w.name(item + "Collection")
		w.emit("ConfigurationElementCollection %s = %s.GetCollection();", v, el)
	}
	w.vars[k] = v
	return v
}

// sectionName recovers the section's short name from its variable.
func (w *csWriter) sectionName() string { return strings.TrimSuffix(w.vars[""], "Section") }

func (w *csWriter) op(op Op) {
	switch op.Kind {
	case OpSetAttr:
		el := w.elementOrSection(op.Path)
		w.setValue(el, op.Name, op.Value, op.Type)
	case OpClearAttr:
		el := w.elementOrSection(op.Path)
		w.emit("%s.GetAttribute(%s).Delete();", el, csString(op.Name))
	case OpClearElement:
		el := w.elementOrSection(op.Path)
		// UNCERTAIN(csharp-delete-element): ConfigurationElement.Delete
		// is taken to remove the child element from this level's file.
		w.emit("%s.GetChildElement(%s).Delete();", el, csString(op.Name))
	case OpClearCollection:
		w.emit("%s.Clear();", w.collection(op.Path, ""))
	case OpAddItem:
		coll := w.collection(op.Path, op.Element)
		v := w.name(op.Element + "Element")
		w.emit("ConfigurationElement %s = %s.CreateElement(%s);", v, coll, csString(op.Element))
		for i, kv := range op.Attrs {
			t := "string"
			if i < len(op.Types) {
				t = op.Types[i]
			}
			w.setValue(v, kv[0], kv[1], t)
		}
		w.emit("%s.Add(%s);", coll, v)
		// Later operations on the new item use this variable.
		w.vars[pathKey(withSeg(op.Path, Seg{Keys: op.Keys, Element: op.Element}))] = v
	case OpRemoveItem:
		coll := w.collection(op.Path, op.Element)
		el := op.Element
		tag := csString(el)
		if el == "" {
			el, tag = "add", "null"
		}
		v := w.name(el + "Element")
		w.findUsed = true
		w.emit("ConfigurationElement %s = FindElement(%s, %s%s);", v, coll, tag, keyArgs(op.Attrs))
		w.emit("if (%s == null) throw new InvalidOperationException(\"Element not found!\");", v)
		w.emit("%s.Remove(%s);", coll, v)
	}
}

func (w *csWriter) elementOrSection(path []Seg) string {
	if len(path) == 0 {
		return w.vars[""]
	}
	return w.element(path)
}

// setValue writes one attribute with a literal of its schema type, or
// a lock list as the element's metadata.
func (w *csWriter) setValue(el, name, value, typ string) {
	if typ == "lock" {
		if name == "lockItem" {
			w.emit("%s.SetMetadata(%s, %s);", el, csString(name), csBool(value))
			return
		}
		w.emit("%s.SetMetadata(%s, %s);", el, csString(name), csValue(value))
		return
	}
	w.emit("%s[%s] = %s;", el, csString(name), csLiteral(value, typ))
}

// csValue is a string value the way the Configuration Editor writes
// them: always verbatim (@"…").
func csValue(s string) string { return `@"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func csLiteral(v, typ string) string {
	switch typ {
	case "bool":
		if b := csBool(v); b != "" {
			return b
		}
	case "int":
		if _, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return strings.TrimSpace(v)
		}
	case "timeSpan":
		return "TimeSpan.Parse(" + csString(v) + ")"
	}
	return csValue(v)
}

func csBool(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return "true"
	case "false":
		return "false"
	}
	return ""
}

// keyArgs continues FindElement's argument list with name, value pairs.
func keyArgs(pairs [][2]string) string {
	var b strings.Builder
	for _, kv := range pairs {
		b.WriteString(", " + csString(kv[0]) + ", " + csValue(kv[1]))
	}
	return b.String()
}

// csString is a C# verbatim string: no escapes but a doubled quote.
func csString(s string) string {
	if !strings.ContainsAny(s, "\\\"\r\n") {
		return `"` + s + `"`
	}
	return `@"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// identifier keeps the letters and digits of a name, so that
// "system.web.extensions" or "add-on" make valid variable names.
func identifier(s string) string {
	var b strings.Builder
	up := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if up {
				r = unicode.ToUpper(r)
				up = false
			}
			b.WriteRune(r)
			continue
		}
		up = b.Len() > 0
	}
	out := b.String()
	if out == "" || unicode.IsDigit(rune(out[0])) {
		out = "x" + out
	}
	if csKeywords[strings.ToLower(out)] {
		out += "_"
	}
	return out
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// csKeywords are C# keywords a configuration name could collide with
// once lower-cased.
var csKeywords = map[string]bool{
	"abstract": true, "as": true, "base": true, "bool": true, "break": true, "byte": true, "case": true, "catch": true,
	"char": true, "checked": true, "class": true, "const": true, "continue": true, "decimal": true, "default": true,
	"delegate": true, "do": true, "double": true, "else": true, "enum": true, "event": true, "explicit": true,
	"extern": true, "false": true, "finally": true, "fixed": true, "float": true, "for": true, "foreach": true,
	"goto": true, "if": true, "implicit": true, "in": true, "int": true, "interface": true, "internal": true, "is": true,
	"lock": true, "long": true, "namespace": true, "new": true, "null": true, "object": true, "operator": true,
	"out": true, "override": true, "params": true, "private": true, "protected": true, "public": true,
	"readonly": true, "ref": true, "return": true, "sbyte": true, "sealed": true, "short": true, "sizeof": true,
	"stackalloc": true, "static": true, "string": true, "struct": true, "switch": true, "this": true, "throw": true,
	"true": true, "try": true, "typeof": true, "uint": true, "ulong": true, "unchecked": true, "unsafe": true,
	"ushort": true, "using": true, "virtual": true, "void": true, "volatile": true, "while": true, "config": true,
	"servermanager": true,
}
