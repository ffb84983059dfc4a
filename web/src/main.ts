// main.ts: the playground. Wires the workspace (files + editors), the path
// picker, the engine worker and the result panels together, and keeps the
// State saved (localStorage) and shareable (URL hash). See web/README.md.
import "./style.css";
import type { EvaluateArgs, FileState, State, ViewState } from "./engine/protocol";
import type { Result, Diagnostic, SiteMap, Sample, Section, MbTreeNode } from "./model";
import { Engine } from "./api";
import { h, replace, clear, debounce, samePath, dirName, baseName, nextTask } from "./dom";
import { Editors } from "./ui/editor";
import { EffectiveView, sectionMatches } from "./ui/effective";
import { LockView } from "./ui/locks";
import { DiagnosticsView, PageView } from "./ui/diagnostics";
import { MergeView } from "./ui/merge";
import { PoolView } from "./ui/pool";
import { MetabaseView } from "./ui/metabase";
import { FileTree, SiteTree } from "./ui/trees";
import { encodeState, decodeState, saveLocal, loadLocal, findSecrets, redactSecrets } from "./share";
import { parseTxtar, formatTxtar, looksLikeTxtar } from "./txtar";
import { readZip, decodeText, zipNameToPath } from "./zip";
import { initTheme, toggleTheme, isDark, onThemeChange } from "./theme";
import { installShortLink } from "./shortlink";
import { installAppCmdConsole } from "./ui/console";
import { installBackups } from "./ui/backups";

type Panel = NonNullable<ViewState["panel"]>;
const PANELS: { id: Panel; label: string }[] = [
  { id: "effective", label: "Effective" },
  { id: "locks", label: "Locks" },
  { id: "diagnostics", label: "Diagnostics" },
  { id: "500", label: "Response" },
  { id: "merge", label: "Merge stack" },
  { id: "pool", label: "Pool view" },
  { id: "metabase", label: "IIS 6 metabase" },
];

declare const __IISCONF_METABASE_URL__: string;

class App {
  engine = new Engine();
  files: FileState[] = [];
  env: Record<string, string> = {};
  path = "Default Web Site";
  view: ViewState = { panel: "effective", defaults: false };
  result: Result | null = null;
  mergeResult: Result | null = null;
  fileDiags = new Map<string, Diagnostic[]>();
  siteMap: SiteMap | null = null;
  samples: Sample[] | null = null;
  sampleInfo: Sample | null = null;
  dirty = new Set<string>(); // files changed since the worker last saw them
  unsaved = new Set<string>(); // files whose editor text is newer than files[].text
  siteMapStale = true;
  gen = 0;
  loaded = false;
  lastEvalMs = 0;
  // Large workspaces (a hosting server's 10,000 sites): the sites section's
  // element alone is hundreds of MB of JSON, so it is never fetched (the
  // Sites tab shows the sites); its summary (lock state) still is.
  large = false;
  // What this.result holds (fetch only what is drawn, so typing stays
  // responsive on large servers). A keystroke
  // fetches every section's summary plus the elements of the sections being
  // drawn (on screen, under the cursor, focused); the others keep the
  // element of the last answer for the same path and defaults mode. When
  // typing pauses, one complete evaluation brings every element up to date.
  resultKey = ""; // path|defaults of this.result
  needComplete = true;
  completeLater = debounce(() => {
    this.needComplete = true;
    this.schedule();
  }, 400);
  phases: number[][] = []; // [send edits, engine, draw] ms per refresh (last 100)
  refreshes = 0; // completed refreshes (tests and the bench watch it)

  // UI parts
  editors = new Editors({ onChange: (p) => this.onEdit(p) });
  effective = new EffectiveView((f, l, c) => this.jump(f, l, c));
  locks = new LockView((f, l, c) => this.jump(f, l, c));
  diags = new DiagnosticsView((f, l, c) => this.jump(f, l, c));
  page = new PageView((f, l, c) => this.jump(f, l, c));
  merge = new MergeView((f, l, c) => this.jump(f, l, c));
  pool = new PoolView((f, l, c) => this.jump(f, l, c));
  mb = new MetabaseView({
    nav: (f, l, c) => this.jump(f, l, c),
    pick: (loc) => {
      this.view.metabaseKey = loc;
      this.save();
      void this.refreshMetabase();
    },
    openSample: () => void this.openMetabaseSample(),
    load: (files) => void this.loadMetabaseFiles(files),
  });
  fileTree = new FileTree((p) => this.openFile(p));
  siteTree = new SiteTree((cp) => this.setPath(cp));
  pathBox = h("input", {
    type: "text",
    class: "path-box",
    testid: "path-box",
    spellcheck: false,
    "aria-label": "URL or config path",
    placeholder: "http://localhost/app1/page.aspx or Default Web Site/app1",
  });
  pathInfo = h("div", { class: "path-info muted small", testid: "path-info", "aria-live": "polite" });
  filterBox = h("input", { type: "search", class: "filter", testid: "section-filter", placeholder: "filter sections", "aria-label": "filter sections by name" });
  defaultsBox = h("input", { type: "checkbox", testid: "show-defaults", id: "show-defaults" });
  tabs = new Map<Panel, HTMLButtonElement>();
  panels = new Map<Panel, HTMLElement>();
  panelShown = new Map<Panel, () => void>();
  tabBar = h("div", { class: "tabs", role: "tablist", "aria-label": "results" });
  panelBox = h("div", { class: "panel-box" });
  stale = new Set<Panel>();
  status = h("div", { class: "status", testid: "status", role: "status" });
  sampleBox = h("aside", { class: "sample-expl", testid: "sample-explanation", hidden: true });
  gallery = h("div", { class: "gallery", testid: "samples-gallery" });
  leftTabs = new Map<string, [HTMLButtonElement, HTMLElement]>();
  toast = h("div", { class: "toast", role: "alert", hidden: true });

  save = debounce(() => this.saveNow(), 400);
  // Live evaluation: a change starts a refresh at once unless one is
  // running; changes made meanwhile coalesce into one more refresh after it
  // (and the client drops superseded evaluations), so typing never queues.
  private running = false;
  private again = false;
  private kick = 0;
  schedule = Object.assign(
    () => {
      if (this.running) {
        this.again = true;
        return;
      }
      // A microtask, not a timer: the edit reaches the worker before the
      // browser paints the keystroke, so the engine works during the paint.
      if (!this.kick) {
        this.kick = 1;
        queueMicrotask(() => void this.runRefresh());
      }
    },
    { flush: () => {} },
  );
  keyAt = 0; // time of the last keystroke in an editor (latency measurement)
  latencies: number[] = []; // keystroke → panels updated, ms (last 100)

  private async runRefresh(): Promise<void> {
    this.kick = 0;
    this.running = true;
    try {
      await this.refresh();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }

  constructor() {
    this.buildLayout();
    initTheme();
    this.editors.setDark(isDark());
    onThemeChange(() => this.editors.setDark(isDark()));
    window.addEventListener("keydown", (e) => this.globalKeys(e));
    this.editors.root.addEventListener("keydown", () => (this.keyAt = performance.now()), true);
    window.addEventListener("pagehide", () => this.saveNow());
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && this.saveNow());
    window.addEventListener("hashchange", () => void this.fromHash());
    this.installDrop();
  }

  // ---------------------------------------------------------------- layout

  buildLayout(): void {
    const root = document.getElementById("app") ?? document.body.appendChild(h("div", { id: "app" }));
    this.pathBox.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.setPath(this.pathBox.value.trim());
    });
    this.pathBox.addEventListener("input", debounce(() => this.setPath(this.pathBox.value.trim(), true), 300));
    this.filterBox.addEventListener(
      "input",
      debounce(() => {
        // With defaults shown, only the filtered sections carry them.
        if (this.view.defaults) {
          this.needComplete = true;
          this.schedule();
        } else this.renderPanels(true);
      }, 80),
    );
    this.defaultsBox.addEventListener("change", () => {
      this.view.defaults = this.defaultsBox.checked;
      this.save();
      this.needComplete = true;
      this.schedule();
    });

    const btn = (label: string, testid: string, fn: () => void, title?: string) =>
      h("button", { type: "button", testid, title: title ?? label, on: { click: fn } }, label);

    const header = h(
      "header",
      { class: "top" },
      h("h1", null, "iisconf"),
      h("span", { class: "muted small tagline" }, "IIS configuration playground"),
      h("div", { class: "spacer" }),
      btn("Import", "import", () => this.importDialog(), "Import a bundle, files or a zip"),
      btn("Export", "export", () => void this.exportBundle(), "Download the workspace as a txtar bundle"),
      btn("Share", "share", () => void this.share(), "Copy a link carrying the whole workspace (Ctrl/Cmd+S)"),
      btn("Reset", "reset", () => void this.resetStock(), "Replace the workspace with the stock server"),
      btn("◐", "theme-toggle", () => toggleTheme(), "Toggle light/dark theme"),
    );

    // Left column: Files / Sites / Samples.
    const fileActions = h(
      "div",
      { class: "actions" },
      btn("+ File", "file-add", () => this.addFilePrompt(), "Add a file"),
      btn("Rename", "file-rename", () => this.renameFilePrompt(), "Rename the open file"),
      btn("Delete", "file-delete", () => this.deleteFile(), "Delete the open file"),
    );
    const filesPane = h("div", { class: "pane files-pane" }, fileActions, this.fileTree.list.root);
    const sitesPane = h(
      "div",
      { class: "pane sites-pane" },
      h("div", { class: "actions" }, btn("Add web.config here", "add-webconfig", () => void this.addWebConfigHere(), "Create the web.config of the folder the chosen path maps to")),
      this.siteTree.list.root,
    );
    const samplesPane = h("div", { class: "pane samples-pane" }, this.gallery);
    const leftNav = h("div", { class: "left-tabs", role: "tablist", "aria-label": "workspace" });
    for (const [id, label, pane] of [
      ["files", "Files", filesPane],
      ["sites", "Sites", sitesPane],
      ["samples", "Samples", samplesPane],
    ] as [string, string, HTMLElement][]) {
      const b = h("button", { type: "button", role: "tab", testid: "tab-" + id, on: { click: () => this.showLeft(id) } }, label);
      leftNav.appendChild(b);
      this.leftTabs.set(id, [b, pane]);
    }
    const left = h("div", { class: "col left" }, leftNav, filesPane, sitesPane, samplesPane);

    const middle = h("div", { class: "col middle" }, this.editors.root);

    const tabBar = this.tabBar;
    const panelBox = this.panelBox;
    const panelEls: Partial<Record<Panel, HTMLElement>> = {
      effective: this.effective.root,
      locks: this.locks.root,
      diagnostics: this.diags.root,
      "500": this.page.root,
      merge: this.merge.root,
      pool: this.pool.root,
      metabase: this.mb.root,
    };
    for (const p of PANELS) this.addPanel(p.id, p.label, panelEls[p.id]!);
    const controls = h(
      "div",
      { class: "result-controls" },
      this.filterBox,
      h("label", { class: "check", for: "show-defaults" }, this.defaultsBox, " defaults"),
      h(
        "span",
        { class: "legend small" },
        h("span", { class: "v-local" }, "local"),
        " ",
        h("span", { class: "v-inherited" }, "inherited"),
        " ",
        h("span", { class: "v-default" }, "default"),
      ),
    );
    const right = h("div", { class: "col right" }, this.sampleBox, tabBar, controls, panelBox);

    const pathBar = h("div", { class: "path-bar" }, h("label", null, "Path ", this.pathBox), this.pathInfo);
    clear(root);
    root.append(header, pathBar, h("main", { class: "cols" }, left, middle, right), this.status, this.toast);
    this.showLeft("files");
  }

  /**
   * Adds a result tab (testid tab-<id>) showing root; onShow runs each time
   * it is shown. The appcmd console and the backups panel come in this way.
   */
  addPanel(id: string, label: string, root: HTMLElement, onShow?: () => void): void {
    const p = id as Panel;
    const b = h("button", { type: "button", role: "tab", testid: "tab-" + id, on: { click: () => this.showPanel(p) } }, label);
    this.tabs.set(p, b);
    this.tabBar.appendChild(b);
    const el = h("div", { class: "panel", role: "tabpanel", hidden: true }, root);
    this.panels.set(p, el);
    this.panelBox.appendChild(el);
    if (onShow) this.panelShown.set(p, onShow);
  }

  showLeft(id: string): void {
    for (const [k, [b, pane]] of this.leftTabs) {
      const on = k === id;
      b.setAttribute("aria-selected", String(on));
      pane.hidden = !on;
    }
    if (id === "samples") void this.loadSamples();
  }

  showPanel(p: Panel): void {
    if (!this.panels.has(p)) p = "effective";
    this.view.panel = p;
    for (const [k, el] of this.panels) el.hidden = k !== p;
    for (const [k, b] of this.tabs) b.setAttribute("aria-selected", String(k === p));
    this.save();
    if (p === "merge") void this.refreshMerge();
    else if (this.stale.has(p)) this.renderPanel(p);
    this.panelShown.get(p)?.();
  }

  // ------------------------------------------------------------- workspace

  async start(): Promise<void> {
    this.status.textContent = "Starting the engine…";
    let st: State | null = null;
    if (location.hash.length > 1) {
      try {
        st = await decodeState(location.hash);
      } catch (e) {
        this.notify("This share link could not be opened: " + (e as Error).message);
      }
    }
    if (!st) st = await loadLocal();
    await this.engine.ready;
    performance.mark("iisconf:engine-ready");
    this.engine.onRestart((why) => this.notify("The engine was restarted: " + why));
    // ?sample=<name> (the docs page's "Open in playground"): open that
    // sample, then drop the parameter so a reload keeps the edits.
    const sample = new URLSearchParams(location.search).get("sample");
    if (sample && location.hash.length < 2) {
      history.replaceState(null, "", location.pathname);
      if (sample === "metabase") {
        const stock = await this.engine.stock();
        await this.loadState({ version: 1, files: stock?.files ?? [], env: stock?.env ?? {}, path: "Default Web Site", view: { panel: "effective" } });
        this.loaded = true;
        await this.openMetabaseSample();
        return;
      }
      await this.loadSamples();
      if (this.samples?.some((s) => s.name === sample)) {
        await this.openSample(sample);
        this.loaded = true;
        this.saveNow();
        return;
      }
      this.notify(`There is no sample named "${sample}".`);
    }
    if (!st) {
      // A first visit: the engine loads its own stock server, so its
      // files cross the boundary once.
      const stock = await this.engine.loadStock();
      st = { version: 1, files: stock?.files ?? [], env: stock?.env ?? {}, path: "Default Web Site", view: { panel: "effective" } };
      await this.loadState(st, true);
    } else await this.loadState(st);
    this.loaded = true;
  }

  async fromHash(): Promise<void> {
    if (!this.loaded || location.hash.length < 2) return;
    try {
      const st = await decodeState(location.hash);
      await this.loadState(st);
    } catch (e) {
      this.notify("This share link could not be opened: " + (e as Error).message);
    }
  }

  /** Shows st; engineHas: the engine already holds st's files (loadStock). */
  async loadState(st: State, engineHas = false): Promise<void> {
    this.files = st.files.map((f) => ({ ...f }));
    this.env = st.env ?? {};
    this.path = st.path || "Default Web Site";
    this.view = { panel: "effective", defaults: false, ...(st.view ?? {}) };
    this.sampleInfo = null;
    if (this.view.sample) void this.showSampleInfo(this.view.sample);
    else this.sampleBox.hidden = true;
    this.defaultsBox.checked = !!this.view.defaults;
    this.filterBox.value = "";
    this.pathBox.value = this.path;
    this.dirty.clear();
    this.unsaved.clear();
    this.siteMapStale = true;
    this.siteMap = null;
    let size = 0;
    for (const f of this.files) size += f.text.length;
    this.large = size > LARGE_BYTES;
    this.resultKey = "";
    this.needComplete = true;
    // The load and the first evaluation go to the worker at once, and the
    // editors are built while it works: on a first visit that evaluation
    // is the engine's coldest (its code compiles as it first runs), and
    // the editors cost the main thread tens of milliseconds.
    // The client keeps one request in flight: the evaluation goes out when
    // the load's answer comes in, so the editors are built after that.
    const loaded = engineHas ? Promise.resolve(null) : this.engine.load(this.files, this.env);
    const first = this.refresh();
    await loaded;
    this.editors.reset(this.files);
    await nextTask();
    const keep = this.view.file && this.files.find((f) => samePath(f.path, this.view.file));
    const want = keep ? this.view.file! : this.defaultFile();
    if (want && this.large) {
      this.editors.prepare(want);
      await nextTask();
    }
    if (want) this.openFile(want);
    await nextTask();
    this.showPanel(this.view.panel ?? "effective");
    this.saveNow();
    await first;
    // Without a remembered file, open the one that matters at this path:
    // where the response's error is, else the most specific file read.
    if (!keep && this.result) {
      const r = this.result;
      const pick =
        r.response?.diagnostic?.file ||
        r.diagnostics.find((d) => d.severity === "error" && d.file)?.file ||
        [...r.chain].reverse().find((l) => l.file && !l.builtin)?.file;
      const f = pick && this.files.find((x) => samePath(x.path, pick));
      if (f) this.openFile(f.path);
    }
  }

  defaultFile(): string | undefined {
    // The most specific web.config on the chosen path, else applicationHost.config.
    const ah = this.files.find((f) => /applicationhost\.config$/i.test(f.path));
    return (ah ?? this.files[0])?.path;
  }

  state(): State {
    // Only files edited since the last call need reading from the editors.
    for (const p of this.unsaved) {
      const f = this.files.find((x) => samePath(x.path, p));
      if (f) f.text = this.editors.text(f.path) ?? f.text;
    }
    this.unsaved.clear();
    return { version: 1, files: this.files, env: this.env, path: this.path, view: { ...this.view, file: this.editors.openPath ?? undefined } };
  }

  saveNow(): void {
    if (!this.loaded) return;
    void saveLocal(this.state()).then((ok) => {
      this.status.dataset.save = ok ? "ok" : "failed";
    });
  }

  onEdit(path: string): void {
    // The editor holds the text; it is read once per refresh and per save,
    // not per keystroke (a 5 MB applicationHost.config is costly to copy).
    this.dirty.add(path);
    this.unsaved.add(path);
    if (/applicationhost\.config$/i.test(path)) this.siteMapStale = true;
    // The hash described the workspace as opened; after an edit it would
    // restore stale text on reload, so drop it (autosave has the edit).
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
    this.save();
    this.schedule();
  }

  openFile(path: string): void {
    if (!this.editors.open(path)) return;
    this.view.file = path;
    this.updateFileTree();
    this.save();
  }

  jump(file: string, line: number, column?: number): void {
    const f = this.files.find((x) => samePath(x.path, file));
    if (!f) {
      this.notify(`${file} is a built-in stand-in: it is not in the workspace. Add the file to edit it.`);
      return;
    }
    this.editors.goto(f.path, line, column);
    this.view.file = f.path;
    this.updateFileTree();
  }

  updateFileTree(): void {
    this.fileTree.set(
      this.files.map((f) => {
        const ds = this.fileDiags.get(f.path.toLowerCase()) ?? [];
        return { path: f.path, errors: ds.filter((d) => d.severity === "error").length, warnings: ds.filter((d) => d.severity !== "error").length };
      }),
      this.editors.openPath ?? "",
    );
  }

  async addFile(path: string, text: string): Promise<void> {
    if (this.files.some((f) => samePath(f.path, path))) {
      this.openFile(this.files.find((f) => samePath(f.path, path))!.path);
      return;
    }
    this.files.push({ path, text });
    this.editors.add(path, text);
    await this.engine.setFile(path, text);
    if (/applicationhost\.config$/i.test(path)) this.siteMapStale = true;
    this.openFile(path);
    this.save();
    this.schedule();
  }

  addFilePrompt(): void {
    const base = this.editors.openPath ? dirName(this.editors.openPath) + "\\" : "C:\\inetpub\\wwwroot\\";
    const p = prompt("Windows path of the new file (web.config, applicationHost.config, machine.config, schema\\*.xml):", base + "web.config");
    if (!p) return;
    if (!/^([a-z]:\\|\\\\)/i.test(p.trim())) {
      this.notify("Give an absolute Windows path, such as C:\\inetpub\\wwwroot\\app1\\web.config.");
      return;
    }
    void this.addFile(p.trim(), emptyConfig);
  }

  renameFilePrompt(): void {
    const from = this.editors.openPath;
    if (!from) return;
    const to = prompt("New path:", from)?.trim();
    if (!to || to === from) return;
    if (this.files.some((f) => samePath(f.path, to) && !samePath(f.path, from))) {
      this.notify(`${to} already exists.`);
      return;
    }
    const f = this.files.find((x) => samePath(x.path, from))!;
    f.text = this.editors.text(from) ?? f.text;
    void this.engine.removeFile(from);
    f.path = to;
    this.editors.rename(from, to);
    void this.engine.setFile(to, f.text);
    this.view.file = to;
    this.siteMapStale = true;
    this.updateFileTree();
    this.save();
    this.schedule();
  }

  deleteFile(): void {
    const p = this.editors.openPath;
    if (!p || !confirm(`Delete ${p}?`)) return;
    this.files = this.files.filter((f) => !samePath(f.path, p));
    this.editors.remove(p);
    this.dirty.delete(p);
    void this.engine.removeFile(p);
    this.siteMapStale = true;
    const next = this.defaultFile();
    if (next) this.openFile(next);
    else this.updateFileTree();
    this.save();
    this.schedule();
  }

  async addWebConfigHere(): Promise<void> {
    // A URL that names a file (page.aspx) is configured by the web.config
    // of the folder holding it.
    const cp = this.result?.configPath ?? this.path;
    const seg = cp.slice(cp.lastIndexOf("/") + 1);
    const target = cp.split("/").length > 4 && /\.[a-z0-9]{1,8}$/i.test(seg) ? cp.slice(0, cp.lastIndexOf("/")) : this.path;
    const r = await this.engine.folderOf(target);
    if (!r) return;
    if (r.error || !r.webConfig) {
      this.notify(
        r.error
          ? `Cannot map "${this.path}": ${typeof r.error === "string" ? r.error : (r.error as Diagnostic).message}`
          : `"${this.path}" maps to no folder (no virtual directory matches): use a <location> tag in a parent file.`,
      );
      return;
    }
    const existing = this.files.find((f) => samePath(f.path, r.webConfig));
    if (existing) this.openFile(existing.path);
    else await this.addFile(r.webConfig, emptyConfig);
    this.showLeft("files");
  }

  async resetStock(): Promise<void> {
    if (!confirm("Replace the whole workspace with the stock IIS 10 server? (Export or share first to keep it.)")) return;
    const stock = await this.engine.stock();
    if (!stock) return;
    await this.loadState({ version: 1, files: stock.files, env: stock.env ?? {}, path: "Default Web Site", view: { panel: "effective" } });
  }

  // ------------------------------------------------------------- evaluate

  setPath(p: string, fromTyping = false): void {
    if (!p || p === this.path) return;
    this.path = p;
    if (!fromTyping) this.pathBox.value = p;
    this.save();
    this.schedule();
    this.schedule.flush();
  }

  async refresh(): Promise<void> {
    const gen = ++this.gen;
    const t0 = performance.now();
    // Every edited file rides with the evaluation (EvaluateArgs.edits): the
    // worker applies them and evaluates in one message, without waiting for
    // the main thread between the two (it is busy painting the keystroke).
    const dirty = [...this.dirty];
    this.dirty.clear();
    const edits: { path: string; text: string }[] = [];
    for (const p of dirty) {
      const f = this.files.find((x) => samePath(x.path, p));
      if (f) edits.push({ path: f.path, text: this.editors.text(f.path) ?? f.text });
    }
    const t1 = performance.now();
    // The site map can be big (10,000 sites) and changes only with
    // applicationHost.config: fetch it on load, and after typing pauses.
    let res: Result | null,
      fd: Record<string, Diagnostic[]> | null = null;
    const key = this.resultKey;
    const want = `${this.path}|${!!this.view.defaults}`;
    const complete = this.needComplete || key !== want || !this.result;
    this.needComplete = false;
    // fileDiagnostics checks every file: it runs when typing pauses (the
    // complete refresh), and never for a hosting server, where large mode
    // marks the diagnostics of the chosen path only. The worker answers it
    // after the evaluation, and the panels are drawn without waiting for
    // it: the editors' markers follow a moment later.
    let later: Promise<Record<string, Diagnostic[]> | null> | null = null;
    try {
      const evaluated = complete ? this.fetchComplete(edits) : this.fetchLive(edits);
      if (complete && !this.large) {
        later = this.engine.fileDiagnostics();
        later.catch(() => {}); // reported by the await below
      }
      res = await evaluated;
      if (res && !complete) res = this.keepElements(res, key === want ? this.result : null);
      if (res) this.resultKey = want;
      if (!complete) this.completeLater();
      if (this.large && res) {
        fd = {};
        for (const d of res.diagnostics) if (d.file) (fd[d.file] ??= []).push(d);
      }
    } catch (e) {
      if (gen === this.gen) {
        replace(this.status, h("span", { class: "err" }, "Engine error: " + (e as Error).message));
        this.notify("Engine error: " + (e as Error).message);
      }
      return;
    }
    if (this.siteMapStale) {
      if (!this.siteMap) void this.refreshSiteMap();
      else this.siteMapLater();
    }
    // A hosting server's answer is megabytes of JSON: parsed in the task
    // that received it, drawn in the next, so neither runs long.
    if (this.large) await nextTask();
    if (gen !== this.gen) return;
    const t2 = performance.now();
    if (fd) {
      this.fileDiags = new Map(Object.entries(fd).map(([k, v]) => [k.toLowerCase(), v]));
      this.editors.setAllDiagnostics(this.fileDiags);
    }
    if (res) {
      this.result = res;
      this.siteTree.setCurrent(res.configPath);
      this.updatePathInfo(res);
    }
    this.updateFileTree();
    this.renderPanels(false);
    if (this.view.panel === "merge") await this.refreshMerge();
    this.lastEvalMs = performance.now() - t0;
    this.phases.push([t1 - t0, t2 - t1, performance.now() - t2]);
    if (this.phases.length > 100) this.phases.shift();
    if (this.keyAt) {
      const key = this.keyAt;
      this.keyAt = 0;
      await this.panelsDone();
      requestAnimationFrame(() => {
        this.latencies.push(performance.now() - key);
        if (this.latencies.length > 100) this.latencies.shift();
      });
    }
    this.updateStatus();
    if (document.body.dataset.ready !== "true") {
      performance.mark("iisconf:first-result");
      document.body.dataset.ready = "true"; // for tests and the bench
    }
    if (later) {
      try {
        const all = await later;
        if (all && gen === this.gen) this.applyFileDiags(all);
      } catch (e) {
        if (gen === this.gen) this.notify("Engine error: " + (e as Error).message);
      }
    }
    this.refreshes++;
  }

  /** Every file's diagnostics (fileDiagnostics): editor markers, file tree, counts. */
  applyFileDiags(fd: Record<string, Diagnostic[]>): void {
    this.fileDiags = new Map(Object.entries(fd).map(([k, v]) => [k.toLowerCase(), v]));
    this.editors.setAllDiagnostics(this.fileDiags);
    this.updateFileTree();
    this.updateTabs();
    this.stale.add("diagnostics");
    if (this.view.panel === "diagnostics") this.renderPanel("diagnostics");
  }

  /** The sections being drawn: their elements are fetched per keystroke. */
  liveSections(): Set<string> {
    const out = new Set<string>();
    const names = new Set((this.result?.sections ?? []).map((s) => s.name));
    const panel = this.view.panel ?? "effective";
    if (panel === "effective") {
      for (const n of this.effective.visible) out.add(n);
      const filter = this.filterBox.value.trim();
      if (filter) {
        const hits = [...names].filter((n) => sectionMatches(n, filter));
        if (hits.length <= 12) for (const n of hits) out.add(n);
      }
    }
    // The section under the cursor: <location> and <configuration> wrap
    // sections, section groups are not sections themselves.
    let els = this.editors.elementPath();
    if (els[0] === "configuration") els = els.slice(1);
    if (els[0] === "location") els = els.slice(1);
    for (let i = 1; i <= els.length; i++) {
      const n = els.slice(0, i).join("/");
      if (names.has(n)) out.add(n);
    }
    if (this.view.section) out.add(this.view.section);
    if (this.large) for (const n of HEAVY) out.delete(n);
    return out;
  }

  fetchLive(edits: EvaluateArgs["edits"]): Promise<Result | null> {
    return this.engine.evaluate({ path: this.path, noDefaults: !this.view.defaults, elements: [...this.liveSections()], edits });
  }

  /** Every element the panels may draw (defaults: only the filtered sections when filtering). */
  async fetchComplete(edits: EvaluateArgs["edits"]): Promise<Result | null> {
    const noDefaults = !this.view.defaults;
    const filter = this.filterBox.value.trim();
    const narrow = this.view.defaults && filter;
    if (!this.large && !narrow) return this.engine.evaluate({ path: this.path, noDefaults, edits });
    const sum = await this.engine.evaluate({ path: this.path, summary: true, edits });
    if (!sum) return null;
    const names = sum.sections.map((s) => s.name).filter((n) => !(this.large && HEAVY.has(n)) && (!narrow || sectionMatches(n, filter)));
    return this.engine.evaluate({ path: this.path, noDefaults, elements: names });
  }

  /**
   * A live answer has elements for the sections asked only; the others
   * keep their element from the previous answer (same path and mode). An
   * unchanged section keeps its very object, so the views skip it.
   */
  keepElements(res: Result, prev: Result | null): Result {
    if (!prev) return res;
    const old = new Map(prev.sections.map((s) => [s.name, s]));
    res.sections = res.sections.map((s) => {
      if (s.element) return s;
      const p = old.get(s.name);
      if (!p || !p.element) return s;
      return summarySig(p) === summarySig(s) ? p : { ...s, element: p.element };
    });
    return res;
  }

  siteMapLater = debounce(() => void this.refreshSiteMap(), 400);

  async refreshSiteMap(): Promise<void> {
    this.siteMapStale = false;
    const sm = await this.engine.siteMap();
    if (!sm) return;
    if (this.large) await nextTask(); // parsing it was this task's work
    this.siteMap = sm;
    this.siteTree.set(sm, this.result?.configPath ?? "");
  }

  async refreshMerge(): Promise<void> {
    const r = this.result;
    if (!r) return;
    const names = r.sections.map((s) => s.name);
    const focus = this.view.section && names.includes(this.view.section) ? this.view.section : undefined;
    let res: Result | null = null;
    if (focus) {
      const gen = this.gen;
      res = await this.engine.evaluate({ path: this.path, sections: [focus], inputs: true, noDefaults: true }, "evaluate-merge");
      if (gen !== this.gen || !res) return;
    }
    this.mergeResult = res;
    this.merge.render(res ?? r, res?.sections.find((s) => s.name === focus), names, (s) => this.focusSection(s));
  }

  async refreshPool(): Promise<void> {
    const known = this.siteMap?.pools.map((p) => p.name) ?? [];
    let pool = this.view.pool || known[0] || "DefaultAppPool";
    let r = await this.engine.poolConfig(pool);
    if (!r) return;
    // A pool that no longer exists (renamed, another workspace): show the first one.
    const others = r.knownPools ?? [];
    if (r.error && others.length && !others.some((p) => p.toLowerCase() === pool.toLowerCase())) {
      pool = others[0];
      r = await this.engine.poolConfig(pool);
      if (!r) return;
    }
    const pools = r.pools ?? (r.knownPools?.length ? r.knownPools : known.length ? known : [pool]);
    const src = r.sourcePath ? this.files.find((f) => samePath(f.path, r!.sourcePath)) : undefined;
    const text = src ? this.editors.text(src.path) ?? src.text : undefined;
    this.pool.render(pools, { pool, ...r }, text, (p) => {
      this.view.pool = p;
      this.save();
      void this.refreshPool();
    });
  }

  /** The workspace's MetaBase.xml (metabase mode reads it, the engine does not). */
  metabaseFile(): FileState | undefined {
    return this.files.find((f) => /(^|\\)metabase\.xml$/i.test(f.path));
  }

  async refreshMetabase(): Promise<void> {
    const f = this.metabaseFile();
    if (!f) return this.mb.empty();
    const dir = dirName(f.path);
    const text = (p: FileState) => this.editors.text(p.path) ?? p.text;
    const schema = this.files.find((x) => samePath(x.path, dir + "\\MBSchema.xml"));
    const history = this.files.filter((x) => samePath(dirName(x.path), dir + "\\History")).map((x) => baseName(x.path));
    const ask = (key: string) =>
      this.engine.metabase({
        metabase: text(f),
        file: baseName(f.path),
        schema: schema ? text(schema) : undefined,
        schemaFile: schema ? baseName(schema.path) : undefined,
        key: key || undefined,
        historyNames: history.length ? history : undefined,
      });
    let key = this.view.metabaseKey ?? "";
    let r = await ask(key);
    if (!r) return;
    if (!key || !r.key) {
      // Start on the first web site's root, else the first key.
      const flat: string[] = [];
      const walk = (ns: MbTreeNode[]): void => ns.forEach((n) => (flat.push(n.location), walk(n.children)));
      walk(r.tree);
      const first = flat.find((l) => /^\/LM\/W3SVC\/\d+\/ROOT$/i.test(l)) ?? flat[0];
      if (first && first !== key) {
        key = first;
        r = await ask(key);
        if (!r) return;
      }
    }
    this.mb.render(f.path, r, key);
  }

  async openMetabaseSample(): Promise<void> {
    let files: FileState[];
    try {
      const resp = await fetch(new URL(__IISCONF_METABASE_URL__, location.href).href);
      if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
      files = ((await resp.json()) as { files: FileState[] }).files;
    } catch (e) {
      this.notify("The metabase sample could not be loaded: " + (e as Error).message);
      return;
    }
    await this.addMetabaseFiles(files);
  }

  async loadMetabaseFiles(list: File[]): Promise<void> {
    const dir = "C:\\Windows\\System32\\inetsrv\\";
    const files: FileState[] = [];
    for (const f of list) {
      const text = decodeText(new Uint8Array(await f.arrayBuffer()));
      const hist = /^(MetaBase|MBSchema)_\d{10}_\d{10}\.xml$/i.test(f.name);
      const name = hist ? "History\\" + f.name : /mbschema/i.test(f.name) ? "MBSchema.xml" : "MetaBase.xml";
      files.push({ path: dir + name, text });
    }
    if (files.length) await this.addMetabaseFiles(files);
  }

  async addMetabaseFiles(files: FileState[]): Promise<void> {
    const mb = files.find((f) => /(^|\\)metabase\.xml$/i.test(f.path));
    // One metabase at a time: a new MetaBase.xml replaces the old one.
    const old = this.metabaseFile();
    if (mb && old && !samePath(old.path, mb.path)) {
      this.files = this.files.filter((f) => f !== old);
      void this.engine.removeFile(old.path);
    }
    this.view.panel = "metabase";
    this.view.metabaseKey = undefined;
    if (mb) this.view.file = mb.path;
    await this.mergeImport(files, undefined, false);
  }

  focusSection(name: string): void {
    this.view.section = name || undefined;
    this.save();
    if (this.view.panel === "merge") void this.refreshMerge();
    else this.showPanel("merge");
  }

  renderPanels(filterChanged: boolean): void {
    for (const p of PANELS) this.stale.add(p.id);
    const cur = this.view.panel ?? "effective";
    if (cur !== "merge") this.renderPanel(cur);
    // Tab labels carry the headline numbers so other panels need no render.
    this.updateTabs();
    void filterChanged;
  }

  /** Resolves when the current panel has finished drawing (chunked renders). */
  panelsDone(): Promise<void> {
    return this.effective.done;
  }

  renderPanel(p: Panel): void {
    const r = this.result;
    if (!r) return;
    this.stale.delete(p);
    const filter = this.filterBox.value.trim();
    const onFocus = (s: string) => this.focusSection(s);
    switch (p) {
      case "effective":
        this.effective.render(r, { defaults: !!this.view.defaults, filter, focus: this.view.section, onFocus, omitted: this.large ? [...HEAVY] : undefined });
        break;
      case "locks":
        this.locks.render(r, filter, this.view.section, onFocus);
        break;
      case "diagnostics":
        this.diags.render(r, this.fileDiags, this.files.map((f) => f.path));
        break;
      case "500":
        this.page.render(r.response, r.response?.page?.requestedUrl ?? (r.mapping ? `${r.mapping.site}${r.mapping.urlPath}` : this.path));
        break;
      case "merge":
        void this.refreshMerge();
        break;
      case "pool":
        void this.refreshPool();
        break;
      case "metabase":
        void this.refreshMetabase();
        break;
    }
  }

  updateTabs(): void {
    const r = this.result;
    if (!r) return;
    let all = 0;
    for (const [, l] of this.fileDiags) all += l.length;
    const here = r.diagnostics.length;
    this.tabs.get("diagnostics")!.textContent = `Diagnostics (${Math.max(all, here)})`;
    const resp = r.response;
    const t = this.tabs.get("500")!;
    t.textContent = resp ? (resp.status === 200 ? "Response 200" : `Response ${resp.status}.${resp.subStatus}`) : "Response";
    t.classList.toggle("bad", !!resp && resp.status !== 200);
    const locked = r.sections.filter((s) => s.isLocked).length;
    this.tabs.get("locks")!.textContent = `Locks (${locked} locked)`;
  }

  updatePathInfo(r: Result): void {
    const m = r.mapping;
    const bits: (string | Node)[] = [h("code", { testid: "config-path" }, r.configPath)];
    if (m) {
      bits.push(` · site "${m.site}" (id ${m.siteId}) · app ${m.appPath} (${m.appPool}) · vdir ${m.vdirPath} · URL ${m.urlPath}`);
      bits.push(m.noPhysicalPath ? " · no virtual directory maps this URL" : ` · ${m.physicalPathExpanded}`);
    }
    const bad = r.diagnostics.find((d) => d.id === "PATH_UNK");
    if (bad) bits.push(h("span", { class: "err" }, " · " + bad.message));
    replace(this.pathInfo, ...bits);
  }

  updateStatus(): void {
    const r = this.result;
    replace(
      this.status,
      `${this.files.length} files · `,
      r ? `${r.sections.length} sections at ${r.configPath} · ` : "",
      `updated in ${Math.round(this.lastEvalMs)} ms`,
      this.status.dataset.save === "failed" ? " · autosave failed (storage full?)" : " · saved locally",
    );
  }

  // --------------------------------------------------------------- samples

  async loadSamples(): Promise<void> {
    if (this.samples) return;
    replace(this.gallery, h("p", { class: "muted" }, "Loading samples…"));
    const list = await this.engine.samples().catch(() => null);
    this.samples = list ?? [];
    this.renderGallery();
  }

  renderGallery(): void {
    clear(this.gallery);
    if (!this.samples || !this.samples.length) {
      this.gallery.appendChild(h("p", { class: "empty" }, "No samples yet."));
      return;
    }
    const groups = new Map<string, Sample[]>();
    for (const s of [...this.samples].sort((a, b) => a.order - b.order)) {
      if (!groups.has(s.group)) groups.set(s.group, []);
      groups.get(s.group)!.push(s);
    }
    const names: Record<string, string> = { lesson: "Lessons", reproduction: "Reproductions of real errors" };
    this.gallery.appendChild(h("h3", null, "Tools"));
    this.gallery.appendChild(
      h(
        "ul",
        { class: "sample-list" },
        h(
          "li",
          null,
          h(
            "button",
            { type: "button", class: "sample", "data-sample": "metabase", on: { click: () => void this.openMetabaseSample() } },
            h("strong", null, "IIS 6 metabase"),
            h("span", { class: "muted small" }, " MetaBase.xml with its schema and history: the key tree, inheritance and the IIS 7 equivalents."),
          ),
        ),
        h(
          "li",
          null,
          h(
            "button",
            { type: "button", class: "sample", "data-sample": "pool-view", on: { click: () => this.showPanel("pool") } },
            h("strong", null, "Pool view"),
            h("span", { class: "muted small" }, " the applicationHost.config a pool's worker process reads, and how it was filtered."),
          ),
        ),
      ),
    );
    for (const [g, list] of groups) {
      this.gallery.appendChild(h("h3", null, names[g] ?? g));
      this.gallery.appendChild(
        h(
          "ul",
          { class: "sample-list" },
          list.map((s) =>
            h(
              "li",
              null,
              h(
                "button",
                { type: "button", class: "sample", "data-sample": s.name, on: { click: () => void this.openSample(s.name) } },
                h("strong", null, s.title),
                h("span", { class: "muted small" }, " " + (s.explanation[0] ?? "").slice(0, 110)),
              ),
            ),
          ),
        ),
      );
    }
  }

  async openSample(name: string): Promise<void> {
    const s = await this.engine.sample(name);
    if (!s) return;
    const panel = (PANELS.find((p) => p.id === s.view)?.id ?? "effective") as Panel;
    await this.loadState({
      version: 1,
      files: s.files,
      env: s.env ?? {},
      path: s.path,
      view: { panel, section: s.section || undefined, sample: name, defaults: false },
    });
    // Show the sample's section on its own; clearing the filter shows all.
    if (s.section) {
      this.filterBox.value = s.section;
      this.renderPanels(true);
    }
    this.showLeft("files");
  }

  async showSampleInfo(name: string): Promise<void> {
    await this.loadSamples();
    const s = this.samples?.find((x) => x.name === name);
    if (!s) {
      this.sampleBox.hidden = true;
      return;
    }
    this.sampleInfo = s;
    replace(
      this.sampleBox,
      h("div", { class: "sample-title" }, h("strong", null, s.title), " ", h("span", { class: "badge" }, s.group)),
      s.explanation.map((p) => h("p", null, p)),
      h("button", { type: "button", class: "close", "aria-label": "hide explanation", on: { click: () => (this.sampleBox.hidden = true) } }, "×"),
    );
    this.sampleBox.hidden = false;
  }

  // --------------------------------------------------------- import/export

  importDialog(): void {
    const ta = h("textarea", { rows: 10, testid: "import-text", "aria-label": "bundle text", placeholder: "-- C:\\inetpub\\wwwroot\\web.config --\n<configuration>…" });
    const input = h("input", { type: "file", multiple: true, testid: "import-files", "aria-label": "choose files or a zip" });
    const dir = h("input", { type: "file", multiple: true, "aria-label": "choose a folder" });
    dir.setAttribute("webkitdirectory", "");
    const replaceBox = h("input", { type: "checkbox", checked: true, id: "imp-replace" });
    const dlg = h(
      "dialog",
      { class: "dialog", testid: "import-dialog" },
      h("h2", null, "Import"),
      h("p", { class: "small" }, "Paste a txtar bundle, or choose files: a bundle (.txtar), .config files, a folder, or a zip of a server's inetsrv\\config folder and site folders. You can also drop any of these on the page."),
      ta,
      h("div", { class: "row" }, h("label", null, "Files or zip ", input), h("label", null, "Folder ", dir)),
      h("label", { class: "check", for: "imp-replace" }, replaceBox, " replace the workspace (otherwise files are added over it)"),
      h(
        "div",
        { class: "row end" },
        h("button", { type: "button", on: { click: () => dlg.close() } }, "Cancel"),
        h(
          "button",
          {
            type: "button",
            class: "primary",
            testid: "import-go",
            on: {
              click: async () => {
                const fl = [...(input.files ?? []), ...(dir.files ?? [])];
                dlg.close();
                if (ta.value.trim()) await this.importText(ta.value, replaceBox.checked);
                if (fl.length) await this.importFiles(fl, replaceBox.checked && !ta.value.trim());
                dlg.remove();
              },
            },
          },
          "Import",
        ),
      ),
    );
    document.body.appendChild(dlg);
    dlg.addEventListener("close", () => setTimeout(() => dlg.remove(), 0));
    dlg.showModal();
    ta.focus();
  }

  async importText(text: string, replaceAll: boolean): Promise<void> {
    let files: FileState[];
    let env: Record<string, string> | undefined;
    if (looksLikeTxtar(text) && text.length > 1_000_000) {
      // A hosting server's bundle: parse it here rather than parse the
      // engine's megabytes of JSON answer in one main-thread task.
      const b = parseTxtar(text);
      files = b.files;
      env = b.env;
    } else if (looksLikeTxtar(text)) {
      const r = await this.engine.parseBundle(text);
      if (r && r.error) {
        this.notify("Bundle not imported: " + r.error);
        return;
      }
      const b = r && r.files ? { files: r.files, env: r.env } : parseTxtar(text);
      files = b.files;
      env = b.env;
    } else if (/^\s*</.test(text)) {
      // A single config file: guess its place from its content.
      const p = /<system\.applicationHost>/.test(text) ? "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config" : (await this.folderWebConfig()) ?? "C:\\inetpub\\wwwroot\\web.config";
      files = [{ path: p, text }];
    } else {
      this.notify("That text is neither a bundle (-- path -- headers) nor a config file.");
      return;
    }
    await this.mergeImport(files, env, replaceAll);
  }

  async folderWebConfig(): Promise<string | null> {
    const cp = this.result?.configPath ?? this.path;
    const seg = cp.slice(cp.lastIndexOf("/") + 1);
    const r = await this.engine.folderOf(cp.split("/").length > 4 && /\.[a-z0-9]{1,8}$/i.test(seg) ? cp.slice(0, cp.lastIndexOf("/")) : this.path);
    return r && !r.error && r.webConfig ? r.webConfig : null;
  }

  async importFiles(list: File[], replaceAll: boolean): Promise<void> {
    const out: FileState[] = [];
    let env: Record<string, string> | undefined;
    const skipped: string[] = [];
    for (const f of list) {
      const buf = await f.arrayBuffer();
      const u8 = new Uint8Array(buf);
      const rel = (f as any).webkitRelativePath || f.name;
      if (u8[0] === 0x50 && u8[1] === 0x4b) {
        try {
          for (const e of await readZip(buf)) {
            const p = zipNameToPath(e.name);
            if (p) out.push({ path: p, text: decodeText(e.data) });
            else skipped.push(e.name);
          }
        } catch (e) {
          this.notify(`${f.name}: ${(e as Error).message}`);
        }
        continue;
      }
      const text = decodeText(u8);
      if (/\.txtar$/i.test(f.name) || looksLikeTxtar(text)) {
        const b = parseTxtar(text);
        out.push(...b.files);
        env = b.env ?? env;
        continue;
      }
      let p = zipNameToPath(rel);
      if (p && /^web\.config$/i.test(rel)) p = (await this.folderWebConfig()) ?? p;
      if (p) out.push({ path: p, text });
      else skipped.push(rel);
    }
    if (skipped.length) this.notify(`Skipped ${skipped.length} file(s) that are not configuration files: ${skipped.slice(0, 5).join(", ")}${skipped.length > 5 ? "…" : ""}`);
    if (out.length) await this.mergeImport(out, env, replaceAll);
  }

  async mergeImport(files: FileState[], env: Record<string, string> | undefined, replaceAll: boolean): Promise<void> {
    const st = this.state();
    let merged: FileState[];
    if (replaceAll) {
      merged = files;
      // A bundle without applicationHost.config is laid over the stock server.
      if (!files.some((f) => /applicationhost\.config$/i.test(f.path))) {
        const stock = await this.engine.stock();
        merged = [...(stock?.files ?? []).filter((s) => !files.some((f) => samePath(f.path, s.path))), ...files];
      }
    } else {
      merged = [...st.files.filter((s) => !files.some((f) => samePath(f.path, s.path))), ...files];
    }
    await this.loadState({ version: 1, files: merged, env: env ?? (replaceAll ? {} : st.env), path: this.path, view: { ...this.view, sample: undefined } });
    this.notify(`Imported ${files.length} file(s).`);
  }

  installDrop(): void {
    window.addEventListener("dragover", (e) => {
      if (e.dataTransfer?.types.includes("Files")) {
        e.preventDefault();
        document.body.classList.add("dropping");
      }
    });
    window.addEventListener("dragleave", (e) => {
      if (!e.relatedTarget) document.body.classList.remove("dropping");
    });
    window.addEventListener("drop", (e) => {
      document.body.classList.remove("dropping");
      const dt = e.dataTransfer;
      if (!dt) return;
      if (dt.files.length) {
        e.preventDefault();
        void this.importFiles([...dt.files], false);
      } else {
        const t = dt.getData("text/plain");
        if (t && looksLikeTxtar(t) && !(e.target as HTMLElement).closest(".cm-editor")) {
          e.preventDefault();
          void this.importText(t, true);
        }
      }
    });
    window.addEventListener("paste", (e) => {
      // A bundle pasted outside any text field imports it.
      const tgt = e.target as HTMLElement;
      if (tgt.closest("input, textarea, .cm-editor")) return;
      const t = e.clipboardData?.getData("text/plain");
      if (t && looksLikeTxtar(t)) {
        e.preventDefault();
        void this.importText(t, true);
      }
    });
  }

  async exportBundle(): Promise<void> {
    const st = this.state();
    let text: string | undefined;
    for (const p of this.dirty) {
      const f = st.files.find((x) => samePath(x.path, p));
      if (f) await this.engine.setFile(f.path, f.text);
    }
    const r = await this.engine.bundle();
    if (r && r.error) {
      this.notify("Export: " + r.error);
      return;
    }
    text = r?.text ?? formatTxtar({ comment: "", files: st.files, env: st.env });
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/plain" })), download: "iisconf-workspace.txtar" });
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  // ----------------------------------------------------------------- share

  async share(): Promise<void> {
    const st = this.state();
    const secrets = findSecrets(st.files);
    if (secrets.length) {
      const choice = await this.secretsDialog(secrets);
      if (choice === "cancel") return;
      if (choice === "redact") {
        for (const f of this.files) {
          const red = redactSecrets(this.editors.text(f.path) ?? f.text);
          if (red !== f.text) {
            f.text = red;
            this.editors.setText(f.path, red); // undoable
            this.dirty.add(f.path);
            this.unsaved.add(f.path);
          }
        }
        this.schedule();
        this.save();
      }
    }
    const hash = await encodeState(this.state());
    const url = location.origin + location.pathname + "#" + hash;
    history.replaceState(null, "", "#" + hash);
    try {
      await navigator.clipboard.writeText(url);
      this.notify(`Share link copied (${Math.round(url.length / 1024)} KB). It carries the whole workspace; nothing is uploaded.`);
    } catch {
      this.notify("The share link is in the address bar (clipboard not available).");
    }
  }

  secretsDialog(secrets: { path: string; line: number; kind: string }[]): Promise<"redact" | "share" | "cancel"> {
    return new Promise((resolve) => {
      let choice: "redact" | "share" | "cancel" = "cancel";
      const go = (c: typeof choice) => () => {
        choice = c;
        dlg.close();
      };
      const dlg = h(
        "dialog",
        { class: "dialog", testid: "secrets-dialog" },
        h("h2", null, "This workspace contains secrets"),
        h("p", null, "A share link carries every file. These look like secrets:"),
        h("ul", { class: "secret-list" }, secrets.slice(0, 12).map((s) => h("li", null, `${baseName(s.path)}:${s.line} — ${s.kind}`))),
        secrets.length > 12 ? h("p", { class: "muted small" }, `…and ${secrets.length - 12} more`) : null,
        h(
          "div",
          { class: "row end" },
          h("button", { type: "button", on: { click: go("cancel") } }, "Cancel"),
          h("button", { type: "button", testid: "share-anyway", on: { click: go("share") } }, "Share anyway"),
          h("button", { type: "button", class: "primary", testid: "redact-secrets", on: { click: go("redact") } }, "Redact secrets and share"),
        ),
      );
      dlg.addEventListener("close", () => {
        dlg.remove();
        resolve(choice);
      });
      document.body.appendChild(dlg);
      dlg.showModal();
    });
  }

  // ------------------------------------------------------------------ misc

  globalKeys(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      void this.share();
    } else if (mod && e.key === "Enter") {
      e.preventDefault();
      for (const f of this.files) this.dirty.add(f.path);
      this.siteMapStale = true;
      void this.refresh();
    }
  }

  notify(msg: string): void {
    this.toast.textContent = msg;
    this.toast.hidden = false;
    clearTimeout((this as any).toastT);
    (this as any).toastT = setTimeout(() => (this.toast.hidden = true), 6000);
  }
}

/** Workspaces bigger than this evaluate in large mode (see App.large). */
const LARGE_BYTES = 2_000_000;
const HEAVY = new Set(["system.applicationHost/sites"]);

/** A section's model without its element and inputs, to compare summaries. */
const sigs = new WeakMap<object, string>();
function summarySig(s: Section): string {
  let v = sigs.get(s);
  if (v === undefined) {
    v = JSON.stringify({ ...s, element: null, inputs: undefined });
    sigs.set(s, v);
  }
  return v;
}

const emptyConfig = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
    </system.webServer>
</configuration>
`;

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("sw.js").catch(() => {});
}

const app = new App();
(window as any).iisconfApp = app; // for tests and the bench
// Before start(), so a remembered view of either panel is restored.
(window as any).iisconfConsole = installAppCmdConsole(app);
installBackups(app);
void app.start().then(() => installShortLink(app));
