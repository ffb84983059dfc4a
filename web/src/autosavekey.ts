// autosavekey.ts: where the autosave lives, without the DOM (visit.ts, the
// page's first script, reads it from localStorage; statestore.ts, which
// the engine worker also runs, keys the IndexedDB record with it).

/** The localStorage key of the autosave, and the key of its IndexedDB record. */
export const AUTOSAVE_KEY = "iisconf.state.v1";
