// Integration tests of the Cloudflare Worker under Miniflare (workerd),
// through real (local) KV and Workers static assets:
//   node --test wasm/worker/test/   (after `go run ./build worker`)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWorker, workerdCPU, SAMPLE } from "./lib.mjs";

const persist = mkdtempSync(join(tmpdir(), "iisconf-kv-"));
let worker, base;

before(async () => {
  ({ worker, base } = await startWorker(persist));
});
after(async () => {
  await worker?.dispose();
  rmSync(persist, { recursive: true, force: true });
});

const seen = []; // every response, for the header checks

async function req(path, init = {}) {
  const r = await fetch(base + path, { redirect: "manual", ...init });
  const body = await r.text();
  seen.push({ path, method: init.method ?? "GET", status: r.status, headers: r.headers });
  return { status: r.status, headers: r.headers, body, json: () => JSON.parse(body) };
}

const post = (body, headers = {}) =>
  req("/api/share", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

/** Asserts a JSON error body carrying the status. */
function isError(r, status, what) {
  assert.equal(r.status, status, `${what}: status ${r.status} ${r.body}`);
  assert.match(r.headers.get("content-type") ?? "", /^application\/json/, what);
  const j = r.json();
  assert.equal(j.status, status, what);
  assert.equal(typeof j.error, "string", what);
  assert.ok(j.error.length > 0, what);
  return j.error;
}

test("GET /api/health reports the build version", async () => {
  const r = await req("/api/health");
  assert.equal(r.status, 200);
  const j = r.json();
  assert.equal(j.ok, true);
  assert.equal(j.service, "iisconf");
  assert.ok(typeof j.version === "string" && j.version.length > 0 && j.version !== "dev", `version ${j.version}`);
  assert.equal(r.headers.get("cache-control"), "no-store");
});

test("a share round-trips through KV, content-addressed and immutable", async () => {
  const c = await post(SAMPLE);
  assert.equal(c.status, 201, c.body);
  const { id, url } = c.json();
  assert.match(id, /^[a-z2-7]{20}$/);
  assert.equal(url, `${base}/s/${id}`);

  const g = await req("/api/share/" + id);
  assert.equal(g.status, 200);
  assert.deepEqual(JSON.parse(g.body), SAMPLE);
  assert.match(g.headers.get("cache-control"), /immutable/);

  // The same state, keys in another order, is the same share (200, not 201).
  const reordered = { view: SAMPLE.view, path: SAMPLE.path, env: SAMPLE.env, files: SAMPLE.files, version: 1 };
  const again = await post(JSON.stringify(reordered, null, 2));
  assert.equal(again.status, 200, again.body);
  assert.equal(again.json().id, id);

  // A different state is a different share; the first is unchanged.
  const other = await post({ ...SAMPLE, path: "Default Web Site/app" });
  assert.equal(other.status, 201);
  assert.notEqual(other.json().id, id);
  assert.deepEqual(JSON.parse((await req("/api/share/" + id)).body), SAMPLE);

  // There is no way to delete or overwrite it.
  isError(await req("/api/share/" + id, { method: "DELETE" }), 405, "DELETE");
  isError(await req("/api/share/" + id, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" }), 405, "PUT");
  assert.equal((await req("/api/share/" + id)).status, 200);

  // /s/{id} sends the browser to the playground with the id.
  const s = await req("/s/" + id);
  assert.equal(s.status, 302);
  assert.equal(s.headers.get("location"), "/?share=" + id);

  // Stored in KV, not in the Worker: a restarted Worker (same local KV) has it.
  await worker.dispose();
  ({ worker, base } = await startWorker(persist));
  const after = await req("/api/share/" + id);
  assert.equal(after.status, 200);
  assert.deepEqual(JSON.parse(after.body), SAMPLE);
});

test("every error status, each with a JSON body", async () => {
  isError(await req("/api/share/aaaaaaaaaaaaaaaaaaaa"), 404, "unknown id");
  isError(await req("/api/share/not-an-id"), 404, "malformed id");
  isError(await req("/s/not-an-id"), 404, "malformed /s/ id");
  isError(await req("/api/nothing"), 404, "unknown API route");
  isError(await req("/no-such-file.js"), 404, "unknown asset");

  const big = { ...SAMPLE, files: [{ path: "C:\\big.config", text: "x".repeat(512 * 1024) }] };
  isError(await post(big), 413, "oversized");

  for (const [body, want] of [
    ["not json", /not a JSON object/],
    ["[]", /not a JSON object/],
    [JSON.stringify({ ...SAMPLE, version: 2 }), /unsupported state version 2/],
    [JSON.stringify({ files: [] }), /no version/],
    [JSON.stringify({ version: 1 }), /no "files"/],
    [JSON.stringify({ version: 1, files: [{ path: "C:\\a", text: 1 }] }), /"text"/],
    [JSON.stringify({ version: 1, files: [], env: { A: 1 } }), /"env"/],
    [JSON.stringify(SAMPLE) + "{}", /data after/],
  ]) {
    assert.match(isError(await post(body), 400, body.slice(0, 40)), want);
  }

  for (const [method, path, allow] of [
    ["GET", "/api/share", "POST"],
    ["PUT", "/api/share", "POST"],
    ["DELETE", "/api/share", "POST"],
    ["OPTIONS", "/api/share", "POST"],
    ["POST", "/api/share/aaaaaaaaaaaaaaaaaaaa", "GET, HEAD"],
    ["POST", "/api/health", "GET, HEAD"],
  ]) {
    const r = await req(path, { method });
    isError(r, 405, `${method} ${path}`);
    assert.equal(r.headers.get("allow"), allow, `${method} ${path}`);
  }

  isError(await post(JSON.stringify(SAMPLE), { "content-type": "text/plain" }), 415, "text/plain");
  isError(await post(SAMPLE, { origin: "https://evil.example" }), 403, "cross-origin");
});

test("no CORS for the write endpoint", async () => {
  const pre = await req("/api/share", {
    method: "OPTIONS",
    headers: { origin: "https://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  assert.notEqual(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), null);
  const p = await post(SAMPLE, { origin: "https://evil.example" });
  assert.equal(p.headers.get("access-control-allow-origin"), null);
});

test("the static playground is served, with its headers", async () => {
  const page = await req("/");
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /^text\/html/);
  assert.match(page.body, /<div id=app>/);
  const refs = [...page.body.matchAll(/(?:src|href)=["']?([^"' >]+)/g)].map((m) => m[1]);
  assert.ok(refs.length >= 3, `references in index.html: ${refs}`);
  for (const ref of refs) {
    const r = await req("/" + ref);
    assert.equal(r.status, 200, ref);
    assert.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable", ref);
  }
  const assets = (await req("/assets.json")).json().assets;
  const wasm = assets.find((a) => a.endsWith(".wasm"));
  const w = await fetch(base + "/" + wasm);
  assert.equal(w.status, 200);
  assert.equal(w.headers.get("content-type"), "application/wasm");
  assert.ok((await w.arrayBuffer()).byteLength > 1_000_000);
  assert.equal((await req("/sw.js")).status, 200);
  assert.match((await req("/sw.js")).headers.get("cache-control") ?? "", /max-age=0|no-cache/);

  const embed = await req("/embed");
  assert.equal(embed.status, 200);
  assert.match(embed.headers.get("content-security-policy"), /frame-ancestors \*$/);
  assert.match(page.headers.get("content-security-policy"), /frame-ancestors 'self'$/);

  // Build internals are not content.
  assert.equal((await req("/_headers")).status, 404);
  assert.equal((await req("/index.html.br")).status, 404);
});

test("security headers on every response", async () => {
  await req("/api/health", { method: "HEAD" });
  assert.ok(seen.length > 30, `only ${seen.length} responses`);
  for (const r of seen) {
    const what = `${r.method} ${r.path} (${r.status})`;
    const csp = r.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src '(self|none)'/, what);
    assert.match(csp, /frame-ancestors/, what);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff", what);
    assert.equal(r.headers.get("referrer-policy"), "no-referrer", what);
    for (const k of r.headers.keys()) assert.ok(!k.startsWith("access-control-"), `${what}: ${k}`);
  }
});

test("per-request cost of a share GET", async (t) => {
  const { id } = (await post({ ...SAMPLE, path: "cpu" })).json();
  const N = 40;
  await fetch(`${base}/api/share/${id}`).then((r) => r.text()); // warm up
  const cpu0 = workerdCPU();
  const wall = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/share/${id}`);
    await r.text();
    assert.equal(r.status, 200);
    wall.push(performance.now() - t0);
  }
  const cpuMs = ((workerdCPU() - cpu0) * 1000) / N;
  wall.sort((a, b) => a - b);
  const msg = `share GET over ${N} requests: workerd CPU ${cpuMs.toFixed(1)} ms/request (all of workerd, Miniflare's proxy included), wall median ${wall[N >> 1].toFixed(1)} ms, p90 ${wall[Math.floor(N * 0.9)].toFixed(1)} ms`;
  t.diagnostic(msg);
  console.log("# worker cost: " + msg);
  // A sanity bound, not a budget: a fresh Go instance per request costs tens of ms.
  if (!Number.isNaN(cpuMs)) assert.ok(cpuMs < 250, msg);
});
