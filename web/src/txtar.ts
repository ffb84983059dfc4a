// txtar.ts: the workspace bundle format (README "Workspaces and bundles")
// in plain TypeScript, for the places that have no engine at hand: the
// <iisconf-demo> element on a documentation page, and import before the
// engine is ready. The engine's parseBundle/bundle ops remain the
// reference; this reader follows the same rules.
import type { FileState } from "./engine/protocol";

export interface Bundle {
  comment: string;
  files: FileState[];
  env?: Record<string, string>;
}

const header = /^-- (.+) --\r?$/;

export function parseTxtar(text: string): Bundle {
  const lines = text.split("\n");
  let comment: string[] = [];
  const sections: { name: string; lines: string[] }[] = [];
  let cur: string[] = comment;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = header.exec(line);
    if (m) {
      const s = { name: m[1].trim(), lines: [] as string[] };
      sections.push(s);
      cur = s.lines;
      continue;
    }
    cur.push(line);
  }
  const join = (ls: string[]) => {
    // split("\n") leaves a final "" for a trailing newline; keep text byte-for-byte.
    return ls.join("\n");
  };
  const files: FileState[] = [];
  let env: Record<string, string> | undefined;
  const unreadable = new Set<string>();
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i];
    // Each section's text runs to the next header: the newline before the
    // next header belongs to this file.
    let body = join(s.lines);
    if (i < sections.length - 1) body += "\n";
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
  let c = join(comment);
  if (sections.length) c += "\n";
  return { comment: sections.length ? c : text, files, env };
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
