// writes.ts: how the page takes a write made in tools.wasm (an appcmd
// command in the AppCmd panel, a backup restore) and the undo of one. The
// engine gets every pending edit first (tools' copy of the workspace is
// kept in step from the engine's changes); the write answers with only the
// files it changed, which are laid over the page's files as editor edits
// (each editor keeps its undo history) and reach the engine with the next
// evaluation.
import type { ChangedFile } from "../engine/protocol";
import type { AppHost } from "../app/host";

/** Makes sure the engine has every edit before a command reads the files. */
export async function flushEdits(app: AppHost): Promise<void> {
  if (app.workspace.dirty.size > 0) await app.refresh();
}

/**
 * Applies changed files and evaluates them; resolves with the changes that
 * undo them (empty when nothing changed).
 */
export async function applyWrite(app: AppHost, changes: ChangedFile[]): Promise<ChangedFile[]> {
  const undo = app.workspace.applyChanges(changes);
  if (undo.length) await app.refresh();
  return undo;
}
