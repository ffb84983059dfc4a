// hashlink.ts: the workspace links of the address bar's hash, and the
// checks every link passes before anything of the page changes.
//
// Two formats, both "v<N>:" + base64url(deflate-raw(JSON)):
//
//   #v1:  the whole State (engine/protocol.ts) as JSON. Still opened, no
//         longer made: the stock server alone made a 12 KB link.
//   #v2:  a Delta: the workspace as its changes against the stock server
//         the engine embeds (the page asks the engine worker for it, so
//         nothing is added to the first load). Files the stock server has
//         and the workspace left alone are not in the link; a stock file
//         that was edited travels as line hunks; every other file travels
//         whole. The stock server plus one small web.config is a link of a
//         few hundred characters.
//
// A v2 link names the stock server it was made against (a fingerprint). On
// a page whose stock server differs (a later release), files left alone
// take the page's stock text, and each hunk is applied where its old lines
// are found (the nearest match to where they were); a hunk whose lines are
// gone makes the link fail with a message saying so, never a silently
// different workspace. The hunks, and their application, are linkdiff.ts.
//
// Every failure is a LinkError with a kind and a sentence for the user:
// damaged data (not base64url, does not inflate, not JSON, not a state), an
// unknown version, or a link that inflates past LINK_CAP (the inflation
// stops there: a small link cannot make the page allocate hundreds of MB).
// Paths are checked by the engine when the state is loaded (its rule of
// what an absolute Windows path is), before the page replaces anything.
import type { FileState, State } from "./engine/protocol";
import { b64urlDecode, b64urlEncode, isBackupPath, validateState } from "./statecodec";
import { applyHunks, applyLoose, hunks, isStrList, LinkError, lines, loose, type Hunk, type Loose } from "./linkdiff";

export { isBackupPath, hunks, LinkError };
export type { LinkErrorKind } from "./linkdiff";

/** The most a link may inflate to (bytes of JSON): far above any link a browser's address bar carries. */
export const LINK_CAP = 32 << 20;

/** Links longer than this (characters of the whole URL) are too long for most chat and mail clients. */
export const LONG_LINK = 8000;

/** The stock server, as the engine's stock op returns it. */
export interface Stock {
  files: FileState[];
  env?: Record<string, string>;
}

/** The JSON a #v2 link carries. Short keys: they are in every link. */
interface Delta {
  s: string; // fingerprint of the stock server it was made against
  f?: [string, string][]; // files carried whole: [path, text]
  p?: [string, Hunk[]][]; // stock files changed: [path, hunks]
  q?: [string, Loose][]; // stock files reformatted: [path, hunks of their trimmed lines + indentation]
  r?: string[]; // stock files removed
  u?: string[]; // unreadable files (carried in f, or stock files marked so)
  e?: Record<string, string>; // environment overrides
  x?: string; // the path chosen
  w?: State["view"]; // the view
}

// ------------------------------------------------------------ encoding

export interface EncodeOptions {
  /** Keep backups and history snapshots in the link (left out by default). */
  includeBackups?: boolean;
}

export interface Encoded {
  hash: string; // "v2:…", without "#"
  left: FileState[]; // files left out (backups and history)
}

/** The workspace as a #v2 hash against the stock server. */
export async function encodeLink(st: State, stock: Stock, opt: EncodeOptions = {}): Promise<Encoded> {
  const left = opt.includeBackups ? [] : st.files.filter((f) => isBackupPath(f.path));
  const files = left.length ? st.files.filter((f) => !isBackupPath(f.path)) : st.files;
  const d: Delta = { s: fingerprint(stock) };
  const base = new Map(stock.files.map((f) => [f.path.toLowerCase(), f]));
  const seen = new Set<string>();
  const whole: [string, string][] = [];
  const patched: [string, Hunk[]][] = [];
  const reformatted: [string, Loose][] = [];
  const unreadable: string[] = [];
  for (const f of files) {
    const k = f.path.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    if (f.unreadable) unreadable.push(f.path);
    const b = base.get(k);
    if (b && b.path === f.path) {
      if (b.text === f.text) continue;
      // The smallest of: hunks, hunks of the reformatted lines, the whole text.
      const hs = hunks(b.text, f.text);
      const lo = loose(b.text, f.text);
      const size = async (v: unknown) => (await deflate(new TextEncoder().encode(JSON.stringify(v)))).length;
      const whole = await size(f.text);
      const hSize = hs ? await size(hs) : Infinity;
      const lSize = lo ? await size(lo) : Infinity;
      if (hs && hSize <= lSize && hSize < whole) {
        patched.push([f.path, hs]);
        continue;
      }
      if (lo && lSize < whole) {
        reformatted.push([f.path, lo]);
        continue;
      }
    }
    whole.push([f.path, f.text]);
  }
  // A stock file missing, or present under another spelling (then carried whole), is removed first.
  const removed = stock.files.filter((b) => !files.some((f) => f.path === b.path)).map((b) => b.path);
  if (whole.length) d.f = whole;
  if (patched.length) d.p = patched;
  if (reformatted.length) d.q = reformatted;
  if (removed.length) d.r = removed;
  if (unreadable.length) d.u = unreadable;
  const env = st.env ?? {};
  if (Object.keys(env).length) d.e = env;
  if (st.path) d.x = st.path;
  const view = compactView(st.view);
  if (view) d.w = view;
  const json = new TextEncoder().encode(JSON.stringify(d));
  return { hash: "v2:" + b64urlEncode(await deflate(json)), left };
}

function compactView(v: State["view"]): State["view"] | undefined {
  if (!v) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null && x !== "" && x !== false) out[k] = x;
  return Object.keys(out).length ? (out as State["view"]) : undefined;
}

// ------------------------------------------------------------ decoding

/**
 * Decodes a hash ("#v1:…", "#v2:…", with or without "#"). stock is asked
 * for only by v2 links. Throws a LinkError naming the problem.
 */
export async function decodeLink(hash: string, stock: () => Promise<Stock | null>): Promise<State> {
  const h = hash.replace(/^#/, "");
  const m = /^v(\d+):/.exec(h);
  if (!m) {
    throw new LinkError("malformed", "the part after # is not a workspace link (links made by Share start with #v2: or #v1:).");
  }
  const version = Number(m[1]);
  if (version !== 1 && version !== 2) {
    throw new LinkError("version", `it is a version ${m[1]} link, which this page does not know (it opens versions 1 and 2): it was made by a newer iisconf.`);
  }
  const json = await inflateText(h.slice(m[0].length));
  let v: any;
  try {
    v = JSON.parse(json);
  } catch {
    throw new LinkError("malformed", "the link is damaged: its data is not a workspace (was it cut off when it was copied?).");
  }
  if (version === 1) return checked(v);
  const s = await stock();
  if (!s) throw new LinkError("stock", "the stock server could not be read from the engine, which a version 2 link builds on.");
  return checked(applyDelta(v, s));
}

function checked(v: unknown): State {
  let st: State;
  try {
    st = validateState(v);
  } catch {
    throw new LinkError("invalid", "the link holds no workspace (no list of files).");
  }
  const raw = (v as any).files as unknown[];
  if (st.files.length !== raw.length) {
    const i = raw.findIndex((f: any) => !f || typeof f.path !== "string" || typeof f.text !== "string");
    throw new LinkError("invalid", `file ${i + 1} of the link has no path or no text.`);
  }
  const seen = new Set<string>();
  for (const f of st.files) {
    const k = f.path.toLowerCase();
    if (seen.has(k)) throw new LinkError("invalid", `the link holds the file ${f.path} twice.`);
    seen.add(k);
  }
  return st;
}

async function inflateText(data: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]*$/.test(data)) {
    const bad = data.match(/[^A-Za-z0-9_-]/)![0];
    throw new LinkError("malformed", `the link is damaged: its data holds ${JSON.stringify(bad)}, which a link never holds (was it changed or cut when it was copied?).`);
  }
  if (data.length % 4 === 1 || data.length === 0) {
    throw new LinkError("malformed", "the link is damaged: its data is incomplete (was it cut off when it was copied?).");
  }
  const raw = b64urlDecode(data);
  const reader = new Blob([raw as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > LINK_CAP) {
        void reader.cancel().catch(() => {});
        throw new LinkError("too-large", `the link would expand to more than ${LINK_CAP >> 20} MB, more than any workspace link holds; it was not opened.`);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError("malformed", "the link is damaged: its data does not decompress (was it cut off when it was copied?).");
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new LinkError("malformed", "the link is damaged: its data is not text.");
  }
}

function applyDelta(d: any, stock: Stock): State {
  const bad = (what: string) => new LinkError("malformed", `the link is damaged: ${what}.`);
  if (!d || typeof d !== "object" || typeof d.s !== "string") throw bad("it does not say which stock server it was made against");
  const sameStock = d.s === fingerprint(stock);
  const files = new Map<string, FileState>();
  for (const f of stock.files) files.set(f.path.toLowerCase(), { path: f.path, text: f.text });
  if (d.r !== undefined) {
    if (!isStrList(d.r)) throw bad("its list of removed files is not a list of paths");
    for (const p of d.r) files.delete(p.toLowerCase());
  }
  if (d.p !== undefined) {
    if (!Array.isArray(d.p)) throw bad("its changes to stock files are not a list");
    for (const e of d.p) {
      if (!Array.isArray(e) || typeof e[0] !== "string" || !Array.isArray(e[1])) throw bad("a change to a stock file is not [path, hunks]");
      const cur = files.get(e[0].toLowerCase());
      if (!cur) throw bad(`it changes ${e[0]}, which the stock server does not have`);
      cur.text = applyHunks(e[0], cur.text, e[1], sameStock);
    }
  }
  if (d.q !== undefined) {
    if (!Array.isArray(d.q)) throw bad("its reformatted stock files are not a list");
    for (const e of d.q) {
      if (!Array.isArray(e) || typeof e[0] !== "string" || !e[1] || typeof e[1] !== "object") throw bad("a reformatted stock file is not [path, changes]");
      const cur = files.get(e[0].toLowerCase());
      if (!cur) throw bad(`it changes ${e[0]}, which the stock server does not have`);
      cur.text = applyLoose(e[0], cur.text, e[1], sameStock);
    }
  }
  if (d.f !== undefined) {
    if (!Array.isArray(d.f)) throw bad("its files are not a list");
    const carried = new Set<string>();
    for (const e of d.f) {
      if (!Array.isArray(e) || typeof e[0] !== "string" || typeof e[1] !== "string") throw bad("a file is not [path, text]");
      const k = e[0].toLowerCase();
      if (carried.has(k)) throw new LinkError("invalid", `the link holds the file ${e[0]} twice.`);
      carried.add(k);
      files.set(k, { path: e[0], text: e[1] }); // a stock file carried whole keeps its place
    }
  }
  if (d.u !== undefined) {
    if (!isStrList(d.u)) throw bad("its list of unreadable files is not a list of paths");
    for (const p of d.u) {
      const f = files.get(p.toLowerCase());
      if (f) f.unreadable = true;
    }
  }
  const env: Record<string, string> = { ...(stock.env ?? {}) };
  if (d.e !== undefined) {
    if (!d.e || typeof d.e !== "object" || Array.isArray(d.e)) throw bad("its environment is not a map");
    for (const [k, v] of Object.entries(d.e)) if (typeof v === "string") env[k] = v;
  }
  return { version: 1, files: [...files.values()], env, path: typeof d.x === "string" ? d.x : "", view: d.w && typeof d.w === "object" ? d.w : {} };
}

// ------------------------------------------------------------ helpers

/** A short fingerprint of the stock server (FNV-1a over paths, texts and environment). */
export function fingerprint(s: Stock): string {
  let h = 0x811c9dc5;
  const add = (t: string) => {
    for (let i = 0; i < t.length; i++) {
      h ^= t.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0;
    h = Math.imul(h, 0x01000193);
  };
  for (const f of s.files) {
    add(f.path.toLowerCase());
    add(f.text);
  }
  for (const k of Object.keys(s.env ?? {}).sort()) add(k + "=" + s.env![k]);
  return (h >>> 0).toString(36);
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
