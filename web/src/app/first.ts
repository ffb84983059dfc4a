// first.ts: the build's first answer. A first visit (no share link, no
// autosave, no ?sample=) opens the stock server at Default Web Site; the
// build evaluates exactly that natively, with the engine's own ops, and
// ships it as a JSON file that index.html preloads (build/firstanswer.go).
// The page draws it with the same panel code as any answer, long before the
// engine wasm has downloaded and compiled; when the engine is ready it
// loads the same stock files and takes over, and editing opens then.
import type { Diagnostic, Result, SiteMap } from "../model";
import type { FileState } from "../engine/protocol";
import type { App } from "./app";
import type { Engine } from "../api";
import { afterPaint } from "../dom";
import { needsEngineAtOnce } from "../visit";
import { takeFirstAnswer } from "../firstfetch";
import { showWelcome } from "../dialogs/welcome";
import { mayAutosave } from "../workspacemeta";

declare const __IISCONF_FIRST_URL__: string;

export interface FirstAnswer {
  /** The build it came from: the engine of the same build answers identically. */
  build: string;
  path: string;
  stock: { files: FileState[]; env: Record<string, string> };
  result: Result;
  fileDiagnostics: Record<string, Diagnostic[]>;
  siteMap: SiteMap;
}

/**
 * The first answer, or null when there is none (a build without it, a
 * failed fetch). The first call takes the one asked for when this module
 * was evaluated (early), so that its download and parse overlap the
 * building of the page; later calls fetch their own (from the cache).
 */
export function firstAnswer(): Promise<FirstAnswer | null> {
  const a = early ?? fetchFirstAnswer();
  early = null;
  return a;
}

async function fetchFirstAnswer(): Promise<FirstAnswer | null> {
  if (typeof __IISCONF_FIRST_URL__ !== "string") return null;
  try {
    // Asked for by the page's first script on a first visit (firstfetch.ts), else here.
    let a = (await takeFirstAnswer(__IISCONF_FIRST_URL__)) as FirstAnswer | null;
    if (!a) {
      // credentials as the preload's (crossorigin), so the preloaded response is used.
      const r = await fetch(__IISCONF_FIRST_URL__, { credentials: "same-origin" });
      if (!r.ok) return null;
      a = (await r.json()) as FirstAnswer;
    }
    return a && a.result && Array.isArray(a.stock?.files) ? a : null;
  } catch {
    return null;
  }
}

// A first visit draws it and a link's files are decoded against its stock
// files (index.html preloads it on every visit); an autosave or a sample
// does not read it.
let early: Promise<FirstAnswer | null> | null = !needsEngineAtOnce() || location.hash.length > 1 ? fetchFirstAnswer() : null;

/** The stock server's files as the build's first answer carries them (the engine's stock op answers the same), else the engine's. */
export async function stockOfFirstAnswer(engine: Engine): Promise<{ files: FileState[]; env?: Record<string, string> } | null> {
  return (await firstAnswer())?.stock ?? engine.stock();
}

/**
 * Draws the build's first answer (firstAnswer) and keeps the editors
 * read-only until the engine takes over. Returns the engine's load of the
 * same stock server, asked at once so that it comes before anything the
 * user does meanwhile (a file added, a path typed: the client sends calls
 * in order once the engine is up); null when there is no first answer,
 * and the visit waits for the engine as before.
 */
export async function drawFirstAnswer(app: App): Promise<{ engineLoaded: Promise<unknown> } | null> {
  const a = await firstAnswer();
  if (!a) {
    releaseFirstFrame();
    return null;
  }
  const loaded = app.engine.loadStock();
  try {
    return await drawAnswer(app, a, loaded);
  } catch (e) {
    releaseFirstFrame();
    // A shipped answer the page cannot draw must not cost the visit its
    // engine (started only once the answer is on screen): the visit goes
    // on as one without a first answer, which loads the stock server itself.
    console.error("iisconf: the build's first answer could not be drawn", e);
    app.editors.setWaiting(false);
    app.engine.start();
    return null;
  }
}

async function drawAnswer(app: App, a: FirstAnswer, loaded: Promise<unknown>): Promise<{ engineLoaded: Promise<unknown> }> {
  const ws = app.workspace;
  ws.replace({ version: 1, files: a.stock.files, env: a.stock.env, path: a.path, view: { panel: "effective" } });
  app.layout.sampleBox.hidden = true;
  app.layout.defaultsBox.checked = false;
  app.layout.filterBox.value = "";
  app.layout.pathBox.value = ws.path;
  app.scheduler.reset();
  app.editors.reset(ws.files);
  app.editors.setWaiting(true);
  app.showPanel("effective");
  // The ways in, in this frame: drawn once the engine is ready, the
  // welcome pushed the answer down under the reader (dialogs/welcome.ts).
  showWelcome(app);
  await app.scheduler.adopt(a.result, a.fileDiagnostics, a.siteMap);
  await app.panels.onScreen();
  releaseFirstFrame();
  // The answer is on screen: now the engine may download and compile (it
  // competed with the drawing for the processor), and the editor opens
  // the file that matters: in a read-only stand-in until CodeMirror's
  // chunk, whose download starts now, is here (ui/editor.ts).
  await afterPaint();
  app.engine.start();
  app.openFile(app.fileThatMatters() ?? ws.defaultFile() ?? "");
  app.layout.showStatusText("Starting the engine… editing opens when it is ready");
  return { engineLoaded: loaded };
}

/** The longest a first visit's page stays undrawn waiting for the build's answer (a slow link): then the shell shows without it. */
const HOLD_MS = 400;
let held: ReturnType<typeof setTimeout> | null = null;

/**
 * Keeps a first visit's page undrawn until the build's answer is in it
 * (releaseFirstFrame), for at most HOLD_MS: the page's frame (header,
 * trees, editor, panels) was otherwise drawn empty first, a layout and a
 * paint of its own, and the answer in the frame after it. Called in the
 * task that built the shell, before anything could draw it.
 */
export function holdFirstFrame(): void {
  const root = document.getElementById("app");
  if (!root || held) return;
  root.hidden = true;
  held = setTimeout(releaseFirstFrame, HOLD_MS);
}

/** The page may be drawn (holdFirstFrame): the answer is in it, or it will not come. */
export function releaseFirstFrame(): void {
  if (!held) return;
  clearTimeout(held);
  held = null;
  const root = document.getElementById("app");
  if (root) root.hidden = false;
}

/** The engine holds the drawn workspace: editing opens. */
export function engineTookOver(app: App): void {
  app.editors.setWaiting(false);
  app.layout.showStatus(app.workspace.files.length, app.result, null, mayAutosave(app.meta));
}
