// autosave.ts (engine worker): a large workspace's autosave, written by the
// engine worker rather than the page.
//
// A workspace too big for localStorage (a hosting server: 9 MB of text in
// 10,000 files) is autosaved to IndexedDB (statestore.ts). Written by the
// page, each autosave read the edited files back out of the editor (a 9 MB
// applicationHost.config is a fresh 9 MB string each time) and encoded the
// texts into a Blob: a 170–350 ms main-thread task in a trace of typing
// into that file, 400 ms after the typing paused, which the next key
// waited for. The worker already holds every text the page has: the page
// sends the files with each load and every change with the next request
// (evaluate's edits, setFile, ...). So it keeps a copy of them (FileCopy,
// noted from the requests themselves, before the engine sees them: the
// copy is what the page sent, whatever the engine made of it), and the
// page's autosave sends only what the files are not: their order, the
// environment, the path and the view.
//
// No risk to the user's work: the page first sends any change the engine
// has not had (and waits out a keystroke's prediction: the engine may hold
// a predicted text for a few ms that the editor then does not confirm), so
// at the autosave's turn in the worker's queue the copy is the page's
// files. The snapshot is taken then, at once (strings are immutable: the
// later edits make new ones), and written whole in one transaction, in the
// same format the page wrote (share.ts reads it back): the record is always
// one complete state the user had. A copy that does not match the page's
// list of files refuses, and the page saves as it did before. Writes run
// one at a time, newest first: a snapshot taken while another is being
// written replaces any older one waiting. The Blob is made a megabyte per
// task (statestore.ts pack) outside the request queue, so the page's
// evaluations run between its pieces.

import type { AutosaveArgs, Autosaved, Edit, FileState, State } from "./protocol";
import { idbPut } from "../statestore";

const key = (p: string) => p.replace(/\//g, "\\").toLowerCase();

/** The files as the page last sent them to the engine. */
export class FileCopy {
  private files = new Map<string, FileState>();
  /** The last load was the engine's own stock server (loadStock): its files are asked for when needed. */
  private stock = false;

  constructor(private readonly stockFiles: () => FileState[]) {}

  load(files: FileState[]): void {
    this.stock = false;
    this.files = new Map(files.map((f) => [key(f.path), { path: f.path, text: f.text, ...(f.unreadable ? { unreadable: true } : {}) }]));
  }

  loadStock(): void {
    this.stock = true;
    this.files.clear();
  }

  set(path: string, text: string, unreadable?: boolean): void {
    this.resolveStock();
    this.files.set(key(path), { path, text, ...(unreadable ? { unreadable: true } : {}) });
  }

  remove(path: string): void {
    this.resolveStock();
    this.files.delete(key(path));
  }

  edits(edits: Edit[] | undefined): void {
    for (const e of edits ?? []) {
      if (e.removed) this.remove(e.path);
      else this.set(e.path, e.text ?? "", e.unreadable);
    }
  }

  private resolveStock(): void {
    if (!this.stock) return;
    this.stock = false;
    for (const f of this.stockFiles()) this.files.set(key(f.path), f);
  }

  /** The page's files (paths in its order), or why the copy is not them. */
  snapshot(paths: string[]): FileState[] | string {
    this.resolveStock();
    if (paths.length !== this.files.size) return `the engine holds ${this.files.size} files, the page ${paths.length}`;
    const out: FileState[] = [];
    for (const p of paths) {
      const f = this.files.get(key(p));
      if (!f) return `the engine does not hold ${p}`;
      out.push(f.path === p ? f : { ...f, path: p });
    }
    return out;
  }
}

interface Job {
  state: State;
  id: string;
  seqs: number[];
}

/** Writes snapshots one at a time, the newest first; tells the page when each seq is stored. */
export class AutosaveWriter {
  private waiting: Job | null = null;
  private writing = false;

  constructor(private readonly post: (m: Autosaved) => void) {}

  /** Takes the snapshot now (or refuses: the page saves itself); writes it in the background. */
  take(copy: FileCopy, a: AutosaveArgs): void {
    const files = copy.snapshot(a.paths);
    if (typeof files === "string") throw new Error(`autosave: ${files}`);
    const state: State = { version: 1, files, env: a.env, path: a.path, view: a.view };
    // An older snapshot still waiting is dropped: this one holds everything it held.
    const seqs = [...(this.waiting?.seqs ?? []), a.seq];
    this.waiting = { state, id: a.id, seqs };
    if (!this.writing) void this.run();
  }

  private async run(): Promise<void> {
    this.writing = true;
    while (this.waiting) {
      const job = this.waiting;
      this.waiting = null;
      let error: string | undefined;
      try {
        await idbPut(job.state, job.id);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      for (const seq of job.seqs) this.post(error === undefined ? { autosaved: seq, ok: true } : { autosaved: seq, ok: false, error });
    }
    this.writing = false;
  }
}
