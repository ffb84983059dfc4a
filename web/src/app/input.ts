// input.ts: the page's own keys and what is dropped or pasted on it
// outside the editors. Ctrl+S shares, Ctrl+Enter re-evaluates everything;
// files, folders, a bundle's text and a pasted 500.19 page open the dialog
// that shows what they would change before anything does.
import type { App } from "./app";
import { looksLikeTxtar } from "../txtar";

/** Installs the page's keys and its drop and paste handlers. */
export function installInput(app: App): void {
  window.addEventListener("keydown", (e) => globalKeys(app, e));
  installDrop(app);
}

function globalKeys(app: App, e: KeyboardEvent): void {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && (e.key === "s" || e.key === "S")) {
    e.preventDefault();
    void import("../dialogs/share").then((m) => m.share(app));
  } else if (mod && e.key === "Enter") {
    e.preventDefault();
    app.workspace.markAllDirty();
    app.scheduler.siteMapStale = true;
    void app.refresh();
  }
}

/**
 * Dropped files or folders, a dropped bundle's text, and a bundle pasted
 * outside any text field open the Import dialog with them: it shows where
 * each file goes before anything changes.
 */
function installDrop(app: App): void {
  const importer = () => import("../dialogs/import");
  window.addEventListener("dragover", (e) => {
    if (e.dataTransfer?.types.includes("Files")) {
      e.preventDefault();
      document.body.classList.add("dropping");
    }
  });
  window.addEventListener("dragleave", (e) => {
    if (!e.relatedTarget) document.body.classList.remove("dropping");
  });
  window.addEventListener("drop", (e) => {
    document.body.classList.remove("dropping");
    const dt = e.dataTransfer;
    if (!dt) return;
    if (dt.files.length) {
      e.preventDefault();
      // The DataTransfer is emptied once the event is over: take its
      // entries (folders included) now, read them later.
      const entries = [...dt.items].map((i) => (i.kind === "file" ? (i.webkitGetAsEntry?.() ?? null) : null));
      const files = [...dt.files];
      void Promise.all([importer(), import("../importsource")]).then(async ([m, src]) => m.importDialog(app, { given: await src.droppedFiles(entries, files) }));
    } else {
      const t = dt.getData("text/plain");
      if (t && looksLikeTxtar(t) && !(e.target as HTMLElement).closest(".cm-editor")) {
        e.preventDefault();
        void importer().then((m) => m.importDialog(app, { text: t }));
      }
    }
  });
  window.addEventListener("paste", (e) => {
    const tgt = e.target as HTMLElement;
    if (tgt.closest("input, textarea, .cm-editor")) return;
    const t = e.clipboardData?.getData("text/plain");
    if (t && looksLikeTxtar(t)) {
      e.preventDefault();
      void importer().then((m) => m.importDialog(app, { text: t }));
    } else if (t && /HTTP Error 500\.19|^\s*Error Code\b/m.test(t)) {
      // A customer's error page: read it (dialogs/paste500.ts decides).
      void import("../dialogs/paste500").then((m) => {
        if (m.looksLike500(t)) void m.paste500Dialog(app, t);
      });
    }
  });
}
