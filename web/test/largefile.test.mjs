// A workspace large enough for large mode opens applicationHost.config in an
// editor state prepared ahead of opening (web/src/ui/editor.ts prepare). The
// editor must hold every line of the file, whatever its line ends (CRLF, CR,
// LF).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { usePage, openPlayground, tid, APPHOST } from "./lib/browser.mjs";

/** About 3 MB: comments with every kind of line end, in a configuration. */
function bigAppHost() {
  const ends = ["\r\n", "\n", "\r"];
  const lines = ["<configuration>"];
  for (let i = 0; i < 60_000; i++) lines.push(`  <!-- line ${i} ${"x".repeat(i % 61)} -->${ends[i % 3]}`);
  return lines[0] + "\r\n" + lines.slice(1).join("") + "</configuration>\r\n";
}

describe("a large applicationHost.config in the editor", { timeout: 240_000 }, () => {
  const s = usePage();

  it("has every line", async () => {
    const page = s.page;
    await openPlayground(page);
    const text = bigAppHost();
    assert.ok(text.length > 2 * (1 << 20), "big enough for large mode");
    const before = await page.evaluate(() => window.iisconfApp.refreshes);
    await tid(page, "import").click();
    await tid(page, "import-files").setInputFiles({ name: "big.txtar", mimeType: "text/plain", buffer: Buffer.from(`-- ${APPHOST} --\n${text}`, "utf8") });
    await tid(page, "import-go").click();
    await page.waitForFunction((n) => window.iisconfApp.refreshes > n && window.iisconfApp.large, before, { timeout: 120_000 });
    await page.waitForFunction(() => /applicationHost\.config$/i.test(document.querySelector('[data-testid="editor-file"]')?.textContent ?? ""), null, { timeout: 60_000 });
    const { doc, file } = await page.evaluate(() => ({
      doc: window.iisconfApp.editors.view.state.doc.toString(),
      file: window.iisconfApp.state().files.find((f) => /applicationHost\.config$/i.test(f.path))?.text ?? "",
    }));
    assert.ok(file.length > 2 * (1 << 20), "the workspace holds the big file");
    const want = file.split(/\r\n?|\n/).join("\n");
    assert.equal(doc.length, want.length, "document length");
    assert.ok(doc === want, "document text");
    assert.deepEqual(page.errors, []);
  });
});
