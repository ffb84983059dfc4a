// answerbuffer.ts: the shared answer buffer, how an evaluation's answer
// reaches the page inside the keystroke's own frame.
//
// Why: after a key press Chromium draws the keystroke's frame before it
// runs the page's other tasks, the engine worker's answer message among
// them, even when that message was posted before the frame began. Through
// postMessage the panels therefore always came one frame after the typed
// character. The worker writes the answer here instead, and the page looks
// at the buffer from its animation-frame callbacks (client.ts), which run
// inside the frame, before it is painted: when the answer is there it is
// drawn in that frame. The page never waits on the buffer: a look is one
// atomic load, and when the answer is not there yet the next frame looks
// again (or the worker's message, which says the answer is in the buffer,
// delivers it as any other message).
//
// A SharedArrayBuffer needs a cross-origin isolated page (the server's
// Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
// require-corp, build/serve.go and the Worker's _headers). A page that is
// not isolated (an embed in another site's iframe, a host without the
// headers) has no buffer: answers come as messages, as before.
//
// Layout: a header of three 32-bit slots — the id of the request answered
// (stored last, so a reader that sees an id sees its bytes), the answer's
// length in UTF-8 bytes and the engine's time in microseconds — then the
// bytes. One request is in flight at a time (client.ts), and the worker
// writes only the in-flight request's answer, so the page never reads
// bytes the worker is writing: the next answer is written only after the
// page has read this one and sent the next request.

const SEQ = 0;
const LEN = 1;
const MICROS = 2;
const HEADER_BYTES = 16;

/**
 * Answers up to this size go through the buffer: a keystroke's answer
 * (tens of KB; a few hundred for a hosting server's) and a complete
 * evaluation of the stock server. A bigger one (a hosting server's
 * complete evaluation) comes as a message, parsed in its own task.
 */
export const ANSWER_BUFFER_BYTES = 1 << 20;

export class AnswerBuffer {
  private readonly head: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly shared: SharedArrayBuffer) {
    this.head = new Int32Array(shared, 0, HEADER_BYTES / 4);
    this.bytes = new Uint8Array(shared, HEADER_BYTES);
  }

  /** A new buffer, or null when the page cannot share memory with its worker (not cross-origin isolated). */
  static create(capacity = ANSWER_BUFFER_BYTES): AnswerBuffer | null {
    const g = globalThis as { crossOriginIsolated?: boolean };
    if (!g.crossOriginIsolated || typeof SharedArrayBuffer !== "function") return null;
    try {
      return new AnswerBuffer(new SharedArrayBuffer(HEADER_BYTES + capacity));
    } catch {
      return null; // out of memory: messages still work
    }
  }

  /**
   * The worker's side: writes the answer to request id. False when it does
   * not fit (the answer goes as a message).
   */
  write(id: number, text: string, ms: number): boolean {
    // At least one byte per UTF-16 unit: a text that cannot fit is not encoded at all.
    if (text.length > this.bytes.length) return false;
    // (TextEncoder cannot encode into shared memory: encode, then copy.)
    const utf8 = encoder.encode(text);
    if (utf8.length > this.bytes.length) return false;
    this.bytes.set(utf8);
    Atomics.store(this.head, LEN, utf8.length);
    Atomics.store(this.head, MICROS, Math.min(0x7fffffff, Math.round(ms * 1000)));
    Atomics.store(this.head, SEQ, id);
    return true;
  }

  /** The page's side: has the worker written request id's answer? One atomic load, never a wait. */
  has(id: number): boolean {
    return Atomics.load(this.head, SEQ) === id;
  }

  /** The page's side: request id's answer, or null when the buffer holds another. */
  read(id: number): { result: string; ms: number } | null {
    if (!this.has(id)) return null;
    const n = Atomics.load(this.head, LEN);
    const ms = Atomics.load(this.head, MICROS) / 1000;
    // slice copies into unshared memory, which TextDecoder accepts.
    return { result: decoder.decode(this.bytes.slice(0, n)), ms };
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
