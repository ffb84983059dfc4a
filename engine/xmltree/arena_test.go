package xmltree

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIndentationText checks the shortcut for the commonest text node, a
// line end and indentation, against the general decoding rules.
func TestIndentationText(t *testing.T) {
	for raw, want := range map[string]string{
		"\r\n    ":                      "\n    ",
		"\n\t\t":                        "\n\t\t",
		"\r  ":                          "\n  ",
		"\r\n":                          "\n",
		"\n \t":                         "\n \t",
		"\r\n\r\n  ":                    "\n\n  ",
		"\n" + strings.Repeat(" ", 100): "\n" + strings.Repeat(" ", 100),
		"\n" + strings.Repeat("\t", 40): "\n" + strings.Repeat("\t", 40),
	} {
		doc := mustParse(t, "<a><b/>"+raw+"<b/></a>")
		if got := doc.Root.Children[1].Text; got != want {
			t.Errorf("%q decoded to %q, want %q", raw, got, want)
		}
	}
}

// TestCarvedSlicesAreSeparate checks that Children and Attrs carved from
// shared blocks have no spare capacity: appending to one node's list must
// not write into its neighbour's.
func TestCarvedSlicesAreSeparate(t *testing.T) {
	doc := mustParse(t, "<a><b x='1' y='2'/><c z='3'/><d><e/></d></a>")
	b, c := doc.Root.Children[0], doc.Root.Children[1]
	b.Attrs = append(b.Attrs, Attr{Name: "w"})
	b.Children = append(b.Children, &Node{Name: "intruder"})
	if c.Attrs[0].Name != "z" || c.Attrs[0].Value != "3" {
		t.Errorf("appending to <b>'s attributes changed <c>'s: %+v", c.Attrs)
	}
	d := doc.Root.Children[2]
	if len(d.Children) != 1 || d.Children[0].Name != "e" {
		t.Errorf("appending to <b>'s children changed <d>'s: %+v", d.Children)
	}
}

// TestHostileInputReservesLittle checks the cap on what Parse allocates up
// front: 4 MB of '<' fails at the second byte and must not cost more than
// a valid file of the same size.
func TestHostileInputReservesLittle(t *testing.T) {
	src := []byte(strings.Repeat("<", 4<<20))
	var before, after runtimeMemStats
	before.read()
	_, err := Parse(src, Limits{})
	after.read()
	if err == nil || err.Pos.Offset != 1 {
		t.Fatalf("got %+v", err)
	}
	if perByte := float64(after.totalAlloc-before.totalAlloc) / float64(len(src)); perByte > 12 {
		t.Errorf("allocated %.1f bytes per input byte", perByte)
	}
}

// referenceScan is the byte-at-a-time prescan the word-at-a-time one
// replaced: line starts, first illegal character, non-ASCII lines.
func referenceScan(src []byte) (starts []int32, badAt int, wideLines map[int]bool) {
	starts, badAt, wideLines = []int32{0}, len(src), map[int]bool{}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\n':
			starts = append(starts, int32(i+1))
		case c == '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, int32(i+1))
		case c >= 0x80:
			wideLines[len(starts)-1] = true
			if badAt == len(src) {
				r, size := utf8.DecodeRune(src[i:])
				if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
					badAt = i
				} else {
					i += size - 1
				}
			}
		case c < 0x20 && c != '\t' && badAt == len(src):
			badAt = i
		}
	}
	return starts, badAt, wideLines
}

// TestPrescanMatchesReference puts every kind of interesting byte at every
// position of an eight-byte word, among plain text, and compares.
func TestPrescanMatchesReference(t *testing.T) {
	specials := []string{"\n", "\r", "\r\n", "\t", "<", "</", "><", "é", "😀", "\x01", "\x00", "\xff", "\xc3", "\uFFFE", "\x7f"}
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 20000; k++ {
		var b strings.Builder
		for m := rng.IntN(6); m >= 0; m-- {
			b.WriteString("abcdefghijklmnopq"[:rng.IntN(17)])
			b.WriteString(specials[rng.IntN(len(specials))])
		}
		src := []byte(b.String())
		ps := scanText(src, 0)
		starts, badAt, wide := referenceScan(src)
		if ps.badAt != badAt || !slices.Equal(ps.lines.starts, starts) {
			t.Fatalf("%q: badAt %d starts %v, want %d %v", src, ps.badAt, ps.lines.starts, badAt, starts)
		}
		for l := range starts {
			if ps.lines.isWide(l) != wide[l] {
				t.Fatalf("%q: line %d wide %v, want %v", src, l, ps.lines.isWide(l), wide[l])
			}
		}
		lt := strings.Count(string(src[:badAt]), "<")
		if ps.lt != lt || ps.endTags != strings.Count(string(src[:badAt]), "</") {
			t.Fatalf("%q: %d '<' and %d '</', want %d and %d", src, ps.lt, ps.endTags, lt, strings.Count(string(src[:badAt]), "</"))
		}
	}
}
