// The gallery as a reader meets it: three samples from the gallery and one
// embedded demo. Each sample opens with its files, path and view, and shows
// what its explanation promises.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BASE, SITE, launch, newPage, openPlayground, openSample, tid, shot, waitText } from "./lib/browser.mjs";

const WINAUTH = "system.webServer/security/authentication/windowsAuthentication";
const DOCS_HTML = fileURLToPath(new URL("../docs.html", import.meta.url));

async function responseStatus(page) {
  await tid(page, "tab-500").click();
  return tid(page, "page-500").getAttribute("data-status");
}

describe("samples gallery and embedded demo", { timeout: 180_000 }, () => {
  let browser, context, page;
  before(async () => {
    browser = await launch();
    ({ context, page } = await newPage(browser));
    await openPlayground(page);
  });
  after(async () => {
    await browser?.close();
  });

  it("lists the lessons and reproductions", async () => {
    await tid(page, "tab-samples").click();
    const gallery = tid(page, "samples-gallery");
    await gallery.locator("button[data-sample]").first().waitFor();
    assert.ok((await gallery.locator("button[data-sample]").count()) >= 20);
    await waitText(gallery, "1. Where configuration lives");
    await shot(page, "20-gallery");
  });

  it("opens 'A locked section': the 500.19 page with 0x80070021", async () => {
    await openSample(page, "locked-section");
    assert.match(await tid(page, "sample-explanation").textContent(), /A locked section/);
    assert.equal(await tid(page, "config-path").textContent(), SITE);
    assert.equal(await tid(page, "editor-file").textContent(), "C:\\inetpub\\wwwroot\\web.config");
    // The sample's view is the response.
    assert.equal(await tid(page, "page-500").getAttribute("data-status"), "500.19");
    assert.match(await tid(page, "page-500").textContent(), /0x80070021/);
    await shot(page, "21-sample-locked-section");
  });

  it("opens 'Fix 2': the location tag unlocks the section and the site answers 200", async () => {
    await openSample(page, "fix-location-overridemode-allow");
    assert.match(await tid(page, "sample-explanation").textContent(), /unlock the section for one site/);
    const row = tid(page, "lock-view").locator(`[data-section="${WINAUTH}"]`).first();
    await row.waitFor();
    assert.match(await row.textContent(), /Allow/);
    await shot(page, "22-sample-fix-location");
    assert.equal(await responseStatus(page), "200");
  });

  it("opens the duplicate mimeMap reproduction: 0x800700b7", async () => {
    await openSample(page, "repro-duplicate-mimemap");
    assert.equal(await tid(page, "page-500").getAttribute("data-status"), "500.19");
    assert.match(await tid(page, "page-500").textContent(), /0x800700b7/);
    assert.match(await tid(page, "page-500").textContent(), /Cannot add duplicate collection entry of type 'mimeMap'/);
    await tid(page, "tab-diagnostics").click();
    await waitText(tid(page, "diagnostics-list"), "'.woff2'");
    assert.deepEqual(page.errors, []);
    await shot(page, "23-sample-duplicate-mimemap");
  });

  it("runs an <iisconf-demo> embedded in the documentation page", async (t) => {
    if (!existsSync(DOCS_HTML)) {
      t.skip("web/docs.html does not exist yet (the documentation page with <iisconf-demo> is being written)");
      return;
    }
    const { context: c2, page: docs } = await newPage(browser);
    try {
      await docs.goto(BASE + "/docs.html");
      const demos = docs.locator("iisconf-demo");
      await demos.first().waitFor({ state: "attached" });
      assert.ok((await demos.count()) >= 1);
      await demos.first().scrollIntoViewIfNeeded();
      const frame = docs.frameLocator("iisconf-demo >> nth=0 >> iframe");
      const embed = frame.locator('[data-testid="embed"]');
      await waitText(embed.locator('[data-testid="config-path"]'), "MACHINE/", 60_000);
      assert.ok((await embed.locator('[data-testid="effective-view"], [data-testid="page-500"]').count()) >= 1);
      assert.match(await frame.locator('[data-testid="open-in-playground"]').getAttribute("href"), /#v2:/);
      assert.deepEqual(docs.errors, []);
      await shot(docs, "24-docs-embedded-demo");
    } finally {
      await c2.close();
    }
    void context;
  });
});
