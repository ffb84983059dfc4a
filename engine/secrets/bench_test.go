package secrets

import (
	"testing"

	"github.com/iisconf/iisconf/engine/stock"
)

// BenchmarkScanStockAppHost: the stock applicationHost.config (70 KB),
// what a share of the stock server scans.
func BenchmarkScanStockAppHost(b *testing.B) {
	text := stock.AppHostConfig()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ScanText("a", text, nil)
	}
}
