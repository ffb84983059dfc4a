// dom.ts: the only way this front end builds DOM. Everything user-supplied
// (file text, file names, values, share links) goes in as text nodes or
// attribute values through this helper, never through innerHTML.

import { nextTask } from "./statestore";

export { isBackupPath } from "./statecodec";

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  [key: string]: unknown;
  class?: string;
  testid?: string;
  on?: { [event: string]: (e: any) => void };
}

/** h("div", {class: "x", testid: "y", on: {click}}, "text", child) */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const k in props) {
      const v = props[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === "on") {
        const on = v as Props["on"];
        for (const ev in on) el.addEventListener(ev, on![ev]);
      } else if (k === "class") {
        el.className = String(v);
      } else if (k === "testid") {
        el.setAttribute("data-testid", String(v));
      } else if (k === "text") {
        el.textContent = String(v);
      } else if (k === "style") {
        // Only CSS custom properties / object form; never a style string from user content.
        const st = v as Record<string, string>;
        for (const p in st) el.style.setProperty(p, st[p]);
      } else if (k in el && typeof v !== "string") {
        (el as any)[k] = v;
      } else {
        el.setAttribute(k, v === true ? "" : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === "string" || typeof c === "number") el.appendChild(document.createTextNode(String(c)));
    else el.appendChild(c);
  }
}

/** "1 file", "2 files". */
export function plural(n: number, word: string, many = word + "s"): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Node, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

/**
 * replace(), unless el holds equal nodes already (same tags, attributes and
 * text; listeners are not compared, so for content without them): lines
 * redrawn after every keystroke with the same content (the path's mapping,
 * a heading) are then not laid out and painted again in its frame.
 */
export function replaceChanged(el: Node, ...children: Child[]): void {
  const next = document.createDocumentFragment();
  append(next, children);
  const now = el.childNodes;
  if (now.length === next.childNodes.length && [...next.childNodes].every((n, i) => n.isEqualNode(now[i]))) return;
  clear(el);
  el.appendChild(next);
}

/** Sets el's text, unless it reads so already (see replaceChanged); an element holding one text node keeps it. */
export function setText(el: Node, text: string): void {
  const only = el.firstChild;
  if (only && only === el.lastChild && only.nodeType === 3) {
    if ((only as Text).data !== text) (only as Text).data = text;
  } else if (el.textContent !== text || el.firstChild !== el.lastChild) el.textContent = text;
}

/** Base name of a Windows path. */
export function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf("\\"), p.lastIndexOf("/"));
  return i >= 0 ? p.slice(i + 1) : p;
}

export function dirName(p: string): string {
  const i = Math.max(p.lastIndexOf("\\"), p.lastIndexOf("/"));
  return i >= 0 ? p.slice(0, i) : "";
}

/** Windows paths compare case-insensitively. */
export function samePath(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

export function debounce<T extends (...a: any[]) => void>(fn: T, ms: number): T & { flush(): void } {
  let t: ReturnType<typeof setTimeout> | undefined;
  let lastArgs: any[] | undefined;
  const f = ((...a: any[]) => {
    lastArgs = a;
    if (t !== undefined) clearTimeout(t);
    t = setTimeout(() => {
      t = undefined;
      fn(...lastArgs!);
    }, ms);
  }) as T & { flush(): void };
  f.flush = () => {
    if (t !== undefined) {
      clearTimeout(t);
      t = undefined;
      fn(...lastArgs!);
    }
  };
  return f;
}

// nextTask (a new task) lives in statestore.ts, where the worker finds it too.
export { nextTask };

/**
 * Resolves in the first task after the browser has drawn the next frame:
 * what the page built before the call is on screen then. At once when the
 * page is hidden (no frames are drawn for it).
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === "hidden") return void setTimeout(resolve, 0);
    requestAnimationFrame(() => void nextTask().then(resolve));
  });
}

/** Saves text as a file through a temporary link (Export, site export). */
export function download(text: string, name: string): void {
  const a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/plain" })), download: name });
  document.body.appendChild(a);
  a.click();
  // The download has started by then; revoking earlier can cancel it.
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 10_000);
}

/** The workspace clock the page sends to appcmd: local time, yyyy-MM-ddTHH:mm:ss. */
export function localNow(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Runs fn when the browser is idle (at the latest after timeoutMs). */
export function whenIdle(fn: () => void, timeoutMs = 2000): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else setTimeout(fn, 200);
}
