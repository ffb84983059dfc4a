// shortlink.ts: short share links, offered only when the playground is
// served by its Cloudflare Worker (wasm/worker, wrangler.toml). The page
// the Worker serves carries <meta name="iisconf-share-api"> (added when
// `go run ./build worker` stages the assets); only then is GET /api/health
// asked, and it must answer {"service":"iisconf","ok":true}. Anywhere else
// (the local `go run ./build serve`, a plain static host) the page asks
// nothing of an API that is not there, and nothing here shows.
//
// "Short link" (beside Share) shows exactly what will be uploaded, redacts
// secrets unless the user opts out, POSTs the state to /api/share and
// copies the returned /s/{id} link. Opening /s/{id} makes the Worker
// redirect to /?share={id}, which installShortLink then loads.
//
// Wiring (web/src/main.ts): void app.start().then(() => installShortLink(app));
import type { State } from "./engine/protocol";
import { h, baseName } from "./dom";
import { findSecrets, redactSecrets, validateState } from "./share";

/** What installShortLink needs from the playground (App, web/src/app/app.ts). */
export interface ShortLinkHost {
  state(): State;
  loadState(s: State): Promise<void>;
  notify(msg: string): void;
}

/** The Worker's limit on an uploaded state (wasm/worker/share.MaxBody). */
export const MAX_SHARE_BYTES = 512 * 1024;

const ID = /^[a-z2-7]{20}$/;

/** Whether this page is served by the playground's Worker. */
export async function servedByWorker(): Promise<boolean> {
  if (!document.querySelector('meta[name="iisconf-share-api"]')) return false;
  try {
    const r = await fetch("/api/health", { cache: "no-store", headers: { accept: "application/json" } });
    if (!r.ok || !(r.headers.get("content-type") ?? "").startsWith("application/json")) return false;
    const j = await r.json();
    return j?.service === "iisconf" && j?.ok === true;
  } catch {
    return false;
  }
}

/**
 * Installs short links once the playground has loaded: opens a pending
 * /?share={id}, and adds the "Short link" button after the Share button.
 * Resolves whether the Worker was found.
 */
export async function installShortLink(app: ShortLinkHost): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const pending = params.get("share");
  if (!(await servedByWorker())) {
    if (pending) app.notify("This short link needs the playground's server, which is not reachable.");
    return false;
  }
  const share = document.querySelector('[data-testid="share"]');
  if (share && !document.querySelector('[data-testid="short-link"]')) {
    share.after(
      h(
        "button",
        { type: "button", testid: "short-link", title: "Create short link: upload the workspace and copy a short /s/… link", on: { click: () => void createDialog(app) } },
        "Short link",
      ),
    );
  }
  if (pending) await openShare(app, pending, params);
  return true;
}

async function openShare(app: ShortLinkHost, id: string, params: URLSearchParams): Promise<void> {
  // Drop ?share= first: after this, autosave holds the workspace, and a
  // reload must not replace the user's edits with the share again.
  params.delete("share");
  const q = params.toString();
  history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
  if (!ID.test(id)) {
    app.notify("This short link could not be opened: it is not a valid link.");
    return;
  }
  try {
    const r = await fetch("/api/share/" + id, { headers: { accept: "application/json" } });
    if (!r.ok) throw new Error(await errorText(r));
    const st = validateState(await r.json());
    await app.loadState(st);
    app.notify(`Opened short link ${id} (${st.files.length} file${st.files.length === 1 ? "" : "s"}).`);
  } catch (e) {
    app.notify("This short link could not be opened: " + (e as Error).message);
  }
}

async function errorText(r: Response): Promise<string> {
  try {
    const j = await r.json();
    if (typeof j?.error === "string") return j.error;
  } catch {}
  return `HTTP ${r.status}`;
}

/** The state as it will be uploaded: secrets redacted unless opted out. */
export function uploadState(st: State, redact: boolean): State {
  if (!redact) return st;
  return { ...st, files: st.files.map((f) => ({ ...f, text: redactSecrets(f.text) })) };
}

function createDialog(app: ShortLinkHost): void {
  const st = app.state();
  const secrets = findSecrets(st.files);
  const redact = h("input", { type: "checkbox", id: "short-link-redact", testid: "short-link-redact", checked: true });
  const preview = h("textarea", { readonly: true, rows: 12, spellcheck: false, testid: "short-link-preview", "aria-label": "what will be uploaded" });
  const size = h("p", { class: "small", testid: "short-link-size" });
  const result = h("div", { testid: "short-link-result", "aria-live": "polite" });
  const create = h("button", { type: "button", class: "primary", testid: "short-link-create" }, "Upload and copy link");
  let body = "";
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
  const dlg = h(
    "dialog",
    { class: "dialog", testid: "short-link-dialog", "aria-labelledby": "short-link-title" },
    h("h2", { id: "short-link-title" }, "Create short link"),
    h(
      "p",
      null,
      "This uploads the workspace below to this site, where anyone with the link can open it. Shares cannot be changed or deleted. (Share, beside this button, makes a link that carries the workspace itself, uploading nothing.)",
    ),
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
    h(
      "div",
      { class: "row end" },
      h("button", { type: "button", testid: "short-link-close", on: { click: () => dlg.close() } }, "Close"),
      create,
    ),
  );
  create.addEventListener("click", async () => {
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
  });
  dlg.addEventListener("close", () => dlg.remove());
  update();
  document.body.appendChild(dlg);
  dlg.showModal();
}

function kib(n: number): string {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KiB`;
}
