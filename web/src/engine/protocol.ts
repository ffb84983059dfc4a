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
//
// The ops, their arguments and results, and the State are generated from
// the Go side (web/src/gen/, `go run ./build`): EngineOps are the engine
// wasm's (wasm/engineops), ToolsOps tools.wasm's (wasm/tools/ops, started on
// first use; complete and hover read the engine through its ops, and the
// worker applies their edits to the engine first); WorkerOps below are
// answered by the worker itself.
import type { EngineOps, ToolsOps, None, LoadArgs } from "../gen/ops";
import type { FileState, ViewState } from "../gen/state";
import type { Site, Pool } from "../gen/model";
import type { SiteRoot } from "./siteroots";

export type { FileState, State, ViewState, ChangedFile, Edit } from "../gen/state";
export { viewFields } from "../gen/state";
export type { None, EngineOps, ToolsOps, LoadArgs, LoadResult, EvaluateArgs } from "../gen/ops";
export type { MetabaseArgs, SecretsArgs, SecretScan, SecretRedaction, SecretFinding, SecretKind } from "../gen/tools";
export type { AssistArgs, Completion, CompletionOption, HoverInfo, FeatureInfo, FeaturesChangeResult } from "../gen/tools";
// The support tools (compare, script, a pasted 500.19): wasm/tools/ops/support.go.
export type { Other as OtherWorkspace, CompareResult, CompareReport, CompareSectionDiff, CompareChange, CompareValue, CompareLockState } from "../gen/tools";
export type { ScriptResult, ScriptLangNote, VerifyResult, Read500Result, PastedPage } from "../gen/tools";

/** One sample's full workspace (the stock server with the sample laid over it, after step when given) and where to look. */
export interface SampleWorkspace {
  name: string;
  step?: string;
  files: FileState[];
  env: Record<string, string>;
  path: string;
  view: string; // the panel to show
  section?: string;
}

/**
 * The ops worker.ts answers from samples.json rather than the wasm
 * (compiled in, the gallery would cost every first visit ~120 KB brotli).
 */
export interface WorkerOps {
  /** The gallery's samples, without their files. */
  samples: { args: None; result: unknown[] };
  sample: { args: { name: string; step?: string }; result: SampleWorkspace };
  /**
   * siteMapOf's check of files that are not loaded, without its answer: the
   * site map of a hosting server is megabytes of JSON the page would parse
   * in one main-thread task only to drop it. Fails as siteMapOf fails.
   */
  checkFiles: { args: LoadArgs; result: null };
  /** The site map of files that are not loaded, shaped into each site's root folder (importplan.ts siteRoots) in the worker. */
  siteRootsOf: { args: LoadArgs; result: SiteRoot[] };
  /**
   * The engine's siteMap in parts of about a megabyte of JSON each, so that
   * the page parses a hosting server's site map (9 MB for 10,000 sites) a
   * part per task. Part 0 takes a snapshot of the site map and says how
   * many parts it has; later parts name that snapshot by its id and fail
   * when a newer part 0 has replaced it.
   */
  siteMapPart: { args: { part: number; id?: number }; result: SiteMapPart };
  /**
   * A large workspace's autosave, written by the worker from its copy of
   * the page's files (engine/autosave.ts). Answered once the snapshot is
   * taken (or refused: the copy is not the page's files); the write's
   * outcome follows as an Autosaved message with the same seq.
   */
  autosave: { args: AutosaveArgs; result: null };
}

/** What the page's autosave sends the worker: everything of the State but the texts. */
export interface AutosaveArgs {
  /** The page's count of autosaves: the Autosaved message names it. */
  seq: number;
  /** The record's id, stored with it (journal.ts). */
  id: string;
  /** The files' paths, in the page's order (the texts are the worker's copy). */
  paths: string[];
  env: Record<string, string>;
  path: string;
  view: ViewState;
}

/** An autosave (AutosaveArgs.seq) is stored, or could not be (storage full, private mode). */
export interface Autosaved {
  autosaved: number;
  ok: boolean;
  error?: string;
}

/** One part of a site map (siteMapPart): its sites in order, and with part 0 the pools, the number of parts and the snapshot's id. */
export interface SiteMapPart {
  sites: Site[];
  pools?: Pool[];
  parts?: number;
  id?: number;
}


/** Every op the page can send: name → arguments and result. */
export type Ops = EngineOps & ToolsOps & WorkerOps;
export type Op = keyof Ops;
export type OpArgs<K extends Op> = Ops[K]["args"];
export type OpResult<K extends Op> = Ops[K]["result"];

/**
 * A request. `args` are plain JSON values; the result comes back as JSON
 * text. frame: write the result to the shared answer buffer too, when it
 * fits (answerbuffer.ts). ifReady (a tools.wasm op): when tools.wasm has
 * not started yet, answer ToolsStarting at once and start it in the
 * background (ToolsReady follows), rather than hold the requests behind it.
 */
export type Request = { [K in Op]: { id: number; op: K; args: OpArgs<K>; frame?: boolean; ifReady?: boolean } }[Op];

/** The worker's answer. Exactly one of result / error / shared is set. */
export interface Response {
  id: number;
  result?: string; // JSON text of the op's result
  error?: string; // a message for a failed op (bad arguments, engine panic)
  shared?: boolean; // the result is in the shared answer buffer
  ms?: number; // time spent in the engine
}

/** The page's first message to a worker when it is cross-origin isolated (answerbuffer.ts). */
export interface AnswerBufferMessage {
  answerBuffer: SharedArrayBuffer;
}

/**
 * What a visit opens, sent by the page's first script (web/src/early.ts) to
 * the worker it starts (a link, a ?sample= and its step, or the autosave's
 * text: visit.ts opensAhead): the engine loads and evaluates it while the page's
 * modules load, so the page's own load and first evaluation of the same
 * workspace find its files parsed and its code compiled (engine/worker.ts).
 * Only a head start: the page loads what it decoded itself either way.
 */
export interface OpenMessage {
  open: { hash: string } | { state: string } | { sample: string; step?: string };
}

/** A Request.ifReady's answer while tools.wasm starts. */
export interface ToolsStarting {
  starting: true;
}

/** The page asks the worker to start tools.wasm in the background (the editor's help will soon be wanted). */
export interface WarmToolsMessage {
  warmTools: true;
  /**
   * Where the user is about to type: the path shown and the file open.
   * The worker asks tools.wasm for completions there once, in a made-up
   * web.config, and drops them (worker.ts warmAssist).
   */
  at?: WarmAt;
}

/** The path the page shows and the file its editor has open. */
export interface WarmAt {
  path: string;
  file: string;
}

/** Messages the worker sends on its own. tools.wasm has started (after an ifReady request or WarmToolsMessage): */
export interface ToolsReady {
  toolsReady: true;
}

/** The worker is up. */
export interface Ready {
  ready: true;
  version: string;
}

/** Steps of the worker's start-up, [step, ms since the epoch] (worker.ts), for the page's performance timeline. */
export interface WorkerMarks {
  marks: [string, number][];
}

/** Sent instead of Ready when the wasm cannot be loaded. */
export interface StartFailed {
  ready: false;
  error: string;
}
