// A workspace too big for localStorage (a hosting server's files) is
// autosaved to IndexedDB, its texts as one Blob made a megabyte per task
// (web/src/share.ts), and comes back intact after a reload: every file,
// character for character, emoji (surrogate pairs) included wherever the
// Blob's pieces were cut. The autosaves after an edit are written by the
// engine worker from the files the page sent it (web/src/engine/autosave.ts):
// what was typed, a broken element included, comes back after a reload.
//
// The keys typed just before leaving a large workspace are kept by the
// journal (web/src/journal.ts), written to localStorage when the page is
// left or hidden: a hosting server (10,000 sites, a 9 MB
// applicationHost.config) is typed into and left at once in each way a
// user leaves — a reload, closing the page, navigating away, the tab hidden
// and then discarded — without a "Leave site?" prompt, and the keys are
// back, the answer drawn the one a fresh engine gives for the restored
// files. A journal over an older save is not applied; one that does not
// come out as written is refused, and the user is told; a journal that does
// not fit in localStorage keeps the prompt and says why.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { usePage, launch, openPlayground, tid, openFileInTree, clickLineEnd, shot, shareHash, BASE, APPHOST } from "./lib/browser.mjs";
import { hostingBundle, siteName, root } from "./lib/hostingbundle.mjs";

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
});

async function waitFor(cond, ms) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const JOURNAL = "iisconf.journal.v1.";
const SITE1 = root(1) + "\\web.config";
const PATH = siteName(1);

/** The journals in localStorage (their keys). */
const journals = (page) => page.evaluate((p) => Object.keys(localStorage).filter((k) => k.startsWith(p)), JOURNAL);

/** A page of the context that records its errors, and every dialog (accepted: "Leave"). */
async function pageOf(context) {
  const page = await context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.on("pageerror", (e) => page.errors.push("pageerror: " + e.message + (process.env.JDEBUG ? e.stack : "")));
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && page.errors.push("console: " + m.text()));
  page.on("dialog", (d) => {
    page.dialogs.push(d.type());
    void d.accept();
  });
  return page;
}

/** The page is shown with the editor ready (a restored visit). */
async function shown(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
  await page.waitForFunction(() => window.iisconfApp?.loaded && window.iisconfApp.editors.ready, null, { timeout: 180_000 });
}

/** The restored workspace is autosaved afresh: the journal laid over the last one is folded in and removed. */
async function folded(page) {
  await page.waitForFunction(
    (p) => document.querySelector('[data-testid="status"]')?.dataset.save === "ok" && !window.iisconfApp.workspace.unsavedOnLeave() && !Object.keys(localStorage).some((k) => k.startsWith(p)),
    JOURNAL,
    { timeout: 180_000 },
  );
}

/** Where a journey's <location> in applicationHost.config points: the first at the site, the others below it (one appSettings per location path). */
const where = (mark) => (mark === "reload" ? PATH : `${PATH}/${mark}`);

/** On a phone one column shows at a time. */
async function column(page, phone, v) {
  if (phone) await tid(page, "view-" + v).click();
}

/**
 * Types mark as the last keys of a <location> for the first site at the end
 * of applicationHost.config (the big file), then of a new <add> in that
 * site's web.config, as a user types; the caller leaves at once after.
 */
async function typeBoth(page, mark, phone) {
  await column(page, phone, "files");
  await openFileInTree(page, APPHOST);
  await column(page, phone, "editor");
  await page.locator(".cm-content .cm-line").first().click();
  await page.keyboard.press("Control+End");
  // (The file ends with a line break: the last line is empty.)
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Home");
  const tail = '" /></appSettings></location>';
  await page.keyboard.insertText(`<location path="${where(mark)}"><appSettings><add key="apphost-${mark}" value="${tail}\n`);
  for (let i = 0; i <= tail.length; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.type(mark, { delay: 15 });
  await column(page, phone, "files");
  await openFileInTree(page, SITE1);
  await column(page, phone, "editor");
  await clickLineEnd(page, "<appSettings>");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText(`<add key="web-${mark}" value="" />`);
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.type(mark, { delay: 15 });
}

/** The restored files hold what typeBoth typed, once, where it was typed. */
async function holdsBoth(page, mark) {
  const got = await page.evaluate(
    ([site, apphost]) => {
      const files = window.iisconfApp.state().files;
      return [files.find((f) => f.path === site)?.text ?? "", files.find((f) => f.path === apphost)?.text ?? ""];
    },
    [SITE1, APPHOST],
  );
  const add = `<add key="web-${mark}" value="${mark}" />`;
  assert.equal(got[0].split(add).length, 2, `the site's web.config holds ${add} once`);
  const loc = `<location path="${where(mark)}"><appSettings><add key="apphost-${mark}" value="${mark}" /></appSettings></location>\n</configuration>`;
  assert.equal(got[1].split(loc).length, 2, "applicationHost.config holds the typed <location> once, before </configuration>");
  return got;
}

/** The answer drawn at the path, and a fresh engine's (another page, its own worker) for the same files. */
async function drawnAndFresh(page, context) {
  const { state, drawn } = await page.evaluate(() => {
    const app = window.iisconfApp;
    // (Stamps number an engine's own evaluations: not compared.)
    const digest = (r) => r.sections.map((x) => [x.name, JSON.stringify(x.element ?? null)]);
    return { state: app.state(), drawn: digest(app.result) };
  });
  const other = await pageOf(await context.browser().newContext());
  try {
    await openPlayground(other);
    const fresh = await other.evaluate(async (st) => {
      const app = window.iisconfApp;
      await app.loadState(st);
      const r = await app.engine.evaluate({ path: st.path, noDefaults: true, stamps: true }, "test");
      return r.sections.map((x) => [x.name, JSON.stringify(x.element ?? null)]);
    }, state);
    assert.deepEqual(other.errors, []);
    return { drawn, fresh };
  } finally {
    await other.context().close();
  }
}

for (const [width, height] of [
  [1400, 900],
  [390, 844],
]) {
  const phone = width < 700;
  describe(`a large workspace's last keys, the page left at once (${width}×${height})`, { timeout: 1_500_000 }, () => {
    it("are back after each way of leaving, without a prompt; a stale or damaged journal is not applied; a full storage keeps the prompt", async () => {
      const browser = await launch();
      try {
        const context = await browser.newContext({ viewport: { width, height } });
        let page = await pageOf(context);
        await openPlayground(page);
        const stock = await page.evaluate(() => window.iisconfApp.state().files.find((f) => /applicationHost\.config$/i.test(f.path)).text);
        await tid(page, "import").click();
        await tid(page, "import-files").setInputFiles({ name: "hosting.txtar", mimeType: "text/plain", buffer: Buffer.from(hostingBundle(stock), "utf8") });
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]').length > 0, null, { timeout: 180_000 });
        await tid(page, "import-go").click();
        await page.waitForFunction(() => window.iisconfApp.workspace.files.length > 200, null, { timeout: 180_000 });
        await page.evaluate((p) => window.iisconfApp.setPath(p), PATH);
        await page.waitForFunction((k) => JSON.parse(localStorage.getItem(k) ?? "{}").idb === true && !window.iisconfApp.workspace.unsavedOnLeave(), KEY, { timeout: 180_000 });

        // Reloaded right after the last key.
        await typeBoth(page, "reload", phone);
        await page.reload({ waitUntil: "commit" });
        await shown(page);
        await holdsBoth(page, "reload");
        await folded(page);
        assert.deepEqual(page.dialogs, [], "no prompt");
        const { drawn, fresh } = await drawnAndFresh(page, context);
        const app = drawn.find((x) => x[0] === "appSettings");
        assert.ok(app && app[1].includes("web-reload") && app[1].includes("apphost-reload"), "the answer at the site holds both keys");
        // (A large workspace's answer leaves its heavy sections, the 10,000
        // sites, to be fetched when shown: those drawn are compared.)
        assert.deepEqual(
          drawn.map((x) => x[0]),
          fresh.map((x) => x[0]),
          "the same sections",
        );
        const differ = drawn.filter((x, i) => x[1] !== "null" && x[1] !== fresh[i][1]).map((x) => x[0]);
        assert.deepEqual(differ, [], "each section drawn is a fresh engine's for the restored files");
        assert.ok(drawn.filter((x) => x[1] !== "null").length > 20, "most sections are drawn");
        await column(page, phone, "files");
        await openFileInTree(page, SITE1);
        await column(page, phone, "editor");
        await shot(page, `storage-journal-${width}-restored-editor`);
        await column(page, phone, "results");
        await page.evaluate(() => window.iisconfApp.setFilter("appSettings"));
        await page.getByText('"apphost-reload"').first().waitFor({ timeout: 30_000 });
        await shot(page, `storage-journal-${width}-restored-answer`);
        await page.evaluate(() => window.iisconfApp.setFilter(""));
        assert.deepEqual(page.errors, []);
        if (phone) return;

        // The page closed, and a new one opened.
        await typeBoth(page, "close", phone);
        await page.close({ runBeforeUnload: true });
        await page.waitForEvent("close");
        assert.deepEqual(page.dialogs, [], "no prompt");
        page = await pageOf(context);
        await page.goto(BASE + "/");
        await shown(page);
        await holdsBoth(page, "close");
        await folded(page);

        // Navigated away, then back.
        await typeBoth(page, "away", phone);
        await page.goto("about:blank");
        await page.goto(BASE + "/");
        await shown(page);
        await holdsBoth(page, "away");
        assert.deepEqual(page.dialogs, [], "no prompt");
        await folded(page);

        // The tab hidden, then discarded (no pagehide: the page is gone at once).
        await typeBoth(page, "hidden", phone);
        const written = await page.evaluate((p) => {
          Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
          document.dispatchEvent(new Event("visibilitychange"));
          return Object.keys(localStorage)
            .filter((k) => k.startsWith(p))
            .map((k) => localStorage.getItem(k));
        }, JOURNAL);
        assert.equal(written.length, 1, "hidden: the journal is written at once");
        // Only what the last autosave lacks: a few keys' worth, not the 3.5 million characters.
        assert.ok(written[0].length < 5000, `the journal is small (${written[0].length} characters)`);
        for (const v of JSON.parse(written[0]).variants) {
          const big = v.edits.find((e) => e.path === APPHOST);
          assert.ok(!big || (big.changes && big.text === undefined), "the big file, when in it, as its changes");
        }
        const cdp = await context.newCDPSession(page);
        const crashed = page.waitForEvent("crash");
        void cdp.send("Page.crash").catch(() => {});
        await crashed;
        page = await pageOf(context);
        await page.goto(BASE + "/");
        await shown(page);
        const before = await holdsBoth(page, "hidden");
        await folded(page);

        // The hidden tab's journal, written over an older save, left behind
        // (a crashed tab's), and a journal over the save stored now whose
        // text does not come out as journaled: neither is applied.
        // (Once the restored page has opened its file and saved that too: nothing is being written.)
        await page.waitForTimeout(1500);
        await folded(page);
        const id = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).id, KEY);
        assert.match(id, /\./, "the record's id is in the marker");
        const forged = {
          v: 1,
          tab: "forged",
          at: Date.now(),
          variants: [{ base: id, edits: [{ path: APPHOST, changes: [[0, 0, "<!-- not so -->"]], base: before[1].length, length: before[1].length + 15, hash: "00000000" }], env: {}, path: PATH, view: {} }],
        };
        await page.evaluate(([p, stale, f]) => {
          localStorage.setItem(p + "crashed", stale);
          localStorage.setItem(p + "forged", JSON.stringify(f));
        }, [JOURNAL, written[0], forged]);
        await page.reload();
        await shown(page);
        const after = await holdsBoth(page, "hidden");
        assert.ok(after[0] === before[0] && after[1] === before[1], "the files exactly as autosaved");
        await page.locator(".toast").filter({ hasText: "could not be restored" }).waitFor({ timeout: 30_000 });
        await shot(page, `storage-journal-${width}-refused`);
        await folded(page);
        assert.deepEqual(page.errors, []);

        // localStorage full: leaving asks, and the page says why; staying saves.
        await page.evaluate(() => {
          let lo = 0;
          let hi = 12_000_000;
          while (hi - lo > 64) {
            const mid = (lo + hi) >> 1;
            try {
              localStorage.setItem("filler", "x".repeat(mid));
              lo = mid;
            } catch {
              hi = mid;
            }
          }
          localStorage.setItem("filler", "x".repeat(Math.max(0, lo - 200)));
        });
        page.removeAllListeners("dialog");
        page.on("dialog", (d) => {
          page.dialogs.push(d.type());
          void d.dismiss(); // "Stay on page"
        });
        await typeBoth(page, "full", phone);
        await page.evaluate(() => setTimeout(() => location.reload(), 0));
        await page.locator(".toast").filter({ hasText: "could not be kept for leaving at once (local storage is full)" }).waitFor({ timeout: 30_000 });
        assert.deepEqual(page.dialogs, ["beforeunload"], "the browser asks before leaving");
        assert.deepEqual(await journals(page), [], "no part of a journal is left");
        await shot(page, `storage-journal-${width}-full`);
        await page.locator(".toast").filter({ hasText: "Your edits are saved" }).waitFor({ timeout: 180_000 });
        assert.equal(await page.evaluate(() => window.iisconfApp.workspace.unsavedOnLeave()), false, "nothing owed");
        await shot(page, `storage-journal-${width}-full-saved`);
        await page.evaluate(() => localStorage.removeItem("filler"));
        await page.reload();
        await shown(page);
        await holdsBoth(page, "full");
        assert.deepEqual(page.dialogs, ["beforeunload"], "a saved workspace leaves without asking");
        await folded(page);

        // Left for a link (#v1…): the link's workspace is shown as it is,
        // the journal is not laid over it; back without the link, the
        // autosave and its journal are.
        await page.waitForTimeout(1500);
        await folded(page);
        await typeBoth(page, "link", phone);
        const linked = { version: 1, files: [{ path: "C:\\inetpub\\wwwroot\\web.config", text: '<configuration>\n  <appSettings><add key="from-link" value="1" /></appSettings>\n</configuration>\n' }], env: {}, path: "Default Web Site", view: {} };
        await page.goto(BASE + "/" + shareHash(linked));
        await tid(page, "confirm-replace-go").click({ timeout: 120_000 });
        await page.waitForFunction(() => window.iisconfApp?.loaded && window.iisconfApp.workspace.files.length === 1, null, { timeout: 120_000 });
        const shownLink = await page.evaluate(() => window.iisconfApp.state().files.map((f) => f.text));
        assert.deepEqual(shownLink, [linked.files[0].text], "the link's workspace, nothing laid over it");
        await page.goto(BASE + "/");
        await shown(page);
        await holdsBoth(page, "link");
        await folded(page);
        assert.deepEqual(page.dialogs, ["beforeunload"], "no prompt");
        assert.deepEqual(page.errors, []);
      } finally {
        await browser.close();
      }
    });
  });
}
