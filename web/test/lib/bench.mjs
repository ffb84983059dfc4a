// The browser bench: `go run ./build bench` (or `-browser` for this
// part alone) serves dist/ on loopback, writes the 10,000-site bundle and runs
// this script, which measures in headless Chromium and writes the samples as
// JSON to IISCONF_BENCH_OUT; the Go side prints the table. Nothing here is a
// test: numbers are reported, never asserted.
import { writeFileSync } from "node:fs";
import { launch, newPage, openPlayground, tid, shareHash, BASE } from "./browser.mjs";
import { typeInWebConfig, settle, emptyPageFloor, importBundle, openCustomerSite, TYPED } from "./typing.mjs";

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
const out = { runs: RUNS, first: [], slow: [], link: [], keystrokeMs: [], keystrokeOwnFrame: null, keystrokeKeyFrameMs: null, emptyPageFloorMs: [], hosting: null, served: [] };
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
      const keys = await typed(page, "stock");
      out.keystrokeMs = keys.ms;
      out.keystrokeOwnFrame = keys.own;
      out.keystrokeKeyFrameMs = keys.keyFrame;
      // What any page can reach, typed alike: keydown → the next frame.
      out.emptyPageFloorMs = await emptyPageFloor(context);
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

/** Types into a site web.config (typing.mjs) and logs what was measured. */
async function typed(page, label) {
  const r = await typeInWebConfig(page);
  const own = r.own ? `, ${r.own.filter(Boolean).length} in the keystroke's own frame` : "";
  log(`${label}: ${r.ms.length} keystroke latencies for ${TYPED.length} keys${own} (answers ${r.shared ? "through the shared buffer" : "as messages"})`);
  return r;
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
  const t0 = await importBundle(page, HOSTING);
  res.importToResultMs = (await page.evaluate(() => performance.now())) - t0;
  await settle(page);
  res.loadTasks = await page.evaluate((t) => window.__longtasks.filter((x) => x.start + x.duration >= t), t0);
  res.files = Number(/^(\d+) files/.exec(await tid(page, "status").textContent())[1]);
  log(`hosting: import to first result ${res.importToResultMs.toFixed(0)} ms, ${res.files} files, ${res.loadTasks.length} long tasks, longest ${Math.max(0, ...res.loadTasks.map((x) => x.duration)).toFixed(0)} ms`);

  // Type in a customer's web.config, at that customer's site.
  await openCustomerSite(page);
  const t1 = await page.evaluate(() => performance.now());
  const keys = await typed(page, "hosting");
  res.keystrokeMs = keys.ms;
  res.keystrokeOwnFrame = keys.own;
  res.typeTasks = await page.evaluate((t) => window.__longtasks.filter((x) => x.start >= t), t1);
  log(`hosting: ${res.typeTasks.length} long tasks while typing, longest ${Math.max(0, ...res.typeTasks.map((x) => x.duration)).toFixed(0)} ms`);
  await context.close();
  return res;
}
