// journal.ts: what a large workspace's last autosave lacks, kept
// synchronously in localStorage when the page is left or hidden.
//
// A large workspace is autosaved to IndexedDB (statestore.ts), whose writes
// are asynchronous: one started while the page unloads cannot be counted
// on, so the keys typed in the last second or so before leaving were lost.
// localStorage is written synchronously but holds a few megabytes, not a
// hosting server's 9 MB. So at pagehide (and when the page is hidden, which
// may be the last chance before the browser discards the tab) the page
// writes a journal: for each file, only what differs from an autosave that
// is (or may be) in IndexedDB — the replaced ranges of a big file, the text
// of a small or new one, the list of paths when files were added, removed
// or renamed — plus the environment, path and view. The next visit that
// restores the autosave lays the journal over it, and the fresh autosave
// the page then makes replaces both.
//
// Each autosave record carries an id (the tab's token and a count), and a
// journal holds one variant per record the store may hold when the page is
// gone: the last one this tab saw stored and any still being written (a
// write in flight when the page unloads may or may not land). A variant is
// applied only over the record whose id it names, so a journal from
// another tab, from an older save, or left by a crashed tab is never laid
// over a different record; and a file whose ranges are applied must have
// the base length recorded and come out with the length, and the text
// around each change, the journal recorded (a hash of those pieces: a
// hash of the whole 9 MB file took tens of milliseconds of a pagehide
// handler), or the whole journal is refused: the restore is the record
// plus every change, or the record alone, never a mix.
//
// The texts come as the editors hold them: a CodeMirror Text (a tree of
// leaves of lines that an edit shares except where it changed them, so two
// versions of a 9 MB file are compared leaf by leaf, not character by
// character) or a plain string (a file never edited since it was opened).
import type { Text } from "@codemirror/state";
import type { FileState, State, ViewState } from "./engine/protocol";

/** A file's text: a string, or the editor's document (whose toString() is the text). */
export type Content = string | Text;

/** A file of an autosave record (or of the page now): file, when known, is the page's FileState (it follows renames). */
export interface JournalFile {
  file?: object;
  path: string;
  content: Content;
  unreadable?: boolean;
}

/** What an autosave record holds, as far as the journal needs it: its id and its files. */
export interface Snapshot {
  id: string;
  files: JournalFile[];
}

/** The workspace now. */
export interface Now {
  files: JournalFile[];
  env: Record<string, string>;
  path: string;
  view: ViewState;
}

/** A replacement of the base text's [from, to) by insert. */
export type Change = [from: number, to: number, insert: string];

/** One file of a variant: its text in full, or the changes to its base text (the file at from, else at path). */
export interface FileEdit {
  path: string;
  from?: string;
  text?: string;
  changes?: Change[];
  /** With changes: the base text's line breaks are \n before they apply (an editor reads \r\n as a line break and writes \n). */
  lf?: boolean;
  /** With changes: the base text's length (as stored), and the result's length and hash (checkHash). */
  base?: number;
  length?: number;
  hash?: string;
  unreadable?: boolean;
}

/** The workspace as changes over the record with id base. files: every path in order, when the list differs from the record's. */
export interface Variant {
  base: string;
  files?: string[];
  edits: FileEdit[];
  env: Record<string, string>;
  path: string;
  view: ViewState;
}

export interface Journal {
  v: 1;
  /** The tab that wrote it (its key's suffix). */
  tab: string;
  /** When (Date.now()). */
  at: number;
  variants: Variant[];
}

/** localStorage keys of journals: one per tab, so two tabs never overwrite each other's. */
export const JOURNAL_PREFIX = "iisconf.journal.v1.";

/**
 * A journal bigger than this (characters of JSON) is not written: a
 * pagehide handler must be quick, and localStorage's quota (~5 million
 * characters per site) is shared with the rest of the page's data.
 */
export const JOURNAL_MAX = 2_000_000;

/** A file at most this long goes in whole (simpler than its changes, and as small). */
const WHOLE_BELOW = 4096;

const lower = (p: string) => p.toLowerCase();

/** A random token for this tab: autosave ids are `${token}.${count}`, unique across tabs and visits. */
export function newToken(): string {
  const b = new Uint8Array(9);
  crypto.getRandomValues(b);
  let s = "";
  for (const x of b) s += x.toString(36).padStart(2, "0");
  return s;
}

// ------------------------------------------------------------------ texts

const isText = (c: Content): c is Text => typeof c !== "string";

function stringOf(c: Content): string {
  return isText(c) ? c.toString() : c;
}

/** FNV-1a (32 bits) over the text's UTF-16 code units, as 8 hex digits: a check that a restored file is the one journaled, not a secret. */
export function hashText(c: Content): string {
  let h = 0x811c9dc5;
  const eat = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  if (isText(c)) for (const it = c.iter(); !it.next().done; ) eat(it.value);
  else eat(c);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Characters either side of each change that the check covers. */
const AROUND = 64;

/**
 * The check of a file rebuilt from changes: a hash of each change's text
 * in the result with up to AROUND characters either side (a change in the
 * wrong place, or over another text, shows there), cheap on a 9 MB file.
 */
export function checkHash(result: Content, changes: Change[]): string {
  const pieces: string[] = [];
  let delta = 0;
  for (const [from, to, insert] of changes) {
    const at = from + delta;
    const a = Math.max(0, at - AROUND);
    const b = Math.min(result.length, at + insert.length + AROUND);
    pieces.push(isText(result) ? result.sliceString(a, b) : result.slice(a, b));
    delta += insert.length - (to - from);
  }
  return hashText(pieces.join("\u0000"));
}

/** A Text's leaves (the nodes without children) with their offsets; the children of a node are joined by an implied line break. */
function leaves(t: Text, out: { leaf: Text; at: number }[], at: number): number {
  const kids = t.children;
  if (!kids) {
    out.push({ leaf: t, at });
    return at + t.length;
  }
  let pos = at;
  for (let i = 0; i < kids.length; i++) pos = leaves(kids[i], out, i ? pos + 1 : pos);
  return pos;
}

/** The one change that turns a into b (their common start and end kept), or none. */
function trimmed(a: string, b: string, offset: number): Change | null {
  if (a === b) return null;
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return [offset + p, offset + a.length - s, b.slice(p, b.length - s)];
}

/**
 * The changes that turn base into now, in order and apart. Two editor
 * documents are compared by their leaves: those of base that now still
 * holds (the same objects, in the same order) are kept, and each stretch
 * between them is one change, trimmed to what differs. Anything else is
 * compared as strings (one change: what lies between the common start and
 * end).
 */
export function diffTexts(base: Content, now: Content): Change[] {
  if (base === now) return [];
  if (!isText(base) || !isText(now)) {
    const c = trimmed(stringOf(base), stringOf(now), 0);
    return c ? [c] : [];
  }
  const a: { leaf: Text; at: number }[] = [];
  const b: { leaf: Text; at: number }[] = [];
  leaves(base, a, 0);
  leaves(now, b, 0);
  const index = new Map<Text, number>();
  for (let i = a.length - 1; i >= 0; i--) index.set(a[i].leaf, i);
  const out: Change[] = [];
  let ai = -1;
  let aEnd = 0;
  let bEnd = 0;
  const between = (aTo: number, bTo: number) => {
    if (aTo === aEnd && bTo === bEnd) return;
    const c = trimmed(base.sliceString(aEnd, aTo), now.sliceString(bEnd, bTo), aEnd);
    if (c) out.push(c);
  };
  for (const x of b) {
    const i = index.get(x.leaf);
    if (i === undefined || i <= ai) continue;
    between(a[i].at, x.at);
    ai = i;
    aEnd = a[i].at + x.leaf.length;
    bEnd = x.at + x.leaf.length;
  }
  between(base.length, now.length);
  return out;
}

/** base with changes applied (in order and apart, within base), or null when they do not fit it. */
export function applyChanges(base: string, changes: Change[]): string | null {
  const parts: string[] = [];
  let at = 0;
  for (const [from, to, insert] of changes) {
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= at && to >= from && to <= base.length && typeof insert === "string")) return null;
    parts.push(base.slice(at, from), insert);
    at = to;
  }
  parts.push(base.slice(at));
  return parts.join("");
}

// --------------------------------------------------------------- variants

/** The variant that turns the record base into the workspace now. */
export function makeVariant(base: Snapshot, now: Now): Variant {
  const byFile = new Map<object, JournalFile>();
  const byPath = new Map<string, JournalFile>();
  for (const f of base.files) {
    if (f.file) byFile.set(f.file, f);
    if (!byPath.has(lower(f.path))) byPath.set(lower(f.path), f);
  }
  const edits: FileEdit[] = [];
  for (const f of now.files) {
    const was = (f.file && byFile.get(f.file)) || byPath.get(lower(f.path));
    const unreadable = f.unreadable ? { unreadable: true } : {};
    if (!was) {
      edits.push({ path: f.path, text: stringOf(f.content), ...unreadable });
      continue;
    }
    const samePath = was.path === f.path;
    if (samePath && !!was.unreadable === !!f.unreadable && (was.content === f.content || !differs(was.content, f.content))) continue;
    const from = samePath ? {} : { from: was.path };
    // A file first edited since the record: its editor made its \r\n line breaks \n.
    const lf = typeof was.content === "string" && isText(f.content) && was.content.includes("\r");
    const changes = diffTexts(lf ? toLf(was.content as string) : was.content, f.content);
    let inserted = 0;
    for (const c of changes) inserted += c[2].length;
    if (f.content.length < WHOLE_BELOW || inserted * 2 > f.content.length) {
      edits.push({ path: f.path, text: stringOf(f.content), ...unreadable });
      continue;
    }
    edits.push({ path: f.path, ...from, changes, ...(lf ? { lf: true } : {}), base: was.content.length, length: f.content.length, hash: checkHash(f.content, changes), ...unreadable });
  }
  const paths = now.files.map((f) => f.path);
  const same = paths.length === base.files.length && paths.every((p, i) => p === base.files[i].path);
  return { base: base.id, ...(same ? {} : { files: paths }), edits, env: now.env, path: now.path, view: now.view };
}

const toLf = (s: string) => s.replace(/\r\n?/g, "\n");

/** Whether two contents differ (cheap when they are the same object or of different lengths). */
function differs(a: Content, b: Content): boolean {
  if (a === b) return false;
  if (a.length !== b.length) return true;
  if (isText(a) && isText(b)) return !a.eq(b);
  return stringOf(a) !== stringOf(b);
}

/** The record's state with the variant laid over it, or why it cannot be (then nothing of it is used). */
export function applyVariant(record: State, v: Variant): State | string {
  const base = new Map<string, FileState>();
  for (const f of record.files) if (!base.has(lower(f.path))) base.set(lower(f.path), f);
  const edits = new Map<string, FileEdit>();
  for (const e of v.edits) edits.set(lower(e.path), e);
  const order = v.files ?? record.files.map((f) => f.path);
  const files: FileState[] = [];
  const used = new Set<string>();
  const seen = new Set<string>();
  for (const p of order) {
    if (seen.has(lower(p))) return `${p} is listed twice`;
    seen.add(lower(p));
    const e = edits.get(lower(p));
    if (!e) {
      const b = base.get(lower(p));
      if (!b) return `${p} is in neither the autosave nor the journal`;
      files.push({ ...b, path: p });
      continue;
    }
    used.add(lower(p));
    const unreadable = e.unreadable ? { unreadable: true } : {};
    if (e.text !== undefined) {
      files.push({ path: p, text: e.text, ...unreadable });
      continue;
    }
    const b = base.get(lower(e.from ?? p));
    if (!b) return `${e.from ?? p} is not in the autosave`;
    if (b.text.length !== e.base) return `${b.path} is not the text the journal was written against`;
    const text = applyChanges(e.lf ? toLf(b.text) : b.text, e.changes ?? []);
    if (text === null || text.length !== e.length || checkHash(text, e.changes ?? []) !== e.hash) return `${p} does not come out as journaled`;
    files.push({ path: p, text, ...unreadable });
  }
  if (used.size !== edits.size) return "the journal names a file that is not in its list";
  return { version: 1, files, env: v.env, path: v.path, view: v.view };
}

// ------------------------------------------------------------------ codec

const isObj = (x: unknown): x is Record<string, any> => !!x && typeof x === "object" && !Array.isArray(x);
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");
const optStr = (x: unknown) => x === undefined || typeof x === "string";
const optInt = (x: unknown) => x === undefined || Number.isInteger(x);
const optBool = (x: unknown) => x === undefined || typeof x === "boolean";

function validEdit(e: unknown): e is FileEdit {
  if (!isObj(e) || typeof e.path !== "string" || !optStr(e.from) || !optStr(e.text) || !optStr(e.hash)) return false;
  if (!optInt(e.base) || !optInt(e.length) || !optBool(e.unreadable) || !optBool(e.lf)) return false;
  if (e.text !== undefined) return e.changes === undefined;
  return Array.isArray(e.changes) && e.changes.every((c: unknown) => Array.isArray(c) && c.length === 3 && Number.isInteger(c[0]) && Number.isInteger(c[1]) && typeof c[2] === "string") && e.base !== undefined && e.length !== undefined && e.hash !== undefined;
}

function validVariant(v: unknown): v is Variant {
  if (!isObj(v) || typeof v.base !== "string" || typeof v.path !== "string" || !isObj(v.env) || !isObj(v.view)) return false;
  if (v.files !== undefined && !isStrings(v.files)) return false;
  return Array.isArray(v.edits) && v.edits.every(validEdit) && Object.values(v.env).every((x) => typeof x === "string");
}

/** A journal read back, or null when it is not one (damaged, another version). */
export function decodeJournal(text: string | null): Journal | null {
  if (!text) return null;
  try {
    const j = JSON.parse(text);
    if (!isObj(j) || j.v !== 1 || typeof j.tab !== "string" || typeof j.at !== "number" || !Array.isArray(j.variants) || !j.variants.every(validVariant)) return null;
    return j as Journal;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- storage

/** The storage the journals live in (localStorage; a Map-backed stand-in in the unit tests). */
export type JournalStore = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

function journalKeys(s: JournalStore): string[] {
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k?.startsWith(JOURNAL_PREFIX)) keys.push(k);
  }
  return keys;
}

/** What writeJournal kept. complete: a variant for every record the store may hold; why: what was not kept, when not. */
export interface Written {
  complete: boolean;
  why?: string;
  /** Characters written (0: nothing). */
  size: number;
}

/**
 * Writes this tab's journal: a variant over each of bases, the record most
 * likely to be in the store first (the last one seen stored, then those
 * still being written, newest first); as many as fit. None given (no
 * record of this workspace this tab knows of): nothing can be journaled.
 */
export function writeJournal(s: JournalStore, tab: string, bases: Snapshot[], now: Now, at = Date.now()): Written {
  const key = JOURNAL_PREFIX + tab;
  if (!bases.length) {
    remove(s, key);
    return { complete: false, why: "no autosave of this workspace has been stored yet", size: 0 };
  }
  const kept: string[] = [];
  let size = 0;
  let why: string | undefined;
  for (const b of bases) {
    const v = JSON.stringify(makeVariant(b, now));
    if (size + v.length > JOURNAL_MAX) {
      why = "the edits since the last autosave are too large to keep in local storage";
      continue;
    }
    kept.push(v);
    size += v.length;
  }
  // Written whole or not at all: the variants most likely to be needed first, fewer on a full storage.
  for (let n = kept.length; n > 0; n--) {
    const text = `{"v":1,"tab":${JSON.stringify(tab)},"at":${at},"variants":[${kept.slice(0, n).join(",")}]}`;
    try {
      s.setItem(key, text);
      return n === bases.length && !why ? { complete: true, size: text.length } : { complete: false, why: why ?? "local storage is full", size: text.length };
    } catch {
      why = "local storage is full";
    }
  }
  remove(s, key);
  return { complete: false, why: why ?? "local storage is full", size: 0 };
}

function remove(s: JournalStore, key: string): void {
  try {
    s.removeItem(key);
  } catch {}
}

/**
 * The variant over the record with this id: of the journals holding one,
 * the newest (a tab that restored a journal and was left before its fresh
 * autosave was stored wrote one of its own over the same record).
 */
export function findVariant(s: JournalStore, id: string): Variant | null {
  let best: { at: number; v: Variant } | null = null;
  for (const k of journalKeys(s)) {
    const j = decodeJournal(s.getItem(k));
    const v = j?.variants.find((x) => x.base === id);
    if (j && v && (!best || j.at > best.at)) best = { at: j.at, v };
  }
  return best?.v ?? null;
}

/**
 * Removes the journals that can no longer apply: those with no variant over
 * the record now stored (id; none: every journal). Record ids never repeat,
 * so such a journal would never be applied again.
 */
export function pruneJournals(s: JournalStore, id: string | null): void {
  for (const k of journalKeys(s)) {
    const j = decodeJournal(s.getItem(k));
    if (!j || id === null || !j.variants.some((v) => v.base === id)) remove(s, k);
  }
}
