// The playground's dialogs and tabs as a keyboard user meets them: add,
// rename and delete a file through the prompts (web/src/dialogs/dialog.ts,
// the WAI-ARIA modal dialog pattern: labelled, focus inside, Escape cancels,
// focus back on the button that opened it), import a bundle with a secret,
// share it with the secret redacted in the link only, move between
// result tabs with the arrow keys, and reset to the stock server.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, APPHOST, launch, newPage, openPlayground, tid, shot, waitText, editorText } from "./lib/browser.mjs";

const APP1 = "C:\\inetpub\\wwwroot\\app1\\web.config";
const APP2 = "C:\\inetpub\\wwwroot\\app2\\web.config";
const SECRET_FILE = "C:\\inetpub\\wwwroot\\shop\\web.config";
const BUNDLE = `-- ${SECRET_FILE} --
<configuration>
  <connectionStrings>
    <add name="db" connectionString="Server=sql1;Database=shop;User Id=sa;Password=Hunter2Secret!" />
  </connectionStrings>
</configuration>
`;

/** The dialog open now: its testid, accessible name and the focused element's testid. */
async function dialogState(page) {
  return page.evaluate(() => {
    const d = document.querySelector("dialog[open]");
    if (!d) return null;
    const label = document.getElementById(d.getAttribute("aria-labelledby") ?? "")?.textContent ?? "";
    return { testid: d.dataset.testid, label, modal: d.matches(":modal"), focus: document.activeElement?.dataset?.testid ?? document.activeElement?.tagName, inside: d.contains(document.activeElement) };
  });
}

describe("dialogs and tabs: a keyboard user's session", { timeout: 240_000 }, () => {
  let browser, context, page;

  before(async () => {
    browser = await launch();
    ({ context, page } = await newPage(browser));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
    await openPlayground(page);
  });
  after(async () => {
    await browser?.close();
  });

  it("adds a file through a labelled prompt, with focus in its field and Enter to confirm", async () => {
    await tid(page, "file-add").click();
    await tid(page, "prompt-dialog").waitFor();
    const st = await dialogState(page);
    assert.equal(st.testid, "prompt-dialog");
    assert.equal(st.label, "Add a file");
    assert.ok(st.modal, "modal");
    assert.equal(st.focus, "prompt-input");
    await shot(page, "dialogs-01-add-prompt");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.insertText(APP1);
    await page.keyboard.press("Enter");
    await waitText(tid(page, "editor-file"), APP1);
    assert.equal(await dialogState(page), null);
    assert.ok(await page.locator(`[data-testid="file-tree"] [data-path="${APP1.replace(/\\/g, "\\\\")}"]`).count(), "in the file tree");
  });

  it("renames the open file", async () => {
    await tid(page, "file-rename").click();
    assert.equal(await tid(page, "prompt-input").inputValue(), APP1);
    await tid(page, "prompt-input").fill(APP2);
    await tid(page, "prompt-ok").click();
    await waitText(tid(page, "editor-file"), APP2);
  });

  it("asks before deleting: Escape cancels and gives focus back, Delete deletes", async () => {
    await tid(page, "file-delete").focus();
    await page.keyboard.press("Enter");
    await tid(page, "confirm-dialog").waitFor();
    const st = await dialogState(page);
    assert.equal(st.label, "Delete the file");
    assert.equal(st.focus, "confirm-cancel", "the least destructive choice has focus");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("dialog"));
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "file-delete", "focus is back on the button");
    assert.equal(await tid(page, "editor-file").textContent(), APP2, "nothing deleted");
    await tid(page, "file-delete").click();
    await tid(page, "confirm-ok").click();
    await waitText(tid(page, "editor-file"), APPHOST);
    assert.equal(await page.locator(`[data-testid="file-tree"] [data-path="${APP2.replace(/\\/g, "\\\\")}"]`).count(), 0);
  });

  it("imports a pasted bundle over the workspace", async () => {
    await tid(page, "import").click();
    await tid(page, "import-dialog").waitFor();
    const st = await dialogState(page);
    assert.equal(st.label, "Import");
    assert.equal(st.focus, "import-text");
    await tid(page, "import-text").fill(BUNDLE);
    await page.locator("#imp-replace").uncheck();
    await shot(page, "dialogs-02-import");
    await tid(page, "import-go").click();
    await page.waitForFunction((p) => window.iisconfApp.state().files.some((f) => f.path === p), SECRET_FILE);
    const files = await page.evaluate(() => window.iisconfApp.state().files.map((f) => f.path));
    assert.ok(files.includes(APPHOST), "added over the workspace, not replacing it");
  });

  it("lists the secret before sharing and redacts it in the link, not in the workspace", async () => {
    await tid(page, "share").click();
    await tid(page, "secrets-dialog").waitFor({ timeout: 30_000 });
    const st = await dialogState(page);
    assert.equal(st.label, "This workspace contains secrets");
    const text = await tid(page, "secrets-dialog").textContent();
    assert.match(text, /web\.config:\d+ — Password in connectionString on <add>/);
    assert.doesNotMatch(text, /Hunter2Secret/, "the list never shows the secret");
    // One finding, ticked; unticking it turns the button into sharing as is.
    assert.equal(await tid(page, "secret-choice").count(), 1);
    assert.equal(await tid(page, "secret-choice").isChecked(), true);
    await tid(page, "secret-choice").uncheck();
    assert.equal(await tid(page, "redact-secrets").textContent(), "Share with the secrets");
    assert.equal(await tid(page, "secret-all").isChecked(), false);
    await tid(page, "secret-all").check();
    assert.equal(await tid(page, "redact-secrets").textContent(), "Redact and share");
    await shot(page, "dialogs-03-secrets");
    const hashBefore = await page.evaluate(() => location.hash);
    await tid(page, "redact-secrets").click();
    await page.waitForFunction(() => /1 secret redacted in the link/.test(document.body.innerText), null, { timeout: 30_000 });
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.startsWith(BASE + "/#v2:"), link.slice(0, 80));
    // The workspace keeps its value, and the address bar does not carry the redacted link.
    const saved = await page.evaluate((p) => window.iisconfApp.state().files.find((f) => f.path === p).text, SECRET_FILE);
    assert.match(saved, /Hunter2Secret/);
    assert.equal(await page.evaluate(() => location.hash), hashBefore);
    // The link opens redacted.
    const fresh = await newPage(browser);
    try {
      await fresh.page.goto(link);
      await fresh.page.waitForFunction((p) => window.iisconfApp?.state().files.some((f) => f.path === p), SECRET_FILE, { timeout: 60_000 });
      const shared = await fresh.page.evaluate((p) => window.iisconfApp.state().files.find((f) => f.path === p).text, SECRET_FILE);
      assert.match(shared, /Password=\[redacted\]"/);
      assert.doesNotMatch(shared, /Hunter2Secret/);
    } finally {
      await fresh.context.close();
    }
  });

  it("moves between result tabs with the arrow keys (WAI-ARIA tabs)", async () => {
    await tid(page, "tab-effective").click();
    await tid(page, "tab-effective").focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await tid(page, "tab-locks").getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "tab-locks");
    assert.ok(await tid(page, "lock-view").isVisible());
    const panel = await tid(page, "tab-locks").getAttribute("aria-controls");
    assert.equal(await page.locator(`#${panel}`).getAttribute("role"), "tabpanel");
    await page.keyboard.press("End");
    assert.equal(await tid(page, "tab-compare").getAttribute("aria-selected"), "true");
    await tid(page, "compare-view").waitFor();
    await page.keyboard.press("Home");
    assert.equal(await tid(page, "tab-effective").getAttribute("aria-selected"), "true");
    // Only the selected tab is in the Tab order.
    assert.equal(await page.locator('[role="tablist"][aria-label="results"] [role="tab"][tabindex="0"]').count(), 1);
  });

  it("resets to the stock server after confirming (the workspace holds edits no link has)", async () => {
    await tid(page, "reset").click();
    // Escape keeps the workspace.
    await tid(page, "confirm-replace").waitFor();
    await page.keyboard.press("Escape");
    await tid(page, "confirm-replace").waitFor({ state: "detached" });
    assert.ok(await page.evaluate((p) => window.iisconfApp.state().files.some((f) => f.path === p), SECRET_FILE));
    await tid(page, "reset").click();
    await tid(page, "confirm-replace-go").click();
    await page.waitForFunction((p) => !window.iisconfApp.state().files.some((f) => f.path === p), SECRET_FILE);
    assert.deepEqual(page.errors, []);
  });
});
