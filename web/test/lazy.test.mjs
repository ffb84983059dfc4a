// What a first visit downloads: the page's module, the chunks it imports
// (preloaded), the engine worker and wasm — and none of the code the first
// result does not need (dialogs, the gallery, panels other than Effective),
// which comes as its own chunk the first time it is used (build/playground.go
// bundles main.ts with esbuild's code splitting). Every chunk is in the
// service worker's precache list, so the playground still works offline.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BASE, usePage, openPlayground, tid, waitText } from "./lib/browser.mjs";

const LAZY = ["appcmd", "backups", "pool", "metabase", "result", "import", "share", "files", "gallery", "shortlink", "compare", "script", "paste500", "assist", "help", "embedcode", "standin"];
const chunkOf = (url) => /\/([a-z]+)-[A-Z2-7]{8}\.js$/.exec(new URL(url).pathname)?.[1];

describe("code splitting", { timeout: 120_000 }, () => {
  const s = usePage();
  const loaded = [];

  it("a first visit loads no chunk the first result does not need", async () => {
    const page = s.page;
    page.on("request", (r) => r.resourceType() === "script" && loaded.push(r.url()));
    await openPlayground(page);
    const names = loaded.map(chunkOf).filter(Boolean);
    assert.ok(names.includes("main"), `main module loaded: ${names}`);
    for (const l of LAZY) assert.ok(!names.includes(l), `${l} is not loaded on a first visit (loaded: ${names.join(", ")})`);
    // The chunks main imports are announced in the page, not discovered one by one.
    const preloads = await page.locator('link[rel="modulepreload"]').count();
    assert.ok(preloads > 0, "modulepreload links");
  });

  it("what the first result needs is named by index.html, asked for at once, and is few files", async () => {
    const page = s.page;
    const { fetched, named, preloaded } = await page.evaluate(() => {
      const first = performance.getEntriesByName("iisconf:first-result")[0].startTime;
      const file = (u) => new URL(u, location.href).pathname.slice(1);
      return {
        // (The favicon is the browser's, asked for whenever it likes.)
        fetched: performance
          .getEntriesByType("resource")
          .filter((r) => r.startTime < first && !/favicon/.test(r.name))
          .map((r) => file(r.name)),
        named: [...document.querySelectorAll("head script[src], head link[href]")].map((e) => file(e.getAttribute("src") ?? e.getAttribute("href"))),
        preloaded: [...document.querySelectorAll('link[rel="modulepreload"]')].map((e) => file(e.getAttribute("href"))),
      };
    });
    // Nothing found late: a file the page asked for before its first result
    // that index.html does not name waited for a script to discover it.
    for (const f of fetched) assert.ok(named.includes(f), `${f} is fetched before the first result but not named in index.html (${named.join(", ")})`);
    // Nothing preloaded in vain.
    for (const f of preloaded) assert.ok(fetched.includes(f), `${f} is preloaded but not loaded before the first result (${fetched.join(", ")})`);
    // The page's modules are its entry and one chunk (build/playground.go
    // bundleModules): HTTP/1.1 fetches six files at a time, and every file
    // the first result needs comes in the same round.
    const modules = fetched.filter((f) => f.endsWith(".js") && !f.startsWith("early."));
    assert.ok(modules.length <= 2, `the page's modules on a first visit: ${modules.join(", ")}`);
    assert.ok(fetched.length <= 6, `files fetched before the first result: ${fetched.join(", ")}`);
  });

  it("a panel's chunk loads when its tab is first shown", async () => {
    const page = s.page;
    await tid(page, "tab-appcmd").click();
    await tid(page, "appcmd-input").waitFor();
    assert.ok(loaded.map(chunkOf).includes("appcmd"));
    await tid(page, "tab-locks").click();
    await waitText(tid(page, "lock-view"), "system.webServer");
    assert.ok(loaded.map(chunkOf).includes("result"));
    assert.deepEqual(page.errors, []);
  });

  it("the service worker precaches every chunk", async () => {
    const res = await fetch(BASE + "/assets.json");
    const { assets } = await res.json();
    const chunks = assets.filter((a) => /-[A-Z2-7]{8}\.js$/.test(a));
    for (const l of ["main", "codeeditor", ...LAZY]) assert.ok(chunks.some((c) => c.startsWith(l + "-")), `${l} chunk in assets.json`);
    // Hashed chunks are cached for good; the page itself is revalidated.
    const chunk = await fetch(BASE + "/" + chunks[0]);
    assert.match(chunk.headers.get("cache-control") ?? "", /immutable/);
    assert.match(chunk.headers.get("content-type") ?? "", /javascript/);
  });
});
