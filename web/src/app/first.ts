// first.ts: the build's first answer. A first visit (no share link, no
// autosave, no ?sample=) opens the stock server at Default Web Site; the
// build evaluates exactly that natively, with the engine's own ops, and
// ships it as a JSON file that index.html preloads (build/firstanswer.go).
// The page draws it with the same panel code as any answer, long before the
// engine wasm has downloaded and compiled; when the engine is ready it
// loads the same stock files and takes over, and editing opens then.
import type { Diagnostic, Result, SiteMap } from "../model";
import type { FileState } from "../engine/protocol";

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

/** The first answer, or null when there is none (a build without it, a failed fetch). */
export async function firstAnswer(): Promise<FirstAnswer | null> {
  if (typeof __IISCONF_FIRST_URL__ !== "string") return null;
  try {
    // credentials as the preload's (crossorigin), so the preloaded response is used.
    const r = await fetch(__IISCONF_FIRST_URL__, { credentials: "same-origin" });
    if (!r.ok) return null;
    const a = (await r.json()) as FirstAnswer;
    return a && a.result && Array.isArray(a.stock?.files) ? a : null;
  } catch {
    return null;
  }
}
