// early.ts: the first script of the playground (a plain <script> at the top
// of index.html's <head>, so it runs before the page's modules; after the
// first answer's preload, so that its fetch of that answer takes the
// preload, and before the stylesheet, which a script after it waits for).
// A visit whose first result needs the engine (a link, a ?sample=, an
// autosave: visit.ts) starts the engine worker and the wasm's download
// here, so that they run while the page's own modules load; the page's
// engine client takes the worker over (engine/early.ts).
// A first visit's answer ships with the build, and the engine starts once
// that is drawn (app/first.ts): here, its download and parse start, so
// that both are done when the page's modules have run (firstfetch.ts).
//
// This script is also the early worker's own script: the worker is started
// with this file's URL, and in the worker it only imports the engine
// worker's script. A worker's thread is started by a task of the page's
// main thread once the browser has its script; this file is in the HTTP
// cache already, so that task comes at once, before the page's modules
// arrive and are evaluated (long tasks: started with the engine worker's
// own URL, which had to be fetched first, the worker's thread began after
// them, ~100–300 ms after this script ran). The worker's thread then
// fetches the engine worker's script itself, while the page's main thread
// evaluates its modules.
import { needsEngineAtOnce, opensAhead } from "./visit";
import { startEarly } from "./engine/early";
import { fetchFirstAnswerEarly } from "./firstfetch";

declare const __IISCONF_WORKER_URL__: string;
declare const __IISCONF_WASM_URL__: string;
declare const __IISCONF_FIRST_URL__: string;

if (typeof document === "undefined") {
  // In the early worker (engine/early.ts startEarly): the names are
  // relative to this script, which sits beside the worker's.
  (globalThis as unknown as { importScripts(url: string): void }).importScripts(__IISCONF_WORKER_URL__);
} else {
  try {
    const script = (document.currentScript as HTMLScriptElement | null)?.src;
    if (needsEngineAtOnce()) startEarly(__IISCONF_WORKER_URL__, __IISCONF_WASM_URL__, opensAhead(), script);
    else fetchFirstAnswerEarly(__IISCONF_FIRST_URL__);
  } catch {
    // Only a head start: the page starts the worker, or fetches the answer, itself.
  }
}
