// The editor (CodeMirror and its extensions) is a chunk of its own, asked
// for only once a first visit's answer is on screen (ui/editor.ts): until
// it arrives, the open file is shown read-only in a stand-in that says so,
// in the same box, so nothing moves when CodeMirror takes its place. Here
// the chunk (and the engine's wasm) are held back, as on a slow link, to
// walk through what a user meets meanwhile.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, tid, waitText, shot, BASE } from "./lib/browser.mjs";

const CODE_EDITOR = /\/codeeditor-[A-Z2-7]{8}\.js$/;
const ENGINE_WASM = /\/engine\.[0-9a-f]{10}\.wasm$/;

/** A gate a route waits on until release(). */
function gate() {
  let release;
  const opened = new Promise((r) => (release = r));
  return { opened, release };
}

/** A first visit whose editor chunk (and, with engine, the engine's wasm) is served only once released. */
async function visit(browser, viewport, { holdEngine = false } = {}) {
  const { context, page } = await newPage(browser, { viewport });
  const editor = gate();
  const engine = gate();
  const asked = [];
  await context.route(CODE_EDITOR, async (route) => {
    asked.push(Date.now());
    await editor.opened;
    await route.continue();
  });
  if (holdEngine)
    await context.route(ENGINE_WASM, async (route) => {
      await engine.opened;
      await route.continue();
    });
  await page.goto(BASE + "/");
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { context, page, editor, engine, asked };
}

/** Where the panes are (x, y, width, height), to show that the swap moves nothing. */
const boxes = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      ["editor", "editor-file", "result-controls", "effective-view", "path-box", "file-tree"].map((t) => {
        const r = document.querySelector(`[data-testid="${t}"]`)?.getBoundingClientRect();
        return [t, r ? [r.x, r.y, r.width, r.height].map(Math.round).join(",") : null];
      }),
    ),
  );

/** The number of the first line the editor shows (stand-in or CodeMirror). */
const firstVisibleLine = (page) =>
  page.evaluate(async () => {
    const app = window.iisconfApp;
    if (!app.editors.ready) {
      const s = document.querySelector('[data-testid="editor-standin"]');
      return Math.floor(s.scrollTop / parseFloat(getComputedStyle(s.querySelector("pre")).lineHeight)) + 1;
    }
    const v = await app.editors.whenView();
    return v.state.doc.lineAt(v.lineBlockAtHeight(v.scrollDOM.scrollTop + 1).from).number;
  });

describe("the editor arrives after the first answer", { timeout: 300_000 }, () => {
  for (const viewport of [
    { width: 1400, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`a first visit shows the answer and a read-only stand-in, then CodeMirror in its place (${viewport.width}x${viewport.height})`, async () => {
      const browser = await launch();
      try {
        const { page, editor, engine, asked } = await visit(browser, viewport, { holdEngine: true });
        const phone = viewport.width < 700;
        // The answer is drawn without CodeMirror (nor the engine).
        await waitText(tid(page, "effective-view"), "system.webServer/defaultDocument");
        const firstResult = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName("iisconf:first-result")[0].startTime);
        await page.waitForFunction(() => performance.getEntriesByType("resource").length > 0);
        assert.equal(await page.locator(".cm-editor").count(), 0, "no CodeMirror yet");
        assert.ok(asked.length === 1 && asked[0] >= firstResult - 5, `the editor's chunk was asked after the first result (asked ${asked[0] - firstResult} ms after it)`);

        // The stand-in: the file that matters, with line numbers, read-only, and a note saying so.
        if (phone) await tid(page, "view-editor").click();
        const standIn = tid(page, "editor-standin");
        await standIn.waitFor();
        await waitText(tid(page, "editor-file"), "applicationHost.config");
        await waitText(standIn, "<configuration>");
        assert.equal(await standIn.getAttribute("aria-readonly"), "true");
        assert.equal(await standIn.getAttribute("role"), "textbox");
        assert.equal(await tid(page, "editor-wait").isVisible(), true);
        await waitText(tid(page, "editor-wait"), "read-only");

        // Reachable by keyboard, with a visible focus ring; typing changes nothing, and says why.
        const text = await standIn.locator("pre").textContent();
        for (let i = 0; i < 60 && !(await standIn.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
        assert.equal(await standIn.evaluate((el) => el === document.activeElement), true, "Tab reaches the stand-in");
        assert.notEqual(await standIn.evaluate((el) => getComputedStyle(el).outlineStyle), "none", "the focused stand-in shows its focus");
        await page.keyboard.type("typed-too-early");
        await page.keyboard.press("Enter");
        assert.equal(await standIn.locator("pre").textContent(), text, "the stand-in took a keystroke");
        assert.equal(await tid(page, "editor-wait").evaluate((el) => el.classList.contains("editor-wait-pulse")), true, "the note repeats why");
        // Scrolled with the keyboard like any scrolling box.
        await page.keyboard.press("PageDown");
        await page.keyboard.press("PageDown");
        await page.waitForFunction(() => document.querySelector('[data-testid="editor-standin"]').scrollTop > 500);
        await page.evaluate(async () => {
          // (PageDown scrolls smoothly: wait until it has stopped.)
          const el = document.querySelector('[data-testid="editor-standin"]');
          for (let last = -1; el.scrollTop !== last; ) {
            last = el.scrollTop;
            await new Promise((r) => setTimeout(r, 100));
          }
        });
        const lineBefore = await firstVisibleLine(page);
        assert.ok(lineBefore > 10, `scrolled to line ${lineBefore}`);
        await shot(page, `lazyeditor-standin-${viewport.width}`);
        const before = await boxes(page);

        // CodeMirror arrives: the same file, where the stand-in was, scrolled alike, with the focus.
        editor.release();
        await page.locator(".cm-content").waitFor();
        await page.waitForFunction(() => window.iisconfApp.editors.ready);
        assert.equal(await standIn.count(), 0, "the stand-in is gone");
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        assert.deepEqual(await boxes(page), before, "nothing moved at the swap");
        const lineAfter = await firstVisibleLine(page);
        assert.ok(Math.abs(lineAfter - lineBefore) <= 1, `scroll kept: line ${lineBefore} before, ${lineAfter} after`);
        assert.equal(await page.evaluate(() => !!document.activeElement?.closest(".cm-editor")), true, "the focus moved into CodeMirror");
        const norm = (t) => t.replace(/\r/g, "").trimEnd();
        const doc = () => page.evaluate(() => window.iisconfApp.editors.text("C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config"));
        assert.equal(norm(await doc()), norm(text), "CodeMirror holds the text the stand-in showed");
        // Still the engine's wait: read-only, and said.
        await waitText(tid(page, "editor-wait"), "engine");
        const cmBefore = await doc();
        await page.keyboard.type("still-too-early");
        assert.equal(await doc(), cmBefore, "CodeMirror took a keystroke before the engine was ready");
        const lineTyped = await firstVisibleLine(page);
        assert.ok(Math.abs(lineTyped - lineBefore) <= 1, `a key keeps the place: line ${lineBefore} before, ${lineTyped} after`);
        await shot(page, `lazyeditor-codemirror-${viewport.width}`);

        // The engine takes over: typing updates the result.
        engine.release();
        await page.waitForFunction(() => document.querySelector('[data-testid="editor-wait"]').hidden, null, { timeout: 60_000 });
        // (To the line of the server's last default document, as a link from a panel takes one.)
        const line = (await doc()).split("\n").findIndex((l) => l.includes('<add value="iisstart.htm" />')) + 1;
        await page.evaluate((line) => window.iisconfApp.jump("C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config", line), line);
        await page.keyboard.press("End");
        await page.keyboard.press("Enter");
        await page.keyboard.insertText('<add value="lazy-editor.htm" />');
        await waitText(tid(page, "effective-view"), "lazy-editor.htm");
        if (phone) await tid(page, "view-results").click();
        await shot(page, `lazyeditor-typed-${viewport.width}`);
        assert.deepEqual(page.errors, []);
      } finally {
        await browser.close();
      }
    });
  }

  it("what is done before the editor arrives is kept: a new web.config opened meanwhile is there, and editable, once it does", async () => {
    const browser = await launch();
    try {
      const { page, editor } = await visit(browser, { width: 1400, height: 900 });
      await page.waitForFunction(() => window.iisconfApp.loaded, null, { timeout: 60_000 });
      // The engine is ready; the editor is not: add the site's web.config.
      await tid(page, "tab-sites").click();
      await tid(page, "add-webconfig").click();
      await waitText(tid(page, "editor-file"), "C:\\inetpub\\wwwroot\\web.config");
      await waitText(tid(page, "editor-standin"), "<system.webServer>");
      await waitText(tid(page, "editor-wait"), "editor has loaded");
      editor.release();
      await page.waitForFunction(() => window.iisconfApp.editors.ready);
      await waitText(tid(page, "editor-file"), "C:\\inetpub\\wwwroot\\web.config");
      assert.equal(await tid(page, "editor-wait").isHidden(), true, "nothing is read-only any more");
      await page.locator(".cm-content .cm-line", { hasText: "<system.webServer>" }).first().click();
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.insertText('<defaultDocument><files><add value="kept.htm" /></files></defaultDocument>');
      await waitText(tid(page, "effective-view"), "kept.htm");
      // The file's undo history begins with what was typed, not with its creation.
      await page.keyboard.press("Control+z");
      await page.waitForFunction(() => !document.querySelector(".cm-content").textContent.includes("kept.htm"));
      assert.match(await page.locator(".cm-content").textContent(), /<system\.webServer>/);
      assert.deepEqual(page.errors, []);
    } finally {
      await browser.close();
    }
  });

  it("an editor chunk that cannot load leaves the text readable, says so, and loads when asked again", async () => {
    const browser = await launch();
    try {
      const { context, page } = await newPage(browser, { viewport: { width: 1400, height: 900 } });
      await context.route(CODE_EDITOR, (route) => route.abort("internetdisconnected"));
      await page.goto(BASE + "/");
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(page, "editor-wait"), "did not load");
      await waitText(tid(page, "editor-standin"), "<configuration>");
      await shot(page, "lazyeditor-failed");
      await context.unroute(CODE_EDITOR);
      await tid(page, "editor-standin").click();
      await page.locator(".cm-content").waitFor();
      await page.waitForFunction(() => window.iisconfApp.editors.ready);
      // (The failed request is a console error of its own.)
      assert.deepEqual(page.errors.filter((e) => !/codeeditor|Failed to fetch dynamically imported module/.test(e)), []);
    } finally {
      await browser.close();
    }
  });
});
