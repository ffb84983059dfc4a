// Security: file names, values and share links carrying
// `<img src=x onerror=...>` and `javascript:` payloads render as text, and
// the pages are served with a Content-Security-Policy that allows no inline
// script. Each payload would set a window flag if it ran; the tests check
// the flag, that no element was made from a payload, and that the payload
// text is on screen as text.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, APPHOST, ROOT_WEBCONFIG, launch, newPage, openPlayground, tid, shot, waitText, shareHash, openFileInTree } from "./lib/browser.mjs";

const IMG = (n) => `<img src=x onerror="window.__iisconfPwned=${n}">`;
const JS = (n) => `javascript:window.__iisconfPwned=${n}`;
const EVIL_DIR = `C:\\inetpub\\wwwroot\\${IMG(1)}`;
const EVIL_FILE = `${EVIL_DIR}\\web.config`;

// A web.config whose values, element names and comments carry payloads. The
// XML escapes keep it well-formed so the values reach the effective view.
const EVIL_WEBCONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <defaultDocument>
            <files>
                <add value="&lt;img src=x onerror=&quot;window.__iisconfPwned=2&quot;&gt;" />
                <add value="${JS(3)}" />
            </files>
        </defaultDocument>
        <httpRedirect enabled="false" destination="${JS(4)}" />
        <unknownElement payload="&lt;script&gt;window.__iisconfPwned=5&lt;/script&gt;" />
    </system.webServer>
</configuration>
`;

/** Nothing was made from a payload, and nothing ran. */
async function assertInert(page) {
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.locator("script:not([src])").count(), 0);
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  assert.equal(await page.evaluate(() => window.__iisconfPwned), undefined);
  assert.equal(new URL(page.url()).origin, BASE);
  assert.deepEqual(page.errors, []);
}

function scriptSrc(csp) {
  const d = csp.split(";").map((s) => s.trim()).find((s) => s.startsWith("script-src"));
  assert.ok(d, "the CSP has a script-src directive: " + csp);
  return d;
}

describe("security", { timeout: 180_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const route of ["/", "/embed", "/index.html", "/embed.html"]) {
    it(`serves ${route} with a CSP that allows no inline script`, async () => {
      const res = await fetch(BASE + route);
      assert.equal(res.status, 200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const s = scriptSrc(csp);
      assert.doesNotMatch(s, /'unsafe-inline'/);
      assert.doesNotMatch(s, /'unsafe-eval'/);
      assert.doesNotMatch(s, /\*|data:|https?:/, "scripts only from the page's own origin");
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    });
  }

  it("the browser enforces the CSP: an injected inline script does not run", async () => {
    const { context, page } = await newPage(browser);
    try {
      const violations = [];
      await page.exposeFunction("__reportViolation", (d) => violations.push(d));
      await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) => window.__reportViolation(e.violatedDirective)));
      await page.goto(BASE + "/");
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      // What an HTML injection would amount to: markup with an inline
      // handler and an inline script put into the document.
      await page.evaluate(() => {
        const d = document.createElement("div");
        d.innerHTML = '<img src="x" onerror="window.__iisconfPwned=99">';
        document.body.appendChild(d);
        const s = document.createElement("script");
        s.textContent = "window.__iisconfPwned = 98";
        document.body.appendChild(s);
      });
      await page.waitForFunction((n) => n.length >= 2, violations, { timeout: 2000 }).catch(() => {});
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => window.__iisconfPwned), undefined);
      assert.ok(violations.some((v) => v.startsWith("script-src")), "CSP violations reported: " + JSON.stringify(violations));
    } finally {
      await context.close();
    }
  });

  it("payloads imported into file names and values, typed as the path and shared render as text", async () => {
    const { context, page } = await newPage(browser);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
    let link;
    try {
      await openPlayground(page);
      // Import a bundle (laid over the stock server, as it has no applicationHost.config).
      await tid(page, "import").click();
      await tid(page, "import-text").fill(`-- ${ROOT_WEBCONFIG} --\n${EVIL_WEBCONFIG}-- ${EVIL_FILE} --\n<configuration />\n`);
      await tid(page, "import-go").click();
      await waitText(tid(page, "file-tree"), IMG(1));
      assert.equal(await tid(page, "file-tree").locator(".file-name", { hasText: "applicationHost.config" }).count(), 1);

      // Values in the effective view, as text; a javascript: value is a link to its line, nothing else.
      await tid(page, "tab-effective").click();
      await tid(page, "section-filter").fill("defaultDocument");
      const dd = page.locator('[data-testid="effective-view"] section[data-section="system.webServer/defaultDocument"]');
      await waitText(dd, 'onerror="window.__iisconfPwned=2"');
      assert.ok((await dd.textContent()).includes(JS(3)));
      await dd.locator("button", { hasText: JS(3) }).first().click();
      await waitText(tid(page, "editor-file"), ROOT_WEBCONFIG);
      await tid(page, "section-filter").fill("httpRedirect");
      await waitText(page.locator('[data-testid="effective-view"] section[data-section="system.webServer/httpRedirect"]'), JS(4));
      await shot(page, "11-security-values");
      // The diagnostics name the unknown element, as text.
      await tid(page, "tab-diagnostics").click();
      await waitText(tid(page, "diagnostics-list"), "unknownElement");

      // A path carrying a payload: IIS's message quotes it, as text.
      await tid(page, "path-box").fill(`Default Web Site/${IMG(8)}`);
      await tid(page, "path-box").press("Enter");
      await waitText(tid(page, "path-info"), `onerror="window.__iisconfPwned=8"`);
      await shot(page, "12-security-path");

      await tid(page, "share").click();
      await page.waitForFunction(() => location.hash.startsWith("#v2:"), null, { timeout: 30_000 });
      link = await page.evaluate(() => navigator.clipboard.readText().catch(() => ""));
      if (!link.includes("#v2:")) link = page.url();
      await assertInert(page);
    } finally {
      await context.close();
    }

    // The share link, opened where nothing was typed: everything comes from the link.
    const fresh = await newPage(browser);
    try {
      const p2 = fresh.page;
      await p2.goto(link);
      await p2.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(p2, "file-tree"), IMG(1));
      assert.equal(await tid(p2, "path-box").inputValue(), `Default Web Site/${IMG(8)}`);
      await waitText(tid(p2, "path-info"), `onerror="window.__iisconfPwned=8"`);
      await openFileInTree(p2, EVIL_FILE);
      assert.equal(await tid(p2, "editor-file").textContent(), EVIL_FILE);
      await shot(p2, "13-security-shared-link");
      await assertInert(p2);
    } finally {
      await fresh.context.close();
    }
  });

  it("the embed route and a broken share link render payloads as text", async () => {
    const state = { version: 1, files: [{ path: EVIL_FILE, text: EVIL_WEBCONFIG }], env: {}, path: `Default Web Site/${IMG(1)}`, view: {} };
    const { context, page } = await newPage(browser, { viewport: { width: 900, height: 700 } });
    try {
      await page.goto(`${BASE}/embed?stock=1&section=${encodeURIComponent("defaultDocument")}&theme=${encodeURIComponent(IMG(11))}${shareHash(state)}`);
      const embed = tid(page, "embed");
      await waitText(embed.locator('[data-testid="config-path"]'), IMG(1));
      await waitText(embed.locator('[data-testid="effective-view"]'), 'onerror="window.__iisconfPwned=2"');
      assert.match(await tid(page, "open-in-playground").getAttribute("href"), /^http:\/\/[^#]+\/#v2:/);
      await shot(page, "14-security-embed");
      assert.equal(await page.locator('img[src="x"]').count(), 0);
      assert.equal(await page.evaluate(() => window.__iisconfPwned), undefined);

      // A link whose hash is a payload, not a workspace: a message, no markup.
      await page.goto(`${BASE}/#${encodeURIComponent(IMG(12))}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      assert.equal(await page.locator('img[src="x"]').count(), 0);
      await page.goto(`${BASE}/embed#${IMG(13)}`);
      await waitText(tid(page, "embed-status"), "could not be opened");
      assert.equal(await page.locator('img[src="x"]').count(), 0);
      assert.equal(await page.evaluate(() => window.__iisconfPwned), undefined);
    } finally {
      await context.close();
    }
  });

  it("a file named with a javascript: payload stays a file name", async () => {
    const name = `C:\\inetpub\\wwwroot\\${JS(14)}\\web.config`;
    const state = { version: 1, files: [{ path: name, text: "<configuration />\n" }], env: {}, path: "Default Web Site", view: { file: name } };
    const { context, page } = await newPage(browser);
    try {
      await page.goto(BASE + "/" + shareHash(state));
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await waitText(tid(page, "file-tree"), JS(14));
      // A link is the whole workspace: no applicationHost.config here, and
      // the diagnostics say so, as text.
      await waitText(tid(page, "status"), "1 file ·");
      await tid(page, "tab-diagnostics").click();
      await waitText(tid(page, "diagnostics-list"), APPHOST);
      await assertInert(page);
    } finally {
      await context.close();
    }
  });
});
