// The frame that shows a typed character: what the page does so that it
// comes as soon as the key is handled, and that nothing the user sees is
// lost for it (timings are the bench's: `go run ./build bench -browser`,
// web/test/lib/abkeys.mjs).
//   - The cursor still blinks once typing pauses, shown first, as
//     CodeMirror draws it; while one types, its animation waits in its
//     delay, so no animation runs and the display's beat stops (a running
//     one made the keystroke's frame wait for the next beat).
//   - The editor's box contains its layout and paint; its tooltips live
//     outside it, whole, even where they reach past the editor's edge.
//   - The section a keystroke redraws on screen is drawn without
//     content-visibility's placeholder (laid out once in that frame).
// On a laptop-sized window and on a phone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openPlayground, tid, shot, usePage, addSiteWebConfig } from "./lib/browser.mjs";

/** The cursor layer's opacity every 100 ms for `ms`, as 1s and 0s. */
function blinkPattern(page, ms) {
  return page.evaluate(async (ms) => {
    const layer = document.querySelector(".cm-editor.cm-focused .cm-cursorLayer");
    let out = "";
    for (let t = 0; t < ms; t += 100) {
      out += getComputedStyle(layer).opacity === "0" ? "0" : "1";
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  }, ms);
}

/** Animations on the page that are running now (not waiting in their delay, not finished). */
function runningAnimations(page) {
  return page.evaluate(() =>
    document
      .getAnimations()
      .filter((a) => a.playState === "running" && a.effect?.getComputedTiming().progress !== null)
      .map((a) => `${a.animationName ?? a.id} on ${a.effect?.target?.className}`),
  );
}

for (const [name, viewport] of [
  ["laptop", { width: 1400, height: 900 }],
  ["phone", { width: 390, height: 844 }],
]) {
  describe(`the typed character's frame (${name})`, { timeout: 180_000 }, () => {
    const s = usePage({ viewport });

    it("no animation runs while one types, the cursor blinks once typing pauses", async () => {
      const { page } = s;
      await openPlayground(page);
      if (name === "phone") await tid(page, "view-files").click();
      await addSiteWebConfig(page, "<system.webServer>");
      await page.keyboard.insertText('<defaultDocument><files><add value="" /></files></defaultDocument>');
      await page.keyboard.press("End");
      for (let k = 0; k < '" /></files></defaultDocument>'.length; k++) await page.keyboard.press("ArrowLeft");
      // Typing at a brisk pace: after each key, the blink waits in its delay.
      for (const ch of "home.htm") {
        await page.keyboard.type(ch);
        await page.waitForTimeout(120);
        assert.deepEqual(await runningAnimations(page), [], `after typing ${JSON.stringify(ch)}`);
      }
      // Paused: the cursor is shown for half a blink, then blinks (600 ms
      // hidden, 600 ms shown, …) as CodeMirror's own blink does.
      await page.keyboard.type("l");
      const pattern = await blinkPattern(page, 2600);
      assert.match(pattern, /^1{4,7}0{4,7}1{4,7}0{3,7}/, `the cursor's opacity every 100 ms after a key: ${pattern}`);
      await shot(page, `typingframe-${name}-typed`);
      assert.deepEqual(page.errors, []);
    });

    // On a phone the results column is not shown while one types: the
    // section redrawn then is off screen, and stays a placeholder.
    if (name === "laptop")
      it("the section a keystroke redraws on screen is drawn without a placeholder", async () => {
        const { page } = s;
        const sec = page.locator('[data-testid="effective-view"] section[data-section="system.webServer/defaultDocument"]');
        await sec.scrollIntoViewIfNeeded();
        await page.evaluate(() => window.iisconfApp.editors.view.focus());
        const before = await page.evaluate(() => window.iisconfApp.refreshes);
        await page.keyboard.type("x");
        await page.waitForFunction((n) => window.iisconfApp.refreshes > n, before);
        await page.waitForFunction(() => /home\.htmlx/.test(document.querySelector('section[data-section="system.webServer/defaultDocument"]')?.textContent ?? ""));
        assert.equal(await sec.evaluate((el) => getComputedStyle(el).contentVisibility), "visible", "the redrawn section is not a content-visibility placeholder");
        await shot(page, `typingframe-${name}-section`);
        await page.keyboard.press("Backspace");
      });

    it("a tooltip reaching past the editor's edge is shown whole", async () => {
      const { page } = s;
      await page.evaluate(() => window.iisconfApp.editors.view.focus());
      // A broken element at the end of a line: its diagnostic's tooltip
      // is wider than what is left of the editor on its right.
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.type("<fi", { delay: 30 });
      const marker = page.locator(".cm-lintRange-error").first();
      await marker.waitFor({ timeout: 30_000 });
      await page.keyboard.press("Escape");
      await marker.hover();
      const tip = page.locator(".cm-tooltip-hover, .cm-tooltip-lint").first();
      await tip.waitFor({ timeout: 10_000 });
      const r = await page.evaluate(() => {
        const t = document.querySelector(".cm-tooltip-hover, .cm-tooltip-lint");
        const ed = document.querySelector(".cm-editor").getBoundingClientRect();
        const b = t.getBoundingClientRect();
        // A point of the tooltip outside the editor's box, if it reaches out; else its middle.
        const x = b.right > ed.right ? Math.min(b.right - 4, innerWidth - 2) : (b.left + b.right) / 2;
        const y = b.top < ed.top ? Math.max(b.top + 4, 2) : (b.top + b.bottom) / 2;
        const hit = document.elementFromPoint(x, y);
        return { inEditor: !!t.closest(".cm-editor"), hit: !!hit && t.contains(hit), reaches: b.right > ed.right || b.top < ed.top || b.bottom > ed.bottom };
      });
      assert.equal(r.inEditor, false, "tooltips are outside the editor's contained box");
      assert.ok(r.hit, `the tooltip is drawn where it reaches (${JSON.stringify(r)})`);
      await shot(page, `typingframe-${name}-tooltip`);
      assert.deepEqual(page.errors, []);
    });
  });
}
