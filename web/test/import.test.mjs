// Import shows where each file goes before anything changes, and short
// links fit in a message. With a real server's applicationHost.config from
// the corpus (six sites, none of them "Default Web Site"):
//  - a loose web.config imported with it while the path is MACHINE goes to
//    the root folder of the first site of the workspace *being imported*,
//    never onto machine.config; picking another site moves it; a
//    destination can be typed; afterwards the path moves to the first site
//    (the old one is gone) and the editor shows the first imported file;
//  - one pasted file, several files, a dropped set of files, a zip (with a
//    readme left out), a chosen folder and a bundle are each previewed;
//  - Share makes a #v2 link (the stock server plus one web.config: under
//    1,000 characters); a real support case over 8,000 characters says so
//    and offers Export (no short link on a static server); backups are left
//    out unless asked for;
//  - Export warns about secrets (full paths), can redact, and keeps the
//    path, which an import of the file brings back.
// Laptop (1400×900) and phone (390×844) screenshots of the preview.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BASE, APPHOST, launch, newPage, tid, shot, waitText } from "./lib/browser.mjs";
import { zip } from "./lib/zip.mjs";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
const SERVER = readFileSync(CORPUS + "applicationhost/NCIOCPL__pubslocator__applicationHost.config", "utf8");
const WEBCONFIGS = readdirSync(CORPUS + "webconfig").sort();
const wc = (i) => readFileSync(CORPUS + "webconfig/" + WEBCONFIGS[i], "utf8");
const STOCK = readFileSync(fileURLToPath(new URL("../../engine/stock/files/applicationHost.config", import.meta.url)), "utf8");
/** The first corpus web.config of 400 to 1,500 bytes: a small one, as a customer's often is. */
const SMALL = WEBCONFIGS.findIndex((_, i) => Buffer.byteLength(wc(i)) > 400 && Buffer.byteLength(wc(i)) < 1500);
const MACHINE_CONFIG = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config";
const ROOT_WEB_CONFIG = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\web.config";

async function rows(page) {
  return page.locator('[data-testid="import-preview"] li[data-dest]').evaluateAll((ls) => ls.map((l) => l.getAttribute("data-dest")));
}

async function openImport(page) {
  await tid(page, "import").click();
  await tid(page, "import-dialog").waitFor();
}

/**
 * At the given path, chooses a real server's applicationHost.config and a
 * loose web.config in the Import dialog: the preview must send the
 * web.config to that server's first site, whatever the path.
 */
async function importServerAt(page, path, webConfig) {
  await tid(page, "path-box").fill(path);
  await tid(page, "path-box").press("Enter");
  await waitText(tid(page, "config-path"), path);
  await openImport(page);
  await tid(page, "import-files").setInputFiles([
    { name: "applicationHost.config", mimeType: "text/xml", buffer: Buffer.from(SERVER) },
    { name: "web.config", mimeType: "text/xml", buffer: Buffer.from(webConfig) },
  ]);
  await waitRows(page, 2);
  assert.deepEqual(await rows(page), [APPHOST, "E:\\pubsprod\\root\\web.config"]);
}

async function waitRows(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]').length === n, n, { timeout: 30_000 });
}

describe("import shows where each file goes", { timeout: 400_000 }, () => {
  let browser, page;
  before(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await page.goto(BASE + "/");
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  });
  after(async () => {
    await browser?.close();
  });

  it("a loose web.config goes to the first site of the workspace being imported, not onto machine.config", async () => {
    await importServerAt(page, "MACHINE", wc(0));
    const preview = tid(page, "import-preview");
    assert.match(await preview.textContent(), /web\.config of site "pubsprod\.lmbps\.com" \(its root folder\)/);
    assert.doesNotMatch(await preview.textContent(), /machine\.config/);
    await shot(page, "import-01-preview-laptop");
    // Another site of the imported server.
    await tid(page, "import-site").selectOption("GUAM");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]')[1]?.getAttribute("data-dest") === "E:\\GUAM3\\web.config");
    // A destination typed by hand (the root web.config only when chosen).
    const input = page.locator('[data-testid="import-preview"] li[data-dest] input').nth(1);
    await input.fill("E:\\GUAM3\\admin\\web.config");
    await input.press("Tab");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]')[1]?.getAttribute("data-dest") === "E:\\GUAM3\\admin\\web.config");
    assert.match(await preview.textContent(), /web\.config of site "GUAM", folder \/admin/);
    // A bad destination stops the import until it is fixed.
    await input.fill("admin\\web.config");
    await input.press("Tab");
    await waitText(preview, "not an absolute Windows path");
    assert.equal(await tid(page, "import-go").isDisabled(), true);
    await page.locator('[data-testid="import-preview"] li[data-dest] input').nth(1).fill("E:\\GUAM3\\web.config");
    await page.locator('[data-testid="import-preview"] li[data-dest] input').nth(1).press("Tab");
    await page.waitForFunction(() => !document.querySelector('[data-testid="import-go"]').disabled);
    await tid(page, "import-go").click();
    // The old path (MACHINE) still exists, but "Default Web Site" would not: the path stays.
    await page.waitForFunction(() => window.iisconfApp.state().files.some((f) => f.path === "E:\\GUAM3\\web.config"), null, { timeout: 30_000 });
    // The editor opens its file once the result is drawn.
    await waitText(tid(page, "editor-file"), APPHOST);
    assert.equal(await tid(page, "editor-file").textContent(), APPHOST, "the editor shows the first imported file");
    const st = await page.evaluate(() => window.iisconfApp.state().files.map((f) => f.path));
    assert.ok(!st.includes(MACHINE_CONFIG) && !st.includes(ROOT_WEB_CONFIG), st.join(", "));
    assert.deepEqual(page.errors, []);
  });

  it("at MACHINE/WEBROOT too: the loose web.config never becomes the root web.config", async () => {
    await importServerAt(page, "MACHINE/WEBROOT", wc(9));
    assert.doesNotMatch(await tid(page, "import-preview").textContent(), /root web\.config|Framework64/);
    await tid(page, "import-go").click();
    await page.waitForFunction(() => window.iisconfApp.state().files.some((f) => f.path === "E:\\pubsprod\\root\\web.config"), null, { timeout: 30_000 });
    const st = await page.evaluate(() => window.iisconfApp.state().files.map((f) => f.path));
    assert.deepEqual(st, [APPHOST, "E:\\pubsprod\\root\\web.config"]);
    // MACHINE/WEBROOT exists in any workspace: the path stays; the editor shows the first imported file.
    await waitText(tid(page, "config-path"), "MACHINE/WEBROOT");
    await waitText(tid(page, "editor-file"), APPHOST);
    assert.equal(await tid(page, "editor-file").textContent(), APPHOST);
    // Adding one pasted web.config over it, still at MACHINE/WEBROOT: the first site's root folder.
    await openImport(page);
    await tid(page, "import-replace").uncheck();
    await tid(page, "import-text").fill(wc(2));
    await waitRows(page, 1);
    assert.deepEqual(await rows(page), ["E:\\pubsprod\\root\\web.config"]);
    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing of the preview is cut off at the dialog's right edge (the site picker once was).
    const over = await page.evaluate(() => [...document.querySelectorAll('[data-testid="import-dialog"] *')].filter((e) => e.getBoundingClientRect().right > document.querySelector('[data-testid="import-dialog"]').getBoundingClientRect().right + 1).map((e) => e.tagName + "." + e.className));
    assert.deepEqual(over, []);
    await shot(page, "import-05-webroot-add-phone");
    await page.setViewportSize({ width: 1400, height: 900 });
    await tid(page, "import-cancel").click();
    assert.deepEqual(page.errors, []);
  });

  it("afterwards the path moves to the first site when the old one is gone", async () => {
    // Back to a stock workspace whose path names Default Web Site, then import the server over it.
    await tid(page, "reset").click();
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 1);
    await waitText(tid(page, "config-path"), "Default Web Site");
    await openImport(page);
    // (A bundle file: typing 200 KB into a text box is slow in any browser.)
    const bundle = `-- ${APPHOST} --\n${SERVER}-- E:\\pubsprod\\root\\web.config --\n${wc(1)}`;
    await tid(page, "import-files").setInputFiles({ name: "server.txtar", mimeType: "text/plain", buffer: Buffer.from(bundle) });
    await waitRows(page, 2);
    await tid(page, "import-go").click();
    await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/pubsprod.lmbps.com");
    assert.equal(await tid(page, "path-box").inputValue(), "pubsprod.lmbps.com");
    await waitText(page.locator(".toast"), 'The path moved to the first site, "pubsprod.lmbps.com"');
    assert.deepEqual(page.errors, []);
  });

  it("one pasted file: placed by its content", async () => {
    await openImport(page);
    await tid(page, "import-text").fill(wc(2));
    await waitRows(page, 1);
    // Replacing the workspace (the default): the workspace being imported is the stock server.
    assert.deepEqual(await rows(page), ["C:\\inetpub\\wwwroot\\web.config"]);
    // Adding over it: the current workspace's first site.
    await tid(page, "import-replace").uncheck();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-preview"] li[data-dest]')?.getAttribute("data-dest") === "E:\\pubsprod\\root\\web.config");
    await tid(page, "import-cancel").click();
    assert.deepEqual(page.errors, []);
  });

  it("a zip, with what is not configuration left out", async () => {
    await openImport(page);
    const z = zip([
      ["MySite/web.config", wc(3)],
      ["MySite/api/web.config", wc(4)],
      ["MySite/readme.txt", "not configuration"],
    ]);
    await tid(page, "import-files").setInputFiles({ name: "MySite.zip", mimeType: "application/zip", buffer: z });
    await waitRows(page, 2);
    await tid(page, "import-replace").uncheck();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]')[0]?.getAttribute("data-dest") === "E:\\pubsprod\\root\\web.config");
    assert.deepEqual(await rows(page), ["E:\\pubsprod\\root\\web.config", "E:\\pubsprod\\root\\api\\web.config"]);
    await waitText(tid(page, "import-preview"), "1 file is not configuration files and is left out");
    await tid(page, "import-cancel").click();
    assert.deepEqual(page.errors, []);
  });

  it("a chosen folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "iisconf-import-"));
    mkdirSync(join(dir, "GUAM3", "admin"), { recursive: true });
    writeFileSync(join(dir, "GUAM3", "web.config"), wc(5));
    writeFileSync(join(dir, "GUAM3", "admin", "web.config"), wc(6));
    writeFileSync(join(dir, "GUAM3", "default.aspx"), "<%@ Page %>");
    await openImport(page);
    await tid(page, "import-replace").uncheck();
    await tid(page, "import-folder").setInputFiles(join(dir, "GUAM3"));
    await waitRows(page, 2);
    // The folder is named like site GUAM's root folder: that site is picked.
    assert.deepEqual((await rows(page)).sort(), ["E:\\GUAM3\\admin\\web.config", "E:\\GUAM3\\web.config"]);
    await shot(page, "import-02-folder");
    await tid(page, "import-cancel").click();
    assert.deepEqual(page.errors, []);
  });

  it("dropped files open the preview; nothing changes until Import", async () => {
    const before = await page.evaluate(() => window.iisconfApp.state().files.length);
    await page.evaluate(
      ([a, b]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([a], "web.config", { type: "text/xml" }));
        dt.items.add(new File([b], "case.txtar", { type: "text/plain" }));
        document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      [wc(7), `-- C:\\sites\\x\\web.config --\n${wc(8)}`],
    );
    await tid(page, "import-dialog").waitFor();
    await waitRows(page, 2);
    const r = await rows(page);
    assert.ok(r.includes("C:\\sites\\x\\web.config"), "a bundle's own path is kept");
    assert.equal(await page.evaluate(() => window.iisconfApp.state().files.length), before, "nothing changed yet");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, "import-03-preview-phone");
    await page.setViewportSize({ width: 1400, height: 900 });
    await tid(page, "import-cancel").click();
    assert.deepEqual(page.errors, []);
  });
});

const bytes = (files) => files.reduce((a, f) => a + Buffer.byteLength(f.text), 0);

/** Imports files as a bundle, replacing the workspace (a question about edits is answered yes). */
async function importCase(page, files) {
  const bundle = files.map((f) => `-- ${f.path} --\n${f.text.endsWith("\n") ? f.text : f.text + "\n"}`).join("");
  await tid(page, "import").click();
  await tid(page, "import-files").setInputFiles({ name: "case.txtar", mimeType: "text/plain", buffer: Buffer.from(bundle) });
  await waitRows(page, files.length);
  await tid(page, "import-go").click();
  const ask = tid(page, "confirm-replace-go");
  if (await ask.waitFor({ timeout: 2000 }).then(() => true, () => false)) await ask.click();
  await page.waitForFunction((n) => window.iisconfApp.state().files.length === n, files.length, { timeout: 30_000 });
}

/** Share, past the secrets review: the length of the link the Share dialog shows. */
async function shareLength(page) {
  await tid(page, "share").click();
  const secrets = tid(page, "secrets-dialog");
  if (await secrets.waitFor({ timeout: 5000 }).then(() => true, () => false)) await tid(page, "share-anyway").click();
  await tid(page, "share-dialog").waitFor();
  return (await tid(page, "share-link").inputValue()).length;
}

describe("short links and Export", { timeout: 300_000 }, () => {
  let browser, context, page;
  before(async () => {
    browser = await launch();
    ({ context, page } = await newPage(browser));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
    await page.goto(BASE + "/");
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  });
  after(async () => {
    await browser?.close();
  });

  it("the stock server and one small web.config: a #v2 link under 1,000 characters", async () => {
    await tid(page, "tab-sites").click();
    await tid(page, "add-webconfig").click();
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 2);
    await tid(page, "share").click();
    await page.waitForFunction(() => location.hash.startsWith("#v2:"));
    const url = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(url.startsWith(BASE + "/#v2:") && url.length < 1000, `${url.length}: ${url.slice(0, 80)}`);
    console.log(`# stock + one small web.config: ${url.length} characters`);
  });

  it("the stock server and a small web.config from the corpus: a #v2 link under 1,000 characters", async () => {
    const text = wc(SMALL);
    await tid(page, "import").click();
    await tid(page, "import-files").setInputFiles({ name: "case.txtar", mimeType: "text/plain", buffer: Buffer.from(`-- ${APPHOST} --\n${STOCK}-- C:\\inetpub\\wwwroot\\web.config --\n${text}`) });
    await waitRows(page, 2);
    await tid(page, "import-go").click();
    await page.waitForFunction((t) => window.iisconfApp.state().files.length === 2 && window.iisconfApp.state().files[1].text.trim() === t.trim(), text);
    await tid(page, "share").click();
    await page.waitForFunction(() => location.hash.startsWith("#v2:"));
    const url = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(url.startsWith(BASE + "/#v2:") && url.length < 1000, `${url.length}: ${url.slice(0, 80)}`);
    console.log(`# stock + ${WEBCONFIGS[SMALL]} (${Buffer.byteLength(text)} bytes): ${url.length} characters`);
  });

  it("a real support case over 8,000 characters says so and offers Export; backups are left out unless asked", async () => {
    // A server's shared configuration (applicationHost.config, administration.config, redirection.config) and a web.config.
    const cfg = "C:\\Windows\\System32\\inetsrv\\config\\";
    const shared = [
      { path: APPHOST, text: readFileSync(CORPUS + "applicationhost/c1982__IIS-SharedGitConfig__applicationHost.config", "utf8") },
      { path: cfg + "administration.config", text: readFileSync(CORPUS + "applicationhost/c1982__IIS-SharedGitConfig__administration.config", "utf8") },
      { path: cfg + "redirection.config", text: readFileSync(CORPUS + "applicationhost/c1982__IIS-SharedGitConfig__redirection.config", "utf8") },
      { path: "C:\\inetpub\\wwwroot\\web.config", text: wc(20) },
    ];
    await importCase(page, shared);
    const sharedLen = await shareLength(page);
    console.log(`# a server's shared configuration and a web.config (${shared.length} files, ${bytes(shared)} bytes): ${sharedLen} characters`);
    await tid(page, "share-dialog").press("Escape");
    // A real server with six sites, six applications' web.configs and a backup.
    const files = [{ path: APPHOST, text: SERVER }];
    for (let i = 0; i < 6; i++) files.push({ path: `E:\\pubsprod\\root\\app${i}\\web.config`, text: wc(10 + i) });
    files.push({ path: "C:\\Windows\\System32\\inetsrv\\backup\\before\\applicationHost.config", text: SERVER });
    await importCase(page, files);
    const len = await shareLength(page);
    console.log(`# a real support case (${files.length} files, ${bytes(files)} bytes, backups left out): ${len} characters`);
    const note = await tid(page, "share-length").textContent();
    if (len > 8000) {
      assert.match(note, /over 8,000, chat and mail clients often cut it/);
      assert.match(note, /Export the workspace as a bundle file/);
    }
    assert.equal(await tid(page, "share-short-link").count(), 0, "no short link where no Worker serves the page");
    assert.ok(await tid(page, "share-export").isVisible());
    await shot(page, "import-04-long-link");
    await tid(page, "share-include-backups").check();
    await page.waitForFunction((n) => document.querySelector('[data-testid="share-link"]').value.length > n, len);
    console.log(`# the same with its backup: ${(await tid(page, "share-link").inputValue()).length} characters`);
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, "import-06-long-link-phone");
    await page.setViewportSize({ width: 1400, height: 900 });
    await tid(page, "share-copy").click();
    assert.deepEqual(page.errors, []);
  });

  it("Export warns about secrets with full paths, redacts on request and keeps the path", async () => {
    const secretFile = "E:\\pubsprod\\root\\app0\\web.config";
    await page.evaluate((p) => {
      const ws = window.iisconfApp.workspace;
      ws.setText(p, '<configuration>\n  <connectionStrings>\n    <add name="db" connectionString="Server=x;User ID=sa;Password=Hunter2Secret" />\n  </connectionStrings>\n</configuration>\n');
    }, secretFile);
    await tid(page, "path-box").fill("GUAM/admin");
    await tid(page, "path-box").press("Enter");
    await tid(page, "export").click();
    await tid(page, "secrets-dialog").waitFor({ timeout: 60_000 });
    assert.match(await tid(page, "secrets-dialog").textContent(), /E:\\pubsprod\\root\\app0\\web\.config:3/);
    assert.match(await tid(page, "secrets-dialog").textContent(), /A bundle file carries every file/);
    const [download] = await Promise.all([page.waitForEvent("download"), tid(page, "redact-secrets").click()]);
    const text = readFileSync(await download.path(), "utf8");
    assert.match(text, /^iisconf playground workspace\npath: GUAM\/admin\n-- /);
    assert.doesNotMatch(text, /Hunter2Secret/);
    assert.ok(await page.evaluate(() => window.iisconfApp.state().files.some((f) => f.text.includes("Hunter2Secret"))), "the workspace itself is not changed");
    // A redacted export does not hold the secret's value: Reset still asks.
    await tid(page, "reset").click();
    await tid(page, "confirm-replace-go").click();
    await page.waitForFunction(() => window.iisconfApp.state().files.length === 1);
    // The exported file brings the path back.
    await tid(page, "import").click();
    await tid(page, "import-files").setInputFiles({ name: "iisconf-workspace.txtar", mimeType: "text/plain", buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-preview"] li[data-dest]').length > 3);
    await tid(page, "import-go").click();
    await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/GUAM/admin");
    assert.deepEqual(page.errors, []);
  });
});
