// import.ts: bringing files into the workspace. The Import dialog (paste a
// bundle, or choose files, a folder or a zip), and the importers behind it
// and behind drag-and-drop and paste (app.ts installs those listeners and
// loads this module when something arrives). Loaded on first use.
import type { FileState } from "../engine/protocol";
import { h, samePath } from "../dom";
import { parseTxtar, looksLikeTxtar } from "../txtar";
import { readZip, decodeText, zipNameToPath } from "../zip";
import type { AppHost } from "../app/host";
import { folderPath } from "./files";
import { openDialog } from "./dialog";

export async function importDialog(app: AppHost): Promise<void> {
  const ta = h("textarea", { rows: 10, testid: "import-text", "aria-label": "bundle text", placeholder: "-- C:\\inetpub\\wwwroot\\web.config --\n<configuration>…" });
  const input = h("input", { type: "file", multiple: true, testid: "import-files", "aria-label": "choose files or a zip" });
  const dir = h("input", { type: "file", multiple: true, "aria-label": "choose a folder" });
  dir.setAttribute("webkitdirectory", "");
  const replaceBox = h("input", { type: "checkbox", checked: true, id: "imp-replace" });
  const d = openDialog({
    title: "Import",
    testid: "import-dialog",
    description: "Paste a txtar bundle, or choose files: a bundle (.txtar), .config files, a folder, or a zip of a server's inetsrv\\config folder and site folders. You can also drop any of these on the page.",
    body: [
      ta,
      h("div", { class: "row" }, h("label", null, "Files or zip ", input), h("label", null, "Folder ", dir)),
      h("label", { class: "check", for: "imp-replace" }, replaceBox, " replace the workspace (otherwise files are added over it)"),
    ],
    buttons: [
      { label: "Cancel", value: "cancel" },
      { label: "Import", value: "import", primary: true, testid: "import-go" },
    ],
    initialFocus: ta,
  });
  if ((await d.result) !== "import") return;
  const text = ta.value;
  const files = [...(input.files ?? []), ...(dir.files ?? [])];
  if (text.trim()) await importText(app, text, replaceBox.checked);
  if (files.length) await importFiles(app, files, replaceBox.checked && !text.trim());
}

/** Imports pasted or dropped text: a bundle, or one config file placed by its content. */
export async function importText(app: AppHost, text: string, replaceAll: boolean): Promise<void> {
  let files: FileState[];
  let env: Record<string, string> | undefined;
  if (looksLikeTxtar(text) && text.length > 1_000_000) {
    // A hosting server's bundle: parse it here rather than parse the
    // engine's megabytes of JSON answer in one main-thread task.
    ({ files, env } = parseTxtar(text));
  } else if (looksLikeTxtar(text)) {
    const r = await app.engine.parseBundle(text);
    if (r && r.error) {
      app.notify("Bundle not imported: " + r.error);
      return;
    }
    ({ files, env } = r && r.files ? { files: r.files, env: r.env } : parseTxtar(text));
  } else if (/^\s*</.test(text)) {
    // A single config file: guess its place from its content.
    const p = /<system\.applicationHost>/.test(text)
      ? "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config"
      : ((await folderWebConfig(app)) ?? "C:\\inetpub\\wwwroot\\web.config");
    files = [{ path: p, text }];
  } else {
    app.notify("That text is neither a bundle (-- path -- headers) nor a config file.");
    return;
  }
  await mergeImport(app, files, env, replaceAll);
}

/** The web.config of the folder the chosen path maps to, if it maps to one. */
async function folderWebConfig(app: AppHost): Promise<string | null> {
  const r = await app.engine.folderOf(folderPath(app));
  return r && !r.error && r.webConfig ? r.webConfig : null;
}

/** Imports chosen or dropped files: zips, bundles and config files. */
export async function importFiles(app: AppHost, list: File[], replaceAll: boolean): Promise<void> {
  const out: FileState[] = [];
  let env: Record<string, string> | undefined;
  const skipped: string[] = [];
  for (const f of list) {
    const buf = await f.arrayBuffer();
    const u8 = new Uint8Array(buf);
    const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
    if (u8[0] === 0x50 && u8[1] === 0x4b) {
      try {
        for (const e of await readZip(buf)) {
          const p = zipNameToPath(e.name);
          if (p) out.push({ path: p, text: decodeText(e.data) });
          else skipped.push(e.name);
        }
      } catch (e) {
        app.notify(`${f.name}: ${(e as Error).message}`);
      }
      continue;
    }
    const text = decodeText(u8);
    if (/\.txtar$/i.test(f.name) || looksLikeTxtar(text)) {
      const b = parseTxtar(text);
      out.push(...b.files);
      env = b.env ?? env;
      continue;
    }
    let p = zipNameToPath(rel);
    if (p && /^web\.config$/i.test(rel)) p = (await folderWebConfig(app)) ?? p;
    if (p) out.push({ path: p, text });
    else skipped.push(rel);
  }
  if (skipped.length) app.notify(`Skipped ${skipped.length} file(s) that are not configuration files: ${skipped.slice(0, 5).join(", ")}${skipped.length > 5 ? "…" : ""}`);
  if (out.length) await mergeImport(app, out, env, replaceAll);
}

/**
 * Loads imported files: replacing the workspace (a bundle without
 * applicationHost.config is laid over the stock server) or laid over it.
 */
export async function mergeImport(app: AppHost, files: FileState[], env: Record<string, string> | undefined, replaceAll: boolean): Promise<void> {
  const st = app.workspace.state();
  let merged: FileState[];
  if (replaceAll) {
    merged = files;
    if (!files.some((f) => /applicationhost\.config$/i.test(f.path))) {
      const stock = await app.engine.stock();
      merged = [...(stock?.files ?? []).filter((s) => !files.some((f) => samePath(f.path, s.path))), ...files];
    }
  } else {
    merged = [...st.files.filter((s) => !files.some((f) => samePath(f.path, s.path))), ...files];
  }
  await app.loadState({ version: 1, files: merged, env: env ?? (replaceAll ? {} : st.env), path: st.path, view: { ...app.workspace.view, sample: undefined, sampleStep: undefined } });
  app.notify(`Imported ${files.length} file(s).`);
}
