// The browser bench: `go run ./build bench` (or `-browser` for this
// part alone) serves dist/ on loopback, writes the 10,000-site bundle and runs
// this script, which measures in headless Chromium and writes the samples as
// JSON to IISCONF_BENCH_OUT; the Go side prints the table. Nothing here is a
// test: numbers are reported, never asserted.
import { writeFileSync } from "node:fs";
import { launch, newPage, openPlayground, tid, clickLineEnd, shareHash, BASE } from "./browser.mjs";

if (process.env.IISCONF_BENCH !== "1") {
  console.log("bench.mjs is the browser bench: run it with `go run ./build bench -browser`");
  process.exit(0);
}

const RUNS = Number(process.env.IISCONF_BENCH_RUNS || 5);
const HOSTING = process.env.IISCONF_BENCH_HOSTING; // path of the 10,000-site bundle
const OUT = process.env.IISCONF_BENCH_OUT;
// The bench's own servers (build/benchserver.go): the same dist/ on loopback
// and over a slow link, each with a control address that tells which bytes
// it sent when.
const CONTROL = process.env.IISCONF_BENCH_CONTROL;
const SLOW = process.env.IISCONF_BENCH_SLOW_URL;
const SLOW_CONTROL = process.env.IISCONF_BENCH_SLOW_CONTROL;
// 40 characters, typed at a brisk typist's pace (about 8 per second).
const TYPED = "home-page-for-the-benchmark-run-0123.htm";
const KEY_DELAY_MS = 120;

const out = { runs: RUNS, first: [], slow: [], link: [], keystrokeMs: [], hosting: null, served: [] };
const log = (...a) => console.error("bench:", ...a);

const browser = await launch();
try {
  // 1. First visits: a fresh context each time (empty cache and storage).
  let linkHash = "";
  for (let i = 0; i < RUNS; i++) {
    const { context, page, visit } = await firstVisit(BASE, CONTROL);
    out.first.push(visit);
    if (i === 0) {
      out.served = visit.paths;
      out.keystrokeMs = await typeInWebConfig(page, "stock");
      // The workspace typed into, as a share link: the link visits below.
      linkHash = shareHash(await page.evaluate(() => window.iisconfApp.state()));
    }
    await context.close();
  }

  // 2. The same first visit over a slow link (10 Mbit/s, 40 ms round trips).
  if (SLOW) {
    for (let i = 0; i < RUNS; i++) {
      const { context, visit } = await firstVisit(SLOW, SLOW_CONTROL, "slow");
      out.slow.push(visit);
      await context.close();
    }
  }

  // 3. A first visit that opens a share link: its own state, which only the engine can answer.
  for (let i = 0; i < RUNS; i++) {
    const { context, visit } = await firstVisit(BASE, CONTROL, "link", "/" + linkHash);
    out.link.push(visit);
    await context.close();
  }

  // 4. A hosting server: 10,000 sites, imported as a user would (Import,
  //    choose the bundle file), then typed into. Long tasks on the page's
  //    main thread are recorded from the page's start.
  if (HOSTING) out.hosting = await hosting();
} finally {
  await browser.close();
}
if (OUT) writeFileSync(OUT, JSON.stringify(out, null, 1));

/**
 * One first visit in a fresh context: navigation to the first result drawn,
 * then until the network is quiet (the service worker's precache). Bytes are
 * the server's: every byte it sent from navigation to each mark, whoever
 * asked (the page, its engine worker, its service worker).
 */
async function firstVisit(base, control, label = "first", suffix = "/") {
  const { context, page } = await newPage(browser);
  const t0 = Date.now();
  await page.goto(base + suffix);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await quiet(control, t0);
  const marks = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    ...Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])),
  }));
  const firstResult = marks["iisconf:first-result"];
  const engineReady = marks["iisconf:engine-ready"];
  const writes = (await (await fetch(control + "/log")).json()).filter((w) => w.at >= marks.origin - 50);
  const upTo = (ms) => writes.filter((w) => w.at <= marks.origin + ms).reduce((a, w) => a + w.bytes, 0);
  const paths = {};
  for (const w of writes) {
    const p = (paths[w.path] ??= { path: w.path, bytes: 0, beforeFirstResult: 0, firstAt: w.at - marks.origin });
    p.bytes += w.bytes;
    if (w.at <= marks.origin + firstResult) p.beforeFirstResult += w.bytes;
  }
  if (!writes.some((w) => w.path.endsWith(".wasm"))) throw new Error("the server sent no wasm: " + JSON.stringify(Object.keys(paths)));
  const visit = {
    firstResultMs: firstResult,
    engineReadyMs: engineReady,
    bytesBeforeFirstResult: upTo(firstResult),
    bytesBeforeEngineReady: upTo(Math.max(engineReady, firstResult)),
    bytesTotal: upTo(Infinity),
    paths: Object.values(paths).sort((a, b) => a.firstAt - b.firstAt),
  };
  log(
    `${label}: first result ${firstResult.toFixed(0)} ms, engine ready ${engineReady.toFixed(0)} ms; ` +
      `bytes sent before the first result ${visit.bytesBeforeFirstResult}, before the engine was ready ${visit.bytesBeforeEngineReady}, in all ${visit.bytesTotal}`,
  );
  return { context, page, visit };
}

/** Waits until the server has sent nothing for 1.5 s (the page, its worker and its service worker are done). */
async function quiet(control, since) {
  let last = -1;
  for (;;) {
    const writes = await (await fetch(control + "/log")).json();
    const n = writes.filter((w) => w.at >= since).length;
    if (n === last) return;
    last = n;
    await new Promise((r) => setTimeout(r, 1500));
  }
}

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
