// linkdiff.ts: the line hunks a #v2 link (hashlink.ts) carries for a
// stock file the workspace changed, and how they are applied again. A
// Myers diff over lines gives hunks that each keep at least one old line,
// so that a hunk can be found again in a stock text that moved in a later
// release (the nearest place its old lines are); a file reformatted as a
// whole (another indentation, CRLF) travels as hunks over its trimmed lines
// plus its own indentation and line ends (Loose). A hunk that no longer
// applies, or that is damaged, is a LinkError with a sentence for the user:
// never a silently different workspace.

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

/** [index of the first old line, old lines, new lines]; old lines are never empty (see hunks). */
export type Hunk = [number, string[], string[]];

/**
 * A stock file rewritten with other indentation or line ends (a real
 * server's applicationHost.config is mostly the stock one's lines,
 * indented its own way): hunks over the lines without their leading
 * white space and "\r", then each line's indentation (spaces as a number,
 * anything else as the string) and its line ends ("crlf": every line but
 * the last ends in "\r"; "lf": none does; otherwise one "0"/"1" per line).
 */
export interface Loose {
  h: Hunk[];
  i: (number | string)[];
  e: string;
}

// ------------------------------------------------------------ hunks

export function isStrList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

export function lines(text: string): string[] {
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

export function applyHunks(path: string, text: string, hs: unknown[], exact: boolean): string {
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
export function loose(a: string, b: string): Loose | null {
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

export function applyLoose(path: string, text: string, lo: any, exact: boolean): string {
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
