// A first visit fetches only what its first result needs; the offline copy
// (the service worker's precache: every asset, tools.wasm among them) is
// made afterwards, when the page is idle, and then the playground opens
// without a network.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { usePage, openPlayground, tid, waitText, shot } from "./lib/browser.mjs";

describe("first visit, then offline", { timeout: 180_000 }, () => {
  const s = usePage();
  const early = [];

  it("nothing is precached before the first result", async () => {
    const page = s.page;
    page.on("request", (r) => early.push(r.url()));
    await openPlayground(page);
    // The page's own requests up to the first result: no tools, no samples.
    const seen = early.map((u) => new URL(u).pathname);
    for (const lazy of [/tools\.[0-9a-f]{10}\.wasm$/, /samples\.[0-9a-f]{10}\.json$/]) {
      assert.ok(!seen.some((p) => lazy.test(p)), `${lazy} fetched before the first result: ${seen.join(" ")}`);
    }
    // The service worker is registered (and starts its precache) after
    // the first result, once the page is idle.
    const marks = await page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 3000));
      return Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]));
    });
    assert.ok(marks["iisconf:offline-copy"] > marks["iisconf:first-result"], JSON.stringify(marks));
  });

  it("once idle, the service worker caches every asset, tools.wasm included", async () => {
    const page = s.page;
    const { assets } = await (await page.request.get(new URL("assets.json", page.url()).href)).json();
    const missing = () =>
      page.evaluate(async (assets) => {
        const key = (await caches.keys()).find((k) => k.startsWith("iisconf-"));
        if (!key) return assets;
        const names = (await (await caches.open(key)).keys()).map((r) => new URL(r.url).pathname);
        return assets.filter((a) => !names.includes("/" + a));
      }, assets);
    const deadline = Date.now() + 60_000;
    let left = await missing();
    while (left.length && Date.now() < deadline) {
      await page.waitForTimeout(250);
      left = await missing();
    }
    assert.deepEqual(left, [], "assets the service worker has not cached");
    assert.ok(assets.some((a) => /^tools\.[0-9a-f]{10}\.wasm$/.test(a)), "tools.wasm is among the assets");
    assert.deepEqual(page.errors, []);
  });

  it("offline, a reload opens the playground with the same work", async () => {
    const page = s.page;
    // Something to keep: a new path, autosaved.
    await tid(page, "path-box").fill("MACHINE/WEBROOT/APPHOST/Default Web Site/offline");
    await tid(page, "path-box").press("Enter");
    await waitText(tid(page, "config-path"), "/offline");
    await page.context().setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(page, "config-path"), "Default Web Site/offline");
      // The editor (CodeMirror, a chunk of its own) comes from the cache too.
      await page.waitForFunction(() => window.iisconfApp.editors.ready, null, { timeout: 30_000 });
      await waitText(page.locator(".cm-content"), "<configuration>");
      // The service worker's copy keeps the server's headers: the page is
      // still cross-origin isolated, its answers in the shared buffer.
      assert.equal(await page.evaluate(() => window.crossOriginIsolated && window.iisconfApp.sharedAnswers), true, "isolated offline");
      await shot(page, "offline-reload");
      // A tool works offline too: the pool view runs in tools.wasm.
      await tid(page, "tab-pool").click();
      await waitText(tid(page, "pool-file"), "<configuration");
      assert.deepEqual(
        page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)),
        [],
      );
    } finally {
      await page.context().setOffline(false);
    }
  });
});
