// The contract between the page and the engine's Web Worker.
//
// The engine (Go compiled to wasm, wasm/browser) runs in one dedicated,
// module-less Web Worker started once. The page sends Requests tagged with
// increasing ids; the worker answers each with one Response carrying the
// same id. Results cross the boundary as JSON *strings* (measured ~3x faster
// than structured JS objects) and are parsed on the page side.
//
// Every op is synchronous inside the worker; the page never blocks on it.
// The client (client.ts) drops answers to requests that a newer request of
// the same kind has superseded, and restarts the worker when one runs past
// its watchdog deadline.

import type { Source } from "../model";

/** A workspace file as the page holds it. */
export interface FileState {
  path: string; // Windows path, e.g. C:\inetpub\wwwroot\web.config
  text: string;
  unreadable?: boolean;
}

/** The page's whole state: what autosave keeps and share links carry. */
export interface State {
  version: 1;
  files: FileState[];
  env?: Record<string, string>; // overrides of the default environment
  path: string; // config path or URL the user chose
  view?: ViewState;
}

export interface ViewState {
  panel?: string; // a registered panel's id (web/src/panels/index.ts); an unknown one shows Effective
  section?: string; // section filter / focus
  defaults?: boolean; // show default values in the effective view
  file?: string; // file open in the editor
  sample?: string; // sample name when opened from the gallery
  sampleStep?: string; // the sample's step ("Try it" or fix) whose workspace was loaded
  pool?: string; // application pool of the pool view
  metabaseKey?: string; // key (Location) chosen in the metabase view
}

/** Requests. `args` are plain JSON values; results are JSON strings. */
export type Request =
  | { id: number; op: "load"; args: { files: FileState[]; env?: Record<string, string> } } // -> LoadResult
  | { id: number; op: "siteMapOf"; args: { files: FileState[]; env?: Record<string, string> } } // -> model.SiteMap of these files (the loaded workspace is left alone)
  | { id: number; op: "setFile"; args: { path: string; text: string } } // -> LoadResult
  | { id: number; op: "removeFile"; args: { path: string } } // -> LoadResult
  | { id: number; op: "evaluate"; args: EvaluateArgs } // -> model.Result
  // The editor's schema-aware help (engine/complete), served by tools.wasm
  // reading the engine through its ops: what may be typed at an offset of
  // a file (UTF-16 code units, as the page counts), and what the name
  // there is. path is the config path the page shows (which URL reading a
  // web.config is meant). Edits as evaluate's, applied first.
  | { id: number; op: "complete"; args: AssistArgs } // -> Completion
  | { id: number; op: "hover"; args: AssistArgs } // -> HoverInfo | null (nothing to say)
  | { id: number; op: "siteMap"; args: {} } // -> model.SiteMap
  | { id: number; op: "check"; args: {} } // -> Diagnostic[]
  | { id: number; op: "fileDiagnostics"; args: {} } // -> Record<path, Diagnostic[]> (every diagnostic of every file, for editor markers)
  | { id: number; op: "normalize"; args: { path: string } } // -> {configPath} | {error: Diagnostic}
  | { id: number; op: "folderOf"; args: { path: string } } // -> {folder, webConfig} the physical folder a config path maps to
  | { id: number; op: "bundle"; args: {} } // -> {text}
  | { id: number; op: "parseBundle"; args: { text: string } } // -> {files, env} | {error}
  | { id: number; op: "stock"; args: {} } // -> {files, env}: the built-in stock server
  | { id: number; op: "loadStock"; args: {} } // -> {files, env}: load the stock server (as load would) and return it
  | { id: number; op: "samples"; args: {} } // -> Sample[]
  | { id: number; op: "sample"; args: { name: string; step?: string } } // -> {name, step?, files, env, path, view, section?}: one sample's full workspace (stock + sample, after step when given), ready to load
  // poolConfig and metabase are served by tools.wasm (wasm/tools), which the
  // worker starts on the first of them; poolConfig reads the engine's workspace.
  | { id: number; op: "poolConfig"; args: { pool: string } } // -> PoolConfigResult (model.ts)
  | { id: number; op: "metabase"; args: MetabaseArgs } // -> MetabaseResult (model.ts)
  // appcmd's writes, backups and site export, served by tools.wasm
  // on a bundle of the engine's workspace; the page loads the files they
  // change (console.ts applyChanges). Results: appcmd-protocol.ts.
  | { id: number; op: "appcmdExec"; args: { line: string; now: string } } // -> AppCmdExecResult
  | { id: number; op: "backups"; args: {} } // -> BackupInfo[]
  | { id: number; op: "backupDiff"; args: { name: string } } // -> BackupDiffResult
  | { id: number; op: "backupRestore"; args: { name: string; now: string } } // -> AppCmdExecResult
  | { id: number; op: "exportSite"; args: { site: string } } // -> ExportSiteResult
  // Server features (engine/features): the list with each one's state, and
  // the installers' (install) and uninstallers' (uninstall) edits.
  | { id: number; op: "features"; args: {} } // -> FeatureInfo[]
  | { id: number; op: "featuresChange"; args: { install: string[]; uninstall: string[] } } // -> FeaturesChangeResult
  // The secret scanner (engine/secrets), served by tools.wasm on the files
  // and environment given (the page's State), with the schema files among
  // them in force. redactSecrets replaces what scanSecrets lists for the
  // same input, except the findings kept (indices into that list).
  | { id: number; op: "scanSecrets"; args: SecretsArgs } // -> SecretScan
  | { id: number; op: "redactSecrets"; args: SecretsArgs & { keep?: number[] } } // -> SecretRedaction
  | { id: number; op: "version"; args: {} }; // -> {version, go}

/**
 * evaluate's arguments (engine/config EvalOptions). The response (500.19 or
 * 200) is always computed from every section, whatever else is asked.
 */
export interface EvaluateArgs {
  path: string;
  sections?: string[]; // report only these (full or unambiguous short names)
  inputs?: boolean; // add each section's merge stack (Section.inputs)
  noDefaults?: boolean; // leave out what nobody set (appcmd list config without /config:*)
  summary?: boolean; // each section's name and lock state, element null
  /**
   * Adapter addition: every section as with summary, except these (full
   * names), which carry their element (and inputs) as noDefaults/inputs
   * say. What the page sends per keystroke: the sections it is drawing.
   */
  elements?: string[];
  /**
   * Adapter addition: file changes applied before evaluating, as setFile /
   * removeFile would (the page's edits since its last request, sent with
   * the evaluation they are for: one message per keystroke).
   */
  edits?: { path: string; text?: string; removed?: boolean }[];
}

/** complete's and hover's arguments. */
export interface AssistArgs {
  file: string;
  text: string; // the file's text as the page has it
  offset: number;
  path: string;
  schema?: FileState[]; // the workspace's schema files (inetsrv\config\schema\*.xml)
  edits?: EvaluateArgs["edits"];
}

/** engine/complete Completion: the options replace from..to. */
export interface Completion {
  from: number;
  to: number;
  context: "text" | "start" | "end" | "attribute" | "value";
  options: CompletionOption[];
}

export interface CompletionOption {
  label: string;
  kind: "section" | "group" | "element" | "directive" | "attribute" | "value" | "close";
  detail?: string;
  info?: string;
  boost?: number; // schema order; negative for a name that would be an error here
}

/** engine/complete Info: what the name or value at from..to is. */
export interface HoverInfo {
  from: number;
  to: number;
  kind: string;
  name: string;
  section?: string;
  summary: string;
  facts?: { label: string; text: string }[];
  lock?: {
    path: string;
    locked: boolean;
    text: string;
    by?: Source[];
  };
}

/** What scanSecrets and redactSecrets read. */
export interface SecretsArgs {
  files: FileState[];
  env?: Record<string, string>;
}

/** The kinds of secret (engine/secrets Kind; docs/secrets.md). */
export type SecretKind = "attribute" | "setting" | "connection-string" | "url" | "private-key" | "encrypted" | "environment";

/** One secret (engine/secrets Finding). */
export interface SecretFinding {
  file?: string; // the file's path; absent for an environment variable
  env?: string; // the environment variable holding it
  start: number; // byte range in the file's UTF-8 text (or the variable's value)
  end: number;
  line: number; // 1-based lines of the range (0 for a variable)
  endLine: number;
  kind: SecretKind;
  what: string; // where it is, in words, never the secret itself
}

export interface SecretScan {
  findings: SecretFinding[];
}

export interface SecretRedaction {
  files: FileState[]; // every file, in the order given, secrets replaced by "[redacted]"
  env: Record<string, string>;
  redacted: number;
}

/** metabase's arguments: it reads the texts given, not the workspace. */
export interface MetabaseArgs {
  metabase: string; // MetaBase.xml text
  file?: string; // its name in diagnostics (default MetaBase.xml)
  schema?: string; // MBSchema.xml text, laid over the built-in property table
  schemaFile?: string;
  key?: string; // a key's Location: its effective properties
  historyNames?: string[]; // the History folder's file names, to list the saved versions
}

export type Op = Request["op"];

/** The worker's answer. Exactly one of result / error is set. */
export interface Response {
  id: number;
  result?: string; // JSON text of the op's result
  error?: string; // a message for a failed op (bad arguments, engine panic)
  ms?: number; // time spent in the engine
}

export interface LoadResult {
  files: number;
  version: number; // workspace version after the change
}

/** Messages the worker sends on its own. */
export interface Ready {
  ready: true;
  version: string;
}

/** Sent instead of Ready when the wasm cannot be loaded. */
export interface StartFailed {
  ready: false;
  error: string;
}
