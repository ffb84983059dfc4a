// Secrets before a share, as a support engineer meets them: a customer's
// real web.config (from the shared corpus: WebGoat.NET's, with the forms
// users' passwords in clear) and a password in an environment override are
// listed one by one when Share is pressed (Ctrl+S, the keyboard way); the
// user keeps one on purpose and redacts the rest; the link carries exactly
// that, the workspace keeps everything. Then the same list on a phone-sized
// window. The scanner is the engine's (tools.wasm), loaded on this first
// share.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { BASE, launch, newPage, openPlayground, tid, shot } from "./lib/browser.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CORPUS = process.env.IISCONF_CORPUS || join(ROOT, "..", "shared", "corpus");
const WEBGOAT = join(CORPUS, "webconfig", "jerryhoff__WebGoat.NET__WebGoat-Web.config");
const SITE_WEBCONFIG = "C:\\inetpub\\wwwroot\\web.config";
const ENV_SECRET = "Env-Secret-" + Date.now();

describe("secrets before sharing", { timeout: 300_000, skip: !existsSync(WEBGOAT) && "the shared corpus is not there" }, () => {
  let browser, context, page, webgoat;

  before(async () => {
    webgoat = readFileSync(WEBGOAT, "utf8");
    browser = await launch();
    ({ context, page } = await newPage(browser));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
    await openPlayground(page);
    // The customer's file as the site's web.config, and a secret in the environment.
    await page.evaluate(
      async ([path, text, secret]) => {
        const st = window.iisconfApp.state();
        const files = st.files.filter((f) => f.path.toLowerCase() !== path.toLowerCase());
        files.push({ path, text });
        await window.iisconfApp.loadState({ ...st, files, env: { ...(st.env ?? {}), DB_PASSWORD: secret } });
      },
      [SITE_WEBCONFIG, webgoat, ENV_SECRET],
    );
  });
  after(async () => {
    await browser?.close();
  });

  it("lists each secret of a real web.config and the environment, and shares what the user chose", async () => {
    await page.locator(".cm-content").first().click();
    await page.keyboard.press("ControlOrMeta+s");
    await tid(page, "secrets-dialog").waitFor({ timeout: 60_000 });
    const items = await tid(page, "secrets-dialog").locator(".secret-list li").allTextContents();
    // WebGoat's forms users (admin, mario, bob) have their passwords in clear;
    // each is listed with the file's full path.
    assert.deepEqual(items, [
      "C:\\inetpub\\wwwroot\\web.config:58 — password on <user> (secret attribute)",
      "C:\\inetpub\\wwwroot\\web.config:59 — password on <user> (secret attribute)",
      "C:\\inetpub\\wwwroot\\web.config:60 — password on <user> (secret attribute)",
      "environment variable DB_PASSWORD (environment variable)",
    ]);
    // Focus starts in the dialog, on the Redact-all box; Tab reaches each finding.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "secret-all");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id?.endsWith("-1")), true, "the second finding has focus");
    // Keep mario's password (a sample value the customer does not mind), with the keyboard.
    await page.keyboard.press("Space");
    assert.equal(await tid(page, "secret-all").evaluate((e) => e.indeterminate), true);
    assert.equal(await tid(page, "redact-secrets").textContent(), "Redact 3 and share");
    await shot(page, "secrets-01-share-dialog-1400");
    await tid(page, "redact-secrets").click();
    await page.waitForFunction(() => /3 secrets redacted in the link/.test(document.body.innerText), null, { timeout: 30_000 });
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.startsWith(BASE + "/#v2:"), link.slice(0, 60));

    // The link opens with exactly the choice made; the workspace is untouched.
    const own = await page.evaluate((p) => window.iisconfApp.state(), SITE_WEBCONFIG);
    assert.equal(own.files.find((f) => f.path === SITE_WEBCONFIG).text, webgoat);
    assert.equal(own.env.DB_PASSWORD, ENV_SECRET);
    const fresh = await newPage(browser);
    try {
      await fresh.page.goto(link);
      await fresh.page.waitForFunction((p) => window.iisconfApp?.state().files.some((f) => f.path === p), SITE_WEBCONFIG, { timeout: 60_000 });
      const st = await fresh.page.evaluate(() => window.iisconfApp.state());
      const text = st.files.find((f) => f.path === SITE_WEBCONFIG).text;
      assert.match(text, /<user name="admin" password="\[redacted\]" \/>/);
      assert.match(text, /<user name="mario" password="luigi" \/>/);
      assert.match(text, /<user name="bob" password="\[redacted\]" \/>/);
      assert.equal(st.env.DB_PASSWORD, "[redacted]");
      // Everything else is as it was.
      assert.equal(text.replace(/\[redacted\]/g, "x"), webgoat.replace('password="admin"', 'password="x"').replace('password="password"', 'password="x"'));
      assert.deepEqual(fresh.page.errors, []);
    } finally {
      await fresh.context.close();
    }
  });

  it("Cancel shares nothing; Escape too", async () => {
    const before = await page.evaluate(() => navigator.clipboard.readText());
    await tid(page, "share").click();
    await tid(page, "secrets-dialog").waitFor();
    await page.keyboard.press("Escape");
    await tid(page, "secrets-dialog").waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), before);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "share", "focus is back on Share");
  });

  it("fits a phone-sized window", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await tid(page, "share").click();
    await tid(page, "secrets-dialog").waitFor();
    const box = await tid(page, "secrets-dialog").boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `dialog ${JSON.stringify(box)} inside 390 px`);
    // No horizontal scrolling inside the dialog: long lines wrap.
    const overflow = await tid(page, "secrets-dialog").evaluate((d) => d.scrollWidth - d.clientWidth);
    assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
    for (const id of ["redact-secrets", "share-anyway"]) assert.ok(await tid(page, id).isVisible(), id);
    await shot(page, "secrets-02-share-dialog-390");
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1400, height: 900 });
    assert.deepEqual(page.errors, []);
  });
});
