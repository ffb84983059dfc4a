// panes.ts: the three columns' sizes and, on narrow screens, which one
// shows. Two dividers (role=separator, testid pane-resizer) resize the file
// column and the results column by pointer or keyboard (←/→, Shift for big
// steps, Home/End, Enter or double-click for the default); the widths are
// remembered in localStorage. Below NARROW_PX the columns stack into one
// and a Files / Editor / Results switch picks the one shown.
import { h } from "../dom";

export type View = "files" | "editor" | "results";

const KEY = "iisconf:panes";
/** Below this width the columns become one (matches the CSS breakpoint). */
export const NARROW_PX = 700;
const DEFAULTS = { left: 20, right: 40 }; // percent of the row
const MIN_PX = { left: 150, middle: 260, right: 280 };

function stored(): { left: number; right: number } {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (v && typeof v.left === "number" && typeof v.right === "number") return { left: v.left, right: v.right };
  } catch {
    // A broken or refused store: the defaults.
  }
  return { ...DEFAULTS };
}

export class Panes {
  readonly switcher: HTMLElement;
  private widths = stored();
  private view: View = "results";
  private buttons = new Map<View, HTMLButtonElement>();

  constructor(
    private row: HTMLElement,
    private cols: Record<View, HTMLElement>,
  ) {
    const left = this.divider("left", "Resize the files column");
    const right = this.divider("right", "Resize the results column");
    cols.files.after(left);
    cols.editor.after(right);
    this.switcher = h("div", { class: "view-switch", role: "group", "aria-label": "Show" });
    for (const [v, label] of [["files", "Files"], ["editor", "Editor"], ["results", "Results"]] as [View, string][]) {
      const b = h("button", { type: "button", testid: "view-" + v, "aria-pressed": "false", on: { click: () => this.show(v) } }, label);
      this.buttons.set(v, b);
      this.switcher.appendChild(b);
    }
    // The column in use is the one a narrowed window keeps showing (the
    // editor while typing, not the results it started on).
    for (const [v, col] of Object.entries(cols) as [View, HTMLElement][]) col.addEventListener("focusin", () => this.view !== v && this.show(v));
    this.apply();
    this.show("results");
  }

  /** Whether the columns are stacked (one shows at a time). */
  narrow(): boolean {
    return window.matchMedia(`(max-width: ${NARROW_PX - 1}px)`).matches;
  }

  /**
   * Brings a column forward on a narrow screen, as a result of something
   * done elsewhere (a file opened, a panel shown); on a wide screen, where
   * all show, the choice is left as it is.
   */
  reveal(v: View): void {
    if (this.narrow()) this.show(v);
  }

  /** Shows a column on a narrow screen (all show on a wide one). */
  show(v: View): void {
    this.view = v;
    for (const [k, col] of Object.entries(this.cols)) col.classList.toggle("shown", k === v);
    for (const [k, b] of this.buttons) b.setAttribute("aria-pressed", String(k === v));
  }

  get shown(): View {
    return this.view;
  }

  private apply(): void {
    this.row.style.setProperty("--left-w", this.widths.left + "%");
    this.row.style.setProperty("--right-w", this.widths.right + "%");
    for (const d of this.row.querySelectorAll<HTMLElement>(".pane-resizer")) {
      const side = d.dataset.side as "left" | "right";
      d.setAttribute("aria-valuenow", String(Math.round(this.widths[side])));
    }
  }

  /** Sets one column's width (percent), kept within what leaves the others room. */
  private set(side: "left" | "right", pct: number, save = true): void {
    const total = this.row.clientWidth || 1;
    const other = side === "left" ? this.widths.right : this.widths.left;
    const min = (MIN_PX[side] / total) * 100;
    const max = 100 - other - ((MIN_PX.middle + 12) / total) * 100;
    this.widths[side] = Math.max(min, Math.min(max, pct));
    this.apply();
    if (save) {
      try {
        localStorage.setItem(KEY, JSON.stringify(this.widths));
      } catch {
        // Not remembered; the widths still apply.
      }
    }
  }

  private divider(side: "left" | "right", label: string): HTMLElement {
    const d = h("div", {
      class: "pane-resizer",
      testid: "pane-resizer",
      role: "separator",
      tabindex: 0,
      "aria-orientation": "vertical",
      "aria-label": label,
      "aria-valuemin": 10,
      "aria-valuemax": 70,
      "data-side": side,
      title: label + " (drag, or ←/→; double-click for the default)",
    });
    // Dragging right widens the left column and narrows the right one.
    const sign = side === "left" ? 1 : -1;
    d.addEventListener("pointerdown", (e: PointerEvent) => {
      if (e.button !== 0) return;
      e.preventDefault();
      d.setPointerCapture(e.pointerId);
      const x0 = e.clientX;
      const w0 = this.widths[side];
      const total = this.row.clientWidth || 1;
      d.classList.add("dragging");
      const move = (ev: PointerEvent) => this.set(side, w0 + (sign * (ev.clientX - x0) * 100) / total, false);
      const up = (ev: PointerEvent) => {
        d.removeEventListener("pointermove", move);
        d.removeEventListener("pointerup", up);
        d.removeEventListener("pointercancel", up);
        d.classList.remove("dragging");
        this.set(side, this.widths[side]);
        void ev;
      };
      d.addEventListener("pointermove", move);
      d.addEventListener("pointerup", up);
      d.addEventListener("pointercancel", up);
    });
    d.addEventListener("dblclick", () => this.set(side, DEFAULTS[side]));
    d.addEventListener("keydown", (e: KeyboardEvent) => {
      const step = e.shiftKey ? 10 : 2;
      const w = this.widths[side];
      let to: number | null = null;
      if (e.key === "ArrowRight") to = w + sign * step;
      else if (e.key === "ArrowLeft") to = w - sign * step;
      else if (e.key === "Home") to = 0;
      else if (e.key === "End") to = 100;
      else if (e.key === "Enter") to = DEFAULTS[side];
      if (to === null) return;
      e.preventDefault();
      this.set(side, to);
    });
    return d;
  }
}
