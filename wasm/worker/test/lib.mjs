// Shared helpers of the Worker's integration tests: start the Worker of
// wrangler.toml locally with wrangler 4.86.0's unstable_startWorker
// (Miniflare and workerd from npm; nothing leaves the machine). The Worker
// must have been built first: `go run ./build worker` (the test step of
// `go run ./build test` does it).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { createServer } from "node:net";

process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_METRICS ??= "false";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const CONFIG = join(ROOT, "wrangler.toml");
export const PUBLIC = join(ROOT, "build", "out", "worker", "public");

/** The [vars] of wrangler.toml and its rate limit (a small reader for this file's simple TOML). */
export function wranglerConfig() {
  const toml = readFileSync(CONFIG, "utf8");
  const str = (name) => toml.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"))?.[1];
  const num = (name) => Number(toml.match(new RegExp(`^\\s*${name}\\s*=\\s*(\\d+)`, "m"))?.[1]);
  return { origin: str("ORIGIN"), ttlDays: Number(str("SHARE_TTL_DAYS")), limit: num("limit"), period: num("period") };
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const port = srv.address().port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * Starts the Worker; persist is a directory for KV (or false: in memory).
 * Its ORIGIN is the address it listens on (the operator's setting in
 * wrangler.toml names the public domain; here that is 127.0.0.1:port), so
 * the links it returns open in the tests' browser.
 */
export async function startWorker(persist = false) {
  for (const f of ["build/out/worker/gen/app.wasm", "build/out/worker/gen/worker.mjs", "build/out/worker/gen/entry.mjs", "build/out/worker/public/index.html"]) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`go run ./build worker\` first`);
  }
  const { unstable_startWorker } = await import("wrangler");
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const worker = await unstable_startWorker({
    config: CONFIG,
    bindings: { ORIGIN: { type: "plain_text", value: origin } },
    dev: { server: { hostname: "127.0.0.1", port }, inspector: false, persist, watch: false, logLevel: "warn" },
  });
  await worker.ready;
  const base = String(await worker.url).replace(/\/+$/, "");
  if (base !== origin) throw new Error(`the Worker listens on ${base}, not ${origin}`);
  return { worker, base };
}

let clients = 0;
/**
 * A new client address (CF-Connecting-IP), so that each test's writes are
 * counted on their own by the rate limit. Cloudflare sets this header
 * itself; under wrangler dev a request's own value is kept.
 */
export function newClient() {
  clients++;
  return `198.51.${(clients >> 8) & 255}.${clients & 255}`;
}

/** Resident memory (bytes) of this process's workerd descendants. */
export function workerdRSS() {
  let rss = 0;
  for (const pid of workerdPids()) {
    try {
      const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
      if (m) rss += +m[1] * 1024;
    } catch {}
  }
  return rss;
}

function workerdPids() {
  const parent = new Map();
  const comm = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = s.lastIndexOf(")");
      comm.set(+d, s.slice(s.indexOf("(") + 1, close));
      parent.set(+d, +s.slice(close + 2).split(" ")[1]);
    } catch {}
  }
  const out = [];
  for (const [pid, name] of comm) {
    if (!name.startsWith("workerd")) continue;
    for (let p = parent.get(pid); p; p = parent.get(p)) {
      if (p === process.pid) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** CPU seconds (user + system) used so far by this process's workerd descendants (NaN if none). */
export function workerdCPU() {
  const ticks = 100; // USER_HZ on Linux
  const pids = workerdPids();
  let cpu = 0;
  for (const pid of pids) {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      cpu += (+f[11] + +f[12]) / ticks;
    } catch {}
  }
  return pids.length ? cpu : NaN;
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
