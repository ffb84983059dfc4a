package metabase

import (
	"strconv"
	"strings"
)

// Mapping is the IIS 7 config path of a W3SVC key (docs/metabase.md):
// /LM/W3SVC/<id>/ROOT[/p] → MACHINE/WEBROOT/APPHOST/<site name>[/p].
type Mapping struct {
	ConfigPath string `json:"configPath"`
	Site       string `json:"site,omitempty"`
	SiteID     string `json:"siteId,omitempty"`
	Path       string `json:"path,omitempty"` // virtual path below the site ("/app"), "" for site-level keys
	Note       string `json:"note,omitempty"` // where the site name came from, when not the key's own ServerComment
}

const appHostPath = "MACHINE/WEBROOT/APPHOST"

// Map returns the IIS 7 config path of a W3SVC key, or nil for keys with
// no config path (IIS_Global, /LM, application pools, filters, other
// services).
func (m *Metabase) Map(location string) *Mapping {
	if location == "." {
		return nil
	}
	segs := strings.Split(strings.Trim(location, "/"), "/")
	if len(segs) < 2 || !strings.EqualFold(segs[0], "LM") || !strings.EqualFold(segs[1], "W3SVC") {
		return nil
	}
	if len(segs) == 2 {
		return &Mapping{ConfigPath: appHostPath}
	}
	if _, err := strconv.ParseUint(segs[2], 10, 32); err != nil {
		return nil // AppPools, Filters, Info, …
	}
	if len(segs) > 3 && !strings.EqualFold(segs[3], "ROOT") {
		return nil // a site's Filters, IIsCertMapper, …
	}
	siteLoc := "/" + strings.Join(segs[:3], "/")
	mp := &Mapping{SiteID: segs[2]}
	mp.Site, mp.Note = m.siteName(siteLoc, segs[2])
	mp.ConfigPath = appHostPath + "/" + mp.Site
	if len(segs) > 4 {
		mp.Path = "/" + strings.Join(segs[4:], "/")
		mp.ConfigPath += mp.Path
	}
	return mp
}

// siteName is the site's ServerComment, which IIS 7 migration uses as the
// site name. ServerComment is INHERIT, so a site without its own takes the
// nearest ancestor's; with none at all the name is
// UNCERTAIN(metabase-site-name) and we use
// "Site <id>".
func (m *Metabase) siteName(siteLoc, id string) (string, string) {
	anc := ancestors(siteLoc)
	for i := len(anc) - 1; i >= 0; i-- {
		k := m.Key(anc[i])
		if k == nil {
			continue
		}
		for _, p := range k.Props {
			if strings.EqualFold(p.Name, "ServerComment") && (i == len(anc)-1 || p.Inherit) && p.Value != "" {
				if i == len(anc)-1 {
					return p.Value, ""
				}
				return p.Value, "site name inherited: ServerComment of " + k.Location
			}
		}
	}
	return "Site " + id, "UNCERTAIN(metabase-site-name): no ServerComment; named after the site id"
}

// Equivalent is the applicationHost.config setting of one metabase
// property as it applies at a key.
type Equivalent struct {
	Property   string `json:"property"`
	From       string `json:"from"`       // the key that set the value
	ConfigPath string `json:"configPath"` // where the setting belongs in IIS 7
	Section    string `json:"section"`
	XML        string `json:"xml"` // applicationHost.config snippet
	Note       string `json:"note,omitempty"`
}

// equivalents maps the common properties of an effective key. The
// snippet is written at the config path of the key that set the value,
// which is where a migration would write it: inheritance then does the rest.
func (m *Metabase) equivalents(ek *EffectiveKey) []Equivalent {
	out := []Equivalent{}
	for _, p := range ek.Properties {
		mp := m.Map(p.From)
		if mp == nil {
			if m.Map(ek.Location) == nil {
				continue // not a W3SVC key: no IIS 7 web configuration
			}
			mp = &Mapping{ConfigPath: appHostPath} // /LM values reach IIS 7 at server level
		}
		for _, e := range equivalentOf(p, mp) {
			e.Property, e.From, e.ConfigPath = p.Name, p.From, mp.ConfigPath
			if strings.HasPrefix(e.Section, "system.applicationHost/") {
				e.ConfigPath = appHostPath // AppHostOnly sections are never in a location tag
			}
			e.XML = wrapLocation(e.ConfigPath, e.XML)
			out = append(out, e)
		}
	}
	return out
}

func equivalentOf(p EffectiveProperty, mp *Mapping) []Equivalent {
	has := func(f string) bool {
		for _, x := range p.Flags {
			if x == f {
				return true
			}
		}
		return false
	}
	switch strings.ToLower(p.Name) {
	case "authflags":
		auth := func(name, flag string) string {
			return "<" + name + ` enabled="` + strconv.FormatBool(has(flag)) + `" />`
		}
		e := Equivalent{Section: "system.webServer/security/authentication", XML: nest([]string{"system.webServer", "security", "authentication"},
			auth("anonymousAuthentication", "AuthAnonymous"), auth("basicAuthentication", "AuthBasic"),
			auth("digestAuthentication", "AuthMD5"), auth("windowsAuthentication", "AuthNTLM")),
			Note: "the flags are one value: every authentication type is written, enabled or not"}
		if has("AuthPassport") {
			e.Note += "; AuthPassport has no IIS 7 equivalent"
		}
		return []Equivalent{e}
	case "accessflags":
		names := map[string]string{"AccessRead": "Read", "AccessWrite": "Write", "AccessExecute": "Execute", "AccessSource": "Source",
			"AccessScript": "Script", "AccessNoRemoteWrite": "NoRemoteWrite", "AccessNoRemoteRead": "NoRemoteRead",
			"AccessNoRemoteExecute": "NoRemoteExecute", "AccessNoRemoteScript": "NoRemoteScript"}
		var pol []string
		note := ""
		for _, f := range p.Flags {
			if n, ok := names[f]; ok {
				pol = append(pol, n)
			} else {
				note = f + " has no accessPolicy equivalent"
			}
		}
		if len(pol) == 0 {
			pol = []string{"None"}
		}
		return []Equivalent{{Section: "system.webServer/handlers", Note: note,
			XML: nest([]string{"system.webServer"}, `<handlers accessPolicy="`+strings.Join(pol, ", ")+`" />`)}}
	case "accesssslflags":
		names := map[string]string{"AccessSSL": "Ssl", "AccessSSLNegotiateCert": "SslNegotiateCert", "AccessSSLRequireCert": "SslRequireCert", "AccessSSL128": "Ssl128"}
		var fl []string
		note := ""
		for _, f := range p.Flags {
			if n, ok := names[f]; ok {
				fl = append(fl, n)
			} else {
				note = f + " maps to client certificate mapping authentication, not sslFlags"
			}
		}
		if len(fl) == 0 {
			fl = []string{"None"}
		}
		return []Equivalent{{Section: "system.webServer/security/access", Note: note,
			XML: nest([]string{"system.webServer", "security"}, `<access sslFlags="`+strings.Join(fl, ", ")+`" />`)}}
	case "dirbrowseflags":
		show := map[string]string{"DirBrowseShowDate": "Date", "DirBrowseShowTime": "Time", "DirBrowseShowSize": "Size",
			"DirBrowseShowExtension": "Extension", "DirBrowseShowLongDate": "LongDate"}
		var sf []string
		for _, f := range p.Flags {
			if n, ok := show[f]; ok {
				sf = append(sf, n)
			}
		}
		if len(sf) == 0 {
			sf = []string{"None"}
		}
		return []Equivalent{
			{Section: "system.webServer/directoryBrowse", XML: nest([]string{"system.webServer"},
				`<directoryBrowse enabled="`+strconv.FormatBool(has("EnableDirBrowsing"))+`" showFlags="`+strings.Join(sf, ", ")+`" />`)},
			{Section: "system.webServer/defaultDocument", Note: "EnableDefaultDoc is a DirBrowseFlags bit in IIS 6",
				XML: nest([]string{"system.webServer"}, `<defaultDocument enabled="`+strconv.FormatBool(has("EnableDefaultDoc"))+`" />`)},
		}
	case "defaultdoc":
		lines := []string{"<defaultDocument>", "    <files>", "        <clear />"}
		for _, d := range strings.Split(p.Value, ",") {
			if d = strings.TrimSpace(d); d != "" {
				lines = append(lines, `        <add value="`+xmlEscape(d)+`" />`)
			}
		}
		lines = append(lines, "    </files>", "</defaultDocument>")
		return []Equivalent{{Section: "system.webServer/defaultDocument", Note: "the list is replaced whole: <clear /> first",
			XML: nest([]string{"system.webServer"}, lines...)}}
	case "httperrors":
		lines := []string{"<httpErrors>", "    <clear />"}
		var bad []string
		for _, v := range p.Values {
			f := strings.SplitN(v, ",", 4)
			if len(f) != 4 {
				bad = append(bad, v)
				continue
			}
			sub := strings.TrimSpace(f[1])
			if sub == "*" {
				sub = "-1"
			}
			mode := ""
			switch strings.ToUpper(strings.TrimSpace(f[2])) {
			case "FILE":
				mode = `prefixLanguageFilePath="" path="` + xmlEscape(f[3]) + `" responseMode="File"`
			case "URL":
				mode = `path="` + xmlEscape(f[3]) + `" responseMode="ExecuteURL"`
			default:
				bad = append(bad, v)
				continue
			}
			lines = append(lines, `    <error statusCode="`+xmlEscape(strings.TrimSpace(f[0]))+`" subStatusCode="`+xmlEscape(sub)+`" `+mode+` />`)
		}
		lines = append(lines, "</httpErrors>")
		note := "the list is replaced whole: <clear /> first; IIS 7 shows custom errors to remote clients only by default (errorMode=\"DetailedLocalOnly\")"
		if len(bad) > 0 {
			note += "; not mapped: " + strings.Join(bad, "; ")
		}
		return []Equivalent{{Section: "system.webServer/httpErrors", Note: note, XML: nest([]string{"system.webServer"}, lines...)}}
	case "mimemap":
		// No <clear />: IIS 6 serves a key's MimeMap together with the
		// global map at /LM/MimeMap (not an ancestor, so not inheritance),
		// and IIS 7's server-level staticContent list is that global map.
		lines := []string{"<staticContent>"}
		for _, v := range p.Values {
			ext, typ, ok := strings.Cut(v, ",")
			if !ok {
				continue
			}
			lines = append(lines, `    <mimeMap fileExtension="`+xmlEscape(strings.TrimSpace(ext))+`" mimeType="`+xmlEscape(strings.TrimSpace(typ))+`" />`)
		}
		lines = append(lines, "</staticContent>")
		return []Equivalent{{Section: "system.webServer/staticContent", Note: "added to the server-level MIME map, as IIS 6 adds a key's MimeMap to /LM/MimeMap; an extension already mapped above needs a <remove> first",
			XML: nest([]string{"system.webServer"}, lines...)}}
	case "serverbindings", "securebindings":
		if mp.Site == "" || mp.Path != "" {
			return nil
		}
		proto := "http"
		if strings.EqualFold(p.Name, "SecureBindings") {
			proto = "https"
		}
		lines := []string{`<site name="` + xmlEscape(mp.Site) + `" id="` + mp.SiteID + `">`, "    <bindings>"}
		for _, v := range p.Values {
			if strings.HasPrefix(v, ":") {
				v = "*" + v // an empty IP address is "All Unassigned"
			}
			if proto == "https" && strings.Count(v, ":") == 1 {
				v += ":" // SecureBindings omit the host name part
			}
			lines = append(lines, `        <binding protocol="`+proto+`" bindingInformation="`+xmlEscape(v)+`" />`)
		}
		lines = append(lines, "    </bindings>", "</site>")
		return []Equivalent{{Section: "system.applicationHost/sites", XML: nest([]string{"system.applicationHost", "sites"}, lines...)}}
	}
	return nil
}

// nest wraps lines in the given element path, indenting four spaces a
// level as applicationHost.config does.
func nest(path []string, lines ...string) string {
	var b strings.Builder
	for i, p := range path {
		b.WriteString(strings.Repeat("    ", i) + "<" + p + ">\n")
	}
	ind := strings.Repeat("    ", len(path))
	for _, l := range lines {
		b.WriteString(ind + l + "\n")
	}
	for i := len(path) - 1; i >= 0; i-- {
		b.WriteString(strings.Repeat("    ", i) + "</" + path[i] + ">\n")
	}
	return b.String()
}

// wrapLocation puts a snippet for a path below APPHOST in a location tag.
func wrapLocation(configPath, xml string) string {
	if configPath == appHostPath {
		return xml
	}
	rel := strings.TrimPrefix(configPath, appHostPath+"/")
	var b strings.Builder
	b.WriteString(`<location path="` + xmlEscape(rel) + `">` + "\n")
	for _, l := range strings.SplitAfter(xml, "\n") {
		if l != "" {
			b.WriteString("    " + l)
		}
	}
	b.WriteString("</location>\n")
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
