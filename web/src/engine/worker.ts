// The engine's Web Worker: a classic (module-less) worker script, bundled
// by `go run ./build` as an IIFE after Go's wasm_exec.js (which defines
// the Go class: one script, no importScripts). It loads the engine wasm
// (content-hashed; the build injects the names through the __IISCONF_*__
// defines below), announces {ready, version}, then answers each Request
// (protocol.ts) with one Response.
//
// Every op runs synchronously inside the wasm (wasm/browser registers
// globalThis.iisconf.<op>(argsJSON) → JSON string | Error), so requests
// are answered strictly in order; superseding and the watchdog live on the
// page side (client.ts), because a busy worker cannot read new messages.
//
// The page runs two of these (transport.ts): the engine's, which answers
// the engine's ops (every keystroke's evaluation), and the tools', which
// answers tools.wasm's ops (below) on an engine the page keeps in step
// with the first one's workspace, so that a completion never holds an
// evaluation.
//
// `checkFiles` and `siteRootsOf` are siteMapOf with a smaller answer,
// `siteMapPart` is siteMap in parts (protocol.ts WorkerOps).
//
// `samples` and `sample` are answered here from samples.json (written by
// the build from package samples) instead of the wasm: compiled in, the
// gallery costs ~1.1 MB raw / ~120 KB brotli of wasm on every first load,
// while the gallery is opened by few visits. The page cannot tell.

import type { AnswerBufferMessage, ChangedFile, Edit, EvaluateArgs, FileState, OpenMessage, Request, Response, Ready, StartFailed, ToolsReady, ToolsStarting, WarmAt, WarmToolsMessage, WorkerMarks } from "./protocol";
import { AnswerBuffer } from "./answerbuffer";
import { toolsOpNames, toolsOpsUsing } from "../gen/ops";
import { siteRoots } from "./siteroots";
import { decodeLink, type Stock } from "../hashlink";
import { validateState } from "../statecodec";
import { AutosaveWriter, FileCopy } from "./autosave";

declare const __IISCONF_WASM_URL__: string;
declare const __IISCONF_TOOLS_WASM_URL__: string;
declare const __IISCONF_SAMPLES_URL__: string;
declare const __IISCONF_BUILD__: string;

// What wasm_exec.js, at the start of this script, defines (only the part used here).
declare class Go {
  importObject: WebAssembly.Imports;
  /** The program's environment, read by the Go runtime at start. */
  env: Record<string, string>;
  run(instance: WebAssembly.Instance): Promise<void>;
}

type EngineFn = (argsJSON: string) => string | Error;

interface WorkerGlobal {
  iisconf?: Record<string, EngineFn>;
  iisconfTools?: Record<string, EngineFn>;
  __iisconfReady?: (version: string) => void;
  __iisconfToolsReady?: () => void;
  __iisconfBuild?: string;
  /** Runs the Go collector now (wasm/browser). */
  __iisconfCollect?: () => void;
  /** Collections run when quiet, for tests (web/test/keystroke.test.mjs). */
  __iisconfCollections?: number;
  /** warmAssist has played its completions, for tests (web/test/keystroke.test.mjs). */
  __iisconfAssistWarmed?: boolean;
  Go: typeof Go;
  /** The name the page gave the worker: "iisconf-engine", or "iisconf-tools" for the tools' one (transport.ts). */
  name?: string;
  postMessage(message: unknown): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  location: { href: string };
}

const scope = self as unknown as WorkerGlobal;

// The worker's start-up on the page's timeline: each step's time (ms
// since the epoch), sent with ready and after the visit's workspace is
// opened ahead (WorkerMarks); the page's client records them as
// performance marks "iisconf:engine:<step>", which the bench and
// web/test/lib/abvisits.mjs print beside the page's own.
const marks: [string, number][] = [];
function mark(step: string): void {
  marks.push([step, performance.timeOrigin + performance.now()]);
}
function sendMarks(): void {
  if (marks.length) scope.postMessage({ marks: marks.splice(0) } satisfies WorkerMarks);
}
marks.push(["thread", performance.timeOrigin]);
mark("script");

function url(rel: string): string {
  // The names are relative to the site root where the worker script lives.
  return new URL(rel, scope.location.href).href;
}

async function start(): Promise<string> {
  const source = fetch(url(__IISCONF_WASM_URL__));
  // The build id travels in this script, not in the wasm, so the wasm's
  // bytes (and its cached compression) only change when Go code does.
  scope.__iisconfBuild = __IISCONF_BUILD__;
  const go = new scope.Go();
  // The engine re-evaluates on every keystroke; in wasm the collector runs
  // on the one thread those evaluations run on, so a cycle lands inside a
  // keystroke's budget. Collect less often (the heap may grow to 5x the
  // live data), bounded by a soft limit so a hosting server's workspace
  // still collects as the default would near it. Set here, where the
  // runtime reads them at start, rather than by runtime/debug in Go (which
  // would pull fmt, os and time into the wasm).
  go.env = { GOGC: "400", GOMEMLIMIT: "1GiB" };
  const ready = new Promise<string>((resolve) => {
    scope.__iisconfReady = resolve;
  });
  let instance: WebAssembly.Instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(source, go.importObject));
  } catch (err) {
    // instantiateStreaming needs the application/wasm MIME type; a host
    // that serves something else still works, only slower.
    const bytes = await (await fetch(url(__IISCONF_WASM_URL__))).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
  }
  mark("compiled");
  go.run(instance).catch((err) => console.error("iisconf engine exited", err));
  return ready.then((v) => (mark("ready"), v));
}

async function instantiate(rel: string, go: Go): Promise<WebAssembly.Instance> {
  try {
    return (await WebAssembly.instantiateStreaming(fetch(url(rel)), go.importObject)).instance;
  } catch {
    const bytes = await (await fetch(url(rel))).arrayBuffer();
    return (await WebAssembly.instantiate(bytes, go.importObject)).instance;
  }
}

// tools.wasm (wasm/tools): the pool view, metabase mode, the secret
// scanner, appcmd's writes and backups, server features and the editor's
// completion and hover, a second Go instance started on first use so the
// engine wasm every visit loads stays small. Its ops and which of them
// read the workspace come from the generated contract.
//
// The ops that read the workspace work on tools' own copy of it, which
// this worker keeps in step with the engine's: the whole workspace (as a
// bundle) the first time after a load, then only the files changed since,
// which it notes as the page's changes reach the engine. A write answers
// with the files it changed; tools' copy has them already, so when the
// page sends them on to the engine they are not sent back to tools.
// complete and hover read the engine itself through its ops (tools.wasm
// calls globalThis.iisconf.<op> synchronously): their edits go to the
// engine first, as evaluate's do.
const TOOL_OPS = new Set<string>(toolsOpNames);
const WORKSPACE_OPS = new Set<string>(toolsOpsUsing.workspace);
const WRITE_OPS = new Set<string>(toolsOpsUsing.writes);
let tools: Promise<Record<string, EngineFn>> | null = null;
let toolsStarted = false; // tools.wasm answers (loadTools resolved)

let toolsHasWorkspace = false; // a whole workspace was synced since the last load
const toolsBehind = new Map<string, ChangedFile>(); // changes tools lacks, by path
const toolsWrote = new Map<string, ChangedFile>(); // files tools wrote, not yet back from the page

// workspaceVersion counts the changes of the engine's workspace, so that
// tools.wasm may keep the engine's answers while it stays the same.
let workspaceVersion = 1;

const pathKey = (p: string) => p.replace(/\//g, "\\").toLowerCase();

/** Notes a file change the engine made, for tools' copy. */
function behind(c: ChangedFile): void {
  workspaceVersion++;
  const k = pathKey(c.path);
  const w = toolsWrote.get(k);
  if (w) {
    toolsWrote.delete(k);
    if (!!w.removed === !!c.removed && (c.removed || w.text === c.text)) return; // tools' own write coming back
  }
  toolsBehind.set(k, c);
}

function noteEdits(edits: Edit[] | undefined): void {
  for (const e of edits ?? []) behind({ path: e.path, text: e.text ?? "", removed: e.removed, unreadable: e.unreadable });
}

/** Notes what an engine op that succeeded changed. */
function noteEngineChange(req: Request): void {
  switch (req.op) {
    case "load":
    case "loadStock":
      workspaceVersion++;
      toolsHasWorkspace = false;
      toolsBehind.clear();
      toolsWrote.clear();
      break;
    case "setFile":
      behind({ path: req.args.path, text: req.args.text, unreadable: req.args.unreadable });
      break;
    case "removeFile":
      behind({ path: req.args.path, text: "", removed: true });
      break;
    case "evaluate":
    case "edit":
      noteEdits(req.args.edits);
      break;
  }
}

function loadTools(): Promise<Record<string, EngineFn>> {
  if (!tools) {
    tools = (async () => {
      const go = new scope.Go();
      const ready = new Promise<void>((resolve) => (scope.__iisconfToolsReady = resolve));
      const instance = await instantiate(__IISCONF_TOOLS_WASM_URL__, go);
      go.run(instance).catch((err) => console.error("iisconf tools exited", err));
      await ready;
      toolsStarted = true;
      scope.postMessage({ toolsReady: true } satisfies ToolsReady);
      return scope.iisconfTools!;
    })();
    tools.catch(() => (tools = null)); // let a later request retry
  }
  return tools;
}

function invoke(t: Record<string, EngineFn>, op: string, args: unknown): string {
  const fn = t[op];
  if (typeof fn !== "function") throw new Error(`unknown op "${op}"`);
  const out = fn(JSON.stringify(args));
  if (typeof out !== "string") throw new Error(out instanceof Error ? out.message : String(out));
  return out;
}

// A web.config as one types it: warmAssist asks for completions at the
// places typing asks for them (an attribute's value, an element's name).
const WARM_TEXT = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <system.webServer>
    <defaultDocument>
      <files>
        <add value="" />
        <
      </files>
    </defaultDocument>
  </system.webServer>
</configuration>
`;
const WARM_OFFSETS = [WARM_TEXT.indexOf('value="') + 'value="'.length, WARM_TEXT.indexOf("<\n") + 1];

/**
 * Plays the editor's completion once where the user is about to type, and
 * drops the answers. tools.wasm's functions, and this worker's engine's
 * that a completion asks, are compiled by the browser the first time they
 * run: the first completion took ~90 ms against ~5 ms for the next ones,
 * on the second core while the user's first keys were handled on the
 * first. Done when the editor is focused, that is before the first key.
 * The answers are true ones (the workspace's, at that path): kept by the
 * tools for the workspace's version, as any completion's.
 */
function warmAssist(t: Record<string, EngineFn>, at: WarmAt): void {
  for (const offset of WARM_OFFSETS) invoke(t, "complete", { file: at.file, text: WARM_TEXT, offset, path: at.path, version: workspaceVersion });
  scope.__iisconfAssistWarmed = true;
}

/** Brings tools' copy of the workspace in step with the engine's. */
function syncTools(t: Record<string, EngineFn>): void {
  if (!toolsHasWorkspace) {
    const b = JSON.parse(callEngine("bundle", "{}")) as { text: string };
    invoke(t, "syncWorkspace", { bundle: b.text });
    toolsHasWorkspace = true;
    toolsBehind.clear();
    toolsWrote.clear();
  } else if (toolsBehind.size > 0) {
    const changes = [...toolsBehind.values()];
    toolsBehind.clear();
    try {
      invoke(t, "syncWorkspace", { changes });
    } catch (err) {
      toolsHasWorkspace = false; // the next op syncs the whole workspace
      throw err;
    }
  }
}

async function callTool(req: Request): Promise<string> {
  let args: unknown = req.args ?? {};
  if (req.op === "complete" || req.op === "hover") {
    // The page's pending edits reach the engine first, in one update.
    const { edits, ...rest } = req.args;
    if (edits?.length) {
      callEngine("edit", JSON.stringify({ edits }));
      noteEdits(edits);
    }
    args = { ...rest, version: workspaceVersion };
  }
  // Not worth waiting for (Request.ifReady): tools.wasm starts in the
  // background while the next requests are answered.
  if (req.ifReady && !toolsStarted) {
    loadTools().catch(() => {});
    return JSON.stringify({ starting: true } satisfies ToolsStarting);
  }
  const t = await loadTools();
  if (WORKSPACE_OPS.has(req.op)) syncTools(t);
  const out = invoke(t, req.op, args);
  if (WRITE_OPS.has(req.op)) {
    for (const f of (JSON.parse(out) as { files?: ChangedFile[] }).files ?? []) toolsWrote.set(pathKey(f.path), f);
  }
  return out;
}

// Samples are fetched once, on the first gallery request. Each entry
// (build/samplesjson.go) carries the sample's starting state as a delta
// from the stock server, and each step its delta from the state it starts
// from; `sample` composes them here.
interface FileText {
  path: string;
  text: string;
  unreadable?: boolean;
}
interface Delta {
  files: { path: string; text: string; copyOf?: string; unreadable?: boolean }[];
  edits: { path: string; splices: { at: number; delete: number; insert?: string[] }[]; unreadable?: boolean }[];
  removed: string[];
  env: Record<string, string>;
}
interface StepEntry extends Delta {
  name: string;
  from?: string;
  [meta: string]: unknown;
}
interface SampleEntry extends Delta {
  name: string;
  path: string;
  view: string;
  section?: string;
  steps: StepEntry[];
  [meta: string]: unknown;
}
let samples: Promise<{ list: unknown[]; entries: SampleEntry[] }> | null = null;

function loadSamples() {
  if (!samples) {
    samples = fetch(url(__IISCONF_SAMPLES_URL__)).then(async (r) => {
      if (!r.ok) throw new Error(`samples.json: HTTP ${r.status}`);
      const entries = (await r.json()) as SampleEntry[];
      // The list is the cards: no workspaces.
      const list = entries.map(({ files, edits, removed, env, path, steps, ...info }) => ({
        ...info,
        steps: steps.map(({ files, edits, removed, env, ...st }) => st),
      }));
      return { list, entries };
    });
    samples.catch(() => (samples = null)); // let a later request retry
  }
  return samples;
}

const fileKey = (p: string) => p.toLowerCase();

// applyDelta changes files (keyed by lower-cased path) and env in place:
// edits splice the lines of the text before the delta, new files are
// written (a copy takes its text once the edits are done), removed files
// go.
function applyDelta(files: Map<string, FileText>, env: Record<string, string>, d: Delta): void {
  for (const e of d.edits) {
    const f = files.get(fileKey(e.path));
    if (!f) throw new Error(`sample: ${e.path} is not in the workspace to edit`);
    files.set(fileKey(e.path), { path: f.path, text: spliceLines(f.text, e.splices), unreadable: e.unreadable || undefined });
  }
  for (const f of d.files) {
    if (f.copyOf) continue;
    files.set(fileKey(f.path), { path: f.path, text: f.text, unreadable: f.unreadable });
  }
  for (const f of d.files) {
    if (!f.copyOf) continue;
    const src = files.get(fileKey(f.copyOf));
    if (!src) throw new Error(`sample: ${f.copyOf} is not in the workspace to copy`);
    files.set(fileKey(f.path), { path: f.path, text: src.text, unreadable: f.unreadable });
  }
  for (const p of d.removed) files.delete(fileKey(p));
  Object.assign(env, d.env);
}

// spliceLines is textdiff.ApplySplices: each splice's line index counts in
// the text before any of them.
function spliceLines(text: string, splices: Delta["edits"][number]["splices"]): string {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const out: string[] = [];
  let next = 0;
  for (const s of splices) {
    out.push(...lines.slice(next, s.at), ...(s.insert ?? []));
    next = s.at + s.delete;
  }
  out.push(...lines.slice(next));
  return out.join("");
}

// sample composes a sample's full workspace: the stock server (from the
// engine, so it is the very text the engine embeds) with the sample's
// starting delta, then, for a step, the deltas of the steps leading to it
// (its from chain) and its own, as package expect does.
async function sample(name: string, step?: string): Promise<string> {
  const { entries } = await loadSamples();
  const s = entries.find((e) => e.name === name);
  if (!s) throw new Error(`sample: no sample named "${name}"`);
  const chain: StepEntry[] = [];
  for (let cur = step; cur; ) {
    const st = s.steps.find((x) => x.name === cur);
    if (!st || chain.includes(st)) throw new Error(`sample: ${name} has no step "${cur}"`);
    chain.unshift(st);
    cur = st.from;
  }
  const stock = JSON.parse(callEngine("stock", "{}")) as { files: FileText[]; env: Record<string, string> };
  const files = new Map(stock.files.map((f) => [fileKey(f.path), f]));
  const env = { ...stock.env };
  applyDelta(files, env, s);
  for (const st of chain) applyDelta(files, env, st);
  const out = [...files.values()].sort((a, b) => (fileKey(a.path) < fileKey(b.path) ? -1 : 1));
  return JSON.stringify({ name: s.name, step: step || undefined, files: out, env, path: s.path, view: s.view, section: s.section });
}

// The site map being answered in parts (siteMapPart): each part's JSON,
// kept from part 0 until the last part is asked for.
const SITE_MAP_PART = 1 << 20; // characters of JSON per part, about
let siteMapSnapshot: { id: number; parts: string[] } | null = null;
let siteMapSnapshots = 0;

function siteMapPart(part: number, id?: number): string {
  if (part === 0) {
    const text = callEngine("siteMap", "{}");
    const sm = JSON.parse(text) as { sites: unknown[]; pools: unknown[] };
    const n = Math.max(1, Math.ceil(text.length / SITE_MAP_PART));
    const per = Math.ceil(sm.sites.length / n) || 1;
    const parts: string[] = [];
    for (let at = per; at < sm.sites.length; at += per) parts.push(JSON.stringify({ sites: sm.sites.slice(at, at + per) }));
    const snapshot = { id: ++siteMapSnapshots, parts };
    siteMapSnapshot = parts.length ? snapshot : null;
    return JSON.stringify({ sites: sm.sites.slice(0, per), pools: sm.pools, parts: parts.length + 1, id: snapshot.id });
  }
  const s = siteMapSnapshot;
  if (!s || s.id !== id || part > s.parts.length) throw new Error(`site map part ${part} of snapshot ${id} is gone: a newer site map was asked for`);
  if (part === s.parts.length) siteMapSnapshot = null;
  return s.parts[part - 1];
}

function callEngine(op: string, argsJSON: string): string {
  const fn = scope.iisconf?.[op];
  if (typeof fn !== "function") throw new Error(`unknown op "${op}"`);
  const out = fn(argsJSON);
  if (typeof out === "string") return out;
  throw new Error(out instanceof Error ? out.message : String(out));
}

// The page's files as it sent them, for a large workspace's autosave
// (autosave.ts), which this worker writes.
const copy = new FileCopy(() => (JSON.parse(callEngine("stock", "{}")) as { files: FileState[] }).files);
const autosaves = new AutosaveWriter((m) => scope.postMessage(m));

// The tools' worker (transport.ts) runs this same script. It never
// autosaves, so it keeps no copy (a hosting server's would be ~9 MB more of
// its memory), and it answers no keystroke, so its collector is left to
// its runtime (quiet).
const isToolsWorker = scope.name === "iisconf-tools";

/** Notes in copy the files a request carries (before the engine sees them: the copy is what the page sent). */
function noteCopy(req: Request): void {
  if (isToolsWorker) return;
  switch (req.op) {
    case "load":
      copy.load(req.args.files);
      break;
    case "loadStock":
      copy.loadStock();
      break;
    case "setFile":
      copy.set(req.args.path, req.args.text, req.args.unreadable);
      break;
    case "removeFile":
      copy.remove(req.args.path);
      break;
    case "evaluate":
    case "edit":
    case "complete":
    case "hover":
      copy.edits(req.args.edits);
      break;
  }
}

async function answer(req: Request): Promise<Response> {
  const t0 = performance.now();
  try {
    noteCopy(req);
    const held = heldAhead(req);
    let result: string;
    if (req.op === "autosave") {
      autosaves.take(copy, req.args);
      result = "null";
    } else if (req.op === "samples") {
      result = JSON.stringify((await loadSamples()).list);
    } else if (req.op === "sample") {
      result = await sample(req.args.name ?? "", req.args.step || undefined);
    } else if (req.op === "siteMapPart") {
      result = siteMapPart(req.args.part, req.args.id);
    } else if (req.op === "checkFiles" || req.op === "siteRootsOf") {
      // siteMapOf, answered with what the page needs of it: a hosting
      // server's site map is parsed and shaped here, not in one of the
      // page's tasks.
      const sm = callEngine("siteMapOf", JSON.stringify(req.args ?? {}));
      result = req.op === "checkFiles" ? "null" : JSON.stringify(siteRoots(JSON.parse(sm)));
    } else if (TOOL_OPS.has(req.op)) {
      result = await callTool(req);
    } else {
      result = held ?? callEngine(req.op, JSON.stringify(req.args ?? {}));
      noteEngineChange(req);
    }
    return { id: req.id, result, ms: performance.now() - t0 };
  } catch (err) {
    // "Go program has already exited" lands here too; the client's
    // watchdog or the next error tells the page to restart us.
    return { id: req.id, error: err instanceof Error ? err.message : String(err), ms: performance.now() - t0 };
  }
}

// What the visit opens (OpenMessage, from the page's first script): the
// engine loads it and evaluates its path as the page's first refresh will,
// while the page's modules load and decode the same link or autosave, or
// ask for the same sample (composed here by sample(), as the page's
// request for it will be, with the defaults hidden as app/gallery.ts
// opens a sample; a name that is no sample fails here and is the page's
// to report). The
// page then loads the very same files (their parses are kept: the load's
// Reuse) and evaluates on an engine whose caches hold that answer and
// whose functions the browser has compiled: in wasm each function is
// compiled the first time it runs, and the first evaluation of a visit
// spent over half its time doing so. A Chromium trace of a link visit
// before: the worker was ready, then idle until the page had decoded the
// link (~50–200 ms later), then evaluated cold (~150–350 ms) while the page
// waited. Nothing here answers the page: a link that does not decode, a
// load the engine refuses, or a workspace too big to open twice (a hosting
// server, which the page opens in its large mode) is left to the page,
// which says why. This runs first in the queue, before any request.
const OPEN_AHEAD_MAX = 1_000_000; // characters of file text
const DEFAULT_PATH = "Default Web Site"; // a state without a path shows it (app/workspace.ts)

// The answers of the open-ahead's load and evaluation, kept for the page's
// first two requests: when they ask for exactly the same (the files and
// environment the link decoded to, then the same evaluation of the same
// path), the engine, which holds that very workspace, is not asked again.
// Any other request that may change the engine's workspace drops them.
let ahead: { files: FileState[]; env: Record<string, string>; path: string; noDefaults: boolean; load: string; evaluate: string; loaded: boolean } | null = null;

async function openAhead(what: OpenMessage["open"]): Promise<void> {
  const st =
    "hash" in what
      ? await decodeLink(what.hash, async () => JSON.parse(callEngine("stock", "{}")) as Stock)
      : "sample" in what
        ? sampleState(JSON.parse(await sample(what.sample, what.step || undefined)))
        : validateState(JSON.parse(what.state));
  let size = 0;
  for (const f of st.files) size += f.text.length;
  if (!st.files.length || size > OPEN_AHEAD_MAX) return;
  const env = st.env ?? {};
  const load = callEngine("load", JSON.stringify({ files: st.files, env }));
  noteEngineChange({ id: 0, op: "load", args: { files: st.files, env } });
  const path = st.path || DEFAULT_PATH;
  const noDefaults = !st.view?.defaults;
  const evaluate = callEngine("evaluate", JSON.stringify({ path, noDefaults, stamps: true } satisfies EvaluateArgs));
  ahead = { files: st.files, env, path, noDefaults, load, evaluate, loaded: false };
}

/** A sample's workspace as the page opens it (app/gallery.ts open): its files, environment and path, the defaults hidden. */
function sampleState(s: { files: FileState[]; env?: Record<string, string>; path: string }): { files: FileState[]; env: Record<string, string>; path: string; view: { defaults: false } } {
  return { files: s.files, env: s.env ?? {}, path: s.path, view: { defaults: false } };
}

const KEEPS_AHEAD = new Set<string>(["checkFiles", "siteRootsOf", "siteMapOf", "stock", "version", "samples", "sample", "autosave"]);

/** The open-ahead's answer to req when req asks for just what it did (see ahead), else null. */
function heldAhead(req: Request): string | null {
  const a = ahead;
  if (!a || KEEPS_AHEAD.has(req.op)) return null;
  ahead = null;
  if (req.op === "load" && !a.loaded && sameFiles(req.args.files, a.files) && sameEnv(req.args.env ?? {}, a.env)) {
    ahead = { ...a, loaded: true };
    return a.load;
  }
  if (req.op === "evaluate" && a.loaded) {
    const e = req.args;
    const plain = !e.sections?.length && !e.inputs && !e.summary && !e.elements?.length && !e.edits?.length && !e.known?.length;
    if (plain && e.stamps && e.path === a.path && !!e.noDefaults === a.noDefaults) return a.evaluate;
  }
  return null;
}

function sameFiles(x: FileState[], y: FileState[]): boolean {
  return x.length === y.length && x.every((f, i) => f.path === y[i].path && f.text === y[i].text && !!f.unreadable === !!y[i].unreadable);
}

function sameEnv(x: Record<string, string>, y: Record<string, string>): boolean {
  const kx = Object.keys(x);
  return kx.length === Object.keys(y).length && kx.every((k) => x[k] === y[k]);
}

// Requests that arrive while the wasm is loading wait for it, in order;
// if it never loads, each is answered with the reason.
const started = start();
let queue: Promise<void> = started.then(
  () => {},
  () => {},
);

// The page's shared answer buffer (answerbuffer.ts), when it is cross-origin
// isolated: a request marked frame is answered there too, and its message
// only says so; the page reads the buffer in its next frame.
let answers: AnswerBuffer | null = null;

// Requests received and not yet answered.
let waiting = 0;

// The engine's collector runs when the page has been quiet a while, not
// inside a request (wasm/browser says why). Quiet: no request for
// QUIET_MS (a pause in typing; the bench's settle), or four times the last
// collection, so a large workspace's long one is less likely to be met by
// the next keystroke. Worth it: the engine has worked (and so allocated,
// roughly in proportion) at least three times as long as the last
// collection took since — a collection costs about in proportion to the
// live heap, which is then the smaller part of the heap. The first comes
// after the visit's load and warm-up (MIN_WORK_MS), so typing starts on a
// heap emptied of their garbage: on the stock server ~60 keystrokes before
// the runtime would collect by itself.
const QUIET_MS = 500;
const MIN_WORK_MS = 50;
const quiet = {
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
  workMs: 0, // engine time answered since the last collection
  lastMs: 0, // the last collection's time (0: none yet)
  answered(ms: number): void {
    if (isToolsWorker) return;
    this.workMs += ms;
    clearTimeout(this.timer);
    if (waiting === 0) this.timer = setTimeout(() => this.collect(), Math.max(QUIET_MS, 4 * this.lastMs));
  },
  collect(): void {
    if (waiting !== 0 || this.workMs < Math.max(MIN_WORK_MS, 3 * this.lastMs) || !scope.__iisconfCollect) return;
    const t0 = performance.now();
    try {
      scope.__iisconfCollect();
    } catch {
      return; // the Go program is gone: the next request says so
    }
    this.lastMs = performance.now() - t0;
    this.workMs = 0;
    scope.__iisconfCollections = (scope.__iisconfCollections ?? 0) + 1;
  },
};

scope.onmessage = (ev: MessageEvent) => {
  const data = ev.data as Request | AnswerBufferMessage | OpenMessage | WarmToolsMessage;
  if ("answerBuffer" in data) {
    answers = new AnswerBuffer(data.answerBuffer);
    return;
  }
  if ("open" in data) {
    // A sample's deltas download while the wasm compiles.
    if ("sample" in data.open) loadSamples().catch(() => {});
    queue = queue.then(async () => {
      try {
        await started;
        await openAhead(data.open);
        mark("opened");
      } catch {
        // The page finds out for itself, and tells the user.
      }
      sendMarks();
    });
    return;
  }
  if ("warmTools" in data) {
    // In the background, once the engine is up: requests go on meanwhile.
    // Then tools' copy of the workspace, in its own turn between requests:
    // a hosting server's is a 9 MB bundle, which the first completion
    // would otherwise send while the user types.
    void started
      .then(() => loadTools())
      .then((t) => {
        queue = queue.then(() => {
          try {
            syncTools(t);
            if (data.at) warmAssist(t, data.at);
          } catch {
            // The first op that needs it syncs again (and says why it could not).
          }
        });
      })
      .catch(() => {});
    return;
  }
  const req = data;
  waiting++;
  queue = queue.then(async () => {
    let res: Response;
    try {
      await started;
      res = await answer(req);
    } catch (err) {
      res = { id: req.id, error: `engine failed to start: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (req.frame && answers && res.result !== undefined && answers.write(req.id, res.result, res.ms ?? 0)) res = { id: req.id, shared: true, ms: res.ms };
    scope.postMessage(res);
    waiting--;
    quiet.answered(res.ms ?? 0);
  });
};

started.then(
  (version) => {
    sendMarks();
    scope.postMessage({ ready: true, version } satisfies Ready);
  },
  (err) => scope.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies StartFailed),
);
