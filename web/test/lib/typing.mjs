// The keystroke measure, shared by the browser bench (bench.mjs) and the
// A/B harness (abkeys.mjs): 40 characters typed at a brisk typist's pace
// into a <add value="…"> of a site web.config, and what the page measured
// for each key (window.iisconfApp, app/scheduler.ts):
//   ms       keystroke → panels drawn (the time just before the paint of
//            the frame that shows the panels' new state);
//   own      whether that frame was the keystroke's own (the first frame
//            after its keydown, which shows the typed character); absent
//            for builds before it was measured;
//   keyFrame keystroke → its own frame, ms.
// emptyPageFloor types the same keys, at the same pace, into a textarea of
// an empty page: keydown → the next frame, the least any page can reach.
import { tid, clickLineEnd } from "./browser.mjs";

export const TYPED = "home-page-for-the-benchmark-run-0123.htm";
export const KEY_DELAY_MS = 120;

/** Adds or opens the web.config the path maps to, adds a default document, types its name; what the page measured. */
export async function typeInWebConfig(page) {
  await tid(page, "tab-sites").click();
  await tid(page, "add-webconfig").click();
  await page.waitForFunction(() => /web\.config$/i.test(document.querySelector('[data-testid="editor-file"]')?.textContent ?? ""), null, { timeout: 60_000 });
  await clickLineEnd(page, "<system.webServer>");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText('<defaultDocument><files><add value="" /></files></defaultDocument>');
  // Put the cursor between the quotes of value="".
  await page.keyboard.press("End");
  for (let k = 0; k < '" /></files></defaultDocument>'.length; k++) await page.keyboard.press("ArrowLeft");
  await settle(page);
  const before = await page.evaluate(() => ({ n: window.iisconfApp.latencies.length, k: window.iisconfApp.keyFrames?.length ?? 0 }));
  await page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
  await settle(page);
  return page.evaluate(
    ({ n, k }) => {
      const app = window.iisconfApp;
      return {
        ms: app.latencies.slice(n),
        own: app.ownFrames?.slice(n) ?? null,
        keyFrame: app.keyFrames?.slice(k) ?? null,
        shared: app.sharedAnswers ?? false,
      };
    },
    before,
  );
}

/** Records the page's long tasks (over 50 ms) in window.__longtasks ({start, duration}), from its first script on. */
export async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

/** Waits until no refresh has completed for a while. */
export async function settle(page) {
  let last = -1;
  for (;;) {
    const n = await page.evaluate(() => window.iisconfApp.refreshes);
    if (n === last) return;
    last = n;
    await page.waitForTimeout(1000);
  }
}

/** The same keys, at the same pace, into a textarea of an empty page: keydown → the next frame, ms. */
export async function emptyPageFloor(context) {
  const page = await context.newPage();
  try {
    await page.setContent("<!doctype html><textarea rows=4 cols=60></textarea>");
    await page.evaluate(() => {
      window.__floor = [];
      document.querySelector("textarea").addEventListener("keydown", () => {
        const at = performance.now();
        requestAnimationFrame(() => window.__floor.push(performance.now() - at));
      });
    });
    await page.click("textarea");
    await page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
    await page.waitForTimeout(200);
    return await page.evaluate(() => window.__floor);
  } finally {
    await page.close();
  }
}

/**
 * Imports a bundle (the 10,000-site server) through the Import dialog as a
 * user would; resolves when a refresh has drawn it. Returns when it started
 * (page time).
 */
export async function importBundle(page, file) {
  const before = await page.evaluate(() => window.iisconfApp.refreshes);
  await tid(page, "import").click();
  await tid(page, "import-files").setInputFiles(file);
  const t0 = await page.evaluate(() => performance.now());
  await tid(page, "import-go").click();
  // Done when a refresh has drawn the imported workspace (the status line counts its files).
  await page.waitForFunction(
    (n) => window.iisconfApp.refreshes > n && Number(/^(\d+) files/.exec(document.querySelector('[data-testid="status"]')?.textContent ?? "")?.[1]) > 1000,
    before,
    { timeout: 300_000, polling: 100 },
  );
  return t0;
}

/** Goes to a customer's site of the hosting server (its web.config is typed into). */
export async function openCustomerSite(page) {
  await tid(page, "path-box").fill("customer00001.example.com");
  await tid(page, "path-box").press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-testid="config-path"]')?.textContent === "MACHINE/WEBROOT/APPHOST/customer00001.example.com", null, { timeout: 120_000 });
  await settle(page);
}

const quantile = (a, q) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN;
};

/** "median M ms, p95 P ms (n)" */
export function summary(xs) {
  return `median ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms (${xs.length})`;
}
