// statestore.ts: how a large State is kept in IndexedDB, without the DOM, so
// that both the page (share.ts, recent.ts) and the engine worker, which
// writes a large workspace's autosave itself (engine/autosave.ts), use the
// same format: the files' texts in one Blob beside the rest of the State.
import type { State } from "./engine/protocol";
import { AUTOSAVE_KEY } from "./autosavekey";

/**
 * Resolves in a new task (a MessageChannel message, which is not clamped
 * as nested timers are): long work split into pieces lets the thread do
 * other work between them (a 10,000-site workspace's editor and its
 * autosave must not make one task over 100 ms).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

// A stored state keeps its files' texts in one Blob: IndexedDB clones a
// Blob by reference, while cloning (and compressing) the texts of a hosting
// server took the page's main thread over 100 ms per autosave.
// The Blob is made a megabyte of text per task (encoding 9 MB at once was
// a 60 ms task). lengths are the texts' lengths in UTF-16 code units, in
// file order.
export interface StoredState extends Omit<State, "files"> {
  files: { path: string; unreadable?: boolean }[];
  lengths: number[];
  texts: Blob;
  /** The autosave's id (journal.ts: a journal is laid only over the record it was written against). */
  id?: string;
}

const PACK_CHUNK = 1 << 20; // characters encoded per task

export async function pack(s: State): Promise<StoredState> {
  // Taken now: the page may change its files while the Blob is made.
  const files = s.files.map((f) => ({ path: f.path, ...(f.unreadable ? { unreadable: true } : {}) }));
  const texts = s.files.map((f) => f.text);
  const blobs: Blob[] = [];
  let pending: string[] = [];
  let size = 0;
  for (const text of texts) {
    for (let at = 0; at < text.length; ) {
      let n = Math.min(text.length - at, PACK_CHUNK - size);
      // Never end a piece between the halves of a surrogate pair: each
      // half alone would be encoded as U+FFFD.
      const last = text.charCodeAt(at + n - 1);
      if (n > 1 && at + n < text.length && last >= 0xd800 && last <= 0xdbff) n--;
      pending.push(n === text.length ? text : text.slice(at, at + n));
      at += n;
      size += n;
      if (size >= PACK_CHUNK - 1) {
        blobs.push(new Blob(pending));
        pending = [];
        size = 0;
        await nextTask();
      }
    }
  }
  blobs.push(new Blob(pending));
  return {
    ...s,
    files,
    lengths: texts.map((t) => t.length),
    texts: new Blob(blobs, { type: "text/plain" }),
  };
}

/** The State a stored value holds: packed (a Blob of texts) or, as older versions saved it, plain. */
export async function unpack(v: any): Promise<unknown> {
  if (!v || !(v.texts instanceof Blob) || !Array.isArray(v.files) || !Array.isArray(v.lengths)) return v;
  const all = await v.texts.text();
  let at = 0;
  const files = v.files.map((f: any, i: number) => {
    const n = Number(v.lengths[i]) || 0;
    const text = all.slice(at, at + n);
    at += n;
    return { ...f, text };
  });
  return { ...v, files, texts: undefined, lengths: undefined };
}

const IDB = "iisconf";

function idb(): Promise<IDBDatabase> {
  return new Promise((res, rej) => {
    const r = indexedDB.open(IDB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore("state");
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
}

/** Writes the autosave's State (packed, with its id), or deletes it (null), in one transaction. */
export async function idbPut(v: State | null, id?: string): Promise<void> {
  const db = await idb();
  try {
    const stored = v ? { ...(await pack(v)), ...(id ? { id } : {}) } : null;
    await new Promise<void>((res, rej) => {
      const tx = db.transaction("state", "readwrite");
      if (stored) tx.objectStore("state").put(stored, AUTOSAVE_KEY);
      else tx.objectStore("state").delete(AUTOSAVE_KEY);
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
      tx.onabort = () => rej(tx.error ?? new Error("the autosave's transaction was aborted"));
    });
  } finally {
    db.close();
  }
}

export async function idbGet(): Promise<unknown> {
  const db = await idb();
  try {
    const v = await new Promise((res, rej) => {
      const r = db.transaction("state").objectStore("state").get(AUTOSAVE_KEY);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    return unpack(v);
  } finally {
    db.close();
  }
}
