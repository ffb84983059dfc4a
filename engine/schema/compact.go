package schema

// This file reads the project's compact schema text, the format of the
// built-in schema files under builtin/. It exists because the built-in
// schema ships inside the WebAssembly bundle and is parsed at every start:
// a line-oriented format is a third of the size of IIS's XML and loads with
// one pass and no XML tokenizer.
//
// Format (one fact per line, UTF-8, LF line ends):
//
//	# comment                 ignored, as are blank lines
//	S <full section name>     a section; starts at column 0
//	E <name> [cd]             an element; cd = isCollectionDefault
//	C [add=<a>[,<b>]] [remove=<r>] [clear=<c>] [default=<d>] [nomerge] [dups] [unrec]
//	                          the collection of the enclosing section or
//	                          element; nomerge = mergeAppend false, dups =
//	                          allowDuplicates, unrec = allowUnrecognizedAttributes.
//	                          Lines indented below it describe the items. A
//	                          second C line in one element is kept in
//	                          Element.MoreCollections.
//	A <name> <type> [flag...] [v=<validationType>] [p=<validationParameter>] [x=<extension>] [=<default>]
//	                          an attribute; <type> is the IIS type name.
//	                          Flags (only when true): req (required),
//	                          uk (isUniqueKey), ck (isCombinedKey),
//	                          cs (caseSensitive), enc (encrypted),
//	                          exp (expanded), inf (allowInfinite),
//	                          hex (displayHex), sec / min (timeSpanFormat
//	                          seconds / minutes). A token starting with '='
//	                          begins the default value, which runs to the end
//	                          of the line verbatim (it may hold spaces; "="
//	                          alone is an explicit empty default).
//	V <name>[:<value>] ...    the enum or flag values of the attribute on the
//	                          line above, in schema order. Without ":value",
//	                          an enum value is the previous value + 1 (the
//	                          first is 0) and a flag value is the previous
//	                          value * 2 (1 after none or after 0).
//
// Nesting is by indentation: one space per level. A section's own
// attributes, elements and collection sit at depth 1; the children of a
// line at depth d sit at depth d+1; a V line sits one deeper than its A line.
// Tokens are separated by single spaces and never contain spaces or control
// characters; only default values may hold spaces.

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// compactError is a malformed line in compact schema text.
type compactError struct {
	File string
	Line int
	Msg  string
}

func (e *compactError) Error() string { return textfmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// typeByName maps IIS type names to Type; shared with the XML reader.
var typeByName = map[string]Type{
	"string": String, "bool": Bool, "enum": Enum, "flags": Flags,
	"uint": UInt, "int": Int, "int64": Int64, "timeSpan": TimeSpan,
}

// parseCompact reads compact schema text. Substrings of src are kept, so a
// src that lives in read-only data (go:embed) costs no copies.
func parseCompact(name, src string) (*File, error) {
	f := &File{Name: name}
	// containers[d] holds the element whose children are written at depth d+1.
	var containers []*Element
	var lastAttr *Attribute
	lastAttrDepth := -1
	lineNo := 0
	for len(src) > 0 {
		lineNo++
		var line string
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, ""
		}
		line = strings.TrimSuffix(line, "\r")
		depth := 0
		for depth < len(line) && line[depth] == ' ' {
			depth++
		}
		body := line[depth:]
		if body == "" || body[0] == '#' {
			continue
		}
		fail := func(format string, args ...any) error {
			return &compactError{File: name, Line: lineNo, Msg: textfmt.Sprintf(format, args...)}
		}
		if len(body) < 2 || body[1] != ' ' {
			return nil, fail("expected a one-letter keyword and a space")
		}
		kind, rest := body[0], body[2:]
		if kind == 'S' {
			if depth != 0 {
				return nil, fail("section line must not be indented")
			}
			sec := &Section{Name: rest, Root: &Element{Name: shortName(rest)}, Source: name}
			f.Sections = append(f.Sections, sec)
			containers = append(containers[:0], sec.Root)
			lastAttr = nil
			continue
		}
		if kind == 'V' {
			if lastAttr == nil || depth != lastAttrDepth+1 {
				return nil, fail("values line does not follow an attribute line")
			}
			if err := parseCompactValues(lastAttr, rest); err != nil {
				return nil, fail("%v", err)
			}
			lastAttr = nil
			continue
		}
		if depth == 0 || depth > len(containers) {
			return nil, fail("indentation %d has no enclosing element", depth)
		}
		containers = containers[:depth]
		parent := containers[depth-1]
		lastAttr = nil
		switch kind {
		case 'A':
			a, err := parseCompactAttribute(rest)
			if err != nil {
				return nil, fail("%v", err)
			}
			a.Source = name
			parent.Attributes = append(parent.Attributes, a)
			lastAttr, lastAttrDepth = a, depth
		case 'E':
			el := &Element{}
			nm, flags, _ := strings.Cut(rest, " ")
			el.Name = nm
			switch flags {
			case "":
			case "cd":
				el.IsCollectionDefault = true
			default:
				return nil, fail("unknown element flag %q", flags)
			}
			if nm == "" {
				return nil, fail("element without a name")
			}
			parent.Elements = append(parent.Elements, el)
			containers = append(containers, el)
		case 'C':
			c, err := parseCompactCollection(rest)
			if err != nil {
				return nil, fail("%v", err)
			}
			if parent.Collection == nil {
				parent.Collection = c
			} else {
				parent.MoreCollections = append(parent.MoreCollections, c)
			}
			containers = append(containers, c.Item)
		default:
			return nil, fail("unknown keyword %q", kind)
		}
	}
	return f, nil
}

func parseCompactAttribute(rest string) (*Attribute, error) {
	a := &Attribute{}
	for i := 0; rest != ""; i++ {
		if rest[0] == '=' {
			a.HasDefault, a.DefaultValue = true, rest[1:]
			break
		}
		var tok string
		tok, rest, _ = strings.Cut(rest, " ")
		switch {
		case i == 0:
			a.Name = tok
		case i == 1:
			t, ok := typeByName[tok]
			if !ok {
				return nil, textfmt.Errorf("unknown type %q", tok)
			}
			a.Type = t
		case tok == "req":
			a.Required = true
		case tok == "uk":
			a.IsUniqueKey = true
		case tok == "ck":
			a.IsCombinedKey = true
		case tok == "cs":
			a.CaseSensitive = true
		case tok == "enc":
			a.Encrypted = true
		case tok == "exp":
			a.Expanded = true
		case tok == "inf":
			a.AllowInfinite = true
		case tok == "hex":
			a.DisplayHex = true
		case tok == "sec":
			a.TimeSpanFormat = TimeSpanSeconds
		case tok == "min":
			a.TimeSpanFormat = TimeSpanMinutes
		case strings.HasPrefix(tok, "v="):
			a.ValidationType = tok[2:]
		case strings.HasPrefix(tok, "p="):
			a.ValidationParameter = tok[2:]
		case strings.HasPrefix(tok, "x="):
			a.Extension = tok[2:]
		default:
			return nil, textfmt.Errorf("unknown attribute token %q", tok)
		}
	}
	if a.Name == "" {
		return nil, textfmt.Errorf("attribute without a name and type")
	}
	return a, nil
}

func parseCompactValues(a *Attribute, rest string) error {
	prev, first := int64(-1), true
	for rest != "" {
		var tok string
		tok, rest, _ = strings.Cut(rest, " ")
		nm, num, explicit := strings.Cut(tok, ":")
		var v int64
		switch {
		case explicit:
			n, err := strconv.ParseInt(num, 10, 64)
			if err != nil {
				return textfmt.Errorf("bad value in %q", tok)
			}
			v = n
		case a.Type == Flags && (first || prev <= 0):
			v = 1
		case a.Type == Flags:
			v = prev * 2
		default:
			v = prev + 1
		}
		if nm == "" {
			return textfmt.Errorf("value without a name")
		}
		a.Values = append(a.Values, EnumValue{Name: nm, Value: v})
		prev, first = v, false
	}
	return nil
}

func parseCompactCollection(rest string) (*Collection, error) {
	c := &Collection{MergeAppend: true, Item: &Element{}}
	for rest != "" {
		var tok string
		tok, rest, _ = strings.Cut(rest, " ")
		key, val, _ := strings.Cut(tok, "=")
		switch key {
		case "add":
			c.AddElements = splitAddElements(val)
		case "remove":
			c.RemoveElement = val
		case "clear":
			c.ClearElement = val
		case "default":
			c.DefaultElement = val
		case "nomerge":
			c.MergeAppend = false
		case "dups":
			c.AllowDuplicates = true
		case "unrec":
			c.AllowUnrecognizedAttributes = true
		default:
			return nil, textfmt.Errorf("unknown collection token %q", tok)
		}
	}
	return c, nil
}

// splitAddElements splits an addElement value: IIS allows a comma list
// ("allow,deny" in system.web/authorization).
func splitAddElements(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// shortName is the last segment of a section's full name: the XML name of
// its element.
func shortName(full string) string {
	return full[strings.LastIndexByte(full, '/')+1:]
}
