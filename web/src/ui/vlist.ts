// vlist.ts: a virtual list of fixed-height rows. Only the rows in view
// exist in the DOM, so a 10,000-site tree costs a few dozen elements.
// Keyboard: the list is one tab stop; arrows move the active row, Enter
// or Space activates it, Home/End jump (the active row shows the focus ring).
import { h, clear } from "../dom";

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
    this.draw();
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
      this.draw();
    });
  }

  private draw(): void {
    const top = this.root.scrollTop;
    const hgt = this.root.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / this.rowH) - 5);
    const last = Math.min(this.rows.length, Math.ceil((top + hgt) / this.rowH) + 5);
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const r = this.rows[i];
      const el = h("div", {
        class: "vl-row" + (i === this.active ? " active" : ""),
        role: "treeitem",
        "data-key": r.key,
        "aria-selected": i === this.active ? "true" : "false",
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
