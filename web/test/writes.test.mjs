// An appcmd write as a user meets it after typing: the edit they were
// making survives the write with its undo history (Ctrl+Z still undoes
// the typing), the file appcmd changed shows the change and can be undone
// in the editor too, and behind it only the changed files travel — no
// reload of the whole workspace (no `load`), and the evaluation after the
// write carries the one file appcmd changed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { APPHOST, ROOT_WEBCONFIG, usePage, openPlayground, tid, waitText, editorText, openFileInTree, shot, addSiteWebConfig } from "./lib/browser.mjs";

const TYPED = "<!-- typed before the write -->";

/** Every request the page sends the engine worker: its op and, for edits, the files. */
function recordRequests() {
  const orig = Worker.prototype.postMessage;
  window.__sent = [];
  Worker.prototype.postMessage = function (m, ...rest) {
    // An evaluate's edits, or the file of a setFile/removeFile (an edit of a superseded evaluate).
    if (m && typeof m.op === "string") window.__sent.push({ op: m.op, edits: m.args?.edits ? m.args.edits.map((e) => e.path) : m.args?.path && /File$/.test(m.op) ? [m.args.path] : [] });
    return orig.call(this, m, ...rest);
  };
}

describe("an appcmd write after typing", { timeout: 180_000 }, () => {
  const s = usePage();

  it("keeps the typing and its undo history, and sends only the changed file", async () => {
    const page = s.page;
    await page.addInitScript(recordRequests);
    await openPlayground(page);
    // The site's web.config, created where the path maps, and typed in.
    await addSiteWebConfig(page, "<configuration>");
    await page.keyboard.type(TYPED);
    assert.ok((await editorText(page)).includes(TYPED));

    // A write that touches applicationHost.config only.
    await tid(page, "tab-appcmd").click();
    const mark = await page.evaluate(() => window.__sent.length);
    await tid(page, "appcmd-input").fill("set config /section:directoryBrowse /enabled:true /commit:apphost");
    await tid(page, "appcmd-input").press("Enter");
    await waitText(tid(page, "appcmd-output"), 'Applied configuration changes to section "system.webServer/directoryBrowse"');
    await page.waitForSelector('[data-testid="appcmd-console"][data-busy="false"]', { timeout: 30_000 });
    // The console is free when its refresh returns; when another evaluation
    // superseded that one, the files it carried go to the worker as setFile
    // calls queued behind the evaluation in flight, and may not have been
    // posted yet (CI saw this): wait for applicationHost.config to go.
    await page
      .waitForFunction(([n, p]) => window.__sent.slice(n).some((r) => r.edits.includes(p)), [mark, APPHOST], { timeout: 10_000 })
      .catch(() => {});
    const sent = await page.evaluate((n) => window.__sent.slice(n), mark);
    const ops = sent.map((r) => r.op);
    assert.ok(ops.includes("appcmdExec"), `ops: ${ops}`);
    assert.ok(!ops.includes("load") && !ops.includes("bundle"), `no reload of the whole workspace: ${ops}`);
    const after = sent.slice(ops.indexOf("appcmdExec") + 1).flatMap((r) => r.edits);
    // applicationHost.config and the configuration history snapshot the write made; nothing else.
    assert.ok(after.includes(APPHOST), `the changed file goes to the engine: ${JSON.stringify(sent)}`);
    for (const p of after) assert.ok(p === APPHOST || /^C:\\inetpub\\history\\CFGHISTORY_\d+\\/.test(p), `only changed files are sent: ${p}`);

    // The write is in the effective configuration.
    await tid(page, "tab-effective").click();
    await tid(page, "section-filter").fill("directoryBrowse");
    await waitText(page.locator('[data-testid="effective-view"] section[data-section="system.webServer/directoryBrowse"]'), 'enabled="true"');

    // Ctrl+Z in the web.config still undoes the typing.
    await openFileInTree(page, ROOT_WEBCONFIG);
    assert.ok((await editorText(page)).includes(TYPED), "the typing survived the write");
    await page.locator(".cm-content").click();
    await page.keyboard.press("ControlOrMeta+z");
    await page.waitForFunction((t) => !document.querySelector(".cm-content").textContent.includes(t), TYPED, { timeout: 5000 });
    await shot(page, "writes-01-undo-after-write");

    // applicationHost.config shows the write, itself undoable in the editor.
    await openFileInTree(page, APPHOST);
    const host = await page.evaluate(() => window.iisconfApp.editors.view.state.doc.toString());
    assert.match(host, /<directoryBrowse enabled="true" \/>/);
    assert.deepEqual(page.errors, []);
  });
});
