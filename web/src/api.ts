// api.ts: the page's typed view of the engine worker. It wraps the client
// of web/src/engine/client.ts (owned by the engine-worker side) and parses
// the JSON strings it returns. Every method resolves to null when the
// client dropped the answer because a newer request superseded it.
import type { FileState, EvaluateArgs, MetabaseArgs, SecretScan, SecretRedaction, AssistArgs, Completion, HoverInfo } from "./engine/protocol";
import type { Result, SiteMap, Diagnostic, Sample, PoolConfigResult, MetabaseResult } from "./model";
import type { AppCmdExecResult, BackupDiffResult, BackupInfo, ExportSiteResult, FeatureInfo, FeaturesChangeResult } from "./engine/appcmd-protocol";
import { normSample } from "./model";
import { bindClient, type Transport } from "./transport";

export class Engine {
  private t: Transport;
  constructor() {
    this.t = bindClient();
  }

  get ready(): Promise<unknown> {
    return this.t.ready;
  }

  /** Called when the worker was restarted (a runaway evaluation). */
  onRestart(f: (reason: string) => void): void {
    this.t.onRestart(f);
  }

  private async call<T>(op: string, args: object, supersede?: string, timeoutMs?: number): Promise<T | null> {
    const s = await this.t.call(op, args, supersede, timeoutMs);
    if (s === null || s === undefined) return null;
    return (typeof s === "string" ? JSON.parse(s) : s) as T;
  }

  load(files: FileState[], env?: Record<string, string>) {
    return this.call<{ files: number; version: number }>("load", { files, env });
  }
  /** The sites of a workspace that is not loaded (the import dialog's workspace being imported). */
  siteMapOf(files: FileState[], env?: Record<string, string>) {
    return this.call<SiteMap>("siteMapOf", { files, env });
  }
  setFile(path: string, text: string) {
    return this.call<{ files: number; version: number }>("setFile", { path, text });
  }
  removeFile(path: string) {
    return this.call<{ files: number; version: number }>("removeFile", { path });
  }
  /** key: supersede key; a newer evaluate with the same key replaces an older one. */
  evaluate(args: EvaluateArgs, key = "evaluate") {
    return this.call<Result>("evaluate", args, key);
  }
  // The first pool or metabase call downloads and starts tools.wasm: a
  // longer watchdog than the engine's ops.
  poolConfig(pool: string) {
    return this.call<PoolConfigResult>("poolConfig", { pool }, "poolConfig", 30000);
  }
  metabase(args: MetabaseArgs) {
    return this.call<MetabaseResult>("metabase", args, "metabase", 30000);
  }
  // appcmd's writes and backups run in tools.wasm too (the same longer
  // watchdog). now is the workspace clock: backup names, history times.
  // Writes are never superseded: each command's answer is wanted.
  appcmdExec(line: string, now: string) {
    return this.call<AppCmdExecResult>("appcmdExec", { line, now }, undefined, 30000);
  }
  backups() {
    return this.call<BackupInfo[]>("backups", {}, "backups", 30000);
  }
  backupDiff(name: string) {
    return this.call<BackupDiffResult>("backupDiff", { name }, "backupDiff", 30000);
  }
  backupRestore(name: string, now: string) {
    return this.call<AppCmdExecResult>("backupRestore", { name, now }, undefined, 30000);
  }
  exportSite(site: string) {
    return this.call<ExportSiteResult>("exportSite", { site }, undefined, 30000);
  }
  // Server features run in tools.wasm too (they write through appcmd).
  features() {
    return this.call<FeatureInfo[]>("features", {}, "features", 30000);
  }
  featuresChange(install: string[], uninstall: string[]) {
    return this.call<FeaturesChangeResult>("featuresChange", { install, uninstall }, undefined, 30000);
  }
  // The secret scanner runs in tools.wasm too: its first call may start it.
  // Never superseded: a share waits for its own answer.
  scanSecrets(files: FileState[], env?: Record<string, string>) {
    return this.call<SecretScan>("scanSecrets", { files, env }, undefined, 30000);
  }
  redactSecrets(files: FileState[], env: Record<string, string> | undefined, keep: number[]) {
    return this.call<SecretRedaction>("redactSecrets", { files, env, keep }, undefined, 30000);
  }
  // The editor's help runs in tools.wasm (its first call starts it: the
  // longer watchdog). A newer request supersedes.
  /** What may be typed at an offset of a file. */
  complete(args: AssistArgs) {
    return this.call<Completion>("complete", args, "complete", 30000);
  }
  /** What the name at an offset of a file is (null: nothing to say). */
  hover(args: AssistArgs) {
    return this.call<HoverInfo>("hover", args, "hover", 30000);
  }
  siteMap() {
    return this.call<SiteMap>("siteMap", {}, "siteMap");
  }
  fileDiagnostics() {
    return this.call<Record<string, Diagnostic[]>>("fileDiagnostics", {}, "fileDiagnostics");
  }
  normalize(path: string) {
    return this.call<{ configPath?: string; error?: Diagnostic }>("normalize", { path }, "normalize");
  }
  folderOf(path: string) {
    return this.call<{ folder: string; webConfig: string; error?: string }>("folderOf", { path });
  }
  bundle() {
    return this.call<{ text?: string; error?: string }>("bundle", {});
  }
  parseBundle(text: string) {
    return this.call<{ files?: FileState[]; env?: Record<string, string>; error?: string }>("parseBundle", { text });
  }
  /** Loads the built-in stock server into the engine and returns its files (load without the round trip). */
  loadStock() {
    return this.call<{ files: FileState[]; env?: Record<string, string> }>("loadStock", {});
  }
  stock() {
    return this.call<{ files: FileState[]; env?: Record<string, string> }>("stock", {});
  }
  /** One sample's full workspace (stock server with the sample laid over it, after step when given) and where to look. */
  sample(name: string, step?: string) {
    return this.call<{ files: FileState[]; env?: Record<string, string>; name: string; step?: string; path: string; view: string; section?: string }>("sample", step ? { name, step } : { name });
  }
  async samples(): Promise<Sample[] | null> {
    const r = await this.call<any[]>("samples", {});
    if (!Array.isArray(r)) return r === null ? null : [];
    return r.map(normSample);
  }
}
