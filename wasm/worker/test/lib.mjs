// Shared helpers of the Worker's integration tests: start the Worker of
// wrangler.toml locally with wrangler 4.86.0's unstable_startWorker
// (Miniflare and workerd from npm; nothing leaves the machine). The Worker
// must have been built first: `go run ./build worker` (the test step of
// `go run ./build test` does it).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_METRICS ??= "false";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const CONFIG = join(ROOT, "wrangler.toml");
export const PUBLIC = join(ROOT, "build", "out", "worker", "public");

/** Starts the Worker; persist is a directory for KV (or false: in memory). */
export async function startWorker(persist = false) {
  for (const f of ["build/out/worker/gen/app.wasm", "build/out/worker/gen/worker.mjs", "build/out/worker/public/index.html"]) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`go run ./build worker\` first`);
  }
  const { unstable_startWorker } = await import("wrangler");
  const worker = await unstable_startWorker({
    config: CONFIG,
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, persist, watch: false, logLevel: "warn" },
  });
  await worker.ready;
  const base = String(await worker.url).replace(/\/+$/, "");
  return { worker, base };
}

/** CPU seconds (user + system) used so far by this process's workerd descendants. */
export function workerdCPU() {
  const ticks = 100; // USER_HZ on Linux
  const parent = new Map();
  const comm = new Map();
  const stat = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = s.lastIndexOf(")");
      const f = s.slice(close + 2).split(" ");
      comm.set(+d, s.slice(s.indexOf("(") + 1, close));
      parent.set(+d, +f[1]);
      stat.set(+d, (+f[11] + +f[12]) / ticks);
    } catch {}
  }
  let cpu = 0;
  let found = 0;
  for (const [pid, name] of comm) {
    if (!name.startsWith("workerd")) continue;
    for (let p = parent.get(pid); p; p = parent.get(p)) {
      if (p === process.pid) {
        cpu += stat.get(pid);
        found++;
        break;
      }
    }
  }
  return found ? cpu : NaN;
}

export const SAMPLE = {
  version: 1,
  files: [
    {
      path: "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config",
      text: '<configuration>\n  <system.applicationHost>\n    <sites />\n  </system.applicationHost>\n</configuration>\n',
    },
    { path: "C:\\inetpub\\wwwroot\\web.config", text: "<configuration>\n  <system.webServer>\n    <directoryBrowse enabled=\"true\" />\n  </system.webServer>\n</configuration>\n" },
  ],
  env: { SystemDrive: "C:" },
  path: "Default Web Site",
  view: { panel: "effective", defaults: false },
};
