// The editor underlines exactly what a diagnostic is about. The engine
// reports a byte range; the editor counts UTF-16 units. A user whose
// web.config has accented, CJK and emoji characters before a bad value on
// the same line (a comment in their own language, say) must see the
// squiggle under the bad attribute, not shifted by those characters —
// on a laptop-sized window and on a phone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openPlayground, tid, shot, waitText, editorText, usePage, addSiteWebConfig } from "./lib/browser.mjs";

// é is one UTF-16 unit (two bytes), 漢 one unit (three bytes), 😀 two
// units (four bytes, one code point).
const LINE = '<!-- café 漢字 😀😀 --><directoryBrowse enabled="maybe" />';
const BAD = 'enabled="maybe"';

async function underlined(page) {
  const range = page.locator(".cm-content .cm-lintRange-error");
  await range.first().waitFor({ timeout: 30_000 });
  // A mark may be drawn as several spans (syntax highlighting splits it).
  return (await range.allTextContents()).join("");
}

describe("editor: a diagnostic's range is underlined exactly", { timeout: 180_000 }, () => {
  const s = usePage();

  it("underlines the bad attribute after non-ASCII and astral-plane characters", async () => {
    const { page } = s;
    await openPlayground(page);
    await addSiteWebConfig(page, "<system.webServer>");
    await page.keyboard.insertText(LINE);
    assert.ok((await editorText(page)).includes(LINE));

    assert.equal(await underlined(page), BAD);
    // The gutter marks the line, and hovering the squiggle shows IIS's text.
    await page.locator(".cm-gutters .cm-lint-marker-error").first().waitFor();
    await page.locator(".cm-content .cm-lintRange-error").first().hover();
    await waitText(page.locator(".cm-tooltip-lint"), "The 'enabled' attribute is invalid.");
    await shot(page, "diagrange-laptop");

    // A phone-sized window draws the same range.
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await underlined(page), BAD);
    await shot(page, "diagrange-phone");
    await page.setViewportSize({ width: 1400, height: 900 });

    // Going to the diagnostic from the list puts the cursor at the start
    // of the attribute (the engine's column counts the emoji as one code
    // point; the editor converts it).
    await tid(page, "tab-diagnostics").click();
    const item = tid(page, "diagnostics-list").locator("li.diag", { hasText: "attribute is invalid" }).first();
    await item.locator("button.src", { hasText: /^line / }).first().click();
    const head = await page.evaluate(() => {
      const view = window.iisconfApp.editors.view;
      const pos = view.state.selection.main.head;
      return view.state.doc.sliceString(pos, pos + 15);
    });
    assert.equal(head, BAD);
    await shot(page, "diagrange-goto");
    assert.deepEqual(page.errors, []);
  });
});
