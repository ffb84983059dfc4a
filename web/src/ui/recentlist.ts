// recentlist.ts: the Recent workspaces dialog (the header's Recent
// button). Each workspace replaced by a sample, a link, an import, Reset or
// a restore is listed with its name, when it was replaced and its file
// count; one click on it brings it back (the workspace it replaces is kept
// in the list in turn).
import { h, clear } from "../dom";
import type { RecentMeta } from "../recent";
import { openDialog } from "../dialogs/dialog";

export interface RecentListHost {
  list(): Promise<RecentMeta[]>;
  remove(id: string): Promise<void>;
  /** Restores an entry (the dialog is closed first). */
  open(entry: RecentMeta): Promise<void>;
}

/** "3 minutes ago", "yesterday", … */
export function ago(t: number, now = Date.now()): string {
  const s = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const abs = Math.abs(s);
  if (abs < 60) return rtf.format(s, "second");
  if (abs < 3600) return rtf.format(Math.round(s / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(s / 3600), "hour");
  return rtf.format(Math.round(s / 86400), "day");
}

export async function showRecent(host: RecentListHost): Promise<void> {
  const list = h("ul", { class: "sample-list recent-list", testid: "recent-workspaces", "aria-label": "recent workspaces" });
  const note = h("p", { class: "muted small", "aria-live": "polite" });
  let chosen: RecentMeta | null = null;
  const d = openDialog({
    title: "Recent workspaces",
    testid: "recent-dialog",
    description:
      "Every workspace replaced by a sample, a link, an import, Reset or a restore is kept here, in this browser. Click one to bring it back: the workspace it replaces is kept here in turn.",
    body: [note, list],
    buttons: [{ label: "Close", value: "cancel", testid: "recent-close" }],
  });
  const fill = async () => {
    let entries: RecentMeta[];
    try {
      entries = await host.list();
    } catch (e) {
      note.textContent = "Recent workspaces could not be read: " + (e as Error).message;
      return;
    }
    clear(list);
    note.textContent = entries.length ? "" : "No workspace has been replaced in this browser yet.";
    for (const e of entries) {
      const when = new Date(e.savedAt);
      list.appendChild(
        h(
          "li",
          null,
          h(
            "button",
            {
              type: "button",
              class: "sample recent-open",
              "data-workspace": e.id,
              title: `Restore “${e.name}” (replaced ${when.toLocaleString()})`,
              on: {
                click: () => {
                  chosen = e;
                  d.close("open");
                },
              },
            },
            h("strong", null, e.name),
            h("span", { class: "muted small" }, ` ${ago(e.savedAt)} · ${e.files} file${e.files === 1 ? "" : "s"}${e.path ? " · " + e.path : ""}`),
          ),
          h(
            "button",
            {
              type: "button",
              class: "recent-remove",
              "aria-label": `Remove “${e.name}” from the list`,
              title: "Remove from the list",
              on: {
                click: async () => {
                  await host.remove(e.id);
                  await fill();
                },
              },
            },
            "×",
          ),
        ),
      );
    }
    (list.querySelector("button.recent-open") as HTMLButtonElement | null)?.focus();
  };
  await fill();
  if ((await d.result) === "open" && chosen) await host.open(chosen);
}
