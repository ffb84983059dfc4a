// The bar above the result panels holds the section filter, the defaults
// switch and the legend of where values come from. It shows only where it
// applies (PanelDef.controls): Effective has all of it, Locks the filter
// (it lists sections by name), and every other tab — Compare, Backups,
// AppCmd, the Pool view… — none. A user walks the result tabs by keyboard
// (the WAI-ARIA tabs pattern: ← / →), on a laptop and on a phone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, openPlayground, tid, shot } from "./lib/browser.mjs";

/** The result tabs in order, and what each shows of the bar: "filter", "defaults", or nothing. */
const TABS = [
  ["effective", ["filter", "defaults"]],
  ["locks", ["filter"]],
  ["diagnostics", []],
  ["500", []],
  ["merge", []],
  ["pool", []],
  ["metabase", []],
  ["appcmd", []],
  ["backups", []],
  ["compare", []],
];
const WANT = Object.fromEntries(TABS);

async function shownControls(page) {
  return page.evaluate(() => {
    const bar = document.querySelector('[data-testid="result-controls"]');
    const seen = (el) => !!el && el.getClientRects().length > 0;
    const out = [];
    if (seen(bar) && seen(document.querySelector('[data-testid="section-filter"]'))) out.push("filter");
    if (seen(bar) && seen(document.querySelector('[data-testid="show-defaults"]')) && seen(bar.querySelector(".legend"))) out.push("defaults");
    return out;
  });
}

describe("the result controls", { timeout: 240_000 }, () => {
  for (const viewport of [
    { width: 1400, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`show only with the tabs they apply to (${viewport.width}x${viewport.height})`, async () => {
      const browser = await launch();
      try {
        const { page } = await newPage(browser, { viewport });
        await openPlayground(page);
        if (viewport.width < 700) await tid(page, "view-results").click();
        await tid(page, "tab-effective").click();
        assert.deepEqual(await shownControls(page), WANT.effective);
        // The filter narrows Effective; Compare has nothing it could narrow.
        await tid(page, "section-filter").fill("defaultDocument");
        await tid(page, "tab-effective").focus();
        const seen = [];
        for (;;) {
          const id = await page.evaluate(() => document.activeElement?.dataset.testid?.replace(/^tab-/, ""));
          seen.push(id);
          assert.deepEqual(await shownControls(page), WANT[id] ?? [], `the ${id} tab`);
          if (id === "compare" || id === "backups") {
            await page.waitForFunction(() => !/Loading…/.test(document.querySelector(".panel:not([hidden])")?.textContent ?? ""), null, { timeout: 30_000 });
            await shot(page, `result-controls-${id}-${viewport.width}`);
          }
          if (id === "compare") break;
          await page.keyboard.press("ArrowRight");
          await page.waitForFunction((prev) => document.activeElement?.dataset.testid !== "tab-" + prev, id);
        }
        assert.deepEqual(seen, TABS.map(([id]) => id));
        // Back on Effective the filter is as the user left it.
        await page.keyboard.press("Home");
        await page.waitForFunction(() => document.activeElement?.dataset.testid === "tab-effective");
        assert.deepEqual(await shownControls(page), WANT.effective);
        assert.equal(await tid(page, "section-filter").inputValue(), "defaultDocument");
        assert.deepEqual(page.errors, []);
      } finally {
        await browser.close();
      }
    });
  }
});
