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
// different workspace.
//
// Every failure is a LinkError with a kind and a sentence for the user:
// damaged data (not base64url, does not inflate, not JSON, not a state), an
// unknown version, or a link that inflates past LINK_CAP (the inflation
// stops there: a small link cannot make the page allocate hundreds of MB).
// Paths are checked by the engine when the state is loaded (its rule of
// what an absolute Windows path is), before the page replaces anything.
import type { FileState, State } from "./engine/protocol";
import { b64urlDecode, b64urlEncode, validateState } from "./share";
import { isBackupPath } from "./dom";

export { isBackupPath };

/** The most a link may inflate to (bytes of JSON): far above any link a browser's address bar carries. */
export const LINK_CAP = 32 << 20;

/** Links longer than this (characters of the whole URL) are too long for most chat and mail clients. */
export const LONG_LINK = 8000;

export type LinkErrorKind = "malformed" | "version" | "too-large" | "invalid" | "stock";

export class LinkError extends Error {
  constructor(
    readonly kind: LinkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "LinkError";
  }
}

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

/** [index of the first old line, old lines, new lines]; old lines are never empty (see hunks). */
type Hunk = [number, string[], string[]];

/**
 * A stock file rewritten with other indentation or line ends (a real
 * server's applicationHost.config is mostly the stock one's lines,
 * indented its own way): hunks over the lines without their leading
 * white space and "\r", then each line's indentation (spaces as a number,
 * anything else as the string) and its line ends ("crlf": every line but
 * the last ends in "\r"; "lf": none does; otherwise one "0"/"1" per line).
 */
interface Loose {
  h: Hunk[];
  i: (number | string)[];
  e: string;
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

function isStrList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
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

// ------------------------------------------------------------ line hunks

function lines(text: string): string[] {
  return text.split("\n"); // "\r" stays on its line: CRLF files round-trip
}

const MAX_EDITS = 2000; // beyond this many changed lines, the file travels whole

/**
 * The hunks turning a into b, or null when they differ in more than
 * MAX_EDITS lines. Every hunk has at least one old line, so it can be
 * found again in a stock text that moved (a pure insertion takes the line
 * before it along, or the line after it at the top of the file).
 */
export function hunks(a: string, b: string): Hunk[] | null {
  return hunksOf(lines(a), lines(b));
}

function hunksOf(x: string[], y: string[]): Hunk[] | null {
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
  const ops = myers(x.slice(pre, x.length - suf), y.slice(pre, y.length - suf));
  if (!ops) return null;
  // ops: for each step, 0 = keep, 1 = delete (from x), 2 = insert (from y).
  const out: Hunk[] = [];
  let i = pre;
  let j = pre;
  let k = 0;
  while (k < ops.length) {
    if (ops[k] === 0) {
      i++;
      j++;
      k++;
      continue;
    }
    const start = i;
    const del: string[] = [];
    const ins: string[] = [];
    while (k < ops.length && ops[k] !== 0) {
      if (ops[k] === 1) del.push(x[i++]);
      else ins.push(y[j++]);
      k++;
    }
    out.push([start, del, ins]);
  }
  for (const hk of out) {
    if (hk[1].length) continue;
    if (hk[0] > 0) {
      hk[0]--;
      hk[1] = [x[hk[0]]];
      hk[2] = [x[hk[0]], ...hk[2]];
    } else {
      hk[1] = [x[0]];
      hk[2] = [...hk[2], x[0]];
    }
  }
  // Anchoring may make neighbours overlap: merge them.
  const merged: Hunk[] = [];
  for (const hk of out) {
    const last = merged[merged.length - 1];
    if (last && hk[0] < last[0] + last[1].length) {
      const overlap = last[0] + last[1].length - hk[0];
      last[1] = [...last[1], ...hk[1].slice(overlap)];
      last[2] = [...last[2].slice(0, last[2].length - overlap), ...hk[2]];
    } else merged.push(hk);
  }
  return merged;
}

/** Myers' O(ND) diff of two line lists: the edit script, or null past MAX_EDITS. */
function myers(x: string[], y: string[]): number[] | null {
  const n = x.length;
  const m = y.length;
  if (n === 0) return new Array(m).fill(2);
  if (m === 0) return new Array(n).fill(1);
  const max = Math.min(n + m, MAX_EDITS);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    // Step d reads the diagonals -d-1 … d+1 of step d-1: keep just those.
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      v[off + k] = px;
      if (px >= n && py >= m) return backtrack(trace, n, d, k);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, dEnd: number, kEnd: number): number[] {
  const ops: number[] = [];
  let px = n;
  let k = kEnd;
  for (let d = dEnd; d > 0; d--) {
    const at = (kk: number) => trace[d][kk + d + 1];
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const sx = at(pk); // where the edit of step d started
    const ex = down ? sx : sx + 1; // where it ended (the snake after it runs to px)
    for (let t = 0; t < px - ex; t++) ops.push(0);
    ops.push(down ? 2 : 1);
    px = sx;
    k = pk;
  }
  for (let t = 0; t < px; t++) ops.push(0);
  return ops.reverse();
}

function applyHunks(path: string, text: string, hs: unknown[], exact: boolean): string {
  return applyHunksTo(path, lines(text), hs, exact).join("\n");
}

function applyHunksTo(path: string, x: string[], hs: unknown[], exact: boolean): string[] {
  const out: string[] = [];
  let i = 0; // next line of x not yet copied
  let shift = 0; // how far the hunks were found from where they were made
  for (let n = 0; n < hs.length; n++) {
    const hk = hs[n] as any;
    if (!Array.isArray(hk) || typeof hk[0] !== "number" || !isStrList(hk[1]) || !isStrList(hk[2]) || hk[1].length === 0) {
      throw new LinkError("malformed", `the link is damaged: change ${n + 1} to ${path} is not a change.`);
    }
    const [at, del, ins] = hk as Hunk;
    const want = at + shift;
    const found = exact && want >= i && matchAt(x, want, del) ? want : nearest(x, want, del, i);
    if (found < 0) {
      throw new LinkError(
        "stock",
        `the link was made with another version of the stock server, and its change ${n + 1} to ${path} no longer applies (the lines it changes are not there). Ask for a bundle (Export) instead.`,
      );
    }
    shift = found - at;
    for (; i < found; i++) out.push(x[i]);
    out.push(...ins);
    i += del.length;
  }
  for (; i < x.length; i++) out.push(x[i]);
  return out;
}

// ------------------------------------------------------- reformatted files

const LEAD = /^[ \t\f\v]*/;

function bare(l: string): string {
  return l.slice(LEAD.exec(l)![0].length).replace(/\r$/, "");
}

/** b as hunks over a's trimmed lines plus b's own indentation and line ends, or null. */
function loose(a: string, b: string): Loose | null {
  const yl = lines(b);
  const h = hunksOf(lines(a).map(bare), yl.map(bare));
  if (!h) return null;
  const i = yl.map((l) => {
    const ind = LEAD.exec(l)![0];
    return /^ *$/.test(ind) ? ind.length : ind;
  });
  const cr = yl.map((l) => l.endsWith("\r"));
  const last = cr.length - 1;
  const e = cr.every((c, k) => c === (k < last)) ? "crlf" : cr.every((c) => !c) ? "lf" : cr.map((c) => (c ? "1" : "0")).join("");
  return { h, i, e };
}

function applyLoose(path: string, text: string, lo: any, exact: boolean): string {
  const damaged = () => new LinkError("malformed", `the link is damaged: its changes to ${path} do not fit together.`);
  if (!Array.isArray(lo.h) || !Array.isArray(lo.i) || typeof lo.e !== "string") throw damaged();
  const y = applyHunksTo(path, lines(text).map(bare), lo.h, exact);
  if (lo.i.length !== y.length || (lo.e !== "crlf" && lo.e !== "lf" && lo.e.length !== y.length)) throw damaged();
  const last = y.length - 1;
  return y
    .map((l, k) => {
      const ind = lo.i[k];
      if (typeof ind !== "number" && typeof ind !== "string") throw damaged();
      const cr = lo.e === "crlf" ? k < last : lo.e === "lf" ? false : lo.e[k] === "1";
      return (typeof ind === "number" ? " ".repeat(Math.max(0, Math.min(ind, 1000))) : ind) + l + (cr ? "\r" : "");
    })
    .join("\n");
}

function matchAt(x: string[], at: number, del: string[]): boolean {
  if (at < 0 || at + del.length > x.length) return false;
  for (let t = 0; t < del.length; t++) if (x[at + t] !== del[t]) return false;
  return true;
}

/** The start nearest to want (not before from) where del's lines are, or -1. */
function nearest(x: string[], want: number, del: string[], from: number): number {
  for (let dist = 0; dist < x.length; dist++) {
    const a = want - dist;
    const b = want + dist;
    if (a < from && b + del.length > x.length) break;
    if (a >= from && matchAt(x, a, del)) return a;
    if (dist && b >= from && matchAt(x, b, del)) return b;
  }
  return -1;
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
