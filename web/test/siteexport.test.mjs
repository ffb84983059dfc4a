// A support engineer moves one site to another workspace: Backups →
// Export site downloads the site, its pool, its location tags and its
// web.config as a site bundle (`iisconf site import` reads it). The
// bundle holds the edit just typed (pending edits are flushed first), on a
// laptop-sized window and on a phone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { openPlayground, tid, shot, waitText, usePage, addSiteWebConfig } from "./lib/browser.mjs";

async function exportSite(page) {
  await tid(page, "tab-backups").click();
  const view = tid(page, "backups-view");
  await view.waitFor();
  const select = view.getByLabel("site to export");
  await page.waitForFunction(() => document.querySelector('select[aria-label="site to export"]')?.options.length > 0, null, { timeout: 60_000 });
  assert.equal(await select.inputValue(), "Default Web Site");
  await tid(page, "site-export").scrollIntoViewIfNeeded();
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), tid(page, "site-export").click()]);
  assert.equal(download.suggestedFilename(), "Default_Web_Site.site.txtar");
  return readFileSync(await download.path(), "utf8");
}

describe("Backups: export one site as a bundle", { timeout: 240_000 }, () => {
  const s = usePage();

  it("downloads the site with the web.config just typed, at 1400x900 and 390x844", async () => {
    const { page } = s;
    await openPlayground(page);
    await addSiteWebConfig(page, "<system.webServer>");
    await page.keyboard.insertText('<directoryBrowse enabled="true" />');

    const text = await exportSite(page);
    assert.match(text, /^iisconf site export: site "Default Web Site"\n/);
    assert.match(text, /-- C:\\Windows\\System32\\inetsrv\\config\\applicationHost\.config --\n<configuration>/);
    assert.match(text, /<add name="DefaultAppPool"/);
    assert.match(text, /<site name="Default Web Site" id="1"/);
    assert.match(text, /-- C:\\inetpub\\wwwroot\\web\.config --\n[\s\S]*<directoryBrowse enabled="true" \/>/);
    await shot(page, "siteexport-laptop");

    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await exportSite(page), text);
    await shot(page, "siteexport-phone");
    assert.deepEqual(page.errors, []);
  });
});
