package appcmd

import (
	"testing"

	"github.com/iisconf/iisconf/engine/config"
	"github.com/iisconf/iisconf/engine/stock"
)

func TestListObjects(t *testing.T) {
	e := engineWith(t, nil)
	for _, tc := range []struct {
		line, want string
	}{
		{`list sites`, crlf(
			`SITE "Default Web Site" (id:1,bindings:http/*:80:,state:Started)`,
			`SITE "Shop" (id:2,bindings:http/*:8081:,https/*:8443:,state:Stopped)`)},
		{`list site "shop"`, crlf(`SITE "Shop" (id:2,bindings:http/*:8081:,https/*:8443:,state:Stopped)`)},
		{`list sites /state:stopped /serverAutoStart:false`, crlf(`SITE "Shop" (id:2,bindings:http/*:8081:,https/*:8443:,state:Stopped)`)},
		{`list apps`, crlf(
			`APP "Default Web Site/" (applicationPool:DefaultAppPool)`,
			`APP "Shop/" (applicationPool:DefaultAppPool)`,
			`APP "Shop/app1" (applicationPool:ShopPool)`)},
		{`list apps /site.name:"Shop"`, crlf(
			`APP "Shop/" (applicationPool:DefaultAppPool)`,
			`APP "Shop/app1" (applicationPool:ShopPool)`)},
		{`list vdirs`, crlf(
			`VDIR "Default Web Site/" (physicalPath:%SystemDrive%\inetpub\wwwroot)`,
			`VDIR "Shop/" (physicalPath:C:\shop)`,
			`VDIR "Shop/img" (physicalPath:D:\images)`,
			`VDIR "Shop/app1/" (physicalPath:C:\shop\app1)`,
			`VDIR "Shop/app1/vdir1" (physicalPath:C:\shop\vdir1)`)},
		{`list vdirs /app.name:"Shop/app1"`, crlf(
			`VDIR "Shop/app1/" (physicalPath:C:\shop\app1)`,
			`VDIR "Shop/app1/vdir1" (physicalPath:C:\shop\vdir1)`)},
		{`list vdir /app.name:Shop/ /text:physicalPath`, crlf(`C:\shop`, `D:\images`)},
		{`list apppools`, crlf(
			`APPPOOL "DefaultAppPool" (MgdVersion:v4.0,MgdMode:Integrated,state:Started)`,
			`APPPOOL ".NET v4.5 Classic" (MgdVersion:v4.0,MgdMode:Classic,state:Started)`,
			`APPPOOL ".NET v4.5" (MgdVersion:v4.0,MgdMode:Integrated,state:Started)`,
			`APPPOOL "ShopPool" (MgdVersion:,MgdMode:Integrated,state:Stopped)`)},
		{`list apppools /processModel.identityType:networkservice`, crlf(`APPPOOL "ShopPool" (MgdVersion:,MgdMode:Integrated,state:Stopped)`)},
	} {
		got, err := Run(e, SplitCommandLine(tc.line))
		if err != nil {
			t.Errorf("%s: error %q (code %d)", tc.line, err.Text, err.Code)
			continue
		}
		if got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.line, got, tc.want)
		}
	}
}

func TestListObjectErrors(t *testing.T) {
	e := config.New(stock.Workspace())
	for _, tc := range []struct {
		line, want string
		code       int
	}{
		{`list site x`, `ERROR ( message:Cannot find SITE object with identifier "x". )`, 1168},
		{`list app "Default Web Site/x"`, `ERROR ( message:Cannot find APP object with identifier "Default Web Site/x". )`, 1168},
		{`list vdir nope/`, `ERROR ( message:Cannot find VDIR object with identifier "nope/". )`, 1168},
		{`list apppool Nope`, `ERROR ( message:Cannot find APPPOOL object with identifier "Nope". )`, 1168},
		{`list sites /colour:blue`, `ERROR ( message:Unknown attribute "colour".  Replace with -? for help. )`, 87},
		{`list sites /state:Stopped`, ``, 1},
		{`list config /section:nope`, `ERROR ( message:Unknown config section "nope".  Replace with ? for help. )`, 87},
		{`list config /colour:blue`, `ERROR ( message:Unknown attribute "colour".  Replace with -? for help. )`, 87},
		{`list sites extra positional`, `ERROR ( message:Unknown attribute "positional".  Replace with -? for help. )`, 87},
	} {
		got, err := Run(e, SplitCommandLine(tc.line))
		if err == nil {
			t.Errorf("%s: no error, output %q", tc.line, got)
			continue
		}
		if err.Text != tc.want || err.Code != tc.code || err.Emulator {
			t.Errorf("%s: got %q (code %d, emulator %v), want %q (code %d)", tc.line, err.Text, err.Code, err.Emulator, tc.want, tc.code)
		}
	}
}

func TestRunRefusesWhatItDoesNotEmulate(t *testing.T) {
	e := config.New(stock.Workspace())
	for _, line := range []string{`set site x /id:3`, `list backups`, `list sites /xml`, `list sites /text:*`, ``, `list`} {
		_, err := Run(e, SplitCommandLine(line))
		if err == nil || !err.Emulator || err.Code != 2 {
			t.Errorf("%q: got %+v, want an emulator refusal", line, err)
		}
	}
}
