// A/B of the autosave's cost on the page's main thread: the same typing
// into two builds of the playground, interleaved (A B B A …, a fresh
// browser context each time), so that a machine whose speed drifts cannot
// favour one side. Nothing here is a test.
//
//   [HOSTING=bundle.txtar] [INTO=apphost] node web/test/lib/absave.mjs ROUNDS URL_A URL_B
//
// Each visit opens the playground (with HOSTING: imports that bundle as a
// user would, goes to a customer's site and waits until the page has had
// no long task for two seconds: the import's own autosave included), then
// types as the keystroke bench does (web/test/lib/typing.mjs: a default
// document added to a site web.config, 40 keys at a typist's pace; with
// INTO=apphost, a comment typed alike into applicationHost.config, the
// file the page opens), pauses so that the autosave runs, and reports the
// page's long tasks (over 50 ms, PerformanceObserver "longtask") from the
// first key on: the longest, and those that began 200 ms or more after
// the last key (the pause: the autosave runs 400 ms after that key, beside
// the panels' last drawing). Then it reloads and checks that the typed
// text came back. W and H set the window (1400x900). The long-task
// observer cannot say whose a task is, nor sees tasks under 50 ms: the
// typing and the pause are also traced (CDP Tracing), and every task of
// the main thread and of the engine worker from 300 ms after the last
// key on is reported, and apart those of the autosave (the tasks that make
// a piece of its Blob or ask IndexedDB; on the page, the first such task
// also reads the texts back from the editor).
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.mjs";
import { importBundle, openCustomerSite, typeInWebConfig, settle, watchLongTasks, TYPED, KEY_DELAY_MS } from "./typing.mjs";

const [rounds, ...urls] = process.argv.slice(2);
if (!rounds || urls.length < 1) {
  console.error("usage: [HOSTING=bundle.txtar] node web/test/lib/absave.mjs ROUNDS URL_A [URL_B …]");
  process.exit(2);
}
const hosting = process.env.HOSTING || "";
const into = process.env.INTO || "webconfig";
const viewport = { width: Number(process.env.W || 1400), height: Number(process.env.H || 900) };

async function quiet(page, ms) {
  for (let i = 0, last = -1; i < 30; i++) {
    const n = await page.evaluate(() => window.__longtasks.length);
    if (n === last) return;
    last = n;
    await page.waitForTimeout(ms);
  }
}

/**
 * Traces the page over CDP (Tracing) until the returned function is
 * called; that resolves with the tasks of the page's main thread and of
 * its engine worker that began 300 ms or more after the last keydown (the
 * pause), in ms.
 */
async function startTrace(context, page) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: ["devtools.timeline", "toplevel", "IndexedDB", "Blob"] } });
  return async () => {
    const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
    await cdp.send("Tracing.end");
    await done;
    const thread = new Map();
    for (const e of events) if (e.ph === "M" && e.name === "thread_name") thread.set(`${e.pid}:${e.tid}`, e.args.name);
    const on = (name) => events.filter((e) => e.ph === "X" && thread.get(`${e.pid}:${e.tid}`) === name);
    const main = on("CrRendererMain");
    const last = Math.max(...main.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown").map((e) => e.ts));
    const tasks = (xs) => xs.filter((e) => e.name === "ThreadControllerImpl::RunTask" && e.ts > last + 300_000);
    // The autosave's own tasks: those that make a piece of its Blob or ask IndexedDB.
    const saving = (xs) => {
      const marks = xs.filter((e) => e.name === "Registry::RegisterBlob" || e.name.startsWith("IDB"));
      return tasks(xs)
        .filter((t) => marks.some((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur))
        .map((e) => e.dur / 1000);
    };
    const worker = on("DedicatedWorker thread");
    return { main: tasks(main).map((e) => e.dur / 1000), worker: tasks(worker).map((e) => e.dur / 1000), saveMain: saving(main), saveWorker: saving(worker) };
  };
}

async function once(browser, base) {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await watchLongTasks(page);
    await page.addInitScript(() => addEventListener("keydown", () => (window.__lastKey = performance.now()), true));
    await page.goto(base + "/");
    await page.waitForFunction(() => window.iisconfApp?.loaded && !document.querySelector('[data-testid="editor-wait"]:not([hidden])'), null, { timeout: 60_000 });
    if (hosting) {
      await importBundle(page, hosting);
      await openCustomerSite(page);
    }
    await quiet(page, 2000);
    const t0 = await page.evaluate(() => performance.now());
    const trace = await startTrace(context, page);
    let typed = TYPED;
    if (into === "apphost") {
      // Into the file the page opened (applicationHost.config: the 9 MB file of a hosting server), at a typist's pace.
      await page.waitForFunction(() => /applicationHost\.config$/i.test(document.querySelector('[data-testid="editor-file"]')?.textContent ?? ""), null, { timeout: 60_000 });
      await page.locator(".cm-content .cm-line").nth(3).click();
      await page.keyboard.press("End");
      typed = "<!-- typed while the autosave is measured -->";
      await page.keyboard.type(typed, { delay: KEY_DELAY_MS });
      await settle(page);
    } else await typeInWebConfig(page); // ends with the page settled (no refresh for a second)
    await page.waitForTimeout(3000); // the autosave's pause, and the save
    await quiet(page, 1000);
    const traced = await trace();
    const tasks = await page.evaluate((t) => window.__longtasks.filter((x) => x.start + x.duration >= t), t0);
    // The pause: from 200 ms after the last key (its own refresh drawn) on.
    const last = await page.evaluate(() => window.__lastKey);
    const pause = tasks.filter((x) => x.start >= last + 200).map((x) => x.duration);
    await page.reload();
    await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 120_000 });
    const back = await page.evaluate((t) => window.iisconfApp.state().files.some((f) => f.text.includes(t)), typed);
    return { longest: Math.max(0, ...tasks.map((x) => x.duration)), all: tasks.map((x) => x.duration), pause, back, traced };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
const res = urls.map(() => []);
try {
  for (let r = 0; r < Number(rounds); r++) {
    const order = r % 2 ? [...urls.keys()].reverse() : [...urls.keys()];
    for (const k of order) {
      const x = await once(browser, urls[k].replace(/\/+$/, ""));
      res[k].push(x);
      const f = (a) => a.map((d) => d.toFixed(0)).join(" ") || "none";
      const top = (a) => [...a].sort((p, q) => q - p).slice(0, 5);
      const sum = (a) => a.reduce((p, q) => p + q, 0).toFixed(0);
      console.error(
        `round ${r + 1} ${String.fromCharCode(65 + k)}: long tasks from the first key ${f(x.all)}; in the pause ${f(x.pause)}; traced after the last key + 300 ms: main thread ${sum(x.traced.main)} ms, longest ${f(top(x.traced.main))}; worker ${sum(x.traced.worker)} ms, longest ${f(top(x.traced.worker))}; the autosave's tasks (a Blob's piece, IndexedDB): main thread ${sum(x.traced.saveMain)} ms, longest ${f(top(x.traced.saveMain))}, worker ${sum(x.traced.saveWorker)} ms, longest ${f(top(x.traced.saveWorker))}; typed text back after a reload: ${x.back}`,
      );
    }
  }
} finally {
  await browser.close();
}
urls.forEach((u, k) => {
  const xs = res[k];
  const pauses = xs.map((x) => Math.max(0, ...x.pause));
  const tracedMain = xs.map((x) => Math.max(0, ...x.traced.main));
  const saveMain = xs.map((x) => Math.max(0, ...x.traced.saveMain));
  const saveWorker = xs.map((x) => Math.max(0, ...x.traced.saveWorker));
  console.log(
    `${String.fromCharCode(65 + k)} ${u} (${hosting ? "10k" : "stock"}, into ${into}, ${xs.length} rounds, ${viewport.width}x${viewport.height}): longest task from the first key median ${median(xs.map((x) => x.longest)).toFixed(0)} ms (${xs.map((x) => x.longest.toFixed(0)).join(", ")}); longest in the pause median ${median(pauses).toFixed(0)} ms (${pauses.map((d) => d.toFixed(0)).join(", ")}); traced, longest main-thread task after the last key + 300 ms median ${median(tracedMain).toFixed(0)} ms (${tracedMain.map((d) => d.toFixed(0)).join(", ")}); the autosave's longest task: main thread median ${median(saveMain).toFixed(0)} ms (${saveMain.map((d) => d.toFixed(0)).join(", ")}), worker median ${median(saveWorker).toFixed(0)} ms (${saveWorker.map((d) => d.toFixed(0)).join(", ")}); text back after reload ${xs.filter((x) => x.back).length}/${xs.length}`,
  );
});
