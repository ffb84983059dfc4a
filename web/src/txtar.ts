// txtar.ts: the workspace bundle format (README "Workspaces and bundles")
// in plain TypeScript, for the places that have no engine at hand: the
// <iisconf-demo> element on a documentation page, and import before the
// engine is ready. The parseBundle op (tools.wasm) and the engine's bundle
// op remain the reference; this reader follows the same rules.
import type { FileState } from "./engine/protocol";

export interface Bundle {
  comment: string;
  files: FileState[];
  env?: Record<string, string>;
}

const header = /^-- (.+) --\r?$/;

export function parseTxtar(text: string): Bundle {
  // The header lines, found without splitting the text into lines: a
  // hosting server's bundle is 9 MB, and its lines split and joined again
  // were most of an 80 ms main-thread task. Each part of the text is a
  // slice of it. A line is what split("\n") would give, "\r" included.
  const heads: { name: string; start: number; body: number }[] = [];
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    if (text.startsWith("-- ", at)) {
      const m = header.exec(text.slice(at, end));
      if (m) heads.push({ name: m[1].trim(), start: at, body: end + 1 });
    }
    // The next line that may be a header.
    const next = text.indexOf("\n-- ", end);
    at = next < 0 ? text.length : next + 1;
  }
  // A part that is not the last runs to the newline before the next
  // header, which belongs to it; a part without lines is that newline.
  const upTo = (from: number, next: number) => (next - 1 > from ? text.slice(from, next) : "\n");
  const files: FileState[] = [];
  let env: Record<string, string> | undefined;
  const unreadable = new Set<string>();
  for (let i = 0; i < heads.length; i++) {
    const s = heads[i];
    const body = i < heads.length - 1 ? upTo(s.body, heads[i + 1].start) : text.slice(s.body);
    if (s.name === "@env") {
      env = {};
      for (const l of body.split(/\r?\n/)) {
        const eq = l.indexOf("=");
        if (eq > 0) env[l.slice(0, eq).trim()] = l.slice(eq + 1).trim();
      }
    } else if (s.name === "@unreadable") {
      for (const l of body.split(/\r?\n/)) if (l.trim()) unreadable.add(l.trim().toLowerCase());
    } else {
      files.push({ path: s.name, text: body });
    }
  }
  for (const f of files) if (unreadable.has(f.path.toLowerCase())) f.unreadable = true;
  return { comment: heads.length ? upTo(0, heads[0].start) : text, files, env };
}

export function formatTxtar(b: Bundle): string {
  let out = b.comment && !b.comment.endsWith("\n") ? b.comment + "\n" : b.comment || "";
  const nl = (t: string) => (t === "" || t.endsWith("\n") ? t : t + "\n");
  for (const f of b.files) out += `-- ${f.path} --\n` + nl(f.text);
  if (b.env && Object.keys(b.env).length) {
    out += "-- @env --\n";
    for (const k of Object.keys(b.env)) out += `${k}=${b.env[k]}\n`;
  }
  const un = b.files.filter((f) => f.unreadable);
  if (un.length) out += "-- @unreadable --\n" + un.map((f) => f.path + "\n").join("");
  return out;
}

/** True when text looks like a bundle (has at least one header line). */
export function looksLikeTxtar(text: string): boolean {
  return /^-- .+ --\r?$/m.test(text);
}
