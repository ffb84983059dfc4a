// model.ts: the engine's JSON model (README "The JSON model"), read-only.
// The types are generated from the Go side (web/src/gen/model.ts from
// engine/model and engine/diag; the tools ops' results in web/src/gen/tools.ts);
// fields may be added by later model versions, and the UI tolerates
// unknown ones. Sample is the worker's own (samples.json).
export type * from "./gen/model";
export type {
  PoolConfigResult,
  PoolRule,
  PoolRuleItem,
  PoolLineRange,
  MetabaseResult,
  MetabaseHistory,
  MbTreeNode,
  MbEffectiveKey,
  MbEffectiveProperty,
  MbMapping,
  MbEquivalent,
  MbHistoryEntry,
} from "./gen/tools";
export type { EditorDiagnostic, EditorPos } from "./gen/ops";

/** A course sample as the samples op returns it (build/samplesjson.go, without the workspaces). */
export interface Sample {
  name: string;
  title: string;
  group: string; // lesson | reproduction
  module: string; // a lesson's module: where | merging | delegation | operations
  exercises: string; // a reproduction's lesson
  order: number;
  open: string;
  view: string;
  section: string;
  sections: string[]; // every section its checks are about
  explanation: string[];
  evidence: string;
  words: { term: string; meaning: string }[];
  caveats: { id: string; text: string }[];
  codes: string[]; // the HRESULTs it shows
  diff: string; // its change to the stock server
  steps: SampleStep[];
}

/** A "Try it" or a fix of a sample. */
export interface SampleStep {
  name: string;
  kind: "try" | "fix";
  title: string;
  explanation: string[];
  from?: string;
  appcmd?: string;
  output?: string;
  diff: string;
}

export function normSample(s: any): Sample {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const arr = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    name: str(s.name),
    title: str(s.title) || str(s.name),
    group: str(s.group),
    module: str(s.module),
    exercises: str(s.exercises),
    order: Number(s.order ?? 0),
    open: str(s.open),
    view: str(s.view),
    section: str(s.section),
    sections: arr(s.sections).map(String),
    explanation: arr(s.explanation).map(String),
    evidence: str(s.evidence),
    words: arr(s.words).map((w: any) => ({ term: str(w?.term), meaning: str(w?.meaning) })),
    caveats: arr(s.caveats).map((c: any) => ({ id: str(c?.id), text: str(c?.text) })),
    codes: arr(s.codes).map(String),
    diff: str(s.diff),
    steps: arr(s.steps).map((t: any) => ({
      name: str(t?.name),
      kind: t?.kind === "fix" ? "fix" : "try",
      title: str(t?.title),
      explanation: arr(t?.explanation).map(String),
      from: str(t?.from) || undefined,
      appcmd: str(t?.appcmd) || undefined,
      output: str(t?.output) || undefined,
      diff: str(t?.diff),
    })),
  };
}
