package appcmd

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
)

// object is one SITE, APP, VDIR or APPPOOL as `list` sees it: its
// identifier, the properties of its one-line form, and its configuration
// element (for filters on any attribute, e.g. /processModel.identityType).
type object struct {
	kind    string // SITE, APP, VDIR, APPPOOL
	id      string
	summary []prop // the one-line form's properties, in print order
	derived []prop // further identity properties filters may name
	el      config.Element
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

// elementValue walks "a.b.attr" through child elements to an attribute;
// appcmd's property names compare case-insensitively.
func elementValue(el config.Element, path string) (string, bool) {
	segs := strings.Split(path, ".")
	for _, s := range segs[:len(segs)-1] {
		el = childByName(el, s)
	}
	last := segs[len(segs)-1]
	for _, v := range el.Values() {
		if strings.EqualFold(v.Name, last) {
			return v.Text, true
		}
	}
	return "", false
}

func childByName(el config.Element, name string) config.Element {
	for _, c := range el.Children() {
		if strings.EqualFold(c.Name(), name) {
			return c
		}
	}
	return config.Element{}
}

// runtimeState is the simulated runtime state of a site or pool: Started
// when it starts automatically, else Stopped (docs/appcmd.md#list design choice).
func runtimeState(autoStart bool) string {
	if autoStart {
		return "Started"
	}
	return "Stopped"
}

// sectionItems reads a server-level section and returns its effective
// collection, or the configuration error appcmd would print.
func sectionItems(e *config.Engine, section string) ([]config.Element, *Error) {
	if d, ok := firstError(e.Problems(serverLevel, section)); ok {
		return nil, diagError(d)
	}
	sec, _ := e.Section(serverLevel, section)
	return sec.Element.Items(), nil
}

// itemWith finds the collection item whose attribute key equals value
// (case-insensitively, as IIS compares names and paths).
func itemWith(items []config.Element, key, value string) config.Element {
	for _, it := range items {
		if v, ok := it.Value(key); ok && strings.EqualFold(v.Text, value) {
			return it
		}
	}
	return config.Element{}
}

// siteObjects builds the SITE, APP and VDIR objects in document order.
func siteObjects(e *config.Engine) (sites, apps, vdirs []*object, err *Error) {
	items, err := sectionItems(e, "system.applicationHost/sites")
	if err != nil {
		return nil, nil, nil, err
	}
	for _, s := range e.Sites() {
		siteEl := itemWith(items, "name", s.Name)
		bindings := make([]string, len(s.Bindings))
		for i, b := range s.Bindings {
			bindings[i] = b.Protocol + "/" + b.Information
		}
		sites = append(sites, &object{
			kind: "SITE", id: s.Name, el: siteEl,
			summary: []prop{
				{"id", strconv.FormatInt(s.ID, 10)},
				{"bindings", strings.Join(bindings, ",")},
				{"state", runtimeState(s.AutoStart)},
			},
			derived: []prop{{"SITE.NAME", s.Name}, {"name", s.Name}, {"SITE.ID", strconv.FormatInt(s.ID, 10)}},
		})
		for _, a := range s.Apps {
			appEl := itemWith(siteEl.Items(), "path", a.Path)
			appID := s.Name + a.Path // the root application keeps its "/" [DOC]
			apps = append(apps, &object{
				kind: "APP", id: appID, el: appEl,
				summary: []prop{{"applicationPool", a.Pool}},
				derived: []prop{{"APP.NAME", appID}, {"SITE.NAME", s.Name}, {"path", a.Path}},
			})
			for _, v := range a.Vdirs {
				vEl := itemWith(appEl.Items(), "path", v.Path)
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
	for _, p := range e.Pools() {
		out = append(out, &object{
			kind: "APPPOOL", id: p.Name, el: itemWith(items, "name", p.Name),
			summary: []prop{
				{"MgdVersion", p.RuntimeVersion},
				{"MgdMode", p.PipelineMode},
				{"state", runtimeState(p.AutoStart)},
			},
			derived: []prop{{"APPPOOL.NAME", p.Name}, {"name", p.Name}},
		})
	}
	return out, nil
}
