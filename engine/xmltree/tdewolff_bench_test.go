package xmltree

import (
	"testing"

	"github.com/tdewolff/parse/v2"
	tdxml "github.com/tdewolff/parse/v2/xml"
)

// BenchmarkTdewolffLexer tokenises the same bytes with tdewolff/parse's XML
// lexer, the fastest Go XML lexer we know of: it checks little and builds
// nothing, so it is the floor the issue measures Parse against (target:
// Parse within about 2x of it).
func BenchmarkTdewolffLexer(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			// One spare byte of capacity: NewInputBytes writes a NUL
			// terminator there instead of copying the whole input.
			buf := make([]byte, len(in.src), len(in.src)+1)
			copy(buf, in.src)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			tokens := 0
			for b.Loop() {
				l := tdxml.NewLexer(parse.NewInputBytes(buf))
				tokens = 0
				for {
					tt, _ := l.Next()
					if tt == tdxml.ErrorToken {
						break
					}
					tokens++
				}
			}
			if tokens == 0 {
				b.Fatal("no tokens")
			}
		})
	}
}
