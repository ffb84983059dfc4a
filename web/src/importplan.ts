// importplan.ts: where imported files go. The import dialog shows this
// plan (one row per file, its destination editable) before anything
// changes.
//
// A file's destination comes from, in order:
//   1. its own path, when it has one (a bundle's "-- C:\… --" headers, a
//      zip of drive folders "C/inetpub/…");
//   2. the shape of its name (zip.ts zipNameToPath): inetsrv\config\…,
//      applicationHost.config, schema\*.xml, …\inetpub\wwwroot\…; a
//      machine.config or root web.config in the .NET Framework folder its
//      folders name (Framework\v2.0.50727\CONFIG\…, a dropped or zipped
//      folder's own name counting), a machine.config without one where the
//      server level reads it (Framework64\v4.0.30319\Config);
//   3. otherwise a web.config is the site's: it goes under the root
//      folder of a site of the workspace *being imported* (the first site
//      unless the user picks another), keeping its folders below the
//      dropped folder or zip. A loose web.config never lands on
//      machine.config or the root web.config: only a user who types those
//      destinations puts it there.
//   4. a pasted file with no name: an applicationHost.config by its
//      <system.applicationHost>, otherwise a web.config as in 3.
import { zipNameToPath, frameworkPath, frameworkFolder } from "./zip";
import { frameworkFolders } from "./gen/model";
import type { SiteRoot } from "./engine/siteroots";

export const APPHOST_PATH = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
/** Where a site's files go when the workspace has no site with a root folder. */
export const DEFAULT_SITE_ROOT = "C:\\inetpub\\wwwroot";

/** One file offered for import. */
export interface ImportItem {
  /** An absolute Windows path (abs), a relative name ("app/web.config", "inetsrv/config/x.config"), or "" (pasted). */
  name: string;
  text: string;
  /** What it came from, for the preview: "pasted text", "site.zip", "MySite (folder)", "case.txtar". */
  from: string;
  /** name is a Windows path (a bundle's header). */
  abs?: boolean;
  /** The leading folder of name that stands for the site's root folder (a dropped folder's own name). */
  root?: string;
  unreadable?: boolean;
}

// A site of the workspace being imported and its root folder: the engine
// worker shapes them out of the site map (engine/siteroots.ts).
export type { SiteRoot } from "./engine/siteroots";
export { siteRoots } from "./engine/siteroots";

export interface PlanRow {
  item: ImportItem;
  dest: string;
  /** For a file placed under a site: its path below the site's root folder ("web.config", "app\\web.config"). */
  rel?: string;
  /** Why it goes there, for the preview ("placed by its name", "you chose it"). */
  why: string;
}

export interface Plan {
  rows: PlanRow[];
  skipped: string[]; // names that are not configuration files
  site: string; // the site files without a place go under ("" when the workspace has none)
  sites: SiteRoot[];
}

const SITE = "\u0000site"; // stands for the chosen site's root folder in zipNameToPath's answer

/** The items' applicationHost.config, which decides the sites of the workspace being imported. */
export function importedAppHost(items: ImportItem[]): ImportItem | undefined {
  return items.find((it) => /(^|[\\/])applicationhost\.config$/i.test(it.name) || (!it.name && isAppHostText(it.text)));
}

function isAppHostText(t: string): boolean {
  return /<system\.applicationHost\b/.test(t);
}

/** The plan: every item placed, files under the chosen site (default: the first). */
export function planImport(items: ImportItem[], sites: SiteRoot[], site?: string): Plan {
  const chosen = sites.find((s) => s.site === site) ?? preferredSite(items, sites);
  const rows: PlanRow[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    const r = place(item);
    if (!r) {
      skipped.push(item.name || item.from);
      continue;
    }
    rows.push(r);
  }
  return retarget({ rows, skipped, site: chosen?.site ?? "", sites }, chosen?.site ?? "");
}

/** The plan with its site-relative files moved under another site's root folder. */
export function retarget(plan: Plan, site: string): Plan {
  const s = plan.sites.find((x) => x.site === site);
  const root = (s?.root || DEFAULT_SITE_ROOT).replace(/\\+$/, "");
  const where = s ? `site "${s.site}"` : `${DEFAULT_SITE_ROOT} (the workspace has no site)`;
  return {
    ...plan,
    site: s?.site ?? "",
    rows: plan.rows.map((r) => (r.rel === undefined ? r : { ...r, dest: root + "\\" + r.rel, why: `no place of its own: under ${where}, chosen above` })),
  };
}

/** A site whose root folder has the dropped folder's name, else the first. */
function preferredSite(items: ImportItem[], sites: SiteRoot[]): SiteRoot | undefined {
  const names = new Set(items.filter((i) => i.root).map((i) => i.root!.toLowerCase()));
  return sites.find((s) => names.has(lastSegment(s.root).toLowerCase())) ?? sites[0];
}

function lastSegment(p: string): string {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? "";
}

function place(item: ImportItem): PlanRow | null {
  if (item.abs) return { item, dest: item.name.replace(/\//g, "\\"), why: "placed by its own path" };
  if (!item.name) {
    if (isAppHostText(item.text)) return { item, dest: APPHOST_PATH, why: "placed by its content (<system.applicationHost>)" };
    return { item, dest: "", rel: "web.config", why: "" };
  }
  let name = item.name.replace(/\\/g, "/");
  // A .NET Framework folder's files keep the folder their path names, even
  // when the dropped folder or zip is the version or Framework folder.
  const fw = frameworkPath(name);
  if (fw) return { item, dest: fw, why: "placed by the folders it is in" };
  if (item.root && name.toLowerCase().startsWith(item.root.toLowerCase() + "/")) {
    // The dropped folder stands for the site's root folder, unless its
    // inside has a recognisable shape (inetsrv/config/…).
    const inner = name.slice(item.root.length + 1);
    const byShape = zipNameToPath(inner, SITE);
    if (byShape && !byShape.startsWith(SITE)) return { item, dest: byShape, why: "placed by the folders it is in" };
    name = inner;
  }
  const p = zipNameToPath(name, SITE);
  if (!p) return null;
  if (p.startsWith(SITE)) return { item, dest: "", rel: p.slice(SITE.length + 1), why: "" };
  return { item, dest: p, why: name.includes("/") ? "placed by the folders it is in" : "placed by its name" };
}

/**
 * A destination's problem, or "" when it is fine. The rule is the engine's
 * (workspace.IsAbs: a drive path C:\… or a UNC path \\server\…), plus what
 * would break a bundle: a line break in the name, or a folder for a file.
 */
export function destProblem(dest: string): string {
  const d = dest.trim().replace(/\//g, "\\");
  if (!d) return "give a destination";
  if (!/^([a-z]:\\|\\\\)/i.test(d)) return "not an absolute Windows path (C:\\… or \\\\server\\share\\…)";
  if (/[\u0000-\u001f]/.test(d)) return "a path cannot hold line breaks or control characters";
  if (d.endsWith("\\")) return "names a folder, not a file";
  return "";
}

/** What a destination is, in IIS's terms, for the preview. */
export function describeDest(dest: string, sites: SiteRoot[]): string {
  const d = dest.toLowerCase();
  if (d === APPHOST_PATH.toLowerCase()) return "applicationHost.config";
  const fw = /^c:\\windows\\microsoft\.net\\(framework64|framework)\\(v[^\\]+)\\config\\(machine\.config|web\.config)$/.exec(d);
  if (fw) {
    const what = fw[3] === "machine.config" ? "machine.config" : "the root web.config";
    const bits32 = fw[1] === "framework";
    const folder = `${bits32 ? "Framework" : "Framework64"}\\${fw[2]}`;
    const known = frameworkFolder(fw[2], bits32);
    if (!known) return `${what} of ${folder} (no pool reads it: iisconf models .NET ${[...new Set(frameworkFolders.map((f) => f.runtime))].sort().join(" and ")})`;
    const server = known.server ? "the server level and " : "";
    return `${what} of ${folder} (read by ${server}.NET ${known.runtime} pools running ${bits32 ? "32" : "64"}-bit)`;
  }
  if (/\\inetsrv\\backup\\/.test(d) || /\\cfghistory_\d+\\/.test(d)) return "a backup or history snapshot";
  if (/\\inetsrv\\config\\schema\\[^\\]+\.xml$/.test(d)) return "a schema file";
  if (/\\web\.config$/.test(d)) {
    const dir = d.slice(0, d.length - "\\web.config".length);
    const s = siteHolding(dir, sites);
    if (!s) return "web.config (a folder no site's root folder holds)";
    const r = rootKey(s.root);
    if (dir === r) return `web.config of site "${s.site}" (its root folder)`;
    return `web.config of site "${s.site}", folder /${dest.slice(r.length + 1, dest.length - "\\web.config".length).replace(/\\/g, "/")}`;
  }
  return "";
}

const rootKey = (root: string) => root.toLowerCase().replace(/\\+$/, "");

// Each list of sites' root folders, by lower-cased root, to the index of
// the first site with that root. A hosting server's plan describes a
// thousand files against ten thousand sites: looking each file's folders
// up here instead of trying every site took the import preview's main
// thread task from ~50 ms of comparisons to almost nothing.
const rootIndexes = new WeakMap<SiteRoot[], Map<string, number>>();

/**
 * The first site (in the sites' order) whose root folder is dir or one of
 * its ancestors, as a walk over every site would find it.
 */
function siteHolding(dir: string, sites: SiteRoot[]): SiteRoot | undefined {
  let index = rootIndexes.get(sites);
  if (!index) {
    index = new Map();
    sites.forEach((s, i) => {
      const k = rootKey(s.root);
      if (!index!.has(k)) index!.set(k, i);
    });
    rootIndexes.set(sites, index);
  }
  let best = index.get(dir) ?? -1;
  for (let i = dir.indexOf("\\"); i >= 0; i = dir.indexOf("\\", i + 1)) {
    const at = index.get(dir.slice(0, i));
    if (at !== undefined && (best < 0 || at < best)) best = at;
  }
  return best < 0 ? undefined : sites[best];
}

/** Destinations given to more than one row (the last of them wins). */
export function duplicateDests(rows: { dest: string }[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const r of rows) {
    const k = r.dest.toLowerCase();
    if (seen.has(k)) dup.add(k);
    seen.add(k);
  }
  return dup;
}
