// result.ts: the panels the first result may show, part of the first load:
// Effective, Locks, Diagnostics, Response and the Merge stack. Each adapts
// a view of web/src/ui (shared with the embed page) to the Panel shape.
import type { Result } from "../model";
import type { AppHost } from "../app/host";
import { HEAVY_SECTIONS } from "../app/host";
import type { Panel, PanelDef } from "../app/panels";
import type { Nav } from "../ui/links";
import { EffectiveView, sectionMatches } from "../ui/effective";
import { LockView } from "../ui/locks";
import { DiagnosticsView, PageView } from "../ui/diagnostics";
import { MergeView } from "../ui/merge";

const nav = (app: AppHost): Nav => (f, l, c) => app.jump(f, l, c);
const focus = (app: AppHost) => (s: string) => app.focusSection(s);

/** Filtering to this many sections or fewer fetches their elements with every keystroke. */
const LIVE_FILTER_HITS = 12;

function effective(app: AppHost): Panel {
  const view = new EffectiveView(nav(app));
  return {
    root: view.root,
    update(r) {
      const ws = app.workspace;
      view.render(r, { defaults: !!ws.view.defaults, filter: app.filter(), focus: ws.view.section, onFocus: focus(app), omitted: ws.large ? [...HEAVY_SECTIONS] : undefined });
    },
    // The sections on screen, and those the filter narrows to when they are few.
    liveSections() {
      const out = new Set(view.visible);
      const filter = app.filter();
      if (filter) {
        const hits = (app.result?.sections ?? []).map((s) => s.name).filter((n) => sectionMatches(n, filter));
        if (hits.length <= LIVE_FILTER_HITS) for (const n of hits) out.add(n);
      }
      return out;
    },
    drawn: () => view.done,
  };
}

function locks(app: AppHost): Panel {
  const view = new LockView(nav(app));
  return { root: view.root, update: (r) => view.render(r, app.filter(), app.workspace.view.section, focus(app)) };
}

function diagnostics(app: AppHost): Panel {
  const view = new DiagnosticsView(nav(app));
  return { root: view.root, update: (r) => view.render(r, app.fileDiags, app.workspace.files.map((f) => f.path)) };
}

function response(app: AppHost): Panel {
  const view = new PageView(nav(app));
  const requested = (r: Result) => r.response?.page?.requestedUrl ?? (r.mapping ? `${r.mapping.site}${r.mapping.urlPath}` : app.workspace.path);
  return { root: view.root, update: (r) => view.render(r.response, requested(r)) };
}

/** The merge stack; for the focused section, an inputs evaluation of that section only. */
function merge(app: AppHost): Panel {
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

export const resultPanels: PanelDef[] = [
  { id: "effective", label: "Effective", order: 10, create: effective },
  {
    id: "locks",
    label: "Locks",
    order: 20,
    create: locks,
    tab: (r) => `Locks (${r.sections.filter((s) => s.isLocked).length} locked)`,
  },
  {
    id: "diagnostics",
    label: "Diagnostics",
    order: 30,
    needs: ["fileDiagnostics"],
    create: diagnostics,
    tab: (r, app) => {
      let all = 0;
      for (const [, l] of app.fileDiags) all += l.length;
      return `Diagnostics (${Math.max(all, r.diagnostics.length)})`;
    },
  },
  {
    id: "500",
    label: "Response",
    order: 40,
    create: response,
    tab: (r) => {
      const resp = r.response;
      return { text: resp ? (resp.status === 200 ? "Response 200" : `Response ${resp.status}.${resp.subStatus}`) : "Response", bad: !!resp && resp.status !== 200 };
    },
  },
  { id: "merge", label: "Merge stack", order: 50, needs: ["engine"], create: merge },
];
