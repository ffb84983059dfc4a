// locks.ts: per section, whether a web.config at this path may define it,
// and the chain of declarations and location tags that decided, each step
// a link; granular locks (lockAttributes, lockElements, lockItem) are
// listed on the values they protect.
import { h, clear, plural } from "../dom";
import type { Result, Section, Element } from "../model";
import { type Nav, CauseSlot, srcLink, locText } from "./links";
import { sectionMatches } from "./effective";

export class LockView {
  readonly root: HTMLElement;
  private body: HTMLElement;
  private cause: CauseSlot;
  private gen = 0;
  constructor(private nav: Nav) {
    this.body = h("div", { class: "locks" });
    this.cause = new CauseSlot(nav);
    this.root = h("div", { class: "lock-view", testid: "lock-view" }, this.cause.el, this.body);
  }

  render(r: Result, filter: string, focus: string | undefined, onFocus: (s: string) => void): void {
    const gen = ++this.gen;
    this.cause.update(r);
    const list = r.sections.filter((s) => sectionMatches(s.name, filter));
    // Locked ones first, then in the engine's order (the Effective view's): what blocks a web.config matters most.
    list.sort((a, b) => Number(b.isLocked) - Number(a.isLocked));
    clear(this.body);
    const locked = list.filter((s) => s.isLocked).length;
    this.body.appendChild(
      h("p", { class: "muted small" }, `${plural(list.length, "section")} · ${locked} may not be defined by a web.config at ${r.configPath}`),
    );
    let i = 0;
    const step = () => {
      if (gen !== this.gen) return;
      const t0 = performance.now();
      const frag = document.createDocumentFragment();
      while (i < list.length && performance.now() - t0 < 8) frag.appendChild(this.row(list[i++], focus, onFocus));
      this.body.appendChild(frag);
      if (i < list.length) setTimeout(step, 0);
    };
    step();
  }

  private row(s: Section, focus: string | undefined, onFocus: (s: string) => void): HTMLElement {
    const steps = s.lockReason?.steps ?? [];
    const granular: HTMLElement[] = [];
    if (s.element) collectGranular(s.element, s.element.name, granular, this.nav);
    return h(
      "div",
      { class: "lock-row" + (s.isLocked ? " is-locked" : ""), "data-section": s.name },
      h(
        "div",
        { class: "lock-head" },
        h("span", { class: "badge " + (s.isLocked ? "deny" : "allow") }, s.isLocked ? "locked" : "may override"),
        h(
          "button",
          { type: "button", class: "sec-name" + (focus === s.name ? " focused" : ""), on: { click: () => onFocus(s.name) } },
          s.name,
        ),
        h("span", { class: "muted small" }, ` overrideMode ${s.overrideModeEffective}`),
      ),
      s.lockReason ? h("div", { class: "lock-why" }, s.lockReason.summary) : null,
      steps.length
        ? h(
            "ol",
            { class: "steps" },
            steps.map((st) => h("li", null, srcLink(this.nav, st), " ", st.note ?? "", locText(st))),
          )
        : null,
      h(
        "div",
        { class: "muted small" },
        s.declaration ? ["declared ", srcLink(this.nav, s.declaration)] : "declaration built in",
        s.allowDefinition ? ` · allowDefinition=${s.allowDefinition}` : "",
        s.overrideModeDefault ? ` · overrideModeDefault=${s.overrideModeDefault}` : "",
      ),
      granular.length ? h("ul", { class: "granular" }, granular) : null,
    );
  }
}

function collectGranular(e: Element, path: string, out: HTMLElement[], nav: Nav): void {
  const l = e.locks;
  if (l && ((l.attributes && l.attributes.length) || (l.elements && l.elements.length) || l.item)) {
    const what: string[] = [];
    if (l.item) what.push("the item (lockItem)");
    if (l.attributes?.length) what.push("attributes " + l.attributes.join(", "));
    if (l.elements?.length) what.push("elements " + l.elements.join(", "));
    out.push(h("li", null, h("span", { class: "lock" }, "locked"), " ", h("code", null, path), ": ", what.join("; "), " ", (l.sources ?? []).map((s) => [srcLink(nav, s), " "])));
  }
  for (const k in e.elements) collectGranular(e.elements[k], path + "/" + k, out, nav);
  (e.collection ?? []).forEach((it, i) => {
    const key = Object.keys(it.attributes).find((k) => it.attributes[k].origin === "explicit");
    collectGranular(it, `${path}/${it.name}[${key ? `${key}=${it.attributes[key].value}` : i}]`, out, nav);
  });
}
