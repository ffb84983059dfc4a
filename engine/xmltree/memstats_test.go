package xmltree

import "runtime"

// runtimeMemStats reads the cumulative allocation counter, so a benchmark
// can report bytes allocated per byte of input.
type runtimeMemStats struct{ totalAlloc uint64 }

func (m *runtimeMemStats) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.totalAlloc = s.TotalAlloc
}
