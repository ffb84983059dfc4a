// Package collect gathers an IIS server's configuration into a workspace,
// for `iisconf collect`, which a customer runs on their server so that a
// support engineer can open the result (docs/support.md#collect): the
// server's configuration files (following shared configuration), schema
// files that are not Windows' own, the .NET Framework's machine.config and
// root web.config of the versions the pools use, every site's web.config
// tree, configSource files and, on request, backups and configuration
// history. Secrets are redacted by default with the one scanner
// (engine/secrets); ciphertext stays as it is.
//
// The package never touches the operating system: it reads through a
// Source (the CLI's reads the drives, or a folder mirroring them), and
// what it finds about the server (sites, pools, redirection) it asks the
// engine about the files read so far.
package collect

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/secrets"
	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// Source is the server's file system and environment.
type Source interface {
	// ReadFile reads a file by its Windows path (C:\x, \\server\share\x).
	ReadFile(path string) ([]byte, error)
	// ReadDir lists a folder by its Windows path.
	ReadDir(path string) ([]fs.DirEntry, error)
	// Env is the server's environment (names compared case-insensitively),
	// for %VAR% in physical paths and the workspace's @env.
	Env() map[string]string
}

// Options tune a collection.
type Options struct {
	NoRedact bool // keep secrets (the customer said so explicitly)
	History  bool // add backups and configuration history snapshots
	// Depth is how many folder levels below each virtual directory's root
	// are searched for web.config files (0: DefaultDepth).
	Depth int
	// MaxFolders bounds the folders visited under all sites (0:
	// DefaultMaxFolders): a content tree of a million folders must not
	// keep the customer waiting.
	MaxFolders int
	// MaxBytes bounds the text taken (0: DefaultMaxBytes).
	MaxBytes int64
}

// The defaults of Options.
const (
	DefaultDepth      = 6
	DefaultMaxFolders = 50_000
	DefaultMaxBytes   = 256 << 20
)

// Item is one file (or folder) in the summary.
type Item struct {
	Path string `json:"path"`         // where it was read
	As   string `json:"as,omitempty"` // the workspace path, when it differs
	Why  string `json:"why"`          // what it is, or why it was not taken
}

// Redaction is one secret replaced (or ciphertext kept).
type Redaction struct {
	File string `json:"file,omitempty"`
	Env  string `json:"env,omitempty"`
	Line int    `json:"line,omitempty"`
	What string `json:"what"`
}

// Summary says what was taken, redacted, left out and unreadable.
type Summary struct {
	Taken      []Item      `json:"taken"`
	Skipped    []Item      `json:"skipped"`    // not needed (stock, inbox), or beyond a limit
	Unreadable []Item      `json:"unreadable"` // permissions, missing files and folders
	Redacted   []Redaction `json:"redacted"`
	Encrypted  []Redaction `json:"encrypted"` // ciphertext kept as it is
	Bytes      int64       `json:"bytes"`
	NoRedact   bool        `json:"noRedact,omitempty"`
}

// Windows' own schema files: every server has them and iisconf has them
// built in. Others (role services such as WebDAV and FTP, downloads such as
// URL Rewrite, a vendor's extension) are taken.
var inboxSchemas = map[string]bool{
	"iis_schema.xml": true, "aspnet_schema.xml": true, "fx_schema.xml": true, "rscaext.xml": true,
	"netfx40_iis_schema_update.xml": true, "netfx45_iis_schema_update.xml": true,
}

type collector struct {
	src   Source
	opt   Options
	env   map[string]string // lower-case name → value
	names map[string]string // lower-case name → name as the server spells it
	// serverEnv holds the server's environment, to expand paths as the
	// workspace will.
	serverEnv *workspace.Workspace
	ws        *workspace.Workspace
	sum       *Summary
	seen      map[string]bool // workspace keys taken
	bytes     int64
	dirs      int
	roots     map[string]bool // workspace keys of the virtual directories' folders
	eng       *config.Engine  // the last engine engine gave
}

// engine reads the files taken so far: one engine, brought up to date by
// Update as files are taken (it re-reads only those), rather than a cold
// one per question.
func (c *collector) engine() *config.Engine {
	c.eng = config.Next(c.eng, c.ws)
	return c.eng
}

// Collect reads the server's configuration through src.
func Collect(src Source, opt Options) (*workspace.Workspace, *Summary) {
	if opt.Depth <= 0 {
		opt.Depth = DefaultDepth
	}
	if opt.MaxFolders <= 0 {
		opt.MaxFolders = DefaultMaxFolders
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	c := &collector{src: src, opt: opt, env: map[string]string{}, names: map[string]string{}, ws: workspace.New(), sum: &Summary{NoRedact: opt.NoRedact}, seen: map[string]bool{}}
	c.serverEnv = workspace.New()
	for k, v := range src.Env() {
		c.env[strings.ToLower(k)] = v
		c.names[strings.ToLower(k)] = k
		c.serverEnv.SetEnv(k, v)
	}
	c.environment()
	c.serverFiles()
	c.frameworkFiles()
	c.siteTrees()
	c.configSources()
	if opt.History {
		c.history()
	}
	ws := c.ws
	if !opt.NoRedact {
		ws = c.redact()
	} else {
		c.listSecrets(ws)
	}
	c.sum.Bytes = c.bytes
	return ws, c.sum
}

// environment puts the server's values of the variables configuration
// uses into the workspace (its @env), so that %SystemDrive% and friends
// expand as on the server.
func (c *collector) environment() {
	for _, kv := range workspace.DefaultEnv {
		if v, ok := c.env[strings.ToLower(kv[0])]; ok && v != "" {
			c.ws.SetEnv(kv[0], v)
		}
	}
}

// expand replaces %VAR% with the server's values (unknown ones stay), as
// the workspace will expand them: every variable it uses goes into the
// workspace's environment.
func (c *collector) expand(s string) string {
	for _, name := range strings.Split(s, "%")[1:] {
		if v, ok := c.serverEnv.Getenv(name); ok && name != "" {
			c.ws.SetEnv(c.names[strings.ToLower(name)], v)
		}
	}
	return c.serverEnv.Expand(s)
}

// windir is where Windows is on the server.
func (c *collector) windir() string {
	for _, n := range []string{"windir", "systemroot"} {
		if v := c.env[n]; v != "" {
			return strings.TrimRight(v, `\`)
		}
	}
	return `C:\Windows`
}

// onServer turns a workspace path under C:\Windows into the server's
// own Windows folder.
func (c *collector) onServer(wsPath string) string {
	const win = `C:\Windows`
	if strings.HasPrefix(strings.ToLower(wsPath), strings.ToLower(win)) {
		return c.windir() + wsPath[len(win):]
	}
	return wsPath
}

// take reads a file into the workspace at wsPath. A missing file is
// recorded only when required.
func (c *collector) take(serverPath, wsPath, why string, required bool) bool {
	k := workspace.Key(wsPath)
	if c.seen[k] {
		return true
	}
	data, err := c.src.ReadFile(serverPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !required {
			return false
		}
		c.sum.Unreadable = append(c.sum.Unreadable, Item{Path: serverPath, Why: why + ": " + reason(err)})
		return false
	}
	if c.bytes+int64(len(data)) > c.opt.MaxBytes {
		c.sum.Skipped = append(c.sum.Skipped, Item{Path: serverPath, Why: fmt.Sprintf("%s: over the %d MB the collection takes", why, c.opt.MaxBytes>>20)})
		return false
	}
	c.bytes += int64(len(data))
	c.seen[k] = true
	c.ws.Set(wsPath, data)
	it := Item{Path: serverPath, Why: why}
	if !strings.EqualFold(serverPath, wsPath) {
		it.As = wsPath
	}
	c.sum.Taken = append(c.sum.Taken, it)
	return true
}

func reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "access denied"
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	}
	return err.Error()
}

// serverFiles takes the configuration folder's files, following shared
// configuration, and the schema files that are not Windows' own.
func (c *collector) serverFiles() {
	for _, f := range []struct{ path, why string }{
		{workspace.AppHostPath, "applicationHost.config"},
		{workspace.AdministrationPath, "administration.config (IIS Manager)"},
		{workspace.RedirectionPath, "redirection.config (shared configuration)"},
	} {
		c.take(c.onServer(f.path), f.path, f.why, f.path == workspace.AppHostPath)
	}
	// Shared configuration: the engine says which applicationHost.config
	// is in effect; it and its administration.config are taken where
	// they are (a share), as the workspace reads them.
	if _, ok := c.ws.Get(workspace.RedirectionPath); ok {
		if ah := c.engine().AppHostFile(); !strings.EqualFold(ah, workspace.AppHostPath) {
			c.take(ah, ah, "applicationHost.config of the shared configuration", true)
			admin := workspace.Join(workspace.Dir(ah), "administration.config")
			c.take(admin, admin, "administration.config of the shared configuration", false)
		}
	}
	dir := c.onServer(workspace.SchemaDir)
	entries, err := c.src.ReadDir(dir)
	if err != nil {
		c.sum.Unreadable = append(c.sum.Unreadable, Item{Path: dir, Why: "schema folder: " + reason(err)})
		return
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(strings.ToLower(e.Name()), ".xml") {
			continue
		}
		p := workspace.Join(dir, e.Name())
		if inboxSchemas[strings.ToLower(e.Name())] {
			c.sum.Skipped = append(c.sum.Skipped, Item{Path: p, Why: "Windows' own schema file (built into iisconf)"})
			continue
		}
		c.take(p, workspace.Join(workspace.SchemaDir, e.Name()), "schema file", true)
	}
}

// frameworkFiles takes machine.config and the root web.config of every
// .NET Framework folder the server level and the pools read (the engine's
// rule, docs/hierarchy.md#framework-folders), unless they are the stock
// server's (which iisconf has built in).
func (c *collector) frameworkFiles() {
	for _, dir := range c.engine().FrameworkDirs() {
		segs := strings.Split(dir, `\`) // …\Framework64\v4.0.30319\Config
		label := ".NET Framework " + segs[len(segs)-2] + " (" + segs[len(segs)-3] + ") "
		for _, name := range []string{"machine.config", "web.config"} {
			wsPath := workspace.Join(dir, name)
			server := c.onServer(wsPath)
			data, err := c.src.ReadFile(server)
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					c.sum.Unreadable = append(c.sum.Unreadable, Item{Path: server, Why: name + ": " + reason(err)})
				}
				continue
			}
			if workspace.Key(wsPath) == workspace.Key(workspace.MachineConfigPath) && string(data) == string(stock.MachineConfig()) ||
				workspace.Key(wsPath) == workspace.Key(workspace.RootWebConfigPath) && string(data) == string(stock.RootWebConfig()) {
				c.sum.Skipped = append(c.sum.Skipped, Item{Path: server, Why: "the same as the stock server's (built into iisconf)"})
				continue
			}
			c.take(server, wsPath, label+name, true)
		}
	}
}

// siteTrees takes every web.config below every virtual directory's
// physical folder, to Depth levels. A folder that is itself another
// virtual directory's root is left to that one, so that the summary names
// the application the file belongs to (an application's folder is often
// a subfolder of its site's).
func (c *collector) siteTrees() {
	e := c.engine()
	type root struct{ folder, why string }
	var roots []root
	c.roots = map[string]bool{}
	for _, s := range e.Sites() {
		for _, a := range s.Apps {
			for _, v := range a.Vdirs {
				folder := c.expand(v.PhysicalPath)
				if strings.Contains(folder, "%") || folder == "" {
					c.sum.Unreadable = append(c.sum.Unreadable, Item{Path: v.PhysicalPath, Why: fmt.Sprintf("site %q %s%s: the physical path names an unknown environment variable", s.Name, a.Path, v.Path)})
					continue
				}
				k := workspace.Key(folder)
				if c.roots[k] {
					continue
				}
				c.roots[k] = true
				roots = append(roots, root{folder, fmt.Sprintf("site %q, application %s, virtual directory %s", s.Name, a.Path, v.Path)})
			}
		}
	}
	for _, r := range roots {
		c.walk(r.folder, r.why, 0)
	}
}

func (c *collector) walk(folder, why string, depth int) {
	if c.dirs >= c.opt.MaxFolders {
		if c.dirs == c.opt.MaxFolders {
			c.sum.Skipped = append(c.sum.Skipped, Item{Path: folder, Why: fmt.Sprintf("folders beyond the first %d were not searched", c.opt.MaxFolders)})
			c.dirs++
		}
		return
	}
	c.dirs++
	entries, err := c.src.ReadDir(folder)
	if err != nil {
		c.sum.Unreadable = append(c.sum.Unreadable, Item{Path: folder, Why: why + ": " + reason(err)})
		return
	}
	var subs []string
	for _, en := range entries {
		name := en.Name()
		if en.IsDir() {
			subs = append(subs, name)
			continue
		}
		if strings.EqualFold(name, "web.config") {
			p := workspace.Join(folder, name)
			c.take(p, p, why, true)
		}
	}
	if depth >= c.opt.Depth {
		if len(subs) > 0 {
			c.sum.Skipped = append(c.sum.Skipped, Item{Path: folder, Why: fmt.Sprintf("subfolders deeper than %d levels below the virtual directory were not searched", c.opt.Depth)})
		}
		return
	}
	sort.Strings(subs)
	for _, s := range subs {
		sub := workspace.Join(folder, s)
		if c.roots[workspace.Key(sub)] {
			continue // another virtual directory's root: walked on its own
		}
		c.walk(sub, why, depth+1)
	}
}

// configSources takes the files sections name in configSource.
func (c *collector) configSources() {
	for _, f := range c.ws.Files() {
		if !strings.HasSuffix(strings.ToLower(f.Path), ".config") {
			continue
		}
		doc, err := xmltree.Parse(f.Text, xmltree.Limits{SkipBlankText: true})
		if err != nil || doc.Root == nil {
			continue
		}
		var visit func(n *xmltree.Node)
		visit = func(n *xmltree.Node) {
			for ch := range n.ElementChildren() {
				if a, ok := ch.Attr("configSource"); ok && a.Value != "" && !strings.ContainsAny(a.Value, ":") && !strings.HasPrefix(a.Value, `\`) {
					p := workspace.Join(workspace.Dir(f.Path), a.Value)
					c.take(c.onServer(p), p, "configSource of <"+ch.Name+"> in "+f.Path, true)
					continue
				}
				visit(ch)
			}
		}
		visit(doc.Root)
	}
}

// history takes the backups (inetsrv\backup\<name>) and the configuration
// history snapshots (configHistory's folder, %SystemDrive%\inetpub\history
// by default).
func (c *collector) history() {
	backupDir := workspace.Join(workspace.Dir(workspace.ConfigDir), "backup")
	c.folders(c.onServer(backupDir), backupDir, "backup")
	histWS := `C:\inetpub\history`
	e := c.engine()
	if s, err := e.Section("MACHINE/WEBROOT/APPHOST", "system.applicationHost/configHistory"); err == nil && s.Element.Exists() {
		if v, ok := s.Element.Value("path"); ok && v.Text != "" {
			histWS = c.ws.Expand(v.Text)
		}
	}
	server := histWS
	if sd := c.env["systemdrive"]; sd != "" && strings.HasPrefix(strings.ToLower(histWS), "c:") {
		server = sd + histWS[2:]
	}
	c.folders(server, histWS, "configuration history")
}

// folders takes every file of every subfolder of dir (one level).
func (c *collector) folders(serverDir, wsDir, what string) {
	entries, err := c.src.ReadDir(serverDir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			c.sum.Unreadable = append(c.sum.Unreadable, Item{Path: serverDir, Why: what + ": " + reason(err)})
		}
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub := workspace.Join(serverDir, e.Name())
		files, err := c.src.ReadDir(sub)
		if err != nil {
			c.sum.Unreadable = append(c.sum.Unreadable, Item{Path: sub, Why: what + ": " + reason(err)})
			continue
		}
		for _, f := range files {
			if f.IsDir() {
				continue
			}
			c.take(workspace.Join(sub, f.Name()), workspace.Join(wsDir, e.Name(), f.Name()), what+" "+e.Name(), true)
		}
	}
}

// redact replaces every secret the scanner finds, except ciphertext,
// which is useless without the server's keys and is kept as it is.
func (c *collector) redact() *workspace.Workspace {
	sch := c.engine().Schema()
	var drop []secrets.Finding
	for _, f := range secrets.Scan(c.ws, sch) {
		r := Redaction{File: f.File, Env: f.Env, Line: f.Line, What: f.What}
		if f.Kind == secrets.Encrypted {
			c.sum.Encrypted = append(c.sum.Encrypted, r)
			continue
		}
		drop = append(drop, f)
		c.sum.Redacted = append(c.sum.Redacted, r)
	}
	return secrets.Redact(c.ws, drop)
}

// listSecrets records what -no-redact left in, so the customer sees it.
func (c *collector) listSecrets(ws *workspace.Workspace) {
	for _, f := range secrets.Scan(ws, c.engine().Update(ws).Schema()) {
		r := Redaction{File: f.File, Env: f.Env, Line: f.Line, What: f.What}
		if f.Kind == secrets.Encrypted {
			c.sum.Encrypted = append(c.sum.Encrypted, r) // kept either way
		} else {
			r.What += " (left in: -no-redact)"
			c.sum.Redacted = append(c.sum.Redacted, r)
		}
	}
}

// Text is the summary for people: what was taken, what was redacted,
// what was left out, and what could not be read.
func (s *Summary) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "taken: %d files, %d bytes\n", len(s.Taken), s.Bytes)
	for _, it := range s.Taken {
		fmt.Fprintf(&b, "  %s", it.Path)
		if it.As != "" {
			fmt.Fprintf(&b, " (as %s)", it.As)
		}
		fmt.Fprintf(&b, "  — %s\n", it.Why)
	}
	if s.NoRedact {
		fmt.Fprintf(&b, "secrets: NOT redacted (-no-redact); %d found, left in\n", len(s.Redacted))
	} else {
		fmt.Fprintf(&b, "redacted: %d %s, replaced by %s\n", len(s.Redacted), plural(len(s.Redacted), "secret", "secrets"), secrets.Placeholder)
	}
	for _, r := range s.Redacted {
		b.WriteString("  " + r.where() + "  " + r.What + "\n")
	}
	if len(s.Encrypted) > 0 {
		fmt.Fprintf(&b, "encrypted: %d %s kept as ciphertext (unreadable without this server's keys)\n", len(s.Encrypted), plural(len(s.Encrypted), "value", "values"))
		for _, r := range s.Encrypted {
			b.WriteString("  " + r.where() + "  " + r.What + "\n")
		}
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintf(&b, "left out: %d\n", len(s.Skipped))
		for _, it := range s.Skipped {
			fmt.Fprintf(&b, "  %s  — %s\n", it.Path, it.Why)
		}
	}
	fmt.Fprintf(&b, "unreadable: %d\n", len(s.Unreadable))
	for _, it := range s.Unreadable {
		fmt.Fprintf(&b, "  %s  — %s\n", it.Path, it.Why)
	}
	return b.String()
}

func (r Redaction) where() string {
	if r.Env != "" {
		return "environment " + r.Env
	}
	if r.Line > 0 {
		return fmt.Sprintf("%s:%d", r.File, r.Line)
	}
	return r.File
}

// Bundle writes the collection as one bundle: header and the summary as
// its comment (text before the first file), then the files and the
// environment. A file that a bundle cannot carry (a line that reads as a
// bundle header) is left out and listed as unreadable rather than
// failing the whole collection.
func Bundle(ws *workspace.Workspace, sum *Summary, header string) ([]byte, error) {
	for range ws.Files() {
		data, err := ws.Bundle()
		if err == nil {
			var b strings.Builder
			b.WriteString(header)
			if header != "" && !strings.HasSuffix(header, "\n") {
				b.WriteByte('\n')
			}
			b.WriteString(sum.Text())
			return append([]byte(b.String()), data...), nil
		}
		var be *diag.Diagnostic
		if !errors.As(err, &be) {
			return nil, err
		}
		if _, ok := ws.Get(be.File); !ok {
			return nil, err
		}
		ws = ws.Clone()
		ws.Remove(be.File)
		sum.Unreadable = append(sum.Unreadable, Item{Path: be.File, Why: "left out: " + be.Message})
		for i, it := range sum.Taken {
			if strings.EqualFold(it.Path, be.File) || strings.EqualFold(it.As, be.File) {
				sum.Taken = append(sum.Taken[:i], sum.Taken[i+1:]...)
				break
			}
		}
	}
	return ws.Bundle()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
