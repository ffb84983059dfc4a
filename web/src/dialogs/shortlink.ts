// shortlink.ts: the "Create short link" dialog (the button is added by
// web/src/shortlink.ts when the page is served by the playground's Worker).
// It lists the secrets the scanner finds (web/src/secrets.ts), each ticked
// to be redacted in the upload (the user's workspace is not changed),
// shows exactly what will be uploaded, POSTs it to /api/share and copies
// the /s/{id} link. A state that keeps secrets is sent with the header
// saying the user chose so; the Worker refuses one that holds secrets
// without it (422, with its own list, shown here). Loaded when the button
// is pressed.
import type { State } from "../engine/protocol";
import { h, replace } from "../dom";
import { findSecrets, redactSecrets, describeFinding, type SecretFinding } from "../secrets";
import { errorText, type ShortLinkHost } from "../shortlink";
import { openDialog } from "./dialog";
import { secretChoices, countSecrets, lookLikeSecrets, type SecretChoices } from "./secrets";

// The Worker's limits (wasm/worker/share/state.go; its tests check these
// agree).
export const MAX_SHARE_BYTES = 512 * 1024;
export const MAX_FILE_BYTES = 384 * 1024;
export const MAX_FILES = 500;

/** The header that says the user chose to upload the secrets left in (share.ShareSecretsHeader). */
const CONFIRM_HEADER = "Iisconf-Share-Secrets";

const ID = /^[a-z2-7]{20}$/;

export function createDialog(app: ShortLinkHost): void {
  const st = app.state();
  const secretsBox = h("div", { testid: "short-link-secrets", "aria-live": "polite" }, h("p", { class: "muted small" }, "Checking the workspace for secrets…"));
  const preview = h("textarea", { readonly: true, rows: 12, spellcheck: false, testid: "short-link-preview", "aria-label": "what will be uploaded" });
  const size = h("p", { class: "small", testid: "short-link-size" });
  const result = h("div", { testid: "short-link-result", "aria-live": "polite" });
  const d = openDialog({
    title: "Create short link",
    testid: "short-link-dialog",
    description:
      "This uploads the workspace to this site, where anyone with the link can open it until the link expires. A share cannot be changed. (Share, beside this button, makes a link that carries the workspace itself, uploading nothing.)",
    body: [secretsBox, size, h("details", null, h("summary", null, "Exactly what will be uploaded"), preview), result],
    buttons: [
      { label: "Close", value: "close", testid: "short-link-close" },
      { label: "Upload and copy link", value: "create", primary: true, testid: "short-link-create", act: () => void upload(false) },
    ],
  });
  const create = d.buttons[1];
  create.disabled = true;

  let findings: SecretFinding[] = [];
  let choices: SecretChoices | null = null;
  let checked = false; // the scanner ran (else the Worker's check is the only one)
  let body = "";
  let keeps = false; // the upload keeps secrets the user chose to share
  let turn = 0;

  // The state as it will be uploaded: the ticked secrets redacted.
  const update = async () => {
    const mine = ++turn;
    create.disabled = true;
    const kept = choices?.kept() ?? [];
    let up: State = st;
    try {
      if (checked && kept.length < findings.length) up = await redactSecrets(app.engine, st, kept);
    } catch (e) {
      if (mine === turn) result.textContent = "The secrets could not be redacted: " + (e as Error).message;
      return;
    }
    if (mine !== turn) return; // a newer choice is being prepared
    keeps = kept.length > 0;
    body = JSON.stringify(up);
    preview.value = JSON.stringify(up, null, 1);
    const problem = limitProblem(up, body);
    size.textContent = problem ?? `${kib(new TextEncoder().encode(body).length)} will be uploaded: ${up.files.length} file(s), path "${up.path}", ${Object.keys(up.env ?? {}).length} environment override(s), the view.`;
    size.classList.toggle("err", problem !== null);
    create.disabled = problem !== null;
  };

  const upload = async (confirmed: boolean) => {
    create.disabled = true;
    choices?.setDisabled(true);
    result.textContent = "Uploading…";
    try {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (keeps || confirmed) headers[CONFIRM_HEADER] = "confirmed";
      let r = await fetch("/api/share", { method: "POST", headers, body });
      // A busy server says how long to wait; wait once, briefly.
      const wait = Number(r.headers.get("retry-after"));
      if (r.status === 503 && wait > 0 && wait <= 5) {
        result.textContent = `The server is busy; trying again in ${wait} s…`;
        await new Promise((res) => setTimeout(res, wait * 1000));
        r = await fetch("/api/share", { method: "POST", headers, body });
      }
      if (r.status === 422) {
        refused(await r.json().catch(() => null));
        return;
      }
      if (!r.ok) throw new Error(await errorText(r));
      const j = await r.json();
      if (typeof j?.url !== "string" || !ID.test(j?.id)) throw new Error("unexpected answer from the server");
      done(j.url, typeof j.expires === "string" ? j.expires : "");
    } catch (e) {
      result.textContent = "The short link could not be created: " + (e as Error).message;
      create.disabled = false;
      choices?.setDisabled(false);
    }
  };

  // The Worker found secrets the page did not send on purpose: say which,
  // and let the user upload them knowingly or go back and redact.
  const refused = (j: any) => {
    const list: SecretFinding[] = Array.isArray(j?.secrets) ? j.secrets : [];
    const count = typeof j?.secretCount === "number" ? j.secretCount : list.length;
    replace(
      result,
      h("p", { class: "err" }, `The server found ${countSecrets(count)} and did not store the workspace:`),
      h("ul", { class: "secret-list", testid: "short-link-refused" }, list.map((f) => h("li", null, describeFinding(f)))),
      count > list.length ? h("p", { class: "muted small" }, `…and ${count - list.length} more.`) : null,
      h("div", { class: "row" }, h("button", { type: "button", testid: "short-link-upload-anyway", on: { click: () => void upload(true) } }, "Upload them anyway")),
    );
    create.disabled = false;
    choices?.setDisabled(false);
  };

  const done = (url: string, expires: string) => {
    const link = h("input", { type: "text", readonly: true, value: url, testid: "short-link-url", "aria-label": "short link", on: { focus: (e: FocusEvent) => (e.target as HTMLInputElement).select() } });
    const until = expires ? ` It works until ${new Date(expires).toLocaleDateString()} (shares expire unless uploaded again).` : "";
    void navigator.clipboard.writeText(url).then(
      () => {
        replace(result, h("p", null, "Short link copied:"), link, until ? h("p", { class: "muted small" }, until.trim()) : null);
        app.notify("Short link copied: " + url);
      },
      () => {
        replace(result, h("p", null, "Short link (copy it):"), link, until ? h("p", { class: "muted small" }, until.trim()) : null);
        app.notify("Short link created: " + url);
      },
    ).finally(() => link.focus());
  };

  void (async () => {
    try {
      findings = await findSecrets(app.engine, st);
      checked = true;
    } catch (e) {
      secretsBox.replaceChildren(h("p", { class: "err" }, `The workspace could not be checked for secrets here (${(e as Error).message}). The server checks it before storing.`));
    }
    if (checked) {
      if (findings.length === 0) secretsBox.replaceChildren(h("p", { class: "muted small" }, "No secrets found."));
      else {
        choices = secretChoices(findings);
        choices.onChange = () => void update();
        secretsBox.replaceChildren(
          h("p", null, `${lookLikeSecrets(findings.length)}. Ticked, ${findings.length === 1 ? "it is" : "they are"} replaced with [redacted] in the upload; your workspace is not changed.`),
          choices.element,
        );
      }
    }
    await update();
  })();
}

/**
 * Why the state cannot be a short link, or null: the Worker's limits, and
 * text that is not valid Unicode (half of a surrogate pair, which JSON
 * would carry as an escape the Worker refuses).
 */
function limitProblem(st: State, body: string): string | null {
  if (st.files.length > MAX_FILES) return `${st.files.length} files are more than a short link takes (${MAX_FILES}): use Share or Export.`;
  const enc = new TextEncoder();
  for (const f of st.files) {
    const bad = loneSurrogate(f.text);
    if (bad >= 0) return `${f.path} holds text that is not valid Unicode (half of a surrogate pair, line ${lineOf(f.text, bad)}); fix it before uploading.`;
    const n = enc.encode(f.text).length;
    if (n > MAX_FILE_BYTES) return `${f.path} is ${kib(n)}; a short link takes files up to ${kib(MAX_FILE_BYTES)}: use Share or Export.`;
  }
  const bytes = enc.encode(body).length;
  if (bytes > MAX_SHARE_BYTES) return `${kib(bytes)} is over the ${kib(MAX_SHARE_BYTES)} limit of short links: use Share (the link carries the workspace) or Export.`;
  return null;
}

/** The index of the first unpaired surrogate in s, or -1. */
export function loneSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

function lineOf(s: string, at: number): number {
  let n = 1;
  for (let i = 0; i < at; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

function kib(n: number): string {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KiB`;
}
