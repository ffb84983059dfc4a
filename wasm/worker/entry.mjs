// The Worker's entry (wrangler.toml main): the Go Worker of
// workers-assets-gen (worker.mjs, one fresh Go instance per request), with
// at most WRITES share uploads running at once in this isolate. A
// near-limit upload costs its Go instance tens of MB and ~80 ms of CPU on
// the isolate's one thread: sixteen at once raised workerd's memory by
// ~200 MiB (an isolate may use 128 MB) and held a small GET back for
// seconds. One more is refused at once, before Go starts, with 503 and
// Retry-After; the playground tries again after that. (Waiting for a turn
// instead is not possible: workerd cancels a request that waits on
// another request's promise.) `go run ./build worker` copies this file
// beside worker.mjs.
import worker from "./worker.mjs";

const WRITES = 4;
const RETRY_AFTER = 2; // seconds
let running = 0;

// The headers every response of package share carries (share.go); the
// Miniflare tests check this response has them too.
const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "retry-after": String(RETRY_AFTER),
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=()",
};

function busy() {
  const body = JSON.stringify({ error: `the share server is busy; try again in ${RETRY_AFTER} seconds`, status: 503 });
  return new Response(body, { status: 503, headers: HEADERS });
}

async function fetch(request, env, ctx) {
  if (request.method !== "POST") return worker.fetch(request, env, ctx);
  if (running >= WRITES) return busy();
  running++;
  try {
    const response = await worker.fetch(request, env, ctx);
    // Hold the turn until the body is written: Go may still be producing it.
    const body = await response.arrayBuffer();
    return new Response(body, response);
  } finally {
    running--;
  }
}

export default { ...worker, fetch };
