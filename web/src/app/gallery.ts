// gallery.ts: the course (the Samples tab) and the open sample's card
// beside the results. The course follows samples/ in order: four modules
// of lessons, then the troubleshooting chapter; progress (done / next) is
// kept in this browser (course.ts) and shared with the docs page. A
// sample's card has its new words, explanation, caveats, the change it
// makes to the stock server, and its "Try it" steps and fixes, each of
// which loads the workspace after it. Loaded on first use: when the
// Samples tab opens, a ?sample= link is followed, or a saved workspace
// came from a sample. The list comes from the engine's samples op
// (samples.json, fetched by the worker on first ask).
import type { Sample } from "../model";
import { h, replace, clear } from "../dom";
import type { AppHost } from "./host";
import { CHAPTERS, chapterOf, courseOrder, doneSet, nextSample, setDone, onProgress, progressLine, wordsBox, caveatsBox, diffView, stepView, codeKey } from "../course";
import type { State } from "../engine/protocol";
import type { Current } from "./replace";

/** The first n characters of a text, cut at a word boundary, with "…" when cut. */
export function clip(text: string, n: number): string {
  if (text.length <= n) return text;
  const cut = text.slice(0, n + 1);
  const at = cut.search(/\s\S*$/);
  return (at > n / 2 ? cut.slice(0, at) : text.slice(0, n)).replace(/[\s,;:.(–-]+$/, "") + "…";
}

export class Gallery {
  private samples: Sample[] | null = null;
  private loading: Promise<Sample[]> | null = null;
  private drawn = false;
  private explained: { name: string; step?: string } | null = null;

  constructor(
    private app: AppHost,
    private root: HTMLElement,
    private explanation: HTMLElement,
    private reopen: HTMLElement,
  ) {
    reopen.addEventListener("click", () => {
      this.explanation.hidden = false;
      this.reopen.hidden = true;
      this.explanation.querySelector<HTMLElement>(".close")?.focus();
    });
    onProgress(() => {
      if (this.drawn && this.samples) this.render(this.samples);
      if (this.explained) void this.explain(this.explained.name, this.explained.step);
    });
  }

  /** The sample list (fetched once), in course order. */
  list(): Promise<Sample[]> {
    if (this.samples) return Promise.resolve(this.samples);
    this.loading ??= this.app.engine
      .samples()
      .catch(() => null)
      .then((l) => (this.samples = courseOrder(l ?? [])));
    return this.loading;
  }

  /** The course's next lesson: the first not done (the first when all are). */
  async nextLesson(): Promise<string> {
    const all = await this.list();
    return (nextSample(all) ?? all[0])?.name ?? "";
  }

  async has(name: string): Promise<boolean> {
    return (await this.list()).some((s) => s.name === name);
  }

  /** Draws the gallery (the Samples tab was opened). */
  async show(): Promise<void> {
    if (this.drawn) return;
    this.drawn = true;
    if (!this.samples) replace(this.root, h("p", { class: "muted" }, "Loading samples…"));
    this.render(await this.list());
  }

  private render(samples: Sample[]): void {
    clear(this.root);
    if (!samples.length) {
      this.root.appendChild(h("p", { class: "empty" }, "No samples yet."));
      return;
    }
    const done = doneSet();
    const next = samples.find((s) => !done.has(s.name));
    this.root.appendChild(progressLine(samples, (s) => void this.open(s.name)));
    const item = (name: string, title: string, text: string, open: () => void, state?: "done" | "next") =>
      h(
        "li",
        null,
        h(
          "button",
          { type: "button", class: "sample" + (state ? " " + state : ""), "data-sample": name, "data-state": state, on: { click: open } },
          h("strong", null, state === "done" ? "✓ " : "", title),
          state === "next" ? h("span", { class: "badge" }, "next") : null,
          h("span", { class: "muted small" }, " " + text),
        ),
      );
    let n = 0;
    for (const ch of CHAPTERS) {
      const list = samples.filter((s) => chapterOf(s) === ch.id);
      if (!list.length) continue;
      const num = ch.id === "troubleshooting" ? "" : `${++n}. `;
      this.root.appendChild(h("h3", { "data-chapter": ch.id }, num + ch.title));
      this.root.appendChild(
        h(
          "ul",
          { class: "sample-list" },
          list.map((s) => item(s.name, s.title, clip(s.explanation[0] ?? "", 110), () => void this.open(s.name), done.has(s.name) ? "done" : s === next ? "next" : undefined)),
        ),
      );
    }
    this.root.appendChild(h("h3", null, "Tools"));
    this.root.appendChild(
      h(
        "ul",
        { class: "sample-list" },
        item("metabase", "IIS 6 metabase", "MetaBase.xml with its schema and history: the key tree, inheritance and the IIS 7 equivalents.", () => {
          void import("../panels/metabase").then((m) => m.openMetabaseSample(this.app));
        }),
        item("pool-view", "Pool view", "the applicationHost.config a pool's worker process reads, and how it was filtered.", () => this.app.showPanel("pool")),
      ),
    );
  }

  /**
   * Opens a sample, or the workspace after one of its steps (files, path,
   * panel and section), in place of the workspace, which is kept in Recent
   * workspaces (replaceWorkspace). cur: the workspace it replaces when none
   * is shown yet (a docs link opened at start). Resolves false when the
   * user kept theirs or the sample could not be opened.
   */
  async open(name: string, step?: string, cur?: Current | null, origin: "sample" | "docs" = "sample"): Promise<boolean> {
    let s;
    try {
      s = await this.app.engine.sample(name, step);
    } catch (e) {
      this.app.notify(`The sample could not be opened: ${(e as Error).message}`, { stays: true });
      return false;
    }
    if (!s) return false;
    const title = (await this.list()).find((x) => x.name === name)?.title ?? name;
    const st: State = {
      version: 1,
      files: s.files,
      env: s.env ?? {},
      path: s.path,
      view: { panel: s.view || "effective", section: s.section || undefined, sample: name, sampleStep: step, defaults: false },
    };
    const label = `Sample: ${title}${step ? ` (step ${step})` : ""}`;
    const from = { origin, label, incoming: step ? `the sample “${title}” after its step ${step}` : `the sample “${title}”` };
    if (!(await this.app.replaceWorkspace(st, from, cur))) return false;
    // Show the sections the lesson talks about (its checks name them);
    // clearing the filter shows all.
    const sections = (await this.list()).find((x) => x.name === name)?.sections ?? [];
    const filter = (sections.length ? sections : s.section ? [s.section] : []).map((n) => n.slice(n.lastIndexOf("/") + 1));
    if (filter.length) this.app.setFilter(filter.join(", "));
    this.app.showLeft("files");
    return true;
  }

  /** Shows a sample's card above the results. */
  async explain(name: string, step?: string): Promise<void> {
    const all = await this.list();
    const s = all.find((x) => x.name === name);
    const box = this.explanation;
    if (!s) {
      box.hidden = this.reopen.hidden = true;
      this.explained = null;
      return;
    }
    this.reopen.textContent = `Show the lesson: ${s.title}`;
    const same = this.explained?.name === name;
    this.explained = { name, step };
    const done = doneSet().has(s.name);
    const idx = all.indexOf(s);
    const next = all[idx + 1];
    const lesson = s.exercises ? all.find((x) => x.name === s.exercises) : undefined;
    const chapter = CHAPTERS.find((c) => c.id === chapterOf(s));
    const current = s.steps.find((x) => x.name === step);
    replace(
      box,
      h("div", { class: "sample-title" }, h("strong", null, s.title), " ", h("span", { class: "badge" }, chapter?.title ?? s.group)),
      current
        ? h("p", { class: "step-now", testid: "sample-step-now" }, "Showing the workspace after: ", h("strong", null, current.title), " ", h("button", { type: "button", class: "link", on: { click: () => void this.open(s.name) } }, "back to the start"))
        : null,
      wordsBox(s),
      s.explanation.map((p) => h("p", null, p)),
      lesson ? h("p", { class: "small" }, "Exercises the lesson ", h("button", { type: "button", class: "link", "data-sample": lesson.name, on: { click: () => void this.open(lesson.name) } }, lesson.title), ".") : null,
      caveatsBox(s),
      s.diff ? h("details", { class: "sample-diff" }, h("summary", null, "The change against the stock server"), diffView(s.diff)) : null,
      s.steps.length
        ? h(
            "ol",
            { class: "steps", testid: "sample-steps" },
            s.steps.map((st) =>
              stepView(
                st,
                h(
                  "button",
                  { type: "button", testid: "step-apply", "data-step": st.name, disabled: st.name === step, on: { click: () => void this.open(s.name, st.name) } },
                  st.name === step ? "Shown" : st.kind === "fix" ? "Apply the fix" : "Try it",
                ),
              ),
            ),
          )
        : null,
      codeKey(s.codes),
      h(
        "div",
        { class: "sample-foot" },
        h(
          "label",
          null,
          h("input", { type: "checkbox", testid: "sample-done", checked: done, on: { change: (e: Event) => setDone(s.name, (e.target as HTMLInputElement).checked) } }),
          " Done",
        ),
        next
          ? h(
              "button",
              {
                type: "button",
                testid: "sample-next",
                "data-sample": next.name,
                on: {
                  click: () => {
                    setDone(s.name, true);
                    void this.open(next.name);
                  },
                },
              },
              "Next: " + next.title + " →",
            )
          : null,
      ),
      h(
        "button",
        {
          type: "button",
          class: "close",
          "aria-label": "hide the lesson (Show the lesson brings it back)",
          on: {
            click: () => {
              box.hidden = true;
              this.reopen.hidden = false;
              this.reopen.focus();
            },
          },
        },
        "×",
      ),
    );
    // A redraw of the same sample (progress changed) keeps a closed card closed.
    if (!same || this.reopen.hidden) {
      box.hidden = false;
      this.reopen.hidden = true;
    }
  }
}
