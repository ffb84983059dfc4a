package ops

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/backup"
	"github.com/iisconf/iisconf/engine/compare"
	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/errorpage"
	"github.com/iisconf/iisconf/engine/script"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/wasm/playground"
)

// The support engineer's ops (docs/support.md): compare two effective
// configurations, generate the script of a change (and verify it by
// replay), and read a pasted 500.19 page against the workspace. They read
// tools' copy of the engine's workspace and, where a second workspace is
// involved, take it from the page: the workspace as opened, a recent one,
// an imported file, or a backup of this one.

// Other is the second workspace of a comparison or the start of a change:
// files and environment overrides from the page, or a bundle's text, or a
// backup or history snapshot of the page's workspace (restored).
type Other struct {
	Files  []playground.FileState `json:"files,omitempty"`
	Env    map[string]string      `json:"env,omitempty"`
	Bundle string                 `json:"bundle,omitempty"`
	Backup string                 `json:"backup,omitempty"`
	Label  string                 `json:"label,omitempty"`
}

// workspaceOf builds the other workspace; a backup's is the workspace
// current reads with the backup restored.
func (o *Other) workspaceOf(current *config.Engine) (*workspace.Workspace, error) {
	switch {
	case o.Backup != "":
		return backup.Restore(current, o.Backup)
	case o.Bundle != "":
		return workspace.ParseBundle([]byte(o.Bundle))
	}
	w := workspace.New()
	for _, f := range o.Files {
		w.Set(f.Path, []byte(f.Text))
		if f.Unreadable {
			w.SetUnreadable(f.Path, true)
		}
	}
	for k, v := range o.Env {
		w.SetEnv(k, v)
	}
	return w, nil
}

// CompareArgs: a path of the page's workspace and either a second path in
// it (path2) or a second workspace (other), which is then the left side
// (before, production, the backup) and the page's workspace the right.
type CompareArgs struct {
	Path    string `json:"path"`
	Path2   string `json:"path2,omitempty"`
	Other   *Other `json:"other,omitempty"`
	Section string `json:"section,omitempty"`
}

// CompareResult is the report with its two renderings.
type CompareResult struct {
	Report *compare.Report `json:"report,omitempty"`
	Text   string          `json:"text,omitempty"`
	XML    string          `json:"xml,omitempty"`
	Error  string          `json:"error,omitempty"`
}

func (t *Tools) compare(in CompareArgs) (CompareResult, error) {
	return Compare(t.store.Engine(), in), nil
}

// Compare runs compare.Paths for the page on the workspace e reads.
func Compare(e *config.Engine, in CompareArgs) CompareResult {
	right := compare.Side{Engine: e, Path: in.Path, Label: "this workspace"}
	left := compare.Side{Engine: e, Path: in.Path, Label: "this workspace"}
	switch {
	case in.Other != nil:
		ow, err := in.Other.workspaceOf(e)
		if err != nil {
			return CompareResult{Error: "the other workspace could not be read: " + err.Error()}
		}
		// An Update of the page's engine: it shares the built-in schema
		// and the parses of the files a restored backup leaves as they are.
		left = compare.Side{Engine: e.Update(ow), Path: in.Path, Label: orLabel(in.Other.Label, "the other workspace")}
		if in.Path2 != "" {
			left.Path = in.Path2
		}
	case in.Path2 != "":
		right.Path = in.Path2
	default:
		return CompareResult{Error: "nothing to compare: give a second path or a second workspace"}
	}
	opt := compare.Options{}
	if in.Section != "" {
		opt.Sections = []string{in.Section}
	}
	r := compare.Paths(left, right, opt)
	return CompareResult{Report: r, Text: r.Text(), XML: r.UnifiedXML()}
}

func orLabel(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ScriptArgs: the change from another workspace to the page's.
type ScriptArgs struct {
	From *Other `json:"from"`
}

// ScriptNote is a note with the language it concerns ("" for all).
type ScriptNote struct {
	script.Note
	Lang string `json:"lang,omitempty"`
}

// ScriptResult holds the three renderings of one plan.
type ScriptResult struct {
	AppCmd     []string     `json:"appcmd"`
	PowerShell []string     `json:"powershell"`
	CSharp     string       `json:"csharp"`
	Steps      int          `json:"steps"`
	Notes      []ScriptNote `json:"notes"`
	Error      string       `json:"error,omitempty"`
}

func (t *Tools) script(in ScriptArgs) (ScriptResult, error) {
	return Script(t.store.Engine(), in), nil
}

// Script builds the plan from in.From to the workspace e reads and
// renders it in every language.
func Script(e *config.Engine, in ScriptArgs) ScriptResult {
	to := e.Workspace()
	from, err := scriptFrom(e, in)
	if err != nil {
		return ScriptResult{Error: err.Error()}
	}
	p := script.Build(from, to)
	out := ScriptResult{Steps: len(p.Steps), Notes: []ScriptNote{}}
	for _, n := range p.Notes {
		out.Notes = append(out.Notes, ScriptNote{Note: n})
	}
	var ns []script.Note
	out.AppCmd, ns = script.AppCmd(p)
	out.Notes = append(out.Notes, langNotes("appcmd", ns)...)
	out.PowerShell, ns = script.PowerShell(p)
	out.Notes = append(out.Notes, langNotes("powershell", ns)...)
	out.CSharp, ns = script.CSharp(p)
	out.Notes = append(out.Notes, langNotes("csharp", ns)...)
	if out.AppCmd == nil {
		out.AppCmd = []string{}
	}
	if out.PowerShell == nil {
		out.PowerShell = []string{}
	}
	return out
}

func langNotes(lang string, ns []script.Note) []ScriptNote {
	var out []ScriptNote
	for _, n := range ns {
		out = append(out, ScriptNote{Note: n, Lang: lang})
	}
	return out
}

func scriptFrom(to *config.Engine, in ScriptArgs) (*workspace.Workspace, error) {
	if in.From == nil {
		return nil, fmt.Errorf("no starting workspace given")
	}
	from, err := in.From.workspaceOf(to)
	if err != nil {
		return nil, fmt.Errorf("the starting workspace could not be read: %v", err)
	}
	return from, nil
}

// VerifyResult is script.Verification without the replayed workspace.
type VerifyResult struct {
	*script.Verification
	Error string `json:"error,omitempty"`
}

func (t *Tools) scriptVerify(in ScriptArgs) (VerifyResult, error) {
	return ScriptVerify(t.store.Engine(), in), nil
}

// ScriptVerify replays the appcmd script of the change (computed again:
// the plan is deterministic) and compares every path with the target.
func ScriptVerify(e *config.Engine, in ScriptArgs) VerifyResult {
	to := e.Workspace()
	from, err := scriptFrom(e, in)
	if err != nil {
		return VerifyResult{Error: err.Error()}
	}
	p := script.Build(from, to)
	lines, ns := script.AppCmd(p)
	return VerifyResult{Verification: script.Verify(from, to, lines, append(p.Notes, ns...))}
}

// Read500Args: the pasted text of a 500.19 page.
type Read500Args struct {
	Text string `json:"text"`
}

// Read500Result is what the page understood and where it leads in the
// workspace: the config path to open, the file and line, the engine's
// diagnostic that matches (with the explanation the page shows), and
// what could not be matched.
type Read500Result struct {
	Page       errorpage.PastedPage `json:"page"`
	ConfigPath string               `json:"configPath,omitempty"`
	File       string               `json:"file,omitempty"` // the workspace's spelling of Config File
	Line       int                  `json:"line,omitempty"`
	Diagnostic *diag.Diagnostic     `json:"diagnostic,omitempty"`
	Section    string               `json:"section,omitempty"`
	LockReason string               `json:"lockReason,omitempty"`
	// SourceMatches tells whether the Config Source lines are the
	// workspace file's lines at those numbers (false: the files differ
	// from the customer's).
	SourceMatches *bool    `json:"sourceMatches,omitempty"`
	Problems      []string `json:"problems"`
}

func (t *Tools) read500(in Read500Args) (Read500Result, error) {
	return Read500(t.store.Engine(), in), nil
}

// Read500 parses the page and finds its error in the workspace e reads.
func Read500(e *config.Engine, in Read500Args) Read500Result {
	ws := e.Workspace()
	out := Read500Result{Page: errorpage.Parse(in.Text), Problems: []string{}}
	p := &out.Page
	if len(p.Found) == 0 {
		out.Problems = append(out.Problems, "this does not look like an IIS error page: no Error Code, Config File, Requested URL or Config Source lines were found")
		return out
	}
	if p.ConfigFile != "" {
		if f, ok := ws.Get(p.ConfigFile); ok {
			out.File = f.Path
		} else {
			out.Problems = append(out.Problems, "the workspace has no "+p.ConfigFile+": import the customer's configuration (iisconf collect) to see it")
		}
	}
	out.ConfigPath = pathOfPage(e, p, out.File, &out.Problems)
	out.Line = p.Line
	if out.File != "" && len(p.Source) > 0 {
		ok := sourceMatches(ws, out.File, p.Source)
		out.SourceMatches = &ok
		if !ok {
			out.Problems = append(out.Problems, "the Config Source lines differ from "+out.File+" in this workspace: the customer's file is not the one here")
		}
	}
	if out.ConfigPath != "" {
		if d := matchDiagnostic(e.Problems(out.ConfigPath), p, out.File); d != nil {
			out.Diagnostic = d
			out.Section = d.Section
			if out.Line == 0 {
				out.Line = d.Line
			}
			if d.Section != "" && (d.ID == diag.Locked || d.ID == diag.LockConflict) {
				if s, err := e.Section(out.ConfigPath, d.Section); err == nil {
					out.LockReason = s.Lock.Summary
				}
			}
		} else if p.ErrorCode != "" {
			out.Problems = append(out.Problems, "this workspace raises no "+p.ErrorCode+" error at "+out.ConfigPath+"; the page comes from a configuration that differs from this one")
		}
	}
	return out
}

// pathOfPage finds the config path the request was for: the Requested
// URL (the engine maps URLs onto sites by their bindings), else the
// folder of the Config File or the Physical Path.
func pathOfPage(e *config.Engine, p *errorpage.PastedPage, file string, problems *[]string) string {
	if p.RequestedURL != "" {
		if cp, d := e.NormalizePath(p.RequestedURL); d == nil {
			return cp
		}
		*problems = append(*problems, "no site of this workspace answers "+p.RequestedURL+" (its bindings differ)")
	}
	for _, folder := range []string{p.PhysicalPath, dirOf(file)} {
		if folder == "" {
			continue
		}
		if cp := pathOfFolder(e, folder); cp != "" {
			return cp
		}
	}
	if p.RequestedURL == "" && p.PhysicalPath == "" && file == "" {
		*problems = append(*problems, "without a Requested URL, Physical Path or a Config File this workspace has, the path cannot be told")
	}
	return ""
}

func dirOf(file string) string {
	if file == "" {
		return ""
	}
	return workspace.Dir(file)
}

// pathOfFolder is the shortest config path whose physical folder is
// folder (the server level for the configuration folder).
func pathOfFolder(e *config.Engine, folder string) string {
	if workspace.Key(folder) == workspace.Key(workspace.ConfigDir) {
		return "MACHINE/WEBROOT/APPHOST"
	}
	var best string
	paths := e.ConfigPaths()
	sort.Strings(paths)
	for _, cp := range paths {
		if m, _ := e.Mapping(cp); m != nil && !m.NoPhysicalPath && workspace.Key(m.PhysicalPathExpanded) == workspace.Key(folder) {
			if best == "" || len(cp) < len(best) {
				best = cp
			}
		}
	}
	return best
}

func sourceMatches(ws *workspace.Workspace, file string, src []diag.SourceLine) bool {
	f, ok := ws.Get(file)
	if !ok {
		return false
	}
	lines := strings.Split(strings.ReplaceAll(string(f.Text), "\r\n", "\n"), "\n")
	for _, s := range src {
		if s.Number < 1 {
			continue
		}
		if s.Number > len(lines) || strings.TrimRight(lines[s.Number-1], " \t\r") != strings.TrimRight(s.Text, " \t\r") {
			return false
		}
	}
	return true
}

// matchDiagnostic picks the engine's diagnostic the page shows: the same
// HRESULT in the same file, on the same line when the page tells it;
// without an error code, the first error in that file.
func matchDiagnostic(ds []diag.Diagnostic, p *errorpage.PastedPage, file string) *diag.Diagnostic {
	var best *diag.Diagnostic
	for i := range ds {
		d := &ds[i]
		if d.Severity != diag.Error {
			continue
		}
		if p.ErrorCode != "" && !strings.EqualFold(d.HRESULT, p.ErrorCode) {
			continue
		}
		if file != "" && !strings.EqualFold(d.File, file) {
			continue
		}
		if p.Line > 0 && d.Line == p.Line {
			return d
		}
		if best == nil {
			best = d
		}
	}
	return best
}
