// EngineClient: the page's promise API over the engine's Web Worker.
//
//   import { EngineClient, Superseded } from "./engine/client";
//   const engine = new EngineClient();          // starts the worker
//   const version = await engine.ready;         // engine build id
//   const r = await engine.call("evaluate", { path }, { supersede: "evaluate" });
//   if (r instanceof Superseded) return;        // a newer evaluate replaced it
//   engine.onRestart = (reason) => showBanner(reason);
//   engine.onTiming = (op, ms) => status(`${op} ${ms.toFixed(1)} ms`);
//
// call(op, args, opts) resolves with the op's parsed JSON result (types in
// protocol.ts comments), or a Superseded marker; it rejects with an Error
// when the op failed (Response.error) or ran past its watchdog deadline.
//
// Options: supersede — a key; a newer call with the same key resolves
// every older pending call with that key as Superseded (and they never
// reach the engine if not yet sent). timeoutMs — watchdog deadline for
// this call, default 5000 (counted from when the engine starts on it).
//
// Why one request in flight at a time: the worker runs ops synchronously
// and in order, so queueing here costs one message hop and lets a typing
// burst of superseded evaluations be dropped before the engine sees them,
// and makes the watchdog exact: the in-flight call is the one running.
//
// When a call runs past its deadline, the worker is terminated, a new one
// is started, the last `load` and the file changes since are replayed,
// the runaway call is rejected with a clear error and the calls queued
// behind it are sent to the new worker. onRestart(reason) is called.
//
// Answers in the frame (option frame, answerbuffer.ts): when the page is
// cross-origin isolated, each worker gets a shared answer buffer, and a
// call made with frame: true is answered through it when it fits. From the
// frame after the request is sent until the answer arrives, the client
// looks at the buffer in the frame's animation callbacks and resolves the
// call there, so what the caller does with it (in microtasks) is drawn in
// that frame. The worker's message then only says the answer is in the
// buffer, and delivers it when the page had no frame to look in (a hidden
// page). Without isolation there is no buffer: the message carries it.

import type { Autosaved, AutosaveArgs, EvaluateArgs, FileState, Op, Request, Response, ToolsReady, WarmAt, WarmToolsMessage, WorkerMarks } from "./protocol";
import { takeEarly } from "./early";
import { AnswerBuffer } from "./answerbuffer";
import { inNextFrame, laterInFrame } from "../frame";

declare const __IISCONF_WORKER_URL__: string;

/** Resolution value of a call replaced by a newer one with the same supersede key. */
export class Superseded {
  constructor(
    readonly op: Op,
    readonly key: string,
  ) {}
}

export interface CallOptions {
  supersede?: string;
  timeoutMs?: number;
  /** Deliver the answer inside a frame when it can (the shared answer buffer). */
  frame?: boolean;
  /** A tools.wasm op answered null at once while tools.wasm is still to start (protocol.ts Request). */
  ifReady?: boolean;
}

export interface ClientOptions {
  workerUrl?: string; // default: the worker the build produced
  timeoutMs?: number; // default watchdog deadline per call
  maxRestarts?: number; // consecutive restarts before giving up (default 3)
  /** The worker's name (default "iisconf-engine"). */
  name?: string;
  /** Take over the worker the page's early script started (engine/early.ts); default true. */
  early?: boolean;
  /** Give the worker a shared answer buffer when the page is cross-origin isolated (CallOptions.frame); default true. */
  frameAnswers?: boolean;
}

/**
 * The engine's workspace as the calls made so far leave it, from a
 * sequence number on (changesSince): a second worker kept in step with
 * the first one (the tools' worker, transport.ts) is sent this before
 * each of its requests.
 */
export interface WorkspaceChanges {
  /** A load after the sequence number: the workspace starts again from it ("stock": loadStock). */
  load: { files: FileState[]; env?: Record<string, string> } | "stock" | null;
  /** Each file's last change after the sequence number (after the load, if any), in the order made. */
  changes: Change[];
  /** The sequence number these bring the workspace to. */
  seq: number;
}

interface Pending {
  id: number;
  op: Op;
  args: unknown;
  key?: string;
  timeoutMs: number;
  internal: boolean; // a replayed call: its answer is not the page's
  frame: boolean; // answered through the shared buffer too (CallOptions.frame)
  ifReady?: boolean; // CallOptions.ifReady
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export type Change = { op: "setFile"; args: { path: string; text: string } } | { op: "removeFile"; args: { path: string } };

/** The file changes an evaluate, edit, complete or hover carries (their edits), as setFile/removeFile calls. */
function editsOf(op: Op, args: unknown): Change[] {
  const edits = op === "evaluate" || op === "edit" || op === "complete" || op === "hover" ? (args as Pick<EvaluateArgs, "edits">).edits : undefined;
  if (!edits) return [];
  return edits.map((e): Change => (e.removed ? { op: "removeFile", args: { path: e.path } } : { op: "setFile", args: { path: e.path, text: e.text ?? "" } }));
}

const defaultWorkerUrl = (): string =>
  typeof __IISCONF_WORKER_URL__ === "string" ? __IISCONF_WORKER_URL__ : "worker.js";

export class EngineClient {
  /** Resolves with the engine version once the first worker is ready. */
  readonly ready: Promise<string>;
  version = "";
  onRestart: ((reason: string) => void) | null = null;
  onTiming: ((op: Op, ms: number) => void) | null = null;

  private worker!: Worker;
  /** The shared answer buffer of the current worker; null without cross-origin isolation. */
  private answers: AnswerBuffer | null = null;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly maxRestarts: number;
  private nextId = 1;
  private queue: Pending[] = [];
  private inflight: Pending | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private restarts = 0;
  private workerReady = false;
  private toolsUp = false; // this worker's tools.wasm has started
  private toolsWaiting: (() => void)[] = [];
  private readyResolve!: (v: string) => void;
  private readyReject!: (e: Error) => void;
  private firstReady = true;
  // Replay log: the last load and, per file (case-insensitive), the last
  // change since, in the order the changes happened, each with its
  // sequence number (changesSince).
  private lastLoad: { files: FileState[]; env?: Record<string, string> } | null = null;
  private lastLoadStock = false; // the last load was loadStock
  private lastLoadSeq = 0;
  private changes = new Map<string, { change: Change; seq: number }>();
  // Autosaves the worker is writing (autosave), by seq.
  private saves = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private seq = 0;
  private readonly name: string;
  private readonly early: boolean;
  private readonly frameAnswers: boolean;

  constructor(opts: ClientOptions = {}) {
    this.url = opts.workerUrl ?? defaultWorkerUrl();
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.maxRestarts = opts.maxRestarts ?? 3;
    this.name = opts.name ?? "iisconf-engine";
    this.early = opts.early ?? true;
    this.frameAnswers = opts.frameAnswers ?? true;
    this.ready = new Promise((res, rej) => {
      this.readyResolve = res;
      this.readyReject = rej;
    });
    this.spawn(true);
  }

  /** Runs an op; see the comment at the top of this file. */
  call<T = unknown>(op: Op, args: unknown = {}, opts: CallOptions = {}): Promise<T | Superseded> {
    this.record(op, args);
    return new Promise<T | Superseded>((resolve, reject) => {
      if (opts.supersede !== undefined) this.supersede(opts.supersede);
      this.queue.push({
        id: this.nextId++,
        op,
        args,
        key: opts.supersede,
        timeoutMs: opts.timeoutMs ?? this.timeoutMs,
        internal: false,
        frame: !!opts.frame,
        ...(opts.ifReady ? { ifReady: true } : {}),
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.pump();
    });
  }

  /**
   * A large workspace's autosave, written by the worker from its copy of
   * the files (engine/autosave.ts): resolves once it is stored; rejects
   * when the worker refused it (its copy is not the page's files), could
   * not store it, or was restarted meanwhile (the write may be lost).
   */
  autosave(args: AutosaveArgs): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.saves.set(args.seq, { resolve, reject });
      this.call("autosave", args).catch((e: Error) => this.settleSave(args.seq, e));
    });
  }

  private settleSave(seq: number, err?: Error): void {
    const s = this.saves.get(seq);
    if (!s) return;
    this.saves.delete(seq);
    if (err) s.reject(err);
    else s.resolve();
  }

  /** Stops the worker; pending calls are rejected. */
  terminate(): void {
    this.clearTimer();
    this.worker.terminate();
    const all = [...(this.inflight ? [this.inflight] : []), ...this.queue];
    this.inflight = null;
    this.queue = [];
    for (const p of all) p.reject(new Error("engine terminated"));
  }

  /** Starts a worker; the first may be the one the page's early script started (engine/early.ts). */
  private spawn(first = false): void {
    this.workerReady = false;
    this.toolsUp = false;
    const early = first && this.early ? takeEarly(this.url) : null;
    this.worker = early?.worker ?? new Worker(this.url, { name: this.name });
    this.worker.onmessage = (ev: MessageEvent) => this.receive(ev.data);
    this.worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.failed(ev.message);
    };
    // A new buffer per worker: nothing an old worker wrote can be read as
    // the new one's (ids never repeat either). Sent before any request.
    this.answers = this.frameAnswers ? AnswerBuffer.create() : null;
    if (this.answers) this.worker.postMessage({ answerBuffer: this.answers.shared });
    // What the early worker said before this client existed, in order:
    // its {ready} (or why it could not start), or the error of a script
    // that did not load, which restarts it as any failed worker is.
    for (const ev of early?.events ?? []) {
      if ("data" in ev) this.receive(ev.data as Response);
      else this.failed(ev.error);
      if (this.worker !== early?.worker) break; // restarted: the rest was the old worker's
    }
  }

  /** Whether answers can come through the shared buffer (the page is cross-origin isolated). */
  get sharedAnswers(): boolean {
    return this.answers !== null;
  }

  private failed(message: string | undefined): void {
    this.restart(`the engine worker failed: ${message || "could not load " + this.url}`);
  }

  /** Resolves once this worker's tools.wasm has started (see warmTools); a restarted worker starts again. */
  toolsReady(): Promise<void> {
    if (this.toolsUp) return Promise.resolve();
    return new Promise((resolve) => this.toolsWaiting.push(resolve));
  }

  /** Starts the worker's tools.wasm in the background (the editor's help will soon be asked for). */
  warmTools(at?: WarmAt): void {
    this.worker.postMessage({ warmTools: true, at } satisfies WarmToolsMessage);
  }

  private receive(msg: Response | WorkerMarks | ToolsReady | Autosaved | { ready: boolean; version?: string; error?: string }): void {
    if ("autosaved" in msg) {
      this.settleSave(msg.autosaved, msg.ok ? undefined : new Error(`autosave: ${msg.error ?? "not stored"}`));
      return;
    }
    if ("toolsReady" in msg) {
      this.toolsUp = true;
      for (const f of this.toolsWaiting.splice(0)) f();
      return;
    }
    if ("marks" in msg) {
      // The worker's start-up, on this page's timeline (the worker's clock
      // has its own origin; both count from the epoch).
      for (const [step, at] of msg.marks) {
        try {
          performance.mark("iisconf:engine:" + step, { startTime: Math.max(0, at - performance.timeOrigin) });
        } catch {
          // (a browser without mark options: the marks are only for measuring)
        }
      }
      return;
    }
    if ("ready" in msg) {
      if (!msg.ready) {
        const err = new Error(`the engine could not start: ${msg.error}`);
        if (this.firstReady) this.readyReject(err);
        this.failAll(err);
        return;
      }
      this.workerReady = true;
      this.version = msg.version ?? "";
      if (this.firstReady) {
        this.firstReady = false;
        this.readyResolve(this.version);
      }
      this.pump();
      return;
    }
    const p = this.inflight;
    if (!p || p.id !== msg.id) return; // an answer from before a restart, or one read from the buffer already
    if (msg.shared) {
      // The answer is in the buffer (the page had no frame to read it in).
      const a = this.answers?.read(msg.id);
      msg = a ? { id: msg.id, result: a.result, ms: a.ms } : { id: msg.id, error: "the engine's answer was lost", ms: msg.ms };
    }
    this.inflight = null;
    this.clearTimer();
    this.restarts = 0;
    if (msg.ms !== undefined && !p.internal) this.onTiming?.(p.op, msg.ms);
    if (msg.error !== undefined) {
      p.reject(new Error(`${p.op}: ${msg.error}`));
      // The Go runtime died (a fatal error recover cannot catch): every
      // later call would fail the same way, so start afresh.
      if (msg.error.includes("Go program has already exited")) {
        this.restart("the engine stopped after a fatal error");
        return;
      }
    } else {
      try {
        p.resolve(JSON.parse(msg.result ?? "null"));
      } catch (e) {
        p.reject(new Error(`${p.op}: bad JSON from the engine: ${(e as Error).message}`));
      }
    }
    this.pump();
  }

  private pump(): void {
    if (this.inflight || !this.workerReady) return;
    const p = this.queue.shift();
    if (!p) return;
    this.inflight = p;
    const frame = p.frame && this.answers !== null;
    const req = { id: p.id, op: p.op, args: p.args, ...(frame ? { frame: true } : {}), ...(p.ifReady ? { ifReady: true } : {}) } as Request;
    this.worker.postMessage(req);
    this.timer = setTimeout(() => this.runaway(p), p.timeoutMs);
    if (frame) this.lookInFrames(p, this.answers!);
  }

  /**
   * Looks for p's answer in the buffer in every frame until it is there
   * (then resolves p inside that frame) or p is no longer in flight (its
   * message came first, or the worker was restarted). One atomic load a
   * frame: the page never waits for the engine.
   */
  private lookInFrames(p: Pending, buf: AnswerBuffer): void {
    if (typeof requestAnimationFrame !== "function") return;
    const look = () => {
      if (this.inflight !== p || this.answers !== buf) return true;
      const a = buf.read(p.id);
      if (a) this.receive({ id: p.id, result: a.result, ms: a.ms });
      return !!a;
    };
    inNextFrame((time) => {
      if (look()) return;
      // Not there yet: once more after this frame's layout, and in the next frame.
      laterInFrame(time, look);
      this.lookInFrames(p, buf);
    });
  }

  private runaway(p: Pending): void {
    if (this.inflight !== p) return;
    this.inflight = null;
    p.reject(
      new Error(
        `${p.op} ran longer than ${p.timeoutMs} ms; the engine was restarted with your files (this is an engine bug: please report it with the bundle)`,
      ),
    );
    this.restart(`${p.op} ran longer than ${p.timeoutMs} ms`);
  }

  private restart(reason: string): void {
    this.clearTimer();
    this.worker.terminate();
    // The old worker's writes may not have finished: the page saves again.
    for (const seq of [...this.saves.keys()]) this.settleSave(seq, new Error(`autosave: ${reason}`));
    if (this.inflight) {
      // A crash (not a timeout) while a call ran: it gets the reason too.
      this.inflight.reject(new Error(`${this.inflight.op}: ${reason}`));
      this.inflight = null;
    }
    if (++this.restarts > this.maxRestarts) {
      const err = new Error(`the engine failed ${this.restarts} times in a row: ${reason}`);
      if (this.firstReady) this.readyReject(err);
      this.failAll(err);
      return;
    }
    // The new worker's engine numbers its section stamps afresh: a queued
    // evaluate naming the old worker's (EvaluateArgs.known) asks for
    // everything instead.
    for (const p of this.queue) {
      if (p.op === "evaluate" && (p.args as EvaluateArgs).known) p.args = { ...(p.args as EvaluateArgs), known: undefined };
    }
    // Replay ahead of whatever the page queued, without recording again.
    const replay: Pending[] = [];
    const internal = (op: Op, args: unknown) => this.internalCall(op, args);
    if (this.lastLoad) replay.push(internal("load", this.lastLoad));
    else if (this.lastLoadStock) replay.push(internal("loadStock", {}));
    for (const { change: c } of this.changes.values()) replay.push(internal(c.op, c.args));
    this.queue = [...replay, ...this.queue.filter((p) => !p.internal)];
    this.spawn();
    this.onRestart?.(reason);
  }

  private failAll(err: Error): void {
    this.clearTimer();
    const all = [...(this.inflight ? [this.inflight] : []), ...this.queue];
    this.inflight = null;
    this.queue = [];
    for (const p of all) p.reject(err);
  }

  private supersede(key: string): void {
    const kept: Pending[] = [];
    for (const p of this.queue) {
      if (p.key !== key) {
        kept.push(p);
        continue;
      }
      p.resolve(new Superseded(p.op, key));
      // An evaluate carrying edits is dropped, its edits are not: they go
      // to the worker as the setFile/removeFile calls they stand for.
      for (const c of editsOf(p.op, p.args)) kept.push(this.internalCall(c.op, c.args));
    }
    this.queue = kept;
    // The in-flight one cannot be recalled; its answer is dropped instead.
    const f = this.inflight;
    if (f && f.key === key && !f.internal) {
      f.resolve(new Superseded(f.op, key));
      f.resolve = () => {};
      f.reject = () => {};
    }
  }

  private internalCall(op: Op, args: unknown): Pending {
    return { id: this.nextId++, op, args, timeoutMs: this.timeoutMs, internal: true, frame: false, resolve: () => {}, reject: () => {} };
  }

  /** What the calls made so far did to the engine's workspace after sequence number seq (0: all of it). */
  changesSince(seq: number): WorkspaceChanges {
    const reload = this.lastLoadSeq > seq;
    const load = reload ? (this.lastLoadStock ? "stock" : this.lastLoad) : null;
    const changes: Change[] = [];
    for (const c of this.changes.values()) if (reload || c.seq > seq) changes.push(c.change);
    return { load, changes, seq: this.seq };
  }

  private record(op: Op, args: unknown): void {
    if (op === "load" || op === "loadStock") {
      this.lastLoad = op === "load" ? (args as { files: FileState[]; env?: Record<string, string> }) : null;
      this.lastLoadStock = op === "loadStock";
      this.lastLoadSeq = ++this.seq;
      this.changes.clear();
    } else if (op === "setFile" || op === "removeFile") {
      this.recordChange({ op, args } as Change);
    } else {
      for (const c of editsOf(op, args)) this.recordChange(c);
    }
  }

  private recordChange(c: Change): void {
    const k = c.args.path.replace(/\//g, "\\").toLowerCase();
    this.changes.delete(k); // re-insert: keep the order of last changes
    this.changes.set(k, { change: c, seq: ++this.seq });
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
