// share.ts: Share (a link carrying the whole workspace in its hash, after
// the user chose which of the secrets found in it to redact: dialogs/
// secrets.ts) and Export (the workspace as a txtar bundle download).
// Loaded on first use.
import { h, download } from "../dom";
import { encodeState } from "../share";
import { formatTxtar } from "../txtar";
import type { AppHost } from "../app/host";
import { openDialog } from "./dialog";
import { reviewSecrets } from "./secrets";

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
  const hash = await encodeState(review.state);
  const url = location.origin + location.pathname + "#" + hash;
  // Unredacted, the link is the workspace, and the address bar may carry
  // it. Redacted, it is not: the workspace keeps its values (a reload
  // would otherwise open the redacted link instead), and only the copy
  // that leaves is redacted.
  if (review.redacted === 0) history.replaceState(null, "", "#" + hash);
  const n = review.redacted;
  const what = n ? ` ${n} secret${n === 1 ? "" : "s"} redacted in the link; your workspace is unchanged.` : "";
  try {
    await navigator.clipboard.writeText(url);
    app.notify(`Share link copied (${Math.round(url.length / 1024)} KB). It carries the whole workspace; nothing is uploaded.${what}`);
  } catch {
    if (review.redacted === 0) app.notify("The share link is in the address bar (clipboard not available).");
    else showLink(url, what);
  }
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

/** Downloads the workspace as a bundle (the engine writes it; the page's copy if it cannot). */
export async function exportBundle(app: AppHost): Promise<void> {
  const st = app.workspace.state();
  let text: string;
  try {
    const edits = app.workspace.takeEdits();
    if (edits.length) await app.engine.edit(edits);
    text = (await app.engine.bundle())?.text ?? formatTxtar({ comment: "", files: st.files, env: st.env });
  } catch (e) {
    app.notify("Export: " + (e as Error).message);
    return;
  }
  download(text, "iisconf-workspace.txtar");
}
