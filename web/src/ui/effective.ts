// effective.ts: the effective configuration at the chosen path, as
// appcmd-style XML per section. Every value and item is a link to the line
// that set it; "local" values (set by the file at this level) are marked
// apart from inherited ones and from defaults. Big results render in
// chunks so no main-thread task runs long.
import { h, samePath } from "../dom";
import type { Result, Section, Element, Attribute } from "../model";
import { type Nav, CauseSlot, describe, srcLink } from "./links";

export interface EffectiveOptions {
  defaults: boolean;
  filter: string;
  omitted?: string[]; // sections left out of the evaluation (large workspaces)
  focus?: string;
  onFocus(section: string): void;
}

const CHUNK_MS = 8;

export function sectionMatches(name: string, filter: string): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return name.toLowerCase().includes(f);
}

/** True when the element or any descendant has an explicit value or item. */
export function hasExplicit(e: Element | null | undefined): boolean {
  if (!e) return false;
  for (const k in e.attributes) if (e.attributes[k].origin === "explicit") return true;
  if (e.collection && e.collection.length) return true;
  if (e.removed && e.removed.length) return true;
  for (const k in e.elements) if (hasExplicit(e.elements[k])) return true;
  return false;
}

export class EffectiveView {
  readonly root: HTMLElement;
  private body: HTMLElement;
  private note: HTMLElement;
  private cause: CauseSlot;
  private gen = 0;

  constructor(private nav: Nav) {
    this.note = h("div", { class: "muted small" });
    this.cause = new CauseSlot(nav);
    this.body = h("div", { class: "xml-sections" });
    this.root = h("div", { class: "effective", testid: "effective-view" }, this.cause.el, this.note, this.body);
  }

  // Rendered sections by name, with the signature they were drawn from: a
  // keystroke usually changes one section, so the others keep their DOM
  // (no rebuild, no relayout).
  private cache = new Map<string, { obj: Section; sig: string; el: HTMLElement }>();
  /** Sections on screen (or nearly): the page refetches only these per keystroke. */
  readonly visible = new Set<string>();
  private io =
    typeof IntersectionObserver === "function"
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              const name = (e.target as HTMLElement).dataset.section ?? "";
              if (e.isIntersecting) this.visible.add(name);
              else this.visible.delete(name);
            }
          },
          { rootMargin: "300px 0px" },
        )
      : null;
  private optsSig = "";
  /** Resolves when the last render has been swapped in. */
  done: Promise<void> = Promise.resolve();
  private resolveDone: () => void = () => {};

  render(r: Result, opts: EffectiveOptions): void {
    const gen = ++this.gen;
    this.resolveDone();
    this.done = new Promise((res) => (this.resolveDone = res));
    const levelFile = r.chain.length ? r.chain[r.chain.length - 1].file : undefined;
    this.cause.update(r);
    const list = r.sections.filter((s) => sectionMatches(s.name, opts.filter));
    const shown = opts.defaults || opts.filter ? list : list.filter((s) => hasExplicit(s.element) || s.noSchema || s.encrypted);
    const hidden = list.length - shown.length;
    this.note.textContent =
      `${shown.length} section${shown.length === 1 ? "" : "s"}` +
      (hidden ? ` · ${hidden} with only default values hidden (tick "defaults" or filter to see them)` : "") +
      (opts.omitted?.length ? ` · not evaluated in a workspace this large: ${opts.omitted.join(", ")} (see the Sites tab)` : "");
    const osig = `${opts.defaults}|${opts.focus ?? ""}|${levelFile ?? ""}`;
    if (osig !== this.optsSig) {
      for (const [, old] of this.cache) this.io?.unobserve(old.el);
      this.visible.clear();
      this.cache.clear();
      this.optsSig = osig;
    }
    const next = new Map<string, { obj: Section; sig: string; el: HTMLElement }>();
    let i = 0;
    // Build in short tasks; the DOM is swapped in once, so no half-drawn state shows.
    const nodes: HTMLElement[] = [];
    const step = () => {
      if (gen !== this.gen) return;
      const t0 = performance.now();
      while (i < shown.length && performance.now() - t0 < CHUNK_MS) {
        const s = shown[i++];
        const old = this.cache.get(s.name);
        // The page keeps the objects of sections it did not refetch, so
        // identity settles most sections without serialising them.
        if (old && old.obj === s) {
          next.set(s.name, old);
          nodes.push(old.el);
          continue;
        }
        const sig = JSON.stringify(s);
        const el = old && old.sig === sig ? old.el : this.section(s, levelFile, opts);
        if (el !== old?.el) this.io?.observe(el);
        next.set(s.name, { obj: s, sig, el });
        nodes.push(el);
      }
      if (i < shown.length) {
        setTimeout(step, 0);
        return;
      }
      for (const [name, old] of this.cache)
        if (next.get(name)?.el !== old.el) {
          this.io?.unobserve(old.el);
          this.visible.delete(name);
        }
      this.cache = next;
      // Keep nodes that did not change in place; drop stale ones and insert
      // only the new ones (moving unchanged nodes would relayout them).
      const keep = new Set<Node>(nodes);
      let ref: ChildNode | null = this.body.firstChild;
      const skipStale = () => {
        while (ref && !keep.has(ref)) {
          const n: ChildNode | null = ref.nextSibling;
          ref.remove();
          ref = n;
        }
      };
      skipStale();
      for (const el of nodes) {
        if (ref === el) {
          ref = ref.nextSibling;
          skipStale();
          continue;
        }
        this.body.insertBefore(el, ref);
      }
      while (ref) {
        const n: ChildNode | null = ref.nextSibling;
        ref.remove();
        ref = n;
      }
      if (!shown.length)
        this.body.appendChild(
          h("p", { class: "empty" }, opts.filter && r.sections.length ? `No section matches "${opts.filter}".` : "No sections."),
        );
      this.resolveDone();
    };
    step();
  }

  private section(s: Section, levelFile: string | undefined, opts: EffectiveOptions): HTMLElement {
    const parts = s.name.split("/");
    const head = h(
      "div",
      { class: "sec-head" },
      h(
        "button",
        {
          type: "button",
          class: "sec-name" + (opts.focus === s.name ? " focused" : ""),
          title: "focus this section (merge stack, lock view)",
          "data-section": s.name,
          on: { click: () => opts.onFocus(s.name) },
        },
        s.name,
      ),
      s.isLocked ? h("span", { class: "badge deny", title: s.lockReason?.summary ?? "locked" }, "locked here") : null,
      s.noSchema ? h("span", { class: "badge warn" }, "no schema") : null,
      s.encrypted ? h("span", { class: "badge warn" }, "encrypted") : null,
    );
    const pre = h("div", { class: "xml", role: "group", "aria-label": s.name });
    const ctx = { levelFile, defaults: opts.defaults, nav: this.nav };
    // Wrapper groups: <system.webServer> <security> ...
    let depth = 0;
    for (let k = 0; k < parts.length - 1; k++) pre.appendChild(line(depth++, tag("<" + parts[k] + ">")));
    if (s.element) renderElement(pre, s.element, depth, ctx, true);
    else pre.appendChild(line(depth, tag("<" + parts[parts.length - 1] + " />")));
    for (let k = parts.length - 2; k >= 0; k--) pre.appendChild(line(--depth, tag("</" + parts[k] + ">")));
    return h("section", { class: "sec", "data-section": s.name }, head, pre);
  }
}

interface Ctx {
  levelFile?: string;
  defaults: boolean;
  nav: Nav;
}

function line(depth: number, ...kids: (Node | string)[]): HTMLElement {
  const d = h("div", { class: "xl" }, ...kids);
  d.style.setProperty("--d", String(depth));
  return d;
}

function tag(t: string): HTMLElement {
  return h("span", { class: "x-tag" }, t);
}

function originClass(a: Attribute, ctx: Ctx): string {
  if (a.origin === "default") return "v-default";
  return samePath(a.file, ctx.levelFile) ? "v-local" : "v-inherited";
}

function attrNode(name: string, a: Attribute, ctx: Ctx, lockedNames: Set<string>): HTMLElement {
  const cls = originClass(a, ctx);
  const locked = a.locked || lockedNames.has(name);
  let title =
    a.origin === "default"
      ? `default (${a.defaultFrom ?? "schema"})`
      : `${cls === "v-local" ? "set at this level" : "inherited"}\n${describe({ file: a.file, line: a.line, locationPath: a.locationPath, target: a.target })}`;
  if (a.raw !== undefined) title += `\nas written: ${a.raw}`;
  if (a.expanded !== undefined) title += `\nexpanded: ${a.expanded}`;
  if (locked) title += "\nlocked at this path (lockAttributes / lockAllAttributesExcept)";
  const value = a.encrypted ? "[encrypted]" : a.value;
  const inner = [h("span", { class: "x-attr" }, name), "=", h("span", { class: "x-val" }, `"${value}"`), locked ? h("span", { class: "lock", "aria-label": "locked" }, "locked") : null];
  if (a.origin === "explicit" && a.file) {
    return h(
      "button",
      { type: "button", class: "x-a " + cls, title, on: { click: () => ctx.nav(a.file!, a.line || 1, a.column) } },
      ...inner,
    );
  }
  return h("span", { class: "x-a " + cls, title }, ...inner);
}

function renderElement(out: HTMLElement, e: Element, depth: number, ctx: Ctx, isSection: boolean): void {
  const lockedAttrs = new Set(e.locks?.attributes ?? []);
  const lockedEls = new Set(e.locks?.elements ?? []);
  const attrs: HTMLElement[] = [];
  for (const name in e.attributes) {
    const a = e.attributes[name];
    if (!ctx.defaults && a.origin === "default") continue;
    attrs.push(attrNode(name, a, ctx, lockedAttrs));
  }
  const childNames = (e.elementOrder && e.elementOrder.length ? e.elementOrder : Object.keys(e.elements)).filter((n) => e.elements[n]);
  const children = childNames.filter((n) => ctx.defaults || hasExplicit(e.elements[n]));
  const items = e.collection ?? [];
  const removed = e.removed ?? [];
  const empty = !children.length && !items.length && !removed.length;

  const open: (Node | string)[] = [];
  if (e.source && e.source.file) {
    const local = samePath(e.source.file, ctx.levelFile);
    open.push(
      h(
        "button",
        {
          type: "button",
          class: "x-tag item " + (local ? "v-local" : "v-inherited"),
          title: (local ? "added at this level\n" : "inherited item\n") + describe(e.source),
          on: { click: () => ctx.nav(e.source!.file, e.source!.line || 1, e.source!.column) },
        },
        "<" + e.name,
      ),
    );
  } else open.push(tag("<" + e.name));
  if (e.locks?.item) open.push(h("span", { class: "lock", title: "lockItem: this item is locked" + lockSrc(e) }, "locked"));
  for (const a of attrs) open.push(" ", a);
  if (lockedEls.size) open.push(h("span", { class: "lock", title: "locked elements: " + [...lockedEls].join(", ") + lockSrc(e) }, "locked: " + [...lockedEls].join(",")));
  open.push(tag(empty ? " />" : ">"));
  out.appendChild(line(depth, ...open));
  if (empty) return;
  for (const r of removed) {
    out.appendChild(
      line(
        depth + 1,
        h(
          "button",
          { type: "button", class: "x-removed", title: `inherited item dropped by <${r.directive}>\n` + describe(r.source), on: { click: () => ctx.nav(r.source.file, r.source.line || 1) } },
          `<!-- ${r.key || "(all)"} removed by <${r.directive}> -->`,
        ),
      ),
    );
  }
  for (const n of children) renderElement(out, e.elements[n], depth + 1, ctx, false);
  for (const it of items) renderElement(out, it, depth + 1, ctx, false);
  out.appendChild(line(depth, tag("</" + e.name + ">")));
  void isSection;
}

function lockSrc(e: Element): string {
  const s = e.locks?.sources ?? [];
  return s.length ? "\n" + s.map((x) => describe(x)).join("\n") : "";
}
