// links.ts: clickable references to a place in a file. Every value, item,
// lock step and diagnostic in the results is one of these.
import { h, baseName } from "../dom";
import type { Result, Source } from "../model";

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


/**
 * A place above a view's results for ui/cause.ts's note: what keeps the
 * path from being read (a file on the chain that is not well-formed XML…),
 * so that no tab shows "0 sections" without saying why. The note's module
 * loads only when the result has diagnostics.
 */
export class CauseSlot {
  readonly el = h("div", { class: "cause-slot" });
  private gen = 0;
  constructor(private nav: Nav) {}

  update(r: Result): void {
    const gen = ++this.gen;
    this.el.replaceChildren();
    if (!r.diagnostics.length) return;
    void import("./cause").then((m) => {
      if (gen === this.gen) this.el.replaceChildren(m.causeNote(r, (p, t) => srcLink(this.nav, p, t), "effective") ?? "");
    });
  }
}
