// A hosting server (10,000 sites, 200 of them with a web.config of their
// own) imported as a support engineer would: the Import dialog's plan names
// each web.config's site, the import draws the server, and a customer's
// site is found in the site tree by keyboard and by its filter, opened, and
// its own values are in the panels. On a laptop and on a phone. The site
// tree is a virtual list: a few dozen rows in the page, each telling a
// screen reader its place among the 10,004 (aria-posinset/-setsize), the
// active one named by the tree's aria-activedescendant. Long main-thread
// tasks are logged, never asserted (the bench measures them).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { usePage, openPlayground, tid, shot, cssEscape, APPHOST } from "./lib/browser.mjs";
import { hostingBundle, siteName, root, SITES, WITH_CONFIG } from "./lib/hostingbundle.mjs";

/**
 * Waits for two frames: what a programmatic scroll brings into view with
 * content-visibility: auto (the plan's rows, the Effective sections) is
 * laid out in the frame after the one that scrolled.
 */
async function frames(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/** Whether an element with content-visibility: auto is drawn (its content laid out, not skipped). */
async function rendered(loc) {
  return loc.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }) && el.getBoundingClientRect().height > 0 && el.firstElementChild.getBoundingClientRect().height > 0);
}

for (const [width, height] of [
  [1400, 900],
  [390, 844],
]) {
  describe(`a hosting server of ${SITES} sites, ${width}×${height}`, { timeout: 600_000 }, () => {
    const s = usePage({ viewport: { width, height } });

    it("is imported, and a customer's site is found by keyboard and by filter and shows its values", async () => {
      const page = s.page;
      await page.addInitScript(() => {
        window.__longtasks = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) window.__longtasks.push(Math.round(e.duration));
        }).observe({ type: "longtask", buffered: true });
      });
      await openPlayground(page);
      const stock = await page.evaluate(() => window.iisconfApp.state().files.find((f) => /applicationHost\.config$/i.test(f.path)).text);
      const bundle = hostingBundle(stock);

      // The plan: every file, each web.config under its customer's site.
      await tid(page, "import").click();
      await tid(page, "import-files").setInputFiles({ name: "hosting.txtar", mimeType: "text/plain", buffer: Buffer.from(bundle, "utf8") });
      const preview = tid(page, "import-preview");
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]').length > 0, null, { timeout: 120_000 });
      assert.match(await preview.locator("h3").textContent(), new RegExp(`the ${WITH_CONFIG + 1} files go`));
      assert.equal(await preview.locator("li[data-dest]").count(), WITH_CONFIG + 1, "a row per file");
      const row42 = preview.locator(`li[data-dest="${cssEscape(root(42) + "\\web.config")}"]`);
      assert.match(await row42.textContent(), new RegExp(`web\\.config of site "${siteName(42).replace(/\./g, "\\.")}" \\(its root folder\\)`));
      await row42.scrollIntoViewIfNeeded();
      await frames(page);
      assert.ok(await rendered(row42.locator(".import-row")), "the row scrolled to is drawn");
      await shot(page, `hosting-${width}-01-plan`);
      const before = await page.evaluate(() => window.iisconfApp.refreshes);
      await tid(page, "import-go").click();
      await page.waitForFunction(
        (n) => window.iisconfApp.refreshes > n && Number(/^(\d+) files/.exec(document.querySelector('[data-testid="status"]')?.textContent ?? "")?.[1]) > 200,
        before,
        { timeout: 300_000, polling: 200 },
      );

      // On a phone one column shows at a time: the switch brings the one wanted.
      const column = async (v) => {
        if (await tid(page, "view-" + v).isVisible()) await tid(page, "view-" + v).click();
      };

      // The site tree: a few dozen rows in the page for 10,004.
      await column("files");
      await tid(page, "tab-sites").click();
      const tree = tid(page, "site-tree");
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="site-tree"] [role="treeitem"]')?.getAttribute("aria-setsize")) >= 10_000, null, { timeout: 60_000 });
      const drawn = await tree.locator('[role="treeitem"]').count();
      assert.ok(drawn > 0 && drawn < 200, `rows in the page: ${drawn}`);
      assert.equal(await tree.locator('[role="treeitem"]').first().getAttribute("aria-setsize"), String(SITES + 4), "MACHINE, WEBROOT, APPHOST and 10,001 sites");

      // By keyboard: End reaches the last site (natural order, ignoring
      // case: Default Web Site after customer10000), ArrowUp the one before,
      // Enter opens it.
      await tree.focus();
      await page.keyboard.press("Home");
      await page.keyboard.press("End");
      const active = async () =>
        page.evaluate(() => {
          const t = document.querySelector('[data-testid="site-tree"]');
          const id = t.getAttribute("aria-activedescendant");
          const el = id ? document.getElementById(id) : null;
          return el && { text: el.textContent, selected: el.getAttribute("aria-selected"), pos: el.getAttribute("aria-posinset"), outline: getComputedStyle(el).outlineStyle, focused: document.activeElement === t };
        });
      const last = await active();
      assert.ok(last, "the active row is the tree's aria-activedescendant");
      assert.match(last.text, /Default Web Site/);
      assert.equal(last.selected, "true");
      assert.equal(last.pos, String(SITES + 4));
      assert.ok(last.focused, "the tree keeps the focus");
      assert.equal(last.outline, "solid", "the active row shows the focus ring");
      await page.keyboard.press("ArrowUp");
      assert.match((await active()).text, new RegExp(siteName(SITES).replace(/\./g, "\\.")));
      await shot(page, `hosting-${width}-02-tree-keyboard`);
      await page.keyboard.press("Enter");
      await page.waitForFunction((cp) => document.querySelector('[data-testid="config-path"]')?.textContent === cp, `MACHINE/WEBROOT/APPHOST/${siteName(SITES)}`, { timeout: 60_000 });

      // By filter: one site of 10,001, reached from the filter with the keyboard.
      await column("files");
      await tid(page, "site-filter").fill("customer00042");
      await page.waitForFunction(() => /^1 of 10001$/.test(document.querySelector(".site-filter-row span")?.textContent ?? ""), null, { timeout: 30_000 });
      await tree.focus();
      await page.keyboard.press("End");
      assert.match((await active()).text, new RegExp(siteName(42).replace(/\./g, "\\.")));
      await page.keyboard.press("Enter");
      await page.waitForFunction((cp) => document.querySelector('[data-testid="config-path"]')?.textContent === cp, `MACHINE/WEBROOT/APPHOST/${siteName(42)}`, { timeout: 60_000 });

      // The panels show the site's own values.
      await column("results");
      await tid(page, "tab-effective").click();
      const appSettings = tid(page, "effective-view").locator('section[data-section="appSettings"]');
      await appSettings.waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => /value="00042"/.test(document.querySelector('[data-testid="effective-view"] section[data-section="appSettings"]')?.textContent ?? ""), null, { timeout: 60_000 });
      // (Twice: the sections above it take their real height once drawn.)
      for (let k = 0; k < 2; k++) {
        await appSettings.scrollIntoViewIfNeeded();
        await frames(page);
      }
      assert.ok(await rendered(appSettings), "the section scrolled to is drawn");
      await shot(page, `hosting-${width}-03-site-values`);
      await tid(page, "tab-500").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === "200", null, { timeout: 60_000 });

      console.log(`long tasks (ms) at ${width}×${height}: ${(await page.evaluate(() => window.__longtasks)).join(" ")}`);
      assert.deepEqual(page.errors, []);
    });
  });
}
