// recent.ts: Recent workspaces. Every action that replaces the workspace
// (a sample, a link, a docs "Open in playground" link, an import, Reset,
// restoring a recent one) first keeps the workspace it replaces here, so
// nothing a user does loses their work: the list holds the last LIMIT
// workspaces with a name, the time they were replaced and their file
// count, and restores one in one click.
//
// Kept in IndexedDB (database "iisconf-recent", apart from the autosave's
// "iisconf" database so neither's upgrade can disturb the other), each
// entry's file texts packed in one Blob as the autosave packs them
// (share.ts pack): a hosting server's 20 MB of text is stored without
// cloning it on the main thread. A workspace already in the list (same
// files, environment and path) is not stored twice: its entry moves to the
// top with the new name and time.
import type { State } from "./engine/protocol";
import { pack, unpack, validateState, type StoredState } from "./share";
import { nextTask } from "./dom";

/** How many workspaces the list keeps (the oldest beyond it are dropped). */
export const LIMIT = 20;

/** What the list shows of an entry. */
export interface RecentMeta {
  id: string;
  name: string; // what the workspace was ("Sample: Locked section", "From a link", "Your workspace (edited)")
  savedAt: number; // when it was replaced (ms since the epoch)
  files: number;
  bytes: number; // characters of text
  path: string; // the path that was chosen
  fp: string; // content fingerprint (files, environment, path)
  edited: boolean; // it held edits no link or export had (restoring it keeps asking before it is replaced)
}

export interface RecentEntry extends RecentMeta {
  state: StoredState;
}

/** Where entries are kept: IndexedDB in the page, a Map in the unit tests. */
export interface RecentBackend {
  all(): Promise<RecentEntry[]>;
  put(e: RecentEntry): Promise<void>;
  remove(id: string): Promise<void>;
}

export class RecentStore {
  constructor(
    private backend: RecentBackend = indexedDBBackend(),
    private limit = LIMIT,
  ) {}

  /** Entries, newest first (without their files). */
  async list(): Promise<RecentMeta[]> {
    const all = await this.backend.all();
    return all.sort((a, b) => b.savedAt - a.savedAt).map(({ state: _s, ...meta }) => meta);
  }

  /**
   * Keeps st under name; resolves to its entry. Rejects when storage
   * refused it (private mode, quota): the caller must then not replace the
   * workspace without saying so.
   */
  async remember(st: State, name: string, edited = false, now = Date.now()): Promise<RecentMeta> {
    const fp = await fingerprint(st);
    const all = await this.backend.all();
    const same = all.find((e) => e.fp === fp);
    let bytes = 0;
    for (const f of st.files) bytes += f.text.length;
    const meta: RecentMeta = { id: same?.id ?? newId(now), name, savedAt: now, files: st.files.length, bytes, path: st.path, fp, edited: edited || (same?.edited ?? false) };
    const entry: RecentEntry = { ...meta, state: same ? { ...same.state, view: st.view } : await pack(st) };
    await this.backend.put(entry);
    // Drop the oldest beyond the limit (never the one just kept).
    const rest = all.filter((e) => e.id !== entry.id).sort((a, b) => b.savedAt - a.savedAt);
    for (const old of rest.slice(this.limit - 1)) await this.backend.remove(old.id);
    return meta;
  }

  /** The workspace of an entry, or null when it is gone. */
  async open(id: string): Promise<State | null> {
    const e = (await this.backend.all()).find((x) => x.id === id);
    if (!e) return null;
    return validateState(await unpack(e.state));
  }

  async remove(id: string): Promise<void> {
    await this.backend.remove(id);
  }
}

function newId(now: number): string {
  return now.toString(36) + "-" + Math.floor(Math.random() * 1e9).toString(36);
}

/**
 * A fingerprint of what a workspace is: its files (path, text, unreadable),
 * environment and path, not its view. FNV-1a, a megabyte of text per task.
 */
export async function fingerprint(st: State): Promise<string> {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let done = 0;
  const add = async (t: string) => {
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      if (++done % (1 << 20) === 0) await nextTask();
    }
    h1 = Math.imul(h1 ^ 0xffff, 0x01000193); // a separator no text holds
    h2 = Math.imul(h2 ^ 0xffff, 0x5bd1e995);
  };
  const files = [...st.files].sort((a, b) => (a.path.toLowerCase() < b.path.toLowerCase() ? -1 : 1));
  for (const f of files) {
    await add(f.path.toLowerCase() + (f.unreadable ? "\u0001" : ""));
    await add(f.text);
  }
  const env = st.env ?? {};
  for (const k of Object.keys(env).sort()) await add(k + "=" + env[k]);
  await add(st.path ?? "");
  return (h1 >>> 0).toString(36) + (h2 >>> 0).toString(36) + ":" + files.length;
}

// ------------------------------------------------------------ backends

const DB = "iisconf-recent";
const STORE = "workspaces";

function openDB(): Promise<IDBDatabase> {
  return new Promise((res, rej) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: "id" });
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error ?? new Error("IndexedDB is not available"));
    r.onblocked = () => rej(new Error("IndexedDB is blocked by another tab"));
  });
}

function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return openDB().then(
    (db) =>
      new Promise<T | undefined>((res, rej) => {
        const t = db.transaction(STORE, mode);
        const r = f(t.objectStore(STORE));
        t.oncomplete = () => {
          db.close();
          res(r ? r.result : undefined);
        };
        t.onerror = () => {
          db.close();
          rej(t.error ?? new Error("IndexedDB refused the change"));
        };
        t.onabort = () => {
          db.close();
          rej(t.error ?? new Error("IndexedDB refused the change (storage full?)"));
        };
      }),
  );
}

export function indexedDBBackend(): RecentBackend {
  return {
    all: async () => ((await tx<RecentEntry[]>("readonly", (s) => s.getAll())) ?? []).filter((e) => e && typeof e.id === "string"),
    put: async (e) => void (await tx("readwrite", (s) => void s.put(e))),
    remove: async (id) => void (await tx("readwrite", (s) => void s.delete(id))),
  };
}

export function memoryBackend(): RecentBackend & { entries: Map<string, RecentEntry> } {
  const entries = new Map<string, RecentEntry>();
  return {
    entries,
    all: async () => [...entries.values()],
    put: async (e) => void entries.set(e.id, e),
    remove: async (id) => void entries.delete(id),
  };
}
