package config

import (
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/model"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// redirection is shared configuration (docs/hierarchy.md#shared-configuration): redirection.config
// beside applicationHost.config can send IIS to read applicationHost.config
// (and administration.config) from another folder, usually a UNC share.
// machine.config, the root web.config, schema, backups and history stay
// local.
type redirection struct {
	file    *parsedFile // the local redirection.config
	enabled bool
	path    string     // as written
	target  string     // the applicationHost.config IIS reads instead
	line    int        // of configurationRedirection, for the model
	rng     diag.Range // of configurationRedirection, for notes
	user    string
	pass    string // as written
	diags   []diag.Diagnostic
}

// readRedirection reads the workspace's redirection.config, if any. Its
// configurationRedirection section is declared in the file itself; the
// attributes are read through the schema so that bad values are reported
// as IIS would.
func (e *Engine) readRedirection() *redirection {
	pf := e.file(workspace.RedirectionPath)
	if pf == nil {
		return nil
	}
	rd := &redirection{file: pf}
	if pf.err != nil {
		rd.diags = append(rd.diags, *pf.err)
		return rd
	}
	root := pf.doc.Root
	var el *xmltree.Node
	for _, c := range root.Elements() {
		if c.Name == "configurationRedirection" {
			el = c
		}
	}
	if el == nil {
		return rd
	}
	rd.line, rd.rng = int(el.Start.Line), el.Range()
	sch := e.schema.Section("configurationRedirection")
	for _, a := range el.Attrs {
		if sch != nil {
			if as := sch.Root.Attribute(a.Name); as != nil {
				if _, reason := as.Parse(a.Value); reason != "" {
					rd.diags = append(rd.diags, diag.At(diag.Value, pf.path, a.Range(), a.Name, reason).InPhase(diag.PhaseFile))
					continue
				}
			}
		}
		switch a.Name {
		case "enabled":
			rd.enabled = strings.EqualFold(strings.TrimSpace(a.Value), "true")
		case "path":
			rd.path = a.Value
		case "userName":
			rd.user = a.Value
		case "password":
			rd.pass = a.Value
		}
	}
	if rd.enabled && rd.path != "" {
		rd.target = workspace.Join(e.ws.Expand(rd.path), "applicationHost.config")
	}
	return rd
}

// redirectionNote says which applicationHost.config is in effect and why.
func (rd *redirection) note() string {
	if rd == nil || rd.target == "" {
		return ""
	}
	return "shared configuration: redirection.config (line " + itoa(rd.line) + `) has enabled="true" path="` + rd.path + `"`
}

// model describes the setting for the result, the password masked.
func (rd *redirection) model(apphost string) *model.Redirection {
	if rd == nil {
		return nil
	}
	m := &model.Redirection{File: rd.file.path, Line: rd.line, Enabled: rd.enabled, Path: rd.path, UserName: rd.user, AppHost: apphost}
	switch {
	case rd.pass == "":
	case strings.HasPrefix(rd.pass, "[enc:") && strings.HasSuffix(rd.pass, ":enc]"):
		provider, _, _ := strings.Cut(strings.TrimPrefix(rd.pass, "[enc:"), ":")
		m.Password = "(encrypted by " + provider + ")"
	default:
		m.Password = "(set, not encrypted)"
	}
	return m
}
