// standin.ts: the built-in machine.config and root web.config. A workspace
// without them is read with the engine's stand-ins (engine/stock); a value,
// lock or level that comes from one opens it here, read-only in the editor,
// with a button that adds it to the workspace as an editable file (the
// engine then reads that file instead). Loaded on first use.
import { h } from "../dom";
import type { AppHost } from "../app/host";
import type { FileState } from "../engine/protocol";

let texts: Promise<FileState[]> | null = null;

function standIns(app: AppHost): Promise<FileState[]> {
  texts ??= app.engine.standIns().then((r) => r?.files ?? []);
  texts.catch(() => (texts = null)); // ask again next time
  return texts;
}

/** Whether path names a stand-in (and the workspace lacks the file). */
export async function isStandIn(app: AppHost, path: string): Promise<boolean> {
  if (app.workspace.find(path)) return false;
  return (await standIns(app)).some((f) => f.path.toLowerCase() === path.toLowerCase());
}

/** Shows the stand-in at a line; false when path is not one. */
export async function viewStandIn(app: AppHost, path: string, line = 1): Promise<boolean> {
  const f = (await standIns(app)).find((x) => x.path.toLowerCase() === path.toLowerCase());
  if (!f || app.workspace.find(path)) return false;
  const make = h(
    "button",
    {
      type: "button",
      class: "primary",
      testid: "standin-edit",
      on: {
        click: async () => {
          await app.workspace.add(f.path, f.text);
          app.jump(f.path, line);
          app.notify(`${f.path} is now a workspace file: the engine reads your copy.`);
        },
      },
    },
    "Make it a workspace file",
  );
  app.editors.showReadOnly(
    f.path,
    f.text,
    line,
    h("span", { testid: "standin-note" }, "The built-in stand-in the engine reads while the workspace has no such file. "),
    make,
  );
  return true;
}
