// trees.ts: the file tree (workspace files grouped by folder) and the site
// tree of the path picker (sites → applications → virtual directories),
// both on the virtual list.
import { h, baseName, dirName, isBackupPath } from "../dom";
import type { SiteMap } from "../model";
import { VirtualList, type Row } from "./vlist";

export interface FileInfo {
  path: string;
  errors: number;
  warnings: number;
  /** A built-in stand-in the workspace does not hold (opens read-only). */
  builtin?: boolean;
}

export class FileTree {
  readonly list = new VirtualList(24, "file-tree", "workspace files");
  private collapsed = new Set<string>();
  private expanded = new Set<string>(); // groups folded by default that the user opened
  private files: FileInfo[] = [];
  private selected = "";
  constructor(private onOpen: (path: string) => void) {}

  /**
   * Shows files (selected: the open one). Called after every evaluation:
   * when nothing the tree shows changed (the usual keystroke), the rows and
   * their DOM stay as they are.
   */
  set(files: FileInfo[], selected: string): void {
    if (selected === this.selected && sameFiles(files, this.files)) return;
    this.files = files;
    this.selected = selected;
    this.rebuild();
  }

  private rebuild(): void {
    // Backups and history snapshots are copies of the configuration, not
    // configuration: they live in a group of their own, folded unless the
    // open file is one of them.
    const config = this.files.filter((f) => !isBackupPath(f.path));
    const backups = this.files.filter((f) => isBackupPath(f.path));
    const rows: Row[] = [];
    this.dirRows(config, 0, rows);
    if (backups.length) {
      const k = "g:backups";
      const open = !this.collapsed.has(k) && (this.expanded.has(k) || isBackupPath(this.selected));
      const toggle = (o = !open) => {
        this.collapsed.delete(k);
        this.expanded.delete(k);
        (o ? this.expanded : this.collapsed).add(k);
        this.rebuild();
      };
      rows.push({
        key: k,
        depth: 0,
        render: (el) => {
          el.classList.add("dir");
          el.dataset.group = "backups";
          el.append(h("span", { class: "twisty", "aria-hidden": "true" }, open ? "▾" : "▸"), h("span", { class: "dir-name" }, `Backups and history (${backups.length} file${backups.length === 1 ? "" : "s"})`));
          el.setAttribute("aria-expanded", String(open));
        },
        activate: () => toggle(),
        toggle,
      });
      if (open) this.dirRows(backups, 1, rows);
    }
    this.list.setRows(rows, this.selected ? "f:" + this.selected.toLowerCase() : undefined);
  }

  /** Rows for files grouped by folder, folders at depth and files one deeper. */
  private dirRows(files: FileInfo[], depth: number, rows: Row[]): void {
    const byDir = new Map<string, FileInfo[]>();
    for (const f of files) {
      const d = dirName(f.path);
      const k = d.toLowerCase();
      if (!byDir.has(k)) byDir.set(k, []);
      byDir.get(k)!.push(f);
    }
    const dirs = [...byDir.keys()].sort(cmpPath);
    for (const k of dirs) {
      const fs = byDir.get(k)!.sort((a, b) => cmpPath(a.path, b.path));
      const dir = dirName(fs[0].path);
      const open = !this.collapsed.has(k);
      const toggle = (o?: boolean) => {
        const now = o ?? this.collapsed.has(k);
        if (now) this.collapsed.delete(k);
        else this.collapsed.add(k);
        this.rebuild();
      };
      rows.push({
        key: "d:" + k,
        depth,
        render: (el) => {
          el.classList.add("dir");
          el.title = dir;
          el.append(h("span", { class: "twisty", "aria-hidden": "true" }, open ? "▾" : "▸"), h("span", { class: "dir-name" }, dir + "\\"));
          el.setAttribute("aria-expanded", String(open));
        },
        activate: () => toggle(),
        toggle,
      });
      if (!open) continue;
      for (const f of fs) {
        rows.push({
          key: "f:" + f.path.toLowerCase(),
          depth: depth + 1,
          render: (el) => {
            el.title = f.builtin ? f.path + " (built-in stand-in: read-only until you make it a workspace file)" : f.path;
            el.setAttribute("data-path", f.path);
            if (f.path.toLowerCase() === this.selected.toLowerCase()) el.classList.add("current");
            if (f.builtin) el.classList.add("builtin");
            el.append(
              h("span", { class: "file-name" }, baseName(f.path)),
              f.builtin ? h("span", { class: "kind" }, "built in") : "",
              f.errors ? h("span", { class: "count err", title: `${f.errors} errors` }, String(f.errors)) : "",
              f.warnings ? h("span", { class: "count warn", title: `${f.warnings} warnings` }, String(f.warnings)) : "",
            );
          },
          activate: () => this.onOpen(f.path),
        });
      }
    }
  }
}

function cmpPath(a: string, b: string): number {
  const x = a.toLowerCase(),
    y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sitePath(site: string, rel = "/"): string {
  const r = rel.replace(/^\/+|\/+$/g, "");
  return "MACHINE/WEBROOT/APPHOST/" + site + (r ? "/" + r : "");
}

/** Natural order: site2 before site10, site100 before site1000; case ignored. */
const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

export class SiteTree {
  readonly list = new VirtualList(24, "site-tree", "sites, applications and virtual directories");
  /** Narrows the sites shown (name, binding, application path). */
  readonly filterBox = h("input", { type: "search", class: "site-filter", testid: "site-filter", placeholder: "filter sites", "aria-label": "filter sites by name, binding or application" });
  readonly root: HTMLElement;
  private open = new Set<string>();
  private map: SiteMap | null = null;
  private sites: SiteMap["sites"] = [];
  private current = "";
  private autoOpened = false;
  private count = h("span", { class: "muted small", "aria-live": "polite" });
  constructor(private onPick: (configPath: string) => void) {
    let t: ReturnType<typeof setTimeout> | undefined;
    this.filterBox.addEventListener("input", () => {
      clearTimeout(t);
      t = setTimeout(() => {
        this.rebuild();
        // The matches from the first; an emptied filter goes back to the current site.
        const k = this.filterBox.value.trim() ? undefined : this.keyOf.get(this.current.toLowerCase());
        if (k) this.list.reveal(k);
        else this.list.root.scrollTop = 0;
      }, 60);
    });
    this.root = h("div", { class: "site-tree-box" }, h("div", { class: "site-filter-row" }, this.filterBox, this.count), this.list.root);
  }

  set(map: SiteMap | null, current: string): void {
    const fresh = map !== this.map;
    this.map = map;
    this.current = current;
    if (fresh) this.sites = [...(map?.sites ?? [])].sort((a, b) => natural.compare(a.name, b.name));
    if (map && !this.autoOpened) {
      this.autoOpened = true;
      // Small servers start expanded; big ones collapsed (10,000 sites).
      if (map.sites.length <= 20) for (const s of map.sites) this.open.add(s.name.toLowerCase());
    }
    this.revealPath(current);
    this.rebuild();
    const k = this.keyOf.get(current.toLowerCase());
    if (k) this.list.reveal(k);
  }

  /** Marks the path's row as the current one (called after every evaluation; the same path changes nothing). */
  setCurrent(cp: string): void {
    if (cp === this.current) return;
    const changed = cp.toLowerCase() !== this.current.toLowerCase();
    this.current = cp;
    if (changed) this.revealPath(cp);
    this.rebuild();
    if (changed) {
      const k = this.keyOf.get(cp.toLowerCase());
      if (k) this.list.reveal(k);
    }
  }

  private keyOf = new Map<string, string>(); // config path (lower case) → row key

  private rebuild(): void {
    const rows: Row[] = [];
    const cur = this.current.toLowerCase();
    this.keyOf.clear();
    const leaf = (key: string, depth: number, label: string, cp: string, kind: string, title: string) => {
      this.keyOf.set(cp.toLowerCase(), key);
      rows.push({
        key,
        depth,
        render: (el) => {
          el.classList.add(kind);
          el.title = title;
          if (cp.toLowerCase() === cur) el.classList.add("current");
          el.append(h("span", { class: "kind" }, kindIcon(kind)), h("span", null, label));
        },
        activate: () => this.onPick(cp),
      });
    };
    leaf("MACHINE", 0, "MACHINE (machine.config)", "MACHINE", "server", "MACHINE");
    leaf("MACHINE/WEBROOT", 0, "WEBROOT (root web.config)", "MACHINE/WEBROOT", "server", "MACHINE/WEBROOT");
    leaf("MACHINE/WEBROOT/APPHOST", 0, "APPHOST (applicationHost.config)", "MACHINE/WEBROOT/APPHOST", "server", "MACHINE/WEBROOT/APPHOST");
    const f = this.filterBox.value.trim().toLowerCase();
    const sites = f
      ? this.sites.filter(
          (s) =>
            s.name.toLowerCase().includes(f) ||
            s.bindings.some((b) => b.bindingInformation.toLowerCase().includes(f)) ||
            s.applications.some((a) => a.path.toLowerCase().includes(f)),
        )
      : this.sites;
    this.count.textContent = f ? `${sites.length} of ${this.sites.length}` : "";
    for (const s of sites) {
      const sk = s.name.toLowerCase();
      const isOpen = this.open.has(sk);
      const toggle = (o?: boolean) => {
        if (o ?? !this.open.has(sk)) this.open.add(sk);
        else this.open.delete(sk);
        this.rebuild();
      };
      const cp = sitePath(s.name);
      this.keyOf.set(cp.toLowerCase(), "s:" + sk);
      rows.push({
        key: "s:" + sk,
        depth: 0,
        render: (el) => {
          el.classList.add("site");
          if (cp.toLowerCase() === cur) el.classList.add("current");
          el.title = `${s.name} (id ${s.id}) ${s.bindings.map((b) => b.protocol + " " + b.bindingInformation).join(", ")}`;
          el.setAttribute("aria-expanded", String(isOpen));
          el.append(
            h("button", { type: "button", class: "vl-twisty", tabindex: "-1", "aria-label": isOpen ? "collapse" : "expand", on: { click: () => toggle() } }, isOpen ? "▾" : "▸"),
            h("span", { class: "kind" }, "site"),
            h("span", null, s.name),
            h("span", { class: "muted small" }, ` ${s.bindings[0] ? s.bindings[0].protocol + " " + s.bindings[0].bindingInformation : ""}`),
          );
        },
        activate: () => this.onPick(cp),
        toggle,
      });
      if (!isOpen) continue;
      for (const a of s.applications) {
        const acp = sitePath(s.name, a.path);
        if (a.path !== "/") leaf("a:" + acp.toLowerCase(), 1, a.path, acp, "app", `application ${a.path} (pool ${a.applicationPool})`);
        for (const v of a.virtualDirectories) {
          if (v.path === "/") continue;
          const rel = a.path.replace(/\/$/, "") + v.path;
          const vcp = sitePath(s.name, rel);
          leaf("v:" + vcp.toLowerCase(), a.path === "/" ? 1 : 2, v.path, vcp, "vdir", `virtual directory ${rel} → ${v.physicalPath}`);
        }
      }
    }
    this.list.setRows(rows);
  }

  /** Expands the site holding configPath and selects its row. */
  revealPath(cp: string): void {
    const m = /^MACHINE\/WEBROOT\/APPHOST\/([^/]+)/i.exec(cp);
    if (m) this.open.add(m[1].toLowerCase());
  }
}

/** Whether two file lists show the same rows (path, counts, stand-in). */
function sameFiles(a: FileInfo[], b: FileInfo[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i],
      y = b[i];
    if (x.path !== y.path || x.errors !== y.errors || x.warnings !== y.warnings || !!x.builtin !== !!y.builtin) return false;
  }
  return true;
}

function kindIcon(kind: string): string {
  return kind === "server" ? "level" : kind === "app" ? "app" : kind === "vdir" ? "vdir" : "";
}
