// A keystroke's way to the engine (app/workspace.ts predict, app/
// scheduler.ts, engine/client.ts), with a scripted engine and editor:
//   - a typed character's predicted text is sent before the editor has it,
//     and its answer is drawn only once the editor's change confirms it; a
//     change that differs, or none, sends the editor's text and the
//     prediction's answer is never drawn;
//   - an evaluation never waits behind the editor's help (complete, hover):
//     tools.wasm's ops go to a worker of their own (transport.ts), which
//     gets every text the engine got before each of its requests;
//   - completion asked as one types does not hold the worker while
//     tools.wasm starts (ToolsReady tells the page when it is up).
import { test, run, ok, eq } from "./harness";
import { Workspace } from "../../src/app/workspace";
import { Scheduler, type ResultSink } from "../../src/app/scheduler";
import { EngineClient } from "../../src/engine/client";
import { bindClient } from "../../src/transport";
import type { Result } from "../../src/model";
import { FakeWorker } from "./fakeworker";

const g = globalThis as any;
g.location = { hash: "", pathname: "/", search: "" };
g.history = { replaceState() {} };

/** Lets every queued microtask (and the promise chains they start) run. */
const settle = () => new Promise<void>((r) => setTimeout(r, 0));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const FILE = "C:\\inetpub\\wwwroot\\web.config";

function result(tag: string): Result {
  return { configPath: "MACHINE/WEBROOT/APPHOST/Default Web Site", chain: [], sections: [], diagnostics: [], tag } as unknown as Result;
}

/**
 * The page's side of a keystroke: a workspace whose file the scripted
 * editor holds, the scheduler, an engine whose evaluations answer when the
 * test says, and what was drawn.
 */
function page() {
  let text = "<a/>";
  const evaluations: { edits: { path: string; text?: string }[]; answer: (r: Result) => void }[] = [];
  const drawn: string[] = [];
  const engine = {
    evaluate(args: { edits?: { path: string; text?: string }[] }) {
      return new Promise<Result>((answer) => evaluations.push({ edits: args.edits ?? [], answer }));
    },
    fileDiagnostics: () => Promise.resolve({}),
    siteMap: () => Promise.resolve(null),
  };
  const editors = { text: (p: string) => (p === FILE ? text : undefined), elementPath: () => [] };
  let sched!: Scheduler;
  const ws = new Workspace(engine as any, editors as any, {
    changed: (c) => {
      if (!c.sent) {
        sched.edited();
        sched.schedule();
      }
    },
    predicted: () => {
      sched.edited();
      sched.schedule();
    },
    saved: () => {},
    mayAutosave: () => false,
  });
  ws.replace({ version: 1, files: [{ path: FILE, text }], path: "Default Web Site" } as any);
  const sink: ResultSink = {
    drawnSections: () => [],
    filter: () => "",
    showResult: async (r) => void (r && drawn.push((r as any).tag)),
    drawn: () => Promise.resolve(),
    finished: () => {},
    showFileDiagnostics: () => {},
    showSiteMap: () => {},
    failed: (m) => drawn.push("failed: " + m),
  };
  sched = new Scheduler(engine as any, ws, editors as any, sink);
  // The scheduler's first evaluation is a complete one: make it, so that
  // the keystrokes below are live ones.
  (sched as any).needComplete = false;
  (sched as any).result = result("start");
  (sched as any).resultKey = "Default Web Site|false";
  return {
    ws,
    sched,
    evaluations,
    drawn,
    /** The editor makes a change (CodeMirror's update listener). */
    edit(to: string) {
      text = to;
      ws.edited(FILE);
    },
  };
}

g.requestAnimationFrame = (f: (t: number) => void) => setTimeout(() => f(performance.now()), 0);

test("a predicted keystroke is sent before the editor has it, and drawn once the editor confirms it", async () => {
  const p = page();
  p.sched.keystroke();
  p.ws.predict(FILE, "<ab/>");
  await settle();
  eq(p.evaluations.length, 1, "evaluated at once");
  eq(p.evaluations[0].edits, [{ path: FILE, text: "<ab/>" }], "with the predicted text");
  p.evaluations[0].answer(result("ab"));
  await settle();
  eq(p.drawn, [], "not drawn before the editor's change");
  p.edit("<ab/>");
  await settle();
  eq(p.drawn, ["ab"], "drawn once confirmed");
  await sleep(150);
  eq(p.evaluations.length, 1, "nothing more sent: the engine has the text");
  eq(p.sched.latencies.length, 1, "the keystroke is measured once");
});

test("a prediction the editor does not confirm is never drawn: the editor's text is sent and drawn", async () => {
  const p = page();
  p.sched.keystroke();
  p.ws.predict(FILE, "<a(/>");
  await settle();
  p.edit("<a()/>"); // the editor closed a bracket, say
  p.evaluations[0].answer(result("predicted"));
  await settle();
  eq(p.evaluations.length, 2, "evaluated again");
  eq(p.evaluations[1].edits, [{ path: FILE, text: "<a()/>" }], "with the editor's text");
  p.evaluations[1].answer(result("editor"));
  await settle();
  await settle();
  eq(p.drawn, ["editor"], "only the editor's text's answer is drawn");
});

test("a prediction no change follows is taken back: the engine gets the editor's text again", async () => {
  const p = page();
  p.ws.predict(FILE, "<ab/>");
  await settle();
  p.evaluations[0].answer(result("predicted"));
  await sleep(150); // past AHEAD_MS
  eq(p.evaluations.length, 2, "evaluated again");
  eq(p.evaluations[1].edits, [{ path: FILE, text: "<a/>" }], "with the text the editor still has");
  p.evaluations[1].answer(result("editor"));
  await settle();
  await settle();
  eq(p.drawn, ["editor"], "the prediction's answer was never drawn");
});

test("a change confirmed before the prediction was sent is sent as the editor has it", async () => {
  const p = page();
  // A refresh is running: the prediction waits behind it.
  p.sched.schedule();
  (p.ws as any).dirty.add(FILE);
  await settle();
  eq(p.evaluations.length, 1, "the running refresh");
  p.ws.predict(FILE, "<ab/>");
  p.edit("<ab/>");
  p.evaluations[0].answer(result("before"));
  await settle();
  await settle();
  eq(p.evaluations.length, 2, "one more evaluation");
  eq(p.evaluations[1].edits, [{ path: FILE, text: "<ab/>" }], "the editor's text");
  p.evaluations[1].answer(result("ab"));
  await settle();
  await settle();
  eq(p.drawn, ["before", "ab"], "both drawn, in order");
});

g.Worker = FakeWorker;
g.crossOriginIsolated = false;

test("the editor's help runs in a worker of its own: an evaluation never waits for it, and it reads every text the engine has", async () => {
  const t = bindClient();
  const engine = FakeWorker.last;
  await t.ready;
  const texts = (w: FakeWorker) => w.sent.filter((r) => r.op).map((r) => `${r.op} ${JSON.stringify(r.args.edits?.map((e: any) => e.text) ?? r.args.text ?? r.args.files?.map((f: any) => f.text) ?? null)}`);
  const loaded = t.call("load", { files: [{ path: "w", text: "0" }] });
  await settle();
  engine.answer(engine.sent[0].id, {});
  await loaded;
  const order: string[] = [];
  void t.call("evaluate", { path: "p", edits: [{ path: "w", text: "1" }] }, "evaluate", undefined, true).then(() => order.push("evaluate 1"));
  await settle();
  eq(FakeWorker.all.filter((w) => w !== engine && w.sent.length).length, 0, "no tools' worker before a tools op");
  // While the first evaluation runs: a completion with a newer text (its
  // pending edit), then the next keystroke's evaluation.
  void t.call("complete", { file: "w", text: "12", offset: 2, path: "p", edits: [{ path: "w", text: "12" }] }, "complete").then(() => order.push("complete"));
  const tools = FakeWorker.last;
  ok(tools !== engine, "the tools' worker is started");
  void t.call("evaluate", { path: "p", edits: [{ path: "w", text: "123" }] }, "evaluate", undefined, true).then(() => order.push("evaluate 2"));
  await synced(tools);
  eq(texts(tools), ['load ["0"]', 'setFile "12"', 'complete "12"'], "the tools' worker gets the workspace as the engine will have it, then the completion");
  eq(tools.sent[2].args.edits, undefined, "the completion without the edit it carried");
  engine.answer(engine.sent[1].id, {});
  await settle();
  eq(texts(engine).slice(1), ['evaluate ["1"]', 'edit ["12"]'], "the completion's edit goes to the engine too");
  engine.answer(engine.sent[2].id, {});
  await settle();
  eq(texts(engine)[3], 'evaluate ["123"]', "the next evaluation is sent while the completion runs");
  engine.answer(engine.sent[3].id, {});
  await settle();
  eq(order, ["evaluate 1", "evaluate 2"], "both evaluations answered; the completion still runs");
  tools.answer(tools.sent[2].id, { options: [] });
  await settle();
  eq(order, ["evaluate 1", "evaluate 2", "complete"], "then the completion");
  // The next tools request is preceded by what changed since: the last evaluation's text.
  const hovered = t.call("hover", { file: "w", text: "123", offset: 1, path: "p" }, "hover");
  await synced(tools);
  eq(texts(tools).slice(3), ['setFile "123"', 'hover "123"'], "the tools' worker is brought in step first");
  tools.answer(tools.sent[tools.sent.length - 1].id, null);
  await hovered;
  const n = tools.sent.length;
  const again = t.call("hover", { file: "w", text: "123", offset: 2, path: "p" }, "hover");
  await settle();
  eq(texts(tools).slice(n), ['hover "123"'], "nothing new: nothing sent again");
  tools.answer(tools.sent[tools.sent.length - 1].id, null);
  await again;
});

/** Answers the workspace calls a worker was sent (the tools' worker catching up) until another request is sent. */
async function synced(w: FakeWorker): Promise<void> {
  const done = new Set<number>();
  for (;;) {
    await settle();
    const r = w.sent[w.sent.length - 1];
    if (!r || !["load", "loadStock", "setFile", "removeFile"].includes(r.op) || done.has(r.id)) return;
    done.add(r.id);
    w.answer(r.id, {});
  }
}

test("completion as one types is not held behind tools.wasm's start; ToolsReady tells the page", async () => {
  const c = new EngineClient({ workerUrl: "worker.js" });
  const w = FakeWorker.last;
  await c.ready;
  let up = false;
  void c.toolsReady().then(() => (up = true));
  const r = c.call("complete", { file: "w", text: "", offset: 0, path: "p" }, { supersede: "complete", ifReady: true });
  await settle();
  ok(w.sent[0].ifReady, "the request says it need not wait");
  w.answer(w.sent[0].id, { starting: true });
  eq(await r, { starting: true }, "answered at once");
  eq(up, false, "not up yet");
  c.warmTools();
  eq(w.sent[1], { warmTools: true }, "warm-up sent outside the queue");
  w.onmessage?.({ data: { toolsReady: true } });
  await settle();
  eq(up, true, "toolsReady resolved by the worker's message");
  await c.toolsReady(); // at once now
});

void run();
