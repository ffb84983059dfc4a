// transport.ts: binds api.ts to the engine client (engine/client.ts, owned
// by the engine-worker side). Superseded answers become null; the page
// treats null as "a newer request replaced this one, draw nothing".
//
// Two workers. The engine's worker answers the engine's ops: every
// keystroke's evaluation. tools.wasm's ops (the editor's completion and
// hover, the pool view, appcmd, the support tools: ToolsOps) go to a
// worker of their own, started the first time one is asked for or the
// editor is focused (warmTools): the same worker script, whose engine is
// kept in step with the first one's. Before each tools request it is sent
// what the page's calls did to the engine's workspace since the last one
// (EngineClient.changesSince: a load, then each changed file's last
// text), so completion and hover read the very workspace the page
// evaluates, and a tools write's files, which the page then sends to the
// engine, reach its copy the same way. Why: a worker answers in order, and
// CodeMirror asks for a completion ~100 ms after each key (~5-10 ms of
// tools.wasm, much more under load), just when a typist's next key comes;
// in one worker that key's evaluation waited for the completion, and its
// panels were drawn a frame late. Now the two run side by side.
import { EngineClient, Superseded } from "./engine/client";
import type { AutosaveArgs, Op, OpArgs, Edit, WarmAt } from "./engine/protocol";
import { toolsOpNames } from "./gen/ops";

export interface Transport {
  ready: Promise<unknown>;
  /** frame: deliver the answer inside a frame when the page can (engine/answerbuffer.ts). */
  call<K extends Op>(op: K, args: OpArgs<K>, supersede?: string, timeoutMs?: number, frame?: boolean, ifReady?: boolean): Promise<unknown>;
  onRestart(f: (reason: string) => void): void;
  /** Answers can come through the shared answer buffer (the page is cross-origin isolated). */
  readonly sharedAnswers: boolean;
  /** Resolves once the tools' worker's tools.wasm has started. */
  toolsReady(): Promise<void>;
  /** Starts the tools' worker and its tools.wasm in the background, with the workspace; at: where a completion is played once. */
  warmTools(at?: WarmAt): void;
  /** A large workspace's autosave, written by the worker (engine/autosave.ts); resolves once stored. */
  autosave(args: AutosaveArgs): Promise<void>;
}

const TOOL_OPS = new Set<string>(toolsOpNames);

export function bindClient(): Transport {
  const engine = new EngineClient();
  // The last 200 engine timings, for the bench and for debugging.
  const timings: { op: string; ms: number }[] = ((globalThis as any).__iisconfTimings = []);
  const onTiming = (op: string, ms: number) => {
    timings.push({ op, ms });
    if (timings.length > 200) timings.shift();
  };
  engine.onTiming = onTiming;
  let onRestart: ((reason: string) => void) | null = null;
  let tools: EngineClient | null = null;
  let synced = 0; // engine.changesSince's sequence number the tools' worker has

  /** The tools' worker, brought in step with the engine's workspace. */
  const toolsClient = (): EngineClient => {
    if (!tools) {
      // Its own worker (not the page's early one) and no answer buffer:
      // tools' answers are read when they come, not in frames.
      tools = new EngineClient({ name: "iisconf-tools", early: false, frameAnswers: false });
      tools.onTiming = onTiming;
      tools.onRestart = (reason) => onRestart?.(reason);
    }
    const d = engine.changesSince(synced);
    synced = d.seq;
    // Failures of these are the engine's own (the engine's worker has
    // answered them already): the tools request after them tells its own.
    const quiet = (p: Promise<unknown>) => void p.catch(() => {});
    if (d.load === "stock") quiet(tools.call("loadStock", {}));
    else if (d.load) quiet(tools.call("load", d.load));
    for (const c of d.changes) quiet(tools.call(c.op, c.args));
    return tools;
  };

  const options = (supersede?: string, timeoutMs?: number, frame?: boolean, ifReady?: boolean) => ({
    ...(supersede ? { supersede } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(frame ? { frame } : {}),
    ...(ifReady ? { ifReady } : {}),
  });

  return {
    ready: engine.ready,
    async call(op, args, supersede, timeoutMs, frame, ifReady) {
      let r: unknown;
      if (TOOL_OPS.has(op)) {
        // complete's and hover's pending edits are the engine's first (the
        // page counts them as sent); the tools' worker gets them as the
        // engine's changes, just below.
        const edits = (args as { edits?: Edit[] }).edits;
        if (edits?.length) {
          void engine.call("edit", { edits }).catch(() => {});
          args = { ...args, edits: undefined } as typeof args;
        }
        r = await toolsClient().call(op, args, options(supersede, timeoutMs, false, ifReady));
      } else {
        r = await engine.call(op, args, options(supersede, timeoutMs, frame, ifReady));
      }
      return r instanceof Superseded ? null : r;
    },
    onRestart(f) {
      engine.onRestart = f;
      onRestart = f;
    },
    get sharedAnswers() {
      return engine.sharedAnswers;
    },
    toolsReady: () => toolsClient().toolsReady(),
    warmTools: (at) => toolsClient().warmTools(at),
    autosave: (args) => engine.autosave(args),
  };
}
