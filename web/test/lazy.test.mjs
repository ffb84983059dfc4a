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
