package appcmd

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitCommandLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{`list config "Default Web Site/app1" /section:asp /config:*`, []string{"list", "config", "Default Web Site/app1", "/section:asp", "/config:*"}},
		{`list apps /site.name:"Default Web Site"`, []string{"list", "apps", "/site.name:Default Web Site"}},
		{`list vdirs /physicalPath:C:\inetpub\wwwroot`, []string{"list", "vdirs", `/physicalPath:C:\inetpub\wwwroot`}},
		{`a "b \"c\" d" e\\"f g"`, []string{"a", `b "c" d`, `e\f g`}},
		{`  spaced   out  `, []string{"spaced", "out"}},
		{`""`, []string{""}},
	} {
		if got := SplitCommandLine(tc.line); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SplitCommandLine(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestParseArgs(t *testing.T) {
	c := ParseArgs([]string{"LIST", "Sites", `"Default Web Site"`, "-state:Stopped", `/!text:"x y"`, "/config", "-", "extra"})
	want := &Command{
		Verb: "list", Object: "site", Identifier: "Default Web Site", Extra: []string{"extra"},
		Params: []Param{
			{Name: "state", Value: "Stopped", HasValue: true},
			{Name: "text", Value: "x y", HasValue: true, Escaped: true},
			{Name: "config"},
			{Name: "in"},
		},
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("ParseArgs = %+v\nwant %+v", c, want)
	}
	if p, ok := c.Param("STATE"); !ok || p.Value != "Stopped" {
		t.Errorf("Param(STATE) = %+v, %v", p, ok)
	}
}

func TestParseArgsValueKeepsColons(t *testing.T) {
	c := ParseArgs([]string{"list", "vdir", "/physicalPath:C:\\x:y"})
	if got := c.Params[0]; got.Name != "physicalPath" || got.Value != `C:\x:y` {
		t.Fatalf("param = %+v", got)
	}
}

// FuzzParseArgs checks that neither the tokeniser nor the parser panics,
// and that every token that is not a parameter lands somewhere.
func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{
		`list config "Default Web Site/app1" /section:asp /config:*`,
		`list sites /state:Stopped`, `-`, `/`, `/!`, `/:`, `"`, `\\\"`, `list apps /site.name:"X/"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := SplitCommandLine(line)
		c := ParseArgs(args)
		positional := len(args) - len(c.Params)
		if want := max(0, positional-3); len(c.Extra) != want {
			t.Fatalf("%q: %d extra positional arguments, want %d (%+v)", args, len(c.Extra), want, c)
		}
		for _, p := range c.Params {
			if strings.Contains(p.Name, ":") {
				t.Fatalf("%q: parameter name %q holds the value separator", args, p.Name)
			}
		}
	})
}

func TestCommandLineDropsAppcmd(t *testing.T) {
	for line, want := range map[string]string{
		`%windir%\system32\inetsrv\appcmd.exe list site`: "list|site",
		`appcmd list config "Default Web Site"`:          "list|config|Default Web Site",
		`APPCMD.EXE list apppool`:                        "list|apppool",
		`list site`:                                      "list|site",
		``:                                               "",
	} {
		if got := strings.Join(CommandLine(line), "|"); got != want {
			t.Errorf("CommandLine(%q) = %q, want %q", line, got, want)
		}
	}
}
