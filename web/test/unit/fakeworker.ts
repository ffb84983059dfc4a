// A scripted engine worker for the unit tests of the engine client
// (web/src/engine/client.ts): it records what the page posts and answers
// when the test says, as worker.ts does — through the shared answer
// buffer when the request asked for it and the buffer holds it, else in
// the message. A test installs it as globalThis.Worker.
import { ok } from "./harness";
import { AnswerBuffer } from "../../src/engine/answerbuffer";

/** A scripted engine worker: records what the page sends, answers when told. */
export class FakeWorker {
  static last: FakeWorker;
  /** Every worker made, in order (the page makes one for the engine, one for the tools). */
  static all: FakeWorker[] = [];
  sent: any[] = [];
  buffer: AnswerBuffer | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: unknown = null;
  constructor() {
    FakeWorker.last = this;
    FakeWorker.all.push(this);
    // The real worker announces itself once its wasm is running.
    queueMicrotask(() => this.onmessage?.({ data: { ready: true, version: "test" } }));
  }
  postMessage(m: any): void {
    if (m.answerBuffer) this.buffer = new AnswerBuffer(m.answerBuffer);
    else this.sent.push(m);
  }
  terminate(): void {}
  /** Answers request id as worker.ts does: through the buffer when asked and it fits, the message saying so. */
  answer(id: number, value: unknown, { message = true } = {}): void {
    const req = this.sent.find((r) => r.id === id);
    ok(req, `request ${id} was sent`);
    const text = JSON.stringify(value);
    if (req.frame && this.buffer && this.buffer.write(id, text, 1.5)) {
      if (message) this.onmessage?.({ data: { id, shared: true, ms: 1.5 } });
    } else this.onmessage?.({ data: { id, result: text, ms: 1.5 } });
  }
}
