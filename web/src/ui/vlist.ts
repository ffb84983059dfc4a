// vlist.ts: a virtual list of fixed-height rows. Only the rows in view
// exist in the DOM, so a 10,000-site tree costs a few dozen elements.
// Keyboard: the list is one tab stop; arrows move the active row, Enter
// or Space activates it, Home/End jump (the active row shows the focus ring).
// It is a WAI-ARIA tree whose focus stays on the tree element: the active
// row is its aria-activedescendant, and since most rows are not in the
// DOM, each drawn row says its level, its place among its siblings and
// their number (aria-level, aria-posinset, aria-setsize), so a screen
// reader tells "3 of 10,001" rather than counting the rows drawn.
import { h, clear } from "../dom";

let lists = 0; // virtual lists made, for their rows' ids

export interface Row {
  key: string;
  depth: number;
  render(el: HTMLElement): void; // fill the row element (textContent / children)
  activate?(): void;
  toggle?(open?: boolean): void; // tree rows: ArrowRight/Left
}

export class VirtualList {
  readonly root: HTMLElement;
  private spacer: HTMLElement;
  private rows: Row[] = [];
  private active = -1;
  private raf = 0;
  // Each row's place among its siblings (1-based) and their number.
  private posInSet: number[] = [];
  private setSize: number[] = [];
  private readonly idPrefix = "vl" + ++lists + "-";

  constructor(private rowH: number, testid: string, label: string) {
    this.spacer = h("div", { class: "vl-spacer" });
    this.root = h("div", { class: "vlist", tabindex: "0", role: "tree", "aria-label": label, testid }, this.spacer);
    this.root.addEventListener("scroll", () => this.schedule());
    this.root.addEventListener("keydown", (e) => this.key(e));
    new ResizeObserver(() => {
      // A list revealed while hidden (another tab) scrolls once it shows.
      if (this.pendingScroll && this.root.clientHeight) {
        this.pendingScroll = false;
        if (this.active >= 0) this.scrollTo(this.active, true);
      }
      this.schedule();
    }).observe(this.root);
  }

  private pendingScroll = false;

  setRows(rows: Row[], keepKey?: string): void {
    const prevKey = keepKey ?? this.rows[this.active]?.key;
    if (prevKey === undefined) this.active = -1;
    this.rows = rows;
    this.active = prevKey ? rows.findIndex((r) => r.key === prevKey) : -1;
    this.spacer.style.height = rows.length * this.rowH + "px";
    this.places();
    this.draw();
  }

  /** Numbers the siblings: rows of one depth under the same parent row (a shallower row before them). */
  private places(): void {
    const n = this.rows.length;
    this.posInSet = new Array(n);
    this.setSize = new Array(n);
    // Open groups, shallowest first: their depth and the rows in them so far.
    const open: { depth: number; members: number[] }[] = [];
    const close = (g: { members: number[] }) => {
      for (const m of g.members) this.setSize[m] = g.members.length;
    };
    for (let i = 0; i < n; i++) {
      const d = this.rows[i].depth;
      while (open.length && open[open.length - 1].depth > d) close(open.pop()!);
      let g = open[open.length - 1];
      if (!g || g.depth < d) open.push((g = { depth: d, members: [] }));
      g.members.push(i);
      this.posInSet[i] = g.members.length;
    }
    while (open.length) close(open.pop()!);
  }

  get length(): number {
    return this.rows.length;
  }

  /** Marks a row as active (selected) and scrolls it into view. */
  reveal(key: string): void {
    const i = this.rows.findIndex((r) => r.key === key);
    if (i < 0) return;
    this.active = i;
    if (this.root.clientHeight) this.scrollTo(i, true);
    else this.pendingScroll = true;
    this.draw();
  }

  /** Brings row i into view (center: in the middle, for a jump from elsewhere). */
  private scrollTo(i: number, center = false): void {
    const top = i * this.rowH;
    if (center && (top < this.root.scrollTop || top + this.rowH > this.root.scrollTop + this.root.clientHeight)) {
      this.root.scrollTop = Math.max(0, top - (this.root.clientHeight - this.rowH) / 2);
      return;
    }
    if (top < this.root.scrollTop) this.root.scrollTop = top;
    else if (top + this.rowH > this.root.scrollTop + this.root.clientHeight) this.root.scrollTop = top + this.rowH - this.root.clientHeight;
  }

  private schedule(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.draw(true);
    });
  }

  // What the last draw put in the page.
  private drawn: { first: number; last: number; rows: Row[] | null; active: number } = { first: -1, last: -1, rows: null, active: -1 };

  /** Draws the rows in view; moved: only if other rows are in view than drawn (a scroll, a resize). */
  private draw(moved = false): void {
    const top = this.root.scrollTop;
    const hgt = this.root.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / this.rowH) - 5);
    const last = Math.min(this.rows.length, Math.ceil((top + hgt) / this.rowH) + 5);
    // A resize or scroll that keeps the same rows in view changes nothing:
    // rebuilding them would only lay them out again (the list shown for
    // the first time, on a first visit: a second layout in the frame that
    // draws the first result).
    const d = this.drawn;
    if (moved && d.first === first && d.last === last && d.rows === this.rows && d.active === this.active) return;
    this.drawn = { first, last, rows: this.rows, active: this.active };
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const r = this.rows[i];
      const el = h("div", {
        id: this.idPrefix + i,
        class: "vl-row" + (i === this.active ? " active" : ""),
        role: "treeitem",
        "data-key": r.key,
        "aria-selected": i === this.active ? "true" : "false",
        "aria-level": String(r.depth + 1),
        "aria-posinset": String(this.posInSet[i]),
        "aria-setsize": String(this.setSize[i]),
      });
      el.style.top = i * this.rowH + "px";
      el.style.height = this.rowH + "px";
      el.style.setProperty("--depth", String(r.depth));
      r.render(el);
      el.addEventListener("click", (ev) => {
        if ((ev.target as HTMLElement).closest("button.vl-twisty, button.vl-act")) return;
        this.active = i;
        r.activate?.();
        this.draw();
      });
      this.spacer.appendChild(el);
    }
    // The active row is drawn whenever it is in view (the keys scroll it there).
    if (this.active >= first && this.active < last) this.root.setAttribute("aria-activedescendant", this.idPrefix + this.active);
    else this.root.removeAttribute("aria-activedescendant");
  }

  private key(e: KeyboardEvent): void {
    if (e.target !== this.root) return;
    const n = this.rows.length;
    if (!n) return;
    let i = this.active < 0 ? 0 : this.active;
    switch (e.key) {
      case "ArrowDown":
        i = Math.min(n - 1, this.active + 1);
        break;
      case "ArrowUp":
        i = Math.max(0, this.active - 1);
        break;
      case "Home":
        i = 0;
        break;
      case "End":
        i = n - 1;
        break;
      case "PageDown":
        i = Math.min(n - 1, i + Math.floor(this.root.clientHeight / this.rowH));
        break;
      case "PageUp":
        i = Math.max(0, i - Math.floor(this.root.clientHeight / this.rowH));
        break;
      case "ArrowRight":
        this.rows[i]?.toggle?.(true);
        e.preventDefault();
        return;
      case "ArrowLeft":
        this.rows[i]?.toggle?.(false);
        e.preventDefault();
        return;
      case "Enter":
      case " ":
        this.active = i;
        this.rows[i]?.activate?.();
        e.preventDefault();
        this.draw();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.active = i;
    this.scrollTo(i);
    this.draw();
  }
}
