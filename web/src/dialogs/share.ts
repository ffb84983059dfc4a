// share.ts: Share (a link carrying the workspace in its hash) and Export
// (the workspace as a txtar bundle download), each after the user chose
// which of the secrets found in it to redact (dialogs/secrets.ts). Loaded
// on first use.
//
// Links are #v2 (hashlink.ts): the workspace as its changes against the
// stock server, backups and history snapshots left out unless the user
// asks. A link over LONG_LINK characters is too long for most chat and mail
// clients: the page says so and offers a short link (where the Worker
// serves the page) or Export. An export keeps the chosen path in the
// bundle's comment, which an import reads back.
import type { State } from "../engine/protocol";
import { h, download } from "../dom";
import { encodeLink, isBackupPath, LONG_LINK } from "../hashlink";
import { formatTxtar, looksLikeTxtar } from "../txtar";
import { PATH_COMMENT } from "../importsource";
import type { AppHost } from "../app/host";
import { openDialog } from "./dialog";
import { reviewSecrets } from "./secrets";
import { servedByWorker } from "../shortlink";

export async function share(app: AppHost): Promise<void> {
  const ws = app.workspace;
  let review;
  try {
    review = await reviewSecrets(app, ws.state(), { what: "A share link carries every file and the environment", verb: "share" });
  } catch (e) {
    app.notify("Nothing was shared: " + (e as Error).message);
    return;
  }
  if (!review.go) return;
  const st = review.state;
  const stock = await app.engine.stock();
  if (!stock) return;
  const unredacted = review.redacted === 0;
  const backups = st.files.filter((f) => isBackupPath(f.path)).length;
  const link = async (includeBackups: boolean) => {
    const { hash } = await encodeLink(st, stock, { includeBackups });
    // Unredacted, the link is the workspace, and the address bar may carry
    // it. Redacted, it is not: the workspace keeps its values (a reload
    // would otherwise open the redacted link instead), and only the copy
    // that leaves is redacted.
    if (unredacted) history.replaceState(null, "", "#" + hash);
    return location.origin + location.pathname + "#" + hash;
  };
  const url = await link(false);
  // The link holds every edit (a redacted one does not hold the values it redacted).
  if (unredacted) app.markKept();
  const n = review.redacted;
  const what = n ? ` ${n} secret${n === 1 ? "" : "s"} redacted in the link; your workspace is unchanged.` : "";
  if (url.length <= LONG_LINK && !backups) {
    try {
      await navigator.clipboard.writeText(url);
      app.notify(`Share link copied (${url.length.toLocaleString()} characters). It carries the workspace; nothing is uploaded.${what}`);
    } catch {
      if (unredacted) app.notify("The share link is in the address bar (the clipboard is not available).");
      else showLink(url, what);
    }
    return;
  }
  await linkDialog(app, url, backups, link, what);
}

/** The link, to copy by hand, when the clipboard cannot take it. */
function showLink(url: string, what: string): void {
  const input = h("input", { type: "text", readonly: true, value: url, class: "path-box", testid: "share-link", "aria-label": "share link" });
  openDialog({
    title: "Share link",
    testid: "share-link-dialog",
    description: "The clipboard is not available: copy the link below." + what,
    body: [h("p", null, input)],
    buttons: [{ label: "Close", value: "close", primary: true }],
    initialFocus: input,
  });
  input.select();
}

/** The link when it needs a word: too long to paste, or backups left out. */
async function linkDialog(app: AppHost, first: string, backups: number, link: (includeBackups: boolean) => Promise<string>, what: string): Promise<void> {
  const worker = await servedByWorker();
  const field = h("input", { type: "text", class: "wide", readonly: true, testid: "share-link", "aria-label": "the share link", spellcheck: false });
  const note = h("div", { testid: "share-length", "aria-live": "polite" });
  const include = h("input", { type: "checkbox", id: "share-backups", testid: "share-include-backups" });
  const show = (url: string) => {
    field.value = url;
    const long = url.length > LONG_LINK;
    note.replaceChildren(
      h(
        "p",
        { class: long ? "err" : "" },
        long
          ? `This link is ${url.length.toLocaleString()} characters: over ${LONG_LINK.toLocaleString()}, chat and mail clients often cut it. ` +
              (worker ? "A short link (uploaded to this site) or a bundle file (Export) travels whole." : "Export the workspace as a bundle file to send it whole.")
          : `The link is ${url.length.toLocaleString()} characters.`,
      ),
    );
  };
  show(first);
  include.addEventListener("change", async () => show(await link(include.checked)));
  const d = openDialog({
    title: "Share link",
    testid: "share-dialog",
    description: "The link carries the workspace itself: nothing is uploaded." + what,
    body: [
      h("p", null, field),
      note,
      backups
        ? h(
            "label",
            { class: "check", for: "share-backups" },
            include,
            ` Include the ${backups} backup and history file${backups === 1 ? "" : "s"} (left out: they make the link longer and are rarely needed to reproduce a case)`,
          )
        : null,
    ],
    buttons: [
      { label: "Close", value: "cancel" },
      { label: "Export", value: "export", testid: "share-export", title: "Download the workspace as a bundle file" },
      ...(worker ? [{ label: "Short link", value: "short", testid: "share-short-link", title: "Upload the workspace and copy a short /s/… link" }] : []),
      { label: "Copy link", value: "copy", primary: true, testid: "share-copy" },
    ],
    initialFocus: field,
  });
  field.select();
  const choice = await d.result;
  if (choice === "copy") {
    try {
      await navigator.clipboard.writeText(field.value);
      app.notify(`Share link copied (${field.value.length.toLocaleString()} characters).`);
    } catch {
      app.notify("The clipboard is not available: copy the link from the Share dialog's field.");
    }
  } else if (choice === "export") await exportBundle(app);
  else if (choice === "short") {
    (await import("./shortlink")).createDialog({
      engine: app.engine,
      state: () => app.workspace.state(),
      replaceWorkspace: (s, from) => app.replaceWorkspace(s, from),
      notify: (m) => app.notify(m),
    });
  }
}

/**
 * Downloads the workspace as a bundle whose comment keeps the chosen path,
 * after the secrets review Share has (redacted values go out as
 * [redacted]; the workspace itself is not changed).
 */
export async function exportBundle(app: AppHost): Promise<void> {
  let review;
  try {
    review = await reviewSecrets(app, app.workspace.state(), { what: "A bundle file carries every file and the environment", verb: "export" });
  } catch (e) {
    app.notify("Nothing was exported: " + (e as Error).message);
    return;
  }
  if (!review.go) return;
  const text = await bundleText(app, review.state, review.redacted > 0);
  if (text === null) return;
  download(text, "iisconf-workspace.txtar");
  if (review.redacted === 0) app.markKept();
}

/** The bundle of st with the path in its comment; the engine writes it unless st was redacted here. */
async function bundleText(app: AppHost, st: State, redacted: boolean): Promise<string | null> {
  const comment = `iisconf playground workspace\n${PATH_COMMENT}${st.path}\n`;
  if (!redacted) {
    try {
      const edits = app.workspace.takeEdits();
      if (edits.length) await app.engine.edit(edits);
      const r = await app.engine.bundle();
      if (r?.text !== undefined) return comment + r.text;
    } catch (e) {
      app.notify("Export: " + (e as Error).message);
      return null;
    }
  }
  if (st.files.some((f) => looksLikeTxtar(f.text))) {
    app.notify("Export: a file holds a line that looks like a bundle header (-- path --), so the bundle would read back differently.");
    return null;
  }
  return formatTxtar({ comment, files: st.files, env: st.env });
}
