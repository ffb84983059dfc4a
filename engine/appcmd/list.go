package appcmd

import (
	"sort"
	"strings"

	"github.com/iisconf/iisconf/engine/config"
)

// ListSites is `appcmd list site [identifier] [/prop:value …]`.
func ListSites(e *config.Engine, identifier string, filters map[string]string) (string, *Error) {
	sites, _, _, err := siteObjects(e)
	if err != nil {
		return "", err
	}
	return listObjects("SITE", sites, identifier, filters)
}

// ListApps is `appcmd list app [identifier] [/site.name:X …]`.
func ListApps(e *config.Engine, identifier string, filters map[string]string) (string, *Error) {
	_, apps, _, err := siteObjects(e)
	if err != nil {
		return "", err
	}
	return listObjects("APP", apps, identifier, filters)
}

// ListVdirs is `appcmd list vdir [identifier] [/app.name:X/ …]`.
func ListVdirs(e *config.Engine, identifier string, filters map[string]string) (string, *Error) {
	_, _, vdirs, err := siteObjects(e)
	if err != nil {
		return "", err
	}
	return listObjects("VDIR", vdirs, identifier, filters)
}

// ListPools is `appcmd list apppool [identifier] [/state:Started …]`.
func ListPools(e *config.Engine, identifier string, filters map[string]string) (string, *Error) {
	pools, err := poolObjects(e)
	if err != nil {
		return "", err
	}
	return listObjects("APPPOOL", pools, identifier, filters)
}

// listObjects prints one line per selected object.
func listObjects(kind string, objs []*object, identifier string, filters map[string]string) (string, *Error) {
	sel, err := selectObjects(kind, objs, identifier, filters)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, o := range sel {
		b.WriteString(o.line() + lineEnd)
	}
	if len(sel) == 0 {
		return "", &Error{Code: exitNoMatch}
	}
	return b.String(), nil
}

// selectObjects applies the identifier (one object, or the not-found
// error) and the filters: every filter must match, values compared
// case-insensitively [DOC]. Filter names are checked in sorted order so
// the reported unknown one does not depend on map order.
func selectObjects(kind string, objs []*object, identifier string, filters map[string]string) ([]*object, *Error) {
	if identifier != "" {
		var one []*object
		for _, o := range objs {
			if strings.EqualFold(o.id, identifier) {
				one = append(one, o)
				break
			}
		}
		if len(one) == 0 {
			return nil, notFound(kind, identifier)
		}
		objs = one
	}
	names := make([]string, 0, len(filters))
	for n := range filters {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*object
	for _, o := range objs {
		match := true
		for _, n := range names {
			v, ok := o.property(n)
			if !ok {
				return nil, unknownAttribute(n)
			}
			if !strings.EqualFold(v, filters[n]) {
				match = false
			}
		}
		if match {
			out = append(out, o)
		}
	}
	return out, nil
}
