// Which .NET Framework folder a site reads, as a support engineer meets it
// (docs/hierarchy.md#framework-folders): a customer's ASP.NET 3.5
// web.config (a real one from the corpus, WebGoat.NET's) on a .NET 4 pool
// fails with 500.19 0x800700b7, because the v4.0 machine.config already
// declares the system.web.extensions group the file declares again. The
// path bar and the merge stack say which folder the pool picked and why;
// moving the pool to .NET 2.0 with appcmd (typed, keyboard only) makes
// the site read Framework64\v2.0.50727 and the error goes. The server
// level keeps reading the 64-bit v4.0 folder. On a laptop and a phone.
//
// A zipped server tree with two framework folders (a real .NET 4
// machine.config from the corpus in Framework64\v4.0.30319\Config, a .NET
// 2.0 pair in Framework\v2.0.50727\CONFIG) imports each file into the
// folder its path names; the site on a 32-bit .NET 2.0 pool reads the 2.0
// pair, the server level the real 4.0 machine.config, with no false
// diagnostic for its system.webServer IgnoreSection
// (docs/declarations.md#net-placeholder-sections).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { BASE, APPHOST, ROOT_WEBCONFIG, newPage, tid, shot, waitText, shareHash, usePage } from "./lib/browser.mjs";
import { zip } from "./lib/zip.mjs";

const STOCK_APPHOST = readFileSync(new URL("../../engine/stock/files/applicationHost.config", import.meta.url), "utf8");
const CORPUS = new URL("../../../shared/corpus/webconfig/jerryhoff__WebGoat.NET__WebGoat-Web.config", import.meta.url);
const REAL_MACHINE = new URL("../../../shared/corpus/machine/SegarraFacundo__AcademiaFacultad__machine.config", import.meta.url);
const NET = "C:\\Windows\\Microsoft.NET\\";

/** A .NET 2.0 machine.config of a real one's shape (the declarations its root web.config uses). */
const V2_MACHINE = `<?xml version="1.0" encoding="UTF-8" ?>
<configuration>
    <configSections>
        <section name="appSettings" type="System.Configuration.AppSettingsSection, System.Configuration, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a" restartOnExternalChanges="false" requirePermission="false"/>
        <section name="runtime" type="System.Configuration.IgnoreSection, System.Configuration, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a" allowLocation="false"/>
        <sectionGroup name="system.web" type="System.Web.Configuration.SystemWebSectionGroup, System.Web, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a">
            <section name="compilation" type="System.Web.Configuration.CompilationSection, System.Web, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a" requirePermission="false"/>
        </sectionGroup>
        <section name="system.webServer" type="System.Configuration.IgnoreSection, System.Configuration, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"/>
    </configSections>
</configuration>
`;
const rootWeb = (where) => `<?xml version="1.0" encoding="utf-8"?>
<configuration>
    <appSettings>
        <add key="framework" value="${where}"/>
    </appSettings>
</configuration>
`;

/** The zipped tree: the stock server with DefaultAppPool on .NET 2.0, 32-bit, and two framework folders. */
function serverZip() {
  const apphost = STOCK_APPHOST.replace('<add name="DefaultAppPool" />', '<add name="DefaultAppPool" managedRuntimeVersion="v2.0" enable32BitAppOnWin64="true" />');
  assert.notEqual(apphost, STOCK_APPHOST);
  return zip([
    ["server/Windows/System32/inetsrv/config/applicationHost.config", apphost],
    ["server/Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config", readFileSync(REAL_MACHINE, "utf8")],
    ["server/Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config", rootWeb("v4.0 64-bit")],
    ["server/Windows/Microsoft.NET/Framework/v2.0.50727/CONFIG/machine.config", V2_MACHINE],
    ["server/Windows/Microsoft.NET/Framework/v2.0.50727/CONFIG/web.config", rootWeb("v2.0 32-bit")],
    ["server/readme.txt", "collected from WEB01"],
  ]);
}

function goatState(panel) {
  return {
    version: 1,
    files: [
      { path: APPHOST, text: STOCK_APPHOST },
      { path: ROOT_WEBCONFIG, text: readFileSync(CORPUS, "utf8").replace(/^\uFEFF/, "") },
    ],
    env: {},
    path: "Default Web Site",
    view: { panel, section: "system.web.extensions/scripting/scriptResourceHandler" },
  };
}

async function responseStatus(page, want) {
  await tid(page, "tab-500").click();
  await page.waitForFunction((w) => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === w, want, { timeout: 30_000 });
}

/** The merge stack's MACHINE level: its file and its note. */
async function machineLevel(page) {
  await tid(page, "tab-merge").click();
  const level = tid(page, "merge-view").locator("li.level").first();
  await level.waitFor();
  return level;
}

describe("the .NET Framework folder a pool picks", { skip: !existsSync(CORPUS) && "the corpus is not beside the repository", timeout: 240_000 }, () => {
  const s = usePage();

  it("shows the folder and the 500.19 of a 3.5 web.config on a v4.0 pool", async () => {
    const page = s.page;
    await page.goto(BASE + "/" + shareHash(goatState("500")));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await waitText(tid(page, "path-framework"), "Framework64\\v4.0.30319");
    assert.match(await tid(page, "path-framework").getAttribute("title"), /application pool "DefaultAppPool" has managedRuntimeVersion="v4\.0"/);
    await responseStatus(page, "500.19");
    await waitText(tid(page, "page-500"), "0x800700b7");
    await waitText(tid(page, "page-500"), "There is a duplicate 'system.web.extensions/scripting/scriptResourceHandler' section defined");
    const level = await machineLevel(page);
    await waitText(level, "Framework64\\v4.0.30319\\Config\\machine.config");
    await waitText(level, "built-in stand-in");
    await waitText(level.locator('[data-testid="level-note"]'), 'Framework64\\v4.0.30319: application pool "DefaultAppPool"');
    await shot(page, "70-framework-v4-pool");
    assert.deepEqual(page.errors, []);
  });

  it("moves the pool to .NET 2.0 with appcmd, by keyboard, and the site reads the v2.0 folder", async () => {
    const page = s.page;
    await tid(page, "tab-appcmd").click();
    const input = tid(page, "appcmd-input");
    await input.focus();
    await page.keyboard.type("set apppool DefaultAppPool /managedRuntimeVersion:v2.0");
    await page.keyboard.press("Enter");
    await waitText(tid(page, "appcmd-output"), 'APPPOOL object "DefaultAppPool" changed');
    await page.waitForSelector('[data-testid="appcmd-console"][data-busy="false"]', { timeout: 30_000 });
    await waitText(tid(page, "path-framework"), "Framework64\\v2.0.50727");
    await responseStatus(page, "200");
    const level = await machineLevel(page);
    await waitText(level, "Framework64\\v2.0.50727\\CONFIG\\machine.config");
    await waitText(level.locator('[data-testid="level-note"]'), 'has managedRuntimeVersion="v2.0"');
    await waitText(level.locator('[data-testid="level-note"]'), "built-in stand-in for .NET v2.0");
    await shot(page, "71-framework-v2-pool");
    assert.deepEqual(page.errors, []);
  });

  it("keeps the server level on the 64-bit v4.0 folder", async () => {
    const page = s.page;
    await tid(page, "path-box").fill("MACHINE/WEBROOT/APPHOST");
    await tid(page, "path-box").press("Enter");
    // The old path contains the new one: wait for the exact text.
    await page.waitForFunction(() => document.querySelector('[data-testid="config-path"]')?.textContent === "MACHINE/WEBROOT/APPHOST", null, { timeout: 30_000 });
    assert.equal(await tid(page, "path-framework").count(), 0, "the server level has no pool, so no framework in the path bar");
    const level = await machineLevel(page);
    await waitText(level.locator('[data-testid="level-note"]'), "the server level is read by WAS and the administration tools");
    assert.deepEqual(page.errors, []);
  });

  it("imports a zipped server with two framework folders, each file into the folder its path names", async () => {
    const page = s.page;
    await tid(page, "import").click();
    await tid(page, "import-dialog").waitFor();
    await tid(page, "import-files").setInputFiles({ name: "server.zip", mimeType: "application/zip", buffer: serverZip() });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]').length === 5, null, { timeout: 30_000 });
    const dests = await page.locator('[data-testid="import-preview"] li[data-dest]').evaluateAll((ls) => ls.map((l) => l.getAttribute("data-dest")));
    assert.deepEqual(dests, [
      APPHOST,
      NET + "Framework64\\v4.0.30319\\Config\\machine.config",
      NET + "Framework64\\v4.0.30319\\Config\\web.config",
      NET + "Framework\\v2.0.50727\\CONFIG\\machine.config",
      NET + "Framework\\v2.0.50727\\CONFIG\\web.config",
    ]);
    const preview = tid(page, "import-preview");
    await waitText(preview, "machine.config of Framework\\v2.0.50727 (read by .NET v2.0 pools running 32-bit)");
    await waitText(preview, "the root web.config of Framework64\\v4.0.30319 (read by the server level and .NET v4.0 pools running 64-bit)");
    await shot(page, "73-framework-import-preview");
    await tid(page, "import-go").click();
    // The appcmd edit above makes the workspace the user's: replacing it asks first.
    const ask = tid(page, "confirm-replace-go");
    await ask.waitFor({ timeout: 5_000 }).then(() => ask.click(), () => {});
    // The answer is the new workspace's: wait for its files, then its path bar.
    await page.waitForFunction(() => window.iisconfApp.state().files.some((f) => /\\Framework\\v2\.0\.50727\\CONFIG\\web\.config$/i.test(f.path)), null, { timeout: 30_000 });
    await tid(page, "path-box").fill("Default Web Site");
    await tid(page, "path-box").press("Enter");
    await waitText(tid(page, "path-framework"), "Framework\\v2.0.50727");
    await tid(page, "tab-effective").click();
    await tid(page, "section-filter").fill("appSettings");
    await waitText(tid(page, "effective-view"), "v2.0 32-bit");
    const level = await machineLevel(page);
    await waitText(level, "Framework\\v2.0.50727\\CONFIG\\machine.config");
    assert.doesNotMatch(await level.textContent(), /built-in stand-in/);
    await responseStatus(page, "200");
    await shot(page, "74-framework-import-site");
    // The server level reads the real .NET 4 machine.config: its system.webServer
    // IgnoreSection raises nothing against applicationHost.config's group.
    await tid(page, "path-box").fill("MACHINE/WEBROOT/APPHOST");
    await tid(page, "path-box").press("Enter");
    await page.waitForFunction(() => document.querySelector('[data-testid="config-path"]')?.textContent === "MACHINE/WEBROOT/APPHOST", null, { timeout: 30_000 });
    const top = await machineLevel(page);
    await waitText(top, "Framework64\\v4.0.30319\\Config\\machine.config");
    assert.doesNotMatch(await top.textContent(), /built-in stand-in/);
    await tid(page, "tab-diagnostics").click();
    const list = tid(page, "diagnostics-list");
    await list.waitFor();
    const text = await list.textContent();
    assert.doesNotMatch(text, /already defined|DECL_BAD|SEC_DUP/, "no false diagnostic for the real machine.config");
    // Its .NET sections IIS has no schema for (runtime, system.serviceModel/…)
    // are nobody's problem on IIS's side: no warning, and the Effective view
    // says "no schema" where one is looked at.
    assert.doesNotMatch(text, /NOSCHEMA|missing schema/, "a real machine.config's .NET sections are not presented as problems");
    await tid(page, "tab-effective").click();
    await tid(page, "section-filter").fill("runtime");
    const runtime = tid(page, "effective-view").locator('section.sec[data-section="runtime"]');
    await waitText(runtime, "no schema");
    assert.match(await runtime.locator(".badge").getAttribute("title"), /requests never read it/);
    await tid(page, "section-filter").fill("appSettings");
    await waitText(tid(page, "effective-view"), "v4.0 64-bit");
    await shot(page, "75-framework-import-server");
    assert.deepEqual(page.errors, []);
  });

  it("shows the import preview of the two framework folders on a phone", async () => {
    const { context, page } = await newPage(s.browser, { viewport: { width: 390, height: 844 } });
    try {
      await page.goto(BASE + "/");
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await tid(page, "import").click();
      await tid(page, "import-dialog").waitFor();
      await tid(page, "import-files").setInputFiles({ name: "server.zip", mimeType: "application/zip", buffer: serverZip() });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]').length === 5, null, { timeout: 30_000 });
      const row = page.locator('[data-testid="import-preview"] li[data-dest]').nth(3);
      await row.scrollIntoViewIfNeeded();
      await waitText(row, "read by .NET v2.0 pools running 32-bit");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 392, `the page scrolls sideways on a phone (${width}px)`);
      await shot(page, "76-framework-import-phone");
      await tid(page, "import-cancel").click();
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  it("fits a phone", async () => {
    const { context, page } = await newPage(s.browser, { viewport: { width: 390, height: 844 } });
    try {
      await page.goto(BASE + "/" + shareHash(goatState("merge")));
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(page, "path-framework"), "Framework64\\v4.0.30319");
      const level = tid(page, "merge-view").locator("li.level").first();
      await waitText(level.locator('[data-testid="level-note"]'), "DefaultAppPool");
      await level.scrollIntoViewIfNeeded();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 392, `the page scrolls sideways on a phone (${width}px)`);
      await shot(page, "72-framework-phone");
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});
