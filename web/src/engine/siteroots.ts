// siteroots.ts: each site's root folder, out of a site map. The import
// dialog places loose web.config files under a site's root folder; the
// engine worker shapes a hosting server's site map (megabytes of JSON)
// into these few fields before the answer crosses to the page.

/** A site and its root folder (the physical path of its root application's "/"). */
export interface SiteRoot {
  site: string;
  root: string;
}

/** Site roots from a site map (sites → the root application's "/" virtual directory). */
export function siteRoots(sm: { sites: { name: string; applications: { path: string; virtualDirectories: { path: string; physicalPathExpanded: string }[] }[] }[] } | null): SiteRoot[] {
  const out: SiteRoot[] = [];
  for (const s of sm?.sites ?? []) {
    const app = s.applications.find((a) => a.path === "/");
    const vd = app?.virtualDirectories.find((v) => v.path === "/");
    if (vd?.physicalPathExpanded) out.push({ site: s.name, root: vd.physicalPathExpanded });
  }
  return out;
}
