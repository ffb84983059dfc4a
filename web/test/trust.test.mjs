// Nothing a user does loses their work. As a user meets it, in order on one
// browser profile: edits made in the playground survive a share link (the
// question comes first; keeping the workspace keeps it; replacing it keeps
// a copy in Recent workspaces, and going back to the page without the link
// finds the edits autosaved as they were); a 601-file workspace survives a
// visit to a link; samples, a docs link, Reset and an import each keep the
// workspace they replace; one click in Recent workspaces brings one back;
// every bad link or state ends in a message with the workspace intact and
// nothing bad autosaved. Laptop (1400×900) and phone (390×844) screenshots.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { BASE, APPHOST, launch, newPage, tid, shot, waitText, shareHash, clickLineEnd, openFileInTree, editorText } from "./lib/browser.mjs";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
const WEBCONFIGS = readdirSync(CORPUS + "webconfig").sort();
const corpusWebConfig = (i) => readFileSync(CORPUS + "webconfig/" + WEBCONFIGS[i % WEBCONFIGS.length], "utf8");
const STOCK = readFileSync(fileURLToPath(new URL("../../engine/stock/files/applicationHost.config", import.meta.url)), "utf8");
const SITE_WEBCONFIG = "C:\\inetpub\\wwwroot\\web.config";
const MARK = "<!-- my edit, not in any link -->";

const b64url = (b) => b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** A #v1 link to a small workspace: the stock server and one web.config from the corpus. */
const LINK = shareHash({ version: 1, files: [{ path: APPHOST, text: STOCK }, { path: SITE_WEBCONFIG, text: corpusWebConfig(3) }], env: {}, path: "Default Web Site", view: { panel: "effective" } });

async function ready(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}

async function files(page) {
  return page.evaluate(() => window.iisconfApp.state().files.map((f) => f.path));
}

async function hasMark(page) {
  return page.evaluate((m) => window.iisconfApp.state().files.some((f) => f.text.includes(m)), MARK);
}

/** The autosave as a fresh load of the page finds it: files and whether the edit is in. */
async function autosaved(page) {
  return page.evaluate(async (m) => {
    const raw = JSON.parse(localStorage.getItem("iisconf.state.v1") ?? "null");
    if (!raw) return null;
    if (raw.idb) return { idb: true };
    return { files: raw.files.length, mark: raw.files.some((f) => f.text.includes(m)) };
  }, MARK);
}

async function recentNames(page) {
  await tid(page, "recent").click();
  const list = tid(page, "recent-workspaces");
  await list.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="recent-dialog"] p[aria-live]')?.textContent !== undefined);
  await page.waitForTimeout(100);
  const names = await list.locator("button[data-workspace] strong").allTextContents();
  return names;
}

async function closeRecent(page) {
  await tid(page, "recent-close").click();
  await tid(page, "recent-dialog").waitFor({ state: "detached" });
}

/** Imports a customer's 601 files (the stock server and 600 corpus web.configs) with the Import dialog. */
async function importCustomer(page) {
  const many = [{ path: APPHOST, text: STOCK }];
  for (let i = 0; i < 600; i++) many.push({ path: `C:\\inetpub\\wwwroot\\app${i}\\web.config`, text: corpusWebConfig(i) });
  const bundle = many.map((f) => `-- ${f.path} --\n${f.text.endsWith("\n") ? f.text : f.text + "\n"}`).join("");
  await tid(page, "import").click();
  await tid(page, "import-files").setInputFiles({ name: "customer.txtar", mimeType: "text/plain", buffer: Buffer.from(bundle, "utf8") });
  await page.locator('[data-testid="import-preview"] li[data-dest]').nth(600).waitFor({ timeout: 60_000 });
  await tid(page, "import-go").click();
}

describe("nothing a user does loses their work", { timeout: 600_000 }, () => {
  let browser, context, page;
  before(async () => {
    browser = await launch();
    ({ context, page } = await newPage(browser));
  });
  after(async () => {
    await browser?.close();
  });

  it("asks before a share link replaces edits no link holds, and keeping them keeps them", async () => {
    await page.goto(BASE + "/");
    await ready(page);
    await openFileInTree(page, APPHOST);
    await clickLineEnd(page, "<configuration>");
    await page.keyboard.type(MARK);
    await page.waitForFunction((m) => window.iisconfApp.state().files.some((f) => f.text.includes(m)), MARK);
    await page.waitForFunction(() => JSON.parse(localStorage.getItem("iisconf.workspace.v1") ?? "{}").edited === true);
    // A share link arrives.
    await page.goto(BASE + "/" + LINK);
    await tid(page, "confirm-replace").waitFor();
    const q = await tid(page, "confirm-replace").textContent();
    assert.match(q, /the workspace of this link/);
    assert.match(q, /has edits that are in no link and no export yet/);
    assert.match(q, /A copy of it is kept in Recent workspaces/);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "confirm-replace-keep", "the safe answer has the focus");
    await shot(page, "trust-01-confirm-replace");
    await tid(page, "confirm-replace-keep").click();
    await ready(page);
    assert.ok(await hasMark(page), "the edits are shown");
    assert.equal(new URL(page.url()).hash, "", "the link left the address bar");
    assert.deepEqual(page.errors, []);
  });

  it("replacing keeps a copy; the link is not autosaved until edited; going back finds the edits", async () => {
    await page.goto(BASE + "/" + LINK);
    await tid(page, "confirm-replace-go").click();
    await ready(page);
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 2);
    assert.ok(!(await hasMark(page)));
    // Opened from a link and not edited: the autosave still holds the edits,
    // and the status line does not say the link's workspace is saved.
    await page.waitForTimeout(600);
    assert.deepEqual(await autosaved(page), { files: 1, mark: true });
    await waitText(tid(page, "status"), "opened from a link, not saved here until you edit it");
    assert.doesNotMatch(await tid(page, "status").textContent(), /saved locally/);
    const names = await recentNames(page);
    assert.equal(names[0], "Stock server (edited)");
    const entry = tid(page, "recent-workspaces").locator("button[data-workspace]").first();
    assert.match(await entry.textContent(), /1 file/);
    await shot(page, "trust-02-recent-list");
    await closeRecent(page);
    // Back to the page without the link: the edits, as they were.
    await page.goto(BASE + "/");
    await ready(page);
    assert.ok(await hasMark(page), "the autosaved edits are back");
    assert.deepEqual(page.errors, []);
  });

  it("a 601-file workspace survives a visit to a link", async () => {
    await importCustomer(page);
    // The edited workspace it replaces: asked, kept.
    await tid(page, "confirm-replace-go").click();
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 601, null, { timeout: 60_000 });
    await page.waitForFunction(() => JSON.parse(localStorage.getItem("iisconf.state.v1") ?? "{}").files?.length === 601 || JSON.parse(localStorage.getItem("iisconf.state.v1") ?? "{}").idb, null, { timeout: 60_000 });
    // A link: an import is not an edit, so no question; the 601 files stay autosaved.
    await page.goto(BASE + "/" + LINK);
    await ready(page);
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 2);
    await page.goto(BASE + "/");
    await ready(page);
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 601, null, { timeout: 60_000 });
    assert.deepEqual(page.errors, []);
  });

  it("samples, a docs link, Reset and a recent workspace each keep what they replace", async () => {
    // A sample from the gallery.
    await tid(page, "tab-samples").click();
    await tid(page, "samples-gallery").locator("button[data-sample]").nth(2).click();
    await page.waitForFunction(() => !!window.iisconfApp.workspace.view.sample, null, { timeout: 30_000 });
    const sample1 = await page.evaluate(() => window.iisconfApp.workspace.view.sample);
    // A docs "Open in playground" link to another one.
    const other = await page.evaluate(async (s) => (await window.iisconfApp.engine.samples()).find((x) => x.name !== s && x.group === "lesson").name, sample1);
    await page.goto(BASE + "/docs.html");
    const open = page.locator(`[data-testid="docs-open"][data-sample="${other}"]`);
    await open.waitFor({ timeout: 30_000 });
    assert.match(await open.getAttribute("href"), /index\.html\?sample=/);
    await open.click();
    await ready(page);
    await page.waitForFunction((o) => window.iisconfApp.workspace.view.sample === o, other);
    assert.equal(new URL(page.url()).search, "", "the parameter is dropped");
    // Reset.
    await tid(page, "reset").click();
    await page.waitForFunction(() => !window.iisconfApp.workspace.view.sample && window.iisconfApp.state().files.length === 1);
    const names = await recentNames(page);
    assert.equal(names.length >= 4, true, names.join(" | "));
    assert.match(names[0], /^Sample: /, "the docs sample, replaced by Reset");
    assert.match(names[1], /^Sample: /, "the gallery sample, replaced by the docs link");
    assert.ok(names.includes("Import of customer.txtar"), names.join(" | "));
    assert.ok(names.includes("Stock server (edited)"), names.join(" | "));
    // Each entry: name, time, file count.
    const customer = tid(page, "recent-workspaces").locator("button[data-workspace]", { hasText: "Import of customer.txtar" });
    assert.match(await customer.textContent(), /ago · 601 files/);
    await shot(page, "trust-03-recent-after-replaces");
    // One click brings the 601 files back.
    await customer.click();
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 601, null, { timeout: 60_000 });
    // And the edited stock server, in one click (the import it replaces was not edited: no question).
    const again = await recentNames(page);
    assert.equal(again[0], "Stock server", "Reset's stock server, replaced by the restore");
    await tid(page, "recent-workspaces").locator("button[data-workspace]", { hasText: "Stock server (edited)" }).click();
    await page.waitForFunction((m) => window.iisconfApp.state().files.some((f) => f.text.includes(m)), MARK, { timeout: 30_000 });
    assert.deepEqual(page.errors, []);
  });

  it("an edited 601-file workspace, then a share link on another visit: asked, kept, found again", async () => {
    // A first visit of its own (a fresh profile): the customer's files, imported and edited.
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const first = await ctx.newPage();
    await first.goto(BASE + "/");
    await ready(first);
    await importCustomer(first);
    await first.waitForFunction(() => window.iisconfApp.state().files.length === 601, null, { timeout: 60_000 });
    // The editor shows the first imported file: the user types there.
    await waitText(tid(first, "editor-file"), APPHOST);
    await clickLineEnd(first, "<configuration>");
    await first.keyboard.type(MARK);
    await first.waitForFunction(() => JSON.parse(localStorage.getItem("iisconf.workspace.v1") ?? "{}").edited === true, null, { timeout: 30_000 });
    await first.waitForTimeout(1500); // the debounced autosave of 601 files
    await first.close();
    // Later, a share link in a new tab.
    const visit = await ctx.newPage();
    visit.errors = [];
    visit.on("pageerror", (e) => visit.errors.push(e.message));
    await visit.goto(BASE + "/" + LINK);
    await tid(visit, "confirm-replace").waitFor({ timeout: 60_000 });
    assert.match(await tid(visit, "confirm-replace").textContent(), /\(601 files\) has edits that are in no link and no export yet/);
    await visit.setViewportSize({ width: 390, height: 844 });
    await shot(visit, "trust-09-large-edited-asks-phone");
    await visit.setViewportSize({ width: 1400, height: 900 });
    await tid(visit, "confirm-replace-go").click();
    await ready(visit);
    await visit.waitForFunction(() => window.iisconfApp.state().files.length === 2);
    // In Recent workspaces, with its edit; and the page without the link brings it back as it was.
    const entry = (await recentNames(visit))[0];
    assert.equal(entry, "Import of customer.txtar (edited)");
    await closeRecent(visit);
    await visit.goto(BASE + "/");
    await ready(visit);
    await visit.waitForFunction(() => window.iisconfApp.state().files.length === 601, null, { timeout: 60_000 });
    assert.ok(await hasMark(visit), "the edit is there");
    assert.deepEqual(visit.errors, []);
    await ctx.close();
  });

  it("keeps at least ten workspaces, and the list reads on a phone", async () => {
    for (let i = 0; i < 12; i++) {
      const st = { version: 1, files: [{ path: APPHOST, text: STOCK }, { path: `C:\\inetpub\\wwwroot\\n${i}\\web.config`, text: corpusWebConfig(i) }], env: {}, path: "Default Web Site", view: {} };
      await page.goto(BASE + "/" + shareHash(st));
      // The restored edited workspace asks; the links that follow were not edited.
      if (i === 0) await tid(page, "confirm-replace-go").click();
      await ready(page);
      await page.waitForFunction((i) => window.iisconfApp.state().files.some((f) => f.path.includes(`\\n${i}\\`)), i);
    }
    // The last link's workspace, not edited, is not autosaved; once edited, it is.
    const autosavedN11 = () => page.evaluate(() => (JSON.parse(localStorage.getItem("iisconf.state.v1") ?? "{}").files ?? []).some((f) => f.path.includes("\\n11\\")));
    assert.equal(await autosavedN11(), false);
    await openFileInTree(page, "C:\\inetpub\\wwwroot\\n11\\web.config");
    await clickLineEnd(page, "<configuration");
    await page.keyboard.type("<!-- edited after the link -->");
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem("iisconf.state.v1") ?? "{}").files ?? []).some((f) => f.text.includes("edited after the link")), null, { timeout: 10_000 });
    const names = await recentNames(page);
    assert.ok(names.length >= 10, `${names.length} kept`);
    await closeRecent(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await tid(page, "recent").click();
    await tid(page, "recent-workspaces").waitFor();
    await shot(page, "trust-04-recent-phone");
    const box = await tid(page, "recent-dialog").boundingBox();
    assert.ok(box.width <= 390, "the dialog fits the phone");
    await closeRecent(page);
    await page.setViewportSize({ width: 1400, height: 900 });
    assert.deepEqual(page.errors, []);
  });
});

/** A link of about 200 KB that inflates to 150 MB (the size that once left the page stuck). */
const bomb = () => "#v1:" + b64url(deflateRawSync(Buffer.alloc(150 << 20, 0x20)));

/** A #v2 link carrying one file: made by hand, as a damaged or forged link would be. */
const v2 = (files) => "#v2:" + b64url(deflateRawSync(Buffer.from(JSON.stringify({ s: "0", f: files }))));

/** [what, hash, the message that must name it]. */
const BAD_LINKS = [
  ["an invalid file path", () => shareHash({ version: 1, files: [{ path: "web.config", text: "<configuration />" }], env: {}, path: "", view: {} }), /could not be opened: file 1: "web\.config" is not an absolute Windows path/],
  ["an invalid file path in a #v2 link", () => v2([["site\\web.config", "<configuration />"]]), /could not be opened: file 2: "site\\web\.config" is not an absolute Windows path/],
  ["a malformed hash", () => "#v1:%%%not-base64", /the link is damaged/],
  ["padding a browser's atob would choke on", () => "#v1:abc=def", /the link is damaged: its data holds "="/],
  ["a cut-off link", () => LINK.slice(0, 200), /the link is damaged: its data does not decompress|the link is damaged/],
  ["an unknown version", () => "#v7:abcd", /version 7 link/],
  ["a link that inflates to 150 MB", bomb, /more than 32 MB/],
  ["not a link at all", () => "#section-2", /not a workspace link/],
];

describe("every bad link or state ends in a message, the workspace intact", { timeout: 300_000 }, () => {
  let browser, page;
  before(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await page.goto(BASE + "/");
    await ready(page);
    // The workspace to keep: the stock server with an edit.
    await openFileInTree(page, APPHOST);
    await clickLineEnd(page, "<configuration>");
    await page.keyboard.type(MARK);
    await page.waitForFunction(() => JSON.parse(localStorage.getItem("iisconf.workspace.v1") ?? "{}").edited === true);
    await page.waitForTimeout(600); // the debounced autosave
  });
  after(async () => {
    await browser?.close();
  });

  const cases = BAD_LINKS;
  for (const [name, hash, want] of cases) {
    it(`${name}: a clear message, the previous workspace shown, nothing bad autosaved`, async () => {
      const t0 = Date.now();
      await page.goto(BASE + "/" + hash());
      await ready(page);
      await waitText(page.locator(".toast"), want);
      assert.ok(Date.now() - t0 < 30_000, "bounded time");
      assert.doesNotMatch(await page.locator(".toast").textContent(), /atob|Failed to execute|load: |siteMapOf/, "the user's words, not the browser's or the engine's");
      assert.ok(await hasMark(page), "the previous workspace is shown");
      assert.match(await page.locator(".toast").textContent(), /Your workspace is unchanged/);
      assert.equal(new URL(page.url()).hash, "");
      assert.deepEqual(await autosaved(page), { files: 1, mark: true });
      await page.reload();
      await ready(page);
      assert.ok(await hasMark(page), "after a reload too");
      assert.deepEqual(page.errors, []);
    });
  }

  it("the messages read on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(BASE + "/" + bomb());
    await ready(page);
    await waitText(page.locator(".toast"), /more than 32 MB/);
    // It stays until dismissed: a user who looked away while the page loaded still finds why.
    await page.waitForTimeout(7000);
    assert.ok(await page.locator(".toast").isVisible(), "the message is still there");
    await shot(page, "trust-05-bad-link-phone");
    await tid(page, "toast-dismiss").click();
    assert.equal(await page.locator(".toast").isVisible(), false);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(BASE + "/" + shareHash({ version: 1, files: [{ path: "C:web.config", text: "" }], env: {}, path: "", view: {} }));
    await ready(page);
    await waitText(page.locator(".toast"), /not an absolute Windows path/);
    await shot(page, "trust-06-bad-path-laptop");
    assert.deepEqual(page.errors, []);
  });
});

describe("a first visit to a bad link: the stock server, and the message", { timeout: 300_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, hash, want] of BAD_LINKS.filter(([n]) => /invalid file path|malformed|150 MB/.test(n))) {
    it(`${name}: the page works, says why, and keeps nothing of the link`, async () => {
      // A fresh profile: nothing autosaved, nothing to fall back to but the stock server.
      const { context, page } = await newPage(browser, /150/.test(name) ? { viewport: { width: 390, height: 844 } } : {});
      await page.goto(BASE + "/" + hash());
      await ready(page);
      await waitText(page.locator(".toast"), want);
      assert.doesNotMatch(await page.locator(".toast").textContent(), /Your workspace is unchanged/, "there was none");
      // Not "The engine is starting…" with 0 sections: the stock server, evaluated.
      await page.waitForFunction(() => /^1 file · [1-9]\d* sections at MACHINE\/WEBROOT\/APPHOST\/Default Web Site/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ""));
      assert.deepEqual(await files(page), [APPHOST]);
      assert.equal(new URL(page.url()).hash, "");
      await page.reload();
      await ready(page);
      assert.deepEqual(await files(page), [APPHOST], "nothing of the link was autosaved");
      assert.equal(await page.locator(".toast").isVisible(), false, "a reload does not open the link again");
      if (/150/.test(name)) {
        await page.goto(BASE + "/" + hash());
        await ready(page);
        await waitText(page.locator(".toast"), want);
        await shot(page, "trust-07-first-visit-bomb-phone");
      } else if (/#v2/.test(name)) {
        await page.goto(BASE + "/" + hash());
        await ready(page);
        await waitText(page.locator(".toast"), want);
        await shot(page, "trust-08-first-visit-bad-path-laptop");
      }
      assert.deepEqual(page.errors, []);
      await context.close();
    });
  }
});
