// gallery.ts: the samples gallery (the Samples tab) and the open sample's
// explanation beside the results. Loaded on first use: when the Samples tab
// opens, a ?sample= link is followed, or a saved workspace came from a
// sample. The list comes from the engine's samples op (samples.json,
// fetched by the worker on first ask).
import type { Sample } from "../model";
import { h, replace, clear } from "../dom";
import type { AppHost } from "./host";

const GROUP_TITLES: Record<string, string> = { lesson: "Lessons", reproduction: "Reproductions of real errors" };

export class Gallery {
  private samples: Sample[] | null = null;
  private loading: Promise<Sample[]> | null = null;
  private drawn = false;

  constructor(
    private app: AppHost,
    private root: HTMLElement,
    private explanation: HTMLElement,
  ) {}

  /** The sample list (fetched once). */
  list(): Promise<Sample[]> {
    if (this.samples) return Promise.resolve(this.samples);
    this.loading ??= this.app.engine
      .samples()
      .catch(() => null)
      .then((l) => (this.samples = l ?? []));
    return this.loading;
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
    const groups = new Map<string, Sample[]>();
    for (const s of [...samples].sort((a, b) => a.order - b.order)) {
      if (!groups.has(s.group)) groups.set(s.group, []);
      groups.get(s.group)!.push(s);
    }
    const item = (name: string, title: string, text: string, open: () => void) =>
      h("li", null, h("button", { type: "button", class: "sample", "data-sample": name, on: { click: open } }, h("strong", null, title), h("span", { class: "muted small" }, " " + text)));
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
    for (const [g, list] of groups) {
      this.root.appendChild(h("h3", null, GROUP_TITLES[g] ?? g));
      this.root.appendChild(h("ul", { class: "sample-list" }, list.map((s) => item(s.name, s.title, (s.explanation[0] ?? "").slice(0, 110), () => void this.open(s.name)))));
    }
  }

  /** Opens a sample: its workspace, path, panel and section. */
  async open(name: string): Promise<void> {
    const s = await this.app.engine.sample(name);
    if (!s) return;
    await this.app.loadState({
      version: 1,
      files: s.files,
      env: s.env ?? {},
      path: s.path,
      view: { panel: s.view || "effective", section: s.section || undefined, sample: name, defaults: false },
    });
    // Show the sample's section on its own; clearing the filter shows all.
    if (s.section) this.app.setFilter(s.section);
    this.app.showLeft("files");
  }

  /** Shows a sample's explanation above the results. */
  async explain(name: string): Promise<void> {
    const s = (await this.list()).find((x) => x.name === name);
    const box = this.explanation;
    if (!s) {
      box.hidden = true;
      return;
    }
    replace(
      box,
      h("div", { class: "sample-title" }, h("strong", null, s.title), " ", h("span", { class: "badge" }, s.group)),
      s.explanation.map((p) => h("p", null, p)),
      h("button", { type: "button", class: "close", "aria-label": "hide explanation", on: { click: () => (box.hidden = true) } }, "×"),
    );
    box.hidden = false;
  }
}
