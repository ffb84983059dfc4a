package config

import (
	"strings"
	"sync"

	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/sortx"
)

// The section groups of IIS's own processes: WAS reads
// system.applicationHost/*, the request pipeline's modules
// system.webServer/*, the FTP service system.ftpServer/* (readByIIS).
const (
	groupAppHost   = "system.applicationHost/"
	groupWebServer = "system.webServer/"
	groupFTP       = "system.ftpServer/"
)

// listRanks is the number of listRank's values.
const listRanks = 6

// listRank is where a section comes when the effective configuration is
// listed for people — `iisconf eval`, the JSON model's sections, the
// playground's Effective and Locks views, `iisconf diff` and Compare — in
// the order an IIS administrator reads them
// (docs/declarations.md#the-order-sections-are-listed-in): IIS's own
// sections first, at the server level (MACHINE/WEBROOT/APPHOST and above)
// system.applicationHost's, the sites and pools, before system.webServer's,
// and below it the other way round, since a site's system.applicationHost
// sections are the server's, which no web.config may change
// (allowDefinition AppHostOnly); then the FTP service's; then the other
// sections with a schema (.NET's: system.web, appSettings, ...); last
// those without a schema, whose values cannot be shown
// (docs/declarations.md#sections-without-schema). Within a rank, by name.
//
// Not inlined: its one caller runs once per registry and schema, and the
// engine wasm's brotli was ~0.6 KB smaller without the inlined copy.
//
//go:noinline
func listRank(name string, noSchema, server bool) int {
	switch {
	case noSchema:
		return 5
	case strings.HasPrefix(name, groupAppHost):
		if server {
			return 0
		}
		return 1
	case strings.HasPrefix(name, groupWebServer):
		if server {
			return 1
		}
		return 0
	case strings.HasPrefix(name, groupFTP):
		return 2
	}
	return 3
}

// listedAtServer reports whether a config path of n segments is listed
// as the server level is (listRank): MACHINE, MACHINE/WEBROOT and
// MACHINE/WEBROOT/APPHOST.
func listedAtServer(n int) bool { return n <= levelAppHost+1 }

// inListOrder is names, sorted by name, in listRank's order (a new list:
// each rank's sections in names' order). A pass per rank: the list is
// made once per registry and schema, and the code is smaller than
// buckets' in wasm.
func inListOrder(names []string, sch *schema.Schema, server bool) []string {
	out := make([]string, 0, len(names))
	for r := 0; r < listRanks; r++ {
		for _, n := range names {
			if listRank(n, sch.Section(n) == nil, server) == r {
				out = append(out, n)
			}
		}
	}
	return out
}

// listedNames memoises a registry's sections in list order for one
// schema: the schema decides which have none (listRank), and a workspace's
// schema rarely changes while its registries are re-used.
type listedNames struct {
	mu    sync.Mutex
	sch   [2]*schema.Schema // [1]: at the server level
	names [2][]string
}

// listedSectionNames is sortedSectionNames in list order for schema sch,
// at the server level or below it; shared: callers must not change it.
// Made once per registry, schema and level kind, not per evaluation: a
// keystroke in a web.config that declares nothing reads the list of the
// registry above it, already made.
func (r *registry) listedSectionNames(sch *schema.Schema, server bool) []string {
	sorted := r.sortedSectionNames()
	k := 0
	if server {
		k = 1
	}
	l := &r.declaring().listed
	l.mu.Lock()
	if l.sch[k] != sch || l.names[k] == nil {
		l.sch[k], l.names[k] = sch, inListOrder(sorted, sch, server)
	}
	names := l.names[k]
	l.mu.Unlock()
	return names
}

// InListOrder is names, sections at path, in the order the effective
// configuration lists them there (listRank): what a caller that gathers
// sections itself (compare's union of two sides) lists them in. A path
// the engine cannot read lists them as below the server level.
func (e *Engine) InListOrder(path string, names []string) []string {
	sorted := append([]string(nil), names...)
	sortx.Strings(sorted)
	server := false
	if p, d := e.normalize(path); d == nil {
		server = listedAtServer(len(p))
	}
	return inListOrder(sorted, e.schema, server)
}
