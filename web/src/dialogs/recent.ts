// recent.ts: the Recent workspaces dialog of the header's Recent button
// (ui/recentlist.ts draws it; recent.ts at the top level keeps the list).
// Restoring one replaces the workspace like any other replace: the one it
// replaces is kept in the list, and asked about when it holds edits.
import type { AppHost } from "../app/host";
import { RecentStore } from "../recent";
import { showRecent } from "../ui/recentlist";

export function openRecent(app: AppHost): Promise<void> {
  const store = new RecentStore();
  return showRecent({
    list: () => store.list(),
    remove: (id) => store.remove(id),
    async open(e) {
      const st = await store.open(e.id);
      if (!st) {
        app.notify(`“${e.name}” is no longer in Recent workspaces.`);
        return;
      }
      const name = e.name.replace(/ \(edited\)$/, "");
      if (await app.replaceWorkspace(st, { origin: "recent", label: name, incoming: `“${e.name}” from Recent workspaces`, edited: e.edited })) {
        app.notify(`Restored “${e.name}” (${e.files} file${e.files === 1 ? "" : "s"}).`);
      }
    },
  });
}
