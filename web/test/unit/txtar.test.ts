// txtar.test.ts: the page's bundle reader (txtar.ts), which finds its
// header lines without splitting the text into lines, against the rule
// written out line by line: every line (split at "\n", "\r" kept) that
// matches the header pattern starts a part; a part's text runs to the
// newline before the next header, which belongs to it.
import { test, run, eq } from "./harness";
import { parseTxtar, formatTxtar } from "../../src/txtar";

function byLines(text: string) {
  const lines = text.split("\n");
  const parts: { name: string; lines: string[] }[] = [];
  const comment: string[] = [];
  let cur = comment;
  for (const line of lines) {
    const m = /^-- (.+) --\r?$/.exec(line);
    if (m) {
      parts.push({ name: m[1].trim(), lines: (cur = []) });
      continue;
    }
    cur.push(line);
  }
  const texts = parts.map((p, i) => p.lines.join("\n") + (i < parts.length - 1 ? "\n" : ""));
  return { comment: parts.length ? comment.join("\n") + "\n" : text, names: parts.map((p) => p.name), texts };
}

test("bundles of every shape split as the line-by-line rule splits them", () => {
  const pieces = ["-- C:\\a\\web.config --", "-- b --\r", "--  c  --", "-- x --y", "-- --", "<configuration/>", "", "\r", " -- d --", "-- e\u2028f --", "--", "text -- g --"];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let k = 0; k < 2000; k++) {
    const n = rnd(8);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(pieces[rnd(pieces.length)]);
    const text = lines.join("\n") + (rnd(2) ? "\n" : "");
    const want = byLines(text);
    const got = parseTxtar(text);
    eq(got.comment, want.comment, "comment of " + JSON.stringify(text));
    eq(got.files.map((f) => f.path), want.names, "names of " + JSON.stringify(text));
    eq(got.files.map((f) => f.text), want.texts, "texts of " + JSON.stringify(text));
  }
});

test("env and unreadable parts, and a bundle written back", () => {
  const text = "path: /x\n-- C:\\a.config --\n<a/>\n-- C:\\b.config --\n-- @env --\nA = 1\r\nB=2\n-- @unreadable --\nc:\\B.CONFIG\n";
  const b = parseTxtar(text);
  eq(b.comment, "path: /x\n", "comment");
  eq(b.files, [{ path: "C:\\a.config", text: "<a/>\n" }, { path: "C:\\b.config", text: "\n", unreadable: true }], "files");
  eq(b.env, { A: "1", B: "2" }, "env");
  eq(formatTxtar({ comment: "", files: [{ path: "C:\\a.config", text: "<a/>" }] }), "-- C:\\a.config --\n<a/>\n", "format");
});

void run();
