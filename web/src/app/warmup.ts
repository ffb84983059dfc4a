// warmup.ts: readies the engine for typing. Browsers compile a wasm
// function the first time it runs, in quick baseline code, and optimize it
// only once it has run a while: right after a load, the first keystrokes
// ran several times slower than later ones. So when the page is idle after
// a workspace is shown, it asks the engine to play a few keystrokes at the
// path on a scratch copy (the engine's warm op), in short steps, and stops
// as soon as the user types (their own keystrokes then do the rest).
import type { Engine } from "../api";
import { whenIdle } from "../dom";

export interface WarmHost {
  /** The path shown. */
  path(): string;
  /** The sections a keystroke's evaluation fetches whole. */
  liveSections(): Iterable<string>;
  /** Keystrokes typed so far (warming stops when it changes). */
  keystrokes(): number;
}

/** Steps of two keystrokes each: enough for the browser to optimize the hot code. */
const STEPS = 6;

export async function warmUp(engine: Engine, host: WarmHost): Promise<void> {
  const typed = host.keystrokes();
  for (let i = 0; i < STEPS; i++) {
    await new Promise<void>((r) => whenIdle(r, 1000));
    if (host.keystrokes() !== typed) return;
    try {
      // The first step also checks every path once (the editor markers'
      // fileDiagnostics, which runs when typing pauses).
      const r = await engine.warm(host.path(), [...host.liveSections()], 2, i === 0);
      if (!r || r.rounds === 0) return; // superseded, or nothing to warm at this path
    } catch {
      return; // warming is an optimization: a failure changes nothing
    }
  }
}
