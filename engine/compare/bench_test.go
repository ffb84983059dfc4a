package compare_test

import (
	"testing"

	"github.com/iisconf/iisconf/engine/compare"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
)

// benchSides are the stock server and one with a changed site web.config
// and applicationHost.config, compared at the site: every section, as
// the CLI's diff and the playground's Compare do.
func benchSides(b *testing.B) (left, right *config.Engine) {
	right = withAppHost(b, `<applicationPoolDefaults managedRuntimeVersion="v4.0">`,
		`<add name="Extra" managedRuntimeVersion="v2.0" /><applicationPoolDefaults managedRuntimeVersion="v4.0">`)
	w := right.Workspace().Clone()
	w.Set(`C:\inetpub\wwwroot\web.config`, []byte(`<configuration><system.webServer>
<defaultDocument><files><clear /><add value="index.php" /></files></defaultDocument>
<directoryBrowse enabled="true" lockAttributes="enabled" />
</system.webServer></configuration>`))
	return config.New(stock.Workspace()), config.New(w)
}

// BenchmarkPathsWarm compares again on the same engines (a second click
// on Compare with nothing changed).
func BenchmarkPathsWarm(b *testing.B) {
	l, r := benchSides(b)
	for b.Loop() {
		compare.Paths(compare.Side{Engine: l, Path: site}, compare.Side{Engine: r, Path: site}, compare.Options{}).Text()
	}
}

// BenchmarkPathsCold compares on engines that have answered nothing yet
// (the CLI's diff; the first Compare after an edit).
func BenchmarkPathsCold(b *testing.B) {
	l, r := benchSides(b)
	for b.Loop() {
		lw, rw := config.New(l.Workspace()), config.New(r.Workspace())
		compare.Paths(compare.Side{Engine: lw, Path: site}, compare.Side{Engine: rw, Path: site}, compare.Options{}).Text()
	}
}
