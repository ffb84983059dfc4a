// replace.ts: the guard in front of every action that replaces the
// workspace (a sample, a link, a docs "Open in playground" link, an
// import, Reset, a recent workspace). The workspace being replaced is kept
// in Recent workspaces first; when it holds edits no link or export has
// (workspacemeta.ts), the user is asked, and told whether the copy could
// be kept. Loaded with the first replace or link (the App imports it); the
// store and the dialog load when they are needed.
import type { State } from "../engine/protocol";
import { type Engine, engineReason } from "../api";
import type { Workspace } from "./workspace";
import { isAppHost, DEFAULT_PATH } from "./workspace";
import { METABASE_SAMPLE } from "../visit";
import type { AppHost } from "./host";
import type { NotifyOptions } from "./layout";
import type { Gallery } from "./gallery";
import type { OriginKind } from "../workspacemeta";
import type { Stock } from "../hashlink";

/** What is about to replace the workspace. */
export interface Incoming {
  origin: OriginKind;
  /** Its name in Recent workspaces once it is replaced in turn ("Sample: Locked section"). */
  label: string;
  /** It, as the question names it: "the sample “Locked section”", "the workspace of this link". */
  incoming: string;
  /** It holds edits no link or export has (a recent workspace restored). */
  edited?: boolean;
}

/**
 * The workspace being replaced, with what the App's workspacemeta.ts says
 * of it (this module takes the facts, not the rules, and loads apart).
 */
export interface Current {
  state: State;
  /** Its name in Recent workspaces (recentName). */
  name: string;
  /** It holds edits no link or export has: replacing it asks first (mustAsk). */
  edited: boolean;
}

/** Keeps a workspace in Recent workspaces; resolves to why not when storage refused it. */
export async function keepInRecent(cur: Current): Promise<{ kept: boolean; why?: string }> {
  if (!cur.state.files.length) return { kept: true };
  try {
    const { RecentStore } = await import("../recent");
    await new RecentStore().remember(cur.state, cur.name, cur.edited);
    return { kept: true };
  } catch (e) {
    return { kept: false, why: (e as Error)?.message || "the browser's storage refused it" };
  }
}

/**
 * Keeps cur and asks when it must; resolves true when the replace may go
 * ahead. A workspace without edits of its own is replaced without a
 * question even when it could not be kept: a link, a file or the stock
 * server still holds it.
 */
export async function mayReplace(cur: Current | null, inc: Incoming): Promise<boolean> {
  if (!cur) return true;
  const k = await keepInRecent(cur);
  if (!cur.edited) return true;
  const { askReplace } = await import("../ui/confirmreplace");
  return askReplace({ incoming: inc.incoming, current: cur.name, files: cur.state.files.length, kept: k.kept, whyNot: k.why });
}


/** What replacing needs of the App (app.ts). */
export interface Replacing {
  readonly engine: Engine;
  readonly workspace: Workspace;
  notify(msg: string, opts?: NotifyOptions): void;
  /** The workspace is now what from names (fresh: no edits of its own unless from says so). */
  adopt(from: Incoming): void;
  /** Shows st (the engine holds its files when engineHas). */
  show(st: State, engineHas: boolean): Promise<void>;
}

/**
 * Replaces the workspace with st. The engine checks the files (its rule of
 * an absolute Windows path) on a workspace of its own before anything is
 * asked or changed: a bad state is never shown, nor autosaved. Resolves
 * false when nothing changed.
 */
export async function replaceWorkspace(app: Replacing, st: State, from: Incoming, cur: Current | null): Promise<boolean> {
  const refused = (e: unknown) => {
    const what = from.incoming.charAt(0).toUpperCase() + from.incoming.slice(1);
    app.notify(`${what} could not be opened: ${engineReason(e)}.${cur ? " Your workspace is unchanged." : ""}`, { stays: true });
    return false;
  };
  // With a workspace shown, the engine checks the incoming files apart
  // before the user is asked; with none (a visit opening a link), its load
  // below is that check, and one cold parse of the files fewer.
  if (cur) {
    try {
      await app.engine.checkFiles(st.files, st.env);
    } catch (e) {
      return refused(e);
    }
  }
  if (!(await mayReplace(cur, from))) return false;
  const ws = app.workspace;
  try {
    await app.engine.load(st.files, st.env);
  } catch (e) {
    if (ws.loaded) await app.engine.load(ws.files, ws.env).catch(() => {});
    return refused(e);
  }
  app.adopt(from);
  // The address keeps a link only while the workspace is that link's.
  if (from.origin !== "link" && location.hash) history.replaceState(null, "", location.pathname + location.search);
  await app.show(st, true);
  return true;
}

/**
 * Opens a #v1:/#v2: link over cur. A link that cannot be opened says why
 * and leaves the workspace as it was; either way, a link not opened is
 * dropped from the address so a reload does not ask again.
 */
export async function openLink(app: Replacing, hash: string, cur: Current | null, stock: () => Promise<Stock | null> = () => app.engine.stock()): Promise<boolean> {
  const drop = () => history.replaceState(null, "", location.pathname + location.search);
  let st: State;
  try {
    // The codec loads with the first link: most visits have none.
    const { decodeLink } = await import("../hashlink");
    st = await decodeLink(hash, stock);
  } catch (e) {
    drop();
    app.notify(`This link could not be opened: ${(e as Error).message}${cur ? " Your workspace is unchanged." : ""}`, { stays: true });
    return false;
  }
  const ok = await replaceWorkspace(app, st, { origin: "link", label: linkLabel(st), incoming: "the workspace of this link" }, cur);
  if (!ok) drop();
  return ok;
}

/** A link's workspace in Recent workspaces: "From a link: app1\\web.config" (its first file besides applicationHost.config). */
function linkLabel(st: State): string {
  const f = st.files.find((x) => !isAppHost(x.path)) ?? st.files[0];
  if (!f) return "From a link";
  const parts = f.path.split("\\").filter(Boolean);
  return "From a link: " + parts.slice(-2).join("\\") + (st.files.length > 2 ? ` and ${st.files.length - 2} more` : "");
}

/** A ?sample= link (a docs page's "Open in playground"): the sample (or the metabase tool) replaces cur. */
export async function openDocsSample(app: AppHost & { loadGallery(): Promise<Gallery> }, name: string, step: string | undefined, cur: Current | null): Promise<boolean> {
  if (name === METABASE_SAMPLE) {
    const stock = await app.engine.stock();
    const st: State = { version: 1, files: stock?.files ?? [], env: stock?.env ?? {}, path: DEFAULT_PATH, view: { panel: "effective" } };
    if (!(await app.replaceWorkspace(st, { origin: "docs", label: "IIS 6 metabase sample", incoming: "the IIS 6 metabase sample" }, cur))) return false;
    app.workspace.loaded = true;
    await (await import("../panels/metabase")).openMetabaseSample(app);
    return true;
  }
  const g = await app.loadGallery();
  if (await g.has(name)) return g.open(name, step, cur, "docs");
  app.notify(`There is no sample named "${name}".`, { stays: true });
  return false;
}
