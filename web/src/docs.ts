// docs.ts: the documentation page (docs.html), the course in reading
// order. Four modules of lessons (where configuration lives, merging,
// delegation, operations), then the troubleshooting chapter, as
// samples.json lists them (build/samplesjson.go). Each lesson shows its new
// words, its explanation, where iisconf may differ from IIS, the change it
// makes to the stock server as a diff, a live demo (the <iisconf-demo>
// element of embed.ts, which docs.html loads like any documentation site
// would) and its "Try it" steps and fixes: "Show in the demo" reloads the
// demo with the workspace after the step, "Open in playground" opens it in
// the playground. Progress (done / next) is kept in this browser and
// shared with the playground's gallery (course.ts). No inline script, so it
// runs under the site's Content-Security-Policy.
import "./style.css";
import { h, replace } from "./dom";
import { initTheme, toggleTheme } from "./theme";
import { normSample, type Sample } from "./model";
import { CHAPTERS, chapterOf, courseOrder, doneSet, setDone, onProgress, progressLine, wordsBox, caveatsBox, diffView, stepView, codeKey } from "./course";

declare const __IISCONF_SAMPLES_URL__: string;

async function main(): Promise<void> {
  initTheme();
  document.getElementById("theme-toggle")?.addEventListener("click", () => toggleTheme());
  const root = document.getElementById("lessons")!;
  const toc = document.getElementById("docs-toc")!;
  const progress = document.getElementById("docs-progress")!;
  const key = document.getElementById("docs-code-key")!;
  let samples: Sample[];
  try {
    const r = await fetch(new URL(__IISCONF_SAMPLES_URL__, location.href).href);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    samples = courseOrder(((await r.json()) as unknown[]).map(normSample));
  } catch (e) {
    replace(root, h("p", { class: "err" }, "The lessons could not be loaded: " + (e as Error).message));
    return;
  }
  const goTo = (s: Sample) => {
    location.hash = s.name;
    document.getElementById(s.name)?.scrollIntoView();
  };
  const drawProgress = () => {
    replace(progress, progressLine(samples, goTo));
    replace(toc, tocOf(samples));
    for (const el of root.querySelectorAll<HTMLInputElement>("input[data-done]")) el.checked = doneSet().has(el.dataset.done!);
  };
  replace(key, codeKey());
  const sections: HTMLElement[] = [];
  let n = 0;
  for (const ch of CHAPTERS) {
    const list = samples.filter((s) => chapterOf(s) === ch.id);
    if (!list.length) continue;
    const title = ch.id === "troubleshooting" ? ch.title : `Module ${++n}: ${ch.title}`;
    sections.push(
      h(
        "section",
        { class: "chapter", id: "chapter-" + ch.id, "data-chapter": ch.id },
        h("h2", null, title),
        h("p", { class: "muted" }, ch.blurb[0].toUpperCase() + ch.blurb.slice(1) + "."),
        list.map((s) => lesson(s, samples)),
      ),
    );
  }
  replace(root, ...sections);
  drawProgress();
  onProgress(drawProgress);
  // The hash may name a lesson that did not exist before they were drawn.
  if (location.hash.length > 1) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

function tocOf(samples: Sample[]): HTMLElement {
  const done = doneSet();
  const next = samples.find((s) => !done.has(s.name));
  return h(
    "ol",
    null,
    CHAPTERS.filter((ch) => samples.some((s) => chapterOf(s) === ch.id)).map((ch) =>
      h(
        "li",
        null,
        h("a", { href: "#chapter-" + ch.id }, ch.title),
        h(
          "ol",
          null,
          samples
            .filter((s) => chapterOf(s) === ch.id)
            .map((s) =>
              h(
                "li",
                { class: done.has(s.name) ? "done" : s === next ? "next" : "", "data-sample": s.name },
                h("a", { href: "#" + s.name }, done.has(s.name) ? "✓ " : "", s.title),
                s === next ? h("span", { class: "badge" }, "next") : null,
              ),
            ),
        ),
      ),
    ),
  );
}

function lesson(s: Sample, all: Sample[]): HTMLElement {
  const demo = document.createElement("iisconf-demo");
  demo.setAttribute("data-testid", "docs-demo");
  demo.setAttribute("data-sample", s.name);
  demo.setAttribute("sample", s.name);
  demo.setAttribute("view", s.view || "effective");
  if (s.section) demo.setAttribute("section", s.section);
  const playground = (step?: string) => new URL("index.html?sample=" + encodeURIComponent(s.name) + (step ? "&step=" + encodeURIComponent(step) : ""), location.href).href;
  const shown = h("p", { class: "muted small", testid: "docs-demo-state" }, "The demo shows the lesson's starting point.");
  const show = (step?: string) => {
    if (step) demo.setAttribute("step", step);
    else demo.removeAttribute("step");
    const st = s.steps.find((x) => x.name === step);
    shown.textContent = st ? `The demo shows the workspace after “${st.title}”.` : "The demo shows the lesson's starting point.";
    for (const b of demoButtons) b.setAttribute("aria-pressed", String(b.dataset.step === (step ?? "")));
    demo.scrollIntoView({ block: "nearest" });
  };
  const demoButtons: HTMLButtonElement[] = [];
  const demoButton = (label: string, step?: string) => {
    const b = h("button", { type: "button", testid: "docs-show-step", "data-step": step ?? "", "aria-pressed": String(!step), on: { click: () => show(step) } }, label);
    demoButtons.push(b);
    return b;
  };
  const lessonOf = s.exercises ? all.find((x) => x.name === s.exercises) : undefined;
  const n = all.filter((x) => chapterOf(x) === chapterOf(s)).indexOf(s) + 1;
  return h(
    "article",
    { class: "lesson", id: s.name, "data-sample": s.name },
    h("h3", null, h("span", { class: "muted" }, `${n}. `), s.title),
    wordsBox(s),
    s.explanation.map((p) => h("p", null, p)),
    lessonOf ? h("p", { class: "small" }, "Exercises the lesson ", h("a", { href: "#" + lessonOf.name }, lessonOf.title), ".") : null,
    caveatsBox(s),
    s.diff ? h("details", { class: "sample-diff" }, h("summary", null, "The change against the stock server"), diffView(s.diff)) : null,
    demo,
    h("p", { class: "docs-open-row" }, shown, " ", demoButton("Back to the start"), " ", h("a", { href: playground(), testid: "docs-open", "data-sample": s.name }, "Open in playground ↗")),
    s.steps.length
      ? h(
          "ol",
          { class: "steps", testid: "docs-steps" },
          s.steps.map((st) => stepView(st, h("p", { class: "step-actions" }, demoButton("Show in the demo", st.name), " ", h("a", { href: playground(st.name), "data-step": st.name }, "Open in playground ↗")))),
        )
      : null,
    codeKey(s.codes),
    h(
      "p",
      { class: "lesson-done" },
      h("label", null, h("input", { type: "checkbox", "data-done": s.name, testid: "docs-done", on: { change: (e: Event) => setDone(s.name, (e.target as HTMLInputElement).checked) } }), " I have done this one"),
    ),
    s.evidence ? h("p", { class: "muted small evidence" }, "Sources: " + s.evidence) : null,
  );
}

void main();
