// share.ts: never lose work. The State (engine/protocol.ts) autosaves to
// localStorage (IndexedDB when large). encodeState writes the "#v1:" link
// format (base64url of the deflate-raw compressed JSON), which the
// <iisconf-demo> element still uses for its iframe; hashlink.ts reads it
// and writes the shorter "#v2:" links Share makes. Nothing reaches a server.
import type { State } from "./engine/protocol";
import { AUTOSAVE_KEY as KEY } from "./visit";
import { b64urlDecode, b64urlEncode, validateState } from "./statecodec";
import { idbGet, idbPut, pack, unpack, type StoredState } from "./statestore";
import { applyVariant, findVariant, pruneJournals } from "./journal";

export { hasLocal } from "./visit";
export { b64urlDecode, b64urlEncode, validateState, pack, unpack, type StoredState };

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
// server) go to IndexedDB (statestore.ts), with a marker left in
// localStorage. A large workspace's autosave is written by the engine
// worker from its own copy of the files (engine/autosave.ts, saveByEngine);
// saveLocal is the page writing one itself.
export const SMALL_STATE = 1_500_000; // characters of text

let inIdb = false;
// Autosaves are numbered as they start. A state written whole to
// localStorage makes any older one still being written to IndexedDB stale:
// its end must not point the marker back at it.
let saves = 0;
let lastWhole = 0;

function marker(seq: number, id?: string): void {
  if (seq < lastWhole) return;
  inIdb = true;
  localStorage.setItem(KEY, JSON.stringify({ idb: true, ...(id ? { id } : {}) }));
}

/**
 * Writes a small state to localStorage at once (synchronously: a page
 * being left keeps it); false when it is too big or the storage refuses.
 * id: the record's (journal.ts), stored with it.
 */
export function saveWhole(s: State, id?: string): boolean {
  const seq = ++saves;
  let size = 0;
  for (const f of s.files) size += f.text.length;
  if (size >= SMALL_STATE) return false;
  try {
    localStorage.setItem(KEY, JSON.stringify(id ? { id, ...s } : s));
  } catch {
    return false; // quota
  }
  lastWhole = seq;
  if (inIdb) {
    inIdb = false;
    void idbPut(null).catch(() => {});
  }
  return true;
}

/** Saves the state (id: the record's); resolves false when neither store accepted it. */
export async function saveLocal(s: State, id?: string): Promise<boolean> {
  if (saveWhole(s, id)) return true;
  const seq = ++saves;
  try {
    await idbPut(s, id);
    marker(seq, id);
    return true;
  } catch {
    return false; // private mode or disk full: share links still work
  }
}

/**
 * The id of the autosave record stored now, as far as localStorage tells
 * (the marker of an IndexedDB record names it): null when none is named.
 */
export function storedId(): string | null {
  try {
    const t = localStorage.getItem(KEY);
    // (A small state is read only this far: its id is written first.)
    const m = t && /^\{"(?:idb":true,")?id":("(?:[^"\\]|\\.)*")/.exec(t.slice(0, 200));
    return m ? (JSON.parse(m[1]) as string) : null;
  } catch {
    return null;
  }
}

/**
 * A large state's autosave written by the engine worker: write(seq) asks
 * the worker and resolves once the state is stored; then the marker points
 * to it. Rejects as write does (the caller then saves with saveLocal).
 */
export async function saveByEngine(write: (seq: number) => Promise<void>, id?: string): Promise<boolean> {
  const seq = ++saves;
  await write(seq);
  try {
    marker(seq, id);
    return true;
  } catch {
    return false;
  }
}

/**
 * The autosave, as the visit restores it. record: the IndexedDB record it
 * came from (its id and files: what the page's next journal is written
 * against). journal: a journal over that record was laid over it
 * ("applied"), or was refused (its reason; the record alone is returned).
 */
export interface Loaded {
  state: State;
  record?: { id: string; files: State["files"] };
  journal?: "applied" | { refused: string };
}

export async function loadLocal(): Promise<Loaded | null> {
  try {
    const t = localStorage.getItem(KEY);
    if (!t) return null;
    let raw = JSON.parse(t);
    if (raw && raw.idb) {
      inIdb = true;
      raw = await idbGet();
      if (!raw) return null;
    }
    const state = validateState(raw);
    const id = typeof raw.id === "string" ? raw.id : null;
    // Journals over other records (an older save, another tab's) never apply: dropped.
    pruneJournals(localStorage, id);
    if (!id) return { state };
    const record = { id, files: state.files };
    const variant = findVariant(localStorage, id);
    if (!variant) return { state, record };
    const laid = applyVariant(state, variant);
    return typeof laid === "string" ? { state, record, journal: { refused: laid } } : { state: validateState(laid), record, journal: "applied" };
  } catch {
    return null;
  }
}

export function clearLocal(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {}
}
