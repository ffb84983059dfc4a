// embedcode.ts: the Share menu (the ▾ beside Share: copy a link, embed in a
// page, export) and its Embed dialog, which turns the workspace and path
// into a runnable demo for documentation: an <iisconf-demo> snippet and the
// /embed URL, with the options the embed takes (web/README.md,
// "Embedding"; docs.html lists them): the section, the tab shown first
// (view), the tabs shown, the theme, the response hidden, and whether the
// files are laid over the stock server (only the changed files are then
// written out). Publishing a demo publishes its files, so secrets are
// checked first, as for Share. Loaded on first use.
import { h, samePath } from "../dom";
import type { AppHost } from "../app/host";
import type { FileState, State } from "../engine/protocol";
import { encodeState } from "../share";
import { encodeLink, type Stock } from "../hashlink";
import { formatTxtar } from "../txtar";
import { findSecrets, redactSecrets, describeFinding } from "../secrets";
import { openDialog } from "./dialog";
import { openMenu, headerButton } from "./menu";
import { adoptStyles } from "../ui/sheet";

/** The embed's tabs, in order (embed.ts EMBED_TABS). */
const TABS: [string, string][] = [
  ["effective", "Effective"],
  ["locks", "Locks"],
  ["diagnostics", "Diagnostics"],
  ["response", "Response"],
];

export function shareMenu(app: AppHost): void {
  openMenu(
    headerButton("share-menu"),
    "Share",
    [
      { label: "Copy a share link (Ctrl+S)", testid: "share-link", run: () => void import("./share").then((m) => m.share(app)) },
      { label: "Embed in a page…", testid: "embed", run: () => void embedDialog(app) },
      { label: "Export the bundle", testid: "share-export", run: () => void import("./share").then((m) => m.exportBundle(app)) },
    ],
    "share-menu-list",
  );
}

/** Where the page is served from: the embed's base. */
function siteBase(): string {
  return new URL(".", location.href).href;
}

/** The section the demo should show: the focused one, else the filter's only match. */
function pickSection(app: AppHost): string {
  const names = (app.result?.sections ?? []).map((s) => s.name);
  const focus = app.workspace.view.section;
  if (focus && names.includes(focus)) return focus;
  const f = app.filter().toLowerCase();
  const hits = f ? names.filter((n) => n.toLowerCase().includes(f)) : [];
  return hits.length === 1 ? hits[0] : "";
}

export interface EmbedOptions {
  section: string;
  view: string;
  tabs: string[]; // all four: the stacked layout (no tabs= attribute)
  theme: string; // "" the reader's
  hideResponse: boolean;
  stock: boolean;
}

/** The files a demo carries: with stock, only those that differ from the stock server. */
export function demoFiles(files: FileState[], stockFiles: FileState[], stock: boolean): FileState[] {
  if (!stock) return files;
  return files.filter((f) => {
    const s = stockFiles.find((x) => samePath(x.path, f.path));
    return !s || s.text !== f.text;
  });
}

/** The HTML snippet: the loader and the element with its bundle. */
export function snippet(base: string, path: string, files: FileState[], env: Record<string, string>, o: EmbedOptions): string {
  const attr = (k: string, v: string) => ` ${k}="${v.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`;
  let tag = "<iisconf-demo" + attr("path", path);
  if (o.section) tag += attr("section", o.section);
  if (o.view && o.view !== "effective") tag += attr("view", o.view);
  if (o.tabs.length && o.tabs.length < TABS.length) tag += attr("tabs", o.tabs.join(","));
  if (o.theme) tag += attr("theme", o.theme);
  if (o.hideResponse) tag += " hide-response";
  if (o.stock) tag += " stock";
  tag += ">";
  const bundle = formatTxtar({ comment: "", files, env });
  // A bundle holding "</script" cannot sit in a script element: it goes in
  // as escaped text content instead (embed.ts reads either).
  const body = /<\/script/i.test(bundle)
    ? bundle.replace(/&/g, "&amp;").replace(/</g, "&lt;")
    : '<script type="text/plain">\n' + bundle + (bundle.endsWith("\n") ? "" : "\n") + "</script>";
  return `<script src="${base}embed.js" defer></script>\n\n${tag}\n${body}\n</iisconf-demo>\n`;
}

/**
 * The /embed URL of the same demo, its files in the hash. With the stock
 * server at hand that is a #v2 link, as Share makes (the changes against
 * stock: a demo laid over it carries its changed files, the stock server's
 * others); without it, the old #v1 form with stock=1 asking the embed to
 * lay the files over the stock server. The embed opens both.
 */
export async function embedURL(base: string, st: State, stock: Stock | null, o: EmbedOptions): Promise<string> {
  const q = new URLSearchParams();
  if (o.section) q.set("section", o.section);
  if (o.view && o.view !== "effective") q.set("view", o.view);
  if (o.tabs.length && o.tabs.length < TABS.length) q.set("tabs", o.tabs.join(","));
  if (o.theme) q.set("theme", o.theme);
  if (o.hideResponse) q.set("response", "hidden");
  let hash: string;
  if (stock) {
    const files = o.stock ? [...stock.files.filter((s) => !st.files.some((f) => samePath(f.path, s.path))), ...st.files] : st.files;
    hash = (await encodeLink({ ...st, files }, stock, { includeBackups: true })).hash;
  } else {
    if (o.stock) q.set("stock", "1");
    hash = await encodeState(st);
  }
  const qs = q.toString();
  return `${base}embed.html${qs ? "?" + qs : ""}#${hash}`;
}

export async function embedDialog(app: AppHost): Promise<void> {
  adoptStyles("embed", STYLES);
  const ws = app.workspace;
  let st = ws.state();
  // Secrets first: a demo publishes its files.
  let found;
  try {
    found = await findSecrets(app.engine, st);
  } catch (e) {
    app.notify("The secret check could not run, so no embed was made: " + (e as Error).message);
    return;
  }
  if (found.length) {
    const d = openDialog({
      title: "This workspace contains secrets",
      testid: "secrets-dialog",
      description: "An embedded demo publishes its files. These look like secrets:",
      body: [h("ul", { class: "secret-list" }, found.slice(0, 12).map((f) => h("li", null, describeFinding(f)))), found.length > 12 ? h("p", { class: "muted small" }, `…and ${found.length - 12} more`) : null],
      buttons: [
        { label: "Cancel", value: "cancel" },
        { label: "Embed anyway", value: "keep", testid: "share-anyway" },
        { label: "Redact them in the demo", value: "redact", primary: true, testid: "redact-secrets" },
      ],
    });
    const choice = await d.result;
    if (choice === "cancel") return;
    if (choice === "redact") st = await redactSecrets(app.engine, st);
  }
  const stockServer = await app.engine.stock();
  const stock = stockServer?.files ?? [];
  const o: EmbedOptions = { section: pickSection(app), view: "effective", tabs: TABS.map(([id]) => id), theme: "", hideResponse: false, stock: true };
  const base = siteBase();
  const section = h("input", { type: "text", class: "path-box", testid: "embed-section", value: o.section, placeholder: "e.g. system.webServer/defaultDocument", "aria-label": "section shown" });
  const view = h("select", { testid: "embed-view", "aria-label": "tab shown first" }, TABS.map(([id, label]) => h("option", { value: id }, label)));
  const theme = h("select", { testid: "embed-theme", "aria-label": "theme" }, h("option", { value: "" }, "the reader's"), h("option", { value: "light" }, "light"), h("option", { value: "dark" }, "dark"));
  const tabBoxes = TABS.map(([id, label]) => h("label", { class: "check" }, h("input", { type: "checkbox", checked: true, "data-tab": id, testid: "embed-tab-" + id }), " " + label));
  const hide = h("input", { type: "checkbox", testid: "embed-hide-response" });
  const overStock = h("input", { type: "checkbox", checked: true, testid: "embed-stock" });
  const code = h("textarea", { rows: 10, readonly: true, testid: "embed-snippet", spellcheck: false, "aria-label": "the snippet to paste into a page" });
  const url = h("input", { type: "text", readonly: true, class: "path-box", testid: "embed-url", "aria-label": "the /embed URL (an iframe's src)" });
  const size = h("p", { class: "muted small", "aria-live": "polite" });
  const update = async () => {
    o.section = section.value.trim();
    o.view = view.value;
    o.theme = theme.value;
    o.tabs = tabBoxes.map((l) => l.querySelector("input")!).filter((i) => i.checked).map((i) => i.dataset.tab!);
    if (!o.tabs.length) o.tabs = [o.view];
    if (!o.tabs.includes(o.view)) o.view = o.tabs[0];
    o.hideResponse = hide.checked;
    o.stock = overStock.checked;
    const files = demoFiles(st.files, stock, o.stock);
    code.value = snippet(base, ws.path, files, st.env ?? {}, o);
    const demo: State = { version: 1, files, env: st.env, path: ws.path, view: { panel: o.view, section: o.section || undefined } };
    url.value = await embedURL(base, demo, stockServer, o);
    size.textContent = `${files.length} file${files.length === 1 ? "" : "s"} in the demo${o.stock ? " (the others are the stock server's)" : ""}; the URL is ${Math.ceil(url.value.length / 1024)} KB.`;
  };
  for (const el of [section, view, theme, hide, overStock, ...tabBoxes]) el.addEventListener("input", () => void update());
  view.value = o.view;
  await update();
  const copy = async (what: HTMLInputElement | HTMLTextAreaElement, label: string) => {
    try {
      await navigator.clipboard.writeText(what.value);
      app.notify(label + " copied.");
    } catch {
      what.select();
      app.notify("Select and copy it (clipboard not available).");
    }
  };
  const row = (label: string, ...kids: (Node | string)[]) => h("div", { class: "row" }, h("span", { class: "embed-label" }, label), ...kids);
  openDialog({
    title: "Embed in a page",
    testid: "embed-dialog",
    description: `A live demo of ${ws.path}: paste the snippet into any page (it loads embed.js from this site), or use the URL as an iframe's src.`,
    body: [
      row("Section", section),
      row("Tabs", ...tabBoxes),
      row("Shown first", view, " Theme ", theme),
      row("", h("label", { class: "check" }, hide, " hide the response"), h("label", { class: "check" }, overStock, " lay the files over the stock server")),
      code,
      h("div", { class: "row" }, h("button", { type: "button", testid: "embed-copy", on: { click: () => void copy(code, "The snippet") } }, "Copy the snippet"), h("button", { type: "button", testid: "embed-copy-url", on: { click: () => void copy(url, "The URL") } }, "Copy the URL"), h("a", { href: "docs.html#embed", target: "_blank", rel: "noopener" }, "The options, explained ↗")),
      url,
      size,
    ],
    buttons: [{ label: "Close", value: "close", primary: true }],
    initialFocus: code,
  });
}

const STYLES = `
.dialog .embed-label { min-width: 6em; font-weight: 600; }
.dialog textarea[readonly], .dialog input[readonly] { background: var(--bg2); }
.dialog input[data-testid="embed-url"] { width: 100%; }
`;
