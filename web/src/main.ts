// main.ts: the playground. Wires the workspace (files + editors), the path
// picker, the engine worker and the result panels together, and keeps the
// State saved (localStorage) and shareable (URL hash). See web/README.md.
import "./style.css";
import type { FileState, State, ViewState } from "./engine/protocol";
import type { Result, Diagnostic, SiteMap, Sample } from "./model";
import { Engine } from "./api";
import { h, replace, clear, debounce, samePath, dirName, baseName } from "./dom";
import { Editors } from "./ui/editor";
import { EffectiveView } from "./ui/effective";
import { LockView } from "./ui/locks";
import { DiagnosticsView, PageView } from "./ui/diagnostics";
import { MergeView } from "./ui/merge";
import { FileTree, SiteTree } from "./ui/trees";
import { encodeState, decodeState, saveLocal, loadLocal, findSecrets, redactSecrets } from "./share";
import { parseTxtar, formatTxtar, looksLikeTxtar } from "./txtar";
import { readZip, decodeText, zipNameToPath } from "./zip";
import { initTheme, toggleTheme, isDark, onThemeChange } from "./theme";

type Panel = NonNullable<ViewState["panel"]>;
const PANELS: { id: Panel; label: string }[] = [
  { id: "effective", label: "Effective" },
  { id: "locks", label: "Locks" },
  { id: "diagnostics", label: "Diagnostics" },
  { id: "500", label: "Response" },
  { id: "merge", label: "Merge stack" },
];

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
  // Large workspaces (a hosting server's 10,000 sites): the sites section
  // alone is hundreds of MB of JSON, so evaluations name their sections and
  // leave it out (the Sites tab shows the sites). The engine computes the
  // response only for a full evaluation, so it is not shown in this mode.
  large = false;
  sectionNames: string[] | null = null;
  phases: number[][] = []; // [send edits, engine, draw] ms per refresh (last 100)
  refreshes = 0; // completed refreshes (tests and the bench watch it)

  // UI parts
  editors = new Editors({ onChange: (p) => this.onEdit(p) });
  effective = new EffectiveView((f, l, c) => this.jump(f, l, c));
  locks = new LockView((f, l, c) => this.jump(f, l, c));
  diags = new DiagnosticsView((f, l, c) => this.jump(f, l, c));
  page = new PageView((f, l, c) => this.jump(f, l, c));
  merge = new MergeView((f, l, c) => this.jump(f, l, c));
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
      if (!this.kick) this.kick = window.setTimeout(() => this.runRefresh(), 0);
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
        this.view.section = this.view.section; // focus unchanged
        this.renderPanels(true);
      }, 80),
    );
    this.defaultsBox.addEventListener("change", () => {
      this.view.defaults = this.defaultsBox.checked;
      this.save();
      this.renderPanels(true);
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

    const tabBar = h("div", { class: "tabs", role: "tablist", "aria-label": "results" });
    const panelBox = h("div", { class: "panel-box" });
    const panelEls: Record<Panel, HTMLElement> = {
      effective: this.effective.root,
      locks: this.locks.root,
      diagnostics: this.diags.root,
      "500": this.page.root,
      merge: this.merge.root,
      appcmd: h("div"),
    };
    for (const p of PANELS) {
      const b = h("button", { type: "button", role: "tab", testid: "tab-" + p.id, on: { click: () => this.showPanel(p.id) } }, p.label);
      this.tabs.set(p.id, b);
      tabBar.appendChild(b);
      const el = h("div", { class: "panel", role: "tabpanel", hidden: true }, panelEls[p.id]);
      this.panels.set(p.id, el);
      panelBox.appendChild(el);
    }
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
    if (!st) {
      const stock = await this.engine.stock();
      st = { version: 1, files: stock?.files ?? [], env: stock?.env ?? {}, path: "Default Web Site", view: { panel: "effective" } };
    }
    await this.loadState(st);
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

  async loadState(st: State): Promise<void> {
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
    this.editors.reset(this.files);
    this.dirty.clear();
    this.unsaved.clear();
    this.siteMapStale = true;
    this.siteMap = null;
    let size = 0;
    for (const f of this.files) size += f.text.length;
    this.large = size > LARGE_BYTES;
    this.sectionNames = null;
    await this.engine.load(this.files, this.env);
    if (this.large) await this.loadSectionNames();
    const keep = this.view.file && this.files.find((f) => samePath(f.path, this.view.file));
    const want = keep ? this.view.file! : this.defaultFile();
    if (want) this.openFile(want);
    this.showPanel(this.view.panel ?? "effective");
    this.saveNow();
    await this.refresh();
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

  /** Section names in scope (large mode): WEBROOT's, plus applicationHost.config's declarations. */
  async loadSectionNames(): Promise<void> {
    const r = await this.engine.evaluate("MACHINE/WEBROOT", undefined, false, "names");
    const names = new Set((r?.sections ?? []).map((s) => s.name));
    const ah = this.files.find((f) => /applicationhost\.config$/i.test(f.path));
    if (ah) for (const n of declaredSections(ah.text)) names.add(n);
    this.sectionNames = [...names].filter((n) => !HEAVY.has(n)).sort();
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
    // Send every edited file first; the worker applies them in order.
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const p of dirty) {
      const f = this.files.find((x) => samePath(x.path, p));
      if (f) await this.engine.setFile(f.path, this.editors.text(f.path) ?? f.text);
    }
    if (gen !== this.gen) return;
    const t1 = performance.now();
    // The site map can be big (10,000 sites) and changes only with
    // applicationHost.config: fetch it on load, and after typing pauses.
    let res: Result | null, fd: Record<string, Diagnostic[]> | null;
    try {
      if (this.large && !this.sectionNames) await this.loadSectionNames();
      // fileDiagnostics checks every file: too slow for a hosting server, so
      // large mode marks the diagnostics of the chosen path only.
      [res, fd] = await Promise.all([
        this.engine.evaluate(this.path, this.large ? this.sectionNames ?? undefined : undefined),
        this.large ? Promise.resolve(null) : this.engine.fileDiagnostics(),
      ]);
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
    this.refreshes++;
    if (document.body.dataset.ready !== "true") {
      performance.mark("iisconf:first-result");
      document.body.dataset.ready = "true"; // for tests and the bench
    }
  }

  siteMapLater = debounce(() => void this.refreshSiteMap(), 400);

  async refreshSiteMap(): Promise<void> {
    this.siteMapStale = false;
    const sm = await this.engine.siteMap();
    if (!sm) return;
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
      res = await this.engine.evaluate(this.path, [focus], true, "evaluate-merge");
      if (gen !== this.gen || !res) return;
    }
    this.mergeResult = res;
    this.merge.render(res ?? r, res?.sections.find((s) => s.name === focus), names, (s) => this.focusSection(s));
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
        this.page.render(
          r.response,
          r.response?.page?.requestedUrl ?? (r.mapping ? `${r.mapping.site}${r.mapping.urlPath}` : this.path),
          this.large && r.mapping
            ? "This workspace is large, so evaluations leave out system.applicationHost/sites, and the engine computes the response a request gets only from a full evaluation. The Diagnostics tab lists every error at this path."
            : undefined,
        );
        break;
      case "merge":
        void this.refreshMerge();
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

/** Full names of the sections declared in a file's <configSections>. */
function declaredSections(text: string): string[] {
  const start = text.indexOf("<configSections");
  const end = text.indexOf("</configSections>", start);
  if (start < 0 || end < 0) return [];
  const out: string[] = [];
  const stack: string[] = [];
  const re = /<(\/?)(sectionGroup|section)\b([^>]*?)(\/?)>/g;
  re.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < end) {
    const name = /\bname\s*=\s*"([^"]*)"/.exec(m[3])?.[1];
    if (m[1]) {
      if (m[2] === "sectionGroup") stack.pop();
    } else if (m[2] === "sectionGroup") {
      if (!m[4]) stack.push(name ?? "");
    } else if (name) out.push([...stack, name].join("/"));
  }
  return out;
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
void app.start();
