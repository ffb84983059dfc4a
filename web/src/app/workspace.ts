// workspace.ts: the workspace store. Holds the State (files, environment
// overrides, path, view), remembers which files the engine and autosave
// have not seen yet, saves (autosave, share.ts) and makes file-level changes
// (add, rename, delete, replace a text) in the files, the editors and the
// engine together.
//
// The editors hold the newest text of an edited file: it is read from them
// when needed (a refresh, a save), never per keystroke, since a 5 MB
// applicationHost.config is costly to copy.
import type { ChangedFile, Edit, FileState, State, ViewState } from "../engine/protocol";
import type { Engine } from "../api";
import type { Editors } from "../ui/editor";
import { debounce, samePath } from "../dom";
import { saveByEngine, saveLocal, saveWhole, storedId, SMALL_STATE } from "../share";
import { newToken, pruneJournals, writeJournal, type JournalFile, type Now, type Snapshot } from "../journal";

/** Workspaces bigger than this evaluate in large mode (see HEAVY_SECTIONS). */
export const LARGE_BYTES = 2_000_000;

export const DEFAULT_PATH = "Default Web Site";

export const isAppHost = (path: string) => /applicationhost\.config$/i.test(path);

export interface WorkspaceHooks {
  /**
   * Files changed. list: files were added, renamed or removed; siteMap:
   * the sites may have changed (applicationHost.config); sent: the engine
   * has the change already (a predicted keystroke, see predict). The
   * shell re-evaluates (unless sent) and saves.
   */
  changed(c: { list: boolean; siteMap: boolean; sent?: boolean }): void;
  /** A keystroke's text was predicted (see predict): the shell evaluates now, with it. */
  predicted(): void;
  /** An autosave finished (ok false: storage full or refused). */
  saved(ok: boolean): void;
  /** Whether autosave may write (not while only a link holds the workspace, workspacemeta.ts). */
  mayAutosave(): boolean;
}

/** How long a predicted keystroke waits for the editor's change before it counts as not made. */
const AHEAD_MS = 100;

interface Ahead {
  path: string;
  text: string;
  /** Sent to the engine (takeEdits). */
  taken: boolean;
  settled: Promise<boolean>;
  settle: (ok: boolean) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Workspace {
  /** The files; changed only by this class's methods, which keep byPath and listVersion. */
  files: FileState[] = [];
  /** Counts changes of the file list (added, removed, renamed files; not texts): the file tree is rebuilt only then. */
  listVersion = 0;
  // find's index by lower-case path, built when first asked after a change
  // of the list: a hosting server has 10,000 files, and a keystroke looks
  // its file up several times (a scan compared ~20,000 lower-cased paths).
  private byPath: Map<string, FileState> | null = null;
  env: Record<string, string> = {};
  path = DEFAULT_PATH;
  view: ViewState = { panel: "effective", defaults: false };
  /** Over LARGE_BYTES of text: large mode. */
  large = false;
  /** Autosave starts once the first workspace is shown. */
  loaded = false;
  /** Files changed since the engine last saw them. */
  readonly dirty = new Set<string>();
  /** Files whose editor text is newer than files[].text. */
  private unsaved = new Set<string>();
  /** Files removed by a write that the engine still has. */
  private removed = new Set<string>();
  /** A keystroke's predicted text, until the editor's change confirms it or not (see predict). */
  private ahead: Ahead | null = null;
  /**
   * Predicted keystrokes (tests and the bench read them): made; taken, sent
   * to the engine before the editor's change (not when a refresh was still
   * running then: the editor's text is sent after it); and confirmed by
   * that change.
   */
  readonly predictions = { made: 0, taken: 0, confirmed: 0 };
  /** Autosave, debounced (also run on pagehide and when the page is hidden). */
  readonly save = Object.assign(
    () => {
      this.changes++;
      this.saveLater();
    },
    { flush: () => this.saveLater.flush() },
  );
  private readonly saveLater = debounce(() => this.saveNow(), 400);
  // Changes asked to be saved (save calls), and how many of them a
  // finished autosave holds: the unload guard (unsavedOnLeave).
  private changes = 0;
  private stored = 0;
  // The autosave records this tab knows the store may hold (journal.ts):
  // the last one stored (or the one this visit restored), and those asked
  // for and not yet stored, oldest first. Ids are this tab's token and a
  // count.
  private readonly tab = newToken();
  private saveCount = 0;
  private confirmed: Snapshot | null = null;
  private pending: Snapshot[] = [];
  // The last journal written, and what it was written for (leaving asks
  // twice: beforeunload, then pagehide).
  private journaled: { key: string; missing: string | null } | null = null;

  constructor(
    private engine: Engine,
    private editors: Editors,
    private hooks: WorkspaceHooks,
  ) {}

  find(path: string): FileState | undefined {
    if (!this.byPath) {
      this.byPath = new Map();
      // The first of two paths that differ only in case wins, as a scan would.
      for (const f of this.files) if (!this.byPath.has(f.path.toLowerCase())) this.byPath.set(f.path.toLowerCase(), f);
    }
    return this.byPath.get(path.toLowerCase());
  }

  /** After any change of the list: find's index is rebuilt, the file tree redrawn. */
  private listChanged(): void {
    this.byPath = null;
    this.listVersion++;
  }

  /** The newest text of a file (the editor's when it has been opened). */
  text(f: FileState): string {
    return this.editors.text(f.path) ?? f.text;
  }

  /**
   * The workspace as it was opened (a start, a sample, a link, an import,
   * a restored recent one): the "before" of the Script dialog's "changes
   * since opened" and of Compare's "as opened". A tool's write (an appcmd
   * command, a backup restore) changes files without moving it.
   */
  opened: { files: FileState[]; env: Record<string, string> } | null = null;

  /** Takes st's files, path and view (copies); nothing is pending afterwards. */
  replace(st: State): void {
    this.opened = { files: st.files.map((f) => ({ ...f })), env: { ...(st.env ?? {}) } };
    this.files = st.files.map((f) => ({ ...f }));
    this.listChanged();
    this.env = st.env ?? {};
    this.path = st.path || DEFAULT_PATH;
    this.view = { panel: "effective", defaults: false, ...(st.view ?? {}) };
    this.dirty.clear();
    this.unsaved.clear();
    this.removed.clear();
    this.settleAhead(false);
    let size = 0;
    for (const f of this.files) size += f.text.length;
    this.large = size > LARGE_BYTES;
  }

  /** The State to save or share (files edited since the last call are read from the editors). */
  state(): State {
    for (const p of this.unsaved) {
      const f = this.find(p);
      if (f) f.text = this.text(f);
    }
    this.unsaved.clear();
    return { version: 1, files: this.files, env: this.env, path: this.path, view: { ...this.view, file: this.editors.openPath ?? undefined } };
  }

  saveNow(): void {
    if (!this.loaded || !this.hooks.mayAutosave()) return;
    const holds = this.changes;
    const save = this.textSize() < SMALL_STATE ? this.saveState(holds) : this.saveByEngine();
    void save.then((snap) => {
      if (snap) this.storedAs(snap, holds);
      this.hooks.saved(!!snap);
    });
  }

  /**
   * The page saves the state itself: a small one to localStorage at once
   * (stored before this returns, so a page being left keeps it), else to
   * IndexedDB.
   */
  private saveState(holds: number): Promise<Snapshot | null> {
    const st = this.state();
    const snap = this.snapshot();
    if (saveWhole(st, snap.id)) {
      this.storedAs(snap, holds);
      return Promise.resolve(snap);
    }
    return saveLocal(st, snap.id).then((ok) => this.settled(snap, ok));
  }

  /** The files as the editors hold them now, for the journal: an edited file's document (not copied), else its text. */
  private journalFiles(): JournalFile[] {
    const edited = new Set<string>();
    for (const p of this.unsaved) edited.add(p.toLowerCase());
    return this.files.map((f) => ({
      file: f,
      path: f.path,
      content: (edited.size && edited.has(f.path.toLowerCase()) && this.editors.doc(f.path)) || f.text,
      ...(f.unreadable ? { unreadable: true } : {}),
    }));
  }

  /** An autosave about to be asked for: its id and what it will hold (the files now). */
  private snapshot(): Snapshot {
    const snap = { id: `${this.tab}.${++this.saveCount}`, files: this.journalFiles() };
    this.pending.push(snap);
    return snap;
  }

  /** An autosave finished: stored (snap back) or not (null; it will not be in the store). */
  private settled(snap: Snapshot, ok: boolean): Snapshot | null {
    if (!ok) this.pending = this.pending.filter((p) => p !== snap);
    return ok ? snap : null;
  }

  /** snap is the record now: the older ones can no longer be, nor any journal not written over it. */
  private storedAs(snap: Snapshot, holds: number): void {
    this.stored = Math.max(this.stored, holds);
    const at = this.pending.indexOf(snap);
    if (at < 0) return; // (an older one stored after a newer one was)
    this.confirmed = snap;
    this.pending = this.pending.slice(at + 1);
    try {
      pruneJournals(localStorage, snap.id);
    } catch {}
  }

  /**
   * The autosave this visit restored (share.ts loadLocal): the record the
   * store holds until this tab's first autosave is stored, and so what
   * this tab's journal is written against until then.
   */
  restoredFrom(record: { id: string; files: FileState[] }): void {
    if (this.confirmed) return;
    this.confirmed = { id: record.id, files: record.files.map((f) => ({ path: f.path, content: f.text, ...(f.unreadable ? { unreadable: true } : {}) })) };
  }

  /**
   * The page is being left (leaving: beforeunload, pagehide) or hidden
   * (a hidden tab may be discarded without another word): what the last
   * stored autosave lacks is kept — a small workspace is written whole to
   * localStorage at once; a large one's journal is written (journal.ts),
   * synchronously, since an IndexedDB write cannot be counted on to finish
   * while the page unloads. Returns null when nothing typed is at risk,
   * else what could not be kept. Done at these moments only, never per
   * keystroke.
   */
  keepForLeave(leaving: boolean): string | null {
    // (Nothing owed: the last autosave stored holds it all, and is not written again.)
    if (!this.unsavedOnLeave()) return null;
    if (this.textSize() < SMALL_STATE) {
      this.saveNow();
      if (!this.unsavedOnLeave()) return null;
    }
    const missing = this.journal();
    // The autosave starts too when the page is only hidden (it may come
    // back; a save that lands makes the journal unneeded) or when the
    // journal could not hold everything (one asked to stay keeps it once
    // stored). A page leaving with a whole journal is not kept waiting
    // for a save that could not finish (reading a 9 MB file back out of
    // its editor for it took ~30 ms).
    if (missing !== null || !leaving) this.saveNow();
    return missing;
  }

  /** Writes this tab's journal; null when it holds everything owed, else what it could not. */
  private journal(): string | null {
    const bases = [...(this.confirmed ? [this.confirmed] : []), ...this.pending.slice().reverse()];
    const key = `${this.changes} ${bases.map((b) => b.id).join(" ")}`;
    if (this.journaled?.key === key) return this.journaled.missing;
    let missing: string | null;
    // A record stored by another tab since (its marker names it) is one this journal cannot be laid over.
    const stored = storedId();
    if (stored && !bases.some((b) => b.id === stored)) {
      missing = "another tab has saved this workspace since";
    } else {
      try {
        const w = writeJournal(localStorage, this.tab, bases, this.now());
        missing = w.complete ? null : (w.why ?? "local storage is full");
      } catch {
        missing = "local storage cannot be written";
      }
    }
    this.journaled = { key, missing };
    return missing;
  }

  private now(): Now {
    return { files: this.journalFiles(), env: this.env, path: this.path, view: { ...this.view, file: this.editors.openPath ?? undefined } };
  }

  /**
   * Whether leaving the page now could lose changes: an autosave is owed
   * (a large workspace's goes to IndexedDB, written by the engine worker,
   * and cannot be counted on to finish while the page unloads; a small
   * one is written to localStorage at once when the page is left).
   * keepForLeave says whether the journal holds them.
   */
  unsavedOnLeave(): boolean {
    return this.loaded && this.hooks.mayAutosave() && this.changes > this.stored;
  }

  /** The files' characters as last read (an edited file's editor may hold a few keys more or less). */
  private textSize(): number {
    let n = 0;
    for (const f of this.files) n += f.text.length;
    return n;
  }

  /**
   * A large workspace's autosave: the engine worker writes it from the
   * files it was sent (engine/autosave.ts), so the page neither reads the
   * texts back from the editors nor encodes them. The worker takes its
   * snapshot when this request's turn comes, so first the engine must hold
   * the page's texts: a keystroke's prediction is waited out (the editor
   * may not confirm it), and changes not sent yet go ahead of it. When the
   * worker cannot (its copy is not the page's files, or it was restarted),
   * the page saves the state itself, as it did before.
   */
  private async saveByEngine(): Promise<Snapshot | null> {
    while (this.ahead) await this.ahead.settled;
    const edits = this.takeEdits();
    if (edits.length) void this.engine.edit(edits).catch(() => {});
    const paths = this.files.map((f) => f.path);
    const view = { ...this.view, file: this.editors.openPath ?? undefined };
    // What the worker's snapshot will hold: the page's files now.
    const snap = this.snapshot();
    try {
      const ok = await saveByEngine((seq) => this.engine.autosave({ seq, id: snap.id, paths, env: this.env, path: this.path, view }), snap.id);
      return this.settled(snap, ok);
    } catch {
      // The worker's copy may still be written: snap stays a record the store may hold.
      const st = this.state();
      const own = this.snapshot();
      return this.settled(own, await saveLocal(st, own.id));
    }
  }

  /** The editor changed a file (a keystroke). */
  edited(path: string): void {
    // A predicted keystroke: when the engine was sent exactly this text,
    // nothing is left to send.
    const a = this.ahead;
    let sent = false;
    if (a && samePath(a.path, path)) {
      const f = this.find(path);
      sent = a.taken && !!f && this.text(f) === a.text;
      if (sent) this.predictions.confirmed++;
      this.settleAhead(sent || !a.taken);
    }
    if (!sent) this.dirty.add(path);
    this.unsaved.add(path);
    // The hash described the workspace as opened; after an edit it would
    // restore stale text on reload, so drop it (autosave has the edit).
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
    this.hooks.changed({ list: false, siteMap: isAppHost(path), sent });
  }

  /**
   * A key is about to insert text into the open file, which will then read
   * text (ui/codeeditor.ts): the next evaluation sends that text at once,
   * ~3-8 ms before the editor has made the change, so that the engine's
   * answer is more often ready for the keystroke's own frame. The editor's
   * change then confirms it (edited: the same text, nothing more to send)
   * or not (a different text, or none within AHEAD_MS): then the file is
   * sent again as the editor has it, and an answer computed from the
   * prediction is never drawn (aheadSettled). One prediction at a time.
   */
  predict(path: string, text: string): void {
    if (this.ahead || !this.find(path)) return;
    let settle!: (ok: boolean) => void;
    const settled = new Promise<boolean>((r) => (settle = r));
    const timer = setTimeout(() => {
      const a = this.ahead;
      if (!a || a.settled !== settled) return;
      // No change came: the engine must have the editor's text back.
      this.settleAhead(!a.taken);
      if (!a.taken) return;
      this.dirty.add(a.path);
      this.hooks.changed({ list: false, siteMap: isAppHost(a.path) });
    }, AHEAD_MS);
    this.ahead = { path, text, taken: false, settled, settle, timer };
    this.predictions.made++;
    this.dirty.add(path);
    this.hooks.predicted();
  }

  /**
   * Null when no prediction sent to the engine awaits the editor's word;
   * else whether the editor confirms it. An answer the engine gave after
   * an unconfirmed prediction is drawn only once confirmed.
   */
  aheadSettled(): Promise<boolean> | null {
    return this.ahead?.taken ? this.ahead.settled : null;
  }

  private settleAhead(ok: boolean): void {
    const a = this.ahead;
    if (!a) return;
    this.ahead = null;
    clearTimeout(a.timer);
    a.settle(ok);
  }

  /** The changes the engine has not seen, as EvaluateArgs.edits; they count as sent. */
  takeEdits(): Edit[] {
    const out: Edit[] = [];
    const a = this.ahead;
    for (const p of this.removed) out.push({ path: p, removed: true });
    for (const p of this.dirty) {
      const f = this.find(p);
      if (!f) continue;
      let text: string;
      if (a && samePath(a.path, f.path)) {
        text = a.text;
        if (!a.taken) this.predictions.taken++;
        a.taken = true;
      } else text = this.text(f);
      out.push({ path: f.path, text, ...(f.unreadable ? { unreadable: true } : {}) });
    }
    this.removed.clear();
    this.dirty.clear();
    return out;
  }

  /**
   * Lays changed files over the workspace (an appcmd write, a restore, the
   * undo of one): texts go into the editors as undoable edits (so every
   * editor keeps its history), new files are added, removed ones removed;
   * the engine gets them with the next evaluation. Returns the changes
   * that put the files back as they were.
   */
  applyChanges(changes: ChangedFile[]): ChangedFile[] {
    const undo: ChangedFile[] = [];
    for (const c of changes) {
      const f = this.find(c.path);
      const was: ChangedFile = f ? { path: f.path, text: this.text(f), ...(f.unreadable ? { unreadable: true } : {}) } : { path: c.path, text: "", removed: true };
      if (c.removed) {
        if (!f) continue;
        this.files = this.files.filter((x) => x !== f);
        this.listChanged();
        this.editors.remove(f.path);
        this.dirty.delete(f.path);
        this.unsaved.delete(f.path);
        this.removed.add(f.path);
      } else if (f) {
        if (was.text === c.text && !!f.unreadable === !!c.unreadable) continue;
        f.text = c.text;
        f.unreadable = c.unreadable || undefined;
        this.editors.setText(f.path, c.text);
        this.dirty.add(f.path);
      } else {
        this.files.push({ path: c.path, text: c.text, ...(c.unreadable ? { unreadable: true } : {}) });
        this.listChanged();
        this.editors.add(c.path, c.text);
        for (const r of this.removed) if (samePath(r, c.path)) this.removed.delete(r);
        this.dirty.add(c.path);
      }
      undo.push(was);
    }
    if (undo.length) this.hooks.changed({ list: true, siteMap: true });
    return undo;
  }

  /** Every file is sent again with the next evaluation (Ctrl/Cmd+Enter). */
  markAllDirty(): void {
    for (const f of this.files) this.dirty.add(f.path);
  }

  /** The file to open when none is remembered: applicationHost.config, else the first. */
  defaultFile(): string | undefined {
    return (this.files.find((f) => isAppHost(f.path)) ?? this.files[0])?.path;
  }

  /** Adds a file (editor and engine included); false when the path exists. */
  async add(path: string, text: string): Promise<boolean> {
    if (this.find(path)) return false;
    this.files.push({ path, text });
    this.listChanged();
    this.editors.add(path, text);
    await this.engine.setFile(path, text);
    this.hooks.changed({ list: true, siteMap: isAppHost(path) });
    return true;
  }

  /** Renames a file (keeping its editor state); an error message when it cannot. */
  rename(from: string, to: string): string | null {
    const f = this.find(from);
    if (!f) return `${from} is not in the workspace.`;
    if (this.files.some((x) => samePath(x.path, to) && x !== f)) return `${to} already exists.`;
    f.text = this.text(f);
    void this.engine.removeFile(from);
    f.path = to;
    this.listChanged();
    this.editors.rename(from, to);
    void this.engine.setFile(to, f.text);
    this.view.file = to;
    this.hooks.changed({ list: true, siteMap: true });
    return null;
  }

  /** Deletes a file from the workspace, the editors and the engine. */
  remove(path: string): void {
    this.files = this.files.filter((f) => !samePath(f.path, path));
    this.listChanged();
    this.editors.remove(path);
    this.dirty.delete(path);
    this.unsaved.delete(path);
    void this.engine.removeFile(path);
    this.hooks.changed({ list: true, siteMap: true });
  }

  /** Replaces a file's text in its editor, as one undoable change. */
  setText(path: string, text: string): void {
    const f = this.find(path);
    if (!f) return;
    f.text = text;
    this.editors.setText(f.path, text);
    this.dirty.add(f.path);
    this.unsaved.add(f.path);
    this.hooks.changed({ list: false, siteMap: isAppHost(f.path) });
  }
}
