package appcmd

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/model"
)

// object is one SITE, APP, VDIR or APPPOOL as `list` sees it: its
// identifier, the properties of its one-line form, and its configuration
// element (for filters on any attribute, e.g. /processModel.identityType).
type object struct {
	kind    string // SITE, APP, VDIR, APPPOOL
	id      string
	summary []prop // the one-line form's properties, in print order
	derived []prop // further identity properties filters may name
	el      *model.Element
}

type prop struct{ name, value string }

// line is the default text output [DOC][OBS]:
// `SITE "Default Web Site" (id:1,bindings:http/*:80:,state:Started)`.
func (o *object) line() string {
	parts := make([]string, len(o.summary))
	for i, p := range o.summary {
		parts[i] = p.name + ":" + p.value
	}
	return o.kind + ` "` + o.id + `" (` + strings.Join(parts, ",") + ")"
}

// property resolves a property name the way filters and /text:<name> use
// it: identity and summary properties first, then a dotted path into the
// configuration element ("processModel.identityType"). Names compare
// case-insensitively.
func (o *object) property(name string) (string, bool) {
	for _, set := range [][]prop{o.summary, o.derived} {
		for _, p := range set {
			if strings.EqualFold(p.name, name) {
				return p.value, true
			}
		}
	}
	return elementValue(o.el, name)
}

// elementValue walks "a.b.attr" through child elements to an attribute.
func elementValue(el *model.Element, path string) (string, bool) {
	segs := strings.Split(path, ".")
	for _, s := range segs[:len(segs)-1] {
		if el == nil {
			return "", false
		}
		el = childByName(el, s)
	}
	if el == nil {
		return "", false
	}
	last := segs[len(segs)-1]
	for _, a := range el.Attributes {
		if strings.EqualFold(a.Name, last) && a.Attribute != nil {
			return a.Value, true
		}
	}
	return "", false
}

func childByName(el *model.Element, name string) *model.Element {
	for n, c := range el.Elements {
		if strings.EqualFold(n, name) {
			return c
		}
	}
	return nil
}

// runtimeState is the simulated runtime state of a site or pool: Started
// when it starts automatically, else Stopped (docs/appcmd.md#list design choice).
func runtimeState(autoStart bool) string {
	if autoStart {
		return "Started"
	}
	return "Stopped"
}

// sectionItems evaluates a server-level section and returns its effective
// collection, or the configuration error appcmd would print.
func sectionItems(e *config.Engine, section string) ([]*model.Element, *Error) {
	res := e.Evaluate(serverLevel, config.EvalOptions{Sections: []string{section}})
	if d, ok := firstError(res.Diagnostics); ok {
		return nil, diagError(d)
	}
	for _, s := range res.Sections {
		if s.Name == section && s.Element != nil {
			return s.Element.Collection, nil
		}
	}
	return nil, nil
}

// itemWith finds the collection item whose attribute key equals value
// (case-insensitively, as IIS compares names and paths).
func itemWith(items []*model.Element, key, value string) *model.Element {
	for _, it := range items {
		if a := it.Attributes.Get(key); a != nil && strings.EqualFold(a.Value, value) {
			return it
		}
	}
	return nil
}

// siteObjects builds the SITE, APP and VDIR objects in document order.
func siteObjects(e *config.Engine) (sites, apps, vdirs []*object, err *Error) {
	items, err := sectionItems(e, "system.applicationHost/sites")
	if err != nil {
		return nil, nil, nil, err
	}
	for _, s := range e.SiteMap().Sites {
		siteEl := itemWith(items, "name", s.Name)
		bindings := make([]string, len(s.Bindings))
		for i, b := range s.Bindings {
			bindings[i] = b.Protocol + "/" + b.BindingInformation
		}
		sites = append(sites, &object{
			kind: "SITE", id: s.Name, el: siteEl,
			summary: []prop{
				{"id", strconv.FormatInt(s.ID, 10)},
				{"bindings", strings.Join(bindings, ",")},
				{"state", runtimeState(s.ServerAutoStart)},
			},
			derived: []prop{{"SITE.NAME", s.Name}, {"name", s.Name}, {"SITE.ID", strconv.FormatInt(s.ID, 10)}},
		})
		for _, a := range s.Apps {
			var appEl *model.Element
			if siteEl != nil {
				appEl = itemWith(siteEl.Collection, "path", a.Path)
			}
			appID := s.Name + a.Path // the root application keeps its "/" [DOC]
			apps = append(apps, &object{
				kind: "APP", id: appID, el: appEl,
				summary: []prop{{"applicationPool", a.ApplicationPool}},
				derived: []prop{{"APP.NAME", appID}, {"SITE.NAME", s.Name}, {"path", a.Path}},
			})
			for _, v := range a.Vdirs {
				var vEl *model.Element
				if appEl != nil {
					vEl = itemWith(appEl.Collection, "path", v.Path)
				}
				// No doubled "/": "MySite/", "MySite/img", "MySite/app1/" [DOC][OBS].
				vID := s.Name + strings.TrimSuffix(a.Path, "/") + v.Path
				vdirs = append(vdirs, &object{
					kind: "VDIR", id: vID, el: vEl,
					// Printed as stored, unexpanded (docs/appcmd.md#list: raw).
					summary: []prop{{"physicalPath", v.PhysicalPath}},
					derived: []prop{{"VDIR.NAME", vID}, {"APP.NAME", appID}, {"SITE.NAME", s.Name}, {"path", v.Path}},
				})
			}
		}
	}
	return sites, apps, vdirs, nil
}

// poolObjects builds the APPPOOL objects in document order.
func poolObjects(e *config.Engine) ([]*object, *Error) {
	items, err := sectionItems(e, "system.applicationHost/applicationPools")
	if err != nil {
		return nil, err
	}
	var out []*object
	for _, p := range e.SiteMap().Pools {
		out = append(out, &object{
			kind: "APPPOOL", id: p.Name, el: itemWith(items, "name", p.Name),
			summary: []prop{
				{"MgdVersion", p.ManagedRuntimeVersion},
				{"MgdMode", p.ManagedPipelineMode},
				{"state", runtimeState(p.AutoStart)},
			},
			derived: []prop{{"APPPOOL.NAME", p.Name}, {"name", p.Name}},
		})
	}
	return out, nil
}
