// metabase.ts: the IIS 6 metabase mode (docs/metabase.md). A MetaBase.xml
// kept in the workspace (with MBSchema.xml and History\ beside it, as on an
// IIS 6 server) is read by the `metabase` op: the key tree by Location, a
// key's effective properties with the key each value came from, and the
// applicationHost.config equivalents in IIS 7.
//
// Loaded on first use (panels/index.ts, the gallery's Tools, ?sample=metabase);
// its op runs in tools.wasm. The engine itself ignores MetaBase.xml.
import type { FileState } from "../engine/protocol";
import { h, clear, baseName, dirName, samePath } from "../dom";
import type { MetabaseResult, MbTreeNode, MbEffectiveProperty, Result } from "../model";
import type { Nav } from "../ui/links";
import { decodeText } from "../zip";
import type { AppHost } from "../app/host";
import type { Panel } from "../app/panels";

declare const __IISCONF_METABASE_URL__: string;

interface MetabaseHost {
  nav: Nav;
  pick(location: string): void;
  openSample(): void;
  load(files: File[]): void;
}

class MetabaseView {
  readonly root: HTMLElement;
  constructor(private host: MetabaseHost) {
    this.root = h("div", { class: "mb-view", testid: "metabase-view" });
  }

  private controls(): HTMLElement {
    const input = h("input", {
      type: "file",
      multiple: true,
      accept: ".xml",
      testid: "metabase-file",
      "aria-label": "load MetaBase.xml (and MBSchema.xml)",
      on: { change: (e: Event) => this.host.load([...((e.target as HTMLInputElement).files ?? [])]) },
    });
    return h(
      "div",
      { class: "row mb-controls" },
      h("button", { type: "button", testid: "metabase-sample", on: { click: () => this.host.openSample() } }, "Open the sample MetaBase.xml"),
      h("label", null, "Load MetaBase.xml ", input),
    );
  }

  /** No MetaBase.xml in the workspace yet. */
  empty(): void {
    clear(this.root);
    this.root.append(
      this.controls(),
      h(
        "p",
        { class: "muted" },
        "IIS 6 kept its configuration in MetaBase.xml: keys named by Location (/LM/W3SVC/1/ROOT) whose properties inherit down the path. Load one (MBSchema.xml too if you have it) or open the sample to see the key tree, each key's effective properties and where they came from, and what they become in IIS 7's applicationHost.config.",
      ),
    );
  }

  render(file: string, r: MetabaseResult, chosen: string): void {
    clear(this.root);
    this.root.appendChild(this.controls());
    this.root.appendChild(
      h(
        "p",
        { class: "small muted" },
        h("button", { type: "button", class: "src", on: { click: () => this.host.nav(file, 1) } }, file),
        ` · schema: ${r.schema}`,
      ),
    );
    const all = [...r.diagnostics, ...(r.history?.diagnostics ?? [])];
    if (all.length)
      this.root.appendChild(
        h(
          "ul",
          { class: "diag-list", testid: "metabase-diagnostics" },
          all.map((d) =>
            h(
              "li",
              { class: "diag-line diag " + d.severity },
              h("span", { class: "badge " + (d.severity === "error" ? "deny" : "warn") }, d.id),
              " ",
              d.line ? h("button", { type: "button", class: "src", on: { click: () => this.host.nav(pathBeside(file, d.file), d.line, d.column) } }, `${d.file}:${d.line}`) : d.file,
              " " + d.message,
            ),
          ),
        ),
      );
    const tree = h("ul", { class: "mb-tree", testid: "metabase-tree", role: "tree", "aria-label": "metabase keys" });
    for (const n of r.tree) tree.appendChild(this.node(n, chosen));
    const detail = h("div", { class: "mb-key", testid: "metabase-key" });
    if (r.key) this.key(detail, file, r);
    else detail.appendChild(h("p", { class: "muted" }, "Choose a key."));
    this.root.appendChild(h("div", { class: "mb-cols" }, h("div", { class: "mb-tree-box" }, tree), detail));
    if (r.history && r.history.entries.length)
      this.root.appendChild(
        h(
          "details",
          { class: "mb-history", testid: "metabase-history" },
          h("summary", null, `History: ${r.history.entries.length} saved versions, oldest first`),
          h(
            "ul",
            { class: "small" },
            r.history.entries.map((e) => h("li", null, h("code", null, `${e.major}.${e.minor}`), ` ${e.metabase ?? "—"} · ${e.mbschema ?? "—"}`)),
          ),
        ),
      );
  }

  private node(n: MbTreeNode, chosen: string): HTMLElement {
    const on = n.location.toLowerCase() === chosen.toLowerCase();
    return h(
      "li",
      { role: "treeitem", "aria-selected": String(on) },
      h(
        "button",
        {
          type: "button",
          class: "mb-node" + (on ? " focused" : "") + (n.implicit ? " muted" : ""),
          "data-location": n.location,
          title: n.implicit ? "no key element defines this path: the metabase creates it as needed" : `${n.keyType ?? ""} · line ${n.line ?? "?"}`,
          on: { click: () => this.host.pick(n.location) },
        },
        n.name,
        n.keyType ? h("span", { class: "badge" }, n.keyType) : null,
        n.properties ? h("span", { class: "muted small" }, ` ${n.properties} prop${n.properties === 1 ? "" : "s"}`) : null,
        n.iis7Path ? h("span", { class: "mb-iis7 small" }, " → " + n.iis7Path) : null,
      ),
      n.children.length ? h("ul", { role: "group" }, n.children.map((c) => this.node(c, chosen))) : null,
    );
  }

  private key(box: HTMLElement, file: string, r: MetabaseResult): void {
    const k = r.key!;
    box.appendChild(
      h(
        "div",
        { class: "mb-key-head" },
        h("code", null, k.location),
        k.keyType ? h("span", { class: "badge" }, k.keyType) : h("span", { class: "badge warn" }, "no key element"),
      ),
    );
    if (k.mapping)
      box.appendChild(
        h("p", { class: "small" }, "IIS 7 config path: ", h("code", { testid: "metabase-iis7-path" }, k.mapping.configPath), k.mapping.note ? h("span", { class: "muted" }, " — " + k.mapping.note) : null),
      );
    box.appendChild(
      h(
        "table",
        { class: "mb-props", testid: "metabase-props" },
        h("thead", null, h("tr", null, h("th", null, "property"), h("th", null, "value"), h("th", null, "set by"))),
        h(
          "tbody",
          null,
          k.properties.map((p) =>
            h(
              "tr",
              { class: p.inherited ? "v-inherited" : "v-local", "data-property": p.name },
              h("td", null, p.name, p.unknown ? h("span", { class: "badge warn", title: "not in the schema: read as a non-inherited string" }, "unknown") : null),
              h("td", null, valueOf(p)),
              h(
                "td",
                null,
                p.inherited
                  ? h("button", { type: "button", class: "src", title: "inherited: show that key", on: { click: () => this.host.pick(p.from) } }, p.from)
                  : h("span", null, "this key"),
                " ",
                h("button", { type: "button", class: "src muted", on: { click: () => this.host.nav(file, p.line, p.column) } }, `${baseName(file)}:${p.line}`),
              ),
            ),
          ),
        ),
      ),
    );
    if (!k.properties.length) box.appendChild(h("p", { class: "muted" }, "No property applies here."));
    box.appendChild(h("h3", null, "IIS 7 equivalents"));
    if (!k.equivalents.length) box.appendChild(h("p", { class: "muted" }, "None of these properties has an applicationHost.config equivalent iisconf knows."));
    for (const e of k.equivalents)
      box.appendChild(
        h(
          "div",
          { class: "mb-equiv", "data-property": e.property },
          h("div", { class: "small" }, h("strong", null, e.property), ` (from ${e.from}) → `, h("code", null, e.section), " at ", h("code", null, e.configPath)),
          h("pre", { class: "xml-snippet" }, e.xml),
          e.note ? h("div", { class: "muted small" }, e.note) : null,
        ),
      );
  }
}

function valueOf(p: MbEffectiveProperty): string {
  if (p.kind === "flags" && p.flags) return p.flags.length ? p.flags.join(" | ") : "0";
  if (p.kind === "list" && p.values) return p.values.join("\n");
  return p.value;
}

/** A diagnostic names a file by base name; find it beside the metabase. */
function pathBeside(metabase: string, name: string): string {
  if (!name || /[\\/]/.test(name)) return name;
  const i = metabase.lastIndexOf("\\");
  return i < 0 ? name : metabase.slice(0, i + 1) + name;
}

/** The workspace's MetaBase.xml. */
function metabaseFile(app: AppHost): FileState | undefined {
  return app.workspace.files.find((f) => /(^|\\)metabase\.xml$/i.test(f.path));
}

/** The metabase panel: asks the metabase op about the workspace's MetaBase.xml and the chosen key. */
export class MetabasePanel implements Panel {
  private view: MetabaseView;
  readonly root: HTMLElement;
  constructor(private app: AppHost) {
    this.view = new MetabaseView({
      nav: (f, l, c) => app.jump(f, l, c),
      pick: (loc) => {
        app.workspace.view.metabaseKey = loc;
        app.workspace.save();
        void this.refresh();
      },
      openSample: () => void openMetabaseSample(app),
      load: (files) => void loadMetabaseFiles(app, files),
    });
    this.root = this.view.root;
  }

  // Not awaited: the first call starts tools.wasm, which the evaluation must not wait for.
  update(_r: Result): void {
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const ws = this.app.workspace;
    const f = metabaseFile(this.app);
    if (!f) return this.view.empty();
    const dir = dirName(f.path);
    const schema = ws.files.find((x) => samePath(x.path, dir + "\\MBSchema.xml"));
    const history = ws.files.filter((x) => samePath(dirName(x.path), dir + "\\History")).map((x) => baseName(x.path));
    const ask = (key: string) =>
      this.app.engine.metabase({
        metabase: ws.text(f),
        file: baseName(f.path),
        schema: schema ? ws.text(schema) : undefined,
        schemaFile: schema ? baseName(schema.path) : undefined,
        key: key || undefined,
        historyNames: history.length ? history : undefined,
      });
    let key = ws.view.metabaseKey ?? "";
    let r = await ask(key);
    if (!r) return;
    if (!key || !r.key) {
      // Start on the first web site's root, else the first key.
      const flat: string[] = [];
      const walk = (ns: MbTreeNode[]): void => ns.forEach((n) => (flat.push(n.location), walk(n.children)));
      walk(r.tree);
      const first = flat.find((l) => /^\/LM\/W3SVC\/\d+\/ROOT$/i.test(l)) ?? flat[0];
      if (first && first !== key) {
        key = first;
        r = await ask(key);
        if (!r) return;
      }
    }
    this.view.render(f.path, r, key);
  }
}

/** Opens the bundled sample (metabase.json, build/samplesjson.go) in metabase mode. */
export async function openMetabaseSample(app: AppHost): Promise<void> {
  let files: FileState[];
  try {
    const resp = await fetch(new URL(__IISCONF_METABASE_URL__, location.href).href);
    if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
    files = ((await resp.json()) as { files: FileState[] }).files;
  } catch (e) {
    app.notify("The metabase sample could not be loaded: " + (e as Error).message);
    return;
  }
  await addMetabaseFiles(app, files);
}

/** Loads chosen MetaBase.xml, MBSchema.xml and History files into inetsrv. */
async function loadMetabaseFiles(app: AppHost, list: File[]): Promise<void> {
  const dir = "C:\\Windows\\System32\\inetsrv\\";
  const files: FileState[] = [];
  for (const f of list) {
    const text = decodeText(new Uint8Array(await f.arrayBuffer()));
    const hist = /^(MetaBase|MBSchema)_\d{10}_\d{10}\.xml$/i.test(f.name);
    const name = hist ? "History\\" + f.name : /mbschema/i.test(f.name) ? "MBSchema.xml" : "MetaBase.xml";
    files.push({ path: dir + name, text });
  }
  if (files.length) await addMetabaseFiles(app, files);
}

async function addMetabaseFiles(app: AppHost, files: FileState[]): Promise<void> {
  const ws = app.workspace;
  const mb = files.find((f) => /(^|\\)metabase\.xml$/i.test(f.path));
  // One metabase at a time: a new MetaBase.xml replaces the old one.
  const old = metabaseFile(app);
  if (mb && old && !samePath(old.path, mb.path)) {
    ws.files = ws.files.filter((f) => f !== old);
    void app.engine.removeFile(old.path);
  }
  ws.view.panel = "metabase";
  ws.view.metabaseKey = undefined;
  if (mb) ws.view.file = mb.path;
  const { mergeImport } = await import("../dialogs/import");
  await mergeImport(app, files, undefined, false);
}
