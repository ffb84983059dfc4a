package config_test

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

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
	runtime.GC() // the load's garbage is the load's cost, not the path's
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
	runtime.GC() // the load's garbage is the load's cost, not the edit's
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

// BenchmarkHostingCheck: every diagnostic of every config path of the
// hosting server (`iisconf check`): ~21,000 paths.
func BenchmarkHostingCheck(b *testing.B) {
	ws := hosting()
	b.ReportAllocs()
	for b.Loop() {
		config.New(ws).Check()
	}
}

// BenchmarkHostingLoadMemory measures the load's memory against the input
// size (the target: a peak of at most 10× the input): the peak of the live heap during a
// load (the collector made eager so the heap tracks what is live, sampled
// every 100 µs) and what the loaded engine retains. ns/op is meaningless
// here (the eager collector slows the load down); read peak-live/input and
// retained/input.
func BenchmarkHostingLoadMemory(b *testing.B) {
	ws := hosting()
	in := float64(totalBytes(ws))
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	var peak, retained uint64
	for b.Loop() {
		runtime.GC()
		base := heapObjects()
		stop := make(chan struct{})
		done := make(chan uint64)
		go func() {
			var max uint64
			t := time.NewTicker(100 * time.Microsecond)
			defer t.Stop()
			for {
				if h := heapObjects(); h > max {
					max = h
				}
				select {
				case <-stop:
					done <- max
					return
				case <-t.C:
				}
			}
		}()
		e := config.New(ws)
		if _, err := e.NormalizePath(hostgen.SiteName(5000)); err != nil {
			b.Fatal(err.Message)
		}
		close(stop)
		p := <-done
		runtime.GC()
		r := heapObjects()
		runtime.KeepAlive(e)
		peak, retained = max(peak, p-min(p, base)), r-min(r, base)
	}
	b.ReportMetric(float64(peak)/in, "peak-live/input")
	b.ReportMetric(float64(retained)/in, "retained/input")
}

// heapObjects is the bytes of heap objects, live or not yet swept.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
