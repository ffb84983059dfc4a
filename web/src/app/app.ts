// app.ts: the playground shell. Owns the engine client, the workspace store,
// the editors and the frame; starts the page (share link, autosave, a
// ?sample=, or the stock server), lets the Scheduler evaluate, and routes
// what it fetched to the views: the path box, the trees, the editor markers
// and the registered panels. Panels, dialogs and the gallery live in their
// own modules and see the App only as an AppHost (host.ts); the first
// answer drawn before the engine is ready is first.ts, the page's keys,
// drops and pastes input.ts.
import type { State } from "../engine/protocol";
import type { Result, SiteMap } from "../model";
import { Engine } from "../api";
import { samePath, nextTask, afterPaint } from "../dom";
import { Editors } from "../ui/editor";
import { FileTree, SiteTree, type FileInfo } from "../ui/trees";
import { loadLocal } from "../share";
import { needsEngineAtOnce } from "../visit";
import { freshMeta, loadMeta, saveMeta, markEdited, markKept, mayAutosave, mustAsk, recentName, type WorkspaceMeta } from "../workspacemeta";
import type { Current, Incoming } from "./replace";
import { initTheme, isDark, onThemeChange } from "../theme";
import type { AppHost, LeftTab } from "./host";
import type { NotifyOptions } from "./layout";
import { Layout, type HeaderAction } from "./layout";
import { Panels, type PanelDef } from "./panels";
import { Scheduler } from "./scheduler";
import { Workspace, DEFAULT_PATH } from "./workspace";
import type { Gallery } from "./gallery";
import { closeWelcome, showWelcome } from "../dialogs/welcome";
import { drawFirstAnswer, engineTookOver, holdFirstFrame, stockOfFirstAnswer } from "./first";
import type { Stock } from "../hashlink";
import { warmUp } from "./warmup";
import { installInput } from "./input";

export class App implements AppHost {
  // Started by start(): at once, or after the first answer is on screen.
  readonly engine = new Engine(true);
  readonly editors: Editors = new Editors({
    onChange: (p) => this.workspace.edited(p),
    onPredict: (p, text) => this.workspace.predict(p, text),
    format: () => void Promise.all([this.loadAssist(), this.editors.whenView()]).then(([m, view]) => m.formatFile(view)),
  });
  private assistChunk: Promise<typeof import("../ui/assist")> | null = null;

  /** The editor's schema-aware help: its chunk loads when the editor is first focused. */
  loadAssist(): Promise<typeof import("../ui/assist")> {
    if (!this.assistChunk) {
      this.assistChunk = import("../ui/assist");
      this.assistChunk.then(
        (m) => this.editors.enableAssist(m.assist(this), m.closeAssist),
        () => (this.assistChunk = null),
      );
    }
    return this.assistChunk;
  }
  readonly workspace: Workspace = new Workspace(this.engine, this.editors, {
    changed: (c) => {
      if (c.siteMap) this.scheduler.siteMapStale = true;
      if (c.list) this.updateFileTree();
      this.edited();
      // A predicted keystroke's change is with the engine already: the
      // evaluation that sent it measures and draws it.
      if (!c.sent) this.scheduler.edited();
      this.workspace.save();
      if (!c.sent) this.schedule();
    },
    predicted: () => {
      this.scheduler.edited();
      this.schedule();
    },
    saved: (ok) => {
      this.layout.saved(ok);
      // One who stayed when asked is told when leaving is safe.
      if (ok && this.askedToStay && !this.workspace.unsavedOnLeave()) {
        this.askedToStay = false;
        this.notify("Your edits are saved: leaving the page keeps them now.");
      }
    },
    mayAutosave: () => mayAutosave(this.meta),
  });
  /** Where the workspace came from and whether it holds edits no link or export has (workspacemeta.ts). */
  meta: WorkspaceMeta = freshMeta("stock", "Stock server");
  readonly panels = new Panels(this);
  readonly scheduler: Scheduler = new Scheduler(this.engine, this.workspace, this.editors, {
    drawnSections: () => this.panels.liveSections(),
    filter: () => this.filter(),
    showResult: (res, fd) => this.showResult(res, fd),
    drawn: () => this.panels.drawn(),
    finished: () => this.finished(),
    showFileDiagnostics: () => this.showFileDiagnostics(),
    showSiteMap: (sm) => this.showSiteMap(sm),
    failed: (msg) => {
      this.layout.showStatusText("Engine error: " + msg, true);
      this.notify("Engine error: " + msg);
    },
  });
  private fileTree = new FileTree((p) => {
    if (!this.workspace.find(p)) return this.jump(p, 1); // a built-in stand-in
    this.openFile(p);
    this.layout.panes.reveal("editor");
  });
  private siteTree = new SiteTree((cp) => this.setPath(cp));
  readonly layout: Layout;
  private gallery: Promise<Gallery> | null = null;
  private firstDrawn = false;
  private keystrokes = 0; // keys pressed in the editors (warm-up stops at the first)
  private askedToStay = false; // the "Leave site?" prompt was shown (beforeunload)

  constructor() {
    this.layout = new Layout(this, this.panels, this.editors.root, { files: this.fileTree.list.root, sites: this.siteTree.root }, {
      path: (p, fromTyping) => this.setPath(p, fromTyping),
      filter: () => {
        // With defaults shown, only the filtered sections carry them.
        if (this.workspace.view.defaults) this.scheduler.scheduleComplete();
        else void this.panels.redraw(true);
      },
      defaults: (on) => {
        this.workspace.view.defaults = on;
        this.workspace.save();
        this.scheduler.scheduleComplete();
      },
      left: (id) => this.showLeft(id),
      fileAction: (which) => void import("../dialogs/files").then((m) => m.fileAction(this, which)),
    });
    initTheme();
    this.editors.setDark(isDark());
    onThemeChange(() => this.editors.setDark(isDark()));
    this.editors.root.addEventListener(
      "keydown",
      () => {
        this.scheduler.keystroke();
        this.keystrokes++;
      },
      true,
    );
    this.editors.root.addEventListener(
      "focusin",
      () => {
        void this.loadAssist();
        // Completion runs in tools.wasm: started now, in a worker of its
        // own (transport.ts), it is up before the first keys ask for it,
        // and has answered one at the path shown, in the file open.
        const file = this.editors.shownPath;
        this.engine.warmTools(file ? { path: this.workspace.path, file } : undefined);
      },
      { once: true },
    );
    this.editors.root.addEventListener("pointerover", () => void this.loadAssist(), { once: true });
    // Leaving the page, or hiding it (a hidden tab may be discarded without
    // another word): what the last stored autosave lacks is kept at once,
    // synchronously (keepForLeave: localStorage, a journal when large).
    window.addEventListener("pagehide", () => void this.workspace.keepForLeave(true));
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && void this.workspace.keepForLeave(false));
    // The browser's "Leave site?" prompt only when the journal could not
    // keep what is owed: local storage full, the changes too large for it,
    // no record of this workspace stored yet (a large import left before
    // its first autosave finished), or another tab having saved over it.
    // Otherwise leaving keeps everything without asking: the prompt is
    // unfriendly, and it would stand between the user and every reload.
    window.addEventListener("beforeunload", (e) => {
      const missing = this.workspace.keepForLeave(true);
      if (missing === null) return;
      this.askedToStay = true;
      this.notify(`Your last edits are not saved yet and could not be kept for leaving at once (${missing}): stay a moment while they are autosaved.`, { stays: true });
      e.preventDefault();
      e.returnValue = "";
    });
    window.addEventListener("hashchange", () => void this.fromHash());
    installInput(this);
  }

  registerPanel(def: PanelDef): void {
    this.panels.register(def);
  }

  addAction(a: HeaderAction): void {
    this.layout.addAction(a);
  }

  // ------------------------------------------------------------ AppHost

  get result(): Result | null {
    return this.scheduler.result;
  }
  get fileDiags() {
    return this.scheduler.fileDiags;
  }
  get siteMap(): SiteMap | null {
    return this.scheduler.siteMap;
  }
  get generation(): number {
    return this.scheduler.gen;
  }
  filter(): string {
    return this.layout.filterBox.value.trim();
  }
  setFilter(text: string): void {
    this.layout.filterBox.value = text;
    void this.panels.redraw(true);
  }
  refresh(): Promise<void> {
    return this.scheduler.refresh();
  }
  schedule(): void {
    this.scheduler.schedule();
  }
  notify(msg: string, opts?: NotifyOptions): void {
    this.layout.notify(msg, opts);
  }

  // Measurements for tests and the bench (web/TESTIDS.md).
  get refreshes(): number {
    return this.scheduler.refreshes;
  }
  get latencies(): number[] {
    return this.scheduler.latencies;
  }
  /** Per latency: whether the panels were drawn in the keystroke's own frame. */
  get ownFrames(): boolean[] {
    return this.scheduler.ownFrames;
  }
  /** Keystroke → its own frame (the typed character's), ms. */
  get keyFrames(): number[] {
    return this.scheduler.keyFrames;
  }
  /** Evaluations can be answered inside a frame (the page is cross-origin isolated: engine/answerbuffer.ts). */
  get sharedAnswers(): boolean {
    return this.engine.sharedAnswers;
  }
  get phases(): number[][] {
    return this.scheduler.phases;
  }
  get lastEvalMs(): number {
    return this.scheduler.lastEvalMs;
  }
  get large(): boolean {
    return this.workspace.large;
  }
  /** The first workspace is shown (autosave has started). */
  get loaded(): boolean {
    return this.workspace.loaded;
  }
  private resolveLoaded: () => void = () => {};
  private readonly loadedOnce = new Promise<void>((r) => (this.resolveLoaded = r));
  whenLoaded(): Promise<void> {
    return this.loadedOnce;
  }
  state(): State {
    return this.workspace.state();
  }

  // ------------------------------------------------------------- start

  async start(): Promise<void> {
    const params = new URLSearchParams(location.search);
    // A first visit (no link, no sample, no autosave) draws the build's
    // answer for the stock server, and starts the engine once that is on
    // screen (first.ts); any other visit needs the engine for its first
    // result, so it starts now (its worker, started by the page's early
    // script, is taken over: engine/early.ts).
    const firstVisit = !needsEngineAtOnce();
    // (Its shell and that answer are drawn in one frame: first.ts.)
    if (firstVisit) holdFirstFrame();
    if (!firstVisit) {
      this.engine.start();
      // A link's modules (the replace guard, the link codec) download
      // side by side now, not one after the other once each is needed;
      // a ?sample='s (the replace guard, the gallery) alike.
      if (location.hash.length > 1) for (const m of [import("./replace"), import("../hashlink")]) m.catch(() => {});
      else if (params.get("sample")) for (const m of [import("./replace"), import("./gallery")]) m.catch(() => {});
      this.editors.mount(); // CodeMirror's chunk, while the engine starts (editor.ts)
    }
    this.layout.showStatusText("Starting the engine…");
    // The autosave is the workspace a link, a sample or a short link
    // replaces: it is kept in Recent workspaces (and asked about) without
    // being loaded first.
    const loaded = await loadLocal();
    const saved = loaded?.state ?? null;
    // The record in the store, which this tab's journal is written against
    // until its own first autosave is stored (whichever workspace it shows).
    if (loaded?.record) this.workspace.restoredFrom(loaded.record);
    const savedMeta = loadMeta();
    const cur: Current | null = saved ? this.describe(saved, savedMeta) : null;
    const first = !cur && location.hash.length < 2 && !params.get("sample") ? await drawFirstAnswer(this) : null;
    this.engine.start(); // (no first answer drawn: start it now)
    void this.engine.ready.then(() => performance.mark("iisconf:engine-ready"));
    this.engine.onRestart((why) => {
      this.scheduler.restarted();
      this.notify("The engine was restarted: " + why);
    });
    let opened = false;
    // ?sample=<name>[&step=<step>] (the docs page's "Open in playground"):
    // open that sample (after that step), then drop the parameters so a
    // reload keeps the edits.
    const sample = params.get("sample");
    const step = params.get("step") ?? undefined;
    // A link is decoded while the engine starts (a #v2 link against the
    // stock files of the build's first answer, which index.html preloads
    // on every visit): its calls wait for the engine, in order, and go to
    // it the moment it is ready.
    if (location.hash.length > 1) opened = await this.openLink(location.hash, cur, () => stockOfFirstAnswer(this.engine));
    else if (sample) {
      history.replaceState(null, "", location.pathname);
      opened = await (await import("./replace")).openDocsSample(this, sample, step, cur);
    }
    await this.engine.ready;
    if (!opened) {
      if (cur) {
        this.meta = savedMeta;
        await this.show(cur.state);
        const j = loaded?.journal;
        if (j && j !== "applied") this.notify(`The edits made just before you last left this page could not be restored (${j.refused}): the workspace is as last autosaved.`, { stays: true });
      } else if (first) {
        // The engine has loaded the same stock server (first holds that
        // call) and takes over: its answers would be the drawn ones, so
        // nothing is drawn again.
        await first.engineLoaded;
        this.meta = freshMeta("stock", "Stock server");
        engineTookOver(this);
      } else {
        // A first visit without the build's answer: the engine loads its
        // own stock server, so its files cross the boundary once.
        const stock = await this.engine.loadStock();
        this.meta = freshMeta("stock", "Stock server");
        await this.show({ version: 1, files: stock?.files ?? [], env: stock?.env ?? {}, path: DEFAULT_PATH, view: { panel: "effective" } }, true);
      }
      // A first visit: the ways in (dialogs/welcome.ts). One that drew
      // the build's answer drew the welcome in the same frame (first.ts):
      // shown only now, it pushed the panels down under the reader.
      if (!cur && !first) showWelcome(this);
    }
    this.workspace.loaded = true;
    this.resolveLoaded();
    if (mayAutosave(this.meta)) {
      saveMeta(this.meta);
      this.workspace.saveNow();
    }
    this.warmUp();
  }

  /** The file that matters at the path: where the response's error is, else the most specific file read. */
  fileThatMatters(): string | undefined {
    const r = this.result;
    if (!r) return undefined;
    const pick =
      r.response?.diagnostic?.file ||
      r.diagnostics.find((d) => d.severity === "error" && d.file)?.file ||
      [...r.chain].reverse().find((l) => l.file && !l.builtin)?.file;
    return (pick && this.workspace.find(pick)?.path) || undefined;
  }

  /** Readies the engine for typing while the page is idle (warmup.ts). */
  private warmUp(): void {
    void warmUp(this.engine, {
      path: () => this.workspace.path,
      liveSections: () => this.scheduler.liveSections(),
      keystrokes: () => this.keystrokes,
    });
  }

  /** Opens a #v1:/#v2: link over cur (replace.ts, loaded with the first link); stock: where a #v2 link's stock files come from (default: the engine). */
  private async openLink(hash: string, cur: Current | null, stock?: () => Promise<Stock | null>): Promise<boolean> {
    return (await import("./replace")).openLink(this, hash, cur, stock);
  }

  private async fromHash(): Promise<void> {
    if (!this.workspace.loaded || location.hash.length < 2) return;
    await this.openLink(location.hash, this.current());
  }

  /** The workspace shown, as replace.ts keeps it (null before the first is shown). */
  private current(): Current | null {
    return this.workspace.loaded ? this.describe(this.workspace.state(), this.meta) : null;
  }

  /** A workspace as replace.ts keeps it: its state, name and whether replacing it asks. */
  private describe(state: State, meta: WorkspaceMeta): Current {
    return { state, name: recentName(meta), edited: mustAsk(meta) };
  }

  adopt(from: Incoming): void {
    this.meta = { ...freshMeta(from.origin, from.label), edited: !!from.edited };
    if (mayAutosave(this.meta)) saveMeta(this.meta);
  }

  /** Replaces the workspace (app/replace.ts, loaded on first use). */
  async replaceWorkspace(st: State, from: Incoming, cur: Current | null = this.current()): Promise<boolean> {
    const replaced = await (await import("./replace")).replaceWorkspace(this, st, from, cur);
    // A way in was taken (a sample, a link, an import): the welcome has done its work.
    if (replaced) closeWelcome();
    return replaced;
  }

  async keepInRecent(): Promise<void> {
    const cur = this.current();
    if (cur) await (await import("./replace")).keepInRecent(cur);
  }

  markKept(): void {
    this.meta = markKept(this.meta);
    if (mayAutosave(this.meta)) saveMeta(this.meta);
  }

  /** The workspace changed: it holds edits now (and is autosaved, even if it came from a link). */
  private edited(): void {
    if (!this.workspace.loaded || (this.meta.edited && !this.meta.linked)) return;
    this.meta = markEdited(this.meta);
    saveMeta(this.meta);
  }

  async loadState(st: State): Promise<void> {
    await this.show(st);
    this.edited();
  }

  /** Shows st; engineHas: the engine already holds st's files (loadStock, replaceWorkspace). Not a replace: replaceWorkspace is. */
  async show(st: State, engineHas = false): Promise<void> {
    const ws = this.workspace;
    ws.replace(st);
    if (ws.view.sample) void this.loadGallery().then((g) => g.explain(ws.view.sample!, ws.view.sampleStep));
    else this.layout.sampleBox.hidden = this.layout.sampleShow.hidden = true;
    this.layout.defaultsBox.checked = !!ws.view.defaults;
    this.layout.filterBox.value = "";
    this.layout.pathBox.value = ws.path;
    this.scheduler.reset();
    // The load and the first evaluation go to the worker at once (the
    // client sends the evaluation when the load's answer comes in), and
    // the panel is drawn when its answer comes. The editor opens its file
    // only after that is on screen: CodeMirror's first layout of a file is
    // the costliest step on the main thread, and done while the engine
    // evaluated, it held the answer's drawing back (two cores: the worker,
    // and everything else).
    const loaded = engineHas ? Promise.resolve(null) : this.engine.load(ws.files, ws.env);
    const first = this.refresh();
    await loaded;
    this.editors.reset(ws.files); // (texts only: a file's editor state is made when it opens)
    this.showPanel(ws.view.panel ?? "effective");
    ws.saveNow();
    await first;
    await this.panels.onScreen();
    await afterPaint();
    // The remembered file, else the one that matters at this path.
    const keep = ws.view.file && ws.find(ws.view.file) ? ws.view.file : undefined;
    const want = keep ?? this.fileThatMatters() ?? ws.defaultFile();
    if (want && ws.large) {
      // A 9 MB file's lines are split in a task of their own, and opened in the next.
      this.editors.prepare(want);
      await nextTask();
    }
    if (want) this.openFile(want);
  }

  // ----------------------------------------------------- navigation

  setPath(p: string, fromTyping = false): void {
    if (!p || p === this.workspace.path) return;
    this.workspace.path = p;
    if (!fromTyping) this.layout.pathBox.value = p;
    this.workspace.save();
    this.schedule();
  }

  openFile(path: string): void {
    if (!this.editors.open(path)) return;
    this.workspace.view.file = path;
    this.updateFileTree();
    this.workspace.save();
  }

  jump(file: string, line: number, column?: number): void {
    if (this.reveal(file, line, column)) {
      this.layout.panes.reveal("editor");
      this.editors.focus();
      return;
    }
    // A built-in stand-in (machine.config, root web.config): read-only.
    void import("../dialogs/standin").then(async (m) => {
      if (await m.viewStandIn(this, file, line)) {
        this.layout.panes.reveal("editor");
        this.updateFileTree(); // the stand-in is the open item now
      } else this.notify(`${file} is not in the workspace.`);
    });
  }

  reveal(file: string, line: number, column?: number): boolean {
    const f = this.workspace.find(file);
    if (!f) return false;
    this.editors.goto(f.path, line, column, false);
    this.workspace.view.file = f.path;
    this.updateFileTree();
    return true;
  }

  focusSection(name: string): void {
    this.workspace.view.section = name || undefined;
    this.workspace.save();
    this.showPanel("merge");
  }

  showPanel(id: string): void {
    if (!this.panels.has(id)) id = "effective";
    this.layout.panes.reveal("results");
    this.workspace.view.panel = id;
    this.workspace.save();
    this.layout.showControls(this.panels.controls(id));
    void this.panels.show(id);
  }

  showLeft(id: LeftTab): void {
    this.layout.showLeft(id);
    if (id === "samples") void this.loadGallery().then((g) => g.show());
  }

  async openSample(name?: string): Promise<void> {
    const g = await this.loadGallery();
    this.showLeft("samples");
    await g.open(name ?? (await g.nextLesson()));
  }

  /** The gallery's module, loaded the first time it is needed. */
  loadGallery(): Promise<Gallery> {
    this.gallery ??= import("./gallery").then((m) => new m.Gallery(this, this.layout.gallery, this.layout.sampleBox, this.layout.sampleShow));
    this.gallery.catch(() => (this.gallery = null)); // try again next time
    return this.gallery;
  }

  // ------------------------------------------------------ routing results

  private showResult(res: Result | null, fileDiags: boolean): Promise<void> {
    if (fileDiags) this.editors.setAllDiagnostics(this.fileDiags);
    if (res) {
      this.siteTree.setCurrent(res.configPath);
      this.layout.showPathInfo(res);
    }
    this.updateFileTree();
    return this.panels.redraw();
  }

  private showFileDiagnostics(): void {
    this.editors.setAllDiagnostics(this.fileDiags);
    this.updateFileTree();
    this.panels.fileDiagnosticsArrived();
  }

  private showSiteMap(sm: SiteMap): void {
    this.siteTree.set(sm, this.result?.configPath ?? "");
  }

  private finished(): void {
    this.layout.showStatus(this.workspace.files.length, this.result, this.scheduler.lastEvalMs, mayAutosave(this.meta));
    if (!this.firstDrawn) {
      this.firstDrawn = true;
      // The mark is taken once the visible panel has put its visible part
      // in the page (big results are built in chunks) and the frame
      // showing it is drawn: not when the evaluation is handed to the
      // panels, which can be long before the picture, with work queued
      // behind it (the editor's first file).
      void this.panels
        .onScreen()
        .then(afterPaint)
        .then(() => {
          performance.mark("iisconf:first-result");
          document.body.dataset.ready = "true"; // for tests and the bench
        });
      // The editor's search is not part of the first load: fetched once the
      // page is idle, it is there (selection matches included) before it is
      // likely wanted; its keys load it sooner if need be.
      const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
      if (idle) idle(() => void this.editors.loadSearch(), { timeout: 5000 });
      else setTimeout(() => void this.editors.loadSearch(), 2000);
    }
  }

  // What the file tree was last built from (updateFileTree).
  private fileTreeFrom: { list: number; diags: Map<string, unknown>; builtins: string; shown: string } | null = null;

  private updateFileTree(): void {
    // The stand-ins the engine reads at the path, when the workspace has none.
    const builtins = (this.result?.chain ?? []).filter((lv) => lv.builtin && lv.file && !this.workspace.find(lv.file)).map((lv) => lv.file!);
    // The item shown is marked, a stand-in as any open file.
    const shown = this.editors.shownPath ?? "";
    // Called after every evaluation; a keystroke changes none of what the
    // tree shows, and building its rows anew looked up every file's
    // diagnostics (10,000 of a hosting server's).
    const from = { list: this.workspace.listVersion, diags: this.fileDiags, builtins: builtins.join("\n"), shown };
    const was = this.fileTreeFrom;
    if (was && was.list === from.list && was.diags === from.diags && was.builtins === from.builtins && was.shown === from.shown) return;
    this.fileTreeFrom = from;
    const files: FileInfo[] = this.workspace.files.map((f) => {
      const ds = this.fileDiags.get(f.path.toLowerCase()) ?? [];
      return { path: f.path, errors: ds.filter((d) => d.severity === "error").length, warnings: ds.filter((d) => d.severity !== "error").length };
    });
    for (const file of builtins) files.push({ path: file, errors: 0, warnings: 0, builtin: true });
    this.fileTree.set(files, shown);
  }
}
