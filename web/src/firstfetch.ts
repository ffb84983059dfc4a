// firstfetch.ts: the build's first answer (first.<hash>.json, app/first.ts),
// asked for by the page's first script on a first visit.
//
// The page's modules evaluate only once every one of them has arrived and
// the HTML is parsed; asked for by app/first.ts as it was evaluated, the
// answer's response (preloaded long before) was read and parsed after that
// evaluation, in tasks of its own between it and the drawing. Asked for by
// early.js (web/src/early.ts), which runs as soon as it arrives, the
// response is parsed while the main thread waits for the modules, and the
// page draws the moment they have run.

/** The answer as JSON, parsed (null when the fetch failed); app/first.ts checks its shape. */
export type EarlyAnswer = Promise<unknown>;

const SLOT = "__iisconfFirstAnswer";
type Slot = { [SLOT]?: { url: string; answer: EarlyAnswer } };

/** Fetches and parses url, and keeps the promise for the page (takeFirstAnswer). */
export function fetchFirstAnswerEarly(url: string): void {
  const g = globalThis as Slot;
  if (g[SLOT]) return;
  // credentials as the preload's (crossorigin), so the preloaded response is used.
  const answer = fetch(url, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  g[SLOT] = { url, answer };
}

/** The answer fetchFirstAnswerEarly asked for, once, if it asked for url (else null: the page fetches its own). */
export function takeFirstAnswer(url: string): EarlyAnswer | null {
  const g = globalThis as Slot;
  const early = g[SLOT];
  delete g[SLOT];
  return early && early.url === url ? early.answer : null;
}
