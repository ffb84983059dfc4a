// statecodec.ts: what reading a workspace from outside needs and nothing
// of the page's document: base64url, the shape check of a State, and the
// rule of which paths are configuration backups. The page's share and
// link code (share.ts, hashlink.ts) and the engine worker, which opens a
// visit's link or autosave while the page loads (engine/worker.ts), use
// the same functions; the worker has no DOM, so none is imported here.
import type { State, ViewState } from "./engine/protocol";
import { viewFields } from "./engine/protocol";

export function b64urlEncode(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function b64urlDecode(s: string): Uint8Array {
  s = s.replace(/-/g, "+").replace(/_/g, "/");
  while (s.length % 4) s += "=";
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Checks a State read from outside (link, storage); never trusts its shape. */
export function validateState(v: any): State {
  if (!v || typeof v !== "object" || !Array.isArray(v.files)) throw new Error("not a workspace state");
  const files = v.files
    .filter((f: any) => f && typeof f.path === "string" && typeof f.text === "string")
    .map((f: any) => ({ path: f.path, text: f.text, ...(f.unreadable === true ? { unreadable: true } : {}) }));
  const env: Record<string, string> = {};
  if (v.env && typeof v.env === "object") for (const k in v.env) if (typeof v.env[k] === "string") env[k] = v.env[k];
  // The view options the Go side declares (wasm/playground ViewState), each of its JSON type.
  const view: Record<string, unknown> = {};
  if (v.view && typeof v.view === "object") {
    for (const [k, type] of Object.entries(viewFields)) if (typeof v.view[k] === type) view[k] = v.view[k];
  }
  return { version: 1, files, env, path: typeof v.path === "string" ? v.path : "", view: view as ViewState };
}

/**
 * Whether a path is a configuration backup (inetsrv\backup\<name>\…) or a
 * configuration history snapshot (…\CFGHISTORY_nnnnnnnnnn\…): copies kept
 * beside the configuration, left out of links unless asked for, and
 * listed apart from the configuration files. docs/backups.md describes
 * both folders.
 */
export function isBackupPath(p: string): boolean {
  const l = p.toLowerCase().replace(/\//g, "\\");
  return l.includes("\\inetsrv\\backup\\") || /\\cfghistory_\d+\\/.test(l);
}
