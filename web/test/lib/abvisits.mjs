// A/B visits: the same visit to two builds of the playground, interleaved
// (A B B A A B …, a fresh browser context each time), so that a machine
// whose speed drifts cannot favour one side. Nothing here is a test.
//
//   node web/test/lib/abvisits.mjs RUNS KIND URL_A URL_B [URL_C …]
//
// KIND: first (a first visit), link:#v2:… (a visit opening that link),
// sample:NAME[&step=STEP] (a docs page's "Open in playground": the page at
// ?sample=NAME…), or autosave (a revisit after a first visit that typed
// into the editor).
// Serve each build from its own worktree (`go run ./build serve -addr
// 127.0.0.1:PORT`). For each URL it prints the median and p95 of every
// performance mark after navigation, and of "sections": the frame that
// first shows sections of the Effective view, measured from outside the
// page's code (a MutationObserver, then the next frame), the same for any
// build, whatever its own marks mean. W and H set the window (1400x900).
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.mjs";

const [runs, kind, ...urls] = process.argv.slice(2);
if (!runs || !kind || urls.length < 1) {
  console.error("usage: node web/test/lib/abvisits.mjs RUNS first|link:#…|sample:NAME[&step=STEP]|autosave URL_A URL_B …");
  process.exit(2);
}
const viewport = { width: Number(process.env.W || 1400), height: Number(process.env.H || 900) };

/** Marks "sections" in the task after the frame that first shows an Effective section. */
function watchSections() {
  const mo = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="effective-view"] .sec')) return;
    mo.disconnect();
    requestAnimationFrame(() => setTimeout(() => performance.mark("sections"), 0));
  });
  document.addEventListener("DOMContentLoaded", () => mo.observe(document.body, { childList: true, subtree: true }));
}

async function visit(browser, base, into) {
  const context = await browser.newContext({ viewport });
  try {
    if (kind === "autosave") {
      const p = await context.newPage();
      await p.goto(base + "/");
      await p.waitForFunction(() => window.iisconfApp?.loaded && !document.querySelector('[data-testid="editor-wait"]:not([hidden])'), null, { timeout: 60_000 });
      await p.locator(".cm-content .cm-line").nth(1).click();
      await p.keyboard.press("End");
      await p.keyboard.type("<!-- an edit -->");
      await p.waitForFunction(() => window.iisconfApp.state().files.some((f) => f.text.includes("<!-- an edit -->")));
      await p.waitForTimeout(1500); // the autosave's pause
      await p.close();
    }
    const page = await context.newPage();
    await page.addInitScript(watchSections);
    await page.goto(base + "/" + (kind.startsWith("link:") ? kind.slice(5) : kind.startsWith("sample:") ? "index.html?sample=" + kind.slice(7) : ""));
    await page.waitForFunction(() => performance.getEntriesByName("sections").length > 0 && document.body.dataset.ready === "true", null, { timeout: 60_000 });
    const marks = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]));
    for (const [name, t] of marks) (into[name] ??= []).push(t);
  } finally {
    await context.close();
  }
}

const quantile = (a, q) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
const results = urls.map(() => ({}));
try {
  for (let i = 0; i < Number(runs); i++) {
    const order = i % 2 ? [...urls.keys()].reverse() : [...urls.keys()];
    for (const j of order) await visit(browser, urls[j].replace(/\/+$/, ""), results[j]);
  }
} finally {
  await browser.close();
}
for (const [j, r] of results.entries()) {
  console.log(`${String.fromCharCode(65 + j)} ${urls[j]}  (${kind.slice(0, 8)}, ${runs} visits, ${viewport.width}x${viewport.height})`);
  for (const [name, a] of Object.entries(r).sort((x, y) => quantile(x[1], 0.5) - quantile(y[1], 0.5)))
    console.log(`  ${name.padEnd(26)} median ${quantile(a, 0.5).toFixed(0).padStart(5)} ms   p95 ${quantile(a, 0.95).toFixed(0).padStart(5)} ms   (${a.length})`);
}
