package xmltree

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// randomPieces are fragments that random documents are assembled from, so
// that most inputs are nearly well-formed and reach deep into the parser.
var randomPieces = []string{
	"<a>", "</a>", "<b>", "</b>", "<a/>", "<b x='1'>", "<a x=\"2\" y='3'/>", "<c:d>", "</c:d>",
	" x='1'", " x=\"&amp;\"", "'", "\"", "=", ">", "/>", "<", "</", " ", "\t", "\n", "\r\n", "\r",
	"text", "&amp;", "&lt;", "&#x41;", "&#65;", "&#0;", "&#xD800;", "&nbsp;", "&", ";",
	"<!--", "-->", "--", "<!-- c -->", "<![CDATA[", "]]>", "]]", "<![CDATA[x]]>",
	"<?p d?>", "<?p", "?>", "<?xml version='1.0'?>", "<?XML?>",
	"<!DOCTYPE a>", "<!DOCTYPE a [<!ENTITY e 'x'>]>", "<!X>", "é", "·", "×", "😀", "\x01", "\xff", "\uFFFE",
}

// TestDifferentialRandom compares decisions with encoding/xml on a large
// number of pseudo-random documents (fixed seed, so failures reproduce).
func TestDifferentialRandom(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	failures := 0
	for k := 0; k < n; k++ {
		b.Reset()
		if rng.IntN(4) == 0 {
			b.WriteString("<?xml version=\"1.0\"?>")
		}
		b.WriteString("<a>")
		for m := rng.IntN(12); m > 0; m-- {
			b.WriteString(randomPieces[rng.IntN(len(randomPieces))])
		}
		if rng.IntN(3) > 0 {
			b.WriteString("</a>")
		}
		src := []byte(b.String())
		doc, err := Parse(src, Limits{})
		if diff := compareWithReference(src, doc, err); diff != "" {
			t.Errorf("%q: %s", src, diff)
			if failures++; failures > 20 {
				t.Fatal("too many failures")
			}
		}
	}
}
