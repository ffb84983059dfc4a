// effective.ts: the Effective panel, the view every first visit draws (part
// of the first load): the effective configuration at the chosen path.
import type { AppHost } from "../app/host";
import { HEAVY_SECTIONS } from "../app/host";
import type { Panel } from "../app/panels";
import { EffectiveView, sectionMatches } from "../ui/effective";

/** Filtering to this many sections or fewer fetches their elements with every keystroke. */
const LIVE_FILTER_HITS = 12;

export function effective(app: AppHost): Panel {
  const view = new EffectiveView(
    (f, l, c) => app.jump(f, l, c),
    (f, l, c) => app.reveal(f, l, c),
  );
  return {
    root: view.root,
    update(r) {
      const ws = app.workspace;
      view.render(r, { defaults: !!ws.view.defaults, filter: app.filter(), focus: ws.view.section, onFocus: (s) => app.focusSection(s), omitted: ws.large ? [...HEAVY_SECTIONS] : undefined });
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
    onScreen: () => view.onScreen,
  };
}
