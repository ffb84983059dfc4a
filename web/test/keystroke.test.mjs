// Typing in a web.config: every keystroke's evaluation sends only the
// sections that changed (the page names the stamps it holds; the engine
// answers the others as "same" and the page keeps its own objects). What
// the panels draw must be exactly what a full evaluation gives, while
// typing and once typing pauses: values, locks, diagnostics and the
// response, for an edit inside a section, a new section, a lock and a
// broken file — on a laptop-sized window and on a phone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openPlayground, tid, shot, waitText, usePage, addSiteWebConfig } from "./lib/browser.mjs";

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

for (const [name, viewport] of [
  ["laptop", { width: 1400, height: 900 }],
  ["phone", { width: 390, height: 844 }],
]) {
  describe(`typing in a web.config (${name}): the panels show a full evaluation's answer`, { timeout: 240_000 }, () => {
    const s = usePage({ viewport });

    it("a value, a new section, a lock and a broken file, key by key", async () => {
      const { page } = s;
      await openPlayground(page);
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
      await typeChecked(page, "home.htm");
      await settledEqual(page);
      await waitText(tid(page, "effective-view"), 'value="home.htm"');
      await look(page, `keystroke-${name}-value`);

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
      assert.deepEqual(page.errors, []);
    });
  });
}
