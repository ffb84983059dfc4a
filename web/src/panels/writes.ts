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

/** One write that can be undone: what it was, and the changes that put the files back. */
export interface UndoEntry {
  line: string; // the appcmd command line ("restore backup \"x\"" for a restore)
  changes: ChangedFile[];
}

/**
 * The undo history of the workspace's writes, shared by the AppCmd panel's
 * Undo and the Backups panel's restore: a restore is undone like an appcmd
 * write. One per playground.
 */
export class UndoLog {
  private entries: UndoEntry[] = [];
  private listeners: (() => void)[] = [];

  get last(): UndoEntry | undefined {
    return this.entries[this.entries.length - 1];
  }

  push(e: UndoEntry): void {
    this.entries.push(e);
    this.changed();
  }

  /** Puts the files of the last write back; resolves to the write undone (null: nothing to undo). */
  async undo(app: AppHost): Promise<UndoEntry | null> {
    const u = this.entries.pop();
    if (!u) return null;
    this.changed();
    await flushEdits(app);
    await applyWrite(app, u.changes);
    return u;
  }

  onChange(f: () => void): void {
    this.listeners.push(f);
  }

  private changed(): void {
    for (const f of this.listeners) f();
  }
}

const logs = new WeakMap<AppHost, UndoLog>();

export function undoLog(app: AppHost): UndoLog {
  let l = logs.get(app);
  if (!l) logs.set(app, (l = new UndoLog()));
  return l;
}
