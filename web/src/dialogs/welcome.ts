// welcome.ts: what a first visit (no autosave, no link, no sample) sees
// above the columns: three ways in — the course, reproducing a customer's
// case (Import), exploring the stock server at a path. A region, not a
// modal: the playground stays usable around it. × or Escape closes it; the
// Help menu brings it back. A first visit draws it in the frame of the
// build's first answer (app/first.ts), before the engine is ready: drawn
// later, it pushed the panels down ~200 px under the reader's eyes. A way
// taken before the engine holds the stock server waits for it
// (AppHost.whenLoaded: taken at once, it would race the engine's load).
import { h } from "../dom";
import type { AppHost } from "../app/host";
import { DEFAULT_PATH } from "../app/workspace";
import { adoptStyles } from "../ui/sheet";

let shown: HTMLElement | null = null;

/** Closes the welcome, if shown, without moving the focus: the user chose a way in elsewhere (a sample, a link, an import). */
export function closeWelcome(): void {
  shown?.remove();
  shown = null;
}

/** Shows the welcome; focus: move the keyboard focus to it (opened from Help). */
export function showWelcome(app: AppHost, focus = false): void {
  adoptStyles("welcome", STYLES);
  if (shown?.isConnected) {
    if (focus) shown.querySelector<HTMLElement>("h2")?.focus();
    return;
  }
  // Each way in runs once the first workspace is shown.
  const when = (run: () => void) => () => {
    close();
    if (!app.loaded) app.notify("Starting the engine… this opens as soon as it is ready.");
    void app.whenLoaded().then(run);
  };
  const close = () => {
    closeWelcome();
    document.querySelector<HTMLElement>('[data-testid="path-box"]')?.focus();
  };
  const path = h("input", { type: "text", class: "path-box", testid: "welcome-path", spellcheck: false, value: DEFAULT_PATH, "aria-label": "a URL or config path to explore" });
  const explore = () => {
    const p = path.value.trim() || DEFAULT_PATH;
    when(() => {
      app.setPath(p);
      app.showPanel("effective");
    })();
  };
  path.addEventListener("keydown", (e) => e.key === "Enter" && explore());
  const way = (testid: string, title: string, text: string, ...action: (Node | string)[]) =>
    h("li", { class: "way", testid }, h("h3", null, title), h("p", null, text), h("div", { class: "way-act" }, ...action));
  const heading = h("h2", { id: "welcome-title", tabindex: -1 }, "Welcome to iisconf");
  const box = h(
    "section",
    { class: "welcome", testid: "welcome", role: "region", "aria-labelledby": "welcome-title", on: { keydown: (e: KeyboardEvent) => e.key === "Escape" && close() } },
    h("button", { type: "button", class: "close", testid: "welcome-close", "aria-label": "close the welcome (Help brings it back)", on: { click: close } }, "×"),
    heading,
    h(
      "p",
      { class: "welcome-lead" },
      "The IIS 7+ configuration system in your browser: which files a request reads, how they merge, what is locked and why, and the exact HTTP Error 500.19. Nothing leaves this page unless you share it.",
    ),
    h(
      "ul",
      { class: "ways" },
      way(
        "welcome-learn",
        "Learn",
        "A short course: where configuration lives, how levels merge, locking and delegation. Each lesson loads a workspace and says what to look at.",
        h("button", { type: "button", class: "primary", testid: "welcome-lesson", on: { click: when(() => void app.openSample()) } }, "Start the course"),
      ),
      way(
        "welcome-case",
        "Reproduce a case",
        "Bring a customer's applicationHost.config and web.config files (or a zip, a folder, a bundle) and see the effective configuration and the 500.19 they get.",
        h("button", { type: "button", testid: "welcome-import", on: { click: when(() => void import("./import").then((m) => m.importDialog(app))) } }, "Import files…"),
      ),
      way(
        "welcome-explore",
        "Explore the stock server",
        "A fresh IIS 10 install is loaded. Type a URL or a config path to see what a request there gets.",
        path,
        h("button", { type: "button", testid: "welcome-go", on: { click: explore } }, "Explore"),
      ),
    ),
  );
  shown = box;
  document.querySelector("main.cols")?.before(box);
  if (focus) heading.focus();
}

const STYLES = `
.welcome { position: relative; padding: 8px 40px 10px 14px; border-bottom: 1px solid var(--border); background: var(--bg2); overflow: auto; max-height: 45vh; flex: none; }
.welcome h2 { margin: 0 0 2px; font-size: 17px; }
.welcome h2:focus { outline: none; }
.welcome-lead { margin: 0 0 6px; color: var(--muted); max-width: 90ch; }
.welcome .close { position: absolute; top: 6px; right: 8px; }
.ways { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 8px; }
.way { border: 1px solid var(--border); border-radius: 6px; background: var(--bg); padding: 6px 10px; display: flex; flex-direction: column; }
.way h3 { margin: 0; font-size: 14px; }
.way p { margin: 2px 0 6px; font-size: 13px; flex: 1; }
.way-act { display: flex; gap: 6px; align-items: center; }
.way-act .path-box { flex: 1; min-width: 0; width: auto; }
@media (max-width: 699px) {
  .welcome { padding: 6px 36px 8px 8px; max-height: 55vh; }
  .welcome-lead { display: none; }
  .way p { display: none; }
}
`;
