// Where imported files go (web/src/importplan.ts): a loose web.config goes
// under a site of the workspace being imported, never onto machine.config
// or the root web.config; shapes and bundle paths are kept (a .NET
// Framework folder's files stay in the folder their path names); a dropped
// folder stands for a site's root folder.
import { test, run, ok, eq } from "./harness";
import { planImport, retarget, destProblem, describeDest, duplicateDests, importedAppHost, siteRoots, APPHOST_PATH, DEFAULT_SITE_ROOT, type ImportItem } from "../../src/importplan";

// Spelt out here on purpose: the import takes the folders from the
// engine's table (gen/model.ts frameworkFolders), and these pin what it
// must produce.
const MACHINE_CONFIG = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config";
const ROOT_WEB_CONFIG = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\web.config";

const sites = [
  { site: "Contoso", root: "D:\\sites\\contoso" },
  { site: "Fabrikam", root: "E:\\web\\fabrikam\\" },
];
const item = (name: string, extra: Partial<ImportItem> = {}): ImportItem => ({ name, text: "<configuration />", from: "test", ...extra });
const dests = (items: ImportItem[], site?: string) => planImport(items, sites, site).rows.map((r) => r.dest);

test("a loose web.config goes to the first site's root folder", () => {
  eq(dests([item("web.config")]), ["D:\\sites\\contoso\\web.config"], "first site");
  eq(dests([item("web.config")], "Fabrikam"), ["E:\\web\\fabrikam\\web.config"], "chosen site");
  const p = planImport([item("web.config")], [], undefined);
  eq(p.rows[0].dest, DEFAULT_SITE_ROOT + "\\web.config", "no site");
});

test("it never lands on machine.config or the root web.config", () => {
  for (const name of ["web.config", "Config/web.config", "v4.0.30319/web.config"]) {
    const d = dests([item(name)]);
    ok(d[0] !== MACHINE_CONFIG && d[0] !== ROOT_WEB_CONFIG, `${name} → ${d[0]}`);
  }
});

test("retarget moves only the site's files", () => {
  const p = planImport([item("web.config"), item("inetsrv/config/applicationHost.config"), item("app/web.config")], sites);
  const q = retarget(p, "Fabrikam");
  eq(q.rows.map((r) => r.dest), ["E:\\web\\fabrikam\\web.config", APPHOST_PATH, "E:\\web\\fabrikam\\app\\web.config"], "moved");
  eq(q.site, "Fabrikam", "site");
});

test("shapes: inetsrv\\config, schema, machine.config, Framework64's root web.config, drive folders", () => {
  eq(
    dests([
      item("server/inetsrv/config/applicationHost.config"),
      item("config/schema/rewrite_schema.xml"),
      item("machine.config"),
      item("Windows/Microsoft.NET/Framework64/v4.0.30319/Config/web.config"),
      item("C/inetpub/wwwroot/app/web.config"),
      item("readme.txt"),
    ]),
    [
      APPHOST_PATH,
      "C:\\Windows\\System32\\inetsrv\\config\\schema\\rewrite_schema.xml",
      MACHINE_CONFIG,
      ROOT_WEB_CONFIG,
      "C:\\inetpub\\wwwroot\\app\\web.config",
    ],
    "shapes",
  );
  eq(planImport([item("readme.txt")], sites).skipped, ["readme.txt"], "skipped");
});

test("machine.config and root web.config keep the .NET Framework folder their path names", () => {
  const fw = "C:\\Windows\\Microsoft.NET\\";
  eq(
    dests([
      item("server/Windows/Microsoft.NET/Framework/v2.0.50727/CONFIG/machine.config"),
      item("server/Windows/Microsoft.NET/Framework/v2.0.50727/CONFIG/web.config"),
      item("Microsoft.NET/Framework64/v2.0.50727/CONFIG/web.config"),
      item("framework/V4.0.30319/CONFIG/machine.config"),
      item("Framework64/v4.0.30319/Config/machine.config"),
      item("Framework/v1.1.4322/CONFIG/machine.config"),
      item("v2.0.50727/CONFIG/machine.config"),
    ]),
    [
      fw + "Framework\\v2.0.50727\\CONFIG\\machine.config",
      fw + "Framework\\v2.0.50727\\CONFIG\\web.config",
      fw + "Framework64\\v2.0.50727\\CONFIG\\web.config",
      fw + "Framework\\v4.0.30319\\Config\\machine.config",
      MACHINE_CONFIG,
      fw + "Framework\\v1.1.4322\\CONFIG\\machine.config",
      fw + "Framework64\\v2.0.50727\\CONFIG\\machine.config",
    ],
    "each in its own folder (a version folder alone: the 64-bit one)",
  );
  // Without a framework folder: machine.config where the server level reads
  // it; a web.config is a site's (an application's own v2/Config folder).
  eq(dests([item("machine.config"), item("mono/4.0/machine.config"), item("v2/Config/web.config"), item("v2.0.50727/CONFIG/web.config")]), [MACHINE_CONFIG, MACHINE_CONFIG, "D:\\sites\\contoso\\v2\\Config\\web.config", "D:\\sites\\contoso\\v2.0.50727\\CONFIG\\web.config"], "loose");
  // A dropped or zipped folder named after the version or Framework folder still names it.
  eq(
    dests([item("v2.0.50727/CONFIG/machine.config", { root: "v2.0.50727" }), item("Framework/v4.0.30319/Config/web.config", { root: "Framework" })]),
    [fw + "Framework64\\v2.0.50727\\CONFIG\\machine.config", fw + "Framework\\v4.0.30319\\Config\\web.config"],
    "dropped folder",
  );
  eq(describeDest(fw + "Framework\\v2.0.50727\\CONFIG\\web.config", sites), "the root web.config of Framework\\v2.0.50727 (read by .NET v2.0 pools running 32-bit)", "32-bit v2.0");
  eq(describeDest(MACHINE_CONFIG, sites), "machine.config of Framework64\\v4.0.30319 (read by the server level and .NET v4.0 pools running 64-bit)", "server level");
  eq(describeDest(fw + "Framework\\v1.1.4322\\CONFIG\\machine.config", sites), "machine.config of Framework\\v1.1.4322 (no pool reads it: iisconf models .NET v2.0 and v4.0)", "other version");
});

test("a dropped folder is a site's root folder, and picks the site of that name", () => {
  const items = [item("fabrikam/web.config", { root: "fabrikam" }), item("fabrikam/api/web.config", { root: "fabrikam" })];
  eq(dests(items), ["E:\\web\\fabrikam\\web.config", "E:\\web\\fabrikam\\api\\web.config"], "by folder name");
  const other = [item("MySite/web.config", { root: "MySite" })];
  eq(dests(other), ["D:\\sites\\contoso\\web.config"], "unknown name: first site");
  const cfg = [item("config/applicationHost.config", { root: "config" }), item("config/schema/x.xml", { root: "config" })];
  eq(dests(cfg), [APPHOST_PATH, "C:\\Windows\\System32\\inetsrv\\config\\schema\\x.xml"], "an inetsrv\\config folder keeps its shape");
});

test("bundle paths are kept; pasted text is placed by its content", () => {
  eq(dests([item("C:\\x\\y\\web.config", { abs: true })]), ["C:\\x\\y\\web.config"], "abs");
  eq(dests([item("", { text: "<configuration><system.applicationHost><sites/></system.applicationHost></configuration>" })]), [APPHOST_PATH], "pasted apphost");
  eq(dests([item("", { text: "<configuration><appSettings/></configuration>" })]), ["D:\\sites\\contoso\\web.config"], "pasted web.config");
  ok(importedAppHost([item(""), item("", { text: "<system.applicationHost>" })]) !== undefined, "importedAppHost by content");
  ok(importedAppHost([item("x/applicationHost.config")]) !== undefined, "importedAppHost by name");
});

test("destination checks and descriptions", () => {
  eq(destProblem("C:\\a\\web.config"), "", "ok");
  eq(destProblem("\\\\srv\\share\\web.config"), "", "unc");
  ok(destProblem("web.config") !== "", "relative");
  ok(destProblem("C:\\a\\b\nc.config") !== "", "line break");
  eq(destProblem("C:\\a\\<img src=x>\\web.config"), "", "what the engine accepts is accepted");
  ok(destProblem("C:\\a\\") !== "", "folder");
  ok(destProblem("") !== "", "empty");
  eq(describeDest("D:\\sites\\contoso\\web.config", sites), 'web.config of site "Contoso" (its root folder)', "site root");
  eq(describeDest("E:\\web\\fabrikam\\api\\v1\\web.config", sites), 'web.config of site "Fabrikam", folder /api/v1', "below");
  ok(/machine\.config/.test(describeDest(MACHINE_CONFIG, sites)), "machine.config");
  ok(/root web\.config/.test(describeDest(ROOT_WEB_CONFIG, sites)), "root web.config");
  eq([...duplicateDests([{ dest: "C:\\a" }, { dest: "c:\\A" }, { dest: "C:\\b" }])], ["c:\\a"], "duplicates");
});

test("describeDest names the first site, in the sites' order, whose root folder holds the file", () => {
  // The rule the index must keep: try every site in order, the first whose
  // root folder is the file's folder or an ancestor of it wins.
  const linear = (dest: string, ss: { site: string; root: string }[]) => {
    const dir = dest.toLowerCase().slice(0, dest.length - "\\web.config".length);
    for (const s of ss) {
      const r = s.root.toLowerCase().replace(/\\+$/, "");
      if (dir === r) return `web.config of site "${s.site}" (its root folder)`;
      if (dir.startsWith(r + "\\")) return `web.config of site "${s.site}", folder /${dest.slice(r.length + 1, dest.length - "\\web.config".length).replace(/\\/g, "/")}`;
    }
    return "web.config (a folder no site's root folder holds)";
  };
  const nested = [
    { site: "Inner", root: "C:\\www\\a\\b" },
    { site: "Outer", root: "C:\\WWW\\a\\" },
    { site: "Again", root: "c:\\www\\a" },
    { site: "Drive", root: "D:\\" },
    { site: "Unc", root: "\\\\srv\\share" },
  ];
  const dests = [
    "C:\\www\\a\\b\\web.config",
    "C:\\www\\a\\b\\c\\web.config",
    "C:\\www\\a\\web.config",
    "C:\\www\\a\\x\\Y\\web.config",
    "C:\\www\\ab\\web.config",
    "D:\\web.config",
    "D:\\deep\\er\\web.config",
    "\\\\srv\\share\\app\\web.config",
    "\\\\srv\\other\\web.config",
  ];
  for (const d of dests) {
    eq(describeDest(d, nested), linear(d, nested), d);
    const reversed = [...nested].reverse();
    eq(describeDest(d, reversed), linear(d, reversed), "reversed: " + d);
  }
  eq(describeDest("C:\\www\\a\\b\\c\\web.config", nested), 'web.config of site "Inner", folder /c', "first in order, not the deepest");
});

test("siteRoots reads the root application's root virtual directory", () => {
  const sm = {
    sites: [
      { name: "A", applications: [{ path: "/app", virtualDirectories: [{ path: "/", physicalPathExpanded: "C:\\app" }] }, { path: "/", virtualDirectories: [{ path: "/", physicalPathExpanded: "C:\\a" }] }] },
      { name: "NoRoot", applications: [] },
    ],
  };
  eq(siteRoots(sm), [{ site: "A", root: "C:\\a" }], "roots");
  eq(siteRoots(null), [], "none");
});

void run();
