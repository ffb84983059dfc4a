// index.ts: every result panel, registered once (main.ts passes each to
// App.registerPanel). Panels the first result may show are part of the
// first load (result.ts); the others import() their module when first
// shown, so their code and what it pulls in load on demand.
//
// To add a panel: write a module exporting a class that implements Panel
// (app/panels.ts), and add one PanelDef here with a lazy create.
import type { PanelDef } from "../app/panels";
import { resultPanels } from "./result";

export const builtinPanels: PanelDef[] = [
  ...resultPanels,
  { id: "pool", label: "Pool view", order: 60, needs: ["engine"], create: async (app) => new (await import("./pool")).PoolPanel(app) },
  { id: "metabase", label: "IIS 6 metabase", order: 70, needs: ["engine"], create: async (app) => new (await import("./metabase")).MetabasePanel(app) },
  { id: "appcmd", label: "AppCmd", order: 80, create: async (app) => new (await import("./appcmd")).AppCmdPanel(app) },
  { id: "backups", label: "Backups", order: 90, create: async (app) => new (await import("./backups")).BackupsPanel(app) },
];
