// The Server features dialog (web/src/dialogs/features.ts) as a user meets
// it: a site's web.config uses URL Rewrite, which the stock server lacks,
// so requests get a 500.19. The user opens Server features from the
// header, checks URL Rewrite with the keyboard and applies: the installer's
// edits appear in applicationHost.config and the schema folder, and the
// site answers 200. ARR brings URL Rewrite along; clearing URL Rewrite
// clears ARR. Undo puts the files back (the 500.19 returns), also after
// closing and reopening the dialog. A half-installed feature shows as
// mixed, and installing it adds only what is missing. The dialog at phone
// size fits the screen.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, APPHOST, ROOT_WEBCONFIG, launch, newPage, tid, shot, waitText, shareHash, openFileInTree, editorText } from "./lib/browser.mjs";


const STOCK_APPHOST = readFileSync(new URL("../../engine/stock/files/applicationHost.config", import.meta.url), "utf8");
const SCHEMA_REWRITE = "C:\\Windows\\System32\\inetsrv\\config\\schema\\rewrite_schema.xml";
const REWRITE_WEBCONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <rewrite>
            <rules>
                <rule name="Canonical host" stopProcessing="true">
                    <match url="(.*)" />
                    <action type="Redirect" url="https://www.example.com/{R:1}" />
                </rule>
            </rules>
        </rewrite>
    </system.webServer>
</configuration>
`;

function stateWith(apphost) {
  return {
    version: 1,
    files: [
      { path: APPHOST, text: apphost },
      { path: ROOT_WEBCONFIG, text: REWRITE_WEBCONFIG },
    ],
    env: {},
    path: "Default Web Site",
    view: { panel: "500" },
  };
}

async function waitStatus(page, want) {
  await page.waitForFunction((w) => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === w, want, { timeout: 60_000 });
}

/** Each feature row's checkbox state: checked, cleared or mixed. */
async function boxes(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="features-list"] input[type=checkbox]')].map((b) => [b.id.replace(/^feature-/, ""), b.indeterminate ? "mixed" : b.checked ? "checked" : "cleared"]),
    ),
  );
}

async function openFeatures(page) {
  await tid(page, "features").click();
  await tid(page, "features-dialog").waitFor();
  await page.locator('[data-testid="features-list"] input[type=checkbox]').first().waitFor({ timeout: 60_000 });
}

describe("server features: installing URL Rewrite for a site that needs it", { timeout: 300_000 }, () => {
  let browser, page;

  before(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await page.goto(BASE + "/" + shareHash(stateWith(STOCK_APPHOST)));
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], "no page errors");
    await browser?.close();
  });

  it("shows the 500.19 a stock server gives a web.config with <rewrite>", async () => {
    await waitStatus(page, "500.19");
    await waitText(tid(page, "page-500"), "missing a section declaration");
  });

  it("opens Server features from the header: a labelled modal dialog listing every feature with its state", async () => {
    await openFeatures(page);
    const d = await page.evaluate(() => {
      const d = document.querySelector("dialog[open]");
      return {
        label: document.getElementById(d.getAttribute("aria-labelledby") ?? "")?.textContent,
        modal: d.matches(":modal"),
        focus: document.activeElement?.id,
        group: d.querySelector('[role="group"]')?.getAttribute("aria-label"),
        describedBy: document.activeElement?.getAttribute("aria-describedby"),
      };
    });
    assert.equal(d.label, "Server features");
    assert.ok(d.modal, "modal");
    assert.equal(d.group, "Server features");
    assert.equal(d.focus, "feature-rewrite", "focus on the first feature");
    assert.equal(d.describedBy, "feature-rewrite-desc", "each box is described by its summary");
    const b = await boxes(page);
    assert.equal(b.rewrite, "cleared");
    assert.equal(b.appinit, "checked", "the stock server has Application Initialization");
    assert.equal(b.ipsecurity, "checked");
    assert.ok(await tid(page, "features-apply").isDisabled(), "nothing to apply yet");
    assert.ok(await tid(page, "features-undo").isDisabled(), "nothing to undo yet");
    await shot(page, "features-01-dialog-1400");
  });

  it("checks URL Rewrite with the keyboard and applies: the installer's edits, and the site answers 200", async () => {
    await page.keyboard.press("Space");
    assert.equal((await boxes(page)).rewrite, "checked");
    await tid(page, "features-apply").click();
    await waitText(tid(page, "features-status"), "Installed URL Rewrite 2.1");
    assert.match(await tid(page, "features-status").textContent(), /changes in 2 files/);
    await shot(page, "features-02-installed-1400");
    await waitStatus(page, "200");
    assert.equal((await boxes(page)).rewrite, "checked");
    assert.ok(await tid(page, "features-apply").isDisabled(), "applied: nothing pending");
    assert.ok(!(await tid(page, "features-undo").isDisabled()), "undo is offered");
  });

  it("ARR brings URL Rewrite along, and clearing URL Rewrite clears ARR", async () => {
    await page.locator("#feature-arr").check();
    assert.equal((await boxes(page)).rewrite, "checked");
    await page.locator("#feature-rewrite").uncheck();
    const b = await boxes(page);
    assert.equal(b.arr, "cleared", "ARR needs URL Rewrite");
    assert.equal(b.rewrite, "cleared");
    await page.locator("#feature-rewrite").check();
    assert.ok(await tid(page, "features-apply").isDisabled(), "back to the installed state: nothing to apply");
  });

  it("closes, and the files hold what the installer added", async () => {
    await tid(page, "features-close").click();
    await page.waitForFunction(() => !document.querySelector("dialog[open]"));
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "features", "focus back on the header button");
    const apphost = await page.evaluate((p) => window.iisconfApp.workspace.state().files.find((f) => f.path === p)?.text ?? "", APPHOST);
    assert.match(apphost, /<add name="RewriteModule" image="%SystemRoot%\\system32\\inetsrv\\rewrite\.dll" \/>/);
    assert.match(apphost, /<sectionGroup name="rewrite">/);
    await openFileInTree(page, SCHEMA_REWRITE);
    assert.match(await editorText(page), /<sectionSchema name="system\.webServer\/rewrite\/globalRules">/);
  });

  it("undoes the install after reopening the dialog: the files go back and the 500.19 returns", async () => {
    await openFeatures(page);
    assert.ok(!(await tid(page, "features-undo").isDisabled()), "the undo outlives the dialog");
    await tid(page, "features-undo").click();
    await waitText(tid(page, "features-status"), "Undone: installed URL Rewrite 2.1");
    await page.waitForFunction(() => document.querySelector("#feature-rewrite") && !document.querySelector("#feature-rewrite").checked);
    assert.ok(await tid(page, "features-undo").isDisabled(), "nothing more to undo");
    await waitStatus(page, "500.19");
    await shot(page, "features-03-undone-1400");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("dialog[open]"));
    assert.equal(await page.locator(`[data-testid="file-tree"] [data-path="${SCHEMA_REWRITE.replace(/\\/g, "\\\\")}"]`).count(), 0, "the schema file is gone");
  });
});

describe("server features: a half-installed feature, and the dialog on a phone", { timeout: 300_000 }, () => {
  let browser, page;

  before(async () => {
    browser = await launch();
    ({ page } = await newPage(browser, { viewport: { width: 390, height: 844 } }));
    // URL Rewrite declared (as a hand-copied applicationHost.config would
    // have it) but its module never registered.
    const declared = STOCK_APPHOST.replace(
      /(<section name="webSocket" overrideModeDefault="Deny" \/>)/,
      `$1\r\n            <sectionGroup name="rewrite">\r\n                <section name="globalRules" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />\r\n                <section name="rules" overrideModeDefault="Allow" />\r\n                <section name="outboundRules" overrideModeDefault="Allow" />\r\n                <section name="providers" overrideModeDefault="Allow" />\r\n                <section name="rewriteMaps" overrideModeDefault="Allow" />\r\n                <section name="allowedServerVariables" overrideModeDefault="Deny" />\r\n            </sectionGroup>`,
    );
    assert.notEqual(declared, STOCK_APPHOST);
    await page.goto(BASE + "/" + shareHash(stateWith(declared)));
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], "no page errors");
    await browser?.close();
  });

  it("shows URL Rewrite as mixed, with what is missing", async () => {
    await waitStatus(page, "200"); // declared: the web.config reads fine
    const header = await page.evaluate(() => [...document.querySelectorAll("header.top button")].map((b) => b.getBoundingClientRect()).every((r) => r.left >= 0 && r.right <= innerWidth));
    assert.ok(header, "every header button, Features included, is on the phone's screen");
    await openFeatures(page);
    assert.equal((await boxes(page)).rewrite, "mixed");
    await waitText(page.locator("#feature-rewrite-desc"), "partly installed");
    const fits = await page.evaluate(() => {
      const d = document.querySelector("dialog[open]").getBoundingClientRect();
      return { left: d.left, right: d.right, width: innerWidth, scroll: document.querySelector('[data-testid="features-list"]').scrollWidth <= document.querySelector('[data-testid="features-list"]').clientWidth };
    });
    assert.ok(fits.left >= 0 && fits.right <= fits.width, `the dialog fits the phone's width: ${JSON.stringify(fits)}`);
    assert.ok(fits.scroll, "the list does not scroll sideways");
    await page.locator('[data-testid="feature-row"]').first().locator("summary").click();
    await shot(page, "features-04-partial-390");
  });

  it("installing it adds only the missing steps", async () => {
    await page.locator("#feature-rewrite").click(); // mixed → checked
    assert.equal((await boxes(page)).rewrite, "checked");
    await tid(page, "features-apply").click();
    await waitText(tid(page, "features-status"), "Installed URL Rewrite 2.1: 3 changes in 2 files");
    assert.equal((await boxes(page)).rewrite, "checked");
    await shot(page, "features-05-completed-390");
  });
});
