// backups.ts: the Backups panel. Lists the configuration
// backups (`appcmd add backup`, folders under inetsrv\backup) and the
// configuration history snapshots (CFGHISTORY_nnnnnnnnnn, made after
// writes the way AppHostSvc does) with their times; picking one shows what
// restoring it would change, file by file (a unified diff of the current
// file against the snapshot's copy), and Restore runs `appcmd restore
// backup` on it, takes the changed files and re-evaluates. A site can be
// exported as a bundle file from here too.
//
// Loaded on first show (panels/index.ts); the ops run in tools.wasm.
import type { BackupInfo } from "../gen/tools";
import { h, clear, download, localNow } from "../dom";
import type { AppHost } from "../app/host";
import type { Panel } from "../app/panels";
import { applyWrite, flushEdits, undoLog } from "./writes";
import { confirmAction } from "../dialogs/dialog";

const MAX_DIFF_LINES = 3000;

export class BackupsPanel implements Panel {
  readonly root: HTMLElement;
  private list: HTMLElement;
  private diff: HTMLElement;
  private restoreBtn: HTMLButtonElement;
  private siteSelect: HTMLSelectElement;
  private chosen = "";
  private items: BackupInfo[] = [];

  constructor(private app: AppHost) {
    this.list = h("ul", { class: "backups-list", testid: "backups-list", "aria-label": "backups and configuration history" });
    this.diff = h("pre", { class: "pool-file backup-diff", testid: "backup-diff", tabindex: 0 });
    this.restoreBtn = h(
      "button",
      { type: "button", testid: "backup-restore", disabled: true, on: { click: () => void this.restore() } },
      "Restore",
    );
    this.siteSelect = h("select", { "aria-label": "site to export" });
    this.root = h(
      "div",
      { class: "backups-view", testid: "backups-view" },
      h(
        "p",
        { class: "small muted" },
        "Backups (appcmd add backup) and configuration history snapshots (taken after changes to applicationHost.config). Pick one to see what restoring it would change.",
      ),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", title: "Read the list again", on: { click: () => void this.reload() } }, "Refresh"),
        this.restoreBtn,
        h("span", { class: "spacer" }),
        h("label", null, "Export site ", this.siteSelect),
        h("button", { type: "button", testid: "site-export", title: "Download the site, its application pools, location tags and web.config files as a bundle", on: { click: () => void this.exportSite() } }, "Export"),
      ),
      this.list,
      this.diff,
    );
  }

  /** The list is read again each time the tab is shown. */
  shown(): void {
    void this.reload();
  }

  async reload(): Promise<void> {
    // The first read loads appcmd's part of the engine (tools.wasm).
    if (this.list.childElementCount === 0) this.list.appendChild(h("li", { class: "muted" }, "Reading the backups…"));
    await flushEdits(this.app);
    let items: BackupInfo[] | null;
    try {
      items = await this.app.engine.backups();
    } catch (e) {
      clear(this.list);
      this.list.appendChild(h("li", { class: "err" }, "The backups could not be read: " + (e as Error).message));
      return;
    }
    if (!items) return;
    this.items = items;
    clear(this.list);
    if (items.length === 0) {
      this.list.appendChild(h("li", { class: "muted" }, "No backups yet. Run appcmd add backup in the AppCmd tab, or change applicationHost.config through appcmd to start the configuration history."));
    }
    for (const b of items) {
      const li = h(
        "li",
        { "data-backup": b.name },
        h(
          "button",
          { type: "button", class: "src", "aria-pressed": String(b.name === this.chosen), on: { click: () => void this.pick(b.name) } },
          b.name,
        ),
        " ",
        h("span", { class: "muted small" }, (b.history ? "history snapshot" : "backup") + (b.created ? ", " + b.created.replace("T", " ") : "") + " — " + b.files.join(", ")),
      );
      this.list.appendChild(li);
    }
    if (this.chosen && !items.some((b) => b.name === this.chosen)) {
      this.chosen = "";
      clear(this.diff);
    }
    this.restoreBtn.disabled = !this.chosen;
    this.fillSites();
  }

  private fillSites(): void {
    const sites = this.app.siteMap?.sites.map((s) => s.name) ?? [];
    const was = this.siteSelect.value;
    clear(this.siteSelect);
    for (const s of sites) this.siteSelect.appendChild(h("option", { value: s, selected: s === was }, s));
  }

  async pick(name: string): Promise<void> {
    if (name !== this.chosen) this.root.querySelector('[data-testid="backup-restored"]')?.remove();
    this.chosen = name;
    for (const b of this.list.querySelectorAll("li[data-backup] > button")) {
      b.setAttribute("aria-pressed", String(b.parentElement?.dataset.backup === name));
    }
    this.restoreBtn.disabled = false;
    this.restoreBtn.title = `Restore "${name}": appcmd restore backup "${name}"`;
    await flushEdits(this.app);
    const r = await this.app.engine.backupDiff(name);
    if (!r || this.chosen !== name) return;
    clear(this.diff);
    this.diff.dataset.backup = name;
    if (r.error) {
      this.diff.appendChild(h("span", { class: "err" }, r.error));
      return;
    }
    let lines = 0;
    for (const f of r.files ?? []) {
      if (!f.diff) {
        this.diff.appendChild(h("div", { class: "muted" }, `${f.path}: unchanged by a restore`));
        continue;
      }
      if (f.removes) this.diff.appendChild(h("div", { class: "err" }, `${f.path}: the backup does not hold it, so a restore deletes it`));
      for (const l of f.diff.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n")) {
        if (++lines > MAX_DIFF_LINES) break;
        const cls = l.startsWith("+++") || l.startsWith("---") ? "muted" : l.startsWith("@@") ? "diff-hunk" : l.startsWith("-") ? "diff-del" : l.startsWith("+") ? "diff-add" : "";
        this.diff.appendChild(h("div", { class: ("diff-line " + cls).trim() }, l));
      }
    }
    if (lines > MAX_DIFF_LINES) this.diff.appendChild(h("div", { class: "muted" }, `… ${lines - MAX_DIFF_LINES} more lines`));
  }

  /**
   * Restores the chosen backup or snapshot after asking (the diff shows
   * what it changes). The workspace as it was is kept in Recent workspaces
   * and on the undo history the AppCmd panel shares: Undo puts it back.
   */
  private async restore(): Promise<void> {
    const name = this.chosen;
    if (!name) return;
    const history = this.items.find((b) => b.name === name)?.history ?? false;
    const ok = await confirmAction({
      title: `Restore ${history ? "history snapshot" : "backup"} “${name}”?`,
      message: "The configuration files are replaced by the copies it holds, as appcmd restore backup does (the diff below the list shows what changes). Undo puts them back.",
      ok: "Restore",
      testid: "restore-confirm",
    });
    if (!ok) return;
    await flushEdits(this.app);
    const r = await this.app.engine.backupRestore(name, localNow());
    if (!r) return;
    if (r.exitCode !== 0) {
      this.app.notify(r.output.trim() || `Restoring "${name}" failed (exit code ${r.exitCode}).`);
      return;
    }
    const changed = r.files.length > 0;
    if (changed) {
      await this.app.keepInRecent();
      const undo = await applyWrite(this.app, r.files);
      if (undo.length) undoLog(this.app).push({ line: `restore backup "${name}"`, changes: undo });
    }
    this.app.notify(r.output.trim() + (changed ? " Undo (here or in the AppCmd tab) puts the files back." : " (the files already matched it)"));
    await this.reload();
    await this.pick(name);
    if (changed) this.offerUndo(name, r.files.length);
  }

  /** "Restored …  [Undo the restore]" above the diff, until something else is picked. */
  private offerUndo(name: string, files: number): void {
    const log = undoLog(this.app);
    const mine = log.last;
    const btn = h(
      "button",
      {
        type: "button",
        testid: "backup-undo",
        on: {
          click: async () => {
            btn.disabled = true;
            if (log.last === mine) await log.undo(this.app);
            note.remove();
            await this.reload();
            if (this.chosen) await this.pick(this.chosen);
          },
        },
      },
      "Undo the restore",
    );
    const note = h("p", { class: "small", testid: "backup-restored" }, `Restored “${name}”: ${files} file${files === 1 ? "" : "s"} changed. `, btn);
    log.onChange(() => {
      if (log.last !== mine) note.remove();
    });
    this.diff.before(note);
  }

  private async exportSite(): Promise<void> {
    const site = this.siteSelect.value;
    if (!site) return;
    await flushEdits(this.app);
    const r = await this.app.engine.exportSite(site);
    if (!r) return;
    if (r.error || r.text === undefined) {
      this.app.notify(r.error ?? "The site could not be exported.");
      return;
    }
    download(r.text, site.replace(/[^A-Za-z0-9._-]+/g, "_") + ".site.txtar");
  }
}
