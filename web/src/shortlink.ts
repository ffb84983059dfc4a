// shortlink.ts: short share links, offered only when the playground is
// served by its Cloudflare Worker (wasm/worker, wrangler.toml). The page
// the Worker serves carries <meta name="iisconf-share-api"> (added when
// `go run ./build worker` stages the assets); only then is GET /api/health
// asked, and it must answer {"service":"iisconf","ok":true}. Anywhere else
// (the local `go run ./build serve`, a plain static host) the page asks
// nothing of an API that is not there, and nothing here shows.
//
// "Short link" (beside Share) lists the secrets found and redacts the ones
// the user leaves ticked, shows exactly what will be uploaded, POSTs the
// state to /api/share and copies the returned /s/{id} link. Opening
// /s/{id} makes the Worker redirect to /?share={id}, which installShortLink
// then loads, after checking that the content hashes to the id.
//
// Wiring (web/src/main.ts): void app.start().then(() => installShortLink(app));
// The dialog is dialogs/shortlink.ts, loaded when the button is pressed.
import type { State } from "./engine/protocol";
import type { Incoming } from "./app/replace";
import type { NotifyOptions } from "./app/layout";
import { h } from "./dom";
import { validateState } from "./share";
import type { SecretScanner } from "./secrets";

/** What installShortLink needs from the playground (App, web/src/app/app.ts). */
export interface ShortLinkHost {
  readonly engine: SecretScanner;
  state(): State;
  /** Replaces the workspace, keeping the one replaced in Recent workspaces (app/replace.ts). */
  replaceWorkspace(st: State, from: Incoming): Promise<boolean>;
  notify(msg: string, opts?: NotifyOptions): void;
}

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
    if (pending) app.notify("This short link needs the playground's server, which is not reachable.", { stays: true });
    return false;
  }
  const share = document.querySelector('[data-testid="share"]');
  if (share && !document.querySelector('[data-testid="short-link"]')) {
    share.after(
      h(
        "button",
        { type: "button", testid: "short-link", title: "Create short link: upload the workspace and copy a short /s/… link", on: { click: () => void import("./dialogs/shortlink").then((m) => m.createDialog(app)) } },
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
    app.notify("This short link could not be opened: it is not a valid link.", { stays: true });
    return;
  }
  try {
    const r = await fetch("/api/share/" + id, { headers: { accept: "application/json" } });
    if (!r.ok) throw new Error(await errorText(r));
    // The id is the hash of what was stored: a server (or anything between)
    // that answers with something else is not believed.
    const bytes = new Uint8Array(await r.arrayBuffer());
    if ((await shareID(bytes)) !== id) throw new Error("what the server sent does not match the link (its content has another hash)");
    const st = validateState(JSON.parse(new TextDecoder().decode(bytes)));
    if (await app.replaceWorkspace(st, { origin: "short-link", label: `Short link ${id}`, incoming: `the workspace of short link ${id}` })) {
      app.notify(`Opened short link ${id} (${st.files.length} file${st.files.length === 1 ? "" : "s"}).`);
    }
  } catch (e) {
    app.notify("This short link could not be opened: " + (e as Error).message, { stays: true });
  }
}

/**
 * The id of a stored share: the first 100 bits of the SHA-256 of its
 * bytes, in lower-case base32 (wasm/worker/share.ID).
 */
export async function shareID(bytes: Uint8Array): Promise<string> {
  const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of sum) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 20) {
      out += alphabet[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length === 20) break;
  }
  return out;
}

/** The error the Worker answered with, or the HTTP status. */
export async function errorText(r: Response): Promise<string> {
  try {
    const j = await r.json();
    if (typeof j?.error === "string") return j.error;
  } catch {}
  return `HTTP ${r.status}`;
}
