package ops

import (
	"strings"
	"testing"

	"github.com/iisconf/iisconf/wasm/playground"
)

// TestSecrets: scanSecrets lists the secrets of the files and environment
// it is given, with the schema files among them in force; redactSecrets
// replaces the same list, except the findings the user chose to keep.
func TestSecrets(t *testing.T) {
	files := []playground.FileState{
		{Path: `C:\inetpub\wwwroot\web.config`, Text: "<configuration>\n<appSettings>\n<add key=\"ApiKey\" value=\"k1\" />\n</appSettings>\n<connectionStrings><add name=\"db\" connectionString=\"Server=x;Password=p1\" /></connectionStrings>\n<myVault vaultId=\"v1\" />\n</configuration>\n"},
		{Path: `C:\inetpub\wwwroot\app\web.config`, Text: "<configuration />", Unreadable: true},
	}
	env := map[string]string{"DB_PASSWORD": "e1"}
	var scan ScanResult
	call(t, "scanSecrets", SecretsArgs{Files: files, Env: env}, &scan)
	if len(scan.Findings) != 3 || scan.Findings[0].Line != 3 || scan.Findings[0].Kind != "setting" ||
		scan.Findings[1].Kind != "connection-string" || scan.Findings[2].Env != "DB_PASSWORD" {
		t.Fatalf("scanSecrets: %+v", scan.Findings)
	}

	// A schema file of the workspace that marks vaultId encrypted makes it a secret.
	withSchema := append(files, playground.FileState{
		Path: `C:\Windows\System32\inetsrv\config\schema\vault_schema.xml`,
		Text: `<configSchema><sectionSchema name="myVault"><attribute name="vaultId" type="string" encrypted="true" /></sectionSchema></configSchema>`,
	})
	call(t, "scanSecrets", SecretsArgs{Files: withSchema}, &scan)
	if len(scan.Findings) != 3 || scan.Findings[2].What != "vaultId on <myVault>" {
		t.Fatalf("scanSecrets with a schema file: %+v", scan.Findings)
	}

	var red RedactResult
	call(t, "redactSecrets", SecretsArgs{Files: files, Env: env, Keep: []int{1}}, &red)
	if red.Redacted != 2 || len(red.Files) != 2 || !strings.Contains(red.Files[0].Text, `value="[redacted]"`) ||
		!strings.Contains(red.Files[0].Text, "Password=p1") || red.Env["DB_PASSWORD"] != "[redacted]" || !red.Files[1].Unreadable {
		t.Fatalf("redactSecrets: %+v", red)
	}

	call(t, "scanSecrets", SecretsArgs{}, &scan)
	if scan.Findings == nil || len(scan.Findings) != 0 {
		t.Fatalf("no files: %+v", scan)
	}
}
