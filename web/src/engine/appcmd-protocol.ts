// appcmd-protocol.ts: the results of the worker ops for the console and
// the backups panel (appcmd writes, backups, configuration history, site export), answered by
// tools.wasm (wasm/tools/ops/appcmd.go). protocol.ts lists the requests; the shapes
// live here so panels/appcmd.ts and panels/backups.ts can name them.

/** A file a write added, changed or removed (then text is ""). */
export interface ChangedFile {
  path: string;
  text: string;
  removed?: boolean;
  unreadable?: boolean;
}

/** appcmdExec and backupRestore: what appcmd printed and what it changed. */
export interface AppCmdExecResult {
  output: string; // appcmd's stdout (CRLF line ends), or its ERROR ( ... ) text
  exitCode: number;
  emulator?: boolean; // iisconf's own refusal (a verb not emulated), not appcmd's text
  changed: string[]; // paths of files, sorted as the workspace sorts them
  files: ChangedFile[]; // the changed files, to apply to the page's copy
  history?: string; // the CFGHISTORY_nnnnnnnnnn snapshot the change made
}

/** backups: one backup or configuration history snapshot. */
export interface BackupInfo {
  name: string;
  folder: string;
  created?: string; // yyyy-MM-ddTHH:mm:ss on the workspace clock
  history: boolean; // a CFGHISTORY snapshot rather than a backup
  files: string[]; // the file names it holds
}

/** backupDiff: what restoring it would do, per configuration file. */
export interface BackupFileDiff {
  path: string;
  current: boolean; // the file exists now
  backup: boolean; // the backup holds a copy
  diff: string; // unified diff current (a/) → backup (b/); "" when equal
  removes?: boolean; // restoring deletes the file
}
export interface BackupDiffResult {
  name?: string;
  files?: BackupFileDiff[];
  error?: string;
}

/** exportSite: a txtar bundle, or why not. */
export interface ExportSiteResult {
  text?: string;
  error?: string;
}

/** features: one server feature (engine/features) and its state in the workspace. */
export interface FeatureInfo {
  id: string; // e.g. "rewrite"
  name: string; // "URL Rewrite 2.1"
  kind: string; // "download" (an MSI) or "role service" (Windows Server Manager)
  summary: string;
  stock: boolean; // the stock server has it
  requires: string[]; // feature ids installed with it
  state: "installed" | "partial" | "absent";
  adds: string[]; // what its installer adds, one step a line
  missing: string[]; // for a partial install: the steps not there
  evidence: string; // where the facts come from
}

/** featuresChange: the installers' and uninstallers' steps, the files they changed, every feature's state after. */
export interface FeaturesChangeResult {
  steps: string[];
  changed: string[];
  files: ChangedFile[];
  features: FeatureInfo[];
  error?: string; // the change was refused; nothing changed
}
