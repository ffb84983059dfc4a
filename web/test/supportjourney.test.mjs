// A support case from start to finish, as a support engineer works it
// (docs/support.md):
//   1. the customer runs `iisconf collect` on their server (here over a
//      drive-mirroring folder: the stock server with a real web.config from
//      the corpus — an MVC application asking for client certificates — and
//      an API application whose connection string holds a password);
//   2. the engineer opens the bundle with Import, on a first visit;
//   3. the customer pastes the text of the 500.19 page their browser shows
//      (copied as browsers copy it, label and value separated by a tab):
//      iisconf opens the path, the file and the line, with the reason;
//   4. the engineer fixes it in the AppCmd console (unlocks the sections for
//      the site), the request no longer fails with 500.19;
//   5. Compare sets the fixed workspace against the customer's bundle file;
//   6. Script turns the change into appcmd, PowerShell and C#, verified by
//      replay, and Copy puts the appcmd lines on the clipboard;
//   7. the same dialogs at a phone's size.
// Screenshots at each step, at 1400x900 and 390x844.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT_WEBCONFIG, launch, newPage, openPlayground, tid, shot, waitText, pasteOnPage } from "./lib/browser.mjs";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CORPUS_WEBCONFIG = fileURLToPath(new URL("../../../shared/corpus/webconfig/HansKindberg-Lab__My-.NET-Solutions__Source-Web-Client-Certificate-NET-Framework-MVC-Web.config", import.meta.url));
const STOCK_APPHOST = readFileSync(new URL("../../engine/stock/files/applicationHost.config", import.meta.url), "utf8");
const SITE = "MACHINE/WEBROOT/APPHOST/Default Web Site";
const FAILING = SITE + "/Home/RequireClientCertificate";

// Our own text: the corpus holds no real passwords.
const API_WEBCONFIG = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Orders" connectionString="Server=sql01;Database=Orders;User ID=orders;Password=Wint3r-Sale!" providerName="System.Data.SqlClient" />
  </connectionStrings>
</configuration>
`;

// The sections the real web.config sets that applicationHost.config locks
// (overrideModeDefault="Deny"): the fix unlocks them for the site.
const LOCKED = [
  "system.webServer/security/access",
  "system.webServer/security/authentication/anonymousAuthentication",
  "system.webServer/security/authentication/basicAuthentication",
  "system.webServer/security/authentication/clientCertificateMappingAuthentication",
  "system.webServer/security/authentication/digestAuthentication",
  "system.webServer/security/authentication/iisClientCertificateMappingAuthentication",
  "system.webServer/security/authentication/windowsAuthentication",
];

// The page as the customer's browser copies it from IIS 10's detailed
// error page (the table's cells separated by a tab and spaces).
const PAGE_500_19 = [
  "HTTP Error 500.19 - Internal Server Error",
  "The requested page cannot be accessed because the related configuration data for the page is invalid.",
  "Detailed Error Information:",
  "Module\t   IIS Web Core",
  "Notification\t   BeginRequest",
  "Handler\t   Not yet determined",
  "Error Code\t   0x80070021",
  'Config Error\t   This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".',
  "Config File\t   \\\\?\\C:\\inetpub\\wwwroot\\web.config",
  "Requested URL\t   https://localhost:443/Home/RequireClientCertificate",
  "Physical Path\t   C:\\inetpub\\wwwroot\\Home\\RequireClientCertificate",
  "Logon Method\t   Not yet determined",
  "Logon User\t   Not yet determined",
  "Config Source:",
  "   12: \t\t\t<security>",
  '   13: \t\t\t\t<access sslFlags="SslNegotiateCert, SslRequireCert" />',
  "   14: \t\t\t</security>",
  "",
  "More Information:",
  "This error occurs when there is a problem reading the configuration file for the Web server or Web application. In some cases, the event logs may contain more information about what caused this error.",
  "",
].join("\n");

const skip = !existsSync(CORPUS_WEBCONFIG) && "the corpus is not beside the repository";

async function dialogClosed(page) {
  await page.waitForFunction(() => !document.querySelector("dialog[open]"), null, { timeout: 30_000 });
}

async function fitsWidth(page) {
  return page.evaluate(() => {
    const dlg = document.querySelector("dialog[open]");
    const d = dlg?.getBoundingClientRect();
    // Its controls too: a <select> as wide as its longest option must not stick out.
    const out = [...(dlg?.querySelectorAll("select, input, button, label") ?? [])].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > d.right + 1 || r.left < d.left - 1);
    });
    return !!d && d.left >= 0 && d.right <= window.innerWidth && document.documentElement.scrollWidth <= window.innerWidth && out.length === 0;
  });
}

describe("a support case: collect, import, paste the 500.19, fix, compare, script", { skip, timeout: 900_000 }, () => {
  let browser, context, page, dir, bundlePath, bundle;

  before(async () => {
    // 1. The customer's server, collected with the CLI they run.
    dir = mkdtempSync(join(tmpdir(), "iisconf-case-"));
    const root = join(dir, "server");
    const put = (rel, text) => {
      const p = join(root, ...rel.split("/"));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    };
    put(
      "C/Windows/System32/inetsrv/config/applicationHost.config",
      STOCK_APPHOST.replace("</application>", '</application>\r\n                <application path="/api">\r\n                    <virtualDirectory path="/" physicalPath="C:\\inetpub\\api" />\r\n                </application>').replace(
        /(<binding protocol="http" bindingInformation="\*:80:" \/>)/,
        '$1\r\n                    <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />',
      ),
    );
    mkdirSync(join(root, "C", "Windows", "System32", "inetsrv", "config", "schema"), { recursive: true });
    put("C/inetpub/wwwroot/web.config", readFileSync(CORPUS_WEBCONFIG));
    put("C/inetpub/api/web.config", API_WEBCONFIG);
    put("@env", "SystemDrive=C:\nwindir=C:\\Windows\n");
    bundlePath = join(dir, "customer.txtar");
    const summary = execFileSync("go", ["run", "./cmd/iisconf", "collect", "-root", root, "-o", bundlePath], { cwd: REPO, encoding: "utf8", timeout: 300_000 });
    assert.match(summary, /C:\\inetpub\\api\\web\.config:4 {2}Password in connectionString/);
    assert.match(summary, /C:\\inetpub\\wwwroot\\web\.config {2}— site "Default Web Site", application \/, virtual directory \//);
    bundle = readFileSync(bundlePath, "utf8");
    assert.ok(!bundle.includes("Wint3r-Sale!") && bundle.includes("[redacted]"), "the bundle's password is redacted");

    browser = await launch();
    ({ context, page } = await newPage(browser, { permissions: ["clipboard-read", "clipboard-write"] }));
    await openPlayground(page);
  });

  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], "no page errors");
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens the customer's bundle with Import (a first visit)", async () => {
    // Whatever a first visit greets with is closed first.
    if (await page.locator("dialog[open]").count()) {
      await page.keyboard.press("Escape");
      await dialogClosed(page);
    }
    await tid(page, "import").click();
    await tid(page, "import-dialog").waitFor();
    await tid(page, "import-files").setInputFiles(bundlePath);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]').length === 3, null, { timeout: 30_000 });
    await tid(page, "import-go").click();
    await dialogClosed(page);
    await page.waitForFunction(() => window.iisconfApp.state().files.some((f) => f.path === "C:\\inetpub\\api\\web.config"), null, { timeout: 30_000 });
    const files = await page.evaluate(() => window.iisconfApp.state().files.map((f) => f.path));
    assert.deepEqual(files.sort(), ["C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config", "C:\\inetpub\\api\\web.config", ROOT_WEBCONFIG].sort());
  });

  it("the customer's 500.19 page, pasted anywhere, finds the path, the file and the line", async () => {
    await pasteOnPage(page, PAGE_500_19);
    await tid(page, "paste500-dialog").waitFor();
    await waitText(tid(page, "paste500-result"), "Understood:", 90_000);
    const understood = await tid(page, "paste500-understood").textContent();
    assert.match(understood, /Error Code, Config Error, Config File, Requested URL, Physical Path, Config Source/);
    assert.equal(await tid(page, "paste500-target").textContent(), `Opens ${FAILING}, ${ROOT_WEBCONFIG}:13.`);
    assert.match(await tid(page, "paste500-explanation").textContent(), /0x80070021 LOCKED in system\.webServer\/security\/access/);
    const result = await tid(page, "paste500-result").textContent();
    assert.match(result, /overrideModeDefault="Deny"/);
    assert.match(result, /The Config Source lines match the file in this workspace/);
    assert.doesNotMatch(result, /bindings differ/);
    await shot(page, "case-01-paste500-1400");
    await tid(page, "paste500-open").click();
    await dialogClosed(page);
    await page.waitForFunction((p) => window.iisconfApp.workspace.path === p, FAILING);
    await waitText(tid(page, "editor-file"), ROOT_WEBCONFIG);
    const line = await page.evaluate(() => {
      const sel = window.getSelection();
      const at = sel?.anchorNode?.parentElement?.closest(".cm-line");
      return at ? [...document.querySelectorAll(".cm-content .cm-line")].indexOf(at) + 1 : 0;
    });
    assert.equal(line, 13, "the cursor is on the error's line");
    assert.equal(await tid(page, "page-500").getAttribute("data-status"), "500.19");
    await shot(page, "case-02-opened-1400");
  });

  it("the fix, typed in the AppCmd console: the sections are unlocked for the site", async () => {
    await tid(page, "tab-appcmd").click();
    const input = tid(page, "appcmd-input");
    for (const s of LOCKED) {
      await input.fill(`unlock config "Default Web Site" -section:${s}`);
      await input.press("Enter");
      await waitText(tid(page, "appcmd-output"), `Unlocked section "${s}"`, 90_000);
      await page.waitForFunction(() => document.querySelector('[data-testid="appcmd-console"]')?.dataset.busy !== "true", null, { timeout: 90_000 });
    }
    assert.equal(await page.locator('[data-testid="appcmd-output"] .appcmd-block.err').count(), 0, "no command failed");
    await tid(page, "tab-500").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") !== "500.19", null, { timeout: 60_000 });
  });

  it("Compare sets the fixed workspace against the customer's bundle file", async () => {
    await tid(page, "tab-compare").click();
    await tid(page, "compare-view").waitFor();
    await tid(page, "compare-source").locator('option[value="file"]').waitFor({ state: "attached" });
    const chooser = page.waitForEvent("filechooser");
    await tid(page, "compare-source").selectOption("file");
    await (await chooser).setFiles(bundlePath);
    // The list names the file chosen.
    await page.waitForFunction(() => document.querySelector('[data-testid="compare-source"]').value === "picked");
    assert.equal(await tid(page, "compare-source").locator("option:checked").textContent(), "Bundle file customer.txtar");
    await tid(page, "compare-right").fill("Default Web Site");
    await tid(page, "compare-run").click();
    await waitText(tid(page, "compare-status"), "sections compared", 90_000);
    // The lock decision of every unlocked section changed; the customer's
    // errors (one per locked section the web.config sets) are on the left only.
    const locks = await page.locator('[data-testid="compare-changes"] [data-section]').evaluateAll((ls) => ls.map((l) => l.getAttribute("data-section")));
    for (const s of LOCKED.slice(1)) assert.ok(locks.includes(s), `${s} is listed: ${locks.join(", ")}`);
    assert.match(await tid(page, "compare-changes").textContent(), /left\s+MACHINE\/WEBROOT\/APPHOST\/Default Web Site — customer\.txtar/);
    const leftDiags = await tid(page, "compare-diags-left").textContent();
    assert.match(leftDiags, /error LOCKED C:\\inetpub\\wwwroot\\web\.config:58/);
    assert.equal(await tid(page, "compare-diags-right").count(), 0, "the fixed side has no diagnostic the customer's lacks");
    await page.locator('[data-testid="compare-locks"] summary').click();
    await shot(page, "case-03-compare-1400");
    // No value differs: an unlock changes where a section may be defined.
    await tid(page, "tab-compare-xml").click();
    await waitText(tid(page, "compare-xml"), "No value differs in the XML: the differences are in lock decisions, granular locks or diagnostics (see Changes).");
  });

  it("Script turns the fix into appcmd, PowerShell and C#, verified by replay; Copy takes the appcmd lines", async () => {
    await tid(page, "script").click();
    await tid(page, "script-dialog").waitFor();
    assert.equal(await tid(page, "script-source").inputValue(), "opened", "the change since the bundle was opened");
    await page.waitForFunction(() => document.querySelector('[data-testid="script-verify"]')?.dataset.state === "ok", null, { timeout: 120_000 });
    const appcmd = (await tid(page, "script-appcmd").textContent()).trim().split("\n");
    assert.equal(appcmd.length, LOCKED.length, appcmd.join("\n"));
    for (const s of LOCKED) assert.ok(appcmd.includes(`appcmd.exe unlock config "Default Web Site" -section:${s} /commit:apphost`), `${s}: ${appcmd.join("\n")}`);
    assert.match(await tid(page, "script-verify").textContent(), new RegExp(`Verified: the ${LOCKED.length} appcmd lines replayed`));
    // The configuration history the console's writes left is IIS's own: no note about it.
    assert.equal(await tid(page, "script-notes").locator("li").count(), 0, await tid(page, "script-notes").textContent());
    await shot(page, "case-04-script-1400");
    await tid(page, "script-copy").click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied.replace(/\r\n/g, "\n").trim(), appcmd.join("\n"));
    await tid(page, "tab-script-powershell").click();
    assert.match(await tid(page, "script-powershell").textContent(), /Set-WebConfiguration -pspath 'MACHINE\/WEBROOT\/APPHOST' -location 'Default Web Site' -filter "system\.webServer\/security\/access" -metadata overrideMode -value Allow/);
    await tid(page, "tab-script-csharp").click();
    assert.match(await tid(page, "script-csharp").textContent(), /GetApplicationHostConfiguration\(\)/);
    assert.match(await tid(page, "script-csharp").textContent(), /OverrideMode = OverrideMode\.Allow/);
    await tid(page, "tab-script-appcmd").click();
  });

  it("the same at a phone's size", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok(await fitsWidth(page), "the Script dialog fits the width");
    await shot(page, "case-05-script-390");
    await page.keyboard.press("Escape");
    await dialogClosed(page);
    await tid(page, "paste500").click();
    await tid(page, "paste500-text").fill(PAGE_500_19);
    await tid(page, "paste500-read").click();
    await waitText(tid(page, "paste500-result"), "Understood:", 90_000);
    // The workspace is fixed now: the page no longer matches it, and says so.
    assert.match(await tid(page, "paste500-result").textContent(), /this workspace raises no 0x80070021 error at MACHINE\/WEBROOT\/APPHOST\/Default Web Site\/Home\/RequireClientCertificate/);
    assert.ok(await fitsWidth(page), "the paste dialog fits the width");
    await shot(page, "case-06-paste500-fixed-390");
    await page.keyboard.press("Escape");
    await dialogClosed(page);
    // The Compare view, with the customer's file as its left side.
    await tid(page, "tab-compare").click();
    await tid(page, "compare-source").scrollIntoViewIfNeeded();
    const sticksOut = await page.evaluate(() => {
      const v = document.querySelector('[data-testid="compare-view"]').getBoundingClientRect();
      const s = document.querySelector('[data-testid="compare-source"]').getBoundingClientRect();
      return s.right > v.right + 1 || document.documentElement.scrollWidth > window.innerWidth;
    });
    assert.ok(!sticksOut, "the Compare view's list of workspaces stays on the screen");
    // The unified diff's note wraps rather than running off a phone's screen.
    const noteFits = await page.evaluate(() => {
      const x = document.querySelector('[data-testid="compare-xml"]');
      return x.scrollWidth <= x.clientWidth + 1;
    });
    assert.ok(noteFits, "the unified diff's note wraps");
    await shot(page, "case-07-compare-390");
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});
