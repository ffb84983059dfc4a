// The playground as a user meets it: load the
// page, see the stock server's effective configuration, type a locked
// section into a web.config and see 0x80070021 inline, in the list and on
// the 500.19 page, fix it with a location tag and see it clear, change the
// path, follow a provenance link to the right line, reload and find the
// work intact, share a link and open it in a fresh context, open the embed
// route. Each state is saved as a screenshot (build/out/screenshots/).
//
// The steps run in order on one page: each starts from the state the one
// before it left, as a person's session would.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, APPHOST, ROOT_WEBCONFIG, SITE, launch, newPage, openPlayground, tid, shot, waitText, openFileInTree, editorText, clickLineEnd, addSiteWebConfig } from "./lib/browser.mjs";

const LOCKED_SECTION = [
  "<security>",
  "            <authentication>",
  '                <windowsAuthentication enabled="true" />',
  "            </authentication>",
  "        </security>",
].join("\n");

const UNLOCK = [
  '<location path="Default Web Site" overrideMode="Allow">',
  "        <system.webServer>",
  "            <security>",
  "                <authentication>",
  "                    <windowsAuthentication />",
  "                </authentication>",
  "            </security>",
  "        </system.webServer>",
  "    </location>",
  "",
].join("\n");

const LOCKED_MESSAGE = "This configuration section cannot be used at this path.";
const DOCS_URL = "http://localhost/docs/";
const DOCS_PATH = SITE + "/docs";
const WINAUTH = "system.webServer/security/authentication/windowsAuthentication";

describe("playground: a user's session", { timeout: 240_000 }, () => {
  let browser, context, page, shareUrl;

  before(async () => {
    browser = await launch();
    ({ context, page } = await newPage(browser));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
  });
  after(async () => {
    await browser?.close();
  });

  it("loads and shows the stock server's effective configuration", async () => {
    await openPlayground(page);
    assert.equal(await tid(page, "config-path").textContent(), SITE);
    assert.equal(await tid(page, "path-box").inputValue(), "Default Web Site");
    // The stock server defines default documents in applicationHost.config.
    const dd = page.locator('[data-testid="effective-view"] section[data-section="system.webServer/defaultDocument"]');
    await waitText(dd, 'value="Default.htm"');
    assert.match(await dd.textContent(), /value="index\.html"/);
    assert.equal(await tid(page, "editor-file").textContent(), APPHOST);
    await tid(page, "tab-500").click();
    assert.equal(await tid(page, "page-500").getAttribute("data-status"), "200");
    await tid(page, "tab-effective").click();
    // The sections come as the engine lists them (engine/config/order.go),
    // as `iisconf eval` prints them: at a site, system.webServer's first.
    await page.evaluate(() => window.iisconfApp.panels?.drawn?.());
    const order = await page.evaluate(() => {
      const drawn = [...document.querySelectorAll('[data-testid="effective-view"] .xml-sections > section[data-section]')].map((s) => s.dataset.section);
      return { drawn, engine: window.iisconfApp.result.sections.map((s) => s.name).filter((n) => drawn.includes(n)) };
    });
    assert.ok(order.drawn.length > 5, `sections drawn: ${order.drawn}`);
    assert.deepEqual(order.drawn, order.engine);
    assert.match(order.drawn[0], /^system\.webServer\//);
    // Locks: the locked sections first, each part in the engine's order.
    await tid(page, "tab-locks").click();
    // (Rows are added in short tasks: wait for all of them.)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="lock-view"] .lock-row').length === window.iisconfApp.result.sections.length);
    const locks = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('[data-testid="lock-view"] .lock-row')];
      const secs = window.iisconfApp.result.sections;
      const engine = [...secs.filter((s) => s.isLocked), ...secs.filter((s) => !s.isLocked)].map((s) => s.name);
      return { rows: rows.map((r) => r.dataset.section), engine };
    });
    assert.deepEqual(locks.rows, locks.engine);
    await tid(page, "tab-effective").click();
    assert.deepEqual(page.errors, []);
    await shot(page, "01-stock-effective");
  });

  it("shows 0x80070021 inline, in the list and on the 500.19 page when a web.config defines a locked section", async () => {
    // Create the site's web.config where the path maps, like a user would.
    await addSiteWebConfig(page, "<system.webServer>");
    await page.keyboard.insertText(LOCKED_SECTION);
    assert.match(await editorText(page), /<windowsAuthentication enabled="true" \/>/);

    // Inline: an error marker on the line, with IIS's message and HRESULT on hover.
    const range = page.locator(".cm-content .cm-lintRange-error").first();
    await range.waitFor({ timeout: 30_000 });
    await page.locator(".cm-gutters .cm-lint-marker-error").first().waitFor();
    await range.hover();
    const tip = page.locator(".cm-tooltip-lint");
    await waitText(tip, "0x80070021");
    assert.match(await tip.textContent(), new RegExp(LOCKED_MESSAGE.replace(/\./g, "\\.")));
    assert.match(await tip.textContent(), /LOCKED/);
    await shot(page, "02-locked-inline");

    // In the list.
    await tid(page, "tab-diagnostics").click();
    const list = tid(page, "diagnostics-list");
    await waitText(list, "0x80070021");
    const item = list.locator("li.diag.error", { hasText: "0x80070021" }).first();
    assert.match(await item.textContent(), /LOCKED/);
    assert.ok((await item.textContent()).includes(LOCKED_MESSAGE));
    assert.match(await item.textContent(), /line 6/);
    await shot(page, "03-locked-diagnostics");

    // On the 500.19 page.
    await tid(page, "tab-500").click();
    const p = tid(page, "page-500");
    await waitText(p, "HTTP Error 500.19");
    assert.equal(await p.getAttribute("data-status"), "500.19");
    const text = await p.textContent();
    assert.ok(text.includes("0x80070021"), text);
    assert.ok(text.includes("\\\\?\\C:\\inetpub\\wwwroot\\web.config"), text);
    assert.ok(text.includes(LOCKED_MESSAGE), text);
    // The Config Source lines mark the offending line.
    assert.match(await p.locator(".p5-err").first().textContent(), /^\s*6: .*<windowsAuthentication enabled="true" \/>/);
    await shot(page, "04-locked-500-19");
  });

  it("clears when a location tag in applicationHost.config unlocks the section for the site", async () => {
    await openFileInTree(page, APPHOST);
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await clickLineEnd(page, "</configuration>");
    await page.keyboard.press("Home");
    await page.keyboard.insertText("    " + UNLOCK);
    const p = tid(page, "page-500");
    await page.waitForFunction(() => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === "200", null, { timeout: 30_000 });
    assert.match(await p.textContent(), /200 — configuration is valid/);
    assert.match(await tid(page, "tab-500").textContent(), /Response 200/);
    await tid(page, "tab-diagnostics").click();
    await waitText(tid(page, "diagnostics-summary"), "No diagnostics");
    await shot(page, "05-unlocked");
    // The web.config's marker is gone too.
    await openFileInTree(page, ROOT_WEBCONFIG);
    await page.waitForFunction(() => !document.querySelector(".cm-content .cm-lintRange-error"), null, { timeout: 30_000 });
  });

  it("evaluates a new path typed as a URL", async () => {
    await tid(page, "path-box").fill(DOCS_URL);
    await tid(page, "path-box").press("Enter");
    await waitText(tid(page, "config-path"), DOCS_PATH);
    assert.equal(await tid(page, "config-path").textContent(), DOCS_PATH);
    assert.match(await tid(page, "path-info").textContent(), /site "Default Web Site"/);
    await tid(page, "tab-effective").click();
    await tid(page, "section-filter").fill("windowsAuthentication");
    const sec = page.locator(`[data-testid="effective-view"] section[data-section="${WINAUTH}"]`);
    await waitText(sec, 'enabled="true"');
    // Set by the site's web.config, one level up: inherited here.
    assert.equal(await sec.locator("button.x-a.v-inherited", { hasText: "enabled" }).count(), 1);
    await shot(page, "06-docs-path");
  });

  it("follows a provenance link to the line that set the value", async () => {
    const sec = page.locator(`[data-testid="effective-view"] section[data-section="${WINAUTH}"]`);
    const link = sec.locator("button.x-a", { hasText: "enabled" });
    assert.match(await link.getAttribute("title"), /C:\\inetpub\\wwwroot\\web\.config:6/);
    await link.click();
    await waitText(tid(page, "editor-file"), ROOT_WEBCONFIG);
    const active = page.locator(".cm-content .cm-activeLine");
    await waitText(active, "windowsAuthentication");
    assert.equal((await active.textContent()).trim(), '<windowsAuthentication enabled="true" />');
    // The gutter's active line number is the line the link named.
    assert.equal((await page.locator(".cm-gutter.cm-lineNumbers .cm-activeLineGutter").textContent()).trim(), "6");
    await shot(page, "07-provenance-jump");
  });

  it("finds the work intact after a reload", async () => {
    // Autosave runs on pagehide as well as after a pause.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    assert.equal(await tid(page, "path-box").inputValue(), DOCS_URL);
    await waitText(tid(page, "config-path"), DOCS_PATH);
    await openFileInTree(page, ROOT_WEBCONFIG);
    assert.match(await editorText(page), /<windowsAuthentication enabled="true" \/>/);
    await tid(page, "path-box").fill("Default Web Site");
    await tid(page, "path-box").press("Enter");
    await waitText(tid(page, "config-path"), SITE);
    await tid(page, "tab-500").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === "200", null, { timeout: 30_000 });
    assert.deepEqual(page.errors, []);
    await shot(page, "08-after-reload");
  });

  it("shares a link that opens the same workspace in a fresh browser context", async () => {
    await tid(page, "share").click();
    await page.waitForFunction(() => location.hash.startsWith("#v2:"), null, { timeout: 30_000 });
    shareUrl = await page.evaluate(() => navigator.clipboard.readText().catch(() => ""));
    if (!shareUrl.includes("#v2:")) shareUrl = page.url();
    assert.ok(shareUrl.startsWith(BASE + "/#v2:"), shareUrl);
    // The stock server and one small web.config: a link that fits in a message.
    assert.ok(shareUrl.length < 1000, `share link of ${shareUrl.length} characters`);

    const fresh = await newPage(browser);
    try {
      const p2 = fresh.page;
      // A fresh context has no autosave: everything comes from the link.
      await p2.goto(shareUrl);
      await p2.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      assert.equal(await tid(p2, "config-path").textContent(), SITE);
      await tid(p2, "tab-500").click();
      await p2.waitForFunction(() => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === "200", null, { timeout: 30_000 });
      await openFileInTree(p2, ROOT_WEBCONFIG);
      assert.match(await editorText(p2), /<windowsAuthentication enabled="true" \/>/);
      assert.deepEqual(p2.errors, []);
      await shot(p2, "09-shared-link-fresh-context");
    } finally {
      await fresh.context.close();
    }
  });

  it("opens the embed route with the shared case", async () => {
    const hash = shareUrl.slice(shareUrl.indexOf("#"));
    const fresh = await newPage(browser, { viewport: { width: 800, height: 600 } });
    try {
      const p3 = fresh.page;
      await p3.goto(`${BASE}/embed?section=windowsAuthentication${hash}`);
      const embed = tid(p3, "embed");
      await waitText(embed.locator('[data-testid="config-path"]'), SITE);
      const eff = embed.locator('[data-testid="effective-view"]');
      await waitText(eff, 'enabled="true"');
      assert.match(await eff.textContent(), /windowsAuthentication/);
      assert.equal(await embed.locator('[data-testid="page-500"]').getAttribute("data-status"), "200");
      assert.match(await tid(p3, "open-in-playground").getAttribute("href"), /#v2:/);
      assert.deepEqual(p3.errors, []);
      await shot(p3, "10-embed-route");
    } finally {
      await fresh.context.close();
    }
  });
});
