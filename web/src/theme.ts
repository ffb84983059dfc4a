// theme.ts: light/dark from prefers-color-scheme, with a toggle that is
// remembered. The choice lives on <html data-theme>; CSS does the rest.
const KEY = "iisconf.theme";
const listeners: (() => void)[] = [];
const mq = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

function stored(): "light" | "dark" | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : null;
  } catch {
    return null;
  }
}

function apply(): void {
  const t = stored() ?? (mq?.matches ? "dark" : "light");
  document.documentElement.dataset.theme = t;
  for (const l of listeners) l();
}

export function initTheme(forced?: string | null): void {
  if (forced === "light" || forced === "dark") {
    document.documentElement.dataset.theme = forced;
    return;
  }
  apply();
  mq?.addEventListener("change", apply);
  // Another page of the site toggled the theme (the docs page and the demo
  // iframes it embeds share localStorage): follow it.
  addEventListener("storage", (e) => {
    if (e.key === KEY) apply();
  });
}

export function isDark(): boolean {
  return document.documentElement.dataset.theme === "dark";
}

export function toggleTheme(): void {
  try {
    localStorage.setItem(KEY, isDark() ? "light" : "dark");
  } catch {}
  apply();
}

export function onThemeChange(f: () => void): void {
  listeners.push(f);
}
