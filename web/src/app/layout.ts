// layout.ts: the page's frame. The header and its actions, the path box,
// the three columns (Files / Sites / Samples tabs; the editor; the result
// panels with the filter and defaults controls), the status line and the
// toast. It draws what it is told and reports what the user did through
// LayoutEvents; it holds no workspace state.
import type { Result } from "../model";
import type { AppHost, LeftTab } from "./host";
import type { Panels, ResultControl } from "./panels";
import { h, replace, replaceChanged, setText, clear, debounce, plural } from "../dom";
import { TabList } from "./tabs";
import { Panes } from "./panes";

/** How a message is shown: stays until dismissed when it explains why something did not happen. */
export interface NotifyOptions {
  stays?: boolean;
}

/**
 * A header button (Import, Export, Share, …). run may import() a dialog's
 * module, so the dialog's code loads on first use.
 */
export interface HeaderAction {
  /** The button's data-testid. */
  readonly id: string;
  readonly label: string;
  /** Tooltip; also the accessible description of what it does. */
  readonly title: string;
  /** Position among the header buttons (the built-ins use 10, 20, … 90). */
  readonly order: number;
  run(app: AppHost): void | Promise<void>;
}

/** What the user did in the frame. */
export interface LayoutEvents {
  path(p: string, fromTyping: boolean): void;
  filter(): void;
  defaults(on: boolean): void;
  left(id: LeftTab): void;
  fileAction(which: "add" | "rename" | "delete" | "webconfig"): void;
}

export class Layout {
  readonly pathBox = h("input", {
    type: "text",
    class: "path-box",
    testid: "path-box",
    spellcheck: false,
    "aria-label": "URL or config path",
    placeholder: "http://localhost/app1/page.aspx or Default Web Site/app1",
  });
  readonly filterBox = h("input", { type: "search", class: "filter", testid: "section-filter", placeholder: "filter sections", "aria-label": "filter sections by name" });
  readonly defaultsBox = h("input", { type: "checkbox", testid: "show-defaults", id: "show-defaults" });
  /** The open sample's explanation, above the result tabs. */
  readonly sampleBox = h("aside", { class: "sample-expl", testid: "sample-explanation", hidden: true });
  /** Brings the sample's card back after it was closed (app/gallery.ts labels it). */
  readonly sampleShow = h("button", { type: "button", class: "sample-show", testid: "sample-show", hidden: true });
  /** The samples gallery (drawn by app/gallery.ts when the Samples tab opens). */
  readonly gallery = h("div", { class: "gallery", testid: "samples-gallery" });
  private pathInfo = h("div", { class: "path-info muted small", testid: "path-info", "aria-live": "polite" });
  private status = h("div", { class: "status", testid: "status", role: "status" });
  private toast = h("div", { class: "toast", role: "alert", hidden: true });
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private header: HTMLElement;
  private leftTabs: TabList;
  /** Column sizes; on a narrow screen, which column shows. */
  readonly panes: Panes;
  private saveFailed = false;
  private controls: HTMLElement;
  private defaultsLabel: HTMLElement;
  private legend: HTMLElement;

  constructor(
    private app: AppHost,
    panels: Panels,
    editorRoot: HTMLElement,
    trees: { files: HTMLElement; sites: HTMLElement },
    on: LayoutEvents,
  ) {
    const root = document.getElementById("app") ?? document.body.appendChild(h("div", { id: "app" }));
    this.pathBox.addEventListener("keydown", (e) => {
      if (e.key === "Enter") on.path(this.pathBox.value.trim(), false);
    });
    this.pathBox.addEventListener("input", debounce(() => on.path(this.pathBox.value.trim(), true), 300));
    this.filterBox.addEventListener("input", debounce(() => on.filter(), 80));
    this.defaultsBox.addEventListener("change", () => on.defaults(this.defaultsBox.checked));

    const btn = (label: string, testid: string, fn: () => void, title: string) => h("button", { type: "button", testid, title, on: { click: fn } }, label);
    this.header = h("header", { class: "top" }, h("h1", null, "iisconf"), h("span", { class: "muted small tagline" }, "IIS configuration playground"), h("div", { class: "spacer" }));

    // Left column: Files / Sites / Samples.
    const filesPane = h(
      "div",
      { class: "pane files-pane" },
      h(
        "div",
        { class: "actions" },
        btn("+ File", "file-add", () => on.fileAction("add"), "Add a file"),
        btn("Rename", "file-rename", () => on.fileAction("rename"), "Rename the open file"),
        btn("Delete", "file-delete", () => on.fileAction("delete"), "Delete the open file"),
      ),
      trees.files,
    );
    const sitesPane = h(
      "div",
      { class: "pane sites-pane" },
      h("div", { class: "actions" }, btn("Add web.config here", "add-webconfig", () => on.fileAction("webconfig"), "Create the web.config of the folder the chosen path maps to")),
      trees.sites,
    );
    const samplesPane = h("div", { class: "pane samples-pane" }, this.gallery);
    this.leftTabs = new TabList("workspace", "left-tabs", (id) => on.left(id as LeftTab));
    this.leftTabs.add("files", "Files", filesPane);
    this.leftTabs.add("sites", "Sites", sitesPane);
    this.leftTabs.add("samples", "Samples", samplesPane);
    const left = h("div", { class: "col left", "aria-label": "Files, sites and samples", role: "region" }, this.leftTabs.root, filesPane, sitesPane, samplesPane);

    const middle = h("div", { class: "col middle", "aria-label": "Editor", role: "region" }, editorRoot);

    this.defaultsLabel = h("label", { class: "check", for: "show-defaults" }, this.defaultsBox, " defaults");
    this.legend = h(
      "span",
      { class: "legend small" },
      h("span", { class: "v-local" }, "local"),
      " ",
      h("span", { class: "v-inherited" }, "inherited"),
      " ",
      h("span", { class: "v-default" }, "default"),
    );
    this.controls = h("div", { class: "result-controls", testid: "result-controls" }, this.filterBox, this.defaultsLabel, this.legend);
    const right = h("div", { class: "col right", id: "results", tabindex: -1, "aria-label": "Results", role: "region" }, this.sampleBox, this.sampleShow, panels.tabs.root, this.controls, panels.box);

    const pathBar = h("div", { class: "path-bar" }, h("label", null, "Path ", this.pathBox), this.pathInfo);
    const cols = h("main", { class: "cols" }, left, middle, right);
    this.panes = new Panes(cols, { files: left, editor: middle, results: right });
    // The first thing Tab reaches: straight to the results, past the
    // header, the path and the editor.
    const skip = h(
      "a",
      {
        class: "skip-link",
        href: "#results",
        on: {
          click: (e: Event) => {
            e.preventDefault();
            this.panes.show("results");
            (right.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]') ?? right).focus();
          },
        },
      },
      "Skip to results",
    );
    clear(root);
    root.append(skip, this.header, pathBar, this.panes.switcher, cols, this.status, this.toast);
    this.showLeft("files");
  }

  /** Adds a header button, in order among the others. */
  addAction(a: HeaderAction): void {
    const b = h("button", { type: "button", testid: a.id, title: a.title, "data-order": a.order, on: { click: () => void a.run(this.app) } }, a.label);
    const after = [...this.header.querySelectorAll<HTMLElement>(":scope > button[data-order]")].find((x) => Number(x.dataset.order) > a.order);
    this.header.insertBefore(b, after ?? null);
  }

  /** Shows the result controls the visible panel uses (PanelDef.controls), and only those. */
  showControls(which: readonly ResultControl[]): void {
    this.controls.hidden = which.length === 0;
    this.filterBox.hidden = !which.includes("filter");
    this.defaultsLabel.hidden = this.legend.hidden = !which.includes("defaults");
  }

  showLeft(id: LeftTab): void {
    this.leftTabs.select(id);
  }

  /** How the path maps: config path, site, application, virtual directory, folder. */
  showPathInfo(r: Result): void {
    const m = r.mapping;
    const bits: (string | Node)[] = [h("code", { testid: "config-path" }, r.configPath)];
    if (m) {
      // The pool, and the .NET Framework folder it picks (docs/hierarchy.md#framework-folders)
      // named as people name it (Framework64\v4.0.30319); why is the chain's note at MACHINE.
      const fw = m.framework ? m.framework.split("\\").slice(-3, -1).join("\\") : "";
      bits.push(
        ` · site "${m.site}" (id ${m.siteId}) · app ${m.appPath} (${m.appPool}`,
        fw ? h("span", { testid: "path-framework", title: r.chain[0]?.note ?? m.framework }, ", " + fw) : "",
        `) · vdir ${m.vdirPath} · URL ${m.urlPath}`,
      );
      bits.push(m.noPhysicalPath ? " · no virtual directory maps this URL" : ` · ${m.physicalPathExpanded}`);
    }
    const bad = r.diagnostics.find((d) => d.id === "PATH_UNK");
    // An applicationHost.config that cannot be read hides every site: the
    // path is not wrong, the file is (ui/cause.ts says more on each tab).
    const apphost = bad && r.diagnostics.find((d) => d.severity === "error" && d.phase === "file" && /\\applicationhost\.config$/i.test(d.file ?? ""));
    if (apphost) bits.push(h("span", { class: "err" }, ` · applicationHost.config cannot be read${apphost.line ? ` (line ${apphost.line})` : ""}: no site can be found until it is fixed`));
    else if (bad) bits.push(h("span", { class: "err" }, " · " + bad.message));
    replaceChanged(this.pathInfo, ...bits);
  }

  /**
   * ms: how long the evaluation took (null: the answer was not evaluated
   * now, the build's first answer). autosaving: whether this workspace is
   * autosaved (workspacemeta.ts mayAutosave): one opened from a link is not
   * until it is edited, and the status line must not say it is kept.
   */
  showStatus(files: number, r: Result | null, ms: number | null, autosaving: boolean): void {
    setText(
      this.status,
      `${plural(files, "file")} · ` +
        (r ? `${plural(r.sections.length, "section")} at ${r.configPath}` : "") +
        (ms === null ? "" : ` · updated in ${Math.round(ms)} ms`) +
        (!autosaving ? " · opened from a link, not saved here until you edit it" : this.saveFailed ? " · autosave failed (storage full?)" : " · saved locally"),
    );
  }

  showStatusText(text: string, error = false): void {
    replace(this.status, error ? h("span", { class: "err" }, text) : text);
  }

  /** The last autosave's outcome (data-save on the status line; the next status says so). */
  saved(ok: boolean): void {
    this.saveFailed = !ok;
    this.status.dataset.save = ok ? "ok" : "failed";
  }

  /**
   * Shows msg for a few seconds; a message that stays (why a link or a
   * workspace could not be opened, which a user who looked away must still
   * find) waits for its Dismiss button or the next message.
   */
  notify(msg: string, opts: NotifyOptions = {}): void {
    clearTimeout(this.toastTimer);
    this.toast.hidden = false;
    if (!opts.stays) {
      this.toast.textContent = msg;
      this.toastTimer = setTimeout(() => (this.toast.hidden = true), 6000);
      return;
    }
    replace(
      this.toast,
      h("span", null, msg),
      " ",
      h("button", { type: "button", class: "toast-dismiss", testid: "toast-dismiss", on: { click: () => (this.toast.hidden = true) } }, "Dismiss"),
    );
  }
}
