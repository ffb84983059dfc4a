// Typing in a web.config: every keystroke's evaluation sends only the
// sections that changed (the page names the stamps it holds; the engine
// answers the others as "same" and the page keeps its own objects). What
// the panels draw must be exactly what a full evaluation gives, while
// typing and once typing pauses: values, locks, diagnostics and the
// response, for an edit inside a section, a new section, a lock and a
// broken file — on a laptop-sized window and on a phone.
//
// Both ways an answer reaches the page are checked: through the shared
// answer buffer, read inside a frame (the page served as the build serves
// it, cross-origin isolated), and as messages (the same page without its
// Cross-Origin-Embedder-Policy header, as on a host that does not send it).
import { describe, it, after } from "node:test";
import { createServer } from "node:http";
import assert from "node:assert/strict";
import { openPlayground, tid, shot, waitText, usePage, addSiteWebConfig, shareHash, BASE, ROOT_WEBCONFIG } from "./lib/browser.mjs";

/**
 * The page's result against a full evaluation of the same path (no stamps,
 * nothing held). live: right after a keystroke's own refresh, which asked
 * for the elements of the drawn sections only: the summaries and those
 * elements must match; settled: the whole result must.
 */
async function compare(page, live) {
  return page.evaluate(async (live) => {
    const app = window.iisconfApp;
    // The held result must be the engine's latest: no refresh running or
    // about to run with edits the engine has and the result lacks.
    const sch = app.scheduler;
    while (sch.running || sch.kick || sch.again || app.workspace.dirty.size) await new Promise((r) => setTimeout(r, 5));
    const held = app.result;
    const asked = window.__asked === null ? null : new Set(window.__asked);
    const full = await app.engine.evaluate({ path: app.workspace.path, noDefaults: !app.workspace.view.defaults }, "test-full");
    const strip = (s, element) => JSON.stringify({ ...s, stamp: undefined, element: element ? s.element : undefined });
    const bad = [];
    if (held.sections.length !== full.sections.length) bad.push(`${held.sections.length} sections, not ${full.sections.length}`);
    for (let i = 0; i < Math.min(held.sections.length, full.sections.length); i++) {
      const h = held.sections[i];
      const f = full.sections[i];
      if (h.same) bad.push(`${h.name}: a "same" stub was drawn`);
      const element = !live || !asked || asked.has(f.name);
      if (strip(h, element) !== strip(f, element)) bad.push(`${f.name} differs`);
    }
    for (const k of ["configPath", "chain", "diagnostics", "response", "mapping"])
      if (JSON.stringify(held[k]) !== JSON.stringify(full[k])) bad.push(`${k} differs`);
    return { bad, stamped: held.sections.filter((s) => s.stamp).length, n: held.sections.length };
  }, live);
}

/**
 * Counts the engine worker's answers to evaluations by how they came:
 * "shared" (the message only says the answer is in the buffer) or
 * "message" (the message carries it); and the ops each worker was asked
 * for, by the worker's name (the engine's, the tools').
 */
function countAnswers() {
  window.__answers = { shared: 0, message: 0 };
  window.__ops = {};
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      const name = a[1]?.name ?? "?";
      const ops = (window.__ops[name] ??= {});
      const post = this.postMessage.bind(this);
      this.postMessage = (m, ...rest) => {
        if (m?.op) ops[m.op] = (ops[m.op] ?? 0) + 1;
        return post(m, ...rest);
      };
      this.addEventListener("message", (ev) => {
        if (ev.data?.id === undefined || name !== "iisconf-engine") return;
        if (ev.data.shared) window.__answers.shared++;
        else if (ev.data.result !== undefined) window.__answers.message++;
      });
    }
  };
}

/** Serves the page without its Cross-Origin-Embedder-Policy header: not cross-origin isolated. */
async function withoutIsolation(context) {
  await context.route(/.*/, async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers() };
    delete headers["cross-origin-embedder-policy"];
    await route.fulfill({ response: res, headers });
  });
}

/** Types text key by key; after each key's own refresh (before typing pauses) the drawn state matches a full evaluation. */
async function typeChecked(page, text) {
  for (const ch of text) {
    const n = await page.evaluate(() => window.iisconfApp.refreshes);
    await page.keyboard.type(ch);
    await page.waitForFunction((n) => window.iisconfApp.refreshes > n, n, { timeout: 30_000 });
    const c = await compare(page, true);
    assert.deepEqual(c.bad, [], `after typing ${JSON.stringify(ch)}`);
  }
}

/** Waits until typing has paused long enough for the complete refresh, then compares everything. */
async function settledEqual(page) {
  let last = -1;
  for (;;) {
    const n = await page.evaluate(() => window.iisconfApp.refreshes);
    if (n === last) break;
    last = n;
    await page.waitForTimeout(700);
  }
  const c = await compare(page, false);
  assert.deepEqual(c.bad, []);
  assert.ok(c.stamped > 100, `sections carry stamps (${c.stamped} of ${c.n})`);
}

/** A screenshot of the results (on a phone, its results column), then the keyboard back in the editor where it was. */
async function look(page, name, tab = "effective") {
  const phone = await tid(page, "view-results").isVisible();
  if (phone) await tid(page, "view-results").click();
  await tid(page, "tab-" + tab).click();
  await shot(page, name);
  if (phone) await tid(page, "view-editor").click();
  await page.evaluate(() => window.iisconfApp.editors.view.focus());
}

for (const [name, viewport, isolated] of [
  ["laptop", { width: 1400, height: 900 }, true],
  ["phone", { width: 390, height: 844 }, true],
  ["laptop-not-isolated", { width: 1400, height: 900 }, false],
]) {
  describe(`typing in a web.config (${name}): the panels show a full evaluation's answer`, { timeout: 240_000 }, () => {
    const s = usePage({ viewport });

    it("a value, a new section, a lock and a broken file, key by key", async () => {
      const { page } = s;
      if (!isolated) await withoutIsolation(page.context());
      await page.addInitScript(countAnswers);
      await openPlayground(page);
      assert.equal(await page.evaluate(() => window.crossOriginIsolated && window.iisconfApp.sharedAnswers), isolated, "answers through the shared buffer");
      // What each of the page's own evaluations asked: the live check
      // compares the elements it asked for (the others keep the last
      // answer's until typing pauses, by design).
      await page.evaluate(() => {
        const e = window.iisconfApp.engine;
        const evaluate = e.evaluate.bind(e);
        e.evaluate = (args, key) => {
          if (key === undefined && !args.summary) window.__asked = args.elements ?? null;
          return evaluate(args, key);
        };
      });
      if (name === "phone") await tid(page, "view-files").click();
      await addSiteWebConfig(page, "<system.webServer>");
      // A value inside a section the panel draws.
      await page.keyboard.insertText('<defaultDocument><files><add value="" /></files></defaultDocument>');
      await page.keyboard.press("End");
      for (let k = 0; k < '" /></files></defaultDocument>'.length; k++) await page.keyboard.press("ArrowLeft");
      const measured = () => page.evaluate(() => [window.iisconfApp.latencies.length, window.iisconfApp.ownFrames.length]);
      // The inserted text is a keystroke too: counted once its panels are
      // drawn, which can come after the count below unless the page has
      // settled first (it did on the message path, in a CI run).
      await settledEqual(page);
      const [n0, o0] = await measured();
      const predicted = () => page.evaluate(() => ({ ...window.iisconfApp.workspace.predictions }));
      const p0 = await predicted();
      await typeChecked(page, "home.htm");
      await settledEqual(page);
      // Each key that typed is measured once (keystroke → panels drawn, and whether in its own frame).
      assert.deepEqual(await measured(), [n0 + 8, o0 + 8], "keystrokes measured");
      // Each was predicted; those sent to the engine before the editor had
      // them (all of them, unless a refresh was still running when the key
      // came, as under load) were each confirmed by the editor's change
      // (app/workspace.ts predict).
      const p1 = await predicted();
      const taken = p1.taken - p0.taken;
      assert.equal(p1.made - p0.made, 8, "keystrokes predicted");
      assert.ok(taken >= 1, `predictions sent ahead of the editor: ${taken} of 8`);
      assert.equal(p1.confirmed - p0.confirmed, taken, "every prediction sent was confirmed");
      await waitText(tid(page, "effective-view"), 'value="home.htm"');
      await look(page, `keystroke-${name}-value`);
      // A burst faster than the engine answers: answers to superseded
      // keystrokes are dropped, never drawn for the newer text.
      await page.keyboard.type("x-burst-of-keys");
      await shot(page, `keystroke-${name}-typing`);
      await settledEqual(page);
      await waitText(tid(page, "effective-view"), 'value="home.htmx-burst-of-keys"');
      for (let k = 0; k < "x-burst-of-keys".length; k++) await page.keyboard.press("Backspace");
      await settledEqual(page);
      await waitText(tid(page, "effective-view"), 'value="home.htm"');

      // A new section after it, typed whole (directoryBrowse is not drawn
      // until it exists), then a lock on a section below the site.
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await typeChecked(page, '<directoryBrowse enabled="true" />');
      await settledEqual(page);
      await page.keyboard.press("Enter");
      await page.keyboard.insertText('<security><requestFiltering allowDoubleEscaping="true" /></security>');
      await settledEqual(page);

      // A broken file: the response turns into a 500.19, and back.
      await typeChecked(page, "<");
      await settledEqual(page);
      await waitText(tid(page, "tab-500"), "Response 500.19");
      await look(page, `keystroke-${name}-broken`, "500");
      await page.keyboard.press("Backspace");
      await settledEqual(page);
      await waitText(tid(page, "tab-500"), "Response 200");
      await look(page, `keystroke-${name}-after`);
      await waitText(tid(page, "effective-view"), 'directoryBrowse enabled="true"');
      // Every evaluation came the way the page can receive it.
      const answers = await page.evaluate(() => window.__answers);
      if (isolated) assert.ok(answers.shared > 20, `answers through the buffer: ${JSON.stringify(answers)}`);
      else assert.equal(answers.shared, 0, `no answer through a buffer: ${JSON.stringify(answers)}`);
      // The editor's help was asked as one typed, and answered by the
      // tools' worker, which got the texts the engine got (transport.ts):
      // the engine's worker, which evaluates every keystroke, never ran it.
      const ops = await page.evaluate(() => window.__ops);
      const engineOps = ops["iisconf-engine"] ?? {};
      const toolsOps = ops["iisconf-tools"] ?? {};
      assert.ok(engineOps.evaluate > 20, `the engine's worker evaluates: ${JSON.stringify(ops)}`);
      assert.ok(!engineOps.complete && !engineOps.hover, `no completion in the engine's worker: ${JSON.stringify(ops)}`);
      assert.ok(toolsOps.complete >= 1 && !toolsOps.evaluate, `completions in the tools' worker: ${JSON.stringify(ops)}`);
      assert.ok((toolsOps.load ?? 0) + (toolsOps.loadStock ?? 0) >= 1 && toolsOps.setFile >= 1, `the tools' worker kept in step: ${JSON.stringify(ops)}`);
      // The engine's worker ran its collector while typing paused (worker.ts,
      // quiet), between the evaluations the checks above found right; the
      // tools' worker leaves its own to the runtime. And the tools' worker
      // played a completion once when the editor was focused, before the
      // first key asked for one (worker.ts warmAssist).
      const collections = {};
      const warmed = {};
      for (const w of page.workers()) {
        const [wname, n, assist] = await w.evaluate(() => [self.name, self.__iisconfCollections ?? 0, !!self.__iisconfAssistWarmed]).catch(() => ["", 0, false]);
        if (wname) [collections[wname], warmed[wname]] = [n, assist];
      }
      assert.ok(collections["iisconf-engine"] >= 1 && !collections["iisconf-tools"], `collections while quiet: ${JSON.stringify(collections)}`);
      assert.ok(warmed["iisconf-tools"] && !warmed["iisconf-engine"], `completion played once in the tools' worker: ${JSON.stringify(warmed)}`);
      assert.deepEqual(page.errors, []);
    });
  });
}

// Another site's page framing the embed: the embed is not cross-origin
// isolated there (its parent is not), so it has no shared buffer and its
// engine answers as messages; the demo must work all the same.
describe("the embed in another site's iframe", { timeout: 120_000 }, () => {
  const s = usePage({ viewport: { width: 900, height: 700 } });

  it("evaluates without isolation", async () => {
    const { page } = s;
    const state = {
      version: 1,
      files: [{ path: ROOT_WEBCONFIG, text: '<configuration><system.webServer><defaultDocument><files><add value="framed-elsewhere.htm" /></files></defaultDocument></system.webServer></configuration>' }],
      env: {},
      path: "Default Web Site",
      view: { panel: "effective" },
    };
    const src = `${BASE}/embed?section=system.webServer%2FdefaultDocument&stock=1${shareHash(state)}`;
    // The other site: a server of its own on this machine (Chromium keeps
    // pages it did not fetch from a local address from framing loopback
    // ones), so another origin, without any isolation headers.
    const server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Docs</title><h1>A docs page</h1><iframe src="${src}" width="800" height="500"></iframe>`);
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    after(() => server.close());
    await page.goto(`http://127.0.0.1:${server.address().port}/a-docs-page.html`);
    const frame = page.frameLocator("iframe");
    await waitText(frame.locator('[data-testid="effective-view"]'), "framed-elsewhere.htm", 60_000);
    const inner = page.frames().find((f) => f.url().startsWith(BASE));
    assert.equal(await inner.evaluate(() => window.crossOriginIsolated), false, "the framed embed is not isolated");
    await shot(page, "keystroke-embed-elsewhere");
    assert.deepEqual(page.errors, []);
  });
});
