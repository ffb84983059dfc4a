// A visit that opens a link or an autosave needs the engine for its first
// result, so the page's first script (web/src/early.ts) starts the engine
// worker before the page's modules have loaded (with its own URL, which the
// browser has: in the worker it imports the engine worker's script), and
// the page's engine client takes it over (web/src/engine/early.ts). Here: the worker is
// started once and taken over; a worker that fails to load, or an early
// script that never runs, still gives the link's own workspace; a first
// visit starts no worker before its first answer; an autosave revisit
// shows the autosave. The early script also tells the worker what the
// visit opens (the link, else the autosave): the engine opens it ahead of
// the page (engine/worker.ts openAhead), which changes no answer the page
// gets, and a link it cannot open is still refused by the page, with its
// reason. A ?sample= visit (a docs page's "Open in playground") is opened
// ahead alike: the worker composes the sample (at its step) as the page's
// request for it will; a sample that does not exist is left to the page,
// which says so.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, tid, waitText, shot, openFileInTree, BASE, shareHash } from "./lib/browser.mjs";

const WORKER = /\/worker\.[0-9a-f]{10}\.js$/;
const EARLY = /\/early\.[0-9a-f]{10}\.js$/;
const SITE_WEBCONFIG = "C:\\inetpub\\wwwroot\\web.config";
const DOC = "early-engine-home.htm";

/** The stock server plus a site web.config with a default document, at a path of its own: a share link. */
async function linkState(browser) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(BASE + "/");
    await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
    const st = await page.evaluate(() => window.iisconfApp.state());
    st.files = st.files.filter((f) => f.path.toLowerCase() !== "c:\\inetpub\\wwwroot\\web.config");
    st.files.push({
      path: SITE_WEBCONFIG,
      text: `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.webServer>\n    <defaultDocument>\n      <files>\n        <add value="${DOC}" />\n      </files>\n    </defaultDocument>\n  </system.webServer>\n</configuration>\n`,
    });
    st.path = "Default Web Site/from-a-link";
    return st;
  } finally {
    await context.close();
  }
}

/**
 * Whether a request for the engine worker's script starts an engine: a
 * worker's script or the early worker's import of it, not the early
 * script's download of it ahead of that import (a fetch), nor the service
 * worker's precache.
 */
const startsEngine = (r) => WORKER.test(r.url()) && !r.serviceWorker() && r.resourceType() !== "fetch";

/** Counts the engines the page starts. */
function countWorkers(context) {
  const n = { workers: 0 };
  context.on("request", (r) => startsEngine(r) && n.workers++);
  return n;
}

/** Waits for the link's own workspace: its path, its default document, and the engine holding it. */
async function showsLink(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/Default Web Site/from-a-link");
  await waitText(tid(page, "effective-view"), DOC);
  await page.waitForFunction(() => window.iisconfApp.loaded, null, { timeout: 60_000 });
}

/** The first answer the page drew, and the engine's answer asked again, as digests of every section. */
async function drawnAndFresh(page) {
  return page.evaluate(async () => {
    const app = window.iisconfApp;
    const digest = (r) => r.sections.map((x) => [x.name, x.stamp, JSON.stringify(x.element ?? null)]);
    const again = await app.engine.evaluate({ path: app.workspace.path, noDefaults: true, stamps: true }, "test");
    return [digest(app.result), digest(again)];
  });
}

/** Whether the engine worker opened the visit's workspace ahead of the page (its start-up marks). */
async function opened(page) {
  await page.waitForFunction(() => performance.getEntriesByName("iisconf:engine:ready").length > 0, null, { timeout: 30_000 });
  return page.evaluate(() => performance.getEntriesByName("iisconf:engine:opened").length > 0);
}

describe("the engine started by the page's first script", { timeout: 300_000 }, () => {
  it("a link visit: one worker, started early and taken over, shows the link's workspace", async () => {
    const browser = await launch();
    try {
      const st = await linkState(browser);
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const { context, page } = await newPage(browser, { viewport });
        const n = countWorkers(context);
        const early = [];
        context.on("request", (r) => EARLY.test(r.url()) && !r.serviceWorker() && early.push(r.url()));
        await page.goto(BASE + "/" + shareHash(st));
        await showsLink(page);
        // The page's early script, then the same file as the early worker's
        // own script (which imports the engine worker's).
        assert.equal(early.length, 2, "the early script was loaded by the page and started the worker");
        assert.equal(n.workers, 1, "one engine worker: the early one, taken over");
        assert.equal(await page.evaluate(() => "__iisconfEarlyEngine" in globalThis), false, "the early worker was handed over");
        assert.equal(await opened(page), true, "the engine opened the link ahead of the page");
        // The first answer the page drew (the one the engine kept from
        // opening the link ahead) is what the engine answers now, asked again.
        const [drawn, fresh] = await drawnAndFresh(page);
        assert.ok(drawn.length > 100, "the whole first answer");
        assert.deepEqual(drawn, fresh);
        // The engine holds the link's files: a keystroke's answer comes from them.
        if (viewport.width < 700) await tid(page, "view-files").click();
        await openFileInTree(page, SITE_WEBCONFIG);
        if (viewport.width < 700) await tid(page, "view-results").click();
        await shot(page, `early-engine-link-${viewport.width}`);
        if (viewport.width < 700) await tid(page, "view-editor").click();
        const n0 = await page.evaluate(() => window.iisconfApp.refreshes);
        await page.locator(".cm-content .cm-line", { hasText: DOC }).first().click();
        await page.keyboard.press("End");
        await page.keyboard.press("Enter");
        await page.keyboard.insertText('<add value="typed.htm" />');
        await page.waitForFunction((n) => window.iisconfApp.refreshes > n, n0, { timeout: 30_000 });
        if (viewport.width < 700) await tid(page, "view-results").click();
        await waitText(tid(page, "effective-view"), "typed.htm");
        assert.deepEqual(page.errors, []);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("a worker that fails to load is started again by the page, and the link still opens", async () => {
    const browser = await launch();
    try {
      const st = await linkState(browser);
      const { context, page } = await newPage(browser);
      const n = countWorkers(context);
      // The early worker's import of the engine worker's script fails
      // (the early script's download of it ahead is let through: the
      // import is a request of its own).
      let failed = 0;
      await context.route(WORKER, (route) => (startsEngine(route.request()) && failed++ === 0 ? route.fulfill({ status: 503, body: "busy" }) : route.continue()));
      await page.goto(BASE + "/" + shareHash(st));
      await showsLink(page);
      assert.equal(n.workers, 2, "the failed worker, then the page's own");
      assert.deepEqual(
        page.errors.filter((e) => !/http 503: .*worker/.test(e)),
        [],
      );
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it("without the early script, the page starts the worker itself", async () => {
    const browser = await launch();
    try {
      const st = await linkState(browser);
      const { context, page } = await newPage(browser);
      const n = countWorkers(context);
      await context.route(EARLY, (route) => route.abort());
      await page.goto(BASE + "/" + shareHash(st));
      await showsLink(page);
      assert.equal(n.workers, 1);
      assert.deepEqual(page.errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it("a broken link still says so, in bounded time, and the stock server is shown", async () => {
    const browser = await launch();
    try {
      const { context, page } = await newPage(browser);
      const n = countWorkers(context);
      await page.goto(BASE + "/#v2:not-a-link");
      await waitText(page.locator(".toast"), "This link could not be opened", 30_000);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/Default Web Site");
      assert.equal(n.workers, 1);
      assert.equal(new URL(page.url()).hash, "", "the broken link is dropped from the address");
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it("a first visit starts no worker before its first answer is drawn", async () => {
    const browser = await launch();
    try {
      const { context, page } = await newPage(browser);
      // When the worker's script is asked for, the first answer is on screen.
      const drawnWhenAsked = [];
      await context.route(WORKER, async (route) => {
        drawnWhenAsked.push(await page.evaluate(() => document.body.dataset.ready === "true"));
        await route.continue();
      });
      await page.goto(BASE + "/");
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await page.waitForFunction(() => window.iisconfApp.loaded, null, { timeout: 60_000 });
      assert.deepEqual(drawnWhenAsked, [true]);
      assert.deepEqual(page.errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it("an autosave revisit shows the autosave, with the engine started early", async () => {
    const browser = await launch();
    try {
      const { context, page } = await newPage(browser);
      await page.goto(BASE + "/");
      await page.waitForFunction(() => window.iisconfApp?.loaded && !document.querySelector('[data-testid="editor-wait"]:not([hidden])'), null, { timeout: 60_000 });
      await page.locator(".cm-content .cm-line").nth(1).click();
      await page.keyboard.press("End");
      await page.keyboard.type("<!-- kept across visits -->");
      await page.waitForFunction(() => window.iisconfApp.state().files.some((f) => f.text.includes("<!-- kept across visits -->")));
      await page.close(); // pagehide saves
      const again = await context.newPage();
      const n = countWorkers(context);
      await again.goto(BASE + "/");
      await again.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await again.waitForFunction(() => window.iisconfApp.loaded, null, { timeout: 60_000 });
      assert.equal(await again.evaluate(() => window.iisconfApp.state().files.some((f) => f.text.includes("<!-- kept across visits -->"))), true);
      assert.match(await again.locator(".cm-content").textContent(), /kept across visits/);
      assert.equal(n.workers, 1);
      assert.equal(await opened(again), true, "the engine opened the autosave ahead of the page");
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it("a link whose files the engine refuses: opened ahead in vain, refused by the page with its reason", async () => {
    const browser = await launch();
    try {
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const { context, page } = await newPage(browser, { viewport });
        const st = { version: 1, files: [{ path: "relative\\web.config", text: "<configuration />\n" }], env: {}, path: "Default Web Site", view: {} };
        await page.goto(BASE + "/" + shareHash(st));
        await waitText(page.locator(".toast"), "could not be opened", 30_000);
        await waitText(page.locator(".toast"), "absolute", 5_000);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/Default Web Site");
        assert.equal(await opened(page), false, "the engine's own load failed, so nothing was opened ahead");
        assert.equal(new URL(page.url()).hash, "", "the refused link is dropped from the address");
        // The stock server is shown and the engine answers for it.
        await waitText(tid(page, "effective-view"), "system.webServer");
        await shot(page, `early-engine-refused-${viewport.width}`);
        assert.deepEqual(page.errors.filter((e) => !/absolute/.test(e)), []);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("a ?sample= visit: the engine opens the sample at its step ahead of the page, and the drawn answer is the engine's", async () => {
    const browser = await launch();
    try {
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const { context, page } = await newPage(browser, { viewport });
        const n = countWorkers(context);
        await page.goto(BASE + "/index.html?sample=repro-locked-attribute&step=relative-entry");
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
        if (viewport.width < 700) await tid(page, "view-results").click();
        await tid(page, "sample-explanation").waitFor({ state: "visible" });
        await waitText(tid(page, "sample-step-now"), "relative URL");
        assert.equal(n.workers, 1, "one engine worker: the early one, taken over");
        assert.equal(await opened(page), true, "the engine opened the sample ahead of the page");
        const [drawn, fresh] = await drawnAndFresh(page);
        assert.ok(drawn.length > 10, "the whole first answer");
        assert.deepEqual(drawn, fresh);
        assert.equal(new URL(page.url()).search, "", "the parameters are dropped: a reload keeps the edits");
        await shot(page, `early-engine-sample-${viewport.width}`);
        assert.deepEqual(page.errors, []);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("a ?sample= that does not exist: nothing opened ahead, the page says so and shows the stock server", async () => {
    const browser = await launch();
    try {
      const { context, page } = await newPage(browser);
      await page.goto(BASE + "/index.html?sample=no-such-sample");
      await waitText(page.locator(".toast"), 'There is no sample named "no-such-sample"', 30_000);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/Default Web Site");
      assert.equal(await opened(page), false, "the worker found no such sample, so nothing was opened ahead");
      await waitText(tid(page, "effective-view"), "system.webServer");
      await shot(page, "early-engine-no-sample-1400");
      assert.deepEqual(page.errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
