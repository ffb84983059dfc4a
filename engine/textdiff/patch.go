package textdiff

import (
	"fmt"
	"strings"
)

// Patch is a change to a text written the way a person reads a diff: hunks
// of context (" "), removed ("-") and added ("+") lines, each hunk opened by
// a line starting with "@@". Unlike a unified diff it carries no line
// numbers: a hunk is placed by its context and removed lines, which must
// occur exactly once in the text. The lessons write their changes to the
// 900-line stock applicationHost.config this way, so that the change reads
// as what it is and survives edits elsewhere in the file.
//
// Text after "@@" on a hunk line is a caption for readers ("@@ the end of
// the file"); a unified diff's "@@ -12,3 +12,4 @@" is accepted and its
// numbers are ignored. Line ends do not take part in matching, and added
// lines take the line end of the text they go into, so one patch applies
// to a CRLF file and to an LF one alike.
type Patch struct {
	Hunks []Hunk
}

// Hunk is one contiguous change.
type Hunk struct {
	Caption string
	Line    int      // line of the "@@" line in the patch text (1-based), for messages
	Lines   []string // each with its one-byte prefix ' ', '-' or '+', without line end
}

// ParsePatch reads a patch. Every hunk must change something and must have
// at least one context or removed line to be placed by.
func ParsePatch(text string) (*Patch, error) {
	p := &Patch{}
	var cur *Hunk
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		n := i + 1
		line = strings.TrimSuffix(line, "\r")
		if strings.HasPrefix(line, "@@") {
			p.Hunks = append(p.Hunks, Hunk{Caption: caption(line), Line: n})
			cur = &p.Hunks[len(p.Hunks)-1]
			continue
		}
		if cur == nil {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return nil, fmt.Errorf("line %d: a patch starts with an @@ line", n)
		}
		if line == "" {
			line = " " // an empty context line, as editors trim the space
		}
		switch line[0] {
		case ' ', '-', '+':
			cur.Lines = append(cur.Lines, line)
		default:
			return nil, fmt.Errorf("line %d: a hunk line starts with ' ', '-' or '+': %q", n, line)
		}
	}
	if len(p.Hunks) == 0 {
		return nil, fmt.Errorf("no hunks")
	}
	for _, h := range p.Hunks {
		changes, anchors := 0, 0
		for _, l := range h.Lines {
			if l[0] != ' ' {
				changes++
			}
			if l[0] != '+' {
				anchors++
			}
		}
		if changes == 0 {
			return nil, fmt.Errorf("line %d: the hunk changes nothing", h.Line)
		}
		if anchors == 0 {
			return nil, fmt.Errorf("line %d: the hunk has no context line to place it by", h.Line)
		}
	}
	return p, nil
}

// caption is the text after "@@", without a unified diff's line ranges.
func caption(line string) string {
	c := strings.TrimSpace(strings.TrimPrefix(line, "@@"))
	if strings.HasPrefix(c, "-") {
		if i := strings.Index(c, "@@"); i >= 0 {
			c = strings.TrimSpace(c[i+2:])
		}
	}
	return c
}

// Apply returns text with every hunk applied in order. A hunk whose
// context does not occur, or occurs more than once, is an error naming the
// hunk: a patch that could land in two places says nothing certain.
func (p *Patch) Apply(text string) (string, error) {
	lines := SplitLines(text)
	eol := "\n"
	if len(lines) > 0 && strings.HasSuffix(lines[0], "\r\n") {
		eol = "\r\n"
	}
	for _, h := range p.Hunks {
		var old, repl []string
		for _, l := range h.Lines {
			if l[0] != '+' {
				old = append(old, l[1:])
			}
			if l[0] != '-' {
				repl = append(repl, l[1:])
			}
		}
		at := -1
		for i := 0; i+len(old) <= len(lines); i++ {
			if matchAt(lines, i, old) {
				if at >= 0 {
					return "", fmt.Errorf("hunk at line %d matches at lines %d and %d", h.Line, at+1, i+1)
				}
				at = i
			}
		}
		if at < 0 {
			return "", fmt.Errorf("hunk at line %d: its context and removed lines do not occur in the text (first: %q)", h.Line, old[0])
		}
		// The replaced block's last line keeps its own end (a file without a
		// final newline stays so); every other line gets the text's.
		lastEnd := lineEnd(lines[at+len(old)-1])
		out := make([]string, 0, len(lines)-len(old)+len(repl))
		out = append(out, lines[:at]...)
		for i, r := range repl {
			end := eol
			if i == len(repl)-1 && at+len(old) == len(lines) {
				end = lastEnd
			}
			out = append(out, r+end)
		}
		out = append(out, lines[at+len(old):]...)
		lines = out
	}
	return strings.Join(lines, ""), nil
}

func matchAt(lines []string, i int, want []string) bool {
	for k, w := range want {
		if strings.TrimRight(lines[i+k], "\r\n") != w {
			return false
		}
	}
	return true
}

func lineEnd(l string) string {
	switch {
	case strings.HasSuffix(l, "\r\n"):
		return "\r\n"
	case strings.HasSuffix(l, "\n"):
		return "\n"
	}
	return ""
}

// Splice replaces Delete lines at line index At (0-based, in the text the
// splices apply to) with Insert (each line with its own end).
type Splice struct {
	At     int      `json:"at"`
	Delete int      `json:"delete"`
	Insert []string `json:"insert,omitempty"`
}

// Splices are the edits that turn a into b, in ascending order of At, each
// At counted in a as it was before any of them. They carry no context:
// they are for a program that has a and wants b without shipping b whole
// (the playground's samples are the stock applicationHost.config plus a
// few lines).
func Splices(a, b string) []Splice {
	ops := diffLines(SplitLines(a), SplitLines(b))
	var out []Splice
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		s := Splice{At: ops[i].a}
		for i < len(ops) && ops[i].kind != ' ' {
			if ops[i].kind == '-' {
				s.Delete++
			} else {
				s.Insert = append(s.Insert, ops[i].text)
			}
			i++
		}
		out = append(out, s)
	}
	return out
}

// ApplySplices applies Splices(a, b) to a, giving b.
func ApplySplices(a string, sp []Splice) string {
	lines := SplitLines(a)
	var out []string
	next := 0
	for _, s := range sp {
		out = append(out, lines[next:s.At]...)
		out = append(out, s.Insert...)
		next = s.At + s.Delete
	}
	out = append(out, lines[next:]...)
	return strings.Join(out, "")
}
