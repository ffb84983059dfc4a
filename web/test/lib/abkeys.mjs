// A/B keystrokes: the bench's typing (typing.mjs) into two or more builds
// of the playground, interleaved (A B, B A, …, a fresh browser context
// each round), so that a machine whose speed drifts cannot favour one
// side; and, each round, the same typing into an empty page (the floor).
// Nothing here is a test.
//
//   node web/test/lib/abkeys.mjs ROUNDS URL_A URL_B [URL_C …]
//
// A URL written noiso:http://… is served to the browser without its
// Cross-Origin-Embedder-Policy header (the page is not cross-origin
// isolated: the engine's answers come as messages, as on a host without
// the header). HOSTING=path types into the 10,000-site server instead,
// imported from that bundle each round (build/out/bench/hosting-10000-
// sites.txtar, written by `go run ./build bench -browser`). It prints,
// per URL, keystroke → panels drawn, the share drawn in the keystroke's
// own frame and keystroke → its own frame.
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.mjs";
import { typeInWebConfig, emptyPageFloor, importBundle, openCustomerSite, settle, summary } from "./typing.mjs";

const [rounds, ...urls] = process.argv.slice(2);
if (!rounds || urls.length < 1) {
  console.error("usage: node web/test/lib/abkeys.mjs ROUNDS [noiso:]URL_A [noiso:]URL_B …");
  process.exit(2);
}
const HOSTING = process.env.HOSTING;
const viewport = { width: Number(process.env.W || 1400), height: Number(process.env.H || 900) };

async function round(browser, spec, into) {
  const noiso = spec.startsWith("noiso:");
  const base = spec.replace(/^noiso:/, "").replace(/\/+$/, "");
  const context = await browser.newContext({ viewport });
  try {
    if (noiso)
      await context.route(base + "/**", async (route) => {
        const res = await route.fetch();
        const headers = { ...res.headers() };
        delete headers["cross-origin-embedder-policy"];
        await route.fulfill({ response: res, headers });
      });
    const page = await context.newPage();
    await page.goto(base + "/");
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
    if (HOSTING) {
      await importBundle(page, HOSTING);
      await settle(page);
      await openCustomerSite(page);
    }
    const r = await typeInWebConfig(page);
    into.ms.push(...r.ms);
    if (r.own) into.own.push(...r.own);
    if (r.keyFrame) into.keyFrame.push(...r.keyFrame);
    into.shared.add(r.shared);
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
const results = urls.map(() => ({ ms: [], own: [], keyFrame: [], shared: new Set() }));
const floor = [];
try {
  for (let i = 0; i < Number(rounds); i++) {
    const order = i % 2 ? [...urls.keys()].reverse() : [...urls.keys()];
    for (const j of order) await round(browser, urls[j], results[j]);
    const c = await browser.newContext({ viewport });
    floor.push(...(await emptyPageFloor(c)));
    await c.close();
  }
} finally {
  await browser.close();
}
for (const [j, r] of results.entries()) {
  const own = r.own.length ? `${((100 * r.own.filter(Boolean).length) / r.own.length).toFixed(0)}% (${r.own.filter(Boolean).length} of ${r.own.length})` : "not measured by this build";
  console.log(`${String.fromCharCode(65 + j)} ${urls[j]}  (${rounds} rounds${HOSTING ? ", 10,000 sites" : ""}; answers ${[...r.shared].map((s) => (s ? "through the shared buffer" : "as messages")).join(" / ")})`);
  console.log(`  keystroke → panels drawn        ${summary(r.ms)}`);
  console.log(`  panels in the keystroke's frame ${own}`);
  if (r.keyFrame.length) console.log(`  keystroke → its own frame       ${summary(r.keyFrame)}`);
}
console.log(`empty page: keydown → next frame  ${summary(floor)}`);
