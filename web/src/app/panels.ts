// panels.ts: the result panels. Every view beside the editor (Effective,
// Locks, Diagnostics, Response, Merge stack, Pool view, the metabase,
// AppCmd, Backups, and whatever comes next) is a Panel described by a
// PanelDef and registered once (web/src/panels/index.ts lists them). The
// host gives each a tab, creates the panel the first time it is needed
// (lazy panels import() their module then, so their code is not part of
// the first load), and routes each evaluation's Result to the visible
// panel; the others are marked stale and drawn when shown.
import { h, replace, setText } from "../dom";
import type { Result } from "../model";
import type { AppHost } from "./host";
import { TabList } from "./tabs";

/** A panel once created. Everything but root is optional. */
export interface Panel {
  /** The panel's content; the host puts it in the tabpanel. */
  readonly root: HTMLElement;
  /**
   * Draws a result. Called after each evaluation while the panel is
   * visible, and when it is shown after results it missed. A returned
   * promise is awaited before the evaluation counts as finished (the merge
   * stack's own evaluation); fire-and-forget work returns nothing.
   */
  update?(r: Result): void | Promise<void>;
  /** Runs each time the tab is shown, after any update (the backups list re-reads itself). */
  shown?(): void;
  /** Sections the panel is drawing now: every keystroke's evaluation fetches their elements. */
  liveSections?(): Iterable<string>;
  /** Resolves when the last update has finished drawing (chunked renders); keystroke latency waits for it. */
  drawn?(): Promise<void>;
  /** Resolves when the last update's visible part is in the page (a chunked render's first screenful); drawn() when absent. */
  onScreen?(): Promise<void>;
  /** Releases what the panel holds outside its root (observers, timers); runs when it is unregistered. */
  dispose?(): void;
}

/** What the panel draws besides the Result (see PanelDef.needs). */
export type PanelNeed = "fileDiagnostics" | "engine";

/**
 * The controls above the result panels: the section filter, and the
 * defaults switch with the legend of where values come from. Each shows
 * only with the panels that use it (PanelDef.controls).
 */
export type ResultControl = "filter" | "defaults";

/** A registered panel: its tab, and how to make it. */
export interface PanelDef {
  /** ViewState.panel; the tab's data-testid is tab-<id>. */
  readonly id: string;
  /** The tab's text until tab() gives a better one. */
  readonly label: string;
  /** Tab order (the built-ins use 10, 20, … 90). */
  readonly order: number;
  /**
   * "fileDiagnostics": it draws every file's diagnostics, which arrive after
   * the evaluation when typing pauses; it is updated again then.
   * "engine": it draws answers of its own engine calls (the merge stack's
   * inputs, the tools.wasm ops): it is updated every time it is shown, and
   * not for a change of the section filter.
   */
  readonly needs?: readonly PanelNeed[];
  /** The result controls it uses (none: the bar is hidden while it shows). */
  readonly controls?: readonly ResultControl[];
  /** The tab's text for a result (headline numbers), without creating the panel. */
  tab?(r: Result, app: AppHost): string | { text: string; bad?: boolean };
  /** Makes the panel when it is first needed; a lazy panel import()s its module here. */
  create(app: AppHost): Panel | Promise<Panel>;
}

interface Entry {
  def: PanelDef;
  el: HTMLElement; // the tabpanel
  panel?: Panel;
  loading?: Promise<Panel | null>;
  stale: boolean; // a result arrived that the panel has not drawn
}

export const DEFAULT_PANEL = "effective";

export class Panels {
  readonly tabs: TabList;
  readonly box = h("div", { class: "panel-box" });
  private entries = new Map<string, Entry>();

  constructor(private app: AppHost) {
    this.tabs = new TabList("results", "tabs", (id) => app.showPanel(id));
  }

  /** Registers a panel: its tab appears at once, the panel is made on first use. */
  register(def: PanelDef): void {
    if (this.entries.has(def.id)) throw new Error(`panel "${def.id}" is registered twice`);
    const el = h("div", { class: "panel", hidden: true });
    this.tabs.add(def.id, def.label, el, def.order);
    this.box.appendChild(el);
    this.entries.set(def.id, { def, el, stale: true });
  }

  /** Removes a panel and its tab, disposing of it. */
  unregister(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.panel?.dispose?.();
    e.el.remove();
    this.tabs.remove(id);
    this.entries.delete(id);
  }

  has(id: string | undefined): boolean {
    return !!id && this.entries.has(id);
  }

  /** The panel the view names, or the default one. */
  current(): string {
    const p = this.app.workspace.view.panel;
    return p && this.entries.has(p) ? p : DEFAULT_PANEL;
  }

  /** The result controls the panel uses. */
  controls(id: string): readonly ResultControl[] {
    return this.entries.get(id)?.def.controls ?? [];
  }

  /** The panel, if it has been made. */
  get(id: string): Panel | undefined {
    return this.entries.get(id)?.panel;
  }

  /** Shows a panel (already recorded as the view's panel), making it first if need be. */
  async show(id: string): Promise<void> {
    this.tabs.select(id);
    const e = this.entries.get(id);
    if (!e) return;
    const p = e.panel ?? (await this.make(e));
    if (!p || this.current() !== id) return;
    if (e.stale || e.def.needs?.includes("engine")) await this.update(e);
    p.shown?.();
  }

  /**
   * A new result (or a redraw): every panel is stale, the visible one is
   * drawn now. filterOnly: only the section filter changed, which panels
   * drawing their own engine answers ignore.
   */
  async redraw(filterOnly = false): Promise<void> {
    for (const e of this.entries.values()) e.stale = true;
    const e = this.entries.get(this.current());
    this.retitle();
    if (!e || (filterOnly && e.def.needs?.includes("engine"))) return;
    await this.update(e);
  }

  /** Every file's diagnostics arrived: panels that draw them are stale. */
  fileDiagnosticsArrived(): void {
    this.retitle();
    for (const e of this.entries.values()) if (e.def.needs?.includes("fileDiagnostics")) e.stale = true;
    const e = this.entries.get(this.current());
    if (e?.stale && e.def.needs?.includes("fileDiagnostics")) void this.update(e);
  }

  /** The sections the visible panel is drawing. */
  liveSections(): Iterable<string> {
    return this.entries.get(this.current())?.panel?.liveSections?.() ?? [];
  }

  /** Resolves when the visible panel has finished drawing. */
  drawn(): Promise<void> {
    return this.entries.get(this.current())?.panel?.drawn?.() ?? Promise.resolve();
  }

  /** Resolves when the visible panel's visible part is in the page (the first result's mark waits for it). */
  onScreen(): Promise<void> {
    const p = this.entries.get(this.current())?.panel;
    return p?.onScreen?.() ?? p?.drawn?.() ?? Promise.resolve();
  }

  /** Tab texts with the result's headline numbers. */
  retitle(): void {
    const r = this.app.result;
    if (!r) return;
    for (const [id, e] of this.entries) {
      const t = e.def.tab?.(r, this.app);
      const tab = this.tabs.tab(id);
      if (t === undefined || !tab) continue;
      const { text, bad } = typeof t === "string" ? { text: t, bad: false } : t;
      setText(tab, text);
      tab.classList.toggle("bad", !!bad);
    }
  }

  /** Draws the result in e; a panel still loading is drawn once it has loaded (not awaited). */
  private async update(e: Entry): Promise<void> {
    const r = this.app.result;
    if (!e.panel) {
      void this.make(e).then((p) => {
        if (p && e.stale && this.current() === e.def.id) void this.update(e);
      });
      return;
    }
    if (!r) return;
    e.stale = false;
    await e.panel.update?.(r);
  }

  /** Creates the panel; a lazy one's module loads meanwhile ("Loading…"). */
  private make(e: Entry): Promise<Panel | null> {
    if (e.panel) return Promise.resolve(e.panel);
    if (e.loading) return e.loading;
    const made = e.def.create(this.app);
    if (!(made instanceof Promise)) {
      this.mount(e, made);
      return Promise.resolve(made);
    }
    replace(e.el, h("p", { class: "muted" }, "Loading…"));
    e.loading = made.then(
      (p) => {
        this.mount(e, p);
        return p;
      },
      (err: Error) => {
        // Offline after an update, most likely: say so, and try again on the next show.
        e.loading = undefined;
        replace(e.el, h("p", { class: "err" }, `The ${e.def.label} panel could not be loaded: ${err.message}`));
        return null;
      },
    );
    return e.loading;
  }

  private mount(e: Entry, p: Panel): void {
    e.panel = p;
    e.loading = undefined;
    e.stale = true;
    replace(e.el, p.root);
  }
}
