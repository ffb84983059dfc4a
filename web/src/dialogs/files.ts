// files.ts: the file actions of the Files and Sites tabs (add, rename,
// delete, "Add web.config here") and Reset, each asking through the dialog
// helper. Loaded on first use.
import type { Diagnostic } from "../model";
import { dirName } from "../dom";
import type { AppHost } from "../app/host";
import { DEFAULT_PATH } from "../app/workspace";
import { askText, confirmAction } from "./dialog";

export const EMPTY_CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
    </system.webServer>
</configuration>
`;

export function fileAction(app: AppHost, which: "add" | "rename" | "delete" | "webconfig"): Promise<void> {
  switch (which) {
    case "add":
      return addFile(app);
    case "rename":
      return renameFile(app);
    case "delete":
      return deleteFile(app);
    case "webconfig":
      return addWebConfigHere(app);
  }
}

/** Adds a file (or opens it when it exists) and shows it in the editor, focused (on a phone the editor column comes forward). */
export async function addAndOpen(app: AppHost, path: string, text = EMPTY_CONFIG): Promise<void> {
  const existing = app.workspace.find(path);
  if (!existing) await app.workspace.add(path, text);
  app.jump(existing?.path ?? path, 1);
}

async function addFile(app: AppHost): Promise<void> {
  const open = app.editors.openPath;
  const base = open ? dirName(open) + "\\" : "C:\\inetpub\\wwwroot\\";
  const p = (
    await askText({
      title: "Add a file",
      label: "Windows path of the new file (web.config, applicationHost.config, machine.config, schema\\*.xml):",
      value: base + "web.config",
      ok: "Add",
    })
  )?.trim();
  if (!p) return;
  if (!/^([a-z]:\\|\\\\)/i.test(p)) {
    app.notify("Give an absolute Windows path, such as C:\\inetpub\\wwwroot\\app1\\web.config.");
    return;
  }
  await addAndOpen(app, p);
}

async function renameFile(app: AppHost): Promise<void> {
  const from = app.editors.openPath;
  if (!from) return;
  const to = (await askText({ title: "Rename the file", label: "New path:", value: from, ok: "Rename" }))?.trim();
  if (!to || to === from) return;
  const err = app.workspace.rename(from, to);
  if (err) app.notify(err);
}

async function deleteFile(app: AppHost): Promise<void> {
  const p = app.editors.openPath;
  if (!p || !(await confirmAction({ title: "Delete the file", message: `Delete ${p}?`, ok: "Delete" }))) return;
  app.workspace.remove(p);
  const next = app.workspace.defaultFile();
  if (next) app.openFile(next);
}

/** Creates (or opens) the web.config of the folder the chosen path maps to. */
async function addWebConfigHere(app: AppHost): Promise<void> {
  const path = app.workspace.path;
  const r = await app.engine.folderOf(folderPath(app));
  if (!r) return;
  if (r.error || !r.webConfig) {
    app.notify(
      r.error
        ? `Cannot map "${path}": ${typeof r.error === "string" ? r.error : (r.error as Diagnostic).message}`
        : `"${path}" maps to no folder (no virtual directory matches): use a <location> tag in a parent file.`,
    );
    return;
  }
  await addAndOpen(app, r.webConfig);
  app.showLeft("files");
}

/**
 * The config path whose folder holds the chosen path's web.config: a URL
 * that names a file (page.aspx) is configured by the web.config of the
 * folder holding it.
 */
export function folderPath(app: AppHost): string {
  const cp = app.result?.configPath ?? app.workspace.path;
  const seg = cp.slice(cp.lastIndexOf("/") + 1);
  return cp.split("/").length > 4 && /\.[a-z0-9]{1,8}$/i.test(seg) ? cp.slice(0, cp.lastIndexOf("/")) : app.workspace.path;
}

/**
 * Replaces the workspace with the stock server. The one replaced is kept in
 * Recent workspaces, and the user is asked first when it holds edits no
 * link or export has (app/replace.ts).
 */
export async function resetStock(app: AppHost): Promise<void> {
  const stock = await app.engine.stock();
  if (!stock) return;
  const st = { version: 1 as const, files: stock.files, env: stock.env ?? {}, path: DEFAULT_PATH, view: { panel: "effective" } };
  if (await app.replaceWorkspace(st, { origin: "stock", label: "Stock server", incoming: "the stock IIS 10 server (Reset)" })) {
    app.notify("The workspace is the stock IIS 10 server again; the one it replaced is in Recent workspaces.");
  }
}
