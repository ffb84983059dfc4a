// sw.ts: the service worker. Makes the playground work offline once it has
// loaded: on install it reads the build's asset manifest and caches every
// asset listed (HTML, JS, CSS, the engine's wasm and worker, tools.wasm);
// the page registers it only once its first visit is drawn and idle
// (main.ts), so none of this competes with what the first result needs.
// Requests are
// answered cache-first for those assets, and navigations fall back to the
// cached page. A new manifest (a new build) gets a new cache and the old
// ones are deleted on activate.
/// <reference lib="webworker" />
const sw = self as unknown as ServiceWorkerGlobalScope;
export {};

// The build compiles in the asset list and its build id (build/playground.go),
// so every build changes sw.js's bytes and browsers install the update.
declare const __IISCONF_PRECACHE__: string;
declare const __IISCONF_BUILD__: string;
const PREFIX = "iisconf-";
// The build's content-hashed names (build/playground.go's hashedName).
const HASHED = /(\.[0-9a-f]{10}|-[A-Z2-7]{8})\.[a-z0-9]+$/;

async function readManifest(): Promise<{ version: string; files: string[] }> {
  if (typeof __IISCONF_PRECACHE__ === "string") {
    const files = (JSON.parse(__IISCONF_PRECACHE__) as string[]).map((f) => f.replace(/^\//, ""));
    return { version: typeof __IISCONF_BUILD__ === "string" ? __IISCONF_BUILD__ : "dev", files };
  }
  // Fallback: the build's assets.json ({build, assets}).
  const r = await fetch("assets.json", { cache: "no-cache" });
  if (!r.ok) throw new Error("assets.json: " + r.status);
  const m = await r.json();
  return { version: String(m.build ?? "dev"), files: (m.assets ?? []).map((f: string) => f.replace(/^\//, "")) };
}

sw.addEventListener("install", (e: ExtendableEvent) => {
  e.waitUntil(
    (async () => {
      const m = await readManifest();
      const cache = await caches.open(PREFIX + m.version);
      const want = new Set(["./", "embed", ...m.files]);
      await Promise.all(
        [...want].map(async (f) => {
          try {
            // A content-hashed name never changes its bytes: what the page
            // already downloaded comes from the HTTP cache, not the network.
            const r = await fetch(f, { cache: HASHED.test(f) ? "default" : "no-cache" });
            if (r.ok) await cache.put(f, r);
          } catch {}
        }),
      );
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener("activate", (e: ExtendableEvent) => {
  e.waitUntil(
    (async () => {
      let current = "";
      try {
        current = PREFIX + (await readManifest()).version;
      } catch {}
      for (const k of await caches.keys()) if (k.startsWith(PREFIX) && current && k !== current) await caches.delete(k);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("fetch", (e: FetchEvent) => {
  const req = e.request;
  if (req.method !== "GET" || new URL(req.url).origin !== location.origin) return;
  e.respondWith(
    (async () => {
      const hit = await caches.match(req, { ignoreSearch: req.mode === "navigate" });
      if (hit) {
        // Refresh in the background when online (stale-while-revalidate for pages).
        if (req.mode === "navigate") e.waitUntil(fetch(req).then(() => undefined, () => undefined));
        return hit;
      }
      try {
        return await fetch(req);
      } catch (err) {
        if (req.mode === "navigate") {
          const path = new URL(req.url).pathname;
          const page = /\/embed(\.html)?$/.test(path) ? "embed.html" : "index.html";
          const fallback = await caches.match(page);
          if (fallback) return fallback;
        }
        throw err;
      }
    })(),
  );
});
