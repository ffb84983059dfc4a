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
import { randomBytes } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startWorker, PUBLIC } from "./lib.mjs";

const CHROMIUM = process.env.IISCONF_CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.IISCONF_SCREENSHOTS || "";
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

async function open(url, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...opts.context });
  if (opts.route) await context.route(...opts.route);
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(url);
  // The first result drawn and the engine holding the workspace: a first
  // visit draws the build's shipped answer without a refresh of its own.
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
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
    // The scanner lists the password, ticked to be redacted.
    const choice = a.page.getByTestId("secret-choice");
    await choice.waitFor({ timeout: 60_000 });
    assert.equal(await choice.count(), 1);
    assert.match(await a.page.getByTestId("short-link-secrets").textContent(), /web\.config:4 — Password in connectionString on <add>/);
    assert.equal(await choice.isChecked(), true);
    const preview = () => a.page.getByTestId("short-link-preview").inputValue();
    const waitPreview = (has) =>
      a.page.waitForFunction(([pw, has]) => document.querySelector('[data-testid="short-link-preview"]')?.value.includes(pw) === has, [PASSWORD, has], { timeout: 30_000 });
    await waitPreview(false);
    assert.ok((await preview()).includes(MARKER), "the preview shows the workspace");
    assert.ok((await preview()).includes("Password=[redacted]"), "only the password is redacted");
    // Unticked, the preview shows the secret; ticked again, it is redacted again.
    await choice.uncheck();
    await waitPreview(true);
    await choice.check();
    await waitPreview(false);
    if (SHOTS) await a.page.screenshot({ path: join(SHOTS, "worker-short-link-dialog.png") });

    await a.page.getByTestId("short-link-create").click();
    const link = a.page.getByTestId("short-link-url");
    await link.waitFor({ timeout: 15_000 });
    const url = await link.inputValue();
    assert.match(url, new RegExp("^" + base.replace(/[.]/g, "\\.") + "/s/[a-z2-7]{20}$"));
    assert.match(await a.page.getByTestId("short-link-result").textContent(), /It works until /);
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
      assert.ok(text.includes('connectionString="Server=db;Password=[redacted]"'), text);
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

test("when the page cannot check for secrets, the server's check is shown and the user uploads knowingly", async () => {
  // tools.wasm (the page's scanner) cannot be fetched: the page says so,
  // and the Worker, which checks every upload, lists what it found.
  const a = await open(base + "/", { context: { serviceWorkers: "block" }, route: ["**/tools.*.wasm", (r) => r.abort()] });
  try {
    const pw = "unchecked-" + Date.now();
    await a.page.evaluate(
      async ([path, pw]) => {
        const st = window.iisconfApp.state();
        const files = st.files.filter((f) => f.path.toLowerCase() !== path.toLowerCase());
        files.push({ path, text: `<configuration>\n  <appSettings>\n    <add key="ApiKey" value="${pw}" />\n  </appSettings>\n</configuration>\n` });
        await window.iisconfApp.loadState({ ...st, files });
      },
      [WEBCONFIG, pw],
    );
    await a.page.getByTestId("short-link").click();
    await a.page.getByTestId("short-link-dialog").waitFor();
    await a.page.waitForFunction(() => /could not be checked for secrets here/.test(document.querySelector('[data-testid="short-link-secrets"]')?.textContent ?? ""), null, { timeout: 60_000 });
    await a.page.getByTestId("short-link-create").click();
    const refused = a.page.getByTestId("short-link-refused");
    await refused.waitFor({ timeout: 15_000 });
    assert.match(await refused.textContent(), /web\.config:3 — value of <add key="ApiKey">/);
    assert.match(await a.page.getByTestId("short-link-result").textContent(), /The server found 1 possible secret and did not store the workspace/);
    assert.ok(!(await a.page.getByTestId("short-link-result").textContent()).includes(pw));
    if (SHOTS) await a.page.screenshot({ path: join(SHOTS, "worker-short-link-refused.png") });
    await a.page.getByTestId("short-link-upload-anyway").click();
    await a.page.getByTestId("short-link-url").waitFor({ timeout: 15_000 });
    a.page.errors = a.page.errors.filter((e) => !/tools\.|wasm|Failed to fetch|engine/i.test(e)); // the blocked tools.wasm
    assert.deepEqual(a.page.errors, []);
  } finally {
    await a.context.close();
  }
});

test("a short link whose content does not hash to its id is not opened", async () => {
  const r = await fetch(base + "/api/share", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.77" },
    body: JSON.stringify({ version: 1, files: [{ path: WEBCONFIG, text: "<configuration />\n" }], env: {}, path: "Default Web Site", view: {} }),
  });
  assert.equal(r.status, 201);
  const { id } = await r.json();
  // Something between the page and the Worker changes the answer.
  const c = await open(base + "/s/" + id, {
    route: [
      "**/api/share/*",
      async (route) => {
        const res = await route.fetch();
        const body = (await res.text()).replace("<configuration />", "<configuration><system.webServer><directoryBrowse enabled=\"true\" /></system.webServer></configuration>");
        await route.fulfill({ response: res, body });
      },
    ],
  });
  try {
    await c.page.waitForFunction(() => /does not match the link/.test(document.body.innerText), null, { timeout: 30_000 });
    const text = await c.page.evaluate((p) => window.iisconfApp.state().files.find((f) => f.path === p)?.text ?? "", WEBCONFIG);
    assert.ok(!text.includes("directoryBrowse"), "the altered workspace was not loaded");
  } finally {
    await c.context.close();
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

test("a share link over 8,000 characters says so and offers the short link", async () => {
  // A workspace whose link cannot be short: a web.config holding 12 KB of
  // values that do not compress (a real case's machine keys and thumbprints).
  const values = Array.from({ length: 150 }, (_, i) => `    <add key="k${i}" value="${randomBytes(40).toString("hex")}" />`).join("\n");
  const text = `<configuration>\n  <appSettings>\n${values}\n  </appSettings>\n</configuration>\n`;
  const state = { version: 1, files: [{ path: WEBCONFIG, text }], env: {}, path: "Default Web Site", view: {} };
  const hash = deflateRawSync(Buffer.from(JSON.stringify(state))).toString("base64url");
  for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
    const c = await open(base + "/#v1:" + hash, { context: { viewport } });
    try {
      await c.page.getByTestId("short-link").waitFor({ timeout: 30_000 });
      await c.page.getByTestId("share").click();
      const review = c.page.getByTestId("secrets-dialog");
      if (await review.waitFor({ timeout: 5000 }).then(() => true, () => false)) await c.page.getByTestId("share-anyway").click();
      await c.page.getByTestId("share-dialog").waitFor();
      const len = (await c.page.getByTestId("share-link").inputValue()).length;
      assert.ok(len > 8000, `${len} characters`);
      const note = await c.page.getByTestId("share-length").textContent();
      assert.match(note, /over 8,000, chat and mail clients often cut it/);
      assert.match(note, /A short link \(uploaded to this site\) or a bundle file \(Export\) travels whole/);
      if (SHOTS) await c.page.screenshot({ path: join(SHOTS, `worker-long-link-${viewport.width}.png`) });
      await c.page.getByTestId("share-short-link").click();
      await c.page.getByTestId("short-link-dialog").waitFor();
      assert.deepEqual(c.page.errors, []);
    } finally {
      await c.context.close();
    }
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
