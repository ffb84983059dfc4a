// standin.ts: the built-in machine.config and root web.config. A workspace
// without them is read with the engine's stand-ins (engine/stock); a value,
// lock or level that comes from one opens it here, read-only in the editor,
// with a button that adds it to the workspace as an editable file (the
// engine then reads that file instead). Loaded on first use.
import { h } from "../dom";
import type { AppHost } from "../app/host";
import type { FileState } from "../engine/protocol";

// Each .NET Framework folder (Framework or Framework64, v2.0 or v4.0) has
// its pair; the engine answers by path, and the answers are kept.
const texts = new Map<string, Promise<FileState | undefined>>();

function standIn(app: AppHost, path: string): Promise<FileState | undefined> {
  const key = path.toLowerCase();
  let p = texts.get(key);
  if (!p) {
    p = app.engine.standIns(path).then((r) => r?.files[0]);
    p.catch(() => texts.delete(key)); // ask again next time
    texts.set(key, p);
  }
  return p;
}

/** Shows the stand-in at a line; false when path is not one. */
export async function viewStandIn(app: AppHost, path: string, line = 1): Promise<boolean> {
  if (app.workspace.find(path)) return false;
  const f = await standIn(app, path);
  if (!f) return false;
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
