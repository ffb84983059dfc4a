// Error states name their cause on every tab, and the embed route explains
// itself: a malformed applicationHost.config (from the corpus) is stated in
// Effective and Response with a link to its line; a malformed web.config
// too, beside the 500.19 page; an error only appcmd or ASP.NET meets is
// labelled beside "Response 200"; a diagnostic raised at another path names
// that path; the duplicate made by one folder read at two URLs says so;
// backups and history snapshots are folded apart from the configuration
// files; a bare /embed says how to use it, a damaged one says what is wrong.
// Phone (390×844) and laptop (1400×900) screenshots of each.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BASE, APPHOST, launch, newPage, tid, shot, waitText, shareHash } from "./lib/browser.mjs";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
const corpusAppHost = readFileSync(CORPUS + "applicationhost/" + readdirSync(CORPUS + "applicationhost").find((n) => /c1982__IIS-SharedGitConfig__applicationHost/.test(n)), "utf8");
const STOCK = readFileSync(fileURLToPath(new URL("../../engine/stock/files/applicationHost.config", import.meta.url)), "utf8");
const SITE_WEBCONFIG = "C:\\inetpub\\wwwroot\\web.config";

function state(files, path = "Default Web Site", view = { panel: "effective" }) {
  return { version: 1, files, env: {}, path, view };
}

/** Opens a workspace through a #v1 link in a fresh page of the given size. */
async function openState(browser, st, viewport = { width: 1400, height: 900 }) {
  const { context, page } = await newPage(browser, { viewport });
  await page.goto(BASE + "/" + shareHash(st));
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { context, page };
}

describe("error states name their cause", { timeout: 300_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it("a malformed applicationHost.config is stated in Effective and Response, with a link to its line", async () => {
    // A real server's applicationHost.config, broken the way hand edits break it: a bare &.
    const broken = corpusAppHost.replace(/<sites>/, '<sites note="R&D">');
    assert.notEqual(broken, corpusAppHost);
    const line = broken.slice(0, broken.indexOf("R&D")).split("\n").length;
    for (const [vp, name] of [
      [{ width: 1400, height: 900 }, "laptop"],
      [{ width: 390, height: 844 }, "phone"],
    ]) {
      const { context, page } = await openState(browser, state([{ path: APPHOST, text: broken }], "Default Web Site", { panel: "effective", section: "system.webServer/defaultDocument" }), vp);
      const cause = tid(page, "effective-view").locator('[data-testid="cause-note"]');
      await waitText(cause, "not well-formed XML");
      const text = await cause.textContent();
      assert.match(text, new RegExp(`applicationHost\\.config line ${line}`));
      assert.match(text, /no site, application or folder can be found/);
      assert.doesNotMatch(await tid(page, "effective-view").textContent(), /No section matches/);
      await cause.scrollIntoViewIfNeeded(); // on a phone the results are below the editor
      await shot(page, `errors-01-malformed-apphost-effective-${name}`);
      await tid(page, "tab-500").click();
      const resp = tid(page, "page-500");
      await waitText(resp, "not well-formed XML");
      assert.doesNotMatch(await resp.textContent(), /choose a site/);
      await resp.scrollIntoViewIfNeeded();
      await shot(page, `errors-02-malformed-apphost-response-${name}`);
      // Every other tab that would show nothing says why, and so does the path bar.
      assert.match(await tid(page, "path-info").textContent(), new RegExp(`applicationHost\\.config cannot be read \\(line ${line}\\): no site can be found`));
      assert.doesNotMatch(await tid(page, "path-info").textContent(), /Unrecognized configuration path/);
      for (const [tab, view] of [
        ["tab-locks", "lock-view"],
        ["tab-merge", "merge-view"],
      ]) {
        await tid(page, tab).click();
        const note = tid(page, view).locator('[data-testid="cause-note"]');
        await waitText(note, `applicationHost.config line ${line}`);
        assert.match(await note.textContent(), /not well-formed XML/);
        await note.scrollIntoViewIfNeeded();
      }
      await shot(page, `errors-09-malformed-apphost-locks-merge-${name}`);
      // The Pool view too: the parser's message with a link to the line, which opens it.
      await tid(page, "tab-pool").click();
      const poolErr = tid(page, "pool-error");
      await waitText(poolErr, `applicationHost.config line ${line}`);
      assert.match(await poolErr.textContent(), /not well-formed XML/);
      assert.match(await poolErr.textContent(), /starts no pool/);
      await poolErr.scrollIntoViewIfNeeded();
      await shot(page, `errors-10-malformed-apphost-pool-${name}`);
      await poolErr.locator("button.src").click();
      await waitText(tid(page, "editor-file"), "applicationHost.config");
      assert.match(await page.locator(".cm-activeLine").first().textContent(), /R&D/);
      if (vp.width < 700) await tid(page, "view-results").click();
      await tid(page, "tab-500").click();
      // The link goes to the line.
      await resp.locator("button.src").first().click();
      await waitText(tid(page, "editor-file"), "applicationHost.config");
      const active = await page.locator(".cm-activeLine").first().textContent();
      assert.match(active, /R&D/);
      assert.deepEqual(page.errors, []);
      await context.close();
    }
  });

  it("a malformed web.config: Effective says what the values are, Response shows the 500.19", async () => {
    const bad = '<configuration>\n  <appSettings>\n    <add key="a" value="x&y" />\n  </appSettings>\n</configuration>\n';
    const { context, page } = await openState(browser, state([{ path: APPHOST, text: STOCK }, { path: SITE_WEBCONFIG, text: bad }]));
    const cause = tid(page, "effective-view").locator('[data-testid="cause-note"]');
    await waitText(cause, "web.config line 3");
    assert.match(await cause.textContent(), /IIS reads no section at this path until it is fixed/);
    await tid(page, "tab-500").click();
    assert.equal(await tid(page, "page-500").getAttribute("data-status"), "500.19");
    await shot(page, "errors-03-malformed-webconfig");
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  it("an error that does not stop requests says who meets it", async () => {
    // system.web is read by ASP.NET only: IIS serves the request (200).
    const wc = '<configuration>\n  <system.web>\n    <compilation debug="maybe" />\n  </system.web>\n</configuration>\n';
    const { context, page } = await openState(browser, state([{ path: APPHOST, text: STOCK }, { path: SITE_WEBCONFIG, text: wc }]));
    await tid(page, "tab-500").click();
    assert.equal(await tid(page, "page-500").getAttribute("data-status"), "200");
    const quiet = page.locator('[data-testid="quiet-errors"]');
    await waitText(quiet, "do not stop requests".replace("do", "does"));
    const t = await quiet.textContent();
    assert.match(t, /Met by ASP\.NET when the application reads system\.web\/compilation/);
    assert.match(t, /appcmd, IIS Manager and Microsoft\.Web\.Administration/);
    await shot(page, "errors-04-quiet-error-beside-200");
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  it("the duplicate of a folder read at two URLs says so; diagnostics of other paths name them", async () => {
    const root = '<virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />';
    const twice = STOCK.replace(root, root + '\r\n                </application>\r\n                <application path="/app1">\r\n                    ' + root);
    assert.notEqual(twice, STOCK);
    const wc = '<configuration>\n  <system.webServer>\n    <httpProtocol>\n      <customHeaders>\n        <add name="X-Twice" value="1" />\n      </customHeaders>\n    </httpProtocol>\n  </system.webServer>\n</configuration>\n';
    const { context, page } = await openState(browser, state([{ path: APPHOST, text: twice }, { path: SITE_WEBCONFIG, text: wc }], "Default Web Site", { panel: "diagnostics" }));
    const list = tid(page, "diagnostics-list");
    await waitText(list, "DUP_KEY");
    const t = await list.textContent();
    assert.match(t, /the same folder is read at both MACHINE\/WEBROOT\/APPHOST\/Default Web Site and MACHINE\/WEBROOT\/APPHOST\/Default Web Site\/app1/);
    assert.match(t, /raised at MACHINE\/WEBROOT\/APPHOST\/Default Web Site\/app1/);
    await shot(page, "errors-05-two-levels-duplicate");
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  it("backups and history snapshots are folded apart from the configuration files", async () => {
    const bk = "C:\\Windows\\System32\\inetsrv\\backup\\before-change\\applicationHost.config";
    const hist = "C:\\inetpub\\history\\CFGHISTORY_0000000001\\applicationHost.config";
    const { context, page } = await openState(browser, state([{ path: APPHOST, text: STOCK }, { path: bk, text: STOCK }, { path: hist, text: STOCK }]));
    await tid(page, "tab-files").click();
    const tree = tid(page, "file-tree");
    const group = tree.locator('[data-group="backups"]');
    await waitText(group, "Backups and history (2 files)");
    assert.equal(await tree.locator(`[data-path="${bk.replace(/\\/g, "\\\\")}"]`).count(), 0, "folded");
    await shot(page, "errors-06-backups-folded");
    await group.click();
    await tree.locator(`[data-path="${bk.replace(/\\/g, "\\\\")}"]`).waitFor();
    assert.deepEqual(page.errors, []);
    await context.close();
  });
});

describe("the embed route explains itself", { timeout: 120_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it("a bare /embed says how to use it", async () => {
    const { context, page } = await newPage(browser);
    await page.goto(BASE + "/embed");
    const u = page.locator('[data-testid="embed-usage"]');
    await waitText(u, "iisconf embed");
    assert.match(await u.textContent(), /<iisconf-demo/);
    assert.doesNotMatch(await page.textContent("body"), /unsupported share link version/);
    await shot(page, "errors-07-bare-embed");
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  it("a damaged or unknown link says what is wrong", async () => {
    const { context, page } = await newPage(browser);
    for (const [hash, want] of [
      ["#v1:@@@", /holds "@"/],
      ["#v9:abc", /version 9 link/],
      ["#v1:AAAA", /damaged/],
      [shareHash(state([{ path: "web.config", text: "<configuration />" }])), /file 1: "web\.config" is not an absolute Windows path/],
    ]) {
      await page.goto(BASE + "/embed" + hash);
      await page.reload(); // a hash-only change does not reload the route
      await waitText(page.locator('[data-testid="embed-status"]'), "This demo could not be opened");
      assert.match(await page.locator('[data-testid="embed-status"]').textContent(), want);
      assert.doesNotMatch(await page.locator('[data-testid="embed-status"]').textContent(), /load: |siteMapOf/);
    }
    await shot(page, "errors-08-embed-bad-link");
    assert.deepEqual(page.errors, []);
    await context.close();
  });
});
