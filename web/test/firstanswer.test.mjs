// A first visit draws the build's answer for the stock server before the
// engine has arrived (web/src/app/first.ts): here the engine's wasm is held
// back until the first result is on screen, so what is drawn cannot have
// come from the engine. Editing waits, visibly; then the engine takes over
// with the very same answer and typing updates the panels.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, tid, waitText, shot, BASE, shareHash } from "./lib/browser.mjs";

/** A fresh first visit whose engine wasm is only served after release(). */
async function heldVisit(browser, viewport, suffix = "/") {
  const { context, page } = await newPage(browser, { viewport });
  let release;
  const gate = new Promise((r) => (release = r));
  await context.route(/\/engine\.[0-9a-f]{10}\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(BASE + suffix);
  return { context, page, release };
}

/**
 * The Effective panel's sections in order, and where the "Without schema"
 * group starts (its index among them), once drawn.
 */
async function effectiveOrder(page) {
  await page.evaluate(() => window.iisconfApp.panels?.drawn?.());
  return page.evaluate(() => {
    const out = { names: [], group: -1, noSchema: [] };
    for (const el of document.querySelectorAll('[data-testid="effective-view"] .xml-sections > *')) {
      if (el.dataset.testid === "no-schema-group") out.group = out.names.length;
      else if (el.dataset.section) {
        out.names.push(el.dataset.section);
        if ([...el.querySelectorAll(".sec-head .badge")].some((b) => b.textContent === "no schema")) out.noSchema.push(out.names.length - 1);
      }
    }
    return out;
  });
}

/**
 * An IIS administrator reads IIS's own sections first (system.webServer at
 * a site); the .NET sections IIS has no schema for come last, under their
 * heading, and nothing before it lacks a schema.
 */
function assertIISFirst(o, first) {
  assert.match(o.names[0], first, `first section: ${o.names.slice(0, 3)}`);
  assert.ok(o.group > 0 && o.noSchema.length > 0, `a "Without schema" group: ${JSON.stringify(o).slice(0, 300)}`);
  assert.equal(o.noSchema[0], o.group, "the group starts with the first section without schema");
  assert.equal(o.noSchema.length, o.names.length - o.group, "every section after the heading, and only those, has no schema");
}

const marks = (page) => page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));

describe("the first answer", { timeout: 240_000 }, () => {
  for (const viewport of [
    { width: 1400, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`is drawn before the engine arrives, then the engine takes over (${viewport.width}x${viewport.height})`, async () => {
      const browser = await launch();
      try {
        const { page, release } = await heldVisit(browser, viewport);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        // Drawn with no engine: the Effective panel's sections, the site, the stock file.
        await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/Default Web Site");
        await waitText(tid(page, "effective-view"), "system.webServer/defaultDocument");
        await waitText(tid(page, "editor-file"), "applicationHost.config");
        const drawnFirst = await effectiveOrder(page);
        assertIISFirst(drawnFirst, /^system\.webServer\//);
        assert.equal((await marks(page))["iisconf:engine-ready"], undefined, "the engine was not ready");
        // The welcome is drawn with the answer: nothing moves when the engine takes over.
        assert.equal(await tid(page, "welcome").isVisible(), true, "the welcome is in the first answer's frame");
        const columns = await page.locator("main.cols").boundingBox();
        // Editing waits for the engine, and says so (a phone shows one column: the editor's).
        if (viewport.width < 700) await tid(page, "view-editor").click();
        assert.equal(await tid(page, "editor-wait").isVisible(), true);
        await waitText(tid(page, "status"), "editing opens when it is ready");
        const before = await page.locator(".cm-content").textContent();
        await page.locator(".cm-content .cm-line").nth(1).click();
        await page.keyboard.type("typed-too-early");
        assert.equal(await page.locator(".cm-content").textContent(), before, "the editor took a keystroke before the engine was ready");
        await shot(page, `first-answer-waiting-${viewport.width}`);

        release();
        await page.waitForFunction(() => performance.getEntriesByName("iisconf:engine-ready").length > 0, null, { timeout: 60_000 });
        await page.waitForFunction(() => document.querySelector('[data-testid="editor-wait"]').hidden, null, { timeout: 30_000 });
        await page.waitForFunction(() => window.iisconfApp.loaded, null, { timeout: 30_000 });
        // (Their top: a phone's status line below them may wrap to a second line.)
        assert.equal((await page.locator("main.cols").boundingBox()).y, columns.y, "the columns did not move when the engine took over");
        assert.equal(await tid(page, "welcome").count(), 1, "one welcome");
        // The engine's own answer is the one drawn.
        const same = await page.evaluate(async () => {
          const app = window.iisconfApp;
          const mine = await app.engine.evaluate({ path: "Default Web Site", noDefaults: true });
          return JSON.stringify(mine) === JSON.stringify(app.result);
        });
        assert.equal(same, true, "the engine answers what the build shipped");
        // Drawn by the engine's answer, the order is the first answer's.
        await page.evaluate(() => window.iisconfApp.refresh());
        assert.deepEqual(await effectiveOrder(page), drawnFirst);

        // Now typing reaches the engine: a default document in a new site web.config.
        if (viewport.width < 700) await tid(page, "view-files").click();
        await tid(page, "tab-sites").click();
        await tid(page, "add-webconfig").click();
        await page.waitForFunction(() => /web\.config$/i.test(document.querySelector('[data-testid="editor-file"]')?.textContent ?? ""), null, { timeout: 30_000 });
        await page.locator(".cm-content .cm-line", { hasText: "<system.webServer>" }).first().click();
        await page.keyboard.press("End");
        await page.keyboard.press("Enter");
        await page.keyboard.insertText('<defaultDocument><files><add value="first-answer.htm" /></files></defaultDocument>');
        await waitText(tid(page, "effective-view"), "first-answer.htm");
        await shot(page, `first-answer-engine-${viewport.width}`);
        // At the server level, WAS's sections (sites, pools) come first.
        const n = await page.evaluate(() => window.iisconfApp.refreshes);
        await tid(page, "path-box").fill("MACHINE/WEBROOT/APPHOST");
        await tid(page, "path-box").press("Enter");
        await page.waitForFunction((n) => window.iisconfApp.refreshes > n, n);
        await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST");
        assertIISFirst(await effectiveOrder(page), /^system\.applicationHost\//);
        assert.deepEqual(page.errors, []);
      } finally {
        await browser.close();
      }
    });
  }
  it("a way in taken from the welcome before the engine is ready opens once it is", async () => {
    const browser = await launch();
    try {
      const { page, release } = await heldVisit(browser, { width: 1400, height: 900 });
      await tid(page, "welcome-import").waitFor();
      await waitText(tid(page, "effective-view"), "system.webServer/defaultDocument");
      await tid(page, "welcome-import").click();
      assert.equal(await tid(page, "welcome").count(), 0, "the welcome closed at once");
      await waitText(page.locator("body"), "this opens as soon as it is ready");
      assert.equal(await tid(page, "import-dialog").count(), 0, "nothing opened before the engine holds the stock server");
      release();
      await tid(page, "import-dialog").waitFor({ timeout: 60_000 });
      assert.equal(await page.evaluate(() => window.iisconfApp.loaded), true);
      await shot(page, "first-answer-way-in-waited");
      assert.deepEqual(page.errors, []);
    } finally {
      await browser.close();
    }
  });


  it("a share link waits for the engine and shows its own workspace", async () => {
    const browser = await launch();
    try {
      const { page: p0, context: c0 } = await newPage(browser);
      await p0.goto(BASE + "/");
      await p0.waitForSelector('body[data-ready="true"]');
      await p0.waitForFunction(() => window.iisconfApp.loaded);
      const st = await p0.evaluate(() => window.iisconfApp.state());
      await c0.close();
      st.path = "Default Web Site/from-a-link";
      const { page, release } = await heldVisit(browser, { width: 1400, height: 900 }, "/" + shareHash(st));
      await page.waitForTimeout(1500);
      assert.equal(await page.evaluate(() => document.body.dataset.ready ?? ""), "", "a link's workspace is not drawn before the engine has it");
      release();
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(page, "config-path"), "Default Web Site/from-a-link");
      const m = await marks(page);
      assert.ok(m["iisconf:first-result"] >= m["iisconf:engine-ready"], JSON.stringify(m));
      assert.deepEqual(page.errors, []);
    } finally {
      await browser.close();
    }
  });

  it("is asked for once, by the page's first script, and is parsed before the page's modules have run", async () => {
    const browser = await launch();
    try {
      const { page } = await newPage(browser, { viewport: { width: 1400, height: 900 } });
      const asked = [];
      page.on("request", (r) => /\/first\.[0-9a-f]{10}\.json$/.test(r.url()) && asked.push(r.url()));
      // What early.js left for the page (web/src/firstfetch.ts), as the page's modules find it.
      await page.addInitScript(() =>
        document.addEventListener("readystatechange", () => {
          if (document.readyState === "interactive") window.__earlyAnswerSeen = "__iisconfFirstAnswer" in window;
        }),
      );
      await page.goto(BASE + "/");
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      assert.equal(asked.length, 1, "the answer is downloaded once (the preload, taken by early.js): " + asked.join(", "));
      assert.equal(await page.evaluate(() => window.__earlyAnswerSeen), true, "early.js asked for the answer before the modules ran");
      assert.equal(await page.evaluate(() => "__iisconfFirstAnswer" in window), false, "the page took it");
      const o = await effectiveOrder(page);
      assertIISFirst(o, /^system\.webServer\//);
      assert.deepEqual(page.errors, []);
    } finally {
      await browser.close();
    }
  });

  it("a first answer that cannot be fetched leaves the visit to the engine", async () => {
    const browser = await launch();
    try {
      const { page, context } = await newPage(browser, { viewport: { width: 1400, height: 900 } });
      await context.route(/\/first\.[0-9a-f]{10}\.json$/, (route) => route.abort());
      await page.goto(BASE + "/");
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await page.waitForFunction(() => window.iisconfApp.loaded, null, { timeout: 60_000 });
      const o = await effectiveOrder(page);
      assertIISFirst(o, /^system\.webServer\//);
      assert.ok((await page.evaluate(() => window.iisconfApp.state().files.length)) > 0, "the engine's stock files are the workspace");
      assert.deepEqual(page.errors.filter((e) => !/first\.[0-9a-f]{10}\.json/.test(e)), []);
    } finally {
      await browser.close();
    }
  });

  it("a first answer the page cannot draw does not stop the engine: the stock server is drawn by it", async () => {
    const browser = await launch();
    try {
      const { page, context } = await newPage(browser, { viewport: { width: 1400, height: 900 } });
      // Well-formed enough to be taken (firstAnswer's checks), not to be drawn.
      await context.route(/\/first\.[0-9a-f]{10}\.json$/, (route) =>
        route.fulfill({ contentType: "application/json", body: JSON.stringify({ path: "Default Web Site", stock: { files: [], env: {} }, result: { sections: 7 }, fileDiagnostics: {}, siteMap: {} }) }),
      );
      await page.goto(BASE + "/");
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await page.waitForFunction(() => window.iisconfApp.loaded, null, { timeout: 60_000 });
      const m = await marks(page);
      assert.ok(m["iisconf:engine-ready"] > 0, "the engine started: " + JSON.stringify(m));
      const o = await effectiveOrder(page);
      assertIISFirst(o, /^system\.webServer\//);
      assert.ok((await page.evaluate(() => window.iisconfApp.state().files.length)) > 0, "the engine's stock files are the workspace");
      await shot(page, "firstanswer-undrawable");
    } finally {
      await browser.close();
    }
  });
});
