// share.ts: Share (a link carrying the whole workspace in its hash, after a
// warning when the files hold secrets) and Export (the workspace as a txtar
// bundle download). Loaded on first use.
import { h, baseName, download } from "../dom";
import { encodeState, findSecrets, redactSecrets } from "../share";
import { formatTxtar } from "../txtar";
import type { AppHost } from "../app/host";
import { openDialog } from "./dialog";

type Secret = { path: string; line: number; kind: string };

export async function share(app: AppHost): Promise<void> {
  const ws = app.workspace;
  const secrets = findSecrets(ws.state().files);
  if (secrets.length) {
    const choice = await secretsDialog(secrets);
    if (choice === "cancel") return;
    if (choice === "redact") {
      for (const f of ws.files) {
        const red = redactSecrets(ws.text(f));
        if (red !== f.text) ws.setText(f.path, red); // undoable
      }
    }
  }
  const hash = await encodeState(ws.state());
  const url = location.origin + location.pathname + "#" + hash;
  history.replaceState(null, "", "#" + hash);
  try {
    await navigator.clipboard.writeText(url);
    app.notify(`Share link copied (${Math.round(url.length / 1024)} KB). It carries the whole workspace; nothing is uploaded.`);
  } catch {
    app.notify("The share link is in the address bar (clipboard not available).");
  }
}

async function secretsDialog(secrets: Secret[]): Promise<string> {
  const d = openDialog({
    title: "This workspace contains secrets",
    testid: "secrets-dialog",
    description: "A share link carries every file. These look like secrets:",
    body: [
      h("ul", { class: "secret-list" }, secrets.slice(0, 12).map((s) => h("li", null, `${baseName(s.path)}:${s.line} — ${s.kind}`))),
      secrets.length > 12 ? h("p", { class: "muted small" }, `…and ${secrets.length - 12} more`) : null,
    ],
    buttons: [
      { label: "Cancel", value: "cancel" },
      { label: "Share anyway", value: "share", testid: "share-anyway" },
      { label: "Redact secrets and share", value: "redact", primary: true, testid: "redact-secrets" },
    ],
  });
  return d.result;
}

/** Downloads the workspace as a bundle (the engine writes it; the page's copy if it cannot). */
export async function exportBundle(app: AppHost): Promise<void> {
  const st = app.workspace.state();
  const edits = app.workspace.takeEdits();
  for (const e of edits) await app.engine.setFile(e.path, e.text);
  const r = await app.engine.bundle();
  if (r && r.error) {
    app.notify("Export: " + r.error);
    return;
  }
  download(r?.text ?? formatTxtar({ comment: "", files: st.files, env: st.env }), "iisconf-workspace.txtar");
}
