package script

import (
	"strings"
)

// PowerShell renders the plan with the WebAdministration module's
// cmdlets, one command per line, in the form the Configuration Editor's
// Generate Script shows:
//
//	Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -location 'Default Web Site' -filter "system.webServer/directoryBrowse" -name "enabled" -value "True"
//	Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/defaultDocument/files" -name "." -value @{value='home.html'}
//
// -pspath is the config path of the file written (the commit path) and
// -location the path below it, as the change requires. Removing a
// definition, an attribute, a child element or every item of a
// collection is Clear-WebConfiguration on the matching filter (the
// cmdlet's documented "/section/@attribute" form for attributes); locks
// are Set-WebConfiguration -metadata overrideMode.
func PowerShell(p *Plan) (lines []string, notes []Note) {
	for _, s := range p.Steps {
		ls, ns := psStep(s)
		lines = append(lines, ls...)
		notes = append(notes, ns...)
	}
	return lines, notes
}

func psStep(s Step) ([]string, []Note) {
	var notes []Note
	where := "-pspath " + psSingle(s.Commit)
	if s.Location != "" {
		where += " -location " + psSingle(s.Location)
	}
	switch s.Kind {
	case StepClear:
		return []string{"Clear-WebConfiguration " + where + " -filter " + psDouble(s.Section)}, nil
	case StepLock:
		return []string{"Set-WebConfiguration " + where + " -filter " + psDouble(s.Section) + " -metadata overrideMode -value " + s.Mode}, nil
	}
	var lines []string
	for _, op := range s.Ops {
		filter := s.Section + psFilterPath(op.Path)
		switch op.Kind {
		case OpSetAttr:
			if op.Type == "lock" {
				lines = append(lines, "Set-WebConfiguration "+where+" -filter "+psDouble(filter)+" -metadata "+op.Name+" -value "+psDouble(op.Value))
				continue
			}
			lines = append(lines, "Set-WebConfigurationProperty "+where+" -filter "+psDouble(filter)+" -name "+psDouble(op.Name)+" -value "+psDouble(op.Value))
		case OpClearAttr:
			lines = append(lines, "Clear-WebConfiguration "+where+" -filter "+psDouble(filter+"/@"+op.Name))
		case OpClearElement:
			lines = append(lines, "Clear-WebConfiguration "+where+" -filter "+psDouble(filter+"/"+op.Name))
		case OpClearCollection:
			// UNCERTAIN(ps-clear-collection): Clear-WebConfiguration on a
			// collection is taken to leave it cleared (<clear/>), as the
			// scripts that call it before Add-WebConfiguration rely on.
			lines = append(lines, "Clear-WebConfiguration "+where+" -filter "+psDouble(filter))
		case OpAddItem:
			if !op.FirstAdd {
				notes = append(notes, Note{Section: s.Section, Path: s.Path, Text: "PowerShell: Add-WebConfigurationProperty adds the collection's first add directive only; a <" + op.Element + "> item is in the C# script"})
				continue
			}
			var plain, locks [][2]string
			for i, kv := range op.Attrs {
				if i < len(op.Types) && op.Types[i] == "lock" {
					locks = append(locks, kv)
				} else {
					plain = append(plain, kv)
				}
			}
			lines = append(lines, "Add-WebConfigurationProperty "+where+" -filter "+psDouble(filter)+" -name \".\" -value "+psHash(plain))
			itemFilter := filter + "/" + op.Element + psPredicate(op.Keys)
			for _, kv := range locks {
				lines = append(lines, "Set-WebConfiguration "+where+" -filter "+psDouble(itemFilter)+" -metadata "+kv[0]+" -value "+psDouble(kv[1]))
			}
		case OpRemoveItem:
			lines = append(lines, "Remove-WebConfigurationProperty "+where+" -filter "+psDouble(filter)+" -name \".\" -AtElement "+psHash(op.Attrs))
		}
	}
	return lines, notes
}

// psFilterPath writes a property path as the XPath-like filter the
// cmdlets take: "/files", "/add[@name='X']/bindings".
func psFilterPath(segs []Seg) string {
	var b strings.Builder
	for _, s := range segs {
		if !s.isItem() {
			b.WriteString("/" + s.Name)
			continue
		}
		el := s.Element
		if el == "" {
			el = "add"
		}
		b.WriteString("/" + el + psPredicate(s.Keys))
	}
	return b.String()
}

// psPredicate is [@k='v' and @k2='v2'].
func psPredicate(pairs [][2]string) string {
	if len(pairs) == 0 {
		return ""
	}
	var parts []string
	for _, kv := range pairs {
		parts = append(parts, "@"+kv[0]+"="+xpathLiteral(kv[1]))
	}
	return "[" + strings.Join(parts, " and ") + "]"
}

// xpathLiteral quotes a value for an XPath predicate: with ' unless it
// holds one, then with " (XPath 1.0 has no escapes; a value with both is
// rare enough to be written with concat()).
func xpathLiteral(v string) string {
	switch {
	case !strings.Contains(v, "'"):
		return "'" + v + "'"
	case !strings.Contains(v, `"`):
		return `"` + v + `"`
	}
	parts := strings.Split(v, "'")
	var out []string
	for i, p := range parts {
		if i > 0 {
			out = append(out, `"'"`)
		}
		if p != "" {
			out = append(out, "'"+p+"'")
		}
	}
	return "concat(" + strings.Join(out, ",") + ")"
}

// psHash is a PowerShell hashtable literal @{name='value';…}.
func psHash(pairs [][2]string) string {
	var parts []string
	for _, kv := range pairs {
		parts = append(parts, psKey(kv[0])+"="+psSingle(kv[1]))
	}
	return "@{" + strings.Join(parts, ";") + "}"
}

// psKey writes a hashtable key bare when PowerShell allows it.
func psKey(k string) string {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return psSingle(k)
		}
	}
	return k
}

// psSingle is a single-quoted PowerShell string: nothing expands, a ' is
// doubled (and so are the typographic quotes PowerShell also accepts).
func psSingle(s string) string {
	r := strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")
	return "'" + r.Replace(s) + "'"
}

// psDouble is a double-quoted PowerShell string (the Configuration
// Editor's form for filters, names and values) with $, ` and " escaped
// by a backtick so that nothing expands.
func psDouble(s string) string {
	r := strings.NewReplacer("`", "``", "$", "`$", `"`, "`\"", "\u201c", "`\u201c", "\u201d", "`\u201d", "\u201e", "`\u201e")
	return `"` + r.Replace(s) + `"`
}
