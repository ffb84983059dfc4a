// The engine client's two ways of receiving an evaluation (web/src/engine/
// client.ts, answerbuffer.ts), with a scripted worker and scripted frames:
// on a cross-origin isolated page the answer is read from the shared
// buffer inside a frame, and what the caller does with it runs in that
// frame; an answer in the buffer is only ever the answer to the request in
// flight, so a superseded keystroke's answer is never given to a newer
// document's request; without isolation, and for an answer too big for the
// buffer, the message carries it as before.
import { test, run, ok, eq } from "./harness";
import { EngineClient, Superseded } from "../../src/engine/client";
import { currentFrame } from "../../src/frame";
import { FakeWorker } from "./fakeworker";

const g = globalThis as any;

/** The next frame's callbacks, run by frame(). */
let callbacks: ((t: number) => void)[] = [];
let frameTime = 0;
g.requestAnimationFrame = (f: (t: number) => void) => {
  callbacks.push(f);
  return callbacks.length;
};
/** Runs one frame: its animation callbacks, each followed by its microtasks (as a browser does). */
async function frame(): Promise<void> {
  frameTime += 16.7;
  const now = callbacks;
  callbacks = [];
  for (const f of now) {
    f(frameTime);
    await settle();
  }
}
/** Lets every queued microtask (and the promise chains they start) run. */
const settle = () => new Promise<void>((r) => setTimeout(r, 0));

g.Worker = FakeWorker;

async function client(isolated: boolean): Promise<{ c: EngineClient; w: FakeWorker }> {
  g.crossOriginIsolated = isolated;
  callbacks = [];
  const c = new EngineClient({ workerUrl: "worker.js" });
  const w = FakeWorker.last;
  await c.ready;
  return { c, w };
}

test("isolated: the answer is read in the next frame, and the caller's continuation runs in that frame", async () => {
  const { c, w } = await client(true);
  ok(c.sharedAnswers && w.buffer, "the worker was given a buffer");
  let inFrame: number | null | undefined;
  let got: unknown;
  const p = c.call("evaluate", { path: "a" }, { supersede: "evaluate", frame: true }).then((r) => {
    got = r;
    inFrame = currentFrame();
  });
  await settle();
  eq(w.sent.map((r) => [r.id, r.frame]), [[1, true]], "sent, marked for the buffer");
  w.answer(1, { doc: "a" }, { message: false });
  await frame();
  await p;
  eq(got, { doc: "a" }, "the answer");
  ok(inFrame !== null && inFrame === frameTime, `resolved inside the frame (${inFrame})`);
  // The worker's message, after the frame, is not a second answer.
  w.onmessage?.({ data: { id: 1, shared: true, ms: 1 } });
  await settle();
});

test("isolated: a frame without the answer looks again in the next one; the message delivers it when no frame comes", async () => {
  const { c, w } = await client(true);
  let got: unknown = "pending";
  void c.call("evaluate", { path: "a" }, { supersede: "evaluate", frame: true }).then((r) => (got = r));
  await settle();
  await frame(); // nothing written yet
  eq(got, "pending", "not answered yet");
  w.answer(1, { doc: "a" }, { message: false });
  await frame();
  eq(got, { doc: "a" }, "read in the next frame");

  // A hidden page draws no frames: the message says the answer is in the buffer.
  void c.call("evaluate", { path: "b" }, { supersede: "evaluate", frame: true }).then((r) => (got = r));
  await settle();
  w.answer(2, { doc: "b" });
  await settle();
  eq(got, { doc: "b" }, "read on the message");
});

test("isolated: a superseded keystroke's answer in the buffer never reaches the newer document's call", async () => {
  const { c, w } = await client(true);
  const results: unknown[] = [];
  const a = c.call("evaluate", { path: "p", edits: [{ path: "w", text: "<a" }] }, { supersede: "evaluate", frame: true });
  await settle();
  // The next keystroke while the first is with the engine: the first call
  // is superseded; the second waits for the engine to finish the first.
  const b = c.call("evaluate", { path: "p", edits: [{ path: "w", text: "<ab" }] }, { supersede: "evaluate", frame: true });
  void b.then((r) => results.push(r));
  ok((await a) instanceof Superseded, "the first call resolves as superseded");
  eq(w.sent.map((r) => r.id), [1], "the second is not sent while the first is in flight");
  w.answer(1, { doc: "<a" }, { message: false });
  await frame();
  eq(results, [], "the first answer, read from the buffer, went to nobody");
  eq(w.sent.map((r) => r.id), [1, 2], "the second was sent once the first answer was read");
  // The buffer still holds the first answer: frames before the second
  // answer must not take it for the second's.
  await frame();
  await frame();
  eq(results, [], "an old answer in the buffer is not the newer call's");
  w.answer(2, { doc: "<ab" }, { message: false });
  await frame();
  eq(results, [{ doc: "<ab" }], "the newer document's answer");
  // The first answer's message, late, changes nothing.
  w.onmessage?.({ data: { id: 1, shared: true } });
  await settle();
  eq(results, [{ doc: "<ab" }], "still the newer answer only");
});

test("isolated: an answer too big for the buffer, and a call not marked frame, come as messages", async () => {
  const { c, w } = await client(true);
  const big = { text: "x".repeat((1 << 20) + 10) };
  let got: any;
  void c.call("evaluate", { path: "a" }, { supersede: "evaluate", frame: true }).then((r) => (got = r));
  await settle();
  w.answer(1, big);
  await settle();
  eq(got?.text?.length, big.text.length, "the big answer");
  void c.call("siteMap", {}).then((r) => (got = r));
  await settle();
  eq(w.sent[1].frame, undefined, "not marked");
  w.answer(2, { sites: [] });
  await settle();
  eq(got, { sites: [] }, "answered by message");
});

test("not isolated: no buffer, every answer a message", async () => {
  const { c, w } = await client(false);
  ok(!c.sharedAnswers && !w.buffer, "no buffer without isolation");
  let got: unknown;
  void c.call("evaluate", { path: "a" }, { supersede: "evaluate", frame: true }).then((r) => (got = r));
  await settle();
  eq(w.sent[0].frame, undefined, "the request is not marked");
  eq(callbacks.length, 0, "no frame is asked for");
  w.answer(1, { doc: "a" });
  await settle();
  eq(got, { doc: "a" }, "answered by message");
});

void run();
