// help.ts: the Help menu (header button Help): the welcome's ways in
// again, the keyboard shortcuts, the documentation, and an About line with
// the build id. Loaded when the button is first pressed.
import { h } from "../dom";
import type { AppHost } from "../app/host";
import { openDialog } from "./dialog";
import { openMenu, headerButton } from "./menu";
import { adoptStyles } from "../ui/sheet";
import { showWelcome } from "./welcome";

/** The build id the engine reports (the commit the page was built from). */
async function buildId(app: AppHost): Promise<string> {
  try {
    return String((await app.engine.ready) || "dev");
  } catch {
    return "unknown (the engine did not start)";
  }
}

export async function helpMenu(app: AppHost): Promise<void> {
  const build = await buildId(app);
  openMenu(
    headerButton("help"),
    "Help",
    [
      { label: "Welcome: ways in", testid: "help-welcome", run: () => showWelcome(app, true) },
      { label: "Keyboard shortcuts", testid: "help-shortcuts", run: () => shortcuts() },
      { label: "Documentation: the course and the rules ↗", testid: "help-docs", href: "docs.html" },
      { label: `About: iisconf build ${build}`, testid: "about", disabled: true, title: "The commit this playground was built from" },
    ],
    "help-menu",
  );
}

/** The shortcuts, grouped by where they work. */
export const SHORTCUTS: [string, [string, string][]][] = [
  [
    "Anywhere",
    [
      ["Tab / Shift+Tab", "move between the regions (the editor does not keep Tab)"],
      ["Tab on arriving", "the first stop is “Skip to results”"],
      ["Ctrl+S (⌘S)", "copy a share link"],
      ["Ctrl+Enter (⌘↩)", "send every file again and re-evaluate"],
    ],
  ],
  [
    "Editor",
    [
      ["Ctrl+Space", "complete: sections, elements, attributes, values"],
      ["Ctrl+Shift+Space", "describe the name under the cursor (type, default, locks)"],
      ["Shift+Alt+F", "format the file (indentation; comments and attribute order kept)"],
      ["Ctrl+F (⌘F)", "find and replace"],
      ["Ctrl+Z / Ctrl+Shift+Z", "undo / redo"],
      ["Escape", "close a completion or description"],
    ],
  ],
  [
    "Tabs, trees and the effective view",
    [
      ["← → Home End", "move between tabs (Files / Sites / Samples, the result panels)"],
      ["↑ ↓ Home End", "move in the file tree, the site tree and the effective values"],
      ["→ / ←", "expand / collapse a folder or site"],
      ["Enter", "open the file, pick the path, or open a value's line in the editor"],
      ["Escape", "hide a value's origin note"],
    ],
  ],
  [
    "Dividers between the columns",
    [
      ["← →  (Shift: bigger steps)", "resize the columns"],
      ["Home / End, Enter", "narrowest / widest, back to the default"],
    ],
  ],
  ["AppCmd console", [["↑ ↓, Tab", "history, completion"]]],
];

function shortcuts(): void {
  adoptStyles("shortcuts", STYLES);
  openDialog({
    title: "Keyboard shortcuts",
    testid: "shortcuts-dialog",
    description: "Ctrl is ⌘ on a Mac.",
    body: SHORTCUTS.map(([group, keys]) =>
      h("section", { class: "shortcuts" }, h("h3", null, group), h("dl", null, keys.map(([k, what]) => [h("dt", null, h("kbd", null, k)), h("dd", null, what)]))),
    ),
    buttons: [{ label: "Close", value: "close", primary: true }],
  });
}

const STYLES = `
.shortcuts h3 { font-size: 14px; margin: 10px 0 2px; }
.shortcuts dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; font-size: 13px; }
.shortcuts dt, .shortcuts dd { margin: 0; }
kbd { font: 12px var(--mono); border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; background: var(--bg2); }
`;
