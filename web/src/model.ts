// model.ts: the engine's JSON model (README "The JSON model"), read-only.
// Fields may be added by later model versions; the UI tolerates unknown ones.

export interface Source {
  file: string;
  line: number;
  column?: number;
  locationPath?: string;
  locationLine?: number;
  target?: string;
  level?: string;
  note?: string;
}

export interface Note {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  id: string;
  severity: "error" | "warning";
  hresult: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  configPath?: string;
  section?: string;
  phase: string;
  notes?: Note[];
  /** the UNCERTAIN(<id>) rule the diagnostic rests on, when iisconf chose its text or condition without a confirming capture */
  uncertain?: string;
}

export interface Attribute {
  value: string;
  raw?: string;
  expanded?: string;
  origin: "explicit" | "default";
  defaultFrom?: string;
  file?: string;
  line?: number;
  column?: number;
  locationPath?: string;
  target?: string;
  locked?: boolean;
  encrypted?: boolean;
}

export interface Locks {
  attributes?: string[];
  elements?: string[];
  item?: boolean;
  sources?: Source[];
}

export interface Element {
  name: string;
  attributes: Record<string, Attribute>;
  elements: Record<string, Element>;
  elementOrder?: string[];
  collection: Element[];
  source?: Source;
  locks?: Locks;
  removed?: { key: string; directive: string; source: Source }[];
}

export interface Input extends Source {
  applied: boolean;
  why?: string;
}

export interface Section {
  name: string;
  overrideModeEffective: string;
  isLocked: boolean;
  lockReason?: { summary: string; steps: Source[] };
  noSchema?: boolean;
  encrypted?: boolean;
  declaration?: Source;
  allowDefinition?: string;
  overrideModeDefault?: string;
  element: Element | null;
  inputs?: Input[];
}

export interface Level {
  configPath: string;
  file?: string;
  candidate?: string;
  builtin?: boolean;
  skipped?: string;
  note?: string; // why this file is the one read (shared configuration, at APPHOST)
}

export interface Mapping {
  site: string;
  siteId: number;
  appPath: string;
  appPool: string;
  vdirPath: string;
  urlPath: string;
  physicalPath: string;
  physicalPathExpanded: string;
  noPhysicalPath?: boolean;
}

export interface Page {
  status: number;
  subStatus: number;
  module: string;
  notification: string;
  handler: string;
  errorCode: string;
  configError: string;
  configFile: string;
  requestedUrl: string;
  physicalPath: string;
  logonMethod: string;
  logonUser: string;
  source: { number: number; text: string; error?: boolean }[];
}

export interface HttpResponse {
  status: number;
  subStatus: number;
  diagnostic?: Diagnostic;
  page?: Page;
  text: string;
}

export interface Result {
  version: number;
  configPath: string;
  mapping?: Mapping;
  chain: Level[];
  sections: Section[];
  diagnostics: Diagnostic[];
  response?: HttpResponse;
}

export interface Vdir {
  path: string;
  physicalPath: string;
  physicalPathExpanded: string;
  allowSubDirConfig: boolean;
  source: Source;
}
export interface App {
  path: string;
  applicationPool: string;
  enabledProtocols: string;
  virtualDirectories: Vdir[];
  source: Source;
}
export interface Site {
  name: string;
  id: number;
  serverAutoStart: boolean;
  bindings: { protocol: string; bindingInformation: string }[];
  applications: App[];
  source: Source;
}
export interface SiteMap {
  sites: Site[];
  pools: { name: string; source: Source }[];
}

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

// ------------------------------------------------ pool view (poolConfig op)

export interface PoolRuleItem {
  kind: string; // add (pool), site, application, location, section
  name: string;
  line: number; // in the source applicationHost.config
  note?: string;
}

export interface PoolRule {
  id: string;
  summary: string;
  count: number;
  items: PoolRuleItem[];
  evidence: string;
  uncertain: boolean;
}

/** The applicationHost.config a pool's worker process reads (engine/poolconfig). */
export interface PoolConfigResult {
  pool?: string;
  path?: string; // where WAS writes the copy
  sourcePath?: string; // the applicationHost.config filtered (shared configuration honoured)
  text?: string;
  rules?: PoolRule[];
  pools?: string[];
  removed?: { start: number; end: number }[]; // cut line ranges of the source, 1-based inclusive
  error?: string;
  knownPools?: string[]; // with error: the pools the file defines
}

// ------------------------------------------- metabase mode (metabase op)

export interface MbDiagnostic {
  id: string;
  severity: "error" | "warning";
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface MbTreeNode {
  name: string;
  location: string;
  keyType?: string;
  implicit?: boolean;
  line?: number;
  properties: number;
  iis7Path?: string;
  children: MbTreeNode[];
}

export interface MbProperty {
  name: string;
  id?: number;
  type: string;
  value: string;
  flags?: string[];
  values?: string[];
  inherit: boolean;
  kind: string;
  custom?: boolean;
  unknown?: boolean;
  line: number;
  column: number;
  from: string; // the key that set it
  inherited: boolean;
}

export interface MbEquivalent {
  property: string;
  from: string;
  configPath: string;
  section: string;
  xml: string;
  note?: string;
}

export interface MbEffectiveKey {
  location: string;
  keyType: string;
  exists: boolean;
  properties: MbProperty[];
  mapping?: { configPath: string; site?: string; siteId?: string; path?: string; note?: string };
  equivalents: MbEquivalent[];
}

export interface MetabaseResult {
  file: string;
  schema: string;
  diagnostics: MbDiagnostic[];
  tree: MbTreeNode[];
  key?: MbEffectiveKey;
  history?: { entries: { major: number; minor: number; metabase?: string; mbschema?: string }[]; diagnostics: MbDiagnostic[] };
}
