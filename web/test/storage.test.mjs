// A workspace too big for localStorage (a hosting server's files) is
// autosaved to IndexedDB, its texts as one Blob made a megabyte per task
// (web/src/share.ts), and comes back intact after a reload: every file,
// character for character, emoji (surrogate pairs) included wherever the
// Blob's pieces were cut. The autosaves after an edit are written by the
// engine worker from the files the page sent it (web/src/engine/autosave.ts):
// what was typed, a broken element included, comes back after a reload.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { usePage, openPlayground, tid, openFileInTree, clickLineEnd, shot } from "./lib/browser.mjs";

const KEY = "iisconf.state.v1";

/** A web.config holding a comment of about 1.1 million characters, mostly emoji. */
function bigWebConfig(seed) {
  const filler = "😀".repeat(530_000) + "é".repeat(seed) + "𝄞".repeat(20_000);
  return `<configuration>\n  <!-- ${seed} ${filler} -->\n  <appSettings><add key="k${seed}" value="v${seed}" /></appSettings>\n</configuration>\n`;
}

describe("autosave of a large workspace", { timeout: 240_000 }, () => {
  const s = usePage();

  it("goes to IndexedDB and survives a reload", async () => {
    const page = s.page;
    await openPlayground(page);
    const files = [1, 2, 3, 4].map((k) => ({ path: `C:\\inetpub\\wwwroot\\big${k}\\web.config`, text: bigWebConfig(k) }));
    const bundle = files.map((f) => `-- ${f.path} --\n${f.text}`).join("");
    await tid(page, "import").click();
    await tid(page, "import-files").setInputFiles({ name: "big.txtar", mimeType: "text/plain", buffer: Buffer.from(bundle, "utf8") });
    await tid(page, "import-go").click();
    // Saved when localStorage holds only the marker pointing to IndexedDB.
    await page.waitForFunction((k) => JSON.parse(localStorage.getItem(k) ?? "{}").idb === true, KEY, { timeout: 120_000 });
    // Let any later autosave of the same state finish before leaving.
    await page.waitForTimeout(1500);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    const back = await page.evaluate(() => window.iisconfApp.state().files.map((f) => ({ path: f.path, text: f.text })));
    for (const f of files) {
      const got = back.find((b) => b.path.toLowerCase() === f.path.toLowerCase());
      assert.ok(got, `${f.path} is back`);
      assert.equal(got.text.length, f.text.length, `${f.path}: length`);
      assert.ok(got.text === f.text, `${f.path}: text intact`);
    }
    assert.ok(back.some((b) => /applicationHost\.config$/i.test(b.path)), "the stock server under the bundle is back too");
    assert.deepEqual(page.errors, []);
  });

  it("an edit is autosaved by the engine worker and comes back after a reload", async () => {
    const page = s.page;
    const path = "C:\\inetpub\\wwwroot\\big2\\web.config";
    await openFileInTree(page, path);
    const saves = () => page.evaluate(() => (window.__iisconfTimings ?? []).filter((t) => t.op === "autosave").length);
    const before = await saves();
    await clickLineEnd(page, "<appSettings>");
    await page.keyboard.press("Home");
    // Unfinished: an element left open is still the user's work.
    const typed = '<add key="typed-in-a-large-workspace" value="kept" /><unfinished ';
    await page.keyboard.type(typed, { delay: 20 });
    // The worker wrote it, and the page pointed the marker at it.
    await page.waitForFunction((n) => (window.__iisconfTimings ?? []).filter((t) => t.op === "autosave").length > n && document.querySelector('[data-testid="status"]')?.dataset.save === "ok", before, { timeout: 60_000 });
    assert.equal(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY)).idb, true);
    await page.waitForTimeout(1000); // (a last autosave of the same state)
    await shot(page, "storage-large-edited");
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 120_000 });
    const back = await page.evaluate((p) => window.iisconfApp.state().files.find((f) => f.path === p)?.text ?? "", path);
    assert.ok(back.includes(typed), "the typed text is back");
    assert.equal(back.length, bigWebConfig(2).length + typed.length, "and nothing else changed");
    assert.deepEqual(page.errors, []);
  });

  it("leaving before a large workspace's autosave has finished asks first; staying saves it", async () => {
    const page = s.page;
    const path = "C:\\inetpub\\wwwroot\\big2\\web.config";
    await openFileInTree(page, path);
    await clickLineEnd(page, "<appSettings>");
    await page.keyboard.press("Home");
    const dialogs = [];
    const onDialog = (d) => {
      dialogs.push(d.type());
      void d.dismiss(); // "Stay on page"
    };
    page.on("dialog", onDialog);
    try {
      await page.keyboard.type("<!--quick-->");
      // Reloaded at once: the autosave (400 ms after the last key, then the worker's write) cannot have finished.
      await page.evaluate(() => setTimeout(() => location.reload(), 0));
      await waitFor(() => dialogs.length > 0, 10_000);
      assert.deepEqual(dialogs, ["beforeunload"], "the browser asks before leaving");
      // Stayed: the save finishes, and then leaving no longer asks.
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.save === "ok" && !window.iisconfApp.workspace.unsavedOnLeave(), null, { timeout: 60_000 });
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
      await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 120_000 });
      assert.deepEqual(dialogs, ["beforeunload"], "a saved workspace leaves without asking");
      const back = await page.evaluate((p) => window.iisconfApp.state().files.find((f) => f.path === p)?.text ?? "", path);
      assert.ok(back.includes("<!--quick-->"), "the keys typed just before are kept");
      assert.deepEqual(page.errors, []);
    } finally {
      page.off("dialog", onDialog);
    }
  });
});

async function waitFor(cond, ms) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
