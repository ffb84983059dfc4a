// early.ts (engine): the engine worker started before the page's modules.
//
// A visit that opens a link, a ?sample= or an autosave waits for the
// engine for its first result, and the worker's start is gated by the
// page's main thread:
// after `new Worker`, the browser fetches the worker's script and then asks
// the page's main thread to start the worker's thread. Started by the App,
// the worker was asked for while the page's modules were evaluated, and
// its thread began only once they and the editor's first layout were done
// (a Chromium trace of a link visit: asked at 335 ms after navigation,
// started at 485 ms, ready at 786 ms). web/src/early.ts, a small classic
// script at the top of index.html's <head>, calls startEarly instead: the
// thread starts while the main thread still waits for its modules, and the
// wasm downloads and compiles meanwhile (the same trace after the change:
// asked at 113 ms, started at 206 ms). Loaded async, early.js could run
// just before the modules were evaluated, and the thread waited for them
// again (a trace under load: early.js run at 423 ms, the thread at 751 ms).
//
// The worker's first messages (its {ready}, or an error) arrive before the
// page's EngineClient exists; they are kept here, in order, and handed to
// the client with the worker (takeEarly). A client that finds nothing to
// take (no early script, another build's worker) starts its own.

import type { OpenMessage } from "./protocol";

/** The worker early.ts started, and what it said before the client took it. */
export interface EarlyWorker {
  worker: Worker;
  url: string;
  /** Messages (their data) and errors (their message) received before the hand-off, in order. */
  events: ({ data: unknown } | { error: string })[];
}

const SLOT = "__iisconfEarlyEngine";
type Slot = { [SLOT]?: EarlyWorker };

/**
 * Starts the engine worker at url and keeps it for the page's client.
 * wasmUrl: the engine's wasm, whose download starts here too. The worker
 * asks for it only once its thread, its isolate and its script are up;
 * started here, the download runs meanwhile, and the worker's own request
 * is answered by the browser's HTTP cache (a request for a URL being
 * downloaded shares that download). Its bytes are read, to be cached, and
 * dropped. via: the script to start the worker with, which imports url
 * (the early script itself: web/src/early.ts), else url.
 */
export function startEarly(url: string, wasmUrl?: string, open?: OpenMessage["open"] | null, via?: string): void {
  const g = globalThis as Slot;
  if (g[SLOT]) return;
  if (wasmUrl) void fetch(wasmUrl).then((r) => r.arrayBuffer()).catch(() => {}); // the worker fetches it anyway
  // Started with via, the worker's thread imports url once it is up: its
  // download starts now, like the wasm's, and the import finds it in the
  // HTTP cache (or shares the download).
  if (via) void fetch(url).then((r) => r.arrayBuffer()).catch(() => {});
  const worker = new Worker(via || url, { name: "iisconf-engine" });
  const early: EarlyWorker = { worker, url, events: [] };
  worker.onmessage = (ev) => early.events.push({ data: ev.data });
  worker.onerror = (ev) => {
    ev.preventDefault(); // the client reports it, once it has the worker
    early.events.push({ error: (ev as ErrorEvent).message ?? "" });
  };
  // What the visit opens, for the engine to open ahead of the page: the
  // worker's first message, so it comes before any request.
  if (open) worker.postMessage({ open } satisfies OpenMessage);
  g[SLOT] = early;
}

/**
 * The worker startEarly started for url, once (null when there is none).
 * One started for another URL (a page and a script of different builds)
 * is stopped: the client starts the right one.
 */
export function takeEarly(url: string): EarlyWorker | null {
  const g = globalThis as Slot;
  const early = g[SLOT];
  delete g[SLOT];
  if (!early) return null;
  if (early.url !== url) {
    early.worker.terminate();
    return null;
  }
  return early;
}
