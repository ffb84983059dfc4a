// frame.ts: work done inside the browser's next frame, and whether the code
// running now is part of one.
//
// An animation-frame callback runs while the browser prepares a frame,
// before it lays out and paints it; so do the microtasks it queues (promise
// continuations). What they change in the page is in that frame. Code
// running later, in a task of its own, is drawn in a frame after it.
// currentFrame() tells the two apart: the shared answer buffer
// (engine/answerbuffer.ts) delivers an evaluation inside a frame, and the
// keystroke measure (app/scheduler.ts) asks which frame drew the panels.

let current: number | null = null;

/**
 * Runs f among the next frame's animation callbacks. While f and the
 * microtasks it queues run, currentFrame() is that frame's time (the
 * callbacks' timestamp, the same for every callback of one frame).
 */
export function inNextFrame(f: (time: number) => void): void {
  requestAnimationFrame((t) => {
    current = t;
    f(t);
  });
  // Registered right after f's callback, so it runs after it and after
  // f's microtasks, in the same frame: nothing else can come between.
  requestAnimationFrame(() => {
    current = null;
  });
}

/** The time of the frame being prepared, when called from inNextFrame's callback or a microtask it queued; else null. */
export function currentFrame(): number | null {
  return current;
}
