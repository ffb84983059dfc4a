// The course as a learner meets it: the gallery lists the four modules and
// the troubleshooting chapter in order with progress; a lesson's card has
// its new words and steps; applying a fix loads the workspace after it and
// the result changes as the text says; progress (done / next) survives a
// reload and is shared with the docs page, whose demos follow the steps.
// On a laptop and on a phone.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { BASE, newPage, openCourse, openPlayground, openSample, tid, shot, usePage, waitText } from "./lib/browser.mjs";

const CHAPTERS = ["where", "merging", "delegation", "operations", "troubleshooting"];

async function status(page) {
  await tid(page, "tab-500").click();
  const p = tid(page, "page-500");
  await p.waitFor();
  return p.getAttribute("data-status");
}

describe("the course, in the playground and on the docs page", { timeout: 300_000 }, () => {
  const s = usePage();
  let page;
  before(async () => {
    page = s.page;
    await openPlayground(page);
  });

  it("lists the chapters in course order, with the first lesson next", async () => {
    await openCourse(page);
    const g = tid(page, "samples-gallery");
    const chapters = await g.locator("h3[data-chapter]").evaluateAll((hs) => hs.map((h) => h.getAttribute("data-chapter")));
    assert.deepEqual(chapters, CHAPTERS);
    assert.ok((await g.locator("button[data-sample]").count()) >= 37);
    assert.equal(await g.locator('button[data-state="next"]').getAttribute("data-sample"), "which-file-is-which");
    await waitText(tid(page, "course-progress"), "0 of ");
    await shot(page, "60-course-gallery");
  });

  it("opens a lesson's card and applies its fix: 500.19 becomes 200", async () => {
    await openSample(page, "locked-section");
    const card = tid(page, "sample-explanation");
    await waitText(tid(page, "new-words"), "overrideModeDefault");
    assert.equal(await status(page), "500.19");
    const steps = tid(page, "sample-steps");
    assert.ok((await steps.locator('[data-testid="step"]').count()) >= 2);
    const before = await page.evaluate(() => window.iisconfApp.refreshes);
    await steps.locator('[data-testid="step-apply"][data-step="unlock-for-site"]').click();
    await page.waitForFunction((n) => window.iisconfApp.refreshes > n, before, { timeout: 30_000 });
    await waitText(tid(page, "sample-step-now"), "Unlock the section");
    assert.equal(await status(page), "200");
    await waitText(card, "0x80070021");
    await shot(page, "61-course-step-applied");
    // Back to the start: the 500.19 again.
    const b2 = await page.evaluate(() => window.iisconfApp.refreshes);
    await tid(page, "sample-step-now").getByRole("button", { name: "back to the start" }).click();
    await page.waitForFunction((n) => window.iisconfApp.refreshes > n, b2, { timeout: 30_000 });
    assert.equal(await status(page), "500.19");
    assert.deepEqual(page.errors, []);
  });

  it("keeps progress across a reload and moves 'next' on", async () => {
    await openSample(page, "which-file-is-which");
    await tid(page, "sample-done").check();
    await openCourse(page);
    const g = tid(page, "samples-gallery");
    assert.equal(await g.locator('button[data-sample="which-file-is-which"]').getAttribute("data-state"), "done");
    assert.equal(await g.locator('button[data-state="next"]').getAttribute("data-sample"), "inheritance-basics");
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await openCourse(page);
    await waitText(tid(page, "course-progress"), "1 of ");
    assert.equal(await tid(page, "samples-gallery").locator('button[data-state="next"]').getAttribute("data-sample"), "inheritance-basics");
  });

  it("follows a ?sample=&step= link to a step's workspace", async () => {
    await page.goto(BASE + "/index.html?sample=repro-locked-attribute&step=relative-entry");
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await tid(page, "sample-explanation").waitFor({ state: "visible" });
    await waitText(tid(page, "sample-step-now"), "relative URL");
    assert.equal(await status(page), "200");
    assert.deepEqual(page.errors, []);
  });

  it("shows the docs page in course order, with the shared progress and demos that follow the steps", async () => {
    const docs = await page.context().newPage(); // same context: same localStorage
    docs.errors = [];
    docs.on("pageerror", (e) => docs.errors.push(e.message));
    await docs.goto(BASE + "/docs.html#locked-section");
    const root = docs.locator('[data-testid="docs-lessons"]');
    await root.locator("article.lesson").first().waitFor();
    const chapters = await root.locator("section.chapter").evaluateAll((ss) => ss.map((s) => s.getAttribute("data-chapter")));
    assert.deepEqual(chapters, CHAPTERS);
    await waitText(docs.locator('[data-testid="course-progress"]'), "1 of ");
    assert.equal(await docs.locator('input[data-done="which-file-is-which"]').isChecked(), true);
    const lesson = docs.locator("article#locked-section");
    await lesson.scrollIntoViewIfNeeded();
    const demo = lesson.locator("iisconf-demo");
    const frame = docs.frameLocator("article#locked-section iisconf-demo iframe");
    await waitText(frame.locator('[data-testid="page-500"]'), "0x80070021", 60_000);
    await lesson.locator('[data-testid="docs-show-step"][data-step="unlock-for-site"]').click();
    assert.equal(await demo.getAttribute("step"), "unlock-for-site");
    await frame.locator('[data-testid="page-500"][data-status="200"]').waitFor({ timeout: 60_000 });
    await waitText(lesson.locator('[data-testid="docs-demo-state"]'), "Unlock the section");
    await shot(docs, "62-course-docs-step");
    // Marking a lesson done on the docs page shows in the playground's gallery.
    await lesson.locator('input[data-done="locked-section"]').check();
    await openCourse(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="samples-gallery"] button[data-sample="locked-section"]')?.getAttribute("data-state") === "done", null, { timeout: 10_000 });
    assert.deepEqual(docs.errors, []);
    await docs.close();
  });

  it("reads on a phone", async () => {
    const { context: c2, page: phone } = await newPage(s.browser, { viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(BASE + "/docs.html#fix-location-overridemode-allow");
      await phone.locator("article#fix-location-overridemode-allow [data-testid=\"docs-steps\"]").waitFor();
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 392, `the docs page scrolls sideways on a phone (${width}px)`);
      await shot(phone, "63-course-docs-phone");
      await openPlayground(phone);
      await openSample(phone, "fix-location-overridemode-allow");
      // The card sits above the results: the result itself must keep room to be read.
      const resultHeight = await phone.locator(".panel-box").evaluate((e) => e.clientHeight);
      assert.ok(resultHeight >= 200, `the results under the lesson's card are ${resultHeight}px tall on a phone`);
      await shot(phone, "64-course-card-phone");
      assert.deepEqual(phone.errors, []);
    } finally {
      await c2.close();
    }
  });
});
