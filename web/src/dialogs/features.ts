// features.ts: the Server features dialog. It lists the server features the
// engine knows (engine/features: URL Rewrite, ARR, the ASP.NET Core
// Module, …) as checkboxes showing each one's state in this workspace.
// Apply makes the installers' edits for the boxes checked and the
// uninstallers' for the boxes cleared (op featuresChange, in tools.wasm);
// the page lays the files that changed over its own (panels/writes.ts)
// and re-evaluates. Every Apply pushes an undo entry holding the changed
// files as they were, and Undo lays them back. The stack outlives the dialog (this module stays loaded), so
// the last change can be undone after closing and reopening it.
//
// The list is a group of native checkboxes (WAI-ARIA checkbox pattern: a
// partly installed feature is the mixed state, `indeterminate`), each
// described by its summary; results are announced in a status region.
// Loaded on first use (dialogs/index.ts).
import type { ChangedFile } from "../engine/protocol";
import type { FeatureInfo } from "../gen/tools";
import { h, clear } from "../dom";
import type { AppHost } from "../app/host";
import { applyWrite, flushEdits } from "../panels/writes";
import { openDialog } from "./dialog";

interface UndoEntry {
  label: string;
  changes: ChangedFile[];
}

const undoStack: UndoEntry[] = [];

// The dialog's own styles, added with the module so the first load does
// not carry them.
const STYLE = `
.features-list { max-height: min(55vh, 520px); overflow: auto; border: 1px solid var(--border); border-radius: 4px; padding: 4px 8px; }
.feature { display: grid; grid-template-columns: auto 1fr; column-gap: 8px; padding: 6px 0; border-bottom: 1px solid var(--border); }
.feature:last-child { border-bottom: none; }
.feature > * { min-width: 0; overflow-wrap: anywhere; }
.feature > input { margin-top: 3px; }
.feature > label { cursor: pointer; }
.feature-name { font-weight: 600; }
.feature-desc, .feature-adds { grid-column: 2; }
.feature-adds ul { margin: 4px 0; padding-left: 18px; overflow-wrap: anywhere; }
.feature-adds li.missing { color: var(--warn); }
.features-status { min-height: 1.4em; margin: 4px 0 0; }
[data-testid="features-dialog"] button:disabled { opacity: 0.5; cursor: default; }
`;

function addStyle(): void {
  if (document.getElementById("features-style")) return;
  document.head.appendChild(h("style", { id: "features-style" }, STYLE));
}

export async function featuresDialog(app: AppHost): Promise<void> {
  addStyle();
  const list = h("div", { class: "features-list", role: "group", "aria-label": "Server features", testid: "features-list" }, h("p", { class: "muted" }, "Loading the features… (the first use loads the engine's write tools, about 1 MB)"));
  const status = h("p", { class: "features-status small", role: "status", testid: "features-status" });
  const applyBtn = h("button", { type: "button", class: "primary", testid: "features-apply", disabled: true }, "Apply");
  const undoBtn = h("button", { type: "button", testid: "features-undo", disabled: true }, "Undo last change");
  const d = openDialog({
    title: "Server features",
    testid: "features-dialog",
    description:
      "What a real server has installed beyond the stock one. Checking a feature makes the edits its installer makes in this workspace (its schema file, its section declarations, its modules); clearing one makes its uninstaller's. Every change can be undone.",
    body: [list, h("div", { class: "row end" }, undoBtn, applyBtn), status],
    buttons: [{ label: "Close", value: "close", testid: "features-close" }],
  });

  let features: FeatureInfo[] = [];
  const boxes = new Map<string, HTMLInputElement>();
  let busy = false;

  const setBusy = (b: boolean) => {
    busy = b;
    d.element.setAttribute("aria-busy", String(b));
    for (const box of boxes.values()) box.disabled = b;
    refreshButtons();
  };
  const refreshButtons = () => {
    applyBtn.disabled = busy || pending().install.length + pending().uninstall.length === 0;
    undoBtn.disabled = busy || undoStack.length === 0;
    undoBtn.title = undoStack.length ? `Undo: ${undoStack[undoStack.length - 1].label}` : "Nothing to undo";
  };

  /** What Apply would do: install what is checked and not installed, uninstall what is cleared and not absent. */
  const pending = () => {
    const install: string[] = [];
    const uninstall: string[] = [];
    for (const f of features) {
      const box = boxes.get(f.id);
      if (!box || box.indeterminate) continue;
      if (box.checked && f.state !== "installed") install.push(f.id);
      if (!box.checked && f.state !== "absent") uninstall.push(f.id);
    }
    return { install, uninstall };
  };

  const render = () => {
    clear(list);
    boxes.clear();
    const byId = new Map(features.map((f) => [f.id, f]));
    for (const f of features) {
      const id = `feature-${f.id}`;
      const box = h("input", { type: "checkbox", id, testid: id, "aria-describedby": id + "-desc" });
      box.checked = f.state === "installed";
      box.indeterminate = f.state === "partial";
      box.addEventListener("change", () => {
        if (box.checked) {
          // A feature brings what it requires (ARR: URL Rewrite) …
          for (const r of f.requires) {
            const rb = boxes.get(r);
            if (rb) {
              rb.indeterminate = false;
              rb.checked = true;
            }
          }
        } else {
          // … and its uninstaller takes what requires it.
          for (const g of features) {
            const gb = boxes.get(g.id);
            if (gb && g.requires.includes(f.id)) {
              gb.indeterminate = false;
              gb.checked = false;
            }
          }
        }
        refreshButtons();
      });
      const notes: string[] = [];
      if (f.stock) notes.push("on the stock server");
      if (f.requires.length) notes.push("requires " + f.requires.map((r) => byId.get(r)?.name ?? r).join(", "));
      if (f.state === "partial") notes.push(`partly installed: ${f.missing.length} of ${f.adds.length} steps missing`);
      list.appendChild(
        h(
          "div",
          { class: "feature", testid: "feature-row" },
          box,
          h("label", { for: id }, h("span", { class: "feature-name" }, f.name), " ", h("span", { class: "badge" }, f.kind)),
          h("div", { class: "feature-desc muted small", id: id + "-desc" }, f.summary, notes.length ? h("span", { class: "feature-notes" }, " — " + notes.join("; ")) : null),
          h(
            "details",
            { class: "feature-adds small" },
            h("summary", null, `What its installer adds (${f.adds.length})`),
            h("ul", null, f.adds.map((a) => h("li", { class: f.missing.includes(a) && f.state === "partial" ? "missing" : undefined }, a))),
            h("p", { class: "muted" }, "Evidence: " + f.evidence),
          ),
        ),
      );
      boxes.set(f.id, box);
    }
    refreshButtons();
  };

  const load = async () => {
    await flushEdits(app);
    const r = await app.engine.features();
    if (!r) return;
    features = r;
    render();
  };

  applyBtn.addEventListener("click", async () => {
    const { install, uninstall } = pending();
    if (busy || install.length + uninstall.length === 0) return;
    setBusy(true);
    status.textContent = "Applying…";
    try {
      await flushEdits(app);
      const r = await app.engine.featuresChange(install, uninstall);
      if (!r) return;
      if (r.error) {
        status.textContent = "Not changed: " + r.error;
        return;
      }
      const names = (ids: string[]) => ids.map((id) => features.find((f) => f.id === id)?.name ?? id).join(", ");
      const label = [install.length ? "installed " + names(install) : "", uninstall.length ? "removed " + names(uninstall) : ""].filter(Boolean).join("; ");
      features = r.features;
      if (r.files.length > 0) {
        const undo = await applyWrite(app, r.files);
        if (undo.length) undoStack.push({ label, changes: undo });
        status.textContent = `${label[0].toUpperCase() + label.slice(1)}: ${r.steps.length} ${r.steps.length === 1 ? "change" : "changes"} in ${r.changed.length} ${r.changed.length === 1 ? "file" : "files"}.`;
      } else {
        status.textContent = "Nothing to change: the workspace already has what was asked.";
      }
    } catch (e) {
      status.textContent = "Engine error: " + (e as Error).message;
    } finally {
      render();
      setBusy(false);
    }
  });

  undoBtn.addEventListener("click", async () => {
    const u = undoStack.pop();
    if (!u || busy) return;
    setBusy(true);
    try {
      await flushEdits(app);
      await applyWrite(app, u.changes);
      status.textContent = `Undone: ${u.label}. The files are back as they were.`;
      await load();
    } catch (e) {
      status.textContent = "Engine error: " + (e as Error).message;
    } finally {
      setBusy(false);
    }
  });

  try {
    await load();
    boxes.values().next().value?.focus();
  } catch (e) {
    clear(list);
    list.appendChild(h("p", { class: "err" }, "The features could not be listed: " + (e as Error).message));
  }
  await d.result;
}
