// Shared helpers of the browser tests and the browser bench: launch Debian's
// headless Chromium through playwright-core (never a downloaded browser),
// address the playground by its data-testid hooks (web/TESTIDS.md), save
// screenshots as test artifacts.
//
// The page under test is served by `go run ./build test` (or the bench),
// which passes its address in IISCONF_URL. To run the tests by hand against
// `go run ./build serve`: IISCONF_URL=http://localhost:8080 node --test web/test/
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

export const BASE = (process.env.IISCONF_URL ?? "").replace(/\/+$/, "");
export const CHROMIUM = process.env.IISCONF_CHROMIUM || "/usr/bin/chromium";
export const SHOTS = process.env.IISCONF_SCREENSHOTS || "";

export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const APPHOST = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
export const ROOT_WEBCONFIG = "C:\\inetpub\\wwwroot\\web.config";
export const SITE = "MACHINE/WEBROOT/APPHOST/Default Web Site";

/** Fails early, with the reason, when the tests were not given a server. */
export function requireBase() {
  if (!BASE) throw new Error("IISCONF_URL is not set: run the browser tests with `go run ./build test`, or set IISCONF_URL to a running `go run ./build serve`");
  return BASE;
}

/**
 * usePage, called in a describe block, launches Chromium with one fresh page
 * before its tests and closes it after them; the returned object holds the
 * page (and browser) once the tests run.
 */
export function usePage(opts = {}) {
  const s = { browser: null, page: null };
  before(async () => {
    s.browser = await launch();
    ({ page: s.page } = await newPage(s.browser, opts));
  });
  after(async () => {
    await s.browser?.close();
  });
  return s;
}

export async function launch() {
  requireBase();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * A fresh context (its own storage: a first visit) and a page that records
 * its console errors, page errors and the payload flag of the security tests.
 */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push("pageerror: " + e.message));
  page.on("console", (m) => {
    // Failed loads are recorded with their URL below.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) page.errors.push("console: " + m.text());
  });
  page.on("response", (r) => {
    // Browsers ask for /favicon.ico on pages that name no icon. Anything
    // else failing is an error: served statically, the page must ask
    // nothing the static server cannot answer (no /api/health).
    const expected = r.url().endsWith("/favicon.ico");
    if (r.status() >= 400 && !expected) page.errors.push(`http ${r.status()}: ${r.url()}`);
  });
  return { context, page };
}

/**
 * Navigates and waits for the first result drawn (body[data-ready]), the
 * engine holding the workspace (a first visit draws the build's answer
 * before the engine is ready, and editing waits for it) and the editor
 * (CodeMirror) loaded.
 */
export async function openPlayground(page, suffix = "/") {
  await page.goto(BASE + suffix);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
  // CodeMirror is a chunk of its own, loaded after the first result (ui/editor.ts).
  await page.waitForFunction(() => window.iisconfApp.editors.ready, null, { timeout: 60_000 });
}

export const tid = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Resolves once the app has finished a refresh started after this call. */
export async function settled(page, minRefreshes) {
  await page.waitForFunction((n) => window.iisconfApp && window.iisconfApp.refreshes >= n, minRefreshes, { timeout: 30_000 });
}

export async function refreshes(page) {
  return page.evaluate(() => window.iisconfApp.refreshes);
}

/** Saves build/out/screenshots/<name>.png when IISCONF_SCREENSHOTS is set. */
export async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name + ".png") });
}

/** The text of a file as the editor holds it (opens it through the file tree). */
export async function openFileInTree(page, path) {
  await tid(page, "tab-files").click();
  const row = page.locator(`[data-testid="file-tree"] [data-path="${cssEscape(path)}"]`);
  await row.click();
  await waitText(tid(page, "editor-file"), path);
}

/** The text the editor shows (CodeMirror draws each line as a .cm-line; small files are drawn whole). */
export async function editorText(page) {
  await page.waitForFunction(() => window.iisconfApp?.editors.ready, null, { timeout: 60_000 });
  return (await page.locator(".cm-content .cm-line").allTextContents()).join("\n");
}

/** Puts the cursor at the end of the line containing `needle`, by clicking it. */
export async function clickLineEnd(page, needle) {
  const line = page.locator(".cm-content .cm-line", { hasText: needle }).first();
  await line.click();
  await page.keyboard.press("End");
}

/**
 * Creates the site's web.config where the path maps (Sites → "Add web.config
 * here"), as a user would, and leaves the cursor on a new line after the
 * line holding needle, ready to type.
 */
export async function addSiteWebConfig(page, needle) {
  await tid(page, "tab-sites").click();
  await tid(page, "add-webconfig").click();
  await waitText(tid(page, "editor-file"), ROOT_WEBCONFIG);
  await clickLineEnd(page, needle);
  await page.keyboard.press("Enter");
}

/** Waits until the locator's text contains s (a string or RegExp). */
export async function waitText(locator, s, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = (await locator.first().textContent({ timeout }).catch(() => "")) ?? "";
    if (typeof s === "string" ? last.includes(s) : s.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(String(s))} in ${JSON.stringify(last.slice(0, 400))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function cssEscape(s) {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** A share-link hash (#v1:…) for a State, made the way share.ts makes it. */
export function shareHash(state) {
  const b = deflateRawSync(Buffer.from(JSON.stringify(state), "utf8"));
  return "#v1:" + b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Opens the Samples tab and waits for the course to be listed. */
export async function openCourse(page) {
  // On a phone the left column shows once chosen (Files / Editor / Results).
  if (await tid(page, "view-files").isVisible()) await tid(page, "view-files").click();
  await tid(page, "tab-samples").click();
  await tid(page, "samples-gallery").locator("button[data-sample]").first().waitFor();
}

/** Opens a sample from the gallery and waits until it is evaluated and its card shows. */
export async function openSample(page, name) {
  await openCourse(page);
  const before = await page.evaluate(() => window.iisconfApp.refreshes);
  await tid(page, "samples-gallery").locator(`button[data-sample="${name}"]`).click();
  await page.waitForFunction((n) => window.iisconfApp.refreshes > n, before, { timeout: 30_000 });
  await tid(page, "sample-explanation").waitFor({ state: "visible" });
}

/** Pastes text onto the page outside any field, as Ctrl+V over the page does. */
export async function pasteOnPage(page, text) {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData("text/plain", t);
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}
