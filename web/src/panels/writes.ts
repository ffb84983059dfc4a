// writes.ts: how the page takes a write made in tools.wasm (an appcmd
// command in the AppCmd panel, a backup restore): every pending edit goes
// to the engine first, then the changed files the write reports are laid
// over the page's files and the workspace is loaded again.
import type { FileState } from "../engine/protocol";
import type { ChangedFile } from "../engine/appcmd-protocol";
import type { AppHost } from "../app/host";

/** Makes sure the engine has every edit before a command reads the files. */
export async function flushEdits(app: AppHost): Promise<void> {
  if (app.workspace.dirty.size > 0) await app.refresh();
}

/**
 * The page's files with a write's changes applied (removed files dropped,
 * new ones added), in the page's order with new files at the end.
 */
export function applyChanges(files: FileState[], changes: ChangedFile[]): FileState[] {
  const byKey = new Map(changes.map((c) => [c.path.toLowerCase(), c]));
  const out: FileState[] = [];
  for (const f of files) {
    const c = byKey.get(f.path.toLowerCase());
    if (!c) out.push({ ...f });
    else {
      byKey.delete(f.path.toLowerCase());
      if (!c.removed) out.push({ path: f.path, text: c.text, unreadable: c.unreadable || undefined });
    }
  }
  for (const c of byKey.values()) if (!c.removed) out.push({ path: c.path, text: c.text, unreadable: c.unreadable || undefined });
  return out;
}

/** Loads a file set into the page (and the engine) and re-evaluates, keeping path and view. */
export async function loadFiles(app: AppHost, files: FileState[]): Promise<void> {
  await app.loadState({ ...app.workspace.state(), files });
}
