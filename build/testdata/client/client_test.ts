// Drives web/src/engine/client.ts against a fake Worker under Node:
// superseding, the watchdog restart with replay, and error answers.
// Run by build/client_test.go; prints "ok" or throws.
import { EngineClient, Superseded } from "../../../web/src/engine/client";

type Msg = { id: number; op: string; args: any };
const workers: FakeWorker[] = [];

class FakeWorker {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  seen: Msg[] = [];
  terminated = false;
  constructor(readonly url: string) {
    workers.push(this);
    setTimeout(() => this.emit({ ready: true, version: "test" }), 1);
  }
  emit(data: unknown) {
    if (!this.terminated) this.onmessage?.({ data });
  }
  postMessage(m: Msg) {
    this.seen.push(m);
    if (m.args?.hang) return; // a runaway op: never answers
    setTimeout(() => {
      if (m.op === "fail") this.emit({ id: m.id, error: "boom" });
      else this.emit({ id: m.id, result: JSON.stringify({ op: m.op, args: m.args }), ms: 1 });
    }, 5);
  }
  terminate() {
    this.terminated = true;
  }
}
(globalThis as any).Worker = FakeWorker;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error("FAIL: " + msg);
}

async function main() {
  const c = new EngineClient({ workerUrl: "w.js", timeoutMs: 100 });
  assert((await c.ready) === "test", "ready version");
  const restarts: string[] = [];
  c.onRestart = (r) => restarts.push(r);

  // Superseding: of three queued evaluates only the last reaches the worker.
  const p1 = c.call("evaluate", { path: "a" }, { supersede: "ev" });
  const p2 = c.call("evaluate", { path: "b" }, { supersede: "ev" });
  const p3 = c.call("evaluate", { path: "c" }, { supersede: "ev" });
  const [r1, r2, r3] = await Promise.all([p1, p2, p3]);
  assert(r1 instanceof Superseded, "p1 (in flight) superseded: its answer is dropped");
  assert(r2 instanceof Superseded, "p2 superseded");
  assert((r3 as any).args.path === "c", "p3 answered");
  const evPaths = workers[0].seen.filter((m) => m.op === "evaluate").map((m) => m.args.path);
  assert(evPaths.join() === "a,c", "a was in flight, b never sent: " + evPaths.join());

  // Errors reject with the op name.
  await c.call("fail").then(
    () => assert(false, "fail resolved"),
    (e: Error) => assert(e.message === "fail: boom", e.message),
  );

  // Watchdog: a runaway call is rejected, the worker replaced, the state
  // replayed, and the call queued behind it answered by the new worker.
  await c.call("load", { files: [{ path: "C:\\a", text: "1" }] });
  await c.call("setFile", { path: "C:\\b", text: "old" });
  await c.call("setFile", { path: "C:\\B", text: "new" });
  const runaway = c.call("evaluate", { path: "x", hang: true });
  const behind = c.call("siteMap");
  let err = "";
  await runaway.catch((e: Error) => (err = e.message));
  assert(/ran longer than 100 ms/.test(err), "runaway rejected: " + err);
  assert((await behind as any).op === "siteMap", "queued call answered after restart");
  assert(workers.length === 2 && workers[0].terminated, "worker replaced");
  const replay = workers[1].seen.map((m) => m.op + (m.args.text ? ":" + m.args.text : ""));
  assert(replay.join() === "load,setFile:new,siteMap", "replay: " + replay.join());
  assert(restarts.length === 1, "onRestart called once");
  console.log("ok");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
