package appcmd

import (
	"strconv"
	"strings"
)

// A property path addresses what a write parameter changes (docs/appcmd.md#command-line):
//
//	/attr:value                    attribute of the element written
//	/child.grandchild.attr:value   attribute of a child element
//	/+[k='v',a='b']                add an item (optionally @start|@end|@N first)
//	/+child.[k='v']                add an item to a child's collection
//	/-[k='v']                      remove an item
//	/[k='v'].attr:value            change an item
//	/attr  (no value, clear only)  the attribute itself
type propOp struct {
	raw   string // the parameter as written, for error texts
	op    byte   // 0, '+', '-' or '~'
	segs  []propSeg
	value string
	has   bool // a ":" value followed the path
}

// propSeg is a child element name or a collection indexer.
type propSeg struct {
	name  string
	index bool
	pairs [][2]string // indexer name='value' pairs, in order
	pos   string      // "", "start", "end" or a decimal index
}

// leaf is the last segment's name: the attribute a value is for.
func (p *propOp) leaf() string {
	if len(p.segs) == 0 {
		return ""
	}
	return p.segs[len(p.segs)-1].name
}

// parseProp parses one parameter. ParseArgs cut it at its first ":",
// which may sit inside an indexer ([path='C:\x']), so the text is put
// back together and cut again after the path.
func parseProp(p Param) (*propOp, *Error) {
	s := p.Name
	if p.HasValue {
		s += ":" + p.Value
	}
	out := &propOp{raw: p.Name}
	if s != "" && (s[0] == '+' || s[0] == '-' || s[0] == '~') {
		out.op = s[0]
		s = s[1:]
	}
	if out.op == '~' && s == "" {
		return out, nil // the section element's own collection
	}
	i := 0
	for i < len(s) {
		if s[i] == '[' {
			seg, n, err := parseIndexer(s[i:])
			if err != nil {
				return nil, err
			}
			out.segs = append(out.segs, seg)
			i += n
		} else {
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' && s[j] != ':' {
				j++
			}
			if j == i {
				return nil, unknownAttribute(p.Name)
			}
			out.segs = append(out.segs, propSeg{name: s[i:j]})
			i = j
		}
		if i < len(s) && s[i] == '.' {
			i++
			if i == len(s) {
				return nil, unknownAttribute(p.Name)
			}
			continue
		}
		if i < len(s) && s[i] == ':' {
			out.value, out.has = s[i+1:], true
			out.value = unquote(out.value)
			break
		}
		if i < len(s) && s[i] != '[' {
			return nil, unknownAttribute(p.Name)
		}
	}
	if len(out.segs) == 0 {
		return nil, unknownAttribute(p.Name)
	}
	if out.op == '~' && out.has {
		return nil, unknownAttribute(p.Name)
	}
	if (out.op == '+' || out.op == '-') && !out.segs[len(out.segs)-1].index {
		return nil, malformedIndexer()
	}
	if i := strings.IndexByte(out.raw, ':'); i >= 0 {
		out.raw = out.raw[:i]
	}
	return out, nil
}

// parseIndexer reads `[@pos,name='value',...]` at the start of s and
// returns the segment and the bytes consumed. Values are quoted with '
// or " (quotes inside are not escapable in appcmd), or bare up to the
// next , or ].
func parseIndexer(s string) (propSeg, int, *Error) {
	seg := propSeg{index: true}
	i := 1
	first := true
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return seg, 0, malformedIndexer()
		}
		if s[i] == ']' && len(seg.pairs) > 0 {
			return seg, i + 1, nil
		}
		if first && s[i] == '@' {
			j := i + 1
			for j < len(s) && s[j] != ',' && s[j] != ']' {
				j++
			}
			pos := strings.ToLower(strings.TrimSpace(s[i+1 : j]))
			if _, err := strconv.Atoi(pos); err != nil && pos != "start" && pos != "end" {
				return seg, 0, malformedIndexer()
			}
			seg.pos = pos
			i = j
		} else {
			j := i
			for j < len(s) && s[j] != '=' && s[j] != ',' && s[j] != ']' {
				j++
			}
			if j >= len(s) || s[j] != '=' || j == i {
				return seg, 0, malformedIndexer()
			}
			name := strings.TrimSpace(s[i:j])
			j++
			var val string
			if j < len(s) && (s[j] == '\'' || s[j] == '"') {
				q := s[j]
				k := strings.IndexByte(s[j+1:], q)
				if k < 0 {
					return seg, 0, malformedIndexer()
				}
				val = s[j+1 : j+1+k]
				j = j + 2 + k
			} else {
				k := j
				for k < len(s) && s[k] != ',' && s[k] != ']' {
					k++
				}
				val = s[j:k]
				j = k
			}
			seg.pairs = append(seg.pairs, [2]string{name, val})
			i = j
		}
		first = false
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		if i < len(s) && s[i] == ']' {
			if len(seg.pairs) == 0 {
				return seg, 0, malformedIndexer()
			}
			return seg, i + 1, nil
		}
		return seg, 0, malformedIndexer()
	}
}
