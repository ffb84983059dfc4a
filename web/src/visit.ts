// visit.ts: what kind of visit this is, as far as the engine is concerned.
// Read twice on every visit: by early.ts, the first script the page runs,
// to start the engine worker before the page's own modules have loaded,
// and by the App (app/app.ts start) to choose its start-up order. One rule
// for both, so they cannot disagree.

import { AUTOSAVE_KEY } from "./autosavekey";

/** The localStorage key of the autosave (share.ts reads and writes it). */
export { AUTOSAVE_KEY };

/** Whether an autosave may be there (cheap: share.ts's loadLocal tells for sure). */
export function hasLocal(): boolean {
  try {
    return localStorage.getItem(AUTOSAVE_KEY) !== null;
  } catch {
    return false;
  }
}

/**
 * Whether this visit's first result needs the engine: a share link, a
 * ?sample= link or an autosave. Only a first visit (none of them) has its
 * answer shipped by the build (app/first.ts), and starts the engine once
 * that answer is drawn.
 */
export function needsEngineAtOnce(): boolean {
  return location.hash.length > 1 || !!new URLSearchParams(location.search).get("sample") || hasLocal();
}

/** The ?sample= name that opens the IIS 6 metabase tool over the stock server, not a sample (app/replace.ts). */
export const METABASE_SAMPLE = "metabase";

/**
 * What this visit opens, for the engine worker to open ahead of the page
 * (engine/protocol.ts OpenMessage): the link in the address, else the
 * ?sample= (its step too: the worker composes the sample as the page's
 * request for it will), else the autosave's text; nothing for a first
 * visit or the metabase tool. The same order as the App's start.
 */
export function opensAhead(): { hash: string } | { sample: string; step?: string } | { state: string } | null {
  if (location.hash.length > 1) return { hash: location.hash };
  const params = new URLSearchParams(location.search);
  const sample = params.get("sample");
  if (sample) return sample === METABASE_SAMPLE ? null : { sample, ...(params.get("step") ? { step: params.get("step")! } : {}) };
  try {
    const state = localStorage.getItem(AUTOSAVE_KEY);
    return state ? { state } : null;
  } catch {
    return null;
  }
}
