// share.ts: never lose work. The State (engine/protocol.ts) autosaves to
// localStorage (IndexedDB when large). encodeState writes the "#v1:" link
// format (base64url of the deflate-raw compressed JSON), which the
// <iisconf-demo> element still uses for its iframe; hashlink.ts reads it
// and writes the shorter "#v2:" links Share makes. Nothing reaches a server.
import type { State } from "./engine/protocol";
import { nextTask } from "./dom";
import { AUTOSAVE_KEY as KEY } from "./visit";
import { b64urlDecode, b64urlEncode, validateState } from "./statecodec";

export { hasLocal } from "./visit";
export { b64urlDecode, b64urlEncode, validateState };

async function pipe(data: Uint8Array, t: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(t as any);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function encodeState(s: State): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(s));
  return "v1:" + b64urlEncode(await pipe(json, new CompressionStream("deflate-raw")));
}


// Small states go to localStorage (synchronous, survives a crashed tab
// the moment it is written); states too big for its ~5 MB quota (a hosting
// server) go to IndexedDB, with a marker left in localStorage.
const SMALL = 1_500_000; // characters of JSON
const IDB = "iisconf";

function idb(): Promise<IDBDatabase> {
  return new Promise((res, rej) => {
    const r = indexedDB.open(IDB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore("state");
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
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

async function idbPut(v: State | null): Promise<void> {
  const db = await idb();
  const stored = v ? await pack(v) : null;
  await new Promise<void>((res, rej) => {
    const tx = db.transaction("state", "readwrite");
    if (stored) tx.objectStore("state").put(stored, KEY);
    else tx.objectStore("state").delete(KEY);
    tx.oncomplete = () => res();
    tx.onerror = () => rej(tx.error);
  });
  db.close();
}

async function idbGet(): Promise<unknown> {
  const db = await idb();
  const v = await new Promise((res, rej) => {
    const r = db.transaction("state").objectStore("state").get(KEY);
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  db.close();
  return unpack(v);
}

let inIdb = false;

/** Saves the state; resolves false when neither store accepted it. */
export async function saveLocal(s: State): Promise<boolean> {
  let size = 0;
  for (const f of s.files) size += f.text.length;
  if (size < SMALL) {
    try {
      localStorage.setItem(KEY, JSON.stringify(s));
      if (inIdb) {
        inIdb = false;
        void idbPut(null).catch(() => {});
      }
      return true;
    } catch {
      // quota: fall through to IndexedDB
    }
  }
  try {
    await idbPut(s);
    inIdb = true;
    localStorage.setItem(KEY, JSON.stringify({ idb: true }));
    return true;
  } catch {
    return false; // private mode or disk full: share links still work
  }
}

export async function loadLocal(): Promise<State | null> {
  try {
    const t = localStorage.getItem(KEY);
    if (!t) return null;
    const v = JSON.parse(t);
    if (v && v.idb) {
      inIdb = true;
      const s = await idbGet();
      return s ? validateState(s) : null;
    }
    return validateState(v);
  } catch {
    return null;
  }
}

export function clearLocal(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {}
}
