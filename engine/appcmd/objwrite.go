package appcmd

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/schema"
	"github.com/iisconf/iisconf/engine/xmledit"
)

// add/set/delete for SITE, APP, VDIR and APPPOOL (docs/appcmd.md#objects). They all
// edit system.applicationHost/sites or applicationPools in
// applicationHost.config (AppHostOnly sections) through xmledit.

const (
	sitesSection = "system.applicationHost/sites"
	poolsSection = "system.applicationHost/applicationPools"
)

// objSchema is the schema chain sites → site → application → vdir.
type objSchema struct {
	sites, pools              *schema.Element
	site, app, vdir, pool     *schema.Element
	siteC, appC, vdirC, poolC *schema.Collection
}

func loadObjSchema(e *config.Engine) (*objSchema, *Error) {
	s, p := e.Schema().Section(sitesSection), e.Schema().Section(poolsSection)
	if s == nil || p == nil || s.Root.Collection == nil || p.Root.Collection == nil {
		return nil, unsupported("the schema in force has no sites/applicationPools collections")
	}
	o := &objSchema{sites: s.Root, pools: p.Root, siteC: s.Root.Collection, poolC: p.Root.Collection}
	o.site, o.pool = o.siteC.Item, o.poolC.Item
	if o.site.Collection == nil || o.site.Collection.Item.Collection == nil {
		return nil, unsupported("the schema in force has no application/virtualDirectory collections")
	}
	o.appC = o.site.Collection
	o.app = o.appC.Item
	o.vdirC = o.app.Collection
	o.vdir = o.vdirC.Item
	return o, nil
}

// objParams splits the parameters into the identity ones an add takes
// (lower-cased names) and property operations for everything else.
func objParams(c *Command, identity ...string) (map[string]string, []*propOp, *Error) {
	ids := map[string]string{}
	var ops []*propOp
	var rename *propOp
	for _, p := range c.Params {
		if !p.Escaped && generalSwitches[strings.ToLower(p.Name)] {
			return nil, nil, unsupported("/" + p.Name + " is not emulated for " + c.Verb + " " + c.Object)
		}
		matched := false
		for _, id := range identity {
			if strings.EqualFold(p.Name, id) {
				ids[id] = p.Value
				matched = true
			}
		}
		if matched {
			continue
		}
		op, err := parseProp(p)
		if err != nil {
			return nil, nil, err
		}
		// A rename goes last: the other properties find the object by
		// its old name.
		if len(op.segs) == 1 && op.op == 0 && op.segs[0].name == "name" {
			rename = op
			continue
		}
		ops = append(ops, op)
	}
	if rename != nil {
		ops = append(ops, rename)
	}
	return ids, ops, nil
}

// objWrite opens applicationHost.config (as the engine finds it) for an
// object write.
func objWrite(e *config.Engine, section string) (*tx, *xmledit.File, locator, *Error) {
	file, err := fileAt(e, serverLevel, serverLevel)
	if err != nil {
		return nil, nil, nil, err
	}
	t := newTx(e)
	f, err := t.open(file)
	if err != nil {
		return nil, nil, nil, err
	}
	l, err := ensureDefinition(f, section, "", "")
	if err != nil {
		return nil, nil, nil, err
	}
	return t, f, l, nil
}

func applyOps(f *xmledit.File, l locator, sch *schema.Element, ops []*propOp) *Error {
	target := &elemTarget{f: f, loc: l, sch: sch}
	for _, op := range ops {
		if err := target.apply(op); err != nil {
			return err
		}
	}
	return nil
}

// attrsChecked validates identity values and returns them as attributes.
func attrsChecked(sch *schema.Element, pairs ...[2]string) ([][2]string, *Error) {
	var out [][2]string
	for _, kv := range pairs {
		v, err := checkValue(sch, false, kv[0], kv[1], kv[0])
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{kv[0], v})
	}
	return out, nil
}

// addObject is `add site|app|vdir|apppool`.
func addObject(e *config.Engine, c *Command) (*written, *Error) {
	o, err := loadObjSchema(e)
	if err != nil {
		return nil, err
	}
	switch c.Object {
	case "apppool":
		ids, ops, err := objParams(c, "name")
		if err != nil {
			return nil, err
		}
		name, ok := ids["name"]
		if !ok {
			return nil, missingParameter("APPPOOL", "name")
		}
		attrs, err := attrsChecked(o.pool, [2]string{"name", name})
		if err != nil {
			return nil, err
		}
		t, f, l, err := objWrite(e, poolsSection)
		if err != nil {
			return nil, err
		}
		p := l(f.Doc)
		if err := editErr(f.Insert(p, itemIndex(p, o.poolC, "end"), &xmledit.Element{Name: o.poolC.AddElements[0], Attrs: attrs})); err != nil {
			return nil, err
		}
		if err := applyOps(f, itemLocator(l, o.poolC, attrs), o.pool, ops); err != nil {
			return nil, err
		}
		if err := t.finish([]string{serverLevel}, []string{poolsSection}); err != nil {
			return nil, err
		}
		return &written{out: objectAdded("APPPOOL", name) + lineEnd, t: t}, nil
	case "site":
		return addSite(e, c, o)
	case "app":
		return addApp(e, c, o)
	case "vdir":
		return addVdir(e, c, o)
	}
	return nil, unsupported("add " + c.Object + " is not emulated")
}

func addSite(e *config.Engine, c *Command, o *objSchema) (*written, *Error) {
	ids, ops, err := objParams(c, "name", "id", "bindings", "physicalPath")
	if err != nil {
		return nil, err
	}
	name, ok := ids["name"]
	if !ok {
		return nil, missingParameter("SITE", "name")
	}
	id, hasID := ids["id"]
	if !hasID {
		// The next free id: the largest plus one (docs/appcmd.md#objects,
		// UNCERTAIN(next-site-id)).
		max := int64(0)
		for _, s := range e.Sites() {
			if s.ID > max {
				max = s.ID
			}
		}
		id = strconv.FormatInt(max+1, 10)
	}
	attrs, err := attrsChecked(o.site, [2]string{"name", name}, [2]string{"id", id})
	if err != nil {
		return nil, err
	}
	el := &xmledit.Element{Name: o.siteC.AddElements[0], Attrs: attrs}
	out := objectAdded("SITE", name) + lineEnd
	if pp, ok := ids["physicalPath"]; ok {
		v, err := attrsChecked(o.vdir, [2]string{"path", "/"}, [2]string{"physicalPath", pp})
		if err != nil {
			return nil, err
		}
		vd := &xmledit.Element{Name: o.vdirC.AddElements[0], Attrs: v}
		el.Children = append(el.Children, &xmledit.Element{Name: o.appC.AddElements[0], Attrs: [][2]string{{"path", "/"}}, Children: []*xmledit.Element{vd}})
		out += objectAdded("APP", name+"/") + lineEnd + objectAdded("VDIR", name+"/") + lineEnd
	}
	if b, ok := ids["bindings"]; ok && b != "" {
		bs := &xmledit.Element{Name: "bindings"}
		bsch := o.site.Element("bindings")
		for _, one := range strings.Split(b, ",") {
			proto, info, _ := strings.Cut(one, "/")
			battrs := [][2]string{{"protocol", proto}, {"bindingInformation", info}}
			if bsch != nil && bsch.Collection != nil {
				if battrs, err = attrsChecked(bsch.Collection.Item, battrs...); err != nil {
					return nil, err
				}
			}
			bs.Children = append(bs.Children, &xmledit.Element{Name: "binding", Attrs: battrs})
		}
		el.Children = append(el.Children, bs)
	}
	t, f, l, err := objWrite(e, sitesSection)
	if err != nil {
		return nil, err
	}
	p := l(f.Doc)
	if err := editErr(f.Insert(p, itemIndex(p, o.siteC, "end"), el)); err != nil {
		return nil, err
	}
	if err := applyOps(f, itemLocator(l, o.siteC, attrs), o.site, ops); err != nil {
		return nil, err
	}
	if err := t.finish([]string{serverLevel}, []string{sitesSection}); err != nil {
		return nil, err
	}
	return &written{out: out, t: t}, nil
}

// splitAppName splits "Site/app1" into the site name and the app path
// ("Site/" → "/").
func splitAppName(s string) (site, path string) {
	site, rest, _ := strings.Cut(s, "/")
	return site, "/" + strings.TrimSuffix(rest, "/")
}

func addApp(e *config.Engine, c *Command, o *objSchema) (*written, *Error) {
	ids, ops, err := objParams(c, "site.name", "path", "physicalPath")
	if err != nil {
		return nil, err
	}
	site, ok := ids["site.name"]
	if !ok {
		return nil, missingParameter("APP", "site.name")
	}
	path, ok := ids["path"]
	if !ok {
		return nil, missingParameter("APP", "path")
	}
	attrs, err := attrsChecked(o.app, [2]string{"path", path})
	if err != nil {
		return nil, err
	}
	el := &xmledit.Element{Name: o.appC.AddElements[0], Attrs: attrs}
	t, f, l, err := objWrite(e, sitesSection)
	if err != nil {
		return nil, err
	}
	sl := itemLocator(l, o.siteC, [][2]string{{"name", site}})
	sn := sl(f.Doc)
	if sn == nil {
		return nil, notFound("SITE", site)
	}
	if itemLocator(sl, o.appC, attrs)(f.Doc) != nil {
		return nil, duplicateChild(path)
	}
	siteName := site
	if a, ok := sn.Attr("name"); ok {
		siteName = a.Value
	}
	out := objectAdded("APP", siteName+path) + lineEnd
	if pp, ok := ids["physicalPath"]; ok {
		v, err := attrsChecked(o.vdir, [2]string{"path", "/"}, [2]string{"physicalPath", pp})
		if err != nil {
			return nil, err
		}
		el.Children = []*xmledit.Element{{Name: o.vdirC.AddElements[0], Attrs: v}}
		out += objectAdded("VDIR", siteName+strings.TrimSuffix(path, "/")+"/") + lineEnd
	}
	if err := editErr(f.Insert(sn, itemIndex(sn, o.appC, "end"), el)); err != nil {
		return nil, err
	}
	if err := applyOps(f, itemLocator(sl, o.appC, attrs), o.app, ops); err != nil {
		return nil, err
	}
	if err := t.finish([]string{serverLevel}, []string{sitesSection}); err != nil {
		return nil, err
	}
	return &written{out: out, t: t}, nil
}

func addVdir(e *config.Engine, c *Command, o *objSchema) (*written, *Error) {
	ids, ops, err := objParams(c, "app.name", "path")
	if err != nil {
		return nil, err
	}
	appName, ok := ids["app.name"]
	if !ok {
		return nil, missingParameter("VDIR", "app.name")
	}
	path, ok := ids["path"]
	if !ok {
		return nil, missingParameter("VDIR", "path")
	}
	attrs, err := attrsChecked(o.vdir, [2]string{"path", path})
	if err != nil {
		return nil, err
	}
	site, appPath := splitAppName(appName)
	t, f, l, err := objWrite(e, sitesSection)
	if err != nil {
		return nil, err
	}
	sl := itemLocator(l, o.siteC, [][2]string{{"name", site}})
	al := itemLocator(sl, o.appC, [][2]string{{"path", appPath}})
	an := al(f.Doc)
	if an == nil {
		return nil, notFound("APP", appName)
	}
	if itemLocator(al, o.vdirC, attrs)(f.Doc) != nil {
		return nil, duplicateChild(path)
	}
	if err := editErr(f.Insert(an, itemIndex(an, o.vdirC, "end"), &xmledit.Element{Name: o.vdirC.AddElements[0], Attrs: attrs})); err != nil {
		return nil, err
	}
	if err := applyOps(f, itemLocator(al, o.vdirC, attrs), o.vdir, ops); err != nil {
		return nil, err
	}
	if err := t.finish([]string{serverLevel}, []string{sitesSection}); err != nil {
		return nil, err
	}
	id := strings.TrimSuffix(appName, "/") + path
	if appPath == "/" {
		id = site + path
	}
	return &written{out: objectAdded("VDIR", id) + lineEnd, t: t}, nil
}

// objectLocator finds an existing object by its appcmd identifier and
// returns its locator and schema inside applicationHost.config.
func objectLocator(e *config.Engine, o *objSchema, kind, id string, sites locator, pools locator) (locator, *schema.Element, string, *Error) {
	if kind == "APPPOOL" {
		for _, p := range e.Pools() {
			if strings.EqualFold(p.Name, id) {
				return itemLocator(pools, o.poolC, [][2]string{{"name", p.Name}}), o.pool, p.Name, nil
			}
		}
		return nil, nil, "", notFound(kind, id)
	}
	siteObjs, appObjs, vdirObjs, err := siteObjects(e)
	if err != nil {
		return nil, nil, "", err
	}
	objs := map[string][]*object{"SITE": siteObjs, "APP": appObjs, "VDIR": vdirObjs}[kind]
	for _, ob := range objs {
		if !strings.EqualFold(ob.id, id) {
			continue
		}
		siteName, _ := ob.property("SITE.NAME")
		sl := itemLocator(sites, o.siteC, [][2]string{{"name", siteName}})
		switch kind {
		case "SITE":
			return sl, o.site, ob.id, nil
		case "APP":
			p, _ := ob.property("path")
			return itemLocator(sl, o.appC, [][2]string{{"path", p}}), o.app, ob.id, nil
		case "VDIR":
			an, _ := ob.property("APP.NAME")
			_, ap := splitAppName(an)
			vp, _ := ob.property("path")
			al := itemLocator(sl, o.appC, [][2]string{{"path", ap}})
			return itemLocator(al, o.vdirC, [][2]string{{"path", vp}}), o.vdir, ob.id, nil
		}
	}
	return nil, nil, "", notFound(kind, id)
}

// setOrDeleteObject is `set <object> <id> /prop:v…` and `delete <object> <id>`.
func setOrDeleteObject(e *config.Engine, c *Command) (*written, *Error) {
	o, err := loadObjSchema(e)
	if err != nil {
		return nil, err
	}
	kind := strings.ToUpper(c.Object)
	section := sitesSection
	if kind == "APPPOOL" {
		section = poolsSection
	}
	_, ops, err := objParams(c)
	if err != nil {
		return nil, err
	}
	if c.Verb == "delete" && len(ops) > 0 {
		return nil, unknownAttribute(ops[0].raw)
	}
	t, f, l, err := objWrite(e, section)
	if err != nil {
		return nil, err
	}
	ol, sch, id, err := objectLocator(e, o, kind, c.Identifier, l, l)
	if err != nil {
		return nil, err
	}
	n := ol(f.Doc)
	if n == nil {
		// In the site map but not in this file's definition (defined in a
		// location tag, say): not something appcmd's path reaches.
		return nil, notFound(kind, c.Identifier)
	}
	line := objectChanged(kind, id)
	if c.Verb == "delete" {
		if err := editErr(f.Remove(n)); err != nil {
			return nil, err
		}
		line = objectDeleted(kind, id)
	} else if err := applyOps(f, ol, sch, ops); err != nil {
		return nil, err
	}
	if err := t.finish([]string{serverLevel}, []string{section}); err != nil {
		return nil, err
	}
	return &written{out: line + lineEnd, t: t}, nil
}
