package share

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkCreateNearCap: a POST of a state near the body limit (two
// 240 KB files), the Worker's most expensive request.
func BenchmarkCreateNearCap(b *testing.B) {
	text := strings.Repeat("<configuration />\n", 240*1024/18)
	body := state([]string{`C:\a\web.config`, text, `C:\b\web.config`, text}, "")
	h := newHandler(NewMemStore())
	b.SetBytes(int64(len(body)))
	i := 0
	for b.Loop() {
		i++
		r := httptest.NewRequest("POST", "/api/share", strings.NewReader(strings.Replace(body, "<configuration />", "<configuration a='"+strings.Repeat("x", i%50)+"' />", 1)))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusCreated && w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body)
		}
	}
}
