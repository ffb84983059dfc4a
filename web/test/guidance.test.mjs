// Guidance and every screen, as users meet them: a first visit's welcome
// and its ways in; the Help menu (shortcuts, docs, About with the build id);
// the layout at a laptop, a small laptop and a phone (no horizontal
// overflow, results reachable, resizable columns remembered, the phone's
// Files / Editor / Results switch); the keyboard (skip link, tabs, one tab
// stop for the effective values); provenance by click and keyboard, and the
// built-in stand-ins made editable; the site tree of a large server.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, APPHOST, usePage, newPage, openPlayground, openSample, tid, shot, waitText, shareHash, editorText, ROOT_WEBCONFIG } from "./lib/browser.mjs";

const STOCK_APPHOST = readFileSync(new URL("../../engine/stock/files/applicationHost.config", import.meta.url), "utf8");
const MACHINE = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config";

const SIZES = [
  ["desktop", 1920, 1080],
  ["laptop", 1400, 900],
  ["small-laptop", 1024, 768],
  ["phone", 390, 844],
];

/** Elements that scroll sideways (the editor and code listings aside), and the page's overflow. */
async function overflow(page) {
  return page.evaluate(() => {
    const de = document.documentElement;
    const sideways = [...document.querySelectorAll("body *")]
      .filter((e) => {
        // The editor and code listings (a lesson's diff) scroll on their own, by design.
        if (e.closest(".cm-editor") || e.tagName === "PRE" || e.offsetParent === null) return false;
        const st = getComputedStyle(e);
        return (st.overflowX === "auto" || st.overflowX === "scroll") && e.scrollWidth > e.clientWidth + 1;
      })
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.scrollWidth}>${e.clientWidth}`);
    const outside = [...document.querySelectorAll("header button, .path-bar input, [data-testid=welcome] button")]
      .filter((e) => e.offsetParent !== null)
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.right > innerWidth + 0.5 || r.left < -0.5;
      })
      .map((e) => e.dataset.testid || e.textContent);
    return { page: de.scrollWidth - de.clientWidth, sideways, outside };
  });
}

/** The results region is on screen and shows the effective view. */
async function resultsReachable(page) {
  const box = await page.locator("#results").boundingBox();
  const view = await page.viewportSize();
  assert.ok(box && box.width > 200 && box.height > 200, `results region is visible: ${JSON.stringify(box)}`);
  assert.ok(box.x >= 0 && box.x + box.width <= view.width + 1, `results fit the width: ${JSON.stringify(box)}`);
  await waitText(tid(page, "effective-view"), "sections");
}

for (const [name, width, height] of SIZES) {
  describe(`every screen: ${name} ${width}×${height}`, { timeout: 240_000 }, () => {
    const s = usePage({ viewport: { width, height } });
    let page;
    before(() => (page = s.page));

    it("a first visit shows the welcome, nothing overflows, the results are reachable", async () => {
      await openPlayground(page);
      await tid(page, "welcome").waitFor();
      for (const id of ["welcome-learn", "welcome-case", "welcome-explore"]) assert.ok(await tid(page, id).isVisible(), id);
      if (width < 700) await tid(page, "view-results").click();
      await resultsReachable(page);
      const o = await overflow(page);
      assert.deepEqual(o, { page: 0, sideways: [], outside: [] });
      await shot(page, `guidance-${name}-01-welcome`);
    });

    it("the AppCmd console and the other panels stay inside their column", async () => {
      await tid(page, "welcome-close").click();
      assert.equal(await tid(page, "welcome").count(), 0);
      await tid(page, "tab-appcmd").click();
      await tid(page, "appcmd-input").waitFor();
      const o = await overflow(page);
      assert.deepEqual(o, { page: 0, sideways: [], outside: [] });
      const input = await tid(page, "appcmd-input").boundingBox();
      const col = await page.locator("#results").boundingBox();
      assert.ok(input.x + input.width <= col.x + col.width + 1, `the appcmd prompt fits: ${JSON.stringify({ input, col })}`);
      await shot(page, `guidance-${name}-02-appcmd`);
      await tid(page, "tab-effective").click();
    });

    if (width < 700) {
      it("a phone shows one column at a time, chosen by Files / Editor / Results", async () => {
        for (const [v, testid] of [
          ["files", "file-tree"],
          ["editor", "editor"],
          ["results", "effective-view"],
        ]) {
          await tid(page, "view-" + v).click();
          assert.equal(await tid(page, "view-" + v).getAttribute("aria-pressed"), "true");
          assert.ok(await tid(page, testid).isVisible(), `${testid} shows under ${v}`);
          assert.deepEqual(await overflow(page), { page: 0, sideways: [], outside: [] });
          await shot(page, `guidance-${name}-03-${v}`);
        }
        // Opening a file from the tree shows the editor.
        await tid(page, "view-files").click();
        await page.locator('[data-testid="file-tree"] [data-path]', { hasText: "applicationHost.config" }).click();
        assert.equal(await tid(page, "view-editor").getAttribute("aria-pressed"), "true");
        assert.equal(await tid(page, "pane-resizer").first().isVisible(), false, "no dividers on a phone");
      });
    } else {
      it("the columns resize by pointer and keyboard, and keep their widths", async () => {
        const left = tid(page, "pane-resizer").first();
        const files = page.locator(".col.left");
        const w0 = (await files.boundingBox()).width;
        await left.focus();
        await page.keyboard.press("Shift+ArrowRight");
        const w1 = (await files.boundingBox()).width;
        assert.ok(w1 > w0 + 50, `Shift+→ widens the files column: ${w0} → ${w1}`);
        const b = await left.boundingBox();
        await page.mouse.move(b.x + b.width / 2, b.y + 200);
        await page.mouse.down();
        await page.mouse.move(b.x - 60, b.y + 200, { steps: 4 });
        await page.mouse.up();
        const w2 = (await files.boundingBox()).width;
        assert.ok(Math.abs(w2 - (w1 - 60)) < 8, `dragging narrows it by 60 px: ${w1} → ${w2}`);
        const right = tid(page, "pane-resizer").nth(1);
        await right.focus();
        await page.keyboard.press("ArrowLeft");
        const now = Number(await right.getAttribute("aria-valuenow"));
        assert.ok(now > 40, `← widens the results column (aria-valuenow ${now})`);
        await page.reload();
        await page.waitForSelector('body[data-ready="true"]');
        const w3 = (await page.locator(".col.left").boundingBox()).width;
        assert.ok(Math.abs(w3 - w2) < 3, `the width is remembered: ${w2} → ${w3}`);
        assert.deepEqual(await overflow(page), { page: 0, sideways: [], outside: [] });
        await shot(page, `guidance-${name}-03-resized`);
        await tid(page, "pane-resizer").first().dblclick();
      });
    }
  });
}

describe("the welcome and the Help menu", { timeout: 180_000 }, () => {
  const s = usePage();
  let page;
  before(() => (page = s.page));

  it("explores the stock server at a path from the welcome", async () => {
    await openPlayground(page);
    await tid(page, "welcome-path").fill("http://localhost/aspnet_client/");
    await tid(page, "welcome-go").click();
    await waitText(tid(page, "config-path"), "MACHINE/WEBROOT/APPHOST/Default Web Site/aspnet_client");
    assert.equal(await tid(page, "welcome").count(), 0, "the welcome closed");
  });

  it("opens the Help menu with the keyboard: ways in, shortcuts, docs, About", async () => {
    await tid(page, "help").focus();
    await page.keyboard.press("Enter");
    const menu = page.locator('[role="menu"]');
    await menu.waitFor();
    assert.equal(await tid(page, "help").getAttribute("aria-expanded"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "help-welcome", "focus on the first item");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "help-shortcuts");
    assert.equal(await tid(page, "help-docs").getAttribute("href"), "docs.html");
    assert.match(await tid(page, "about").textContent(), /About: iisconf build ([0-9a-f]{12}(-dirty)?|dev)$/);
    await shot(page, "guidance-04-help-menu");
    await page.keyboard.press("Enter");
    await tid(page, "shortcuts-dialog").waitFor();
    const text = await tid(page, "shortcuts-dialog").textContent();
    for (const k of ["Ctrl+Space", "Ctrl+Shift+Space", "Shift+Alt+F", "Ctrl+S"]) assert.ok(text.includes(k), k);
    await shot(page, "guidance-05-shortcuts");
    await page.keyboard.press("Escape");
    await tid(page, "shortcuts-dialog").waitFor({ state: "detached" });
    // Escape closes the menu and gives the focus back to Help.
    await tid(page, "help").click();
    await page.locator('[role="menu"]').waitFor();
    await page.keyboard.press("Escape");
    await page.locator('[role="menu"]').waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "help");
    // The welcome comes back from Help.
    await tid(page, "help").click();
    await tid(page, "help-welcome").click();
    await tid(page, "welcome").waitFor();
    await page.keyboard.press("Escape");
    await tid(page, "welcome").waitFor({ state: "detached" }); // Escape closes the welcome
    assert.deepEqual(page.errors, []);
  });

  it("does not greet a returning visit", async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForTimeout(500);
    assert.equal(await tid(page, "welcome").count(), 0);
  });
});

describe("a lesson chosen from the gallery on a phone's first visit", { timeout: 120_000 }, () => {
  const s = usePage({ viewport: { width: 390, height: 844 } });
  let page;
  before(() => (page = s.page));

  it("closes the welcome and leaves the result room under the card", async () => {
    await openPlayground(page);
    await tid(page, "welcome").waitFor();
    await openSample(page, "fix-location-overridemode-allow");
    await tid(page, "welcome").waitFor({ state: "detached" });
    assert.equal(await tid(page, "view-results").getAttribute("aria-pressed"), "true");
    const height = await page.locator(".panel-box").evaluate((e) => e.clientHeight);
    assert.ok(height >= 200, `the result under the lesson's card is ${height}px tall`);
    assert.deepEqual(await overflow(page), { page: 0, sideways: [], outside: [] });
    await shot(page, "guidance-phone-04-lesson");
    assert.deepEqual(page.errors, []);
  });
});

describe("lessons", { timeout: 180_000 }, () => {
  const s = usePage();
  let page;
  before(async () => {
    page = s.page;
    await openPlayground(page);
    await tid(page, "welcome-close").click();
  });

  it("descriptions end on a word; the inheritance lesson's filter covers the sections its text discusses", async () => {
    await openSample(page, "inheritance-basics");
    // Gallery descriptions: the first paragraph, cut after a whole word.
    const samples = await page.evaluate(() => window.iisconfApp.engine.samples());
    const rows = await tid(page, "samples-gallery").locator("h3[data-chapter] + ul button[data-sample]").evaluateAll((bs) => bs.map((b) => [b.dataset.sample, b.querySelector(".muted")?.textContent.trim() ?? ""]));
    assert.ok(rows.length > 20);
    let cut = 0;
    for (const [name, desc] of rows) {
      const full = samples.find((x) => x.name === name)?.explanation[0] ?? "";
      if (!desc.endsWith("…")) {
        assert.equal(desc, full.trim(), name);
        continue;
      }
      cut++;
      const kept = desc.slice(0, -1);
      assert.ok(full.startsWith(kept), `${name}: ${kept}`);
      assert.match(full.slice(kept.length), /^[\s,;:.(–-]/, `${name} is cut mid-word: “${desc}”`);
    }
    assert.ok(cut > 5, "long descriptions are cut");
    // The lesson's filter: every section its steps check, not only its own.
    const filter = await tid(page, "section-filter").inputValue();
    for (const sec of ["directoryBrowse", "defaultDocument", "staticContent"]) assert.ok(filter.includes(sec), `${sec} in the filter “${filter}”`);
    const view = tid(page, "effective-view");
    await waitText(view, "3 sections");
    for (const sec of ["system.webServer/directoryBrowse", "system.webServer/defaultDocument", "system.webServer/staticContent"])
      assert.equal(await view.locator(`section[data-section="${sec}"]`).count(), 1, sec);
    await shot(page, "guidance-14-lesson-filter");
  });

  it("a closed explanation comes back; counts are singular for one", async () => {
    const card = tid(page, "sample-explanation");
    await card.locator("button.close").click();
    assert.equal(await card.isVisible(), false);
    const again = tid(page, "sample-show");
    await again.waitFor();
    assert.match(await again.textContent(), /Show the lesson: /);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "sample-show", "the focus goes to the way back");
    await shot(page, "guidance-15-lesson-closed");
    await page.keyboard.press("Enter");
    await card.waitFor();
    assert.equal(await again.isVisible(), false);
    // One section: "1 section", in the effective view, the lock view and the status line.
    await tid(page, "section-filter").fill("directoryBrowse");
    await waitText(tid(page, "effective-view"), "1 section");
    assert.doesNotMatch(await tid(page, "effective-view").textContent(), /\b1 sections\b/);
    await tid(page, "tab-locks").click();
    await waitText(tid(page, "lock-view"), "1 section ·");
    assert.doesNotMatch(await page.locator("footer, .status").first().textContent(), /\b1 (files|sections)\b/);
    assert.deepEqual(page.errors, []);
  });
});

describe("keyboard and provenance", { timeout: 180_000 }, () => {
  const s = usePage();
  let page;
  before(async () => {
    page = s.page;
    await openPlayground(page);
    await tid(page, "welcome-close").click();
  });

  it("Tab reaches the skip link first; it leads to the result tabs, which the arrows move", async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to results");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "tab-effective");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "tab-locks");
    assert.equal(await tid(page, "tab-locks").getAttribute("aria-selected"), "true");
    await page.keyboard.press("Home");
    assert.equal(await tid(page, "tab-effective").getAttribute("aria-selected"), "true");
    // One tab stop per tab list.
    assert.equal(await page.locator('[role="tablist"] [role="tab"][tabindex="0"]').count(), 2);
  });

  it("the effective values are one tab stop; the arrows move and show where each came from", async () => {
    await tid(page, "section-filter").fill("connectionStrings, defaultDocument");
    const view = tid(page, "effective-view");
    await waitText(view, "LocalSqlServer");
    assert.equal(await view.locator('[data-v][tabindex="0"]').count(), 1, "one tab stop");
    assert.ok((await view.locator("[data-v]").count()) > 5);
    await view.locator('[data-v][tabindex="0"]').focus();
    // Down to the first value with a file behind it.
    for (let i = 0; i < 6 && !(await tid(page, "provenance").isVisible().catch(() => false)); i++) await page.keyboard.press("ArrowDown");
    const note = tid(page, "provenance");
    await note.waitFor();
    assert.match(await note.textContent(), /set in|added in/);
    assert.match(await note.textContent(), /level MACHINE/);
    await shot(page, "guidance-06-provenance-keyboard");
  });

  it("a click on a value from applicationHost.config shows its line and level", async () => {
    const item = tid(page, "effective-view").locator('section[data-section="system.webServer/defaultDocument"] button.x-tag.item').first();
    await item.click();
    const note = tid(page, "provenance");
    await waitText(note, "applicationHost.config:");
    assert.match(await note.textContent(), /level MACHINE\/WEBROOT\/APPHOST/);
    // The editor shows that line, without taking the focus.
    await waitText(tid(page, "editor-file"), "applicationHost.config");
    assert.match(await page.locator(".cm-activeLine").textContent(), /<add value="Default\.htm"/);
    assert.equal(await page.evaluate(() => document.activeElement?.closest("[data-testid=effective-view]") !== null), true);
  });

  it("a value from the built-in machine.config opens read-only, and can become a workspace file", async () => {
    const item = tid(page, "effective-view").locator('section[data-section="connectionStrings"] button.x-tag.item').first();
    await item.click();
    const note = tid(page, "provenance");
    await waitText(note, "machine.config:");
    await note.locator("button.src").click();
    await waitText(tid(page, "editor-file"), "(built in, read-only)");
    assert.ok(await tid(page, "standin-note").isVisible());
    assert.match(await page.locator(".cm-activeLine").textContent(), /LocalSqlServer/);
    // The file tree marks the open stand-in as it marks any open file, and only it.
    await treeMarks(page, MACHINE);
    await shot(page, "guidance-07-standin");
    // Read-only: typing changes nothing.
    await page.locator(".cm-content .cm-activeLine").click();
    const before = await editorText(page);
    await page.keyboard.type("xyz");
    assert.equal(await editorText(page), before);
    await tid(page, "standin-edit").click();
    await page.waitForFunction((p) => document.querySelector('[data-testid="editor-file"]')?.textContent === p, MACHINE);
    assert.equal(await tid(page, "standin-note").isVisible(), false);
    assert.equal(await page.locator(`[data-testid="file-tree"] [data-path="${MACHINE.replace(/\\/g, "\\\\")}"].builtin`).count(), 0, "no longer marked built in");
    assert.ok(await page.evaluate((p) => window.iisconfApp.workspace.find(p) !== undefined, MACHINE));
    assert.deepEqual(page.errors, []);
  });
});

describe("the stand-ins of a .NET 2.0, 32-bit pool", { timeout: 120_000 }, () => {
  const s = usePage();
  let page;
  before(() => (page = s.page));

  it("the file tree offers that folder's machine.config, read-only, in its .NET 2.0 form", async () => {
    const apphost = STOCK_APPHOST.replace('<add name="DefaultAppPool" />', '<add name="DefaultAppPool" managedRuntimeVersion="v2.0" enable32BitAppOnWin64="true" />');
    const st = { version: 1, files: [{ path: APPHOST, text: apphost }], env: {}, path: "Default Web Site", view: { panel: "effective" } };
    await page.goto(BASE + "/" + shareHash(st));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    const v2 = "C:\\Windows\\Microsoft.NET\\Framework\\v2.0.50727\\CONFIG\\machine.config";
    const row = page.locator(`[data-testid="file-tree"] [data-path="${v2.replace(/\\/g, "\\\\")}"].builtin`);
    await row.waitFor();
    await row.click();
    await waitText(tid(page, "editor-file"), "v2.0.50727\\CONFIG\\machine.config (built in, read-only)");
    assert.ok(await tid(page, "standin-edit").isVisible());
    await treeMarks(page, v2);
    const text = await page.evaluate(() => window.iisconfApp.editors.view.state.doc.toString());
    assert.match(text, /Version=2\.0\.0\.0/);
    assert.doesNotMatch(text, /Version=4\.0\.0\.0/);
    await shot(page, "guidance-16-standin-v2");
    assert.deepEqual(page.errors, []);
  });

  it("on a phone, the keyboard opens a stand-in from the file tree and the tree marks it", async () => {
    const { context, page: phone } = await newPage(s.browser, { viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(BASE + "/");
      await phone.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await phone.waitForFunction(() => window.iisconfApp?.loaded, null, { timeout: 60_000 });
      await tid(phone, "view-files").click();
      await tid(phone, "tab-files").click();
      const tree = tid(phone, "file-tree");
      await tree.focus();
      // Home, then down to the built-in web.config (rows: folder, machine.config, web.config, …).
      await phone.keyboard.press("Home");
      for (let i = 0; i < 2; i++) await phone.keyboard.press("ArrowDown");
      await phone.keyboard.press("Enter");
      await waitText(tid(phone, "editor-file"), "web.config (built in, read-only)");
      await tid(phone, "view-files").click();
      await treeMarks(phone, "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\web.config");
      await shot(phone, "guidance-17-standin-tree-phone");
      assert.deepEqual(phone.errors, []);
    } finally {
      await context.close();
    }
  });
});

/** The file tree marks path as the open item (selected, current), and no other row. */
async function treeMarks(page, path) {
  const sel = `[data-testid="file-tree"] [data-path="${path.replace(/\\/g, "\\\\")}"]`;
  await page.waitForFunction((q) => document.querySelector(q)?.getAttribute("aria-selected") === "true", sel, { timeout: 10_000 });
  const marked = await page.locator('[data-testid="file-tree"] [aria-selected="true"], [data-testid="file-tree"] .current').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.path))]);
  assert.deepEqual(marked, [path], "only the open item is marked");
}

describe("the site tree of a large server", { timeout: 180_000 }, () => {
  const s = usePage();
  let page;
  before(() => (page = s.page));

  it("sorts naturally, filters, and scrolls to the current site", async () => {
    const sites = [];
    for (let i = 1; i <= 1200; i++)
      sites.push(
        `            <site name="site${i}" id="${i + 1}"><application path="/"><virtualDirectory path="/" physicalPath="C:\\sites\\site${i}" /></application><bindings><binding protocol="http" bindingInformation="*:80:site${i}.example.com" /></bindings></site>`,
      );
    const apphost = STOCK_APPHOST.replace(/(<sites>\r?\n)/, `$1${sites.join("\r\n")}\r\n`);
    const st = { version: 1, files: [{ path: APPHOST, text: apphost }], env: {}, path: "site1000", view: { panel: "effective" } };
    await page.goto(BASE + "/" + shareHash(st));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    await tid(page, "tab-sites").click();
    const tree = tid(page, "site-tree");
    // The current site is in view.
    const row = tree.locator('.vl-row.current', { hasText: "site1000" });
    await row.waitFor();
    const rb = await row.boundingBox();
    const tb = await tree.boundingBox();
    assert.ok(rb.y >= tb.y && rb.y + rb.height <= tb.y + tb.height + 1, "site1000's row is scrolled into view");
    await shot(page, "guidance-08-site-tree-current");
    // Natural order: site2 before site10, site100 before site1000.
    await tid(page, "site-filter").fill("site10");
    await waitText(page.locator(".site-filter-row"), "of 1201");
    const names = await tree.locator(".vl-row.site span:nth-child(3)").allTextContents();
    assert.deepEqual(names.slice(0, 4), ["site10", "site100", "site101", "site102"]);
    assert.ok(names.indexOf("site100") < names.indexOf("site1000") || !names.includes("site1000"));
    await tid(page, "site-filter").fill("site1000");
    await waitText(page.locator(".site-filter-row"), "1 of 1201");
    await shot(page, "guidance-09-site-filter");
    // Emptying the filter goes back to the current site.
    await tid(page, "site-filter").fill("");
    await tree.locator(".vl-row.site.current", { hasText: "site1000" }).waitFor();
    assert.deepEqual(page.errors, []);
  });
});

describe("schema-aware editing", { timeout: 240_000 }, () => {
  const s = usePage();
  let page;
  before(async () => {
    page = s.page;
    await openPlayground(page);
    await tid(page, "welcome-close").click();
    await tid(page, "tab-sites").click();
    await tid(page, "add-webconfig").click();
    await page.waitForFunction(() => /web\.config$/i.test(document.querySelector('[data-testid="editor-file"]')?.textContent ?? ""), null, { timeout: 60_000 });
  });

  const completions = async () => {
    await page.locator(".cm-tooltip-autocomplete").waitFor({ timeout: 30_000 });
    // CodeMirror ignores Enter for a moment after a list appears (so a
    // late list does not swallow a newline): wait that out.
    await page.waitForTimeout(150);
    return page.locator(".cm-tooltip-autocomplete li .cm-completionLabel").allTextContents();
  };

  it("completes a section, its attributes with type and default, and their values", async () => {
    await page.locator(".cm-content .cm-line", { hasText: "<system.webServer>" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("<directoryB");
    assert.deepEqual(await completions(), ["directoryBrowse"]);
    assert.match(await page.locator(".cm-tooltip-autocomplete li").first().textContent(), /section/);
    await page.keyboard.press("Enter");
    await page.keyboard.type(" ");
    const attrs = await completions();
    assert.deepEqual(attrs.slice(0, 2), ["enabled", "showFlags"]);
    assert.match(await page.locator(".cm-tooltip-autocomplete li", { hasText: "showFlags" }).textContent(), /flags, default Date, Time, Size, Extension/);
    await shot(page, "guidance-10-complete-attributes");
    await page.keyboard.press("Enter"); // enabled="" with the cursor inside; its values follow
    assert.deepEqual(await completions(), ["true", "false"]);
    await page.keyboard.press("Enter");
    await page.keyboard.press("End");
    await page.keyboard.type(" />");
    assert.match(await editorText(page), /<directoryBrowse enabled="true" \/>/);
  });

  it("completes a collection's directives and a flags list item by item", async () => {
    await page.keyboard.press("Enter");
    await page.keyboard.type("<staticContent>");
    // The editor closed the element; inside it, the directives and child elements.
    await page.keyboard.press("Enter");
    await page.keyboard.type("<");
    const names = await completions();
    for (const n of ["clientCache", "mimeMap", "remove", "clear"]) assert.ok(names.includes(n), `${n} in ${names}`);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Backspace");
    assert.match(await editorText(page), /<staticContent>\s*<\/staticContent>/);
  });

  it("describes a name from the keyboard: type, default, lock", async () => {
    await page.locator(".cm-content .cm-line", { hasText: "directoryBrowse" }).click();
    await page.keyboard.press("Home");
    for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Control+Shift+Space");
    const d = tid(page, "describe");
    await waitText(d, "Section system.webServer/directoryBrowse");
    assert.match(await d.textContent(), /overrideModeDefaultAllow/);
    assert.match(await d.textContent(), /Not locked here/);
    await shot(page, "guidance-11-describe");
    await page.keyboard.press("Escape");
    assert.equal(await d.count(), 0);
    // A locked section says so, and by what.
    await page.locator(".cm-content .cm-line", { hasText: "directoryBrowse" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type('<asp enableParentPaths="true" />');
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Control+Shift+Space");
    await waitText(d, "Locked here");
    assert.match(await d.textContent(), /overrideModeDefault="Deny"/);
    await page.keyboard.press("Escape");
  });

  it("hovering an attribute shows its type, default and validation", async () => {
    // The file's markers settle first (a redraw under the pointer ends a hover).
    await page.waitForTimeout(1500);
    const line = page.locator(".cm-content .cm-line", { hasText: "enableParentPaths" });
    const box = await line.boundingBox();
    const x = box.x + (await page.evaluate(() => window.iisconfApp.editors.view.defaultCharacterWidth)) * 16;
    await page.mouse.move(x, box.y + box.height / 2);
    await page.mouse.move(x + 3, box.y + box.height / 2);
    const d = tid(page, "describe");
    await waitText(d, "bool attribute of system.webServer/asp");
    assert.match(await d.textContent(), /Defaultfalse/);
    await page.mouse.move(0, 0);
  });

  it("typing an end tag over the inserted one replaces it", async () => {
    await page.locator(".cm-content .cm-line", { hasText: "enableParentPaths" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("<httpErrors>");
    await page.keyboard.type("</httpErrors>");
    const text = await editorText(page);
    assert.equal(text.match(/<\/httpErrors>/g)?.length, 1, text);
  });

  it("a completion or description asked for in one file never shows over the file opened next", async () => {
    // The completion is asked for ~100 ms after a key and answered by the
    // tools' worker a moment later: opening another file meanwhile must
    // drop it, not show the options for the file left (nor insert one
    // where that query stood) over the file opened. A click in the file
    // tree takes the focus from the editor, which closes the completion
    // anyway; a file opened while the editor keeps it (here the page's
    // own openFile, as a jump to a file does) is the case to check. The
    // answers are held 400 ms here, so each is surely still on its way
    // when the other file opens.
    await page.evaluate(() => {
      const e = window.iisconfApp.engine;
      window.__assistFns = { complete: e.complete, hover: e.hover };
      for (const op of ["complete", "hover"]) {
        const f = e[op].bind(e);
        e[op] = async (...a) => {
          const r = await f(...a);
          await new Promise((res) => setTimeout(res, 400));
          return r;
        };
      }
    });
    const open = (path) => page.evaluate((p) => window.iisconfApp.openFile(p), path);
    const webConfig = await page.evaluate(() => window.iisconfApp.editors.openPath);
    try {
      // Right inside <system.webServer>, where "<def" has an answer (defaultDocument).
      await page.locator(".cm-content .cm-line", { hasText: "<system.webServer>" }).click();
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.type("<def");
      await page.waitForTimeout(200); // asked (100 ms after the key), not yet answered
      await open(APPHOST);
      await page.waitForFunction((p) => window.iisconfApp.editors.openPath === p, APPHOST);
      await page.waitForTimeout(800);
      assert.equal(await page.locator(".cm-tooltip-autocomplete").count(), 0, "no completion list over applicationHost.config");
      await open(webConfig);
      await page.waitForFunction((p) => window.iisconfApp.editors.openPath === p, webConfig);
      // The keys typed stay in the file left; taken out again.
      await page.locator(".cm-content .cm-line", { hasText: "<def" }).click();
      await page.keyboard.press("End");
      for (let k = 0; k < "<def".length; k++) await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Escape");
      assert.ok(!(await editorText(page)).includes("<def"), "the file is as it was");
      // Nor a description asked for from the keyboard (Ctrl+Shift+Space) just before.
      await page.locator(".cm-content .cm-line", { hasText: "enableParentPaths" }).click();
      await page.keyboard.press("Control+Shift+Space");
      await open(APPHOST);
      await page.waitForTimeout(800);
      assert.equal(await page.locator(".cm-describe").count(), 0, "no description over applicationHost.config");
      await open(webConfig);
      await page.waitForFunction((p) => window.iisconfApp.editors.openPath === p, webConfig);
      // Nor one asked for by the pointer resting on a name (400 ms), the file switched while it is answered.
      const at = await page.evaluate(() => {
        const v = window.iisconfApp.editors.view;
        const c = v.coordsAtPos(v.state.doc.toString().indexOf("enableParentPaths") + 3);
        return { x: c.left + 1, y: (c.top + c.bottom) / 2 };
      });
      await page.mouse.move(at.x, at.y);
      await page.waitForTimeout(600);
      await open(APPHOST);
      await page.waitForTimeout(800);
      assert.equal(await page.locator(".cm-describe").count(), 0, "no description over applicationHost.config");
      await open(webConfig);
      await page.waitForFunction((p) => window.iisconfApp.editors.openPath === p, webConfig);
    } finally {
      await page.evaluate(() => Object.assign(window.iisconfApp.engine, window.__assistFns));
    }
    assert.deepEqual(page.errors, []);
  });

  it("Format re-indents, keeping comments and attribute order", async () => {
    const messy = '<?xml version="1.0"?>\n<configuration>\n<!-- keep\n     this layout -->\n<system.webServer>\n<defaultDocument enabled="true"   >\n<files>\n<add value="home.html" />\n</files>\n</defaultDocument>\n</system.webServer>\n</configuration>\n';
    await page.evaluate((t) => {
      const v = window.iisconfApp.editors.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
    }, messy);
    await tid(page, "format").click();
    await page.waitForFunction(() => window.iisconfApp.editors.view.state.doc.toString().includes("    <system.webServer>"));
    const text = await page.evaluate(() => window.iisconfApp.editors.view.state.doc.toString());
    assert.equal(
      text,
      '<?xml version="1.0"?>\n<configuration>\n    <!-- keep\n     this layout -->\n    <system.webServer>\n        <defaultDocument enabled="true"   >\n            <files>\n                <add value="home.html" />\n            </files>\n        </defaultDocument>\n    </system.webServer>\n</configuration>\n',
    );
    assert.deepEqual(page.errors, []);
  });
});

describe("embed", { timeout: 180_000 }, () => {
  const s = usePage();
  let page;
  before(async () => {
    page = s.page;
    await openPlayground(page);
    await tid(page, "welcome-close").click();
  });

  it("Share ▾ → Embed gives a snippet and a URL for the path, with the options", async () => {
    await tid(page, "section-filter").fill("defaultDocument");
    await tid(page, "share-menu").click();
    await tid(page, "embed").click();
    await tid(page, "embed-dialog").waitFor();
    const snippet = () => tid(page, "embed-snippet").inputValue();
    let text = await snippet();
    assert.match(text, /<script src="http:\/\/[^"]+\/embed\.js" defer><\/script>/);
    assert.match(text, /<iisconf-demo path="Default Web Site" section="system.webServer\/defaultDocument" stock>/);
    assert.ok(!text.includes("applicationHost.config"), "the unchanged stock file is left out");
    await tid(page, "embed-view").selectOption("locks");
    await tid(page, "embed-tab-diagnostics").uncheck();
    await tid(page, "embed-hide-response").check();
    text = await snippet();
    assert.match(text, /view="locks" tabs="effective,locks,response" hide-response stock/);
    // The URL is encoded after the snippet (asynchronously): wait for the last option to reach it.
    await page.waitForFunction(() => document.querySelector('[data-testid="embed-url"]')?.value.includes("response=hidden"));
    const url = await tid(page, "embed-url").inputValue();
    // The short #v2 form Share makes: the changes against the stock server (none here).
    assert.match(url, /\/embed\.html\?section=system\.webServer%2FdefaultDocument&view=locks&tabs=effective%2Clocks%2Cresponse&response=hidden#v2:[A-Za-z0-9_-]+$/);
    assert.ok(url.length < 400, `an unchanged workspace makes a short URL (${url.length} characters)`);
    await shot(page, "guidance-12-embed-dialog");
    // The URL shows the demo, locks first, without the response.
    const demo = await s.browser.newPage();
    await demo.goto(url);
    await demo.locator('[data-testid="lock-view"]').waitFor({ timeout: 60_000 });
    assert.equal(await demo.locator('[data-testid="tab-locks"]').getAttribute("aria-selected"), "true");
    assert.equal(await demo.locator('[data-testid="tab-response"]').count(), 0);
    assert.match(await demo.locator('[data-testid="lock-view"]').textContent(), /1 section ·/);
    await demo.screenshot({ path: process.env.IISCONF_SCREENSHOTS ? process.env.IISCONF_SCREENSHOTS + "/guidance-13-embed-locks.png" : "/dev/null" }).catch(() => {});
    // A demo whose state is broken says why.
    await demo.goto(BASE + "/embed.html#v1:not-a-state");
    await waitText(demo.locator('[data-testid="embed-status"]'), "could not be");
    await demo.close();
    // An embed made before, in the #v1 form laid over the stock server, still opens (here on a phone).
    const old = await s.browser.newPage({ viewport: { width: 390, height: 844 } });
    const v1 = shareHash({
      version: 1,
      files: [{ path: ROOT_WEBCONFIG, text: '<configuration><system.webServer><defaultDocument><files><add value="from-an-old-embed.htm" /></files></defaultDocument></system.webServer></configuration>' }],
      env: {},
      path: "Default Web Site",
      view: { panel: "effective" },
    });
    await old.goto(BASE + "/embed.html?section=system.webServer%2FdefaultDocument&stock=1" + v1);
    await waitText(old.locator('[data-testid="effective-view"]'), "from-an-old-embed.htm", 60_000);
    await old.screenshot({ path: process.env.IISCONF_SCREENSHOTS ? process.env.IISCONF_SCREENSHOTS + "/guidance-14-embed-v1-phone.png" : "/dev/null" }).catch(() => {});
    await old.close();
  });
});
