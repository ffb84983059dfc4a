// workspacemeta.ts: what the page knows about the workspace beyond its
// files, to guard it before it is replaced.
//
//   origin  where it came from: the stock server, a sample, a link, an
//           import, a recent workspace, a backup restore; its label names
//           it in Recent workspaces.
//   edited  it holds edits that are not in any link or export yet: the
//           user made them (typing, appcmd writes, adding, renaming or
//           deleting files, a restore) after it was opened, shared or
//           exported. Replacing an edited workspace asks first. Undoing an
//           edit still counts as one: the guard asks when unsure.
//   linked  it was opened from a link and not edited since: the link
//           holds it, so it is not autosaved (the previous autosave stays
//           until the first edit, and returning to the page without the
//           link opens that).
//
// Kept in localStorage next to the autosave, written when they are.
export type OriginKind = "stock" | "sample" | "link" | "short-link" | "docs" | "import" | "recent" | "restore" | "autosave";

export interface WorkspaceMeta {
  origin: OriginKind;
  label: string;
  edited: boolean;
  linked: boolean;
}

const KEY = "iisconf.workspace.v1";

/** A workspace just opened (never edited). */
export function freshMeta(origin: OriginKind, label: string): WorkspaceMeta {
  return { origin, label, edited: false, linked: origin === "link" || origin === "short-link" };
}

/**
 * The meta saved with the autosave. An autosave from before this existed
 * holds who knows what: treat it as edited, so replacing it asks.
 */
export function loadMeta(): WorkspaceMeta {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (v && typeof v.label === "string" && typeof v.origin === "string") {
      return { origin: v.origin, label: v.label, edited: v.edited === true, linked: false };
    }
  } catch {}
  return { origin: "autosave", label: "Your workspace", edited: true, linked: false };
}

export function saveMeta(m: WorkspaceMeta): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ origin: m.origin, label: m.label, edited: m.edited }));
  } catch {}
}

/** After an edit: the workspace is the user's now (and autosaved). */
export function markEdited(m: WorkspaceMeta): WorkspaceMeta {
  return { ...m, edited: true, linked: false };
}

/** After Share or Export: a link or a file holds every edit. */
export function markKept(m: WorkspaceMeta): WorkspaceMeta {
  return { ...m, edited: false };
}

/** Whether replacing the workspace must ask first. */
export function mustAsk(m: WorkspaceMeta): boolean {
  return m.edited;
}

/** Whether autosave may write the workspace (not while only a link holds it). */
export function mayAutosave(m: WorkspaceMeta): boolean {
  return !m.linked;
}

/** The name Recent workspaces shows for it. */
export function recentName(m: WorkspaceMeta): string {
  return m.edited && m.origin !== "autosave" ? `${m.label} (edited)` : m.label;
}
