// early.ts: the first script of the playground (a plain <script> at the top
// of index.html's <head>, so it runs before the page's modules). A visit
// whose first result needs the engine (a link, a ?sample=, an autosave:
// visit.ts) starts the engine worker and the wasm's download here, so that
// they run while the page's own modules load; the page's engine client
// takes the worker over (engine/early.ts).
// A first visit does nothing here: its first answer ships with the build,
// and the engine starts once that is drawn (app/first.ts).
import { needsEngineAtOnce, opensAhead } from "./visit";
import { startEarly } from "./engine/early";

declare const __IISCONF_WORKER_URL__: string;
declare const __IISCONF_WASM_URL__: string;

try {
  if (needsEngineAtOnce()) startEarly(__IISCONF_WORKER_URL__, __IISCONF_WASM_URL__, opensAhead());
} catch {
  // Only a head start: the page starts the worker itself.
}
