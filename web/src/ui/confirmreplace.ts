// confirmreplace.ts: the question asked before the workspace is replaced
// while it holds edits that no link or export has (workspacemeta.ts). A
// modal dialog (WAI-ARIA alertdialog): the safe answer, keeping the
// workspace, has the focus and is what Escape does.
import { h } from "../dom";

export interface ReplaceQuestion {
  /** What replaces it, as a sentence's object: "the sample “Locked section”", "the workspace of this link". */
  incoming: string;
  /** What the current workspace is called (Recent workspaces' name) and its file count. */
  current: string;
  files: number;
  /** Whether a copy of it is in Recent workspaces already. */
  kept: boolean;
  /** Why it could not be kept, when it was not. */
  whyNot?: string;
}

/** Resolves true when the user chose to replace the workspace. */
export function askReplace(q: ReplaceQuestion): Promise<boolean> {
  return new Promise((resolve) => {
    let go = false;
    const keep = h("button", { type: "button", class: "primary", testid: "confirm-replace-keep", on: { click: () => dlg.close() } }, "Keep my workspace");
    const replace = h(
      "button",
      {
        type: "button",
        testid: "confirm-replace-go",
        on: {
          click: () => {
            go = true;
            dlg.close();
          },
        },
      },
      q.kept ? "Replace it (a copy stays in Recent)" : "Replace it anyway",
    );
    const dlg = h(
      "dialog",
      { class: "dialog", testid: "confirm-replace", role: "alertdialog", "aria-labelledby": "confirm-replace-title", "aria-describedby": "confirm-replace-desc" },
      h("h2", { id: "confirm-replace-title" }, "Replace your workspace?"),
      h(
        "div",
        { id: "confirm-replace-desc" },
        h("p", null, `You are opening ${q.incoming}. Your workspace “${q.current}” (${q.files} file${q.files === 1 ? "" : "s"}) has edits that are in no link and no export yet.`),
        q.kept
          ? h("p", null, "A copy of it is kept in Recent workspaces (the Recent button at the top), where one click brings it back.")
          : h("p", { class: "err" }, `It could not be copied to Recent workspaces${q.whyNot ? ` (${q.whyNot})` : ""}: if you replace it, Export it first or its edits are lost.`),
      ),
      h("div", { class: "row end" }, replace, keep),
    );
    dlg.addEventListener("close", () => {
      dlg.remove();
      resolve(go);
    });
    document.body.appendChild(dlg);
    dlg.showModal();
    keep.focus();
  });
}
