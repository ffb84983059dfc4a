// effective.ts: the effective configuration at the chosen path, as
// appcmd-style XML per section. "local" values (set by the file at this
// level) are marked apart from inherited ones and from defaults. Every
// value, item and section name is one stop of a single roving focus (Tab
// reaches the view once; the arrow keys, Home and End move): choosing one,
// by click, focus or keys, shows where it came from beside it (testid
// provenance: file:line, location tag, level) and shows that line in the
// editor; Enter opens the editor there. Big results render in chunks so no
// main-thread task runs long.
import { h, replace, replaceChanged, setText, samePath, afterPaint } from "../dom";
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
/** Lines of a section built between two looks at the clock. */
const FILL_LINES = 16;
/** Lines of XML that fill the window (~19 px a line): what a progressive render's first task builds. */
const screenLines = () => Math.max(24, Math.ceil((typeof innerHeight === "number" && innerHeight > 0 ? innerHeight : 1600) / 19));

/** What "no schema" means, told where the user looks at such sections (docs/declarations.md#sections-without-schema). */
const NO_SCHEMA_NOTE =
  "IIS has no schema for these sections, so their values cannot be shown. IIS's request pipeline does not read them (the .NET Framework or the application does) and they never fail a request; appcmd or IIS Manager, asked to read one, report that it is missing schema.";
const NO_SCHEMA_BADGE = "IIS has no schema for this section: requests never read it, and appcmd or IIS Manager report that it is missing schema when asked to read it.";

/** The filter names one section or several, separated by commas: a section matches when its name contains one. */
export function sectionMatches(name: string, filter: string): boolean {
  if (!filter) return true;
  const n = name.toLowerCase();
  return filter
    .toLowerCase()
    .split(",")
    .some((f) => (f = f.trim()) !== "" && n.includes(f));
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

/** Where a value came from, as the provenance note tells it. */
interface Prov {
  what: string;
  kind: "value" | "default" | "item" | "removed" | "section";
  src?: { file?: string; line?: number; column?: number; locationPath?: string | null; target?: string };
  extra?: string[];
}

export class EffectiveView {
  readonly root: HTMLElement;
  private body: HTMLElement;
  private note: HTMLElement;
  private cause: CauseSlot;
  private gen = 0;
  private prov = new WeakMap<HTMLElement, Prov>();
  private levels = new Map<string, string>(); // lower-case file -> config path it is read at
  private provBox = h("div", { class: "provenance", testid: "provenance", role: "status" });
  private noSchemaHead = h("div", { class: "sec-group muted small", testid: "no-schema-group" });
  private current: HTMLElement | null = null;

  /** nav opens the editor at a place; reveal shows it there without taking the focus (false: not in the workspace). */
  constructor(
    private nav: Nav,
    private reveal?: (file: string, line: number, column?: number) => boolean,
  ) {
    this.note = h("div", { class: "muted small" });
    this.cause = new CauseSlot(nav);
    this.body = h("div", {
        class: "xml-sections",
        on: {
          focusin: (e: FocusEvent) => this.choose(e.target as HTMLElement),
          click: (e: MouseEvent) => this.choose(e.target as HTMLElement),
          keydown: (e: KeyboardEvent) => this.key(e),
        },
      });
    this.root = h("div", { class: "effective", testid: "effective-view" }, this.cause.el, this.note, this.body);
  }

  /** The stops of the roving focus, in document order. */
  private stops(): HTMLElement[] {
    return [...this.body.querySelectorAll<HTMLElement>("[data-v]")];
  }

  /** Makes el the view's one tab stop. */
  private rove(el: HTMLElement): void {
    if (this.current && this.current !== el) this.current.tabIndex = -1;
    this.current = el;
    el.tabIndex = 0;
  }

  private key(e: KeyboardEvent): void {
    const t = (e.target as HTMLElement).closest<HTMLElement>("[data-v]");
    if (!t) return;
    const list = this.stops();
    const at = list.indexOf(t);
    let to = -1;
    if (e.key === "ArrowDown" || e.key === "ArrowRight") to = Math.min(list.length - 1, at + 1);
    else if (e.key === "ArrowUp" || e.key === "ArrowLeft") to = Math.max(0, at - 1);
    else if (e.key === "Home") to = 0;
    else if (e.key === "End") to = list.length - 1;
    else if (e.key === "Escape") this.provBox.remove();
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      t.click();
      const p = this.prov.get(t);
      if (e.key === "Enter" && p?.src?.file) this.nav(p.src.file, p.src.line || 1, p.src.column);
      return;
    }
    if (to < 0) return;
    e.preventDefault();
    list[to].focus();
  }

  /** Shows where a stop came from beside it, and its line in the editor. */
  private choose(el: HTMLElement): void {
    const stop = el.closest<HTMLElement>("[data-v]");
    if (!stop || (stop === this.current && this.provBox.isConnected && this.provBox.previousElementSibling === (stop.closest(".xl") ?? stop))) return;
    this.rove(stop);
    const p = this.prov.get(stop);
    if (!p || p.kind === "section") {
      this.provBox.remove();
      return;
    }
    const src = p.src;
    const bits: (Node | string)[] = [h("strong", null, p.what), " "];
    if (p.kind === "default") bits.push("default value");
    else if (src?.file) {
      bits.push(p.kind === "item" ? "added in " : p.kind === "removed" ? "removed in " : "set in ");
      bits.push(h("button", { type: "button", class: "src", title: "open in the editor", on: { click: () => this.nav(src.file!, src.line || 1, src.column) } }, `${src.file}:${src.line || "?"}`));
    }
    const lines: (Node | string)[][] = [bits];
    if (src?.locationPath !== undefined && src?.locationPath !== null) lines.push([`inside <location path="${src.locationPath}">`]);
    const level = src?.file ? this.levels.get(src.file.toLowerCase()) : undefined;
    if (level) lines.push(["level ", h("code", null, level)]);
    if (src?.target && src.target !== level) lines.push(["applies to ", h("code", null, src.target)]);
    for (const x of p.extra ?? []) lines.push([x]);
    replace(this.provBox, ...lines.map((l) => h("div", null, ...l)));
    (stop.closest(".xl") ?? stop).after(this.provBox);
    if (src?.file && this.reveal) this.reveal(src.file, src.line || 1, src.column);
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
  /** Resolves when the last render's top (a screenful, or all of it) is in the page. */
  onScreen: Promise<void> = Promise.resolve();
  private resolveScreen: () => void = () => {};

  render(r: Result, opts: EffectiveOptions): void {
    const gen = ++this.gen;
    this.resolveDone();
    this.resolveScreen();
    this.done = new Promise((res) => (this.resolveDone = res));
    this.onScreen = new Promise((res) => (this.resolveScreen = res));
    const levelFile = r.chain.length ? r.chain[r.chain.length - 1].file : undefined;
    this.cause.update(r);
    this.levels.clear();
    for (const lv of r.chain) if (lv.file) this.levels.set(lv.file.toLowerCase(), lv.configPath);
    // The engine lists the sections in the order an IIS administrator
    // reads them, those without schema last (engine/config/order.go,
    // docs/declarations.md#the-order-sections-are-listed-in): the CLI and
    // Compare list them alike.
    const list = r.sections.filter((s) => sectionMatches(s.name, opts.filter));
    const shown = opts.defaults || opts.filter ? list : list.filter((s) => hasExplicit(s.element) || s.noSchema || s.encrypted);
    const hidden = list.length - shown.length;
    const opaque = shown.filter((s) => s.noSchema).length;
    replaceChanged(this.noSchemaHead, h("strong", null, `Without schema (${opaque})`), h("div", null, NO_SCHEMA_NOTE));
    setText(
      this.note,
      `${shown.length} section${shown.length === 1 ? "" : "s"}` +
      (opaque ? ` (${opaque} without schema, listed last)` : "") +
      (hidden ? ` · ${hidden} with only default values hidden (tick "defaults" or filter to see them)` : "") +
      (opts.omitted?.length ? ` · not evaluated in a workspace this large: ${opts.omitted.join(", ")} (see the Sites tab)` : ""),
    );
    const osig = `${opts.defaults}|${opts.focus ?? ""}|${levelFile ?? ""}`;
    if (osig !== this.optsSig) {
      for (const [, old] of this.cache) this.io?.unobserve(old.el);
      this.visible.clear();
      this.cache.clear();
      this.optsSig = osig;
    }
    const next = new Map<string, { obj: Section; sig: string; el: HTMLElement }>();
    let i = 0;
    // Build in short tasks; the DOM is swapped in once, so no half-drawn
    // state of a changed result shows. The first render into an empty view
    // is the exception: each task's sections go in as they are built, so
    // the top of the panel is drawn after the first task while the rest
    // fills in below it (on a first visit, that is the first result).
    const progressive = this.body.childElementCount === 0;
    let inserted = 0;
    let lines = 0;
    const screen = screenLines();
    const nodes: HTMLElement[] = [];
    // The section being built: its lines come a few at a time, so that a
    // section of a thousand items (a hosting server's application pools)
    // is built over several tasks rather than in one long one.
    let filling: Iterator<void> | null = null;
    const step = () => {
      if (gen !== this.gen) return;
      const t0 = performance.now();
      // A progressive render's first task builds a screenful, whatever it
      // takes and no more: the first frame shows it, and lays out only
      // that (on a first visit, the whole view built in those 8 ms was
      // most of that frame's style and layout).
      const first = progressive && lines < screen;
      while ((filling || i < shown.length) && (first ? lines < screen : performance.now() - t0 < CHUNK_MS)) {
        if (filling) {
          for (let k = 0; k < FILL_LINES; k++) {
            if (filling.next().done) {
              filling = null;
              break;
            }
            lines++;
          }
          continue;
        }
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
        let el: HTMLElement;
        if (old && old.sig === sig) {
          el = old.el;
          if (progressive) lines += el.getElementsByClassName("xl").length;
        } else ({ el, fill: filling } = this.section(s, levelFile, opts));
        // The sections of a first render's first screenful are on screen:
        // without content-visibility, the frame that shows them lays them
        // out in one pass, where "auto" laid them out as placeholders,
        // found them in view and laid them out again.
        // So are the sections a keystroke redraws (the one being edited):
        // a new element in "auto" was laid out as a placeholder in the
        // keystroke's frame, found in view and restyled and laid out
        // again in that same frame.
        if (first || (el !== old?.el && this.visible.has(s.name))) el.classList.add("in-view");
        if (el !== old?.el) this.io?.observe(el);
        next.set(s.name, { obj: s, sig, el });
        nodes.push(el);
      }
      if (progressive) {
        for (; inserted < nodes.length; inserted++) this.body.appendChild(nodes[inserted]);
        if (lines >= screen) this.resolveScreen();
      }
      if (filling || i < shown.length) {
        // After a progressive render's screenful, the rest waits for the
        // frame that shows it (a task run before that frame would add to
        // its work, and to the time until it is drawn).
        if (first) void afterPaint().then(() => setTimeout(step, 0));
        else setTimeout(step, 0);
        return;
      }
      // The sections without schema come last, under a heading that says why.
      const firstOpaque = shown.findIndex((s) => s.noSchema);
      if (firstOpaque >= 0) nodes.splice(firstOpaque, 0, this.noSchemaHead);
      // A section redrawn in place stays visible until the observer says
      // otherwise about its new element: its next keystroke must fetch it
      // (the observer answers a frame later, after that keystroke).
      for (const [name, old] of this.cache)
        if (next.get(name)?.el !== old.el) {
          this.io?.unobserve(old.el);
          if (!next.has(name)) this.visible.delete(name);
        }
      this.cache = next;
      // A redrawn section must not take the keyboard's place away: note
      // which stop had the focus, to give it back by position.
      const focused = this.body.contains(document.activeElement) && this.current ? this.stops().indexOf(this.current) : -1;
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
      // Keep one stop reachable by Tab (the one that had the focus, by
      // position; else the first, found without listing every stop of a
      // large result).
      if (!this.current || !this.body.contains(this.current)) {
        let again: HTMLElement | null | undefined;
        if (focused >= 0) {
          const list = this.stops();
          again = list[Math.min(focused, list.length - 1)];
        } else again = this.body.querySelector<HTMLElement>("[data-v]");
        this.current = null;
        if (again) {
          this.rove(again);
          if (focused >= 0) again.focus();
        }
      }
      this.resolveScreen();
      this.resolveDone();
    };
    step();
  }

  /** A section's element, and the work that fills in its lines (one line a step). */
  private section(s: Section, levelFile: string | undefined, opts: EffectiveOptions): { el: HTMLElement; fill: Iterator<void> } {
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
          "data-v": "",
          tabindex: -1,
          on: { click: () => opts.onFocus(s.name) },
        },
        s.name,
      ),
      s.isLocked ? h("span", { class: "badge deny", title: s.lockReason?.summary ?? "locked" }, "locked here") : null,
      s.noSchema ? h("span", { class: "badge", title: NO_SCHEMA_BADGE }, "no schema") : null,
      s.encrypted ? h("span", { class: "badge warn" }, "encrypted") : null,
    );
    const pre = h("div", { class: "xml", role: "group", "aria-label": s.name });
    const ctx: Ctx = { levelFile, defaults: opts.defaults, nav: this.nav, prov: this.prov };
    function* fill(): Generator<void> {
      // Wrapper groups: <system.webServer> <security> ...
      let depth = 0;
      for (let k = 0; k < parts.length - 1; k++) {
        pre.appendChild(line(depth++, tag("<" + parts[k] + ">")));
        yield;
      }
      if (s.element) yield* renderElement(pre, s.element, depth, ctx);
      else {
        pre.appendChild(line(depth, tag("<" + parts[parts.length - 1] + " />")));
        yield;
      }
      for (let k = parts.length - 2; k >= 0; k--) {
        pre.appendChild(line(--depth, tag("</" + parts[k] + ">")));
        yield;
      }
    }
    return { el: h("section", { class: "sec", "data-section": s.name }, head, pre), fill: fill() };
  }
}

interface Ctx {
  levelFile?: string;
  defaults: boolean;
  nav: Nav;
  prov: WeakMap<HTMLElement, Prov>;
}

/** A stop of the roving focus with its provenance. */
function stop<T extends HTMLElement>(ctx: Ctx, el: T, p: Prov): T {
  el.dataset.v = "";
  el.tabIndex = -1;
  ctx.prov.set(el, p);
  return el;
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
  const extra: string[] = [];
  if (a.origin === "default") extra.push(a.defaultFrom && a.defaultFrom !== "schema" ? `from <${a.defaultFrom}>` : "from the schema: nothing sets it");
  if (a.raw !== undefined) extra.push(`as written: ${a.raw}`);
  if (a.expanded !== undefined) extra.push(`expanded: ${a.expanded}`);
  if (locked) extra.push("locked at this path (lockAttributes / lockAllAttributesExcept)");
  const p: Prov = { what: `${name}="${value}"`, kind: a.origin === "explicit" ? "value" : "default", src: a.file ? a : undefined, extra };
  if (a.origin === "explicit" && a.file) return stop(ctx, h("button", { type: "button", class: "x-a " + cls, title }, ...inner), p);
  return stop(ctx, h("span", { class: "x-a " + cls, title }, ...inner), p);
}

/** Appends e's lines to out, yielding after each. */
function* renderElement(out: HTMLElement, e: Element, depth: number, ctx: Ctx): Generator<void> {
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
      stop(
        ctx,
        h("button", { type: "button", class: "x-tag item " + (local ? "v-local" : "v-inherited"), title: (local ? "added at this level\n" : "inherited item\n") + describe(e.source) }, "<" + e.name),
        { what: "<" + e.name + ">", kind: "item", src: e.source, extra: e.locks?.item ? ["lockItem: lower files may not remove it"] : [] },
      ),
    );
  } else open.push(tag("<" + e.name));
  if (e.locks?.item) open.push(h("span", { class: "lock", title: "lockItem: this item is locked" + lockSrc(e) }, "locked"));
  for (const a of attrs) open.push(" ", a);
  if (lockedEls.size) open.push(h("span", { class: "lock", title: "locked elements: " + [...lockedEls].join(", ") + lockSrc(e) }, "locked: " + [...lockedEls].join(",")));
  open.push(tag(empty ? " />" : ">"));
  out.appendChild(line(depth, ...open));
  yield;
  if (empty) return;
  for (const r of removed) {
    out.appendChild(
      line(
        depth + 1,
        stop(
          ctx,
          h("button", { type: "button", class: "x-removed", title: `inherited item dropped by <${r.directive}>\n` + describe(r.source) }, `<!-- ${r.key || "(all)"} removed by <${r.directive}> -->`),
          { what: r.key || "every inherited item", kind: "removed", src: r.source },
        ),
      ),
    );
    yield;
  }
  for (const n of children) yield* renderElement(out, e.elements[n], depth + 1, ctx);
  for (const it of items) yield* renderElement(out, it, depth + 1, ctx);
  out.appendChild(line(depth, tag("</" + e.name + ">")));
  yield;
}

function lockSrc(e: Element): string {
  const s = e.locks?.sources ?? [];
  return s.length ? "\n" + s.map((x) => describe(x)).join("\n") : "";
}
