// import.ts: bringing files into the workspace. The Import dialog
// (ui/importdialog.ts) shows where each file goes before anything changes;
// this module gives it the engine (bundles, the sites of the workspace
// being imported) and applies its plan. Drag-and-drop and paste open the
// same dialog (app.ts). Loaded on first use.
import type { FileState, State } from "../engine/protocol";
import { samePath, isBackupPath } from "../dom";
import type { AppHost } from "../app/host";
import { isAppHost } from "../app/workspace";
import { openImportDialog, type ImportStart } from "../ui/importdialog";

/** Opens the Import dialog, with what was dropped or pasted when there is something. */
export function importDialog(app: AppHost, start: ImportStart = {}): void {
  const ws = app.workspace;
  openImportDialog(
    {
      parseBundle: (text) => app.engine.parseBundle(text),
      async sitesFor(apphost, env, replaceAll) {
        let ah: FileState | undefined = apphost ?? undefined;
        if (!ah && replaceAll) ah = (await app.engine.stock())?.files.find((f) => isAppHost(f.path));
        if (!ah) ah = ws.files.find((f) => isAppHost(f.path));
        if (!ah) return [];
        return (await app.engine.siteRootsOf([ah], { ...(replaceAll ? {} : ws.env), ...(env ?? {}) })) ?? [];
      },
      existing: () => new Set(ws.files.map((f) => f.path.toLowerCase())),
      apply: (r) => applyImport(app, r),
    },
    start,
  );
}

/**
 * Applies an import: the files replace the workspace (laid over the stock
 * server when they bring no applicationHost.config) or are added over it.
 * Afterwards the editor shows the first imported file, and a path naming a
 * site the workspace no longer has moves to its first site.
 */
export async function applyImport(
  app: AppHost,
  r: { files: FileState[]; env?: Record<string, string>; replaceAll: boolean; label: string; path?: string },
): Promise<void> {
  const ws = app.workspace;
  const st = ws.state();
  let files: FileState[];
  if (r.replaceAll) {
    files = r.files;
    if (!files.some((f) => isAppHost(f.path))) {
      const stock = await app.engine.stock();
      files = [...(stock?.files ?? []).filter((s) => !r.files.some((f) => samePath(f.path, s.path))), ...r.files];
    }
  } else {
    files = [...st.files.filter((s) => !r.files.some((f) => samePath(f.path, s.path))), ...r.files];
  }
  const next: State = {
    version: 1,
    files,
    env: r.env ?? (r.replaceAll ? {} : st.env),
    path: r.path || st.path,
    // The editor shows the first imported file (a configuration file rather than a backup copy).
    view: { ...ws.view, sample: undefined, sampleStep: undefined, file: (r.files.find((f) => !isBackupPath(f.path)) ?? r.files[0])?.path },
  };
  if (r.replaceAll) {
    if (!(await app.replaceWorkspace(next, { origin: "import", label: r.label, incoming: `the imported files (${r.label.replace(/^Import of /, "")})` }))) return;
  } else {
    await app.keepInRecent();
    await app.loadState(next);
  }
  let moved = "";
  if (app.result?.diagnostics.some((d) => d.id === "PATH_UNK")) {
    // The site map of the new workspace (app.siteMap may still be the old one's).
    const first = (await app.engine.siteMap())?.sites[0]?.name;
    if (first) {
      moved = ` The path moved to the first site, "${first}": "${ws.path}" is not in the imported workspace.`;
      app.setPath(first);
    }
  }
  app.notify(`Imported ${r.files.length} file${r.files.length === 1 ? "" : "s"}.${moved}`);
}

/**
 * Adds files over the workspace without the dialog (the metabase tool's
 * own files): the workspace is kept in Recent workspaces first.
 */
export async function mergeImport(app: AppHost, files: FileState[], env: Record<string, string> | undefined, replaceAll: boolean): Promise<void> {
  await applyImport(app, { files, env, replaceAll, label: "Import" });
}
