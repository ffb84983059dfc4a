// index.ts: the header buttons. Each is registered once (main.ts passes
// them to App.addAction); a button that opens a dialog import()s the
// dialog's module when pressed, so the code is not part of the first load.
// To add one: a HeaderAction here (or from your own module) with an order.
import type { HeaderAction } from "../app/layout";
import { toggleTheme } from "../theme";

export const headerActions: HeaderAction[] = [
  {
    id: "recent",
    label: "Recent",
    title: "Recent workspaces: every workspace a sample, link, import or Reset replaced, restorable in one click",
    order: 5,
    run: async (app) => (await import("./recent")).openRecent(app),
  },
  {
    id: "import",
    label: "Import",
    title: "Import a bundle, files or a zip",
    order: 10,
    run: async (app) => (await import("./import")).importDialog(app),
  },
  {
    id: "export",
    label: "Export",
    title: "Download the workspace as a txtar bundle",
    order: 20,
    run: async (app) => (await import("./share")).exportBundle(app),
  },
  {
    id: "share",
    label: "Share",
    title: "Copy a link carrying the whole workspace (Ctrl/Cmd+S)",
    order: 30,
    run: async (app) => (await import("./share")).share(app),
  },
  {
    id: "share-menu",
    label: "▾",
    title: "More ways to share: embed a live demo in a page, export the bundle",
    order: 31,
    run: async (app) => (await import("./embedcode")).shareMenu(app),
  },
  {
    id: "features",
    label: "Features",
    title: "Server features: install URL Rewrite, ARR, the ASP.NET Core Module, … as their installers would",
    order: 35,
    run: async (app) => (await import("./features")).featuresDialog(app),
  },
  {
    id: "script",
    label: "Script",
    title: "Generate the appcmd, PowerShell or C# script of your changes",
    order: 36,
    run: async (app) => (await import("./script")).scriptDialog(app),
  },
  {
    id: "paste500",
    label: "500.19",
    title: "Paste a 500.19 error page to find its path, file and line",
    order: 37,
    run: async (app) => (await import("./paste500")).paste500Dialog(app),
  },
  {
    id: "reset",
    label: "Reset",
    title: "Replace the workspace with the stock server",
    order: 40,
    run: async (app) => (await import("./files")).resetStock(app),
  },
  {
    id: "help",
    label: "Help",
    title: "Ways in, keyboard shortcuts, documentation, version",
    order: 80,
    run: async (app) => (await import("./help")).helpMenu(app),
  },
  { id: "theme-toggle", label: "◐", title: "Toggle light/dark theme", order: 90, run: () => toggleTheme() },
];
