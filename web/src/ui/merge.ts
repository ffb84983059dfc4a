// merge.ts: the merge stack. The levels MACHINE → WEBROOT → APPHOST →
// site → … → folder (Result.chain), the file read at each level (or why
// none was), and for the focused section every definition that fed the
// merge (Section.inputs): applied, or why not.
import { h, clear, samePath } from "../dom";
import type { Result, Section, Input } from "../model";
import { type Nav, CauseSlot, srcLink } from "./links";

export class MergeView {
  readonly root: HTMLElement;
  private cause: CauseSlot;
  constructor(private nav: Nav) {
    this.root = h("div", { class: "merge", testid: "merge-view" });
    this.cause = new CauseSlot(nav);
  }

  render(r: Result, section: Section | undefined, sectionNames: string[], onFocus: (s: string) => void): void {
    clear(this.root);
    this.cause.update(r);
    this.root.appendChild(this.cause.el);
    const pick = h(
      "select",
      { "aria-label": "section for the merge stack", testid: "merge-section", on: { change: (e: Event) => onFocus((e.target as HTMLSelectElement).value) } },
      h("option", { value: "" }, "— choose a section —"),
      sectionNames.map((n) => h("option", { value: n, selected: section?.name === n }, n)),
    );
    this.root.appendChild(h("div", { class: "merge-head" }, h("label", null, "Section ", pick)));
    const inputs = section?.inputs ?? [];
    const byLevel = new Map<string, Input[]>();
    const orphan: Input[] = [];
    for (const inp of inputs) {
      const lv = r.chain.find((l) => (inp.level && l.configPath.toLowerCase() === inp.level.toLowerCase()) || samePath(l.file, inp.file));
      if (!lv) orphan.push(inp);
      else {
        const k = lv.configPath.toLowerCase();
        if (!byLevel.has(k)) byLevel.set(k, []);
        byLevel.get(k)!.push(inp);
      }
    }
    const stack = h("ol", { class: "stack" });
    r.chain.forEach((lv, i) => {
      const name = shortLevel(lv.configPath);
      const ins = byLevel.get(lv.configPath.toLowerCase()) ?? [];
      stack.appendChild(
        h(
          "li",
          { class: "level" + (lv.file ? "" : " no-file") + (i === r.chain.length - 1 ? " this" : "") },
          h("div", { class: "level-name" }, h("strong", null, name), h("span", { class: "muted small" }, " " + lv.configPath)),
          h(
            "div",
            { class: "level-file" },
            lv.file && !lv.builtin ? srcLink(this.nav, { file: lv.file, line: 1 }, lv.file) : h("span", { class: lv.file ? "" : "muted" }, lv.file ?? lv.candidate ?? "(no file)"),
            lv.builtin ? h("span", { class: "badge" }, "built-in stand-in") : null,
            lv.skipped ? h("span", { class: "muted small" }, " — " + lv.skipped) : null,
            !lv.file && lv.candidate && !lv.skipped ? h("span", { class: "muted small" }, " — no web.config in this folder") : null,
          ),
          // Why this file: at MACHINE the .NET Framework folder the pool
          // picks, at a stand-in level which built-in file, at APPHOST
          // shared configuration through redirection.config.
          lv.note ? h("div", { class: "level-note small", testid: "level-note" }, lv.note) : null,
          section
            ? ins.length
              ? h(
                  "ul",
                  { class: "inputs" },
                  ins.map((inp) =>
                    h(
                      "li",
                      { class: inp.applied ? "applied" : "not-applied" },
                      h("span", { class: "badge " + (inp.applied ? "allow" : "deny") }, inp.applied ? "applied" : "ignored"),
                      " ",
                      srcLink(this.nav, inp),
                      inp.locationPath !== undefined ? h("span", { class: "loc" }, ` <location path="${inp.locationPath}">`) : null,
                      inp.target && inp.target.toLowerCase() !== lv.configPath.toLowerCase() ? h("span", { class: "muted small" }, ` → ${inp.target}`) : null,
                      inp.why ? h("div", { class: "why" }, inp.why) : null,
                      inp.note ? h("div", { class: "muted small" }, inp.note) : null,
                    ),
                  ),
                )
              : h("div", { class: "muted small" }, "contributes nothing to this section")
            : null,
        ),
      );
    });
    this.root.appendChild(stack);
    if (orphan.length)
      this.root.appendChild(h("ul", { class: "inputs" }, orphan.map((inp) => h("li", null, srcLink(this.nav, inp), " ", inp.applied ? "applied" : inp.why ?? "ignored"))));
    if (!section) this.root.appendChild(h("p", { class: "muted" }, "Choose a section to see what each level contributed."));
    else if (!inputs.length) this.root.appendChild(h("p", { class: "muted" }, "No file defines this section on the chain: every value is a default."));
  }
}

export function shortLevel(cp: string): string {
  const p = cp.split("/");
  if (p.length === 1) return "MACHINE";
  if (p.length === 2) return "WEBROOT";
  if (p.length === 3) return "APPHOST";
  return p.slice(3).join("/");
}
