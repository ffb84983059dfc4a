// diagnostics.ts: every diagnostic, grouped by file, each a link; and the
// response a request to this URL gets: the exact HTTP Error 500.19 page or
// "200 — configuration is valid".
import { h, clear, baseName } from "../dom";
import type { Result, Diagnostic, HttpResponse } from "../model";
import { type Nav, srcLink } from "./links";

export class DiagnosticsView {
  readonly root: HTMLElement;
  /** goPath: evaluates another config path (a diagnostic raised there names it with a button). */
  constructor(
    private nav: Nav,
    private goPath?: (configPath: string) => void,
  ) {
    this.root = h("div", { class: "diagnostics", testid: "diagnostics-list" });
  }

  /** here: diagnostics of this path's result; all: every file's diagnostics. */
  render(r: Result | null, all: Map<string, Diagnostic[]>, paths: string[]): void {
    clear(this.root);
    const seen = new Set<string>();
    const key = (d: Diagnostic) => `${d.id}|${d.file}|${d.line}|${d.column}|${d.message}`;
    const groups = new Map<string, { file: string; here: Diagnostic[]; other: Diagnostic[] }>();
    const add = (d: Diagnostic, here: boolean) => {
      const k = key(d);
      if (seen.has(k)) return;
      seen.add(k);
      const f = d.file || "";
      let g = groups.get(f.toLowerCase());
      if (!g) groups.set(f.toLowerCase(), (g = { file: f, here: [], other: [] }));
      (here ? g.here : g.other).push(d);
    };
    for (const d of r?.diagnostics ?? []) add(d, true);
    for (const [, list] of all) for (const d of list) add(d, false);
    const total = seen.size;
    const hereN = r?.diagnostics?.length ?? 0;
    this.root.appendChild(
      h("p", { class: "muted small", testid: "diagnostics-summary" }, total ? `${total} diagnostic${total === 1 ? "" : "s"} · ${hereN} affect this path` : "No diagnostics: every file parses and every section reads cleanly."),
    );
    // Files in workspace order; unknown/"" last.
    const order = [...groups.values()].sort((a, b) => idx(paths, a.file) - idx(paths, b.file));
    for (const g of order) {
      const list = [...g.here, ...g.other].sort((a, b) => a.line - b.line);
      this.root.appendChild(
        h(
          "section",
          { class: "diag-file" },
          h("h3", { title: g.file }, g.file ? baseName(g.file) : "(no file)", h("span", { class: "muted small" }, " " + g.file)),
          h(
            "ul",
            null,
            list.map((d) =>
              h(
                "li",
                { class: "diag " + d.severity + (g.here.includes(d) ? " here" : "") },
                h("span", { class: "badge " + (d.severity === "error" ? "deny" : "warn") }, d.id),
                " ",
                srcLink(this.nav, d, d.line ? `line ${d.line}` : "file"),
                " ",
                h("span", { class: "msg" }, d.message),
                d.hresult ? h("span", { class: "muted small" }, " " + d.hresult) : null,
                g.here.includes(d) ? h("span", { class: "muted small" }, " · at this path") : this.raisedAt(d, r),
                d.notes?.length ? h("ul", { class: "notes" }, d.notes.map((n) => h("li", null, n.file ? [srcLink(this.nav, n), " "] : null, n.message))) : null,
              ),
            ),
          ),
        ),
      );
    }
  }

  /** " · raised at <config path>" for a diagnostic of another path (a button going there when it can). */
  private raisedAt(d: Diagnostic, r: Result | null): Node | null {
    const cp = d.configPath;
    // A file-phase diagnostic names no path: every path reading the file raises it.
    if (!cp || (r && cp.toLowerCase() === r.configPath.toLowerCase())) return null;
    const go = this.goPath;
    return h("span", { class: "muted small" }, " · raised at ", go ? h("button", { type: "button", class: "src plain", "data-config-path": cp, on: { click: () => go(cp) } }, cp) : cp);
  }
}

function idx(paths: string[], f: string): number {
  if (!f) return 1e9;
  const i = paths.findIndex((p) => p.toLowerCase() === f.toLowerCase());
  return i < 0 ? 1e8 : i;
}

export class PageView {
  readonly root: HTMLElement;
  constructor(private nav: Nav) {
    this.root = h("div", { class: "page500-wrap" });
  }

  private gen = 0;

  /**
   * r: the result the response belongs to, for what keeps the path from
   * being read and the errors that do not stop requests (ui/cause.ts,
   * loaded only when there are some).
   */
  render(resp: HttpResponse | undefined, requested: string, why?: string, r?: Result): void {
    const gen = ++this.gen;
    clear(this.root);
    if (r?.diagnostics.length)
      void import("./cause").then((m) => {
        if (gen === this.gen) m.decorateResponse(this.root, resp, r, (p, t) => srcLink(this.nav, p, t));
      });
    if (!resp) {
      this.root.appendChild(
        h("div", { class: "page-none", testid: "page-500", "data-status": "none" }, h("p", { class: "muted" }, why ?? "Requests go to sites: choose a site, application, virtual directory or folder to see the response a request gets.")),
      );
      return;
    }
    this.root.appendChild(renderResponse(resp, requested, this.nav));
  }
}

/** The response block, shared with the embed view. */
export function renderResponse(resp: HttpResponse | undefined, requested: string, nav?: Nav): HTMLElement {
  if (!resp || resp.status === 200 || !resp.page) {
    // 200: IIS's configuration stage passes.
    return h(
      "div",
      { class: "page200", testid: "page-500", "data-status": String(resp?.status ?? 200) },
      h("strong", null, "200 — configuration is valid"),
      h("p", { class: "muted small" }, `A request to ${requested} passes IIS's configuration stage.`),
    );
  }
  const p = resp.page;
  const row = (k: string, v: Node | string) => h("tr", null, h("th", null, k), h("td", null, v));
  const cfgFile = resp.diagnostic?.file && nav ? srcLink(nav, resp.diagnostic, p.configFile, "src plain") : p.configFile;
  return h(
    "div",
    { class: "page500", testid: "page-500", "data-status": `${p.status}.${p.subStatus}` },
    h("div", { class: "p5-title" }, `HTTP Error ${p.status}.${p.subStatus} - Internal Server Error`),
    h("div", { class: "p5-sub" }, "The requested page cannot be accessed because the related configuration data for the page is invalid."),
    h("div", { class: "p5-h" }, "Detailed Error Information:"),
    h(
      "table",
      { class: "p5-table" },
      h(
        "tbody",
        null,
        row("Module", p.module),
        row("Notification", p.notification),
        row("Handler", p.handler),
        row("Error Code", p.errorCode),
        row("Config Error", p.configError),
        row("Config File", cfgFile),
        row("Requested URL", p.requestedUrl),
        row("Physical Path", p.physicalPath),
        row("Logon Method", p.logonMethod),
        row("Logon User", p.logonUser),
      ),
    ),
    p.source && p.source.length
      ? [
          h("div", { class: "p5-h" }, "Config Source:"),
          h(
            "pre",
            { class: "p5-src" },
            p.source.map((l) => {
              const t = `${String(l.number).padStart(5)}: ${l.text}\n`;
              return l.error ? h("span", { class: "p5-err" }, t) : t;
            }),
          ),
        ]
      : null,
    h(
      "details",
      { class: "p5-text" },
      h("summary", null, "Plain text"),
      h("pre", { testid: "page-500-text" }, resp.text),
    ),
  );
}
