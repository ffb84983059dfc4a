// Traces the bench's typing (typing.mjs) in Chromium over CDP Tracing and
// prints where each keystroke's time went, as medians over the keys after
// the eighth: keydown → the end of its input task (the editor's work),
// → the engine worker starting and finishing the evaluation, → the
// keystroke's frame (the first task with a commit after the keydown)
// starting and ending, and that frame's style, layout, paint, animation
// callbacks (CodeMirror's measure, the answer read from the shared buffer)
// and microtasks (the panels drawn). Nothing here is a test.
//
//   node web/test/lib/tracekeys.mjs URL OUT.json
//
// HOSTING=bundle types into the 10,000-site server (as abkeys.mjs);
// PROF=1 adds V8's CPU profiler (open OUT.json in Chromium's Performance
// panel); INV=1 records style and layout invalidations. W and H set the
// window (1400×900).
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.mjs";
import { typeInWebConfig, importBundle, openCustomerSite, settle } from "./typing.mjs";

const [url, out] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: node web/test/lib/tracekeys.mjs URL OUT.json");
  process.exit(2);
}
const categories = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "v8.execute",
  "toplevel",
  ...(process.env.PROF ? ["disabled-by-default-v8.cpu_profiler"] : []),
  ...(process.env.INV ? ["disabled-by-default-devtools.timeline.invalidationTracking"] : []),
];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: Number(process.env.W || 1400), height: Number(process.env.H || 900) } });
  const page = await context.newPage();
  await page.goto(url.replace(/\/+$/, "") + "/");
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
  if (process.env.HOSTING) {
    await importBundle(page, process.env.HOSTING);
    await settle(page);
    await openCustomerSite(page);
  }
  // Only the measured typing is traced (typeInWebConfig's one type() call).
  const type = page.keyboard.type.bind(page.keyboard);
  page.keyboard.type = async (...a) => {
    await browser.startTracing(page, { categories });
    await type(...a);
  };
  const r = await typeInWebConfig(page);
  writeFileSync(out, await browser.stopTracing());
  const own = r.own ? ` (${r.own.filter(Boolean).length} of ${r.own.length} in their own frame)` : "";
  console.log(`keystroke → panels drawn, ms: ${r.ms.map((x) => Math.round(x)).join(" ")}${own}`);
} finally {
  await browser.close();
}
summarize(JSON.parse(readFileSync(out, "utf8")));

function summarize(t) {
  const ev = t.traceEvents ?? t;
  const names = new Map();
  const count = new Map();
  for (const e of ev) {
    const k = e.pid + ":" + e.tid;
    if (e.ph === "M" && e.name === "thread_name") names.set(k, e.args.name);
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const busiest = (name) => [...count].filter(([k]) => names.get(k) === name).sort((a, b) => b[1] - a[1])[0]?.[0];
  const on = (k) => ev.filter((e) => e.pid + ":" + e.tid === k && e.ph === "X").sort((a, b) => a.ts - b.ts);
  const M = on(busiest("CrRendererMain"));
  const W = on(busiest("DedicatedWorker thread"));
  const keys = M.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown").map((e) => e.ts);
  const tasks = M.filter((e) => e.name === "RunTask");
  const parts = ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "FireAnimationFrame", "RunMicrotasks"];
  const rows = [];
  for (let i = 8; i < keys.length - 1; i++) {
    const [a, b] = [keys[i], keys[i + 1]];
    const input = tasks.find((e) => e.ts <= a && e.ts + e.dur > a);
    const frame = tasks.find((e) => e.ts > a && e.ts < b && M.some((c) => c.name === "Commit" && c.ts >= e.ts && c.ts < e.ts + e.dur));
    const w = W.find((e) => e.name === "HandlePostMessage" && e.ts > a && e.ts < b);
    const row = { input: input ? (input.ts + input.dur - a) / 1000 : NaN, workerStart: w ? (w.ts - a) / 1000 : NaN, workerEnd: w ? (w.ts + w.dur - a) / 1000 : NaN };
    if (frame) {
      row.frameStart = (frame.ts - a) / 1000;
      row.frameEnd = (frame.ts + frame.dur - a) / 1000;
      for (const p of parts) row[p] = 0;
      for (const c of M) if (c.ts >= frame.ts && c.ts < frame.ts + frame.dur && parts.includes(c.name)) row[c.name] += c.dur / 1000;
    }
    rows.push(row);
  }
  const med = (k) => {
    const s = rows.map((r) => r[k]).filter((x) => x !== undefined && !Number.isNaN(x)).sort((x, y) => x - y);
    return s.length ? s[Math.floor(s.length / 2)].toFixed(1) : "-";
  };
  console.log(`medians over ${rows.length} keys, ms after keydown: input task ends ${med("input")}, worker ${med("workerStart")}–${med("workerEnd")}, own frame ${med("frameStart")}–${med("frameEnd")}`);
  console.log("  in that frame: " + parts.map((p) => `${p} ${med(p)}`).join(", "));
}
