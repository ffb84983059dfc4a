// AppCmd writes, backups and configuration history in the playground
// as a user meets them: run a backup, make a breaking change, see the
// 500.19, restore, and see it clear. The steps run in
// order on one page, each from the state the one before it left.
//
// The breaking change is the classic one: the site's web.config sets
// directoryBrowse (written by appcmd itself), then `lock config` at the
// server level makes that definition a lock violation (0x80070021), which
// appcmd accepts because a write validates only the path it writes.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ROOT_WEBCONFIG, launch, newPage, openPlayground, tid, shot, waitText } from "./lib/browser.mjs";

const LOCKED_MESSAGE = "This configuration section cannot be used at this path.";

/** Types a command into the console and waits for its output block. */
async function appcmd(page, line, expect) {
  const before = await page.locator('[data-testid="appcmd-output"] .appcmd-block').count();
  await tid(page, "appcmd-input").fill(line);
  await tid(page, "appcmd-input").press("Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="appcmd-output"] .appcmd-block').length > n,
    before,
    { timeout: 30_000 },
  );
  const text = await page.locator('[data-testid="appcmd-output"] .appcmd-block').last().textContent();
  assert.ok(text.includes(expect), `appcmd ${line}: expected ${JSON.stringify(expect)} in ${JSON.stringify(text)}`);
  // A write reloads the workspace and re-evaluates: wait until the console is done.
  await page.waitForSelector('[data-testid="appcmd-console"][data-busy="false"]', { timeout: 30_000 });
  return text;
}

async function responseStatus(page, want) {
  await tid(page, "tab-500").click();
  await page.waitForFunction((w) => document.querySelector('[data-testid="page-500"]')?.getAttribute("data-status") === w, want, { timeout: 30_000 });
}

describe("playground: appcmd writes, backups and history", { timeout: 180_000 }, () => {
  let browser, page;

  before(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
  });
  after(async () => {
    await browser?.close();
  });

  it("runs appcmd writes in the console and undoes one", async () => {
    await openPlayground(page);
    await tid(page, "tab-appcmd").click();
    await appcmd(page, "add apppool /name:Scratch", 'APPPOOL object "Scratch" added');
    await appcmd(page, "list apppool Scratch", 'APPPOOL "Scratch"');
    assert.equal(await tid(page, "appcmd-undo").isDisabled(), false);
    await tid(page, "appcmd-undo").click();
    await page.waitForSelector('[data-testid="appcmd-console"][data-busy="false"]');
    await waitText(tid(page, "appcmd-output"), "The files are back as they were before this command.");
    await appcmd(page, "list apppool Scratch", 'Cannot find APPPOOL object with identifier "Scratch"');
    // ↑ brings the last command back.
    await tid(page, "appcmd-input").press("ArrowUp");
    assert.equal(await tid(page, "appcmd-input").inputValue(), "list apppool Scratch");
    await tid(page, "appcmd-input").fill("");
    assert.deepEqual(page.errors, []);
  });

  it("completes verbs and section names", async () => {
    await tid(page, "appcmd-input").fill("li");
    await tid(page, "appcmd-input").press("Tab");
    assert.equal(await tid(page, "appcmd-input").inputValue(), "list ");
    await tid(page, "appcmd-input").fill("list config /section:system.webServer/defaultDoc");
    await tid(page, "appcmd-input").press("Tab");
    // Section names come from the engine (an evaluate summary): the
    // completion lands when that answer does.
    const want = "list config /section:system.webServer/defaultDocument ";
    await page
      .waitForFunction((w) => document.querySelector('[data-testid="appcmd-input"]')?.value === w, want, { timeout: 10_000 })
      .catch(() => {});
    assert.equal(await tid(page, "appcmd-input").inputValue(), want);
    await tid(page, "appcmd-input").fill("");
  });

  it("writes a web.config, backs up, breaks it with a lock and sees the 500.19", async () => {
    await appcmd(page, 'set config "Default Web Site" /section:directoryBrowse /enabled:true', 'Applied configuration changes to section "system.webServer/directoryBrowse"');
    await appcmd(page, "add backup BeforeLock", 'BACKUP object "BeforeLock" added');
    await appcmd(page, "lock config /section:directoryBrowse", 'Locked section "system.webServer/directoryBrowse"');
    await responseStatus(page, "500.19");
    const text = await tid(page, "page-500-text").textContent();
    assert.ok(text.includes(LOCKED_MESSAGE), text);
    assert.ok(text.includes(ROOT_WEBCONFIG), text);
    await shot(page, "appcmd-01-locked-500");
  });

  it("lists the backup and the history snapshot, diffs, asks, restores, and the 500.19 clears", async () => {
    await tid(page, "tab-backups").click();
    const list = tid(page, "backups-list");
    await waitText(list, "BeforeLock");
    await waitText(list, "CFGHISTORY_");
    await page.locator('[data-testid="backups-list"] li[data-backup="BeforeLock"] button').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="backup-diff"]')?.dataset.backup === "BeforeLock");
    const diff = await waitText(tid(page, "backup-diff"), "applicationHost.config");
    assert.match(diff, /directoryBrowse/);
    assert.ok((await page.locator('[data-testid="backup-diff"] .diff-del').count()) > 0, "the lock shows as lines a restore removes");
    await shot(page, "appcmd-02-backup-diff");
    // Restore asks first; Cancel changes nothing.
    await tid(page, "backup-restore").click();
    await tid(page, "restore-confirm").waitFor();
    await shot(page, "appcmd-03-restore-asks");
    // On a phone the question fits and its buttons can be reached.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await tid(page, "restore-confirm").boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    assert.ok(await tid(page, "confirm-cancel").isVisible());
    await shot(page, "appcmd-03-restore-asks-phone");
    await page.setViewportSize({ width: 1400, height: 900 });
    await tid(page, "confirm-cancel").click();
    await responseStatus(page, "500.19");
    await tid(page, "tab-backups").click();
    await tid(page, "backup-restore").click();
    await tid(page, "confirm-ok").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="backup-diff"]')?.textContent.includes("unchanged by a restore"), null, { timeout: 30_000 });
    await tid(page, "backup-restored").waitFor();
    await responseStatus(page, "200");
    await shot(page, "appcmd-04-restored-200");
    // The workspace as it was before the restore is also kept in Recent workspaces.
    await tid(page, "recent").click();
    const kept = tid(page, "recent-workspaces").locator("button[data-workspace]").first();
    await kept.waitFor();
    assert.match(await kept.textContent(), /Stock server \(edited\)/);
    await tid(page, "recent-close").click();
    assert.deepEqual(page.errors, []);
  });

  it("undoes the restore like an appcmd write", async () => {
    await tid(page, "tab-backups").click();
    await tid(page, "backup-undo").click();
    await tid(page, "backup-restored").waitFor({ state: "detached" });
    await responseStatus(page, "500.19");
    // The AppCmd panel's Undo shares the history: the restore was undone
    // there too, so its next Undo is the lock before it.
    await tid(page, "tab-appcmd").click();
    assert.match(await tid(page, "appcmd-undo").getAttribute("title"), /lock config/);
    // Restore again, and undo it from the AppCmd panel this time.
    await tid(page, "tab-backups").click();
    await page.locator('[data-testid="backups-list"] li[data-backup="BeforeLock"] button').click();
    await tid(page, "backup-restore").click();
    await tid(page, "confirm-ok").click();
    await tid(page, "backup-restored").waitFor();
    await responseStatus(page, "200");
    await tid(page, "tab-appcmd").click();
    assert.match(await tid(page, "appcmd-undo").getAttribute("title"), /restore backup "BeforeLock"/);
    await tid(page, "appcmd-undo").click();
    await waitText(tid(page, "appcmd-output"), '(undo) restore backup "BeforeLock"');
    await responseStatus(page, "500.19");
    assert.deepEqual(page.errors, []);
  });
});

// A troubleshooting lesson's fix is an appcmd line: typed into the console
// beside the lesson's card, as written, on a laptop and on a phone. The
// console fits the results column (it does not push the panel sideways, which
// hid the start of every line), and on a phone the results below the card
// keep room to be read.
describe("playground: a lesson's appcmd fix typed beside its card", { timeout: 180_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [w, h] of [
    [1400, 900],
    [390, 844],
  ]) {
    it(`fits and works at ${w}x${h}`, async () => {
      const { context, page } = await newPage(browser, { viewport: { width: w, height: h } });
      try {
        await openPlayground(page, "/index.html?sample=repro-locked-ipsecurity");
        await tid(page, "sample-explanation").waitFor({ state: "visible" });
        await tid(page, "tab-appcmd").click();
        await tid(page, "appcmd-input").click(); // scrolls it into view; fails when something covers it
        const box = page.locator(".panel-box");
        const [scrollLeft, scrollWidth, clientWidth, height] = await box.evaluate((e) => [e.scrollLeft, e.scrollWidth, e.clientWidth, e.clientHeight]);
        assert.equal(scrollLeft, 0, "the panel scrolled sideways when the command line took focus");
        assert.ok(scrollWidth <= clientWidth, `the console is wider than its column (${scrollWidth} > ${clientWidth}px)`);
        assert.ok(height >= 200, `the results under the lesson's card are ${height}px tall`);
        await appcmd(page, 'unlock config "Default Web Site" /section:system.webServer/security/ipSecurity /commit:apphost', "Unlocked section");
        await shot(page, `35-appcmd-lesson-fix-${w}`);
        await responseStatus(page, "200");
        assert.deepEqual(page.errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
