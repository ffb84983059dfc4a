// links.ts: clickable references to a place in a file. Every value, item,
// lock step and diagnostic in the results is one of these.
import { h, baseName } from "../dom";
import type { Source } from "../model";

export type Nav = (file: string, line: number, column?: number) => void;

export function describe(s: { file?: string; line?: number; locationPath?: string | null; target?: string }): string {
  let t = s.file ? `${s.file}:${s.line ?? 0}` : "";
  if (s.locationPath !== undefined && s.locationPath !== null) t += `\n<location path="${s.locationPath}">`;
  if (s.target) t += `\ntarget ${s.target}`;
  return t;
}

/** A button that jumps to file:line; text defaults to "name:line". */
export function srcLink(nav: Nav, s: Source | { file?: string; line?: number; column?: number }, text?: string, cls = "src"): HTMLElement {
  if (!s.file) return h("span", { class: cls + " nofile" }, text ?? "(built in)");
  const label = text ?? `${baseName(s.file)}:${s.line || "?"}`;
  return h(
    "button",
    {
      class: cls,
      type: "button",
      title: describe(s as Source),
      on: { click: () => nav(s.file!, s.line || 1, s.column) },
    },
    label,
  );
}

/** "location path" note for a Source. */
export function locText(s: { locationPath?: string | null }): string {
  return s.locationPath !== undefined && s.locationPath !== null ? ` in <location path="${s.locationPath}">` : "";
}

