// Which .NET Framework folder a site reads, as a support engineer meets it
// (docs/hierarchy.md#framework-folders): a customer's ASP.NET 3.5
// web.config (a real one from the corpus, WebGoat.NET's) on a .NET 4 pool
// fails with 500.19 0x800700b7, because the v4.0 machine.config already
// declares the system.web.extensions group the file declares again. The
// path bar and the merge stack say which folder the pool picked and why;
// moving the pool to .NET 2.0 with appcmd (typed, keyboard only) makes
// the site read Framework64\v2.0.50727 and the error goes. The server
// level keeps reading the 64-bit v4.0 folder. On a laptop and a phone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { BASE, APPHOST, ROOT_WEBCONFIG, newPage, tid, shot, waitText, shareHash, usePage } from "./lib/browser.mjs";

const STOCK_APPHOST = readFileSync(new URL("../../engine/stock/files/applicationHost.config", import.meta.url), "utf8");
const CORPUS = new URL("../../../shared/corpus/webconfig/jerryhoff__WebGoat.NET__WebGoat-Web.config", import.meta.url);

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

describe("the .NET Framework folder a pool picks", { skip: !existsSync(CORPUS) && "the corpus is not beside the repository", timeout: 180_000 }, () => {
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
