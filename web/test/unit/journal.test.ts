// The journal of a large workspace's last edits (web/src/journal.ts): the
// changes between two versions of an editor's document (compared leaf by
// leaf), laid back over the autosave record's text exactly; a variant per
// record, applied only over the record it names; a journal that does not
// fit is written whole or not at all, and one that does not come out as
// written is refused.
import { test, run, ok, eq } from "./harness";
import { Text } from "@codemirror/state";
import { applyChanges, applyVariant, checkHash, decodeJournal, diffTexts, findVariant, hashText, makeVariant, pruneJournals, writeJournal, JOURNAL_PREFIX, type JournalFile, type JournalStore, type Now, type Snapshot } from "../../src/journal";
import type { State } from "../../src/engine/protocol";

/** A deterministic pseudo-random sequence (no flaky tests). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function bigDoc(lines: number): Text {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`      <site name="customer${i}.example.com" id="${i + 2}"> 😀 é</site>`);
  return Text.of(out);
}

const str = (t: Text) => t.toString();

test("two distant edits of a 100,000-line document: small changes that rebuild it exactly", () => {
  const base = bigDoc(100_000);
  let now = base.replace(100, 100, Text.of(["<typed/>"]));
  const far = now.length - 5000;
  now = now.replace(far, far + 3, Text.of(["x", "y"]));
  const changes = diffTexts(base, now);
  let inserted = 0;
  for (const c of changes) inserted += c[2].length;
  ok(inserted < 100, `a few characters inserted, not the leaves between (${inserted})`);
  eq(applyChanges(str(base), changes), str(now), "rebuilt");
});

test("random edits (inserts, deletions across leaves, emoji, line breaks): always rebuilt exactly", () => {
  const r = rng(7);
  for (let round = 0; round < 40; round++) {
    const base = bigDoc(2000 + Math.floor(r() * 3000));
    let now = base;
    const n = 1 + Math.floor(r() * 12);
    for (let k = 0; k < n; k++) {
      const from = Math.floor(r() * now.length);
      const to = Math.min(now.length, from + Math.floor(r() * (r() < 0.2 ? 20_000 : 30)));
      const pieces = ["a", "😀", "\n", "</x>", "é"];
      let ins = "";
      for (let i = Math.floor(r() * 6); i > 0; i--) ins += pieces[Math.floor(r() * pieces.length)];
      now = now.replace(from, to, Text.of(ins.split("\n")));
    }
    const changes = diffTexts(base, now);
    eq(applyChanges(str(base), changes), str(now), `round ${round}`);
    let last = -1;
    for (const [from, to] of changes) {
      ok(from > last && to >= from, `round ${round}: in order and apart`);
      last = to;
    }
  }
});

test("a string against a document, and strings: one change between the common start and end", () => {
  const base = "<configuration>\n  <a/>\n</configuration>\n";
  const now = Text.of(base.replace("<a/>", "<a x='1'/>").split("\n"));
  const changes = diffTexts(base, now);
  eq(changes.length, 1, "one change");
  eq(applyChanges(base, changes), str(now), "rebuilt");
  eq(diffTexts("same", "same"), [], "equal strings: none");
  eq(applyChanges("abc", [[2, 1, "x"]]), null, "a change out of order is refused");
  eq(applyChanges("abc", [[1, 9, "x"]]), null, "past the end is refused");
});

test("the hash of a document is the hash of its text; the check of a change is the same on either", () => {
  const t = bigDoc(500);
  eq(hashText(t), hashText(t.toString()), "same hash");
  ok(hashText("a") !== hashText("b"), "differs");
  const now = t.replace(1000, 1010, Text.of(["x😀"]));
  const changes = diffTexts(t, now);
  eq(checkHash(now, changes), checkHash(now.toString(), changes), "same check");
  const shifted: typeof changes = changes.map(([a, b, s]) => [a + 1, b + 1, s]);
  ok(checkHash(applyChanges(t.toString(), shifted)!, shifted) !== checkHash(now, changes), "a change one place off: another check");
});

const APPHOST = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
const W1 = "C:\\inetpub\\wwwroot\\a\\web.config";
const W2 = "C:\\inetpub\\wwwroot\\b\\web.config";
const W3 = "C:\\inetpub\\wwwroot\\c\\web.config";

/** A record (as stored) and the page's files over it, the same FileState objects as the page holds. */
function workspace() {
  const apphost = bigDoc(20_000);
  const files = [
    { path: APPHOST, text: str(apphost) },
    { path: W1, text: "<configuration>one</configuration>" },
    { path: W2, text: "<configuration>two</configuration>", unreadable: true },
  ];
  const record: State = { version: 1, files: files.map((f) => ({ ...f })), env: { A: "1" }, path: "Default Web Site", view: { panel: "effective" } };
  const objs = files.map((f) => ({ ...f }));
  const base: Snapshot = { id: "tab.1", files: objs.map((f, i) => ({ file: f, path: f.path, content: i === 0 ? apphost : f.text, ...(f.unreadable ? { unreadable: true } : {}) })) };
  return { apphost, record, objs, base };
}

test("a variant: an edited big file as changes, a renamed, a removed and an added file, the list, env, path and view", () => {
  const { apphost, record, objs, base } = workspace();
  const edited = apphost.replace(50, 50, Text.of(["<!-- typed -->"]));
  // W1 renamed to W3 (same object), W2 removed, a new file added.
  const now: Now = {
    files: [
      { file: objs[0], path: APPHOST, content: edited },
      { file: objs[1], path: W3, content: "<configuration>one</configuration>" },
      { path: "C:\\new\\web.config", content: "<configuration/>" },
    ],
    env: { A: "2" },
    path: "Default Web Site/app",
    view: { panel: "locks" },
  };
  const v = makeVariant(base, now);
  eq(v.files, [APPHOST, W3, "C:\\new\\web.config"], "the list, as it changed");
  const big = v.edits.find((e) => e.path === APPHOST)!;
  ok(big.changes && !big.text && JSON.stringify(big).length < 200, "the big file as its changes");
  eq(v.edits.find((e) => e.path === W3)?.text, "<configuration>one</configuration>", "the renamed file (small: whole)");
  const got = applyVariant(record, JSON.parse(JSON.stringify(v)));
  ok(typeof got !== "string", `applied (${got})`);
  eq(
    got.files.map((f) => [f.path, f.text.length, !!f.unreadable]),
    [
      [APPHOST, edited.length, false],
      [W3, 34, false],
      ["C:\\new\\web.config", 16, false],
    ],
    "files",
  );
  ok(got.files[0].text === str(edited), "the big file's text exactly");
  eq([got.env, got.path, got.view], [now.env, now.path, now.view], "env, path, view");
});

test("nothing changed: no edits, no list; the files come back as recorded, unreadable kept", () => {
  const { record, objs, base } = workspace();
  const now: Now = { files: base.files.map((f) => ({ ...f })), env: {}, path: "Default Web Site", view: {} };
  const v = makeVariant(base, now);
  eq([v.edits, v.files], [[], undefined], "empty");
  const got = applyVariant(record, v);
  ok(typeof got !== "string" && got.files[2].unreadable === true && got.files[0].text === objs[0].text, "as recorded");
});

test("a big file renamed and edited: changes against its old path", () => {
  const { apphost, record, objs, base } = workspace();
  const now: Now = { files: [{ file: objs[0], path: APPHOST + ".bak", content: apphost.replace(0, 1, Text.of(["«"])) }, base.files[1], base.files[2]], env: {}, path: "p", view: {} };
  const v = makeVariant(base, now);
  eq(v.edits[0].from, APPHOST, "from the old path");
  const got = applyVariant(record, v);
  ok(typeof got !== "string" && got.files[0].path === APPHOST + ".bak" && got.files[0].text.startsWith("«"), "applied");
});

test("a variant laid over another text is refused whole: the record's length, the result's hash, unknown files", () => {
  const { apphost, record, objs, base } = workspace();
  const now: Now = { files: [{ file: objs[0], path: APPHOST, content: apphost.replace(10, 10, Text.of(["z"])) }, base.files[1], base.files[2]], env: {}, path: "p", view: {} };
  const v = makeVariant(base, now);
  const other = { ...record, files: [{ ...record.files[0], text: record.files[0].text + "!" }, ...record.files.slice(1)] };
  ok(typeof applyVariant(other, v) === "string", "another length: refused");
  const same = { ...record, files: [{ ...record.files[0], text: "Z" + record.files[0].text.slice(1) }, ...record.files.slice(1)] };
  ok(typeof applyVariant(same, v) === "string", "same length, another text near the change: the check refuses it");
  const missing = { ...record, files: record.files.slice(1) };
  ok(typeof applyVariant(missing, v) === "string", "the file is not in the record: refused");
  ok(typeof applyVariant(record, { ...v, files: [APPHOST, APPHOST.toLowerCase(), W1, W2] }) === "string", "a path listed twice: refused");
  ok(typeof applyVariant(record, { ...v, files: [W1, W2] }) === "string", "an edit outside the list: refused");
});

test("a \\r\\n file first edited since the record: its changes over the record's text with \\n line breaks", () => {
  const { record, objs, base } = workspace();
  const crlf = Array.from({ length: 3000 }, (_, i) => `<add key="k${i}" />`).join("\r\n") + "\r\n";
  const rec = { ...record, files: [...record.files, { path: W3, text: crlf }] };
  const obj = { path: W3, text: crlf };
  const b: Snapshot = { ...base, files: [...base.files, { file: obj, path: W3, content: crlf }] };
  // The editor's document: the same lines, one edited.
  const doc = Text.of(crlf.split("\r\n")).replace(40, 40, Text.of(["typed"]));
  const now: Now = { files: [...b.files.slice(0, 3), { file: obj, path: W3, content: doc }], env: {}, path: "p", view: {} };
  const v = makeVariant(b, now);
  const e = v.edits.find((x) => x.path === W3)!;
  ok(e.lf && e.changes && e.changes.length === 1 && e.changes[0][2] === "typed", `one small change (${JSON.stringify(e).slice(0, 200)})`);
  const got = applyVariant(rec, v);
  ok(typeof got !== "string" && got.files[3].text === doc.toString(), "the editor's text exactly");
});

/** localStorage's stand-in: quota in characters of keys and values. */
function store(quota = Infinity): JournalStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const used = () => [...map].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      const before = map.get(k);
      map.delete(k);
      if (used() + k.length + v.length > quota) {
        if (before !== undefined) map.set(k, before);
        throw new DOMException("full", "QuotaExceededError");
      }
      map.set(k, v);
    },
    removeItem: (k: string) => void map.delete(k),
  };
}

function edit(base: Snapshot, objs: object[], text: string): Now {
  const files: JournalFile[] = base.files.map((f, i) => (i === 1 ? { file: objs[1], path: f.path, content: text } : f));
  return { files, env: {}, path: "Default Web Site", view: {} };
}

test("written and found by the record's id; a stale journal (another record) is not found, and is pruned", () => {
  const { objs, base } = workspace();
  const s = store();
  const w = writeJournal(s, "tabA", [base, { ...base, id: "tab.2" }], edit(base, objs, "<configuration>1</configuration>"), 10);
  ok(w.complete && w.size > 0, "complete");
  eq(findVariant(s, "tab.1")?.edits[0].text, "<configuration>1</configuration>", "over tab.1");
  ok(findVariant(s, "tab.2"), "over the save still being written too");
  eq(findVariant(s, "other.9"), null, "another record: none");
  // Another tab's newer journal over the same record wins.
  writeJournal(s, "tabB", [base], edit(base, objs, "<configuration>2</configuration>"), 20);
  eq(findVariant(s, "tab.1")?.edits[0].text, "<configuration>2</configuration>", "the newest");
  pruneJournals(s, "tab.2");
  eq([...s.map.keys()], [JOURNAL_PREFIX + "tabA"], "only the journal over the record now stored is kept");
  pruneJournals(s, null);
  eq(s.map.size, 0, "none kept over a record without an id");
  s.setItem(JOURNAL_PREFIX + "junk", "{not json");
  eq(findVariant(s, "tab.1"), null, "a damaged journal is no journal");
  eq(decodeJournal('{"v":1,"tab":"t","at":1,"variants":[{"base":"x","edits":[{"path":"p","changes":[[0,1]]}],"env":{},"path":"","view":{}}]}'), null, "a malformed change: rejected");
});

test("storage full: the variants that fit, the most likely first, or none; never a part of one", () => {
  const { objs, base } = workspace();
  const now = edit(base, objs, "<configuration>" + "x".repeat(5000) + "</configuration>");
  const one = writeJournal(store(), "t", [base], now).size;
  // Room for one variant, not two.
  const s = store(one + 2000);
  const w = writeJournal(s, "t", [base, { ...base, id: "tab.2" }], now);
  ok(!w.complete && w.why === "local storage is full", `incomplete, said why (${w.why})`);
  ok(findVariant(s, "tab.1") && !findVariant(s, "tab.2"), "the first variant kept");
  const tiny = store(100);
  const w2 = writeJournal(tiny, "t", [base], now);
  ok(!w2.complete && w2.size === 0 && tiny.map.size === 0, "nothing fits: nothing written");
  const none = writeJournal(store(), "t", [], now);
  ok(!none.complete && /no autosave/.test(none.why ?? ""), "no record known: incomplete");
});

test("edits too large for a journal are not written", () => {
  const { objs, base } = workspace();
  const w = writeJournal(store(), "t", [base], edit(base, objs, "x".repeat(2_100_000)));
  ok(!w.complete && /too large/.test(w.why ?? "") && w.size === 0, `too large (${w.why})`);
});

void run();
