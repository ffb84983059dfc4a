// result.ts: the Locks, Diagnostics, Response and Merge stack panels, each
// an adapter of a view of web/src/ui (shared with the embed page) to the
// Panel shape. One chunk, loaded the first time one of them is shown
// (panels/index.ts); their tabs' headline numbers need none of this.
import type { Result } from "../model";
import type { AppHost } from "../app/host";
import type { Panel } from "../app/panels";
import type { Nav } from "../ui/links";
import { LockView } from "../ui/locks";
import { DiagnosticsView, PageView } from "../ui/diagnostics";
import { MergeView } from "../ui/merge";

const nav = (app: AppHost): Nav => (f, l, c) => app.jump(f, l, c);
const focus = (app: AppHost) => (s: string) => app.focusSection(s);

export function locks(app: AppHost): Panel {
  const view = new LockView(nav(app));
  return { root: view.root, update: (r) => view.render(r, app.filter(), app.workspace.view.section, focus(app)) };
}

export function diagnostics(app: AppHost): Panel {
  const view = new DiagnosticsView(nav(app), (cp) => app.setPath(cp));
  return { root: view.root, update: (r) => view.render(r, app.fileDiags, app.workspace.files.map((f) => f.path)) };
}

export function response(app: AppHost): Panel {
  const view = new PageView(nav(app));
  const requested = (r: Result) => r.response?.page?.requestedUrl ?? (r.mapping ? `${r.mapping.site}${r.mapping.urlPath}` : app.workspace.path);
  return { root: view.root, update: (r) => view.render(r.response, requested(r), undefined, r) };
}

/** The merge stack; for the focused section, an inputs evaluation of that section only. */
export function merge(app: AppHost): Panel {
  const view = new MergeView(nav(app));
  return {
    root: view.root,
    async update(r) {
      const names = r.sections.map((s) => s.name);
      const section = app.workspace.view.section;
      const focused = section && names.includes(section) ? section : undefined;
      let res: Result | null = null;
      if (focused) {
        const gen = app.generation;
        res = await app.engine.evaluate({ path: app.workspace.path, sections: [focused], inputs: true, noDefaults: true }, "evaluate-merge");
        if (gen !== app.generation || !res) return;
      }
      view.render(res ?? r, res?.sections.find((s) => s.name === focused), names, focus(app));
    },
  };
}
