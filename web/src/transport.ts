// transport.ts: binds api.ts to the engine client (engine/client.ts, owned
// by the engine-worker side). Superseded answers become null; the page
// treats null as "a newer request replaced this one, draw nothing".
import { EngineClient, Superseded } from "./engine/client";
import type { AutosaveArgs, Op, OpArgs } from "./engine/protocol";

export interface Transport {
  ready: Promise<unknown>;
  /** frame: deliver the answer inside a frame when the page can (engine/answerbuffer.ts). */
  call<K extends Op>(op: K, args: OpArgs<K>, supersede?: string, timeoutMs?: number, frame?: boolean, ifReady?: boolean): Promise<unknown>;
  onRestart(f: (reason: string) => void): void;
  /** Answers can come through the shared answer buffer (the page is cross-origin isolated). */
  readonly sharedAnswers: boolean;
  /** Resolves once the worker's tools.wasm has started. */
  toolsReady(): Promise<void>;
  /** Starts the worker's tools.wasm in the background. */
  warmTools(): void;
  /** A large workspace's autosave, written by the worker (engine/autosave.ts); resolves once stored. */
  autosave(args: AutosaveArgs): Promise<void>;
}

export function bindClient(): Transport {
  const c = new EngineClient();
  // The last 200 engine timings, for the bench and for debugging.
  const timings: { op: string; ms: number }[] = ((globalThis as any).__iisconfTimings = []);
  c.onTiming = (op, ms) => {
    timings.push({ op, ms });
    if (timings.length > 200) timings.shift();
  };
  return {
    ready: c.ready,
    async call(op, args, supersede, timeoutMs, frame, ifReady) {
      const r = await c.call(op, args, { ...(supersede ? { supersede } : {}), ...(timeoutMs ? { timeoutMs } : {}), ...(frame ? { frame } : {}), ...(ifReady ? { ifReady } : {}) });
      return r instanceof Superseded ? null : r;
    },
    onRestart(f) {
      c.onRestart = f;
    },
    get sharedAnswers() {
      return c.sharedAnswers;
    },
    toolsReady: () => c.toolsReady(),
    warmTools: () => c.warmTools(),
    autosave: (args) => c.autosave(args),
  };
}
