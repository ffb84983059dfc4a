// Browser test of short links against the locally running Worker: a page
// creates a short link (secrets redacted by default), a fresh browser
// context opens it. And served by anything but the Worker, the button is
// absent. Debian's Chromium through playwright-core (IISCONF_CHROMIUM
// overrides /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { startWorker, PUBLIC } from "./lib.mjs";

const CHROMIUM = process.env.IISCONF_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"];
const MARKER = "short-link-marker-" + Date.now();
const PASSWORD = "hunter2-" + Date.now();
const WEBCONFIG = "C:\\inetpub\\wwwroot\\web.config";

let worker, base, browser, plain, plainBase;

before(async () => {
  ({ worker, base } = await startWorker(false));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  // A plain static server of the same files (the page's Worker marker
  // included, as a copy of the Worker's assets would have): no /api/health.
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml" };
  plain = createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (p === "/") p = "/index.html";
    try {
      const data = await readFile(join(PUBLIC, normalize(p).replace(/^(\.\.[/\\])+/, "")));
      res.writeHead(200, { "content-type": types[extname(p)] ?? "application/octet-stream" });
      res.end(data);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((r) => plain.listen(0, "127.0.0.1", r));
  plainBase = `http://127.0.0.1:${plain.address().port}`;
});

after(async () => {
  await browser?.close();
  plain?.close();
  await worker?.dispose();
});

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => (window.iisconfApp?.refreshes ?? 0) >= 1, null, { timeout: 60_000 });
  return { context, page };
}

test("create a short link, open it in a fresh context", async () => {
  const a = await open(base + "/");
  try {
    // A workspace of our own: a marker and a password that must not leave.
    await a.page.evaluate(
      async ([path, marker, pw]) => {
        const st = window.iisconfApp.state();
        const files = st.files.filter((f) => f.path.toLowerCase() !== path.toLowerCase());
        files.push({
          path,
          text: `<configuration>\n  <!-- ${marker} -->\n  <connectionStrings>\n    <add name="db" connectionString="Server=db;Password=${pw}" />\n  </connectionStrings>\n</configuration>\n`,
        });
        await window.iisconfApp.loadState({ ...st, files });
      },
      [WEBCONFIG, MARKER, PASSWORD],
    );
    const button = a.page.getByTestId("short-link");
    await button.waitFor({ timeout: 15_000 }).catch(() => {
      throw new Error("the Short link button did not appear: is installShortLink (web/src/shortlink.ts) wired in web/src/main.ts?");
    });
    await button.click();
    const dialog = a.page.getByTestId("short-link-dialog");
    await dialog.waitFor();
    // It shows what will be uploaded, secrets redacted by default.
    assert.equal(await a.page.getByTestId("short-link-redact").isChecked(), true);
    const preview = await a.page.getByTestId("short-link-preview").inputValue();
    assert.ok(preview.includes(MARKER), "the preview shows the workspace");
    assert.ok(!preview.includes(PASSWORD), "the preview has the password redacted");
    assert.ok(preview.includes("[redacted]"));
    // Opting out shows the secret; opting back in redacts it again.
    await a.page.getByTestId("short-link-redact").uncheck();
    assert.ok((await a.page.getByTestId("short-link-preview").inputValue()).includes(PASSWORD));
    await a.page.getByTestId("short-link-redact").check();
    assert.ok(!(await a.page.getByTestId("short-link-preview").inputValue()).includes(PASSWORD));

    await a.page.getByTestId("short-link-create").click();
    const link = a.page.getByTestId("short-link-url");
    await link.waitFor({ timeout: 15_000 });
    const url = await link.inputValue();
    assert.match(url, new RegExp("^" + base.replace(/[.]/g, "\\.") + "/s/[a-z2-7]{20}$"));
    // The user's own workspace was not redacted.
    const own = await a.page.evaluate((p) => window.iisconfApp.state().files.find((f) => f.path === p).text, WEBCONFIG);
    assert.ok(own.includes(PASSWORD));
    assert.deepEqual(a.page.errors, []);

    // A fresh context (no storage) opens the link.
    const b = await open(url);
    try {
      await b.page.waitForFunction(
        (m) => window.iisconfApp.state().files.some((f) => f.text.includes(m)),
        MARKER,
        { timeout: 30_000 },
      );
      const text = await b.page.evaluate((p) => window.iisconfApp.state().files.find((f) => f.path === p)?.text ?? "", WEBCONFIG);
      assert.ok(text.includes(MARKER));
      assert.ok(!text.includes(PASSWORD), "the opened share carries no password");
      assert.ok(text.includes('connectionString="[redacted]"'), text);
      const loc = await b.page.evaluate(() => location.pathname + location.search);
      assert.equal(loc, "/", "the ?share= parameter is dropped once opened");
      assert.deepEqual(b.page.errors, []);
    } finally {
      await b.context.close();
    }
  } finally {
    await a.context.close();
  }
});

test("an unknown short link says so", async () => {
  const c = await open(base + "/s/aaaaaaaaaaaaaaaaaaaa");
  try {
    await c.page.waitForFunction(() => /short link could not be opened/.test(document.body.innerText), null, { timeout: 15_000 });
  } finally {
    await c.context.close();
  }
});

test("served anywhere else, the button is absent", async () => {
  const c = await open(plainBase + "/");
  try {
    await c.page.getByTestId("share").waitFor();
    // The marker made installShortLink ask /api/health (a 404 here) by now.
    await c.page.waitForLoadState("networkidle");
    assert.equal(await c.page.getByTestId("short-link").count(), 0);
  } finally {
    await c.context.close();
  }
});
