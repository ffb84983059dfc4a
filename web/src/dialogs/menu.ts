// menu.ts: a menu opened by a button, following the WAI-ARIA menu button
// pattern: the button says aria-haspopup="menu" and aria-expanded; the
// menu (role=menu) takes the focus on its first item; ↑/↓, Home and End
// move; Enter or Space activates; Escape closes it and the focus returns to
// the button; Tab, a click elsewhere or a chosen item closes it too. Used
// by the Help and Share menus; loaded with them.
import { h } from "../dom";
import { adoptStyles } from "../ui/sheet";

export interface MenuItem {
  label: string;
  testid?: string;
  /** What choosing it does (the menu is closed first). */
  run?: () => void;
  /** A link instead (opens where links open). */
  href?: string;
  /** Shown, reachable by the arrows, not activatable (an About line). */
  disabled?: boolean;
  title?: string;
}

let open: { close: () => void } | null = null;

/** Opens a menu under anchor; a second call while one is open closes it. */
export function openMenu(anchor: HTMLElement, label: string, items: MenuItem[], testid?: string): HTMLElement | null {
  adoptStyles("menu", STYLES);
  if (open) {
    const wasThis = anchor.getAttribute("aria-expanded") === "true";
    open.close();
    if (wasThis) return null;
  }
  const els: HTMLElement[] = items.map((it) => {
    const common = { role: "menuitem", tabindex: -1, testid: it.testid, title: it.title, "aria-disabled": it.disabled ? "true" : undefined };
    return it.href
      ? h("a", { ...common, href: it.href, target: "_blank", rel: "noopener", class: "menu-item" }, it.label)
      : h("button", { ...common, type: "button", class: "menu-item" + (it.disabled ? " menu-note" : "") }, it.label);
  });
  const menu = h("div", { class: "menu", role: "menu", "aria-label": label, testid, id: "menu-" + (anchor.dataset.testid ?? "x") }, els);
  const close = (focusBack = false) => {
    menu.remove();
    anchor.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", outside, true);
    open = null;
    if (focusBack) anchor.focus();
  };
  const outside = (e: Event) => {
    if (!menu.contains(e.target as Node) && !anchor.contains(e.target as Node)) close();
  };
  els.forEach((el, i) =>
    el.addEventListener("click", (e) => {
      const it = items[i];
      if (it.disabled) return e.preventDefault();
      close(!it.href);
      it.run?.();
    }),
  );
  menu.addEventListener("keydown", (e: KeyboardEvent) => {
    const at = els.indexOf(document.activeElement as HTMLElement);
    let to = -1;
    if (e.key === "ArrowDown") to = (at + 1) % els.length;
    else if (e.key === "ArrowUp") to = (at - 1 + els.length) % els.length;
    else if (e.key === "Home") to = 0;
    else if (e.key === "End") to = els.length - 1;
    else if (e.key === "Escape") {
      e.preventDefault();
      return close(true);
    } else if (e.key === "Tab") return close();
    if (to < 0) return;
    e.preventDefault();
    els[to].focus();
  });
  anchor.setAttribute("aria-haspopup", "menu");
  anchor.setAttribute("aria-expanded", "true");
  anchor.setAttribute("aria-controls", menu.id);
  document.body.appendChild(menu);
  // Under the button, inside the window.
  const r = anchor.getBoundingClientRect();
  const w = menu.offsetWidth;
  menu.style.top = `${Math.round(r.bottom + 2)}px`;
  menu.style.left = `${Math.max(4, Math.min(Math.round(r.right - w), window.innerWidth - w - 4))}px`;
  document.addEventListener("pointerdown", outside, true);
  open = { close };
  els.find((el) => el.getAttribute("aria-disabled") !== "true")?.focus();
  return menu;
}

/** The header button of an action, to open its menu under. */
export function headerButton(testid: string): HTMLElement {
  return document.querySelector<HTMLElement>(`header [data-testid="${testid}"]`) ?? document.body;
}

const STYLES = `
.menu { position: fixed; z-index: 30; min-width: 220px; max-width: calc(100vw - 8px); display: flex; flex-direction: column; padding: 4px; background: var(--bg); border: 1px solid var(--border); border-radius: 6px; box-shadow: 0 6px 20px #0003; }
.menu-item { display: block; text-align: left; border: none; background: none; padding: 6px 10px; border-radius: 4px; color: var(--fg); text-decoration: none; font-size: 14px; }
.menu-item:hover, .menu-item:focus { background: var(--bg3); outline: none; }
.menu-item:focus-visible { outline: 2px solid var(--focus); }
.menu-note { color: var(--muted); font-size: 12px; border-top: 1px solid var(--border); border-radius: 0; margin-top: 4px; }
`;
