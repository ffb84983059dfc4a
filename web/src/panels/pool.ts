// pool.ts: the pool view (docs/poolview.md). Before WAS starts an application pool
// it writes a copy of applicationHost.config filtered for that pool, and
// the pool's worker processes read only that copy. The view shows the copy
// read-only, a diff against the real file (the removed line ranges, with
// context), and each filtering rule with its evidence; the filtering is
// not documented, so the rules marked uncertain (docs/poolview.md) are
// labelled "approximate".
//
// Loaded on first show (panels/index.ts); its op runs in tools.wasm.
import { h, clear, baseName } from "../dom";
import type { PoolConfigResult, PoolRule, Result } from "../model";
import { type Nav, srcLink } from "../ui/links";
import { type Link, fileErrorLine } from "../ui/cause";
import type { AppHost } from "../app/host";
import type { Panel } from "../app/panels";

const CONTEXT = 2; // kept lines shown around each cut
const MAX_HUNKS = 200;
const MAX_HUNK_LINES = 300; // removed lines shown per cut before "… more"
const MAX_ITEMS = 40; // items listed per rule

class PoolView {
  readonly root: HTMLElement;
  constructor(private nav: Nav) {
    this.root = h("div", { class: "pool-view", testid: "pool-view" });
  }

  render(pools: string[], r: PoolConfigResult, source: string | undefined, onPick: (pool: string) => void): void {
    clear(this.root);
    const chosen = r.pool ?? "";
    const pick = h(
      "select",
      { testid: "pool-select", "aria-label": "application pool", on: { change: (e: Event) => onPick((e.target as HTMLSelectElement).value) } },
      pools.map((p) => h("option", { value: p, selected: p.toLowerCase() === chosen.toLowerCase() }, p)),
    );
    this.root.appendChild(h("div", { class: "merge-head" }, h("label", null, "Application pool ", pick)));
    if (r.problem?.file) {
      // The file's own error, linked to its line like every other panel's.
      const link: Link = (p, t) => srcLink(this.nav, p, t);
      this.root.appendChild(h("p", { class: "err", testid: "pool-error" }, h("strong", null, "WAS cannot read the file, so it writes no copy and starts no pool: "), fileErrorLine(r.problem, link)));
      return;
    }
    if (r.error) {
      this.root.appendChild(h("p", { class: "err", testid: "pool-error" }, r.error));
      return;
    }
    const srcPath = r.sourcePath ?? "";
    this.root.appendChild(
      h(
        "p",
        { class: "small" },
        "A worker process of ",
        h("strong", null, chosen),
        " reads ",
        h("code", null, r.path ?? ""),
        h("span", { class: "badge warn", title: "where WAS writes the copy is field knowledge, not documentation" }, "approximate"),
        ", a copy of ",
        h("button", { type: "button", class: "src", on: { click: () => this.nav(srcPath, 1) } }, srcPath),
        " that WAS writes before it starts the pool. Everything kept is byte-identical to the original.",
      ),
    );
    this.root.appendChild(this.rules(r.rules ?? [], srcPath));
    this.root.appendChild(this.diff(r, source, srcPath));
    const lines = (r.text ?? "").split("\n").length;
    this.root.appendChild(
      h(
        "details",
        { class: "pool-file-box" },
        h("summary", null, `The filtered file (${lines} lines, read-only)`),
        h("pre", { class: "pool-file", testid: "pool-file", tabindex: 0 }, r.text ?? ""),
      ),
    );
  }

  private rules(rules: PoolRule[], srcPath: string): HTMLElement {
    return h(
      "div",
      { class: "pool-rules", testid: "pool-rules" },
      h("h3", null, "Filtering rules"),
      h(
        "ol",
        { class: "rules" },
        rules.map((ru) =>
          h(
            "li",
            { class: "rule", "data-rule": ru.id },
            h(
              "div",
              null,
              h("code", null, ru.id),
              h("span", { class: "badge" }, String(ru.count)),
              ru.uncertain
                ? h("span", { class: "badge warn", title: "evidence: " + ru.evidence + " — the filtering is not documented; this rule is our best knowledge" }, "approximate")
                : h("span", { class: "badge allow", title: "evidence: " + ru.evidence }, "documented"),
              h("span", { class: "muted small" }, " evidence: " + ru.evidence),
            ),
            h("div", null, ru.summary),
            ru.items.length
              ? h(
                  "ul",
                  { class: "rule-items small" },
                  ru.items.slice(0, MAX_ITEMS).map((it) =>
                    h(
                      "li",
                      null,
                      `${it.kind} `,
                      h("strong", null, it.name),
                      " ",
                      h("button", { type: "button", class: "src", on: { click: () => this.nav(srcPath, it.line) } }, `${baseName(srcPath)}:${it.line}`),
                      it.note ? h("span", { class: "muted" }, " — " + it.note) : null,
                    ),
                  ),
                  ru.items.length > MAX_ITEMS ? h("li", { class: "muted" }, `… and ${ru.items.length - MAX_ITEMS} more`) : null,
                )
              : null,
          ),
        ),
      ),
    );
  }

  /** A unified diff of the real file against the copy: each cut with context. */
  private diff(r: PoolConfigResult, source: string | undefined, srcPath: string): HTMLElement {
    const box = h("div", { class: "pool-diff", testid: "pool-diff" });
    const removed = r.removed ?? [];
    let total = 0;
    for (const x of removed) total += x.end - x.start + 1;
    box.appendChild(h("h3", null, `Diff against ${baseName(srcPath)}`, h("span", { class: "muted small" }, ` · ${removed.length} cut${removed.length === 1 ? "" : "s"}, ${total} line${total === 1 ? "" : "s"} with removed text`)));
    if (source === undefined) {
      box.appendChild(h("p", { class: "muted" }, `${srcPath} is not in the workspace.`));
      return box;
    }
    if (!removed.length) {
      box.appendChild(h("p", { class: "muted" }, "Nothing removed: the pool's copy is the whole file."));
      return box;
    }
    const lines = source.split("\n").map((l) => l.replace(/\r$/, ""));
    const pre = h("div", { class: "diff" });
    let shownTo = 0; // last source line already shown
    removed.slice(0, MAX_HUNKS).forEach((cut, i) => {
      const from = Math.max(cut.start - CONTEXT, shownTo + 1);
      if (from > shownTo + 1 || i === 0)
        pre.appendChild(
          h(
            "button",
            { type: "button", class: "diff-hunk", on: { click: () => this.nav(srcPath, cut.start) } },
            `@@ line ${cut.start}${from > shownTo + 1 && shownTo ? ` · ${from - shownTo - 1} unchanged lines skipped` : ""}`,
          ),
        );
      for (let n = from; n < cut.start; n++) pre.appendChild(diffLine(" ", n, lines[n - 1]));
      const end = Math.min(cut.end, cut.start + MAX_HUNK_LINES - 1);
      for (let n = cut.start; n <= end; n++) pre.appendChild(diffLine("-", n, lines[n - 1]));
      if (end < cut.end) pre.appendChild(h("div", { class: "diff-line muted" }, `… ${cut.end - end} more removed lines`));
      const next = removed[i + 1]?.start ?? Infinity;
      const to = Math.min(cut.end + CONTEXT, next - 1, lines.length);
      for (let n = cut.end + 1; n <= to; n++) pre.appendChild(diffLine(" ", n, lines[n - 1]));
      shownTo = Math.max(to, cut.end);
    });
    if (removed.length > MAX_HUNKS) pre.appendChild(h("div", { class: "diff-line muted" }, `… ${removed.length - MAX_HUNKS} more cuts`));
    box.appendChild(pre);
    return box;
  }
}

function diffLine(mark: string, n: number, text: string | undefined): HTMLElement {
  return h(
    "div",
    { class: "diff-line" + (mark === "-" ? " diff-del" : "") },
    h("span", { class: "diff-n" }, String(n)),
    h("span", { class: "diff-mark" }, mark),
    text ?? "",
  );
}

/** The pool view panel: asks poolConfig for the chosen pool (view.pool), or the first one. */
export class PoolPanel implements Panel {
  private view: PoolView;
  readonly root: HTMLElement;
  constructor(private app: AppHost) {
    this.view = new PoolView((f, l, c) => app.jump(f, l, c));
    this.root = this.view.root;
  }

  // Not awaited: the first call starts tools.wasm, which the evaluation must not wait for.
  update(_r: Result): void {
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const { app } = this;
    const ws = app.workspace;
    const known = app.siteMap?.pools.map((p) => p.name) ?? [];
    let pool = ws.view.pool || known[0] || "DefaultAppPool";
    let r = await app.engine.poolConfig(pool);
    if (!r) return;
    // A pool that no longer exists (renamed, another workspace): show the first one.
    const others = r.knownPools ?? [];
    if (r.error && others.length && !others.some((p) => p.toLowerCase() === pool.toLowerCase())) {
      pool = others[0];
      r = await app.engine.poolConfig(pool);
      if (!r) return;
    }
    const pools = r.pools ?? (r.knownPools?.length ? r.knownPools : known.length ? known : [pool]);
    const src = r.sourcePath ? ws.find(r.sourcePath) : undefined;
    this.view.render(pools, { pool, ...r }, src && ws.text(src), (p) => {
      ws.view.pool = p;
      ws.save();
      void this.refresh();
    });
  }
}
