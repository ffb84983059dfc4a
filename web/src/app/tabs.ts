// tabs.ts: one tab list following the WAI-ARIA tabs pattern, used by the
// left column (Files / Sites / Samples) and the result panels. Tabs are
// buttons (role=tab, aria-selected, aria-controls) over their tabpanels
// (aria-labelledby); only the selected tab is in the Tab order, and the
// arrow keys, Home and End move along the list and select (automatic
// activation: every panel shows at once or says it is loading).
import { h } from "../dom";

let ids = 0;

export class TabList {
  readonly root: HTMLElement;
  private tabs = new Map<string, { tab: HTMLButtonElement; panel: HTMLElement; order: number }>();
  private selected = "";

  /** onSelect runs when the user picks a tab (click or keys), not on select(). */
  constructor(label: string, cls: string, private onSelect: (id: string) => void) {
    this.root = h("div", { class: cls, role: "tablist", "aria-label": label, on: { keydown: (e: KeyboardEvent) => this.key(e) } });
  }

  /** Adds a tab (testid tab-<id>) for panel, in order among the others. */
  add(id: string, label: string, panel: HTMLElement, order = this.tabs.size): HTMLButtonElement {
    const n = ++ids;
    const tab = h("button", { type: "button", role: "tab", id: `tab-${n}`, tabindex: -1, testid: "tab-" + id, "aria-selected": "false", on: { click: () => this.onSelect(id) } }, label);
    panel.id ||= `tabpanel-${n}`;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    tab.setAttribute("aria-controls", panel.id);
    const after = [...this.tabs.values()].find((t) => t.order > order);
    this.root.insertBefore(tab, after?.tab ?? null);
    this.tabs.set(id, { tab, panel, order });
    if (!this.selected) tab.tabIndex = 0;
    return tab;
  }

  remove(id: string): void {
    const t = this.tabs.get(id);
    if (!t) return;
    t.tab.remove();
    this.tabs.delete(id);
    if (this.selected === id) this.selected = "";
  }

  tab(id: string): HTMLButtonElement | undefined {
    return this.tabs.get(id)?.tab;
  }

  /** Shows id's panel and marks its tab selected; the others are hidden. */
  select(id: string): void {
    this.selected = id;
    for (const [k, t] of this.tabs) {
      const on = k === id;
      t.tab.setAttribute("aria-selected", String(on));
      t.tab.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
  }

  private key(e: KeyboardEvent): void {
    // In the order they are drawn.
    const list = [...this.tabs.entries()].sort(([, a], [, b]) => (a.tab.compareDocumentPosition(b.tab) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const at = list.findIndex(([, t]) => t.tab === document.activeElement);
    if (at < 0) return;
    let to = -1;
    if (e.key === "ArrowRight") to = (at + 1) % list.length;
    else if (e.key === "ArrowLeft") to = (at - 1 + list.length) % list.length;
    else if (e.key === "Home") to = 0;
    else if (e.key === "End") to = list.length - 1;
    if (to < 0) return;
    e.preventDefault();
    list[to][1].tab.focus();
    this.onSelect(list[to][0]);
  }
}
