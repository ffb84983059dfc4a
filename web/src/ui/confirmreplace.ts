// confirmreplace.ts: the question asked before the workspace is replaced
// while it holds edits that no link or export has (workspacemeta.ts). The
// safe answer, keeping the workspace, has the focus and is what Escape
// does (the dialog helper's cancel).
import { h } from "../dom";
import { openDialog } from "../dialogs/dialog";

export interface ReplaceQuestion {
  /** What replaces it, as a sentence's object: "the sample “Locked section”", "the workspace of this link". */
  incoming: string;
  /** What the current workspace is called (Recent workspaces' name) and its file count. */
  current: string;
  files: number;
  /** Whether a copy of it is in Recent workspaces. */
  kept: boolean;
  /** Why it could not be kept, when it was not. */
  whyNot?: string;
}

/** Resolves true when the user chose to replace the workspace. */
export async function askReplace(q: ReplaceQuestion): Promise<boolean> {
  const d = openDialog({
    title: "Replace your workspace?",
    testid: "confirm-replace",
    description: h(
      "div",
      null,
      h("p", null, `You are opening ${q.incoming}. Your workspace “${q.current}” (${q.files} file${q.files === 1 ? "" : "s"}) has edits that are in no link and no export yet.`),
      q.kept
        ? h("p", null, "A copy of it is kept in Recent workspaces (the Recent button at the top), where one click brings it back.")
        : h("p", { class: "err" }, `It could not be copied to Recent workspaces${q.whyNot ? ` (${q.whyNot})` : ""}: if you replace it, Export it first or its edits are lost.`),
    ),
    buttons: [
      { label: "Keep my workspace", value: "keep", primary: true, testid: "confirm-replace-keep" },
      { label: q.kept ? "Replace it (a copy stays in Recent)" : "Replace it anyway", value: "go", testid: "confirm-replace-go" },
    ],
  });
  return (await d.result) === "go";
}
