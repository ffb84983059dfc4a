// The browser bench: `go run ./build bench` (or `-browser` for this
// part alone) serves dist/ on loopback, writes the 10,000-site bundle and runs
// this script, which measures in headless Chromium and writes the samples as
// JSON to IISCONF_BENCH_OUT; the Go side prints the table. Nothing here is a
// test: numbers are reported, never asserted.
import { writeFileSync } from "node:fs";
import { launch, newPage, openPlayground, tid, clickLineEnd } from "./browser.mjs";

if (process.env.IISCONF_BENCH !== "1") {
  console.log("bench.mjs is the browser bench: run it with `go run ./build bench -browser`");
  process.exit(0);
}

const RUNS = Number(process.env.IISCONF_BENCH_RUNS || 5);
const HOSTING = process.env.IISCONF_BENCH_HOSTING; // path of the 10,000-site bundle
const OUT = process.env.IISCONF_BENCH_OUT;
// 40 characters, typed at a brisk typist's pace (about 8 per second).
const TYPED = "home-page-for-the-benchmark-run-0123.htm";
const KEY_DELAY_MS = 120;

const out = { runs: RUNS, transferBytes: [], engineReadyMs: [], firstResultMs: [], keystrokeMs: [], hosting: null, resources: [] };
const log = (...a) => console.error("bench:", ...a);

const browser = await launch();
try {
  // 1. First visits: a fresh context each time (empty cache and storage).
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await newPage(browser);
    const workers = [];
    page.on("worker", (w) => workers.push(w));
    await openPlayground(page);
    // Let anything the first result started finish (site map, autosave).
    await page.waitForLoadState("networkidle");
    // Compressed bytes of everything the first load fetched, from Resource
    // Timing: the page's entries and its engine worker's (which fetches the
    // wasm). encodedBodySize, not transferSize: Chromium may serve the wasm
    // from a cache shared across contexts, where transferSize reads 0.
    const list = () => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => [e.name, e.encodedBodySize]);
    const res = await page.evaluate(list);
    for (const w of workers) res.push(...(await w.evaluate(list).catch(() => [])));
    if (!res.some(([name]) => name.endsWith(".wasm"))) throw new Error("the engine's wasm fetch was not seen: " + JSON.stringify(res));
    const bytes = res.reduce((a, [, n]) => a + n, 0);
    if (i === 0) out.resources = res;
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));
    out.engineReadyMs.push(marks["iisconf:engine-ready"]);
    out.firstResultMs.push(marks["iisconf:first-result"]);
    out.transferBytes.push(bytes);
    log(`first load ${i + 1}/${RUNS}: ${bytes} bytes, engine ready ${marks["iisconf:engine-ready"].toFixed(0)} ms, first result ${marks["iisconf:first-result"].toFixed(0)} ms`);
    if (i === 0) out.keystrokeMs = await typeInWebConfig(page, "stock");
    await context.close();
  }

  // 2. A hosting server: 10,000 sites, imported as a user would (Import,
  //    choose the bundle file), then typed into. Long tasks on the page's
  //    main thread are recorded from the page's start.
  if (HOSTING) out.hosting = await hosting();
} finally {
  await browser.close();
}
if (OUT) writeFileSync(OUT, JSON.stringify(out, null, 1));

/** Adds or opens the web.config the path maps to, adds a default document and types its name. */
async function typeInWebConfig(page, label) {
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
  const before = await page.evaluate(() => window.iisconfApp.latencies.length);
  await page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
  await settle(page);
  const lat = await page.evaluate((n) => window.iisconfApp.latencies.slice(n), before);
  log(`${label}: ${lat.length} keystroke latencies for ${TYPED.length} keys`);
  return lat;
}

/** Waits until no refresh has completed for a while. */
async function settle(page) {
  let last = -1;
  for (;;) {
    const n = await page.evaluate(() => window.iisconfApp.refreshes);
    if (n === last) return;
    last = n;
    await page.waitForTimeout(1000);
  }
}

async function hosting() {
  const { context, page } = await newPage(browser);
  await page.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  await openPlayground(page);
  const res = {};
  const before = await page.evaluate(() => window.iisconfApp.refreshes);
  await tid(page, "import").click();
  await tid(page, "import-files").setInputFiles(HOSTING);
  const t0 = await page.evaluate(() => performance.now());
  await tid(page, "import-go").click();
  // Done when a refresh has drawn the imported workspace (the status line counts its files).
  await page.waitForFunction(
    (n) => window.iisconfApp.refreshes > n && Number(/^(\d+) files/.exec(document.querySelector('[data-testid="status"]')?.textContent ?? "")?.[1]) > 1000,
    before,
    { timeout: 300_000, polling: 100 },
  );
  res.importToResultMs = (await page.evaluate(() => performance.now())) - t0;
  await settle(page);
  res.loadTasks = await page.evaluate((t) => window.__longtasks.filter((x) => x.start + x.duration >= t), t0);
  res.files = Number(/^(\d+) files/.exec(await tid(page, "status").textContent())[1]);
  log(`hosting: import to first result ${res.importToResultMs.toFixed(0)} ms, ${res.files} files, ${res.loadTasks.length} long tasks, longest ${Math.max(0, ...res.loadTasks.map((x) => x.duration)).toFixed(0)} ms`);

  // Type in a customer's web.config, at that customer's site.
  await tid(page, "path-box").fill("customer00001.example.com");
  await tid(page, "path-box").press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-testid="config-path"]')?.textContent === "MACHINE/WEBROOT/APPHOST/customer00001.example.com", null, { timeout: 120_000 });
  await settle(page);
  const t1 = await page.evaluate(() => performance.now());
  res.keystrokeMs = await typeInWebConfig(page, "hosting");
  res.typeTasks = await page.evaluate((t) => window.__longtasks.filter((x) => x.start >= t), t1);
  log(`hosting: ${res.typeTasks.length} long tasks while typing, longest ${Math.max(0, ...res.typeTasks.map((x) => x.duration)).toFixed(0)} ms`);
  await context.close();
  return res;
}
