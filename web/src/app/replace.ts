// replace.ts: the guard in front of every action that replaces the
// workspace (a sample, a link, a docs "Open in playground" link, an
// import, Reset, a recent workspace). The workspace being replaced is kept
// in Recent workspaces first; when it holds edits no link or export has
// (workspacemeta.ts), the user is asked, and told whether the copy could
// be kept. The store and the dialog load on first use.
import type { State } from "../engine/protocol";
import { mustAsk, recentName, type OriginKind, type WorkspaceMeta } from "../workspacemeta";

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

/** The workspace being replaced. */
export interface Current {
  state: State;
  meta: WorkspaceMeta;
}

/** Keeps a workspace in Recent workspaces; resolves to why not when storage refused it. */
export async function keepInRecent(cur: Current): Promise<{ kept: boolean; why?: string }> {
  if (!cur.state.files.length) return { kept: true };
  try {
    const { RecentStore } = await import("../recent");
    await new RecentStore().remember(cur.state, recentName(cur.meta), cur.meta.edited);
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
  if (!mustAsk(cur.meta)) return true;
  const { askReplace } = await import("../ui/confirmreplace");
  return askReplace({ incoming: inc.incoming, current: recentName(cur.meta), files: cur.state.files.length, kept: k.kept, whyNot: k.why });
}

/** An engine error as a reason: "file 2: "x" is not an absolute Windows path". */
export function loadError(e: unknown): string {
  return String((e as Error)?.message ?? e).replace(/^((siteMapOf|load): )+/, "");
}
