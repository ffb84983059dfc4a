package config_test

import (
	"fmt"
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/hostgen"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
)

// The issue-4 workloads. "Stock" is the stock server plus three
// web.configs along Default Web Site/app/sub; "Hosting" is hostgen.Hosting
// (10,000 sites, 10,000 location tags, 1,000 web.configs, ~9 MB).

const benchDeep = "Default Web Site/shop/catalog/item"

func stockPlusThree() *workspace.Workspace {
	ws := stock.Workspace()
	ws.Set(`C:\inetpub\wwwroot\web.config`, []byte(`<configuration>
  <system.webServer>
    <defaultDocument><files><add value="home.html" /></files></defaultDocument>
    <httpErrors errorMode="Detailed" />
  </system.webServer>
</configuration>`))
	ws.Set(`C:\inetpub\wwwroot\shop\web.config`, []byte(`<configuration>
  <appSettings><add key="shop" value="on" /></appSettings>
  <system.webServer>
    <directoryBrowse enabled="true" />
    <staticContent><remove fileExtension=".json" /><mimeMap fileExtension=".json" mimeType="application/json" /></staticContent>
  </system.webServer>
</configuration>`))
	ws.Set(`C:\inetpub\wwwroot\shop\catalog\web.config`, []byte(benchCatalog(0)))
	return ws
}

func benchCatalog(n int) string {
	return fmt.Sprintf(`<configuration>
  <system.webServer>
    <defaultDocument enabled="true"><files><clear /><add value="catalog%d.aspx" /></files></defaultDocument>
  </system.webServer>
</configuration>`, n)
}

// BenchmarkStockEvaluateWarm: every section at a deep path, caches warm.
func BenchmarkStockEvaluateWarm(b *testing.B) {
	e := config.New(stockPlusThree())
	e.Evaluate(benchDeep, config.EvalOptions{})
	b.ReportAllocs()
	for b.Loop() {
		e.Evaluate(benchDeep, config.EvalOptions{})
	}
}

// BenchmarkStockEvaluateCold: a fresh engine (parse everything) each time.
func BenchmarkStockEvaluateCold(b *testing.B) {
	ws := stockPlusThree()
	b.ReportAllocs()
	for b.Loop() {
		config.New(ws).Evaluate(benchDeep, config.EvalOptions{})
	}
}

// BenchmarkStockEditReevaluate: change one web.config, Update, evaluate
// every section at the deep path again.
func BenchmarkStockEditReevaluate(b *testing.B) {
	ws := stockPlusThree()
	e := config.New(ws)
	e.Evaluate(benchDeep, config.EvalOptions{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		ws.Set(`C:\inetpub\wwwroot\shop\catalog\web.config`, []byte(benchCatalog(i)))
		e = e.Update(ws)
		e.Evaluate(benchDeep, config.EvalOptions{})
	}
}

var hostingWS *workspace.Workspace

func hosting() *workspace.Workspace {
	if hostingWS == nil {
		hostingWS = hostgen.Workspace(hostgen.Hosting)
	}
	return hostingWS
}

// BenchmarkHostingLoad: parse and analyse the hosting server and build its
// site map, up to resolving a site path: what every path needs first (the
// issue's "full load"). The site map's JSON-ready model, which only the
// playground's path picker asks for, is measured by BenchmarkHostingSiteMapModel.
func BenchmarkHostingLoad(b *testing.B) {
	ws := hosting()
	b.SetBytes(int64(totalBytes(ws)))
	b.ReportAllocs()
	for b.Loop() {
		e := config.New(ws)
		if _, err := e.NormalizePath(hostgen.SiteName(5000)); err != nil {
			b.Fatal(err.Message)
		}
	}
}

// BenchmarkHostingSiteMapModel: the site map as the playground's path picker
// receives it, after the load.
func BenchmarkHostingSiteMapModel(b *testing.B) {
	ws := hosting()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		e := config.New(ws)
		e.NormalizePath(hostgen.SiteName(1))
		b.StartTimer()
		e.SiteMap()
	}
}

// BenchmarkHostingServerLevel: the load plus every section's model at the
// server level, including the 10,000-site sites section.
func BenchmarkHostingServerLevel(b *testing.B) {
	ws := hosting()
	b.ReportAllocs()
	for b.Loop() {
		e := config.New(ws)
		e.Evaluate("", config.EvalOptions{})
	}
}

// BenchmarkHostingPath: after the load, one new site path each iteration.
func BenchmarkHostingPath(b *testing.B) {
	e := config.New(hosting())
	e.Evaluate("", config.EvalOptions{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		e.Evaluate(hostgen.SiteName(1+i%hostgen.Hosting.Sites)+"/dir", config.EvalOptions{})
	}
}

// BenchmarkHostingEdit: edit one site's web.config, Update, evaluate it.
func BenchmarkHostingEdit(b *testing.B) {
	ws := hosting().Clone()
	e := config.New(ws)
	site := hostgen.SiteName(7)
	e.Evaluate(site, config.EvalOptions{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		ws.Set(hostgen.SiteRoot(7)+`\web.config`, []byte(benchCatalog(i)))
		e = e.Update(ws)
		e.Evaluate(site, config.EvalOptions{})
	}
}

func totalBytes(ws *workspace.Workspace) int {
	n := 0
	for _, f := range ws.Files() {
		n += len(f.Text)
	}
	return n
}
