package secrets

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/iisconf/iisconf/engine/stock"
	"github.com/iisconf/iisconf/engine/workspace"
	"github.com/iisconf/iisconf/engine/xmltree"
)

// found is what a test expects of one finding: its kind and the exact
// text it covers (what redaction replaces).
type found struct {
	kind   Kind
	secret string
}

// secretCases covers every kind of secret the scanner knows, each in the
// place IIS administrators write it.
var secretCases = []struct {
	name string
	text string
	want []found
}{
	{"connection string password", `<configuration><connectionStrings>
  <add name="Main" connectionString="Server=db01;Database=Shop;User ID=shop;Password=Sh0p!pass;" providerName="System.Data.SqlClient" />
</connectionStrings></configuration>`, []found{{ConnectionString, "Sh0p!pass"}}},
	{"connection string Pwd, quoted with a ;", `<configuration><connectionStrings>
  <add name="Ora" connectionString="Data Source=ora;User Id=app;Pwd='a;b';" />
</connectionStrings></configuration>`, []found{{ConnectionString, "a;b"}}},
	{"Azure storage AccountKey", `<configuration><connectionStrings>
  <add name="Blob" connectionString="DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4==;EndpointSuffix=core.windows.net" />
</connectionStrings></configuration>`, []found{{ConnectionString, "Zm9vYmFyYmF6cXV4=="}}},
	{"Service Bus SharedAccessKey after an sb:// endpoint", `<configuration><appSettings>
  <add key="Bus" value="Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=c2VjcmV0a2V5" />
</appSettings></configuration>`, []found{{ConnectionString, "c2VjcmV0a2V5"}}},
	{"sessionState sqlConnectionString", `<configuration><system.web>
  <sessionState mode="SQLServer" sqlConnectionString="data source=sql01;user id=state;password=St4te" />
</system.web></configuration>`, []found{{ConnectionString, "St4te"}}},
	{"machineKey keys", `<configuration><system.web>
  <machineKey validationKey="0123456789ABCDEF0123456789ABCDEF" decryptionKey="FEDCBA9876543210FEDCBA9876543210" validation="SHA1" />
</system.web></configuration>`, []found{{Attribute, "0123456789ABCDEF0123456789ABCDEF"}, {Attribute, "FEDCBA9876543210FEDCBA9876543210"}}},
	{"identity and processModel passwords", `<configuration><system.web>
  <identity impersonate="true" userName="CONTOSO\web" password="Imp3rs0nate" />
  <processModel userName="svc" password="Pr0cess" />
</system.web></configuration>`, []found{{Attribute, "Imp3rs0nate"}, {Attribute, "Pr0cess"}}},
	{"application pool, virtual directory and anonymous passwords", `<configuration><system.applicationHost>
  <applicationPools><add name="Shop"><processModel identityType="SpecificUser" userName="CONTOSO\pool" password="P00lpass" /></add></applicationPools>
  <sites><site name="Shop" id="2"><application path="/"><virtualDirectory path="/" physicalPath="\\fs\shop" userName="CONTOSO\share" password="Sh4re" /></application></site></sites>
</system.applicationHost>
<system.webServer><security><authentication><anonymousAuthentication enabled="true" userName="anon" password="An0n" /></authentication></security></system.webServer>
</configuration>`, []found{{Attribute, "P00lpass"}, {Attribute, "Sh4re"}, {Attribute, "An0n"}}},
	{"configurationRedirection password", `<configuration><configurationRedirection enabled="true" path="\\fs\config" userName="CONTOSO\cfg" password="Red1rect" /></configuration>`,
		[]found{{Attribute, "Red1rect"}}},
	{"forms credentials and SMTP", `<configuration><system.web><authentication mode="Forms"><forms><credentials passwordFormat="Clear">
  <user name="admin" password="F0rms" />
</credentials></forms></authentication></system.web>
<system.net><mailSettings><smtp><network host="smtp.contoso.com" userName="mailer" password="Sm7p" /></smtp></mailSettings></system.net></configuration>`,
		[]found{{Attribute, "F0rms"}, {Attribute, "Sm7p"}}},
	{"encrypted attribute", `<configuration><system.webServer><security><authentication>
  <anonymousAuthentication enabled="true" userName="anon" password="[enc:AesProvider:57686f6120447564652c2049495320526f636b73:enc]" />
</authentication></security></system.webServer></configuration>`, []found{{Encrypted, "[enc:AesProvider:57686f6120447564652c2049495320526f636b73:enc]"}}},
	{"EncryptedData", `<configuration><connectionStrings configProtectionProvider="RsaProtectedConfigurationProvider">
  <EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" xmlns="http://www.w3.org/2001/04/xmlenc#">
    <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><EncryptedKey xmlns="http://www.w3.org/2001/04/xmlenc#">
      <CipherData><CipherValue>S2V5Q2lwaGVy</CipherValue></CipherData></EncryptedKey></KeyInfo>
    <CipherData><CipherValue>RGF0YUNpcGhlcg==</CipherValue></CipherData>
  </EncryptedData>
</connectionStrings></configuration>`, []found{{Encrypted, "S2V5Q2lwaGVy"}, {Encrypted, "RGF0YUNpcGhlcg=="}}},
	{"configProtectedData session keys", `<configuration><configProtectedData><providers>
  <add name="AesProvider" type="Microsoft.ApplicationHost.AesProtectedConfigurationProvider" keyContainerName="iisConfigurationKey" sessionKey="AQIAAA5mAAAApAAAKmFQ" />
</providers></configProtectedData></configuration>`, []found{{Encrypted, "AQIAAA5mAAAApAAAKmFQ"}}},
	{"appSettings named as secrets", `<configuration><appSettings>
  <add key="DbPassword" value="Db!pass" />
  <add key="ApiKey" value="ak_live_123" />
  <add key="Stripe.SecretKey" value="sk_live_456" />
  <add key="SMTP_PASS" value="mail" />
  <add key="PasswordResetUrl" value="https://contoso.com/reset" />
  <add key="RecaptchaPublicKey" value="6Lc_public" />
</appSettings></configuration>`, []found{{Setting, "Db!pass"}, {Setting, "ak_live_123"}, {Setting, "sk_live_456"}, {Setting, "mail"}}},
	{"applicationSettings value text", `<configuration><applicationSettings><Shop.Properties.Settings>
  <setting name="PaymentApiToken" serializeAs="String">
    <value>tok_9f8e7d</value>
  </setting>
  <setting name="PageSize" serializeAs="String"><value>20</value></setting>
</Shop.Properties.Settings></applicationSettings></configuration>`, []found{{Setting, "tok_9f8e7d"}}},
	{"schema secrets written in clear", `<configuration><system.applicationHost><sites>
  <site name="Ftp" id="3"><ftpServer><userIsolation mode="ActiveDirectory"><activeDirectory adUserName="CONTOSO\ftp" adPassword="Ad!pass" /></userIsolation></ftpServer></site>
</sites></system.applicationHost>
<system.webServer>
  <proxy enabled="true" clientCertPassword="C3rt" />
  <rewrite><providers><provider name="DB" type="DbProvider"><settings><add key="ConnectionString" encryptedValue="Server=x;Integrated Security=SSPI" /></settings></provider></providers></rewrite>
</system.webServer>
<webFarms><webFarm name="Farm" adminUserName="CONTOSO\arr" adminPassword="Arr4dmin" /></webFarms>
</configuration>`, []found{{Attribute, "Ad!pass"}, {Attribute, "C3rt"}, {Attribute, "Server=x;Integrated Security=SSPI"}, {Attribute, "Arr4dmin"}}},
	{"camelCase names in any section", `<configuration><myApp>
  <oauth clientId="shop-web" clientSecret="cs_abc" accessToken="at_def" refresh_token="rt_ghi" />
  <jwt signingKey="sgn" tokenLifetime="3600" />
</myApp></configuration>`, []found{{Attribute, "cs_abc"}, {Attribute, "at_def"}, {Attribute, "rt_ghi"}, {Attribute, "sgn"}}},
	{"aspNetCore environment variables", `<configuration><system.webServer>
  <aspNetCore processPath="dotnet" arguments=".\Shop.dll"><environmentVariables>
    <environmentVariable name="ASPNETCORE_ENVIRONMENT" value="Production" />
    <environmentVariable name="JWT_SECRET" value="jwt-s3cret" />
    <environmentVariable name="ConnectionStrings__Main" value="Server=db;User Id=u;Password=Env!pw" />
  </environmentVariables></aspNetCore>
</system.webServer></configuration>`, []found{{Setting, "jwt-s3cret"}, {ConnectionString, "Env!pw"}}},
	{"credentials in URLs", `<configuration><system.webServer><rewrite><rules>
  <rule name="Proxy"><match url="(.*)" /><action type="Rewrite" url="https://admin:Pr0xy@backend.contoso.local/{R:1}" /></rule>
  <rule name="Blob"><match url="^files/(.*)" /><action type="Rewrite" url="https://acme.blob.core.windows.net/files/{R:1}?sv=2022-11-02&amp;sig=Ab%2Bcd&amp;se=2030-01-01" /></rule>
</rules></rewrite></system.webServer></configuration>`, []found{{URLCredential, "Pr0xy"}, {URLCredential, "Ab%2Bcd"}}},
	{"PEM private key", `<configuration><myApp><signing>-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA1
-----END RSA PRIVATE KEY-----</signing>
<cert>-----BEGIN CERTIFICATE-----
MIIDpublic
-----END CERTIFICATE-----</cert></myApp></configuration>`, []found{{PrivateKey, "MIIEowIBAAKCAQEA1"}}},
	{"a value written across lines is one finding", "<configuration><system.web>\r\n  <identity impersonate=\"true\" userName=\"u\" password=\"first\r\n  second\" />\r\n</system.web></configuration>",
		[]found{{Attribute, "first\r\n  second"}}},
	{"commented out", `<configuration><connectionStrings>
  <!-- <add name="Old" connectionString="Server=old;User ID=sa;Password=0ldpass" /> -->
  <!-- the SMTP server: smtps://mailer:M4il@smtp.contoso.com:465 -->
</connectionStrings></configuration>`, []found{{ConnectionString, "0ldpass"}, {URLCredential, "M4il"}}},
	{"a file that is not well-formed XML", `<configuration><connectionStrings>
  <add name="A" connectionString="Server=a;Password=Br0ken" 
  <add name="B" connectionString="Server=b;Password=Br0ken2" />
</connectionStrings>`, []found{{ConnectionString, "Br0ken"}, {ConnectionString, "Br0ken2"}}},
	{"a fragment without <configuration>", `<system.webServer><security><authentication>
  <anonymousAuthentication userName="anon" password="Fr4gment" />
</authentication></security></system.webServer>`, []found{{Attribute, "Fr4gment"}}},
}

// cleanCases hold no secret: none of them may be flagged.
var cleanCases = []struct{ name, text string }{
	{"names that mention secrets without holding one", `<configuration><system.web>
  <membership><providers><add name="Sql" type="System.Web.Security.SqlMembershipProvider, System.Web, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"
    connectionStringName="LocalSqlServer" passwordFormat="Hashed" minRequiredPasswordLength="7" enablePasswordReset="true" maxInvalidPasswordAttempts="5" passwordAttemptWindow="10" /></providers></membership>
  <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" />
</system.web>
<runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1"><dependentAssembly>
  <assemblyIdentity name="Newtonsoft.Json" publicKeyToken="30ad4fe6b2a6aeed" culture="neutral" />
</dependentAssembly></assemblyBinding></runtime>
<system.webServer>
  <aspNetCore processPath="dotnet" forwardWindowsAuthToken="true" />
  <security><authentication><windowsAuthentication enabled="true"><extendedProtection tokenChecking="Allow" /></windowsAuthentication>
  <anonymousAuthentication enabled="true" userName="IUSR" password="" /></authentication></security>
</system.webServer>
<configProtectedData><providers><add name="Rsa" keyContainerName="NetFrameworkConfigurationKey" keyEntropy="" /></providers></configProtectedData>
</configuration>`},
	{"connection strings without credentials", `<configuration><connectionStrings>
  <add name="LocalSqlServer" connectionString="data source=.\SQLEXPRESS;Integrated Security=SSPI;AttachDBFilename=|DataDirectory|aspnetdb.mdf;User Instance=true" providerName="System.Data.SqlClient" />
</connectionStrings>
<system.web><sessionState stateConnectionString="tcpip=127.0.0.1:42424" /></system.web></configuration>`},
	{"placeholders and redacted values", `<configuration><appSettings>
  <add key="DbPassword" value="%DB_PASSWORD%" />
  <add key="ApiKey" value="#{ApiKey}#" />
  <add key="ClientSecret" value="$(ClientSecret)" />
  <add key="Token" value="__Token__" />
  <add key="SmtpPassword" value="[redacted]" />
  <add key="Masked" value="********" />
</appSettings>
<system.net><mailSettings><smtp><network password="[redacted]" /></smtp></mailSettings></system.net>
<connectionStrings><add name="x" connectionString="Server=a;Password=[redacted]" /></connectionStrings></configuration>`},
	{"schema files: empty ciphertext defaults", `<configSchema><sectionSchema name="system.webServer/security/authentication/anonymousAuthentication">
  <attribute name="password" type="string" encrypted="true" defaultValue="[enc:AesProvider::enc]" />
</sectionSchema></configSchema>`},
	{"URLs without credentials, and keys that are paths", `<configuration><appSettings>
  <add key="Backend" value="https://backend.contoso.local/api?version=2&amp;page=1" />
  <add key="docs/reset-password" value="/docs/legacy/" />
</appSettings></configuration>`},
	{"public key material", `<configuration><mono><strongNames>
  <map Token="b77a5c561934e089" PublicKey="0024000004800000" />
</strongNames></mono></configuration>`},
}

func TestScanFindsEverySecretKind(t *testing.T) {
	kinds := map[Kind]bool{}
	for _, c := range secretCases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.text)
			got := ScanText(`C:\inetpub\wwwroot\web.config`, src, nil)
			if len(got) != len(c.want) {
				t.Fatalf("%d findings, want %d:\n%s", len(got), len(c.want), describe(src, got))
			}
			for i, f := range got {
				kinds[f.Kind] = true
				if f.Kind != c.want[i].kind || string(src[f.Start:f.End]) != c.want[i].secret {
					t.Errorf("finding %d: %s %q, want %s %q", i, f.Kind, src[f.Start:f.End], c.want[i].kind, c.want[i].secret)
				}
				if f.File != `C:\inetpub\wwwroot\web.config` || f.Line < 1 || f.EndLine < f.Line || f.What == "" {
					t.Errorf("finding %d: file %q lines %d-%d what %q", i, f.File, f.Line, f.EndLine, f.What)
				}
				if strings.Contains(f.What, c.want[i].secret) {
					t.Errorf("finding %d: What %q gives the secret away", i, f.What)
				}
			}
			red := RedactText(src, got)
			if again := ScanText("x", red, nil); len(again) != 0 {
				t.Errorf("the redacted text still has secrets:\n%s\n%s", red, describe(red, again))
			}
			for _, w := range c.want {
				if bytes.Contains(red, []byte(w.secret)) {
					t.Errorf("redacted text still contains %q:\n%s", w.secret, red)
				}
			}
			if bytes.Count(red, []byte(Placeholder)) != len(c.want) {
				t.Errorf("want %d placeholders:\n%s", len(c.want), red)
			}
		})
	}
	for _, k := range []Kind{Attribute, Setting, ConnectionString, URLCredential, PrivateKey, Encrypted} {
		if !kinds[k] {
			t.Errorf("no case covers kind %s", k)
		}
	}
}

func TestScanFlagsNothingThatIsNotASecret(t *testing.T) {
	for _, c := range cleanCases {
		if got := ScanText("x", []byte(c.text), nil); len(got) != 0 {
			t.Errorf("%s: flagged\n%s", c.name, describe([]byte(c.text), got))
		}
	}
}

// TestStockServerIsClean: the stock server's files — what every visitor
// starts from — hold no secret, so Share asks nothing of them.
func TestStockServerIsClean(t *testing.T) {
	ws := stock.Workspace()
	ws.Set(workspace.MachineConfigPath, stock.MachineConfig())
	ws.Set(workspace.RootWebConfigPath, stock.RootWebConfig())
	if got := Scan(ws, nil); len(got) != 0 {
		t.Errorf("the stock server has %d findings: %+v", len(got), got)
	}
}

func TestLinesAndEnvironment(t *testing.T) {
	src := []byte("<configuration>\r\n<appSettings>\r<add key=\"ApiKey\"\n value=\"two\nlines\" />\r\n</appSettings></configuration>")
	got := ScanText("a", src, nil)
	if len(got) != 1 || got[0].Line != 4 || got[0].EndLine != 5 {
		t.Fatalf("got %+v, want one finding on lines 4-5", got)
	}

	ws := workspace.New()
	ws.Set(`C:\inetpub\wwwroot\web.config`, src)
	ws.SetEnv("DB_PASSWORD", "Env0nly")
	ws.SetEnv("BACKEND", "https://svc:Svcp4ss@backend/")
	ws.SetEnv("PORT", "8080")
	all := Scan(ws, nil)
	var env []Finding
	for _, f := range all {
		if f.Env != "" {
			env = append(env, f)
		}
	}
	if len(all) != 3 || len(env) != 2 || env[0].Env != "BACKEND" || env[0].Kind != URLCredential || env[1].Env != "DB_PASSWORD" || env[1].Kind != Environment {
		t.Fatalf("Scan: %+v", all)
	}
	red := Redact(ws, all)
	if v, _ := red.Getenv("DB_PASSWORD"); v != Placeholder {
		t.Errorf("DB_PASSWORD redacted to %q", v)
	}
	if v, _ := red.Getenv("BACKEND"); v != "https://svc:"+Placeholder+"@backend/" {
		t.Errorf("BACKEND redacted to %q", v)
	}
	if v, _ := ws.Getenv("DB_PASSWORD"); v != "Env0nly" {
		t.Errorf("Redact changed the original workspace: %q", v)
	}
	if again := Scan(red, nil); len(again) != 0 {
		t.Errorf("the redacted workspace still has secrets: %+v", again)
	}
}

func TestScanAndRedactFiles(t *testing.T) {
	files := []File{
		{`C:\a\web.config`, []byte(`<configuration><appSettings><add key="ApiKey" value="one" /><add key="DbPassword" value="two" /></appSettings></configuration>`)},
		{`C:\a\web.config`, []byte(`<configuration><appSettings><add key="ApiKey" value="three" /></appSettings></configuration>`)},
	}
	env := map[string]string{"Z_TOKEN": "four", "A_SECRET": "five", "PORT": "80"}
	fs := ScanFiles(files, env, nil)
	var got []string
	for _, f := range fs {
		got = append(got, f.File+f.Env+":"+f.What)
	}
	want := []string{
		`C:\a\web.config:value of <add key="ApiKey">`, `C:\a\web.config:value of <add key="DbPassword">`,
		`C:\a\web.config:value of <add key="ApiKey">`, "A_SECRET:environment variable A_SECRET", "Z_TOKEN:environment variable Z_TOKEN",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ScanFiles:\n%s", strings.Join(got, "\n"))
	}
	// Keep the second finding (DbPassword) and the fifth (Z_TOKEN).
	outFiles, outEnv, n := RedactFiles(files, env, nil, func(i int) bool { return i == 1 || i == 4 })
	if n != 3 || !bytes.Contains(outFiles[0].Text, []byte(`value="two"`)) || bytes.Contains(outFiles[0].Text, []byte("one")) ||
		bytes.Contains(outFiles[1].Text, []byte("three")) || outEnv["A_SECRET"] != Placeholder || outEnv["Z_TOKEN"] != "four" || outEnv["PORT"] != "80" {
		t.Errorf("RedactFiles replaced %d: %s | %s | %v", n, outFiles[0].Text, outFiles[1].Text, outEnv)
	}
	if string(files[0].Text) == string(outFiles[0].Text) || env["A_SECRET"] != "five" {
		t.Error("RedactFiles changed its inputs or nothing")
	}
}

func TestUTF16File(t *testing.T) {
	text := "\ufeff<configuration><appSettings><add key=\"ApiKey\" value=\"Wide\u00e9\" /></appSettings></configuration>"
	for _, big := range []bool{false, true} {
		var b []byte
		for _, u := range utf16.Encode([]rune(text)) {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		got := ScanText("u", b, nil)
		if len(got) != 1 {
			t.Fatalf("big-endian %v: %+v", big, got)
		}
		red := RedactText(b, got)
		want := strings.Replace(text, "Wide\u00e9", Placeholder, 1)
		src, back := utf8Text(red)
		if back == nil || string(src) != want {
			t.Errorf("big-endian %v: redacted to %q", big, src)
		}
	}
}

// TestRedactionKeepsWellFormedXML: redacting a well-formed file leaves it
// well-formed, so a redacted share opens in the engine as the original did.
func TestRedactionKeepsWellFormedXML(t *testing.T) {
	for _, c := range secretCases {
		src := []byte(c.text)
		if _, err := xmltree.Parse(src, xmltree.Limits{}); err != nil {
			continue
		}
		red := RedactText(src, ScanText("x", src, nil))
		if _, err := xmltree.Parse(red, xmltree.Limits{}); err != nil {
			t.Errorf("%s: redacted file no longer parses: %v\n%s", c.name, err, red)
		}
	}
}

func TestSecretNames(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "adPassword": true, "clientCertPassword": true, "adminPassword": true,
		"clientSecret": true, "accessToken": true, "apiKey": true, "APIKey": true, "api_key": true,
		"DB_PASSWORD": true, "Shared Access Key": true, "AccountKey": true, "pwd": true, "Pwd": true,
		"validationKey": true, "decryptionKey": true, "sessionKey": true, "apikey": true, "dbpassword": true,
		"HTTPSProxyPassword": true, "refresh_token": true, "SharedAccessSignature": true,
		"key": false, "name": false, "publicKeyToken": false, "PublicKey": false, "passwordFormat": false,
		"tokenChecking": false, "minRequiredPasswordLength": false, "keyContainerName": false,
		"connectionString": false, "connectionStringName": false, "userName": false, "bypass": false,
		"monkey": false, "cacheKey": false, "SharedAccessKeyName": false, "docs/reset-password": false,
	} {
		if got := isSecretName(name); got != want {
			t.Errorf("isSecretName(%q) = %v, want %v", name, got, want)
		}
		if want && !mayBeSecretName([]byte(name)) {
			t.Errorf("mayBeSecretName(%q) rules out a secret name", name)
		}
	}
}

func describe(src []byte, fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(string(f.Kind) + " " + f.What + ": " + string(src[f.Start:f.End]) + "\n")
	}
	return b.String()
}
