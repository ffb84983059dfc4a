// share.ts: never lose work. The State (engine/protocol.ts) autosaves to
// localStorage (IndexedDB when large). encodeState writes the "#v1:" link
// format (base64url of the deflate-raw compressed JSON), which the
// <iisconf-demo> element still uses for its iframe; hashlink.ts reads it
// and writes the shorter "#v2:" links Share makes. Nothing reaches a server.
import type { State } from "./engine/protocol";
import { AUTOSAVE_KEY as KEY } from "./visit";
import { b64urlDecode, b64urlEncode, validateState } from "./statecodec";
import { idbGet, idbPut, pack, unpack, type StoredState } from "./statestore";

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

function marker(seq: number): void {
  if (seq < lastWhole) return;
  inIdb = true;
  localStorage.setItem(KEY, JSON.stringify({ idb: true }));
}

/** Saves the state; resolves false when neither store accepted it. */
export async function saveLocal(s: State): Promise<boolean> {
  const seq = ++saves;
  let size = 0;
  for (const f of s.files) size += f.text.length;
  if (size < SMALL_STATE) {
    try {
      localStorage.setItem(KEY, JSON.stringify(s));
      lastWhole = seq;
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
    marker(seq);
    return true;
  } catch {
    return false; // private mode or disk full: share links still work
  }
}

/**
 * A large state's autosave written by the engine worker: write(seq) asks
 * the worker and resolves once the state is stored; then the marker points
 * to it. Rejects as write does (the caller then saves with saveLocal).
 */
export async function saveByEngine(write: (seq: number) => Promise<void>): Promise<boolean> {
  const seq = ++saves;
  await write(seq);
  try {
    marker(seq);
    return true;
  } catch {
    return false;
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
