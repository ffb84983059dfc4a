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

// A second look, later in the same frame: after the animation callbacks
// the browser recalculates style and lays the page out, then delivers
// ResizeObserver callbacks, and what they change is laid out again and
// painted in that frame. An evaluation's answer that reaches the shared
// buffer just after the frame's animation callbacks looked (client.ts)
// can still be drawn there. The probe is a hidden, empty element whose width
// changes (1 to 100 px, in turn) when a look is wanted; two observers see it,
// the first runs the looks (currentFrame() is the frame's time for them
// and their microtasks), the second, called after those microtasks,
// ends that.
let probe: HTMLElement | null = null;
let later: { time: number; f: () => void }[] = [];
let flips = 0;

/**
 * Runs f once more in the frame whose animation callback is running now
 * (time: its timestamp), after the frame's layout, before its paint.
 * False when the page cannot (no ResizeObserver): f is not run.
 */
export function laterInFrame(time: number, f: () => void): boolean {
  if (typeof ResizeObserver !== "function" || typeof document === "undefined" || !document.body) return false;
  if (!probe) {
    probe = document.createElement("div");
    probe.setAttribute("aria-hidden", "true");
    probe.style.cssText = "position:fixed;top:0;left:0;width:0;height:0;visibility:hidden;pointer-events:none;contain:strict";
    document.body.appendChild(probe);
    new ResizeObserver(() => {
      const fs = later;
      later = [];
      for (const g of fs) {
        current = g.time;
        g.f();
      }
    }).observe(probe);
    new ResizeObserver(() => {
      current = null;
    }).observe(probe);
  }
  // A width it did not have: each call in a frame is a change the observers see.
  flips = (flips % 100) + 1;
  probe.style.width = flips + "px";
  later.push({ time, f });
  return true;
}
