// main.ts: the playground's entry point (index.html). Builds the shell
// (app/app.ts), registers the result panels (panels/index.ts) and the
// header buttons (dialogs/index.ts), and starts. See web/README.md for the
// module map.
import "./style.css";
import { App } from "./app/app";
import { builtinPanels } from "./panels";
import { headerActions } from "./dialogs";
import { installShortLink } from "./shortlink";
import { whenIdle } from "./dom";

const app = new App();
(window as any).iisconfApp = app; // for tests and the bench (web/TESTIDS.md)
// Before start(), so a remembered view of any panel is restored.
for (const p of builtinPanels) app.registerPanel(p);
for (const a of headerActions) app.addAction(a);
void app.start().then(() => {
  installShortLink(app);
  // The service worker caches every asset for offline use (sw.ts): well
  // over a megabyte the first result does not need, so it is registered,
  // and its precache starts, only once the engine has answered and the page
  // is idle, never competing with the first visit's own downloads.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    whenIdle(() => {
      performance.mark("iisconf:offline-copy"); // for tests and the bench
      void navigator.serviceWorker.register("sw.js").catch(() => {});
    });
  }
});
