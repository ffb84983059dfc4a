// The support engineer's tools as a support engineer meets them
// (docs/support.md):
//   - Script: a site's web.config is changed in the editor and with the
//     AppCmd console; the Script button turns "the workspace as opened →
//     now" (and "before the AppCmd session") into appcmd, PowerShell and
//     C#, switched with the keyboard, and says the appcmd script was
//     verified by replaying it;
//   - Compare: the same change against the workspace as opened, with
//     provenance on both sides and links into the files, as a unified diff
//     too; then two paths of this workspace;
//   - Paste a 500.19: a customer's error page, pasted into the dialog (and
//     anywhere on the page), opens the path, the file and the line with
//     the explanation; a partial page says what was understood.
// Each at a laptop's and a phone's size, with screenshots.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, APPHOST, ROOT_WEBCONFIG, launch, newPage, tid, shot, waitText, shareHash, clickLineEnd, settled, refreshes, pasteOnPage } from "./lib/browser.mjs";

const STOCK_APPHOST = readFileSync(new URL("../../engine/stock/files/applicationHost.config", import.meta.url), "utf8");

const SITE_WEBCONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <defaultDocument>
            <files>
                <add value="home.html" />
            </files>
        </defaultDocument>
    </system.webServer>
</configuration>
`;

const LOCKED_WEBCONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <security>
            <authentication>
                <windowsAuthentication enabled="true" />
            </authentication>
        </security>
    </system.webServer>
</configuration>
`;

function state(webConfig, panel = "effective") {
  return {
    version: 1,
    files: [
      { path: APPHOST, text: STOCK_APPHOST },
      { path: ROOT_WEBCONFIG, text: webConfig },
    ],
    env: {},
    path: "Default Web Site",
    view: { panel, file: ROOT_WEBCONFIG },
  };
}

async function dialogClosed(page) {
  await page.waitForFunction(() => !document.querySelector("dialog[open]"), null, { timeout: 30_000 });
}

describe("Script and Compare: a change turned into commands and set side by side", { timeout: 600_000 }, () => {
  let browser, page;
  before(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await page.goto(BASE + "/" + shareHash(state(SITE_WEBCONFIG)));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], "no page errors");
    await browser?.close();
  });

  it("edits the site's web.config in the editor and runs an appcmd write", async () => {
    await clickLineEnd(page, '<add value="home.html" />');
    const n = await refreshes(page);
    await page.keyboard.press("Enter");
    await page.keyboard.insertText('<add value="index.php" />');
    await settled(page, n + 1);
    await tid(page, "tab-appcmd").click();
    const input = tid(page, "appcmd-input");
    await input.fill('set config "Default Web Site" /section:directoryBrowse /enabled:true');
    await input.press("Enter");
    await waitText(tid(page, "appcmd-output"), "Applied configuration changes", 90_000);
  });

  it("the Script button gives the appcmd lines of the change since the workspace was opened, verified by replay", async () => {
    await tid(page, "script").click();
    await tid(page, "script-dialog").waitFor();
    await waitText(tid(page, "script-appcmd"), "appcmd.exe", 90_000);
    const text = await tid(page, "script-appcmd").textContent();
    assert.match(text, /appcmd\.exe set config "Default Web Site" -section:system\.webServer\/defaultDocument \/\+"files\.\[value='index\.php'\]"/);
    assert.match(text, /appcmd\.exe set config "Default Web Site" -section:system\.webServer\/directoryBrowse \/enabled:"true"/);
    await page.waitForFunction(() => document.querySelector('[data-testid="script-verify"]')?.dataset.state === "ok", null, { timeout: 120_000 });
    assert.match(await tid(page, "script-verify").textContent(), /Verified: the 2 appcmd lines replayed .* all \d+ config paths/);
    const d = await page.evaluate(() => {
      const dlg = document.querySelector("dialog[open]");
      return { label: document.getElementById(dlg.getAttribute("aria-labelledby") ?? "")?.textContent, modal: dlg.matches(":modal") };
    });
    assert.equal(d.label, "Generate script");
    assert.ok(d.modal);
    await shot(page, "support-01-script-appcmd-1400");
  });

  it("switches to PowerShell and C# with the keyboard (WAI-ARIA tabs)", async () => {
    await tid(page, "tab-script-appcmd").focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await tid(page, "tab-script-powershell").getAttribute("aria-selected"), "true");
    const ps = await tid(page, "script-powershell").textContent();
    assert.match(ps, /Add-WebConfigurationProperty -pspath 'MACHINE\/WEBROOT\/APPHOST\/Default Web Site' -filter "system\.webServer\/defaultDocument\/files" -name "\." -value @\{value='index\.php'\}/);
    assert.match(ps, /Set-WebConfigurationProperty -pspath 'MACHINE\/WEBROOT\/APPHOST\/Default Web Site' -filter "system\.webServer\/directoryBrowse" -name "enabled" -value "true"/);
    assert.ok(await tid(page, "script-appcmd").isHidden());
    await page.keyboard.press("ArrowRight");
    const cs = await tid(page, "script-csharp").textContent();
    assert.match(cs, /serverManager\.GetWebConfiguration\("Default Web Site"\)/);
    assert.match(cs, /directoryBrowseSection\["enabled"\] = true;/);
    assert.match(cs, /serverManager\.CommitChanges\(\);/);
    await shot(page, "support-02-script-csharp-1400");
  });

  it("offers the AppCmd session's writes alone as the starting point", async () => {
    const options = await tid(page, "script-source").locator("option").allTextContents();
    assert.ok(options.some((o) => /Before the AppCmd session \(1 command\)/.test(o)), `options: ${options}`);
    await tid(page, "script-source").selectOption("session");
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-testid="script-appcmd"]')?.textContent ?? "";
      return t.includes("directoryBrowse") && !t.includes("index.php");
    }, null, { timeout: 90_000 });
    await tid(page, "script-close").click();
    await dialogClosed(page);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "script", "focus back on the header button");
  });

  it("Compare sets this path against the workspace as opened, with provenance on both sides", async () => {
    await tid(page, "tab-compare").click();
    await tid(page, "compare-view").waitFor();
    await tid(page, "compare-source").locator("option").first().waitFor({ state: "attached" });
    await tid(page, "compare-run").click();
    await waitText(tid(page, "compare-status"), "sections compared", 90_000);
    assert.match(await tid(page, "compare-status").textContent(), /2 differ/);
    const box = page.locator('[data-testid="compare-changes"] [data-section="system.webServer/directoryBrowse"]');
    const item = box.locator('li[data-path="enabled"]');
    await item.waitFor();
    const t = await item.textContent();
    assert.match(t, /left: "false" \(C:\\Windows\\System32\\inetsrv\\config\\applicationHost\.config:\d+\)/);
    assert.match(t, /right: "true" \(C:\\inetpub\\wwwroot\\web\.config:\d+\)/);
    const added = page.locator(`[data-testid="compare-changes"] li[data-path="files.[value='index.php']"]`);
    assert.equal(await added.getAttribute("data-kind"), "onlyRight");
    await shot(page, "support-03-compare-1400");
    // The right side's provenance opens the file at the line.
    await item.locator("button.src").click();
    await waitText(tid(page, "editor-file"), ROOT_WEBCONFIG);
    // The same as a unified diff of the appcmd-style XML.
    await tid(page, "tab-compare-xml").click();
    await waitText(tid(page, "compare-xml"), '+  <directoryBrowse enabled="true"');
    assert.match(await tid(page, "compare-xml").textContent(), /\+      <add value="index\.php" \/>/);
    await shot(page, "support-04-compare-xml-1400");
  });

  it("compares two paths of this workspace", async () => {
    await tid(page, "tab-compare-changes").click();
    await tid(page, "compare-mode-paths").check();
    await tid(page, "compare-left").fill("MACHINE/WEBROOT/APPHOST");
    await tid(page, "compare-right").fill("Default Web Site");
    await tid(page, "compare-section").fill("directoryBrowse");
    await tid(page, "compare-run").click();
    await waitText(tid(page, "compare-status"), "1 section compared, 1 differ");
    const item = page.locator('[data-testid="compare-changes"] li[data-path="enabled"]');
    // Both sides are this workspace's files: both are links.
    assert.equal(await item.locator("button.src").count(), 2);
    // A site this workspace lacks: the view says which path, rather than
    // failing on the empty report ("Cannot read properties of null").
    await tid(page, "compare-right").fill("No Such Site");
    await tid(page, "compare-run").click();
    await waitText(tid(page, "compare-status"), "Cannot evaluate:");
    assert.match(await tid(page, "compare-status").textContent(), /No Such Site/);
  });

  it("fits a phone's screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await tid(page, "compare-view").scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => {
      const v = document.querySelector('[data-testid="compare-view"]');
      return v.scrollWidth - v.clientWidth;
    });
    assert.ok(overflow <= 1, `the Compare view scrolls sideways by ${overflow}px`);
    await tid(page, "compare-status").scrollIntoViewIfNeeded();
    await shot(page, "support-05-compare-390");
    await tid(page, "script").click();
    await waitText(tid(page, "script-appcmd"), "appcmd.exe", 90_000);
    const fits = await page.evaluate(() => {
      const d = document.querySelector("dialog[open]").getBoundingClientRect();
      return d.left >= 0 && d.right <= window.innerWidth;
    });
    assert.ok(fits, "the Script dialog fits the width");
    await shot(page, "support-06-script-390");
    await page.keyboard.press("Escape");
    await dialogClosed(page);
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});

describe("Paste a 500.19: a customer's error page opens the path, the file and the line", { timeout: 300_000 }, () => {
  let browser, page, pageText;
  before(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await page.goto(BASE + "/" + shareHash(state(LOCKED_WEBCONFIG, "500")));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === "500.19", null, { timeout: 60_000 });
    // The customer's page: what this workspace's request gets, as text.
    pageText = await tid(page, "page-500-text").textContent();
    // The engineer was looking at something else.
    await page.evaluate(() => window.iisconfApp.setPath("MACHINE/WEBROOT/APPHOST"));
    await tid(page, "tab-effective").click();
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], "no page errors");
    await browser?.close();
  });

  it("reads the page: what was understood, the target and the explanation", async () => {
    assert.match(pageText, /Error Code\s+0x80070021/);
    await tid(page, "paste500").click();
    await tid(page, "paste500-dialog").waitFor();
    await tid(page, "paste500-text").fill(pageText);
    await tid(page, "paste500-read").click();
    await waitText(tid(page, "paste500-result"), "Understood:", 90_000);
    const r = await tid(page, "paste500-result").textContent();
    assert.match(r, /Understood: title, Error Code, Config Error, Config File, Requested URL, Physical Path, Config Source\./);
    assert.match(await tid(page, "paste500-target").textContent(), /Opens MACHINE\/WEBROOT\/APPHOST\/Default Web Site, C:\\inetpub\\wwwroot\\web\.config:6\./);
    assert.match(await tid(page, "paste500-explanation").textContent(), /0x80070021 LOCKED in system\.webServer\/security\/authentication\/windowsAuthentication/);
    assert.match(r, /The Config Source lines match the file in this workspace/);
    await shot(page, "support-07-paste500-1400");
  });

  it("Open goes to the path, the file and the line, and shows the response", async () => {
    await tid(page, "paste500-open").click();
    await dialogClosed(page);
    await page.waitForFunction(() => window.iisconfApp.workspace.path === "MACHINE/WEBROOT/APPHOST/Default Web Site");
    await waitText(tid(page, "editor-file"), ROOT_WEBCONFIG);
    assert.equal(await tid(page, "tab-500").getAttribute("aria-selected"), "true");
    const line = await page.evaluate(() => {
      const cm = document.querySelector(".cm-content");
      const sel = window.getSelection();
      const at = sel?.anchorNode?.parentElement?.closest(".cm-line");
      return at ? [...cm.querySelectorAll(".cm-line")].indexOf(at) + 1 : 0;
    });
    assert.equal(line, 6, "the cursor is on the error's line");
  });

  it("a partial page says what was understood and what was not", async () => {
    await tid(page, "paste500").click();
    await tid(page, "paste500-text").fill("Error Code   0x8007000d\nConfig Error   Configuration file is not well-formed XML\n");
    await tid(page, "paste500-read").click();
    await waitText(tid(page, "paste500-result"), "Understood: Error Code, Config Error.");
    const r = await tid(page, "paste500-result").textContent();
    assert.match(r, /Not in the text: Config File, Requested URL, Physical Path, Config Source\./);
    assert.match(r, /the path cannot be told/);
    await page.keyboard.press("Escape");
    await dialogClosed(page);
  });

  it("text that is not a page says so", async () => {
    await tid(page, "paste500").click();
    await tid(page, "paste500-text").fill("Hello, the site is down since this morning");
    await tid(page, "paste500-read").click();
    await waitText(tid(page, "paste500-result"), "does not look like an IIS error page");
    await page.keyboard.press("Escape");
    await dialogClosed(page);
  });

  it("pasting the page anywhere outside a field opens the dialog with it, at a phone's size too", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await pasteOnPage(page, pageText);
    await tid(page, "paste500-dialog").waitFor();
    await waitText(tid(page, "paste500-result"), "Understood:", 90_000);
    assert.equal(await tid(page, "paste500-text").inputValue(), pageText);
    const fits = await page.evaluate(() => {
      const d = document.querySelector("dialog[open]").getBoundingClientRect();
      return d.left >= 0 && d.right <= window.innerWidth;
    });
    assert.ok(fits, "the dialog fits the width");
    await shot(page, "support-08-paste500-390");
    await page.keyboard.press("Escape");
    await dialogClosed(page);
  });
});
