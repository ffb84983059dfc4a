// api.ts: the page's typed view of the engine worker (and the tools'
// worker beside it, transport.ts). It wraps the client of
// web/src/engine/client.ts and parses the JSON strings it returns. Every
// op's name, arguments and result come from the generated contract
// (web/src/gen/ops.ts, from the Go op tables), so a call the engine does
// not answer, or answers differently, does not compile. Every method
// resolves to null when the client dropped the answer because a newer
// request superseded it.
import type { AssistArgs, AutosaveArgs, FileState, EvaluateArgs, Edit, MetabaseArgs, Op, OpArgs, OpResult, OtherWorkspace, ToolsStarting, WarmAt } from "./engine/protocol";
import type { Sample, SiteMap } from "./model";
import { normSample } from "./model";
import { bindClient, type Transport } from "./transport";

/**
 * An engine error as a reason for the user: the client prefixes the op that
 * failed ("load: file 2: "x" is not an absolute Windows path"), which says
 * nothing to someone opening a link.
 */
export function engineReason(e: unknown): string {
  return String((e as Error)?.message ?? e).replace(/^((siteMapOf|checkFiles|siteRootsOf|load): )+/, "");
}

export class Engine {
  private t: Transport | null = null;
  private begin!: (t: Transport) => void;
  /** The transport, once start() has made it. */
  private readonly started = new Promise<Transport>((r) => (this.begin = r));

  /**
   * later: the worker is not started until start() is called (a first
   * visit draws the build's answer first, and the engine's download and
   * compilation would compete with that for the processor); calls made
   * meanwhile wait, in order.
   */
  constructor(later = false) {
    if (!later) this.start();
  }

  /** Starts the engine worker (once). */
  start(): void {
    if (this.t) return;
    this.t = bindClient();
    this.begin(this.t);
  }

  get ready(): Promise<unknown> {
    return this.started.then((t) => t.ready);
  }

  /** Called when the worker was restarted (a runaway evaluation). */
  onRestart(f: (reason: string) => void): void {
    void this.started.then((t) => t.onRestart(f));
  }

  /** Whether evaluations can be answered inside a frame (engine/answerbuffer.ts); false until started. */
  get sharedAnswers(): boolean {
    return this.t?.sharedAnswers ?? false;
  }

  private async call<K extends Op>(op: K, args: OpArgs<K>, supersede?: string, timeoutMs?: number, frame?: boolean, ifReady?: boolean): Promise<OpResult<K> | null> {
    // Always through the promise, so calls keep their order across start().
    const t = await this.started;
    const s = await t.call(op, args, supersede, timeoutMs, frame, ifReady);
    if (s === null || s === undefined) return null;
    return (typeof s === "string" ? JSON.parse(s) : s) as OpResult<K>;
  }

  /** A large workspace's autosave, written by the worker from the files it was sent (engine/autosave.ts); resolves once stored. */
  async autosave(args: AutosaveArgs): Promise<void> {
    return (await this.started).autosave(args);
  }

  load(files: FileState[], env?: Record<string, string>) {
    return this.call("load", { files, env });
  }
  /** Checks files that are not loaded as the engine's siteMapOf does (rejects with its error); the engine's workspace is left alone. */
  checkFiles(files: FileState[], env?: Record<string, string>) {
    return this.call("checkFiles", { files, env });
  }
  /** Each site's root folder, for files that are not loaded. */
  siteRootsOf(files: FileState[], env?: Record<string, string>) {
    return this.call("siteRootsOf", { files, env });
  }
  setFile(path: string, text: string) {
    return this.call("setFile", { path, text });
  }
  removeFile(path: string) {
    return this.call("removeFile", { path });
  }
  /** File changes (texts or removals) in one engine update. */
  edit(edits: Edit[]) {
    return this.call("edit", { edits });
  }
  /**
   * key: supersede key; a newer evaluate with the same key replaces an
   * older one. The answer is delivered inside a frame when it can be, so
   * the panels it changes are drawn in that frame (app/scheduler.ts).
   */
  evaluate(args: EvaluateArgs, key = "evaluate") {
    return this.call("evaluate", args, key, undefined, true);
  }
  /** Plays keystrokes at a path on a scratch engine so their code is compiled before the user types (app/warmup.ts). */
  warm(path: string, elements: string[], rounds: number, check = false) {
    return this.call("warm", { path, elements, rounds, check }, "warm");
  }
  // The first call of a tools.wasm op downloads and starts it: a longer
  // watchdog than the engine's ops.
  poolConfig(pool: string) {
    return this.call("poolConfig", { pool }, "poolConfig", 30000);
  }
  metabase(args: MetabaseArgs) {
    return this.call("metabase", args, "metabase", 30000);
  }
  // appcmd's writes and backups run in tools.wasm too. now is the
  // workspace clock: backup names, history times. Writes are never
  // superseded: each command's answer is wanted.
  appcmdExec(line: string, now: string) {
    return this.call("appcmdExec", { line, now }, undefined, 30000);
  }
  backups() {
    return this.call("backups", {}, "backups", 30000);
  }
  backupDiff(name: string) {
    return this.call("backupDiff", { name }, "backupDiff", 30000);
  }
  backupRestore(name: string, now: string) {
    return this.call("backupRestore", { name, now }, undefined, 30000);
  }
  exportSite(site: string) {
    return this.call("exportSite", { site }, undefined, 30000);
  }
  // Server features run in tools.wasm too (they write through appcmd).
  features() {
    return this.call("features", {}, "features", 30000);
  }
  featuresChange(install: string[], uninstall: string[]) {
    return this.call("featuresChange", { install, uninstall }, undefined, 30000);
  }
  // The support tools run in tools.wasm too (a longer watchdog: a hosting
  // server's comparison or replay takes seconds).
  compare(args: OpArgs<"compare">) {
    return this.call("compare", args, "compare", 60000);
  }
  script(from: OtherWorkspace) {
    return this.call("script", { from }, "script", 60000);
  }
  scriptVerify(from: OtherWorkspace) {
    return this.call("scriptVerify", { from }, "scriptVerify", 120000);
  }
  read500(text: string) {
    return this.call("read500", { text }, "read500", 30000);
  }
  // The secret scanner runs in tools.wasm too: its first call may start it.
  // Never superseded: a share waits for its own answer.
  scanSecrets(files: FileState[], env?: Record<string, string>) {
    return this.call("scanSecrets", { files, env }, undefined, 30000);
  }
  redactSecrets(files: FileState[], env: Record<string, string> | undefined, keep: number[]) {
    return this.call("redactSecrets", { files, env, keep }, undefined, 30000);
  }
  // The editor's help runs in tools.wasm, in the tools' worker beside the
  // engine's (transport.ts): it never holds an evaluation (its first call
  // starts it: the longer watchdog). A newer request supersedes.
  // Completion as one types is null until tools.wasm has started (~0.8 s),
  // rather than wait for it; asking starts it.
  /**
   * What may be typed at an offset of a file; "starting" when the
   * completion was asked as one types (explicit false) and tools.wasm has
   * not started yet (toolsReady tells when it has).
   */
  async complete(args: AssistArgs, explicit = true): Promise<OpResult<"complete"> | "starting" | null> {
    const r = await this.call("complete", args, "complete", 30000, false, !explicit);
    return r && (r as unknown as ToolsStarting).starting ? "starting" : r;
  }
  /** Resolves once the tools' worker's tools.wasm has started (completion, hover, the tools). */
  async toolsReady(): Promise<void> {
    return (await this.started).toolsReady();
  }
  /** Starts the tools' worker and its tools.wasm, in the background: the editor's help will soon be asked for. */
  warmTools(at?: WarmAt): void {
    void this.started.then((t) => t.warmTools(at));
  }
  /**
   * What the name at an offset of a file is (null: nothing to say). The
   * pointer's hovers and the keyboard's descriptions supersede only their
   * own kind: a hover under a resting pointer must not cancel Ctrl+Shift+Space.
   */
  hover(args: AssistArgs, from: "pointer" | "keyboard" = "pointer") {
    return this.call("hover", args, from === "pointer" ? "hover" : "describe", 30000);
  }
  /** The built-in machine.config or root web.config at a framework folder's path (tools.wasm). */
  standIns(path: string) {
    return this.call("standIns", { path }, undefined, 30000);
  }
  /**
   * The workspace's site map, null when a newer call replaced this one. It
   * comes in parts of about a megabyte of JSON (WorkerOps.siteMapPart),
   * each parsed in its own task: a hosting server's 9 MB at once was one of
   * the longest tasks of its import.
   */
  async siteMap(): Promise<SiteMap | null> {
    const gen = ++this.siteMaps;
    for (let attempt = 1; ; attempt++) {
      const first = await this.call("siteMapPart", { part: 0 }, "siteMap");
      if (!first || gen !== this.siteMaps) return null;
      const sites = first.sites;
      try {
        for (let part = 1; part < (first.parts ?? 1); part++) {
          const p = await this.call("siteMapPart", { part, id: first.id });
          if (!p || gen !== this.siteMaps) return null;
          for (const s of p.sites) sites.push(s);
        }
      } catch (e) {
        if (gen !== this.siteMaps) return null;
        // The snapshot went with a restarted engine worker: once more from part 0.
        if (attempt < 2) continue;
        throw e;
      }
      return { sites, pools: first.pools ?? [] };
    }
  }
  private siteMaps = 0;
  fileDiagnostics() {
    return this.call("fileDiagnostics", {}, "fileDiagnostics");
  }
  normalize(path: string) {
    return this.call("normalize", { path }, "normalize");
  }
  folderOf(path: string) {
    return this.call("folderOf", { path });
  }
  bundle() {
    return this.call("bundle", {});
  }
  /** A bundle's files, or where it is malformed. In tools.wasm: its first call may start it (the longer watchdog). */
  parseBundle(text: string) {
    return this.call("parseBundle", { text }, undefined, 30000);
  }
  /** Loads the built-in stock server into the engine and returns its files (load without the round trip). */
  loadStock() {
    return this.call("loadStock", {});
  }
  stock() {
    return this.call("stock", {});
  }
  /** One sample's full workspace (stock server with the sample laid over it, after step when given) and where to look. */
  sample(name: string, step?: string) {
    return this.call("sample", step ? { name, step } : { name });
  }
  async samples(): Promise<Sample[] | null> {
    const r = await this.call("samples", {});
    if (!Array.isArray(r)) return r === null ? null : [];
    return r.map(normSample);
  }
}
