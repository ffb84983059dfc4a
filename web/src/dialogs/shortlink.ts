// shortlink.ts: the "Create short link" dialog (the button is added by
// web/src/shortlink.ts when the page is served by the playground's Worker).
// It shows exactly what will be uploaded, redacts secrets unless the user
// opts out, POSTs the state to /api/share and copies the /s/{id} link.
// Loaded when the button is pressed.
import type { State } from "../engine/protocol";
import { h, baseName } from "../dom";
import { findSecrets, redactSecrets } from "../share";
import { errorText, type ShortLinkHost } from "../shortlink";
import { openDialog } from "./dialog";

/** The Worker's limit on an uploaded state (wasm/worker/share.MaxBody). */
export const MAX_SHARE_BYTES = 512 * 1024;

const ID = /^[a-z2-7]{20}$/;

/** The state as it will be uploaded: secrets redacted unless opted out. */
export function uploadState(st: State, redact: boolean): State {
  if (!redact) return st;
  return { ...st, files: st.files.map((f) => ({ ...f, text: redactSecrets(f.text) })) };
}

export function createDialog(app: ShortLinkHost): void {
  const st = app.state();
  const secrets = findSecrets(st.files);
  const redact = h("input", { type: "checkbox", id: "short-link-redact", testid: "short-link-redact", checked: true });
  const preview = h("textarea", { readonly: true, rows: 12, spellcheck: false, testid: "short-link-preview", "aria-label": "what will be uploaded" });
  const size = h("p", { class: "small", testid: "short-link-size" });
  const result = h("div", { testid: "short-link-result", "aria-live": "polite" });
  let body = "";
  const d = openDialog({
    title: "Create short link",
    testid: "short-link-dialog",
    description:
      "This uploads the workspace below to this site, where anyone with the link can open it. Shares cannot be changed or deleted. (Share, beside this button, makes a link that carries the workspace itself, uploading nothing.)",
    body: [
      secrets.length
        ? [
            h("p", null, `${secrets.length} value(s) look like secrets:`),
            h("ul", { class: "secret-list" }, secrets.slice(0, 12).map((s) => h("li", null, `${baseName(s.path)}:${s.line} — ${s.kind}`))),
            secrets.length > 12 ? h("p", { class: "muted small" }, `…and ${secrets.length - 12} more`) : null,
          ]
        : h("p", { class: "muted small" }, "No secrets detected."),
      h("label", { class: "check", for: "short-link-redact" }, redact, " Redact secrets (passwords, connection strings, keys) in the upload; your workspace is not changed"),
      size,
      h("details", null, h("summary", null, "Exactly what will be uploaded"), preview),
      result,
    ],
    buttons: [
      { label: "Close", value: "close", testid: "short-link-close" },
      { label: "Upload and copy link", value: "create", primary: true, testid: "short-link-create", act: () => void upload() },
    ],
    initialFocus: redact,
  });
  const create = d.buttons[1];
  const update = () => {
    body = JSON.stringify(uploadState(st, redact.checked));
    preview.value = JSON.stringify(JSON.parse(body), null, 1);
    const bytes = new TextEncoder().encode(body).length;
    const over = bytes > MAX_SHARE_BYTES;
    size.textContent = over
      ? `${kib(bytes)} is over the ${kib(MAX_SHARE_BYTES)} limit of short links: use Share (the link carries the workspace) or Export.`
      : `${kib(bytes)} will be uploaded: ${st.files.length} file(s), path "${st.path}", ${Object.keys(st.env ?? {}).length} environment override(s), the view.`;
    create.disabled = over;
  };
  redact.addEventListener("change", update);
  const upload = async () => {
    create.disabled = true;
    redact.disabled = true;
    result.textContent = "Uploading…";
    try {
      const r = await fetch("/api/share", { method: "POST", headers: { "content-type": "application/json" }, body });
      if (!r.ok) throw new Error(await errorText(r));
      const j = await r.json();
      if (typeof j?.url !== "string" || !ID.test(j?.id)) throw new Error("unexpected answer from the server");
      const link = h("input", { type: "text", readonly: true, value: j.url, testid: "short-link-url", "aria-label": "short link", on: { focus: (e: FocusEvent) => (e.target as HTMLInputElement).select() } });
      let copied = false;
      try {
        await navigator.clipboard.writeText(j.url);
        copied = true;
      } catch {}
      result.replaceChildren(h("p", null, copied ? "Short link copied:" : "Short link (copy it):"), link);
      app.notify(copied ? "Short link copied: " + j.url : "Short link created: " + j.url);
      link.focus();
    } catch (e) {
      result.textContent = "The short link could not be created: " + (e as Error).message;
      create.disabled = false;
      redact.disabled = false;
    }
  };
  update();
}

function kib(n: number): string {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KiB`;
}
