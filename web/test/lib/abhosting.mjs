// A/B of the bench's 10,000-site import (bench.mjs hosting()): the same
// import into two builds of the playground, interleaved (A B B A …, a fresh
// browser context each time), so that a machine whose speed drifts cannot
// favour one side. Nothing here is a test.
//
//   node web/test/lib/abhosting.mjs ROUNDS BUNDLE URL_A URL_B
//
// BUNDLE is the hosting server as a bundle (`go run ./build bench -browser`
// writes build/out/bench/hosting-10000-sites.txtar). Serve each build from
// its own worktree (`go run ./build serve -addr 127.0.0.1:PORT`). As the
// bench does, it chooses the file in the Import dialog, presses Import,
// waits for the imported workspace to be drawn and for the page to settle,
// and counts the page's long tasks that end after the file was chosen. It
// prints, for each build, each round's longest task and the medians.
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.mjs";
import { importBundle, watchLongTasks } from "./typing.mjs";

const [rounds, bundle, ...urls] = process.argv.slice(2);
if (!rounds || !bundle || urls.length !== 2) {
  console.error("usage: node web/test/lib/abhosting.mjs ROUNDS BUNDLE URL_A URL_B");
  process.exit(2);
}

async function importOnce(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await watchLongTasks(page);
  await page.goto(base.replace(/\/+$/, "") + "/");
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
  const t0 = await importBundle(page, bundle);
  const ms = (await page.evaluate(() => performance.now())) - t0;
  // Settled when no long task came for a second (as the bench waits).
  for (let i = 0, last = -1; i < 20; i++) {
    const n = await page.evaluate(() => window.__longtasks.length);
    if (n === last) break;
    last = n;
    await page.waitForTimeout(1000);
  }
  const tasks = await page.evaluate((t) => window.__longtasks.filter((x) => x.start + x.duration >= t).map((x) => x.duration), t0);
  await context.close();
  return { ms, longest: Math.max(0, ...tasks), tasks };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const res = urls.map(() => []);
try {
  for (let r = 0; r < Number(rounds); r++) {
    const order = r % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      const x = await importOnce(browser, urls[k]);
      res[k].push(x);
      console.error(`round ${r + 1} ${"AB"[k]}: import → drawn ${x.ms.toFixed(0)} ms, long tasks ${x.tasks.map((d) => d.toFixed(0)).join(" ") || "none"}`);
    }
  }
} finally {
  await browser.close();
}
urls.forEach((u, k) => {
  const xs = res[k];
  console.log(`${"AB"[k]} ${u}: longest task median ${median(xs.map((x) => x.longest)).toFixed(0)} ms (${xs.map((x) => x.longest.toFixed(0)).join(", ")}), import → drawn median ${median(xs.map((x) => x.ms)).toFixed(0)} ms`);
});
