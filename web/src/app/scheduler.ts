// scheduler.ts: the evaluation scheduler. Decides when to evaluate and what
// to ask for, keeps the latest answers (result, every file's diagnostics,
// the site map) and hands them to the shell (a ResultSink) to draw.
//
// Live evaluation: a change starts a refresh at once unless one is running;
// changes made meanwhile coalesce into one more refresh after it (and the
// client drops superseded evaluations), so typing never queues.
//
// Fetch only what is drawn: a keystroke asks every section's summary (name,
// lock state) plus the elements of the sections being drawn (the visible
// panel's, the one under the cursor, the focused one); the other sections
// keep the element of the last answer for the same path and defaults mode.
// When typing pauses (400 ms) one complete evaluation brings every element
// up to date, and fileDiagnostics refreshes the editor markers.
//
// Send only what changed: every section the engine answers carries a stamp
// (the same stamp: the same section, element included), and each request
// lists the stamps the page holds in the form it asks for (known); the
// engine answers those as {name, stamp, same} and the page keeps its own
// object. An edit changes a few sections; the other hundred and fifty are
// neither encoded, sent nor parsed again, and keep their identity, so the
// panels skip them.
//
// Send a keystroke before the editor has it: a typed character's text is
// predicted from its beforeinput (ui/codeeditor.ts, app/workspace.ts
// predict) and evaluated at once, ~3-8 ms before CodeMirror has read the
// change back from the page; its answer is drawn only once the editor's
// change confirms the prediction, and a change that differs is sent and
// drawn instead.
//
// Draw in the frame the answer arrives in: an evaluation's answer can be
// delivered inside a frame (engine/answerbuffer.ts); everything between
// the answer and the panels' new DOM then runs in that frame's microtasks,
// with no task between them, so it is painted in that very frame — the
// keystroke's own, when the engine answered before the browser drew the
// typed character.
import type { EvaluateArgs } from "../engine/protocol";
import type { Result, Diagnostic, SiteMap, Section } from "../model";
import type { Engine } from "../api";
import type { Editors } from "../ui/editor";
import type { Workspace } from "./workspace";
import { debounce, nextTask } from "../dom";
import { currentFrame } from "../frame";
import { sectionMatches } from "../ui/effective";
import { HEAVY_SECTIONS } from "./host";

/** Where the scheduler delivers what it fetched; the shell routes it to the views. */
export interface ResultSink {
  /** Sections the visible panel is drawing (their elements ride with every evaluation). */
  drawnSections(): Iterable<string>;
  /** The section filter (with defaults shown, only the filtered sections carry them). */
  filter(): string;
  /** Draw a new result (null: superseded; redraw the old one) and, in large mode, the path's diagnostics by file. */
  showResult(res: Result | null, fileDiags: boolean): Promise<void>;
  /** Resolves when the visible panel has finished drawing. */
  drawn(): Promise<void>;
  /** The evaluation is drawn: status line, readiness flag. */
  finished(): void;
  /** Every file's diagnostics arrived (editor markers, file tree, counts). */
  showFileDiagnostics(): void;
  showSiteMap(sm: SiteMap): void;
  failed(message: string): void;
}

export class Scheduler {
  /** The latest evaluation of the chosen path. */
  result: Result | null = null;
  /** Every file's diagnostics by lower-case path. */
  fileDiags = new Map<string, Diagnostic[]>();
  siteMap: SiteMap | null = null;
  siteMapStale = true;
  /** Grows with every refresh; answers for an older one are dropped. */
  gen = 0;
  // Measurements (tests and the bench read them through window.iisconfApp).
  lastEvalMs = 0;
  phases: number[][] = []; // [send edits, engine, draw] ms per refresh (last 100)
  refreshes = 0; // completed refreshes
  latencies: number[] = []; // keystroke → panels drawn, ms (last 100)
  ownFrames: boolean[] = []; // per latency: the panels were drawn in the keystroke's own frame
  keyFrames: number[] = []; // keystroke → its own frame (what the typed character waits for), ms (last 100)
  /** The last keydown in an editor, until an edit shows it typed something: when, and its own frame's time (NaN until that frame). */
  private key: Keystroke | null = null;
  /** Keystrokes that edited, not yet measured: the next drawn refresh that sends their edits measures each. */
  private typed: Keystroke[] = [];

  private resultKey = ""; // path|defaults of this.result
  private needComplete = true;
  private completeLater = debounce(() => {
    this.needComplete = true;
    this.schedule();
  }, 400);
  private siteMapLater = debounce(() => void this.refreshSiteMap(), 400);
  private running = false;
  private again = false;
  private kick = false;

  constructor(
    private engine: Engine,
    private ws: Workspace,
    private editors: Editors,
    private sink: ResultSink,
  ) {}

  /**
   * A key was pressed in an editor (its keydown). Its own frame is the
   * first one after it, the frame that shows the typed character.
   */
  keystroke(): void {
    const k = { at: performance.now(), frame: NaN };
    this.key = k;
    requestAnimationFrame((t) => {
      k.frame = t;
      last100(this.keyFrames, performance.now() - k.at);
    });
  }

  /**
   * The editors changed: the last keydown typed something, and is measured
   * (keystroke → panels drawn) by the refresh that sends it. Keys that edit
   * nothing (arrows, Shift) are not measured.
   */
  edited(): void {
    if (!this.key) return;
    this.typed.push(this.key);
    this.key = null;
  }

  /** Evaluates soon: at once, or after the running refresh. */
  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // A microtask, not a timer: the edit reaches the worker before the
    // browser paints the keystroke, so the engine works during the paint.
    if (!this.kick) {
      this.kick = true;
      queueMicrotask(() => void this.runRefresh());
    }
  }

  /** The next refresh is complete (every element, file diagnostics): a path, load or defaults change. */
  scheduleComplete(): void {
    this.needComplete = true;
    this.schedule();
  }

  /** A new workspace: forget every answer about the old one. */
  reset(): void {
    this.siteMapStale = true;
    this.siteMap = null;
    this.resultKey = "";
    this.needComplete = true;
  }

  /** The engine worker was restarted: its stamps start afresh, so the next evaluation asks for everything. */
  restarted(): void {
    this.resultKey = "";
    this.needComplete = true;
  }

  /**
   * Draws an answer the engine did not compute now (the build's first
   * answer, app/first.ts) as if a complete refresh had fetched it: the
   * result for the workspace's path, every file's diagnostics and the site
   * map. Nothing is left to fetch for them.
   */
  async adopt(res: Result, fileDiags: Record<string, Diagnostic[]>, siteMap: SiteMap): Promise<void> {
    this.gen++;
    this.result = res;
    this.resultKey = `${this.ws.path}|${!!this.ws.view.defaults}`;
    this.needComplete = false;
    this.fileDiags = byLowerPath(fileDiags);
    this.siteMap = siteMap;
    this.siteMapStale = false;
    await this.sink.showResult(res, false);
    this.sink.showFileDiagnostics();
    this.sink.showSiteMap(siteMap);
    this.sink.finished();
  }

  private async runRefresh(): Promise<void> {
    this.kick = false;
    this.running = true;
    try {
      await this.refresh();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }

  async refresh(): Promise<void> {
    const gen = ++this.gen;
    const t0 = performance.now();
    // The keystrokes whose edits this refresh sends (each measured once drawn).
    const keys = this.typed.slice();
    // Every edited file rides with the evaluation (EvaluateArgs.edits): the
    // worker applies them and evaluates in one message, without waiting for
    // the main thread between the two (it is busy painting the keystroke).
    const edits = this.ws.takeEdits();
    // Whether the editor confirms a predicted keystroke the engine has (see below).
    const ahead = this.ws.aheadSettled();
    const t1 = performance.now();
    let res: Result | null;
    let fd: Record<string, Diagnostic[]> | null = null;
    const key = this.resultKey;
    const want = `${this.ws.path}|${!!this.ws.view.defaults}`;
    const complete = this.needComplete || key !== want || !this.result;
    this.needComplete = false;
    // fileDiagnostics checks every file: it runs when typing pauses (the
    // complete refresh), and never for a hosting server, where large mode
    // marks the diagnostics of the chosen path only. The worker answers it
    // after the evaluation, and the panels are drawn without waiting for
    // it: the editors' markers follow a moment later.
    let later: Promise<Record<string, Diagnostic[]> | null> | null = null;
    try {
      const evaluated = complete ? this.fetchComplete(edits) : this.fetchLive(edits);
      if (complete && !this.ws.large) {
        later = this.engine.fileDiagnostics();
        later.catch(() => {}); // reported by the await below
      }
      res = await evaluated;
      if (res && !complete) res = keepElements(res, key === want ? this.result : null);
      if (res) this.resultKey = want;
      if (!complete) this.completeLater();
      if (this.ws.large && res) {
        fd = {};
        for (const d of res.diagnostics) if (d.file) (fd[d.file] ??= []).push(d);
      }
    } catch (e) {
      // An engine that failed may have been rebuilt (its stamps anew): the
      // next evaluation asks for everything.
      this.restarted();
      if (gen === this.gen) this.sink.failed((e as Error).message);
      return;
    }
    // The engine was sent a keystroke's predicted text (app/workspace.ts
    // predict): its answer is drawn once the editor has made that very
    // change, never otherwise (the refresh that sends the editor's text
    // follows).
    if (ahead && !(await ahead)) return;
    // The site map can be big (10,000 sites) and changes only with
    // applicationHost.config: fetch it on load, and after typing pauses.
    if (this.siteMapStale) {
      if (!this.siteMap) void this.refreshSiteMap();
      else this.siteMapLater();
    }
    // A hosting server's answer is megabytes of JSON: parsed in the task
    // that received it, drawn in the next, so neither runs long. An answer
    // delivered in a frame is a small one (it fit the shared buffer): it is
    // drawn in that frame.
    if (this.ws.large && currentFrame() === null) await nextTask();
    if (gen !== this.gen) return;
    const t2 = performance.now();
    if (fd) this.fileDiags = byLowerPath(fd);
    if (res) this.result = res;
    await this.sink.showResult(res, !!fd);
    this.lastEvalMs = performance.now() - t0;
    this.phases.push([t1 - t0, t2 - t1, performance.now() - t2]);
    if (this.phases.length > 100) this.phases.shift();
    if (keys.length) {
      // Keystroke → the frame that draws the panels: this one when the
      // panels were drawn inside a frame (the time now, after the drawing,
      // before the paint), else the next one (its time when its callbacks
      // start, after the drawing, before the paint). A keystroke typed
      // while an earlier one's refresh ran is measured until the panels
      // show its edit too, not by the earlier refresh.
      this.typed = this.typed.filter((k) => !keys.includes(k));
      await this.sink.drawn();
      const measure = (frame: number) => {
        const now = performance.now();
        for (const k of keys) {
          last100(this.latencies, now - k.at);
          last100(this.ownFrames, frame === k.frame);
        }
      };
      const frame = currentFrame();
      if (frame !== null) measure(frame);
      else requestAnimationFrame(measure);
    }
    this.sink.finished();
    if (later) {
      try {
        const all = await later;
        if (all && gen === this.gen) {
          this.fileDiags = byLowerPath(all);
          this.sink.showFileDiagnostics();
        }
      } catch (e) {
        if (gen === this.gen) this.sink.failed((e as Error).message);
      }
    }
    this.refreshes++;
  }

  /** The sections being drawn: their elements are fetched per keystroke. */
  liveSections(): Set<string> {
    const out = new Set<string>(this.sink.drawnSections());
    const names = new Set((this.result?.sections ?? []).map((s) => s.name));
    // The section under the cursor: <location> and <configuration> wrap
    // sections, section groups are not sections themselves.
    let els = this.editors.elementPath();
    if (els[0] === "configuration") els = els.slice(1);
    if (els[0] === "location") els = els.slice(1);
    for (let i = 1; i <= els.length; i++) {
      const n = els.slice(0, i).join("/");
      if (names.has(n)) out.add(n);
    }
    if (this.ws.view.section) out.add(this.ws.view.section);
    if (this.ws.large) for (const n of HEAVY_SECTIONS) out.delete(n);
    return out;
  }

  private fetchLive(edits: EvaluateArgs["edits"]): Promise<Result | null> {
    return this.evaluate({ path: this.ws.path, noDefaults: !this.ws.view.defaults, elements: [...this.liveSections()], edits });
  }

  /** Every element the panels may draw (with defaults: only the filtered sections when filtering). */
  private async fetchComplete(edits: EvaluateArgs["edits"]): Promise<Result | null> {
    const path = this.ws.path;
    const noDefaults = !this.ws.view.defaults;
    const filter = this.sink.filter();
    const narrow = this.ws.view.defaults && filter;
    if (!this.ws.large && !narrow) return this.evaluate({ path, noDefaults, edits });
    const sum = await this.evaluate({ path, summary: true, edits });
    if (!sum) return null;
    const names = sum.sections.map((s) => s.name).filter((n) => !(this.ws.large && HEAVY_SECTIONS.includes(n)) && (!narrow || sectionMatches(n, filter)));
    return this.evaluate({ path, noDefaults, elements: names });
  }

  /**
   * An evaluation with stamps, naming the sections the page holds in the
   * form asked (known); the engine's {same} answers are replaced by the
   * page's own objects. Only the held result for the same path and
   * defaults mode counts (the elements depend on both).
   */
  private async evaluate(args: EvaluateArgs): Promise<Result | null> {
    const held = this.resultKey === `${args.path}|${!args.noDefaults}` ? this.result : null;
    const byName = new Map<string, Section>();
    const known: number[] = [];
    if (held) {
      const detail = args.summary ? new Set<string>() : args.elements ? new Set(args.elements) : null; // null: every element
      for (const s of held.sections) {
        if (!s.stamp) continue;
        // A held element is what the engine would send for its stamp; a
        // held summary only when no element is asked for.
        if (s.element || (detail && !detail.has(s.name))) {
          known.push(s.stamp);
          byName.set(s.name, s);
        }
      }
    }
    const res = await this.engine.evaluate({ ...args, stamps: true, ...(known.length ? { known } : {}) });
    if (!res || !known.length) return res;
    let missing = false;
    res.sections = res.sections.map((s) => {
      if (!s.same) return s;
      const own = byName.get(s.name);
      if (own && own.stamp === s.stamp) return own;
      missing = true;
      return s;
    });
    // Never expected (the engine answers same only for stamps it was
    // given): ask again for everything rather than draw a stub.
    if (missing) return this.engine.evaluate({ ...args, stamps: true });
    return res;
  }

  async refreshSiteMap(): Promise<void> {
    this.siteMapStale = false;
    const sm = await this.engine.siteMap();
    if (!sm) return;
    if (this.ws.large) await nextTask(); // parsing it was this task's work
    this.siteMap = sm;
    this.sink.showSiteMap(sm);
  }
}

/** A keystroke in an editor: its keydown's time, and its own frame's (NaN until that frame). */
interface Keystroke {
  at: number;
  frame: number;
}

function last100<T>(xs: T[], x: T): void {
  xs.push(x);
  if (xs.length > 100) xs.shift();
}

function byLowerPath(fd: Record<string, Diagnostic[]>): Map<string, Diagnostic[]> {
  return new Map(Object.entries(fd).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * A live answer has elements for the sections asked only; the others keep
 * their element from the previous answer (same path and mode). An unchanged
 * section keeps its very object, so the views skip it.
 */
export function keepElements(res: Result, prev: Result | null): Result {
  if (!prev) return res;
  const old = new Map(prev.sections.map((s) => [s.name, s]));
  res.sections = res.sections.map((s) => {
    if (s.element) return s;
    const p = old.get(s.name);
    if (!p || !p.element) return s;
    // A new summary with the old element is no answer the engine gave: it
    // carries no stamp, so the next evaluation fetches it whole.
    return summarySig(p) === summarySig(s) ? p : { ...s, element: p.element, stamp: undefined };
  });
  return res;
}

/** A section's model without its element and inputs, to compare summaries. */
const sigs = new WeakMap<object, string>();
function summarySig(s: Section): string {
  let v = sigs.get(s);
  if (v === undefined) {
    v = JSON.stringify({ ...s, element: null, inputs: undefined, stamp: undefined });
    sigs.set(s, v);
  }
  return v;
}
