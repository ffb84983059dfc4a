// early.ts: the first script of the playground (index.html loads it async,
// ahead of the page's modules). A visit whose first result needs the
// engine (a link, a ?sample=, an autosave: visit.ts) starts the engine
// worker here, so that it downloads and compiles while the page's own
// modules load; the page's engine client takes it over (engine/early.ts).
// A first visit does nothing here: its first answer ships with the build,
// and the engine starts once that is drawn (app/first.ts).
import { needsEngineAtOnce } from "./visit";
import { startEarly } from "./engine/early";

declare const __IISCONF_WORKER_URL__: string;
declare const __IISCONF_WASM_URL__: string;

try {
  if (needsEngineAtOnce()) startEarly(__IISCONF_WORKER_URL__, __IISCONF_WASM_URL__);
} catch {
  // Only a head start: the page starts the worker itself.
}
