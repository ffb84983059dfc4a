// importdialog.ts: the Import dialog. Whatever is given (pasted text,
// files, a zip, a bundle, a folder, or a drop on the page) is shown as a
// plan before anything changes: one row per file with where it will go
// (editable) and what that place is in IIS's terms. Files without a place
// of their own go under a site of the workspace being imported (first
// site unless the user picks another). Import applies the plan.
import type { FileState } from "../engine/protocol";
import { h, clear, replace, debounce, baseName } from "../dom";
import { planImport, retarget, destProblem, describeDest, duplicateDests, importedAppHost, type ImportItem, type Plan, type PlanRow, type SiteRoot } from "../importplan";
import { fromText, fromFiles, emptyCollected, type BundleParser, type Collected, type GivenFile } from "../importsource";
import { openDialog } from "../dialogs/dialog";

export interface ImportDialogHost {
  parseBundle: BundleParser;
  /** The sites of the workspace the import makes: its applicationHost.config is apphost, or (when null) the stock server's (replacing) or the current one's (adding). */
  sitesFor(apphost: FileState | null, env: Record<string, string> | undefined, replaceAll: boolean): Promise<SiteRoot[]>;
  /** Lower-cased paths of the workspace's files (to say which ones an import overwrites). */
  existing(): Set<string>;
  /** path: the path an exported bundle kept, to evaluate after the import. */
  apply(r: { files: FileState[]; env?: Record<string, string>; replaceAll: boolean; label: string; path?: string }): Promise<void>;
}

export interface ImportStart {
  text?: string;
  given?: GivenFile[];
}

export function openImportDialog(host: ImportDialogHost, start: ImportStart = {}): void {
  if (start.given && addToOpenImport(start.given)) return;
  const ta = h("textarea", {
    rows: 6,
    testid: "import-text",
    // A pasted server's bundle is megabytes of text: no spell check over it.
    spellcheck: false,
    autocomplete: "off",
    "aria-label": "bundle or configuration file text",
    placeholder: "Paste a bundle (-- C:\\inetpub\\wwwroot\\web.config -- …) or one configuration file (<configuration>…)",
  });
  ta.value = start.text ?? "";
  const filesIn = h("input", { type: "file", multiple: true, testid: "import-files", "aria-label": "choose files, bundles or zips" });
  const folderIn = h("input", { type: "file", multiple: true, testid: "import-folder", "aria-label": "choose a folder" });
  folderIn.setAttribute("webkitdirectory", "");
  const replaceBox = h("input", { type: "checkbox", checked: true, id: "imp-replace", testid: "import-replace" });
  const preview = h("div", { class: "import-preview", testid: "import-preview", "aria-live": "polite" });
  let dropped: GivenFile[] = start.given ?? [];
  let plan: Plan | null = null;
  let collected: Collected = emptyCollected();
  let gen = 0;

  const d = openDialog({
    title: "Import",
    testid: "import-dialog",
    description:
      "Paste a bundle or one configuration file, or choose configuration files, bundles (.txtar), zips or a folder — or drop any of these on the page. Nothing changes until you press Import: first you see where each file goes.",
    body: [
      ta,
      h("div", { class: "row" }, h("label", null, "Files, bundles or zips ", filesIn), h("label", null, "A folder ", folderIn)),
      h("label", { class: "check", for: "imp-replace" }, replaceBox, " Replace the workspace (otherwise the files are added over it)"),
      preview,
    ],
    buttons: [
      { label: "Cancel", value: "cancel", testid: "import-cancel" },
      { label: "Import", value: "import", primary: true, testid: "import-go" },
    ],
    initialFocus: ta,
  });
  d.element.classList.add("import-dialog");
  const go = d.element.querySelector<HTMLButtonElement>('[data-testid="import-go"]')!;
  go.disabled = true;
  const givenFiles = (): GivenFile[] => [
    ...dropped,
    ...[...(filesIn.files ?? [])].map((file) => ({ file, rel: "" })),
    ...[...(folderIn.files ?? [])].map((file) => ({ file, rel: (file as any).webkitRelativePath || "" })),
  ];

  /** Reads the sources and plans them (sources changed). */
  const collect = async () => {
    const my = ++gen;
    go.disabled = true;
    replace(preview, h("p", { class: "muted small" }, "Reading…"));
    const c = emptyCollected();
    await fromText(ta.value, host.parseBundle, c);
    await fromFiles(givenFiles(), host.parseBundle, c);
    if (my !== gen) return;
    collected = c;
    await replan(my);
  };

  /** Plans the collected items against the sites of the workspace being imported. */
  const replan = async (my = ++gen, site?: string) => {
    const ah = importedAppHost(collected.items);
    let sites: SiteRoot[] = [];
    try {
      sites = await host.sitesFor(ah ? { path: "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config", text: ah.text } : null, collected.env, replaceBox.checked);
    } catch {
      sites = [];
    }
    if (my !== gen) return;
    plan = planImport(collected.items, sites, site);
    draw();
  };

  // Each draw builds the preview apart, a few rows per task (a hosting
  // server's plan is a thousand rows, each with an input: built at once it
  // was one of the import's long main-thread tasks), and puts it in place
  // in one go when every row is built; a newer draw abandons an older one.
  // focusRow: the row whose destination the user just changed keeps the
  // keyboard.
  let drawing = 0;
  const draw = (focusRow?: number) => {
    const my = ++drawing;
    go.disabled = true;
    if (!plan) {
      clear(preview);
      return;
    }
    const p = plan;
    const head: Node[] = [];
    for (const msg of collected.problems) head.push(h("p", { class: "err small" }, msg));
    if (!p.rows.length) {
      replace(preview, ...head, h("p", { class: "muted small" }, collected.items.length || collected.skipped.length ? "Nothing to import: no configuration files." : "Nothing chosen yet."));
      drawSkipped();
      return;
    }
    head.push(h("h3", { class: "small" }, `Where ${p.rows.length === 1 ? "the file goes" : `the ${p.rows.length} files go`}`));
    let sel: HTMLSelectElement | null = null;
    if (p.rows.some((r) => r.rel !== undefined)) {
      const s = (sel = h("select", { testid: "import-site", "aria-label": "site for files without a place" }));
      for (const x of p.sites) s.appendChild(h("option", { value: x.site, selected: x.site === p.site }, `${x.site} (${x.root})`));
      if (!p.sites.length) s.appendChild(h("option", { value: "" }, "no site: C:\\inetpub\\wwwroot"));
      s.addEventListener("change", () => {
        plan = retarget(p, s.value);
        draw();
      });
      head.push(h("p", { class: "row small" }, h("label", null, "web.config files without a place of their own go to the root folder of site ", s)));
    }
    const existing = host.existing();
    const dups = duplicateDests(p.rows);
    const list = h("ol", { class: "import-rows" });
    const inputs: HTMLInputElement[] = [];
    let bad = 0;
    const row = (r: PlanRow, i: number) => {
      const problem = destProblem(r.dest);
      if (problem) bad++;
      const input = h("input", {
        type: "text",
        class: "wide",
        value: r.dest,
        spellcheck: false,
        "aria-label": `destination of ${r.item.name || r.item.from}`,
        "aria-invalid": problem ? "true" : undefined,
      });
      inputs.push(input);
      // (The row's content is one box, which the page does not lay out
      // while it is out of view; the list item itself is not, so its
      // number shows.)
      const li = h(
        "li",
        { "data-dest": r.dest, class: problem ? "bad" : "" },
        h("div", { class: "import-row" }, h("div", { class: "small" }, h("strong", null, r.item.name ? baseName(r.item.name.replace(/\//g, "\\")) : "pasted file"), h("span", { class: "muted" }, ` from ${r.item.from}${r.item.name && r.item.name.includes("/") ? ": " + r.item.name : ""}`)),
        input,
        h(
          "div",
          { class: "muted small" },
          problem
            ? h("span", { class: "err" }, problem)
            : [
                describeDest(r.dest, p.sites) || "a file of the workspace",
                r.why ? ` — ${r.why}` : "",
                dups.has(r.dest.toLowerCase()) ? h("span", { class: "err" }, " · two files go here: the last one is kept") : null,
                !replaceBox.checked && existing.has(r.dest.toLowerCase()) ? h("span", { class: "warn" }, " · replaces the workspace's file") : null,
              ],
        )),
      );
      input.addEventListener("change", () => {
        const rows = [...p.rows];
        rows[i] = { ...r, dest: input.value.trim().replace(/\//g, "\\"), rel: undefined, why: "you chose it" };
        plan = { ...p, rows };
        draw(i);
      });
      list.appendChild(li);
    };
    let i = 0;
    const build = () => {
      if (my !== drawing) return;
      const t0 = performance.now();
      while (i < p.rows.length && performance.now() - t0 < DRAW_CHUNK_MS) {
        for (const end = Math.min(p.rows.length, i + 20); i < end; i++) row(p.rows[i], i);
      }
      if (i < p.rows.length) {
        setTimeout(build, 0);
        return;
      }
      const selFocused = !!document.activeElement?.closest?.('[data-testid="import-site"]') && preview.contains(document.activeElement);
      replace(preview, ...head, list);
      drawSkipped();
      go.disabled = bad > 0;
      if (focusRow !== undefined) inputs[focusRow]?.focus();
      else if (selFocused) sel?.focus();
    };
    build();
  };

  const drawSkipped = () => {
    const sk = [...collected.skipped, ...(plan?.skipped ?? [])];
    if (!sk.length) return;
    preview.appendChild(
      h("details", { class: "small muted" }, h("summary", null, `${sk.length} file${sk.length === 1 ? " is" : "s are"} not configuration files and ${sk.length === 1 ? "is" : "are"} left out`), h("p", null, sk.slice(0, 50).join(", ") + (sk.length > 50 ? ", …" : ""))),
    );
  };

  void d.result.then(async (v) => {
    addToOpen = null;
    if (v !== "import" || !plan || !plan.rows.length) return;
    const files: FileState[] = plan.rows.map((r) => ({ path: r.dest, text: r.item.text, ...(r.item.unreadable ? { unreadable: true } : {}) }));
    const sources = [...new Set(plan.rows.map((r) => r.item.from))];
    const label = "Import of " + (sources.length === 1 ? sources[0] : `${sources[0]} and ${sources.length - 1} more`);
    await host.apply({ files, env: collected.env, replaceAll: replaceBox.checked, label, path: collected.path });
  });

  const later = debounce(() => void collect(), 250);
  ta.addEventListener("input", later);
  filesIn.addEventListener("change", () => void collect());
  folderIn.addEventListener("change", () => void collect());
  replaceBox.addEventListener("change", () => void replan(++gen, plan?.site));
  if (start.text || dropped.length) void collect();
  else replace(preview, h("p", { class: "muted small" }, "Nothing chosen yet."));
  // A drop on the page while the dialog is open adds to it.
  addToOpen = (more: GivenFile[]) => {
    dropped = [...dropped, ...more];
    void collect();
  };
}

let addToOpen: ((more: GivenFile[]) => void) | null = null;

/** How long one task of a draw builds rows before it lets the page draw. */
const DRAW_CHUNK_MS = 8;

/** Adds dropped files to the open Import dialog; false when none is open. */
export function addToOpenImport(more: GivenFile[]): boolean {
  if (!addToOpen) return false;
  addToOpen(more);
  return true;
}
