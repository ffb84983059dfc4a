// index.ts: every result panel, registered once (main.ts passes each to
// App.registerPanel), in tab order. Effective is part of the first load;
// every other panel import()s its module when first shown, so its code
// loads on demand. The tabs' headline numbers (tab) come from the Result
// without loading anything.
//
// To add a panel: write a module exporting a class or factory that makes a
// Panel (app/panels.ts), and add one PanelDef here with a lazy create.
import type { PanelDef } from "../app/panels";
import { effective } from "./effective";

const result = () => import("./result");

export const builtinPanels: PanelDef[] = [
  { id: "effective", label: "Effective", order: 10, controls: ["filter", "defaults"], create: effective },
  {
    id: "locks",
    label: "Locks",
    order: 20,
    controls: ["filter"],
    create: async (app) => (await result()).locks(app),
    tab: (r) => `Locks (${r.sections.filter((s) => s.isLocked).length} locked)`,
  },
  {
    id: "diagnostics",
    label: "Diagnostics",
    order: 30,
    needs: ["fileDiagnostics"],
    create: async (app) => (await result()).diagnostics(app),
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
    create: async (app) => (await result()).response(app),
    tab: (r) => {
      const resp = r.response;
      return { text: resp ? (resp.status === 200 ? "Response 200" : `Response ${resp.status}.${resp.subStatus}`) : "Response", bad: !!resp && resp.status !== 200 };
    },
  },
  { id: "merge", label: "Merge stack", order: 50, needs: ["engine"], create: async (app) => (await result()).merge(app) },
  { id: "pool", label: "Pool view", order: 60, needs: ["engine"], create: async (app) => new (await import("./pool")).PoolPanel(app) },
  { id: "metabase", label: "IIS 6 metabase", order: 70, needs: ["engine"], create: async (app) => new (await import("./metabase")).MetabasePanel(app) },
  { id: "appcmd", label: "AppCmd", order: 80, create: async (app) => new (await import("./appcmd")).AppCmdPanel(app) },
  { id: "backups", label: "Backups", order: 90, create: async (app) => new (await import("./backups")).BackupsPanel(app) },
  { id: "compare", label: "Compare", order: 100, create: async (app) => new (await import("./compare")).ComparePanel(app) },
];
