// compare.ts: the Compare panel. Sets two effective configurations side
// by side (docs/support.md#compare): this path in another workspace (the
// workspace as opened, a backup, a recent workspace, a customer's bundle)
// against this one, or two paths of this workspace — section by section
// and attribute by attribute, with where each value came from on both
// sides (links into this workspace's files), collection items on one side
// only or in another order, granular locks, lock decisions and the
// diagnostics that differ. The report can also be read as a unified diff
// of the appcmd-style XML and downloaded as JSON.
//
// Loaded on first show (panels/index.ts); the comparison runs in tools.wasm.
import { h, clear, download, plural } from "../dom";
import type { AppHost } from "../app/host";
import type { Panel } from "../app/panels";
import type { CompareChange, CompareReport, CompareResult, CompareSectionDiff as CompareSection, CompareValue } from "../engine/protocol";
import { sourcePicker, type SourcePicker } from "./othersource";
import { flushEdits } from "./writes";
import { TabList } from "../app/tabs";

type Mode = "workspaces" | "paths";

export class ComparePanel implements Panel {
  readonly root: HTMLElement;
  private mode: Mode = "workspaces";
  private source: SourcePicker;
  private sourceRow: HTMLElement;
  private leftPath: HTMLInputElement;
  private rightPath: HTMLInputElement;
  private section: HTMLInputElement;
  private runBtn: HTMLButtonElement;
  private status: HTMLElement;
  private changes = h("div", { class: "compare-changes", testid: "compare-changes" });
  private xml = h("pre", { class: "diff compare-xml", testid: "compare-xml", tabindex: 0 });
  private views: TabList;
  private last: CompareResult | null = null;
  private otherIsThis = false; // the left side is this workspace (two paths)

  constructor(private app: AppHost) {
    this.source = sourcePicker(app, { testid: "compare-source", label: "the other workspace" });
    const radio = (m: Mode, text: string) =>
      h(
        "label",
        { class: "check" },
        h("input", { type: "radio", name: "compare-mode", value: m, checked: m === this.mode, testid: "compare-mode-" + m, on: { change: () => this.setMode(m) } }),
        text,
      );
    this.leftPath = h("input", { type: "text", class: "path-box compare-path", testid: "compare-left", spellcheck: false, "aria-label": "left path" });
    this.rightPath = h("input", { type: "text", class: "path-box compare-path", testid: "compare-right", spellcheck: false, "aria-label": "right path" });
    this.section = h("input", { type: "search", testid: "compare-section", spellcheck: false, placeholder: "every section", "aria-label": "section to compare" });
    this.runBtn = h("button", { type: "button", class: "primary", testid: "compare-run", on: { click: () => void this.run() } }, "Compare");
    this.status = h("p", { class: "small muted", testid: "compare-status", role: "status" });
    this.sourceRow = h("label", { class: "compare-field" }, h("span", null, "Left: "), this.source.root);
    const form = h(
      "form",
      { class: "compare-form", on: { submit: (e: Event) => (e.preventDefault(), void this.run()) } },
      h("div", { role: "radiogroup", "aria-label": "what to compare", class: "compare-modes" }, radio("workspaces", "This path in another workspace"), radio("paths", "Two paths in this workspace")),
      this.sourceRow,
      h("label", { class: "compare-field" }, h("span", null, "Left path: "), this.leftPath),
      h("label", { class: "compare-field" }, h("span", null, "Right path: "), this.rightPath),
      h("label", { class: "compare-field" }, h("span", null, "Section: "), this.section),
      h("div", { class: "actions" }, this.runBtn, h("button", { type: "button", testid: "compare-json", title: "Download the report as JSON", on: { click: () => this.downloadJSON() } }, "JSON")),
    );
    this.views = new TabList("compare", "tabs", (id) => this.views.select(id));
    this.views.add("compare-changes", "Changes", this.changes);
    this.views.add("compare-xml", "Unified diff", this.xml);
    this.views.select("compare-changes");
    this.root = h(
      "div",
      { class: "panel compare-view", testid: "compare-view" },
      h("p", { class: "small muted" }, "Compare the effective configuration of this path with another workspace (before and after, staging and production, a backup against now), or of two paths in this workspace."),
      form,
      this.status,
      this.views.root,
      this.changes,
      this.xml,
    );
    this.setMode("workspaces");
  }

  shown(): void {
    if (!this.rightPath.value) this.rightPath.value = this.app.workspace.path;
    void this.source.refresh();
  }

  private setMode(m: Mode): void {
    this.mode = m;
    this.sourceRow.hidden = m !== "workspaces";
    this.leftPath.placeholder = m === "workspaces" ? "same as the right path" : "a config path, Site/app or URL";
    if (m === "paths" && !this.leftPath.value) this.leftPath.value = this.app.workspace.path;
  }

  private async run(): Promise<void> {
    const right = this.rightPath.value.trim() || this.app.workspace.path;
    const left = this.leftPath.value.trim();
    const section = this.section.value.trim() || undefined;
    this.runBtn.disabled = true;
    this.status.textContent = "Comparing… (the first comparison loads the tools part of the engine)";
    try {
      await flushEdits(this.app);
      let r: CompareResult | null;
      if (this.mode === "paths") {
        if (!left) {
          this.status.textContent = "Give the left path.";
          return;
        }
        // The op compares path (left) with path2 (right) in this workspace.
        r = await this.app.engine.compare({ path: left, path2: right, section });
        this.otherIsThis = true;
      } else {
        const other = await this.source.get();
        if (!other) {
          this.status.textContent = "Choose the other workspace.";
          return;
        }
        // With another workspace it is the left side; path2 is its path.
        r = await this.app.engine.compare({ path: right, path2: left || undefined, other, section });
        this.otherIsThis = false;
      }
      if (!r) return;
      this.last = r;
      if (r.error || !r.report) {
        this.status.textContent = r.error ?? "The comparison failed.";
        return;
      }
      this.draw(r.report);
      this.drawXML(r.xml ?? "");
    } catch (e) {
      this.status.textContent = "The comparison failed: " + (e as Error).message;
    } finally {
      this.runBtn.disabled = false;
    }
  }

  private draw(rep: CompareReport): void {
    clear(this.changes);
    const differ = rep.sections.length + rep.diagnosticsOnlyLeft.length + rep.diagnosticsOnlyRight.length;
    this.status.dataset.differ = String(differ);
    if (rep.left.error || rep.right.error) {
      this.status.textContent = "Cannot evaluate: " + (rep.left.error?.message ?? rep.right.error?.message ?? "");
      return;
    }
    this.status.textContent = `${plural(rep.compared, "section")} compared, ${rep.sections.length} differ` + (differ === 0 ? ": the two are the same (provenance aside)." : ".");
    const side = (tag: string, s: CompareReport["left"]) =>
      h("div", { class: "compare-side" }, h("span", { class: "badge" }, tag), " ", h("code", null, s.configPath), s.label ? h("span", { class: "muted" }, " — " + s.label) : null);
    this.changes.appendChild(h("div", { class: "compare-head" }, side("left", rep.left), side("right", rep.right)));
    const valueChanges = rep.sections.filter((s) => s.presence === "both" && (s.changes?.length ?? 0) > 0);
    const lockOnly = rep.sections.filter((s) => s.presence === "both" && !(s.changes?.length ?? 0));
    const oneSide = rep.sections.filter((s) => s.presence !== "both");
    for (const s of valueChanges) this.changes.appendChild(this.sectionBox(s));
    if (lockOnly.length) {
      const ul = h("ul", { class: "compare-list" });
      for (const s of lockOnly) {
        ul.appendChild(h("li", { "data-section": s.name }, h("code", null, s.name), ": ", lockText(s.lock!.left), " → ", lockText(s.lock!.right)));
      }
      this.changes.appendChild(h("details", { class: "sec", testid: "compare-locks" }, h("summary", null, `Lock decisions that differ (${plural(lockOnly.length, "section")})`), ul));
    }
    if (oneSide.length) {
      const ul = h("ul", { class: "compare-list" });
      for (const s of oneSide) ul.appendChild(h("li", null, h("code", null, s.name), ` in scope on the ${s.presence} only`));
      this.changes.appendChild(h("details", { class: "sec" }, h("summary", null, `Sections in scope on one side only (${oneSide.length})`), ul));
    }
    for (const [which, ds] of [["left", rep.diagnosticsOnlyLeft], ["right", rep.diagnosticsOnlyRight]] as const) {
      if (!ds.length) continue;
      const ul = h("ul", { class: "compare-list", testid: "compare-diags-" + which });
      for (const d of ds) ul.appendChild(h("li", { class: d.severity === "error" ? "err" : "muted" }, `${d.severity} ${d.id} `, this.where(which, d.file, d.line), ": " + d.message));
      this.changes.appendChild(h("div", { class: "sec" }, h("h3", { class: "sec-name" }, `Diagnostics only on the ${which}`), ul));
    }
  }

  private sectionBox(s: CompareSection): HTMLElement {
    const box = h("div", { class: "sec", "data-section": s.name }, h("div", { class: "sec-head" }, h("h3", { class: "sec-name" }, s.name)));
    if (s.lock) box.appendChild(h("p", { class: "small" }, "Lock decision: ", lockText(s.lock.left), " → ", lockText(s.lock.right)));
    const ul = h("ul", { class: "compare-list" });
    for (const c of s.changes ?? []) ul.appendChild(this.changeItem(c));
    box.appendChild(ul);
    return box;
  }

  private changeItem(c: CompareChange): HTMLElement {
    const head = h("code", { class: "compare-path-name" }, c.path);
    const li = h("li", { "data-kind": c.kind, "data-path": c.path }, head, " ", h("span", { class: "badge" }, kindText(c.kind)));
    switch (c.kind) {
      case "value":
      case "source":
        li.appendChild(h("div", { class: "compare-values" }, this.valueRow("left", c.left), this.valueRow("right", c.right)));
        break;
      case "onlyLeft":
        li.appendChild(h("div", { class: "compare-values" }, this.valueRow("left", c.left)));
        break;
      case "onlyRight":
        li.appendChild(h("div", { class: "compare-values" }, this.valueRow("right", c.right)));
        break;
      case "order":
        li.appendChild(h("div", { class: "compare-values small" }, h("div", null, "left: " + (c.leftOrder ?? []).join(" ")), h("div", null, "right: " + (c.rightOrder ?? []).join(" "))));
        break;
      case "locks":
        li.appendChild(h("div", { class: "compare-values small" }, h("div", null, "left: " + ((c.leftLocks ?? []).join(", ") || "none")), h("div", null, "right: " + ((c.rightLocks ?? []).join(", ") || "none"))));
        break;
    }
    return li;
  }

  private valueRow(which: "left" | "right", v?: CompareValue): HTMLElement {
    if (!v) return h("div", null, which + ": (absent)");
    const val = v.origin === "item" ? v.value : `"${v.value}"`;
    let where: Node | string = "";
    if (v.file) where = this.where(which, v.file, v.line ?? 0, v.locationPath);
    else if (v.origin === "default") where = "default from " + (v.defaultFrom || "schema");
    return h("div", { class: "compare-value" }, h("span", { class: "muted" }, which + ": "), h("code", null, val), " ", h("span", { class: "small" }, "(", where, ")"));
  }

  /** A file:line, a link when the file is this workspace's (the right side, or both with two paths). */
  private where(which: "left" | "right", file: string, line: number, loc?: string): Node {
    const text = file + (line ? ":" + line : "") + (loc !== undefined && loc !== null ? ` <location path="${loc}">` : "");
    const here = which === "right" || this.otherIsThis;
    if (!here || !this.app.workspace.find(file)) return document.createTextNode(text);
    return h("button", { type: "button", class: "src", title: "Open " + file, on: { click: () => this.app.jump(file, line) } }, text);
  }

  private drawXML(text: string): void {
    clear(this.xml);
    if (!text) {
      // Lock decisions and diagnostics are not in the XML: say where the
      // differences the status counts are, rather than "no differences".
      const differ = Number(this.status.dataset.differ ?? "0");
      this.xml.appendChild(
        h("div", { class: "muted prose-line" }, differ > 0 ? "No value differs in the XML: the differences are in lock decisions, granular locks or diagnostics (see Changes)." : "No differences in the XML (provenance aside)."),
      );
      return;
    }
    for (const l of text.replace(/\n$/, "").split("\n")) {
      const cls = l.startsWith("+++") || l.startsWith("---") ? "muted" : l.startsWith("@@") ? "diff-hunk" : l.startsWith("-") ? "diff-del" : l.startsWith("+") ? "diff-add" : "";
      this.xml.appendChild(h("div", { class: ("diff-line " + cls).trim() }, l));
    }
  }

  private downloadJSON(): void {
    if (!this.last?.report) {
      this.app.notify("Compare first: there is no report to download yet.");
      return;
    }
    download(JSON.stringify(this.last.report, null, 2), "iisconf-compare.json");
  }
}

function lockText(s: { isLocked: boolean; overrideModeEffective: string; summary?: string }): string {
  return (s.isLocked ? "locked for web.config files" : "may be defined") + ` (${s.overrideModeEffective})` + (s.summary ? ": " + s.summary : "");
}

function kindText(k: CompareChange["kind"]): string {
  switch (k) {
    case "value":
      return "value differs";
    case "source":
      return "same value, set elsewhere";
    case "onlyLeft":
      return "left only";
    case "onlyRight":
      return "right only";
    case "order":
      return "order differs";
    case "locks":
      return "locks differ";
  }
  return k;
}
